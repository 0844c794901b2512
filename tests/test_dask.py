"""The Dask recipe of docs/dask.md, run as written; records and cables across processes."""

from __future__ import annotations

import ast
import importlib
import io
import json
import multiprocessing
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import dask
import pytest

import cableformat
from cableformat import Record
from cableformat._cli import main

from .conftest import ROOT
from .test_readers import csv_row

DOCS = ROOT / "docs" / "dask.md"
SCRIPT = "cables_dask.py"

# --- a dump of the tests' own -------------------------------------------------------------

HEADER = "R 141230Z FEB 09\nFM AMEMBASSY ATLANTIS\nTO SECSTATE WASHDC {serial}"

BODY = """\
C O N F I D E N T I A L ATLANTIS {serial:06d}

E.O. 12958: DECL: 02/14/2019
TAGS: PREL, PGOV
SUBJECT: CABLE {serial} FOR THE DASK RECIPE

1. (C) {text}
"""


def row(number: int, serial: int, text: str, *, newline: str = "\n") -> str:
    header = HEADER.format(serial=serial).replace("\n", newline)
    body = BODY.format(serial=serial, text=text).replace("\n", newline)
    return csv_row(number, header, body, reference_id=f"09ATLANTIS{serial}")


# (the file the row gives, or None; the row's bytes).  Rows are cut three to a partition
# below: the repeated reference id falls in another partition than the first, and the
# long row ends a partition.
LONG = "A body longer than the csv module's default field limit. " * 2500
LISTED: list[tuple[str | None, str | bytes]] = [
    ("09ATLANTIS1", row(1, 1, 'He called it "BOLD".\n2. (C) The envoy\'s reply \\ short.')),
    ("09ATLANTIS2", row(2, 2, "Quoted:\n1,12/28/1966 18:48,A LINE THAT LOOKS LIKE A ROW")),
    ("cables-row3", csv_row(3, "", "1. (U) A PARAGRAPH WITHOUT A HEADER\n", reference_id="")),
    (None, b"\n"),  # a blank line: not a row
    ("09ATLANTIS1-2", row(4, 1, "The same reference id again.")),
    (None, csv_row(5, columns=7)),
    ("09ATLANTIS6", row(6, 6, LONG + "  ")),
    ("09ATLANTIS7", row(7, 7, "Windows line ends.", newline="\r\n")),
    ("09ATLANTIS8", row(8, 8, "The minister’s “BOLD” plan.").encode("cp1252")),
    ("09ATLANTIS9", row(9, 9, "The last row has no final line break.").rstrip("\n")),
]
ROWS = [(name, data if isinstance(data, bytes) else data.encode()) for name, data in LISTED]
PROBLEM_ROW = 5
FILES = [name + ".xml" for name, _ in ROWS if name is not None]


def write_dump(path: Path) -> Path:
    path.write_bytes(b"".join(data for _, data in ROWS))
    return path


def records(dump: Path) -> list[Record]:
    """What cableformat.read_csv gives for the dump, the malformed row left out."""
    problems: list[cableformat.ReadError] = []
    found = list(cableformat.read_csv(dump, on_error=problems.append))
    assert [problem.row for problem in problems] == [PROBLEM_ROW]
    return found


# --- the recipe, as the page has it ---------------------------------------------------------


def recipe_code() -> str:
    text = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(rf'^```python title="{SCRIPT}"\n(.*?)^```$', text, re.M | re.S)
    assert len(blocks) == 1
    return str(blocks[0])


@pytest.fixture(scope="module")
def recipe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The page's script, imported from a folder on sys.path (which spawned workers get)."""
    folder = tmp_path_factory.mktemp("recipe")
    (folder / SCRIPT).write_text(recipe_code(), encoding="utf-8")
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(Path(SCRIPT).stem)
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop(Path(SCRIPT).stem, None)


def test_the_recipe_uses_only_the_public_api() -> None:
    tree = ast.parse(recipe_code())
    modules = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    modules |= {str(node.module) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {"cableformat", "dask.bag", "dask.distributed"} <= modules
    assert not [name for name in modules if name.startswith("cableformat.")]
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "cableformat"
    }
    assert used == {"ReadError", "Record", "collection_exporter", "export", "exporter", "read_csv"}
    assert set(used) <= set(cableformat.__all__)


