"""Collection exporters: a second kind of plugin, writing a whole run into one output.

The contract is tested with fake plugins (one also the tutorial's example); the built-in
``sqlite`` and ``parquet`` exporters have test modules of their own.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import cableformat
from cableformat._cli import main

from .test_plugins import FAKE, make_distribution, only_from

CABLE = """\
R 141230Z FEB 09
FM AMEMBASSY ATLANTIS
TO RUEHC/SECSTATE WASHDC 0001
INFO RUEHFR/AMEMBASSY PARIS 0002

C O N F I D E N T I A L ATLANTIS {serial:06d}

E.O. 12958: DECL: 02/14/2019
TAGS: PREL, PGOV, XX
SUBJECT: ATLANTIS CABLE {serial}

REF: A. STATE {cited}
     B. ATLANTIS EMAIL OF FEB 2

Classified By: Ambassador A. N. Example for reasons 1.4 (b) and (d).

1. (C) Summary: the envoy of Atlantis spoke of {word}. End summary.

2. (C) He said more about {word}.

EXAMPLE
"""


def write_cables(folder: Path, count: int, *, start: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for serial in range(start, start + count):
        text = CABLE.format(serial=serial, cited=100 + serial % 3, word=f"topic{serial}")
        (folder / f"09ATLANTIS{serial}.txt").write_text(text)
    return folder


def convert(*args: str) -> int:
    return main(["convert", *args, "-q"])


def database(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    return db


def count(db: sqlite3.Connection, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


# --- the plugin contract ----------------------------------------------------------------

WHOLE = """
import cableformat

class Lines:
    name = "lines"
    description = "one line per cable"

    def rows(self, record):
        return (record.cable.reference_id, record.cable.subject)

    def open(self, path, *, force=False, sep=" "):
        return Writer(path, force, sep)

class Writer:
    def __init__(self, path, force, sep):
        self.path, self.sep = path, sep
        if force and __import__("os").path.exists(path):
            __import__("os").unlink(path)
        self.handle = open(path, "a", encoding="utf-8")

    def keys(self):
        with open(self.path, encoding="utf-8") as handle:
            return {line.split(self.sep)[0] for line in handle}

    def add(self, key, rows):
        self.handle.write(key + self.sep + (rows[1] or "") + "\\n")

    def close(self):
        self.handle.close()

@cableformat.hookimpl
def register_collection_exporters(register):
    register(Lines())
"""

NOT_ONE = """
import cableformat

@cableformat.hookimpl
def register_collection_exporters(register):
    register(object())
"""

SAME_NAME = """
import cableformat

class Tei:
    name = "lines"
    media_type = "text/plain"
    suffix = ".txt"

    def export(self, cable):
        return ""

@cableformat.hookimpl
def register_exporters(register):
    register(Tei())
"""


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A plugin with a collection exporter, ``lines``, as the only plugin installed."""
    cableformat.reset_plugins()
    site = tmp_path / "site"
    site.mkdir()
    make_distribution(site, "fake-lines", {"lines": f"{FAKE}lines"}, {f"{FAKE}lines": WHOLE})
    only_from(monkeypatch, site)
    yield site
    cableformat.reset_plugins()
    for name in [m for m in sys.modules if m.startswith(FAKE)]:
        del sys.modules[name]


def test_a_plugin_registers_a_collection_exporter(fake: Path, tmp_path: Path) -> None:
    assert list(cableformat.collection_exporters()) == ["lines"]
    assert cableformat.exporters() == {}
    (plugin,) = cableformat.plugin_report().plugins
    assert (plugin.exporters, plugin.collection_exporters) == ((), ("lines",))
    assert cableformat.plugin_report().provider("lines") is plugin
    with pytest.raises(cableformat.UnknownExporterError, match="collection exporter"):
        cableformat.exporter("lines")
    with pytest.raises(cableformat.UnknownExporterError, match="available: lines"):
        cableformat.collection_exporter("tei")


def test_convert_writes_a_collection_through_the_plugin_and_resumes(
    fake: Path, tmp_path: Path
) -> None:
    cables = write_cables(tmp_path / "in", 3)
    out = tmp_path / "all.txt"
    assert convert(str(cables), "--to", "lines", "-o", str(out), "-O", "sep=|", "--jobs", "1") == 0
    assert out.read_text().splitlines() == [
        "09ATLANTIS1|ATLANTIS CABLE 1",
        "09ATLANTIS2|ATLANTIS CABLE 2",
        "09ATLANTIS3|ATLANTIS CABLE 3",
    ]
    report = json.loads((tmp_path / "all.txt.report.json").read_text())
    assert (report["converted"], report["skipped"], report["failed"]) == (3, 0, [])

    write_cables(cables, 1, start=4)
    assert convert(str(cables), "--to", "lines", "-o", str(out), "-O", "sep=|") == 0
    assert out.read_text().splitlines()[3:] == ["09ATLANTIS4|ATLANTIS CABLE 4"]
    report = json.loads((tmp_path / "all.txt.report.json").read_text())
    assert (report["converted"], report["skipped"]) == (1, 3)

    assert convert(str(cables), "--to", "lines", "-o", str(out), "-O", "sep=|", "--force") == 0
    assert len(out.read_text().splitlines()) == 4


