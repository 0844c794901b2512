"""A broken ``cables.csv``: a row cut off at the end, a quote left open, a header row.
Each is reported with its row and line, and reading picks up again at the next row."""

from __future__ import annotations

import io

import cableformat
from cableformat import ReadError

from .test_readers import csv_row


def read(data: str) -> tuple[list[cableformat.Record], list[ReadError]]:
    problems: list[ReadError] = []
    source = io.BytesIO(data.encode("utf-8"))
    records = list(cableformat.read_csv(source, on_error=problems.append))
    return records, problems


def test_a_quote_left_open_does_not_swallow_the_rows_after_it() -> None:
    row = csv_row(2)
    broken = row[: row.rindex('"')] + "\n"  # the body's closing quote lost
    data = csv_row(1) + broken + csv_row(3) + csv_row(4)
    records, problems = read(data)
    assert [r.row for r in records] == [1, 3, 4]
    (problem,) = problems
    assert problem.row == 2
    assert problem.line == 1 + csv_row(1).count("\n")
    assert "quote left open" in problem.message
    # The rows after it start on their own lines, as if row 2 had been whole.
    assert records[1].line == 1 + (csv_row(1) + csv_row(2)).count("\n")
    assert records[1].cable == read(csv_row(3))[0][0].cable


def test_a_row_cut_off_at_the_end_of_the_file_is_reported() -> None:
    whole = csv_row(1) + csv_row(2)
    records, problems = read(whole[: len(whole) - 20])
    assert [r.row for r in records] == [1]
    (problem,) = problems
    assert (problem.row, problem.line) == (2, 1 + csv_row(1).count("\n"))
    assert "ends inside this row" in problem.message


def test_a_header_row_is_reported_and_the_data_rows_read() -> None:
    header = '"row","date","reference_id","origin","classification","references","header","body"\n'
    records, problems = read(header + csv_row(1) + csv_row(2))
    assert [r.row for r in records] == [2, 3]
    (problem,) = problems
    assert (problem.row, problem.line) == (1, 1)
    assert "not a data row" in problem.message


def test_a_row_with_a_column_lost_is_reported_alone() -> None:
    broken = csv_row(2).replace('"Embassy Atlantis",', "", 1)
    records, problems = read(csv_row(1) + broken + csv_row(3))
    assert [r.row for r in records] == [1, 3]
    assert [(p.row, p.message) for p in problems] == [(2, "expected 8 columns, found 7")]


def test_a_whole_file_reads_as_before() -> None:
    data = "".join(csv_row(n) for n in range(1, 6))
    records, problems = read(data)
    assert problems == []
    assert [r.row for r in records] == [1, 2, 3, 4, 5]
    assert [r.line for r in records] == [1 + csv_row(1).count("\n") * k for k in range(5)]