def test_split_cuts_whole_rows_and_keeps_every_byte(recipe: ModuleType, tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "cables.csv")
    parts = recipe.split_csv(str(dump), str(tmp_path / "parts"), 3)
    pieces = [Path(part.path).read_bytes() for part in parts]
    assert b"".join(pieces) == dump.read_bytes()
    assert [part.rows_before for part in parts] == [0, 3, 6]
    assert [part.lines_before for part in parts] == [
        b"".join(pieces[:n]).count(b"\n") for n in range(len(parts))
    ]
    # Each partition read alone gives the dump's records, rows and lines counted anew.
    whole = [(r.row, r.line, r.metadata, cableformat.dumps(r.cable)) for r in records(dump)]
    cut = []
    problems = []
    for part in parts:
        errors: list[cableformat.ReadError] = []
        for r in cableformat.read_csv(part.path, on_error=errors.append):
            place = (part.rows_before + (r.row or 0), part.lines_before + (r.line or 0))
            cut.append((*place, r.metadata, cableformat.dumps(r.cable)))
        problems += [
            (part.rows_before + (e.row or 0), part.lines_before + (e.line or 0)) for e in errors
        ]
    assert cut == whole
    assert problems == [(PROBLEM_ROW, dump.read_bytes().split(b'"5",')[0].count(b"\n") + 1)]
    assert next(r for r in records(dump) if r.row == 8).cable.encoding == "cp1252"


def test_split_of_an_empty_dump(recipe: ModuleType, tmp_path: Path) -> None:
    dump = tmp_path / "cables.csv"
    dump.write_bytes(b"")
    assert recipe.split_csv(str(dump), str(tmp_path / "parts"), 3) == []
    with dask.config.set(scheduler="synchronous"):
        assert recipe.convert_dump(str(dump), str(tmp_path / "out")) == []
    assert list((tmp_path / "out").iterdir()) == []


def converted_by_the_cli(dump: Path, out: Path) -> dict[str, bytes]:
    assert main(["convert", str(dump), "--to", "tei", "-o", str(out), "--jobs", "1"]) == 1
    report = json.loads((out / "cableformat-report.json").read_text())
    assert [failure["row"] for failure in report["failed"]] == [PROBLEM_ROW]
    return {p.name: p.read_bytes() for p in out.iterdir() if p.name != "cableformat-report.json"}


@pytest.mark.parametrize("scheduler", ["processes", "synchronous"])
def test_the_recipe_converts_as_the_cli_does(
    recipe: ModuleType, tmp_path: Path, scheduler: str
) -> None:
    dump = write_dump(tmp_path / "cables.csv")
    out = tmp_path / "dask"
    with dask.config.set(scheduler=scheduler, num_workers=2):
        problems = recipe.convert_dump(str(dump), str(out), rows=3)
    assert problems == [f"{dump}, row {PROBLEM_ROW}: expected 8 columns, found 7"]
    written = {p.name: p.read_bytes() for p in out.iterdir()}  # hidden files included
    assert sorted(written) == sorted(FILES)

    tei = cableformat.exporters()["tei"]
    for name, record in zip(FILES, records(dump), strict=True):
        back = tei.load(written[name])  # type: ignore[attr-defined]
        assert cableformat.dumps(back) == cableformat.dumps(record.cable), name

    assert written == converted_by_the_cli(dump, tmp_path / "cli")


