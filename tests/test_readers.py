"""The input readers: viewer pages, cables.csv dumps, plain text, folders and stdin."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pickle
import sys
import tracemalloc
from pathlib import Path

import pytest

import cableformat
from cableformat import ReadError, Record, read, read_csv, read_html, read_text
from cableformat._readers import cable_text, raw_records

# --- small inputs written for these tests -----------------------------------------------

HEADER = """\
R 141230Z FEB 09
FM AMEMBASSY ATLANTIS
TO SECSTATE WASHDC 1234"""

BODY = """\
C O N F I D E N T I A L ATLANTIS 000042

E.O. 12958: DECL: 02/14/2019
TAGS: PREL, PGOV
SUBJECT: A SMALL CABLE FOR THE READER TESTS

1. (C) The minister called the plan "BOLD" and the envoy's reply \\ short.
ROE"""

TEXT = cable_text(HEADER, BODY)


def page(header: str, body: str, *, cells: tuple[str, ...] | None = None) -> str:
    """A cable-viewer page in the publisher's markup."""
    cells = cells or (
        "<a href='/cable/2009/02/09ATLANTIS42.html'>09ATLANTIS42</a>",
        "<a href='/date/2009-02_0.html'>2009-02-14 12:30</a>",
        "<a href='/reldate/2010-12-01_0.html'>2010-12-01 12:00</a>",
        "<a href='/classification/4_0.html' title='confidential'>CONFIDENTIAL</a>",
        "<a href='/origin/1_0.html'>Embassy Atlantis</a>",
    )
    names = ("Reference ID", "Created", "Released", "Classification", "Origin")

    def pre(text: str) -> str:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return text.replace("\n", "&#x000A;")

    return (
        "<?xml version='1.0' encoding='utf-8' ?>\n<html>\n<body>\n"
        "<table class='cable'>\n<tr>\n"
        + "".join(f"<th>{name}</th>\n" for name in names)
        + "</tr>\n<tr>\n"
        + "".join(f"<td>\n{cell}\n</td>\n" for cell in cells)
        + "</tr>\n</table>\n"
        f"<code><pre>{pre(header)}</pre></code>\n"
        f"<code><pre>{pre(body)}</pre></code>\n</body>\n</html>\n"
    )