def test_an_option_the_writer_does_not_take_is_refused_before_any_work(
    fake: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cables = write_cables(tmp_path / "in", 1)
    out = tmp_path / "all.txt"
    assert convert(str(cables), "--to", "lines", "-o", str(out), "-O", "colour=red") == 1
    assert "exporter 'lines' has no option 'colour' (its options: sep)" in capsys.readouterr().err
    assert not out.exists()


def test_register_refuses_what_is_not_a_collection_exporter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    make_distribution(site, "fake-bad", {"bad": f"{FAKE}bad"}, {f"{FAKE}bad": NOT_ONE})
    only_from(monkeypatch, site)
    with pytest.warns(cableformat.PluginWarning, match="a collection exporter with name"):
        report = cableformat.plugin_report()
    assert report.failed[0].error is not None and "TypeError" in report.failed[0].error


def test_a_name_is_one_exporters_of_either_kind(
    fake: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_distribution(fake, "fake-same", {"same": f"{FAKE}same"}, {f"{FAKE}same": SAME_NAME})
    with pytest.warns(cableformat.PluginWarning, match="'lines' is provided by 2 plugins"):
        report = cableformat.plugin_report()
    assert report.conflicts[0][0] == "lines"
    assert "lines" not in cableformat.collection_exporters()
    with pytest.raises(cableformat.PluginError):
        cableformat.collection_exporter("lines")


# --- the tutorial's example ----------------------------------------------------------------


def tutorial_example() -> str:
    """The plugin module the tutorial's "A collection exporter" section shows."""
    page = (Path(__file__).resolve().parent.parent / "docs" / "plugins.md").read_text()
    section = page.split("## A collection exporter", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"^```python\n(.*?)^```$", section, re.M | re.S)
    return str(code)


def test_the_tutorials_collection_exporter_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cableformat.reset_plugins()
    site = tmp_path / "site"
    site.mkdir()
    make_distribution(
        site, "fake-index", {"index": f"{FAKE}index"}, {f"{FAKE}index": tutorial_example()}
    )
    only_from(monkeypatch, site)
    try:
        cables = write_cables(tmp_path / "in", 2)
        out = tmp_path / "index.tsv"
        assert convert(str(cables), "--to", "index", "-o", str(out)) == 0
        write_cables(cables, 1, start=3)
        assert convert(str(cables), "--to", "index", "-o", str(out)) == 0
        lines = [line.split("\t") for line in out.read_text().splitlines()]
        assert [line[0] for line in lines] == ["09ATLANTIS1", "09ATLANTIS2", "09ATLANTIS3"]
        assert lines[0][1:] == ["09ATLANTIS1", "2009-02-14T12:30:00+00:00", "ATLANTIS CABLE 1"]
        assert convert(str(cables), "--to", "index", "-o", str(out), "--force") == 0
        assert len(out.read_text().splitlines()) == 3
    finally:
        cableformat.reset_plugins()
        for name in [m for m in sys.modules if m.startswith(FAKE)]:
            del sys.modules[name]


# The parameters docs/explore.md gives each query its answers for.


# --- text a database cannot hold as it is ------------------------------------------------


def test_bytes_no_encoding_decodes_are_replacement_characters_in_both_databases(
    tmp_path: Path,
) -> None:
    # 0x81 and 0x8D are neither UTF-8 nor cp1252: the reader keeps them as lone
    # surrogates, which UTF-8 (SQLite's text, Arrow's strings) cannot hold.
    folder = tmp_path / "in"
    write_cables(folder, 1)
    path = folder / "09ATLANTIS1.txt"
    text = path.read_bytes().replace(b"topic1", b"caf\xc3\xa9 topic1 \x81\x8d", 1)
    path.write_bytes(text)
    assert "\udc81" in cableformat.dumps(cableformat.load(path))
    assert convert(str(folder), "--to", "sqlite", "-o", str(tmp_path / "cables.db")) == 0
    with sqlite3.connect(tmp_path / "cables.db") as db:
        (stored,) = db.execute("SELECT text FROM cables").fetchone()
        (paragraphs,) = db.execute("SELECT group_concat(text, ' ') FROM paragraphs").fetchone()
    assert "café topic1 \ufffd\ufffd" in stored
    assert "café topic1 \ufffd\ufffd" in paragraphs
    import pyarrow.dataset as ds

    assert convert(str(folder), "--to", "parquet", "-o", str(tmp_path / "tables")) == 0
    (row,) = ds.dataset(tmp_path / "tables" / "cables").to_table().to_pylist()
    assert "café topic1 \ufffd\ufffd" in row["text"]