def test_the_script_runs_from_the_command_line(recipe: ModuleType, tmp_path: Path) -> None:
    assert recipe.__file__ is not None
    dump = write_dump(tmp_path / "cables.csv")
    out = tmp_path / "out"
    env = {**os.environ, "DASK_NUM_WORKERS": "2"}
    command = [sys.executable, recipe.__file__, str(dump), str(out), "--rows", "4"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    assert done.stdout == f"failed: {dump}, row {PROBLEM_ROW}: expected 8 columns, found 7\n"
    written = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(written) == sorted(FILES)
    assert written == converted_by_the_cli(dump, tmp_path / "cli")


def parquet_tables(folder: Path) -> dict[str, list[dict[str, object]]]:
    """Every table's rows under ``folder``, in key order, whatever the part files."""
    import pyarrow.dataset as ds

    tables = {}
    for table in sorted(p.name for p in folder.iterdir() if p.is_dir()):
        rows = ds.dataset(folder / table).to_table().to_pylist()
        tables[table] = sorted(rows, key=lambda r: (r.get("key") or r["cable"], r.get("position")))
    return tables


@pytest.mark.parametrize("scheduler", ["processes", "synchronous"])
def test_the_recipe_writes_the_parquet_tables_as_the_cli_does(
    recipe: ModuleType, tmp_path: Path, scheduler: str
) -> None:
    dump = write_dump(tmp_path / "cables.csv")
    out = tmp_path / "dask"
    with dask.config.set(scheduler=scheduler, num_workers=2):
        problems = recipe.tables_dump(str(dump), str(out), rows=3)
    assert problems == [f"{dump}, row {PROBLEM_ROW}: expected 8 columns, found 7"]
    assert not (out / ".cables-dask").exists()
    cli = tmp_path / "cli"
    assert main(["convert", str(dump), "--to", "parquet", "-o", str(cli), "--jobs", "1"]) == 1
    written = parquet_tables(out)
    assert sorted(r["key"] for r in written["cables"]) == sorted(
        name for name, _ in ROWS if name is not None
    )
    assert written == parquet_tables(cli)
    # The parts are named as convert names its own: a later run adds to them.
    more = tmp_path / "more.csv"
    more.write_bytes(row(10, 10, "A row that came later.").encode())
    assert main(["convert", str(dump), str(more), "--to", "parquet", "-o", str(out)]) == 1
    report = json.loads((out / "cableformat-report.json").read_text())
    assert (report["converted"], report["skipped"]) == (1, len(FILES))


# --- records across processes ---------------------------------------------------------------


def text_and_bytes(record: Record) -> tuple[str, bytes]:
    """The record's text and bytes, as a worker process writes them."""
    buffer = io.BytesIO()
    cableformat.dump(record.cable, buffer)
    return cableformat.dumps(record.cable), buffer.getvalue()


def check_across_processes(found: list[Record]) -> None:
    here = [text_and_bytes(record) for record in found]
    for record, local in zip(found, here, strict=True):
        copy = pickle.loads(pickle.dumps(record))
        assert copy == record
        assert text_and_bytes(copy) == local
    # A fresh interpreter must import every class the records hold.
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        assert pool.map(text_and_bytes, found) == here
        assert [text_and_bytes(copy) for copy in pool.map(copy_of, found)] == here


def copy_of(record: Record) -> Record:
    return record


def test_csv_records_pickle_across_processes(tmp_path: Path) -> None:
    found = records(write_dump(tmp_path / "cables.csv"))
    assert {record.cable.encoding for record in found} == {"utf-8", "cp1252"}
    check_across_processes(found)


def test_corpus_records_pickle_across_processes(corpus: Path) -> None:
    texts = sorted((corpus / "cablegate" / "txt").glob("*.txt"))[:20]
    found = [record for path in texts for record in cableformat.read(path)]
    found += cableformat.read(corpus / "variants")  # the dump's rows, Latin-1 files, pages
    assert {"cp1252", "utf-8"} <= {record.cable.encoding for record in found}
    assert any(record.row for record in found)
    for record in found[:20]:
        assert text_and_bytes(record)[1] == Path(record.source).read_bytes()
    check_across_processes(found)


def test_a_quote_left_open_is_cut_where_read_csv_cuts_it(
    recipe: ModuleType, tmp_path: Path
) -> None:
    # Row 3's body opens a quote it never closes: read_csv cuts the row at the next row's
    # first line and reads on, so the partitions must cut there too.
    good = [row(n, n, f"Text {n}.").encode() for n in range(1, 7)]
    broken = good[2].rstrip(b'"\n') + b"\n"  # the body's closing quote lost
    dump = tmp_path / "cables.csv"
    dump.write_bytes(b"".join([*good[:2], broken, *good[3:]]))

    def read(path: str | Path) -> tuple[list[int | None], list[tuple[int | None, str]]]:
        errors: list[cableformat.ReadError] = []
        rows = [r.row for r in cableformat.read_csv(path, on_error=errors.append)]
        return rows, [(e.row, e.message) for e in errors]

    whole_rows, whole_errors = read(dump)
    assert whole_rows == [1, 2, 4, 5, 6] and [row for row, _ in whole_errors] == [3]
    parts = recipe.split_csv(str(dump), str(tmp_path / "parts"), 2)
    assert b"".join(Path(p.path).read_bytes() for p in parts) == dump.read_bytes()
    assert [p.rows_before for p in parts] == [0, 2, 4]
    cut_rows: list[int | None] = []
    cut_errors: list[int | None] = []
    for part in parts:
        rows, errors = read(part.path)
        cut_rows += [part.rows_before + (r or 0) for r in rows]
        cut_errors += [part.rows_before + (r or 0) for r, _ in errors]
    assert cut_rows == whole_rows and cut_errors == [3]
    with dask.config.set(scheduler="synchronous"):
        problems = recipe.convert_dump(str(dump), str(tmp_path / "dask"), rows=2)
    assert len(problems) == 1 and ", row 3: " in problems[0]
    assert main(["convert", str(dump), "--to", "tei", "-o", str(tmp_path / "cli"), "--jobs", "1"])
    cli = sorted(p.name for p in (tmp_path / "cli").glob("*.xml"))
    assert sorted(p.name for p in (tmp_path / "dask").glob("*.xml")) == cli