def csv_field(text: str) -> str:
    """A field as cables.csv writes it: quoted, with backslash escapes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'") + '"'


def csv_row(
    number: int,
    header: str = HEADER,
    body: str = BODY,
    *,
    columns: int = 8,
    reference_id: str = "09ATLANTIS42",
) -> str:
    fields = [str(number), "2/14/2009 12:30", reference_id, "Embassy Atlantis"]
    fields += ["CONFIDENTIAL", "09STATE1|09ATLANTIS41", header, body]
    return ",".join(csv_field(field) for field in fields[:columns]) + "\n"


def write_csv(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        for number in range(1, count + 1):
            handle.write(csv_row(number))
    return path


# --- joining header and body -------------------------------------------------------------


def test_cable_text_adds_only_missing_newlines() -> None:
    assert cable_text("H", "B") == "H\n\nB\n"
    assert cable_text("H \n", "B \n") == "H \n\nB \n"
    assert cable_text("H\n\n", "B") == "H\n\nB\n"
    assert cable_text("", "B") == "B\n"
    assert cable_text("H", "") == "H\n"
    assert cable_text("", "") == ""


# --- the viewer pages --------------------------------------------------------------------


def test_html_page_unwraps_links_and_drops_anchors(tmp_path: Path) -> None:
    markup = (
        page(HEADER, BODY)
        .replace("1. (C)", "<a id='par1' href='#par1'>¶</a>1. (C)")
        .replace("TAGS: PREL", "TAGS: <a href='/tag/PREL_0.html'>PREL</a>")
    )
    path = tmp_path / "09ATLANTIS42.html"
    path.write_text(markup, encoding="utf-8")
    (record,) = read_html(path)
    assert cableformat.dumps(record.cable) == TEXT
    assert record.cable.subject == "A SMALL CABLE FOR THE READER TESTS"
    assert record.metadata == {
        "reference_id": "09ATLANTIS42",
        "created": "2009-02-14 12:30",
        "released": "2010-12-01 12:00",
        "classification": "CONFIDENTIAL",
        "origin": "Embassy Atlantis",
    }
    assert (record.source, record.row) == (str(path), None)
    assert markup.splitlines()[record.line - 1].startswith("<code><pre>")


def test_html_keeps_other_tags_and_lettered_anchors(tmp_path: Path) -> None:
    # The plain-text dumps keep the publisher's <strong>; anchors like parB still go.
    body = BODY.replace("ROE", "REF: A. X\nB. Y\nROE")
    markup = page(HEADER, body).replace("B. Y", "<a id='parB' href='#parB'>¶</a>B. Y")
    markup = markup.replace("TAGS", "<strong>TAGS </strong>")
    path = tmp_path / "page.html"
    path.write_text(markup, encoding="utf-8")
    text = cableformat.dumps(next(read(path)).cable)
    assert "\nB. Y\n" in text
    assert "<strong>TAGS </strong>" in text


def test_html_page_without_a_cable_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    path.write_text("<!DOCTYPE html>\n<html><body><p>Browse</p></body></html>\n", "utf-8")
    with pytest.raises(ReadError, match=r"index\.html: an HTML page without"):
        list(read(path))


def test_every_viewer_page_gives_its_text_file(corpus: Path) -> None:
    pages = sorted((corpus / "cablegate" / "html").glob("*.html"))
    assert len(pages) == 146
    records = list(read(corpus / "cablegate" / "html"))
    assert [record.source for record in records] == [str(path) for path in pages]
    differ = []
    for record in records:
        ref = Path(record.source).stem
        want = (corpus / "cablegate" / "txt" / f"{ref}.txt").read_bytes().decode("utf-8")
        if cableformat.dumps(record.cable) != want:
            differ.append(ref)
    # cablegate/html holds the 2011-08 rendering of 72TEHRAN5055 (see below), while its
    # cablegate/txt file was taken from the 2010 page, whose blank lines hold no space.
    assert differ == ["72TEHRAN5055"]
    (record,) = (r for r in records if Path(r.source).stem == "72TEHRAN5055")
    variant = corpus / "variants" / "wikileaks_html_2011-08" / "72TEHRAN5055.txt"
    got = cableformat.dumps(record.cable)
    assert got == variant.read_text(encoding="utf-8")
    old = (corpus / "cablegate" / "txt" / "72TEHRAN5055.txt").read_text(encoding="utf-8")
    assert ["" if line == " " else line for line in got.split("\n")] == old.split("\n")


# Pages in cablegate/html that are byte for byte the 2011-08 re-renderings; index.json's
# cablegate rows for them describe the 2010 pages, its variants rows these pages.
RERENDERED = {"66BUENOSAIRES2481", "72TEHRAN1164", "72TEHRAN5055", "75TEHRAN2069"}


def test_page_metadata_agrees_with_the_index(corpus: Path) -> None:
    index = json.loads((corpus / "cablegate" / "index.json").read_text(encoding="utf-8"))
    by_page = {row["html"]: row for row in index}
    keys = ("reference_id", "created", "released", "classification", "origin")
    for record in read_html(corpus / "cablegate" / "html"):
        path = Path(record.source)
        row = by_page[path.name]
        if path.stem in RERENDERED:
            variant = f"variants/wikileaks_html_2011-08/{path.name}"
            assert path.read_bytes() == (corpus / variant).read_bytes()
            row = by_page[variant]
        assert record.metadata == {key: row[key] for key in keys}, path.name
        assert record.metadata["reference_id"] == path.stem


# --- cables.csv --------------------------------------------------------------------------


def test_csv_sample_rows(corpus: Path) -> None:
    path = corpus / "variants" / "cables_csv" / "cables_sample.csv"
    first, second = read(path)
    assert (first.row, first.line, second.row, second.line) == (1, 1, 2, 116)
    assert first.metadata == {
        "row": "1",
        "created": "12/28/1966 18:48",
        "reference_id": "66BUENOSAIRES2481",
        "origin": "Embassy Buenos Aires",
        "classification": "UNCLASSIFIED",
        "references": "66STATE106206",
    }
    assert second.metadata["references"] == "72MOSCOW1603|72TEHRAN1091|72TEHRAN263"
    assert second.metadata["created"] == "2/25/1972 9:30"
    text = cableformat.dumps(first.cable)
    assert 'OF "PREFERENTIAL JURISDICTION" FOR FISHING' in text
    assert "FONOFF LEGAL ADVISORS' QUALMS" in text
    assert "\\" not in text
    assert [first.cable.reference_id, second.cable.reference_id] == [
        "66BUENOSAIRES2481",
        "72TEHRAN1164",
    ]


def test_csv_text_differs_from_the_viewer_text_only_where_the_dumps_do(corpus: Path) -> None:
    # Same join as the text files; the CSV keeps trailing spaces the viewer trimmed at
    # the end of each block, and writes TAGS with commas where the viewer has links.
    path = corpus / "variants" / "cables_csv" / "cables_sample.csv"
    for record in read_csv(path):
        ref = record.metadata["reference_id"]
        want = (corpus / "cablegate" / "txt" / f"{ref}.txt").read_text(encoding="utf-8")
        got = cableformat.dumps(record.cable)
        pairs = zip(got.split("\n"), want.split("\n"), strict=True)
        differ = [
            (a.rstrip(" "), b.rstrip(" ")) for a, b in pairs if a.rstrip(" ") != b.rstrip(" ")
        ]
        assert len(differ) == 1
        ((tags, viewer_tags),) = differ
        assert tags.startswith("TAGS: ")
        assert tags.replace(",", "") == viewer_tags


def test_csv_backslash_escapes(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cables.csv", 1)
    assert '\\"BOLD\\"' in path.read_text(encoding="utf-8")
    (record,) = read(path)
    assert cableformat.dumps(record.cable) == TEXT
    assert 'the plan "BOLD" and the envoy\'s reply \\ short.' in TEXT


def test_csv_field_over_the_default_limit(tmp_path: Path) -> None:
    body = BODY + "\n" + "X" * 200_000
    path = tmp_path / "big.csv"
    path.write_text(csv_row(1, body=body) + csv_row(2), encoding="utf-8", newline="")
    first, second = read(path)
    assert cableformat.dumps(first.cable) == cable_text(HEADER, body)
    assert second.row == 2
    assert csv.field_size_limit() >= 200_000


def test_csv_lines_count_every_physical_line(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cables.csv", 3)
    per_row = csv_row(1).count("\n")
    records = list(read(path))
    assert [(r.row, r.line) for r in records] == [(n, 1 + (n - 1) * per_row) for n in (1, 2, 3)]
    lines = path.read_text(encoding="utf-8").split("\n")
    assert all(lines[r.line - 1].startswith(f'"{r.row}",') for r in records)


def test_bad_rows_are_reported_with_row_and_line(tmp_path: Path) -> None:
    per_row = csv_row(1).count("\n")
    short = csv_row(2, columns=7).count("\n")
    path = tmp_path / "cables.csv"
    path.write_text(
        csv_row(1) + "\n" + csv_row(2, columns=7) + csv_row(3), encoding="utf-8", newline=""
    )
    with pytest.raises(ReadError) as raised:
        list(read(path))
    error = raised.value
    assert (error.source, error.row, error.line) == (str(path), 2, per_row + 2)
    assert str(error) == f"{path}:{per_row + 2} (row 2): expected 8 columns, found 7"

    errors: list[ReadError] = []
    records = list(read(path, on_error=errors.append))
    assert [(r.row, r.line) for r in records] == [(1, 1), (3, per_row + 2 + short)]
    assert [(e.row, e.line) for e in errors] == [(2, per_row + 2)]


def test_runaway_field_is_reported_and_reading_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A lower bound stands in for the real one, which would need 32 MiB of text.
    monkeypatch.setattr(cableformat._csv, "FIELD_LIMIT", 1_000)
    saved = csv.field_size_limit(1_000)
    try:
        path = tmp_path / "cables.csv"
        path.write_text(csv_row(1, body="Y" * 5_000) + csv_row(2), "utf-8", newline="")
        errors: list[ReadError] = []
        records = list(read(path, on_error=errors.append))
    finally:
        csv.field_size_limit(saved)
    assert [(e.row, e.line) for e in errors] == [(1, 1)]
    assert "field larger than field limit" in errors[0].message
    assert [(r.row, r.line) for r in records] == [(2, 4)]


def test_csv_lines_in_a_legacy_encoding(tmp_path: Path) -> None:
    path = tmp_path / "cables.csv"
    data = csv_row(1, body=BODY.replace("minister", "ministre’s")).encode("cp1252")
    path.write_bytes(data)
    (record,) = read(path)
    assert record.cable.encoding == "cp1252"
    assert "ministre’s" in cableformat.dumps(record.cable)


def tracemalloc_peak(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = sum(1 for _ in read(path))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_csv_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    small = write_csv(tmp_path / "small.csv", 1_000)
    large = write_csv(tmp_path / "large.csv", 4_000)
    small_count, small_peak = tracemalloc_peak(small)
    large_count, large_peak = tracemalloc_peak(large)
    assert (small_count, large_count) == (1_000, 4_000)
    assert large.stat().st_size > 1_000_000
    assert large_peak < 2_000_000
    assert large_peak < small_peak * 1.5


# --- plain text, folders, stdin, detection ------------------------------------------------


def test_plain_text_keeps_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "cable.txt"
    path.write_bytes(("\n" + TEXT.replace("1. (C)", "¶1. (C)")).encode("latin-1"))
    (record,) = read(path)
    assert (record.row, record.line, dict(record.metadata)) == (None, 1, {})
    assert record.cable.encoding != "utf-8"
    buffer = io.BytesIO()
    cableformat.dump(record.cable, buffer)
    assert buffer.getvalue() == path.read_bytes()


def test_content_decides_the_reader(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(page(HEADER, BODY), encoding="utf-8")
    (tmp_path / "dump.dat").write_text(csv_row(1) + csv_row(2), encoding="utf-8")
    (tmp_path / "cable.html").write_text(TEXT, encoding="utf-8")
    records = list(read(tmp_path))
    assert [(Path(r.source).name, r.row) for r in records] == [
        ("cable.html", None),
        ("dump.dat", 1),
        ("dump.dat", 2),
        ("page.txt", None),
    ]
    assert all(cableformat.dumps(r.cable) == TEXT for r in records)
    assert records[0].metadata == {}
    assert records[3].metadata["reference_id"] == "09ATLANTIS42"
    # A named reader takes the file as what it is asked to read.
    (as_text,) = read_text(tmp_path / "page.txt")
    assert cableformat.dumps(as_text.cable) == page(HEADER, BODY)


def test_csv_suffix_is_a_fallback(tmp_path: Path) -> None:
    path = tmp_path / "cables.csv"
    path.write_text(csv_row(1).replace('"2/14/2009 12:30"', '"14 Feb 2009"'), "utf-8")
    (record,) = read(path)
    assert record.metadata["created"] == "14 Feb 2009"


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b/z.txt", "a.txt", "b/a/y.txt", "c.txt", "b/x.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    names = [Path(r.source).relative_to(tmp_path).as_posix() for r in read(str(tmp_path))]
    assert names == ["a.txt", "b/a/y.txt", "b/x.txt", "b/z.txt", "c.txt"]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (csv_row(1) + csv_row(2)).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    records = list(read("-"))
    assert [(r.source, r.row) for r in records] == [("<stdin>", 1), ("<stdin>", 2)]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page(HEADER, BODY).encode())))
    (record,) = read("-")
    assert (record.source, cableformat.dumps(record.cable)) == ("<stdin>", TEXT)


def test_binary_file_object() -> None:
    (record,) = read(io.BytesIO(TEXT.encode()))
    assert (record.source, cableformat.dumps(record.cable)) == ("<stream>", TEXT)


def test_missing_file_is_a_read_error(tmp_path: Path) -> None:
    errors: list[ReadError] = []
    assert list(read(tmp_path / "missing.txt", on_error=errors.append)) == []
    assert [(e.source, e.message) for e in errors] == [
        (str(tmp_path / "missing.txt"), "No such file or directory")
    ]


# --- pickling ----------------------------------------------------------------------------


def test_records_and_errors_pickle(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(HEADER, BODY), encoding="utf-8")
    record = next(read(path))
    copy = pickle.loads(pickle.dumps(record))
    assert copy == record
    assert hash(copy) == hash(record)
    assert isinstance(copy, Record)
    assert copy.metadata == record.metadata
    # The private layout comes along, so the text is written as read.
    assert copy.cable._layout == record.cable._layout
    assert cableformat.dumps(copy.cable) == TEXT
    error = ReadError("expected 8 columns, found 7", "x.csv", 2, 116)
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.row, again.line) == (str(error), 2, 116)


def test_corpus_records_pickle(corpus: Path) -> None:
    for record in read(corpus / "variants"):
        copy = pickle.loads(pickle.dumps(record))
        assert copy == record
        assert cableformat.dumps(copy.cable) == cableformat.dumps(record.cable)


def test_raw_records_hold_the_text_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "cables.csv"
    path.write_bytes(csv_row(1, body=BODY.replace("minister", "ministre’s")).encode("cp1252"))
    (raw,) = raw_records(path)
    assert (raw.source, raw.row, raw.line, raw.encoding) == (str(path), 1, 1, "cp1252")
    copy = pickle.loads(pickle.dumps(raw))
    assert copy == raw
    assert copy.record() == next(read(path))
    assert cableformat.dumps(copy.record().cable) == raw.text


def test_metadata_is_read_only(tmp_path: Path) -> None:
    record = Record(cableformat.loads(TEXT), "x", metadata={"row": "1"})
    with pytest.raises(TypeError):
        record.metadata["row"] = "2"  # type: ignore[index]
    assert repr(record.metadata) == "{'row': '1'}"
    assert (
        record.metadata.get("row"),
        record.metadata.get("x"),
        record.metadata.get("x", "-"),
    ) == (
        "1",
        None,
        "-",
    )


def test_a_records_release_day_is_read_from_its_metadata() -> None:
    def record(metadata: dict[str, str]) -> cableformat.Record:
        return cableformat.Record(cableformat.loads("SUBJECT: X\n"), "x.html", metadata=metadata)

    assert record({"released": "2010-12-08 21:09"}).released == dt.date(2010, 12, 8)
    assert record({"released": "2010-13-40 21:09"}).released is None  # no such day
    assert record({}).released is None
