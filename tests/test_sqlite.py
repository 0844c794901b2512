"""The built-in ``sqlite`` collection exporter: its tables, resuming, the documented
queries on the database built from the shared corpus, Datasette.

The queries' answers are checked against what the model gives for the same cables.
"""

from __future__ import annotations

import collections
import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import cableformat
from cableformat import strategies as cst
from cableformat._cli import main
from cableformat_sqlite import QUERIES, TABLES, metadata_path

from .conftest import CORPUS, need_corpus
from .test_collections import convert, count, database, write_cables


def test_plugins_lists_both_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins"]) == 0
    text = capsys.readouterr().out
    assert "COLLECTION EXPORTER" in text
    assert any(line.split()[:2] == ["sqlite", "sqlite"] for line in text.splitlines())
    assert main(["plugins", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    names = {e["name"]: e for e in listed["collection_exporters"]}
    assert set(names) >= {"sqlite", "parquet"}
    assert names["sqlite"]["distribution"] == "cableformat"
    (sqlite_plugin,) = [p for p in listed["plugins"] if p["name"] == "sqlite"]
    assert sqlite_plugin["collection_exporters"] == ["sqlite"]


# --- the sqlite exporter on the tests' own cables ------------------------------------------


def test_sqlite_holds_every_table_with_the_models_values(tmp_path: Path) -> None:
    cables = write_cables(tmp_path / "in", 2)
    out = tmp_path / "db" / "cables.db"
    assert convert(str(cables), "--to", "sqlite", "-o", str(out)) == 0
    db = database(out)
    row = db.execute("SELECT * FROM cables WHERE key = '09ATLANTIS2'").fetchone()
    cable = cableformat.load(cables / "09ATLANTIS2.txt")
    assert row["reference_id"] == cable.reference_id == "09ATLANTIS2"
    assert row["canonical_id"] == "09ATLANTIS2"
    assert row["date"] == "2009-02-14T12:30:00Z" and row["year"] == 2009
    assert (row["origin"], row["sender"], row["classification"]) == (
        cable.origin,
        "AMEMBASSY ATLANTIS",
        cable.classification,
    )
    assert row["summary"] == cable.summary == "the envoy of Atlantis spoke of topic2."
    assert row["signer"] == cable.signature == "EXAMPLE"
    assert (row["partial"], row["text"]) == (0, (cables / "09ATLANTIS2.txt").read_text())
    addressees = db.execute(
        "SELECT role, address, routing_indicator FROM addressees WHERE cable = ? "
        "ORDER BY role DESC, position",
        ("09ATLANTIS2",),
    ).fetchall()
    assert [tuple(a) for a in addressees] == [
        ("to", "SECSTATE WASHDC", "RUEHC"),
        ("info", "AMEMBASSY PARIS", "RUEHFR"),
    ]
    tags = db.execute("SELECT tag, kind FROM tags WHERE cable = '09ATLANTIS2' ORDER BY position")
    assert [tuple(t) for t in tags] == [
        (tag, cableformat.tag_kind(tag)) for tag in ("PREL", "PGOV", "XX")
    ]
    refs = db.execute("SELECT label, kind FROM refs WHERE cable = '09ATLANTIS2' ORDER BY position")
    assert [tuple(r) for r in refs] == [("A", "cable"), ("B", "email")]
    cited = db.execute("SELECT cited_id FROM citations WHERE cable = '09ATLANTIS2'").fetchall()
    assert [c[0] for c in cited] == list(cable.cited_ids) == ["09STATE102"]
    paragraphs = db.execute(
        "SELECT kind, number, marking, text FROM paragraphs WHERE cable = '09ATLANTIS2' "
        "ORDER BY position"
    ).fetchall()
    assert [tuple(p)[:3] for p in paragraphs] == [("paragraph", 1, "C"), ("paragraph", 2, "C")]
    assert paragraphs[1]["text"] == "He said more about topic2."


def test_sqlite_full_text_search_finds_words_of_the_body(tmp_path: Path) -> None:
    cables = write_cables(tmp_path / "in", 3)
    out = tmp_path / "cables.db"
    assert convert(str(cables), "--to", "sqlite", "-o", str(out)) == 0
    db = database(out)
    found = db.execute(QUERIES["search"][1], {"query": "topic3"}).fetchall()
    assert [row["key"] for row in found] == ["09ATLANTIS3"]
    assert "[topic3]" in found[0]["excerpt"]
    assert db.execute(QUERIES["search"][1], {"query": "nowhere"}).fetchall() == []


def test_sqlite_resumes_adds_what_is_missing_and_replaces_nothing(tmp_path: Path) -> None:
    cables = write_cables(tmp_path / "in", 2)
    out = tmp_path / "cables.db"
    assert convert(str(cables), "--to", "sqlite", "-o", str(out)) == 0
    with database(out) as db:
        db.execute("UPDATE cables SET subject = 'KEPT' WHERE key = '09ATLANTIS1'")
    db.close()
    write_cables(cables, 2, start=3)
    assert convert(str(cables), "--to", "sqlite", "-o", str(out), "--jobs", "2") == 0
    db = database(out)
    assert count(db, "cables") == 4 and count(db, "cables_fts") == 4
    assert count(db, "paragraphs") == 8
    assert db.execute("SELECT subject FROM cables WHERE key = '09ATLANTIS1'").fetchone()[0] == (
        "KEPT"
    )
    report = json.loads((tmp_path / "cables.db.report.json").read_text())
    assert (report["converted"], report["skipped"]) == (2, 2)
    db.close()
    assert convert(str(cables), "--to", "sqlite", "-o", str(out), "--force") == 0
    db = database(out)
    assert count(db, "cables") == 4
    assert db.execute("SELECT subject FROM cables WHERE key = '09ATLANTIS1'").fetchone()[0] == (
        "ATLANTIS CABLE 1"
    )


def test_records_of_one_id_get_their_own_keys_in_every_run(tmp_path: Path) -> None:
    cables = write_cables(tmp_path / "in", 1)
    (cables / "copy.txt").write_text((cables / "09ATLANTIS1.txt").read_text())
    out = tmp_path / "cables.db"
    assert convert(str(cables), "--to", "sqlite", "-o", str(out)) == 0
    assert convert(str(cables), "--to", "sqlite", "-o", str(out)) == 0
    keys = [k for (k,) in sqlite3.connect(out).execute("SELECT key FROM cables ORDER BY key")]
    assert keys == ["09ATLANTIS1", "09ATLANTIS1-2"]


def test_a_bad_record_is_reported_and_the_others_are_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cables = write_cables(tmp_path / "in", 2)
    (cables / "notes.txt").write_text("Shopping list: eggs, milk.\n")
    out = tmp_path / "cables.db"
    assert convert(str(cables), "--to", "sqlite", "-o", str(out)) == 1
    assert "notes.txt" in capsys.readouterr().err
    report = json.loads((tmp_path / "cables.db.report.json").read_text())
    assert report["converted"] == 2
    assert [Path(f["source"]).name for f in report["failed"]] == ["notes.txt"]
    assert count(database(out), "cables") == 2


@pytest.mark.parametrize("batch", [500, 1])  # 1: each record a batch of the inserting process
def test_an_interrupted_run_keeps_what_it_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    from cableformat_sqlite import SqliteWriter, _database

    monkeypatch.setattr(_database, "_BATCH", batch)

    cables = write_cables(tmp_path / "in", 3)
    out = tmp_path / "cables.db"
    added = SqliteWriter.add

    def add_then_stop(self: SqliteWriter, key: str, rows: Any) -> None:
        added(self, key, rows)
        if key == "09ATLANTIS2":
            raise KeyboardInterrupt

    monkeypatch.setattr(SqliteWriter, "add", add_then_stop)
    assert convert(str(cables), "--to", "sqlite", "-o", str(out), "--jobs", "1") == 130
    report = json.loads((tmp_path / "cables.db.report.json").read_text())
    assert report["converted"] == 1 and "interrupted" in report["stopped"]
    assert count(database(out), "cables") == 2  # the record being added when stopped too
    monkeypatch.setattr(SqliteWriter, "add", added)
    assert convert(str(cables), "--to", "sqlite", "-o", str(out)) == 0
    assert count(database(out), "cables") == 3


def test_a_file_that_is_not_a_database_is_refused_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cables = write_cables(tmp_path / "in", 1)
    out = tmp_path / "notes.db"
    out.write_text("my notes, not a database\n" * 100)
    assert convert(str(cables), "--to", "sqlite", "-o", str(out)) == 1
    assert "not a cableformat database" in capsys.readouterr().err
    assert out.read_text().startswith("my notes")


def test_the_metadata_file_describes_every_table_and_offers_the_queries(tmp_path: Path) -> None:
    cables = write_cables(tmp_path / "in", 1)
    out = tmp_path / "cables.db"
    assert convert(str(cables), "--to", "sqlite", "-o", str(out)) == 0
    metadata = json.loads(Path(metadata_path(str(out))).read_text())
    assert Path(metadata_path(str(out))).name == "cables.metadata.json"
    described = metadata["databases"]["cables"]
    db = sqlite3.connect(out)
    tables = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(TABLES) <= tables and set(described["tables"]) == set(TABLES)
    for table, (_, columns) in TABLES.items():
        names = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        assert set(columns) <= names, table
    assert set(described["queries"]) == set(QUERIES)
    assert described["tables"]["cables"]["fts_table"] == "cables_fts"


# --- the database built from the shared corpus ---------------------------------------------


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    txt = need_corpus(CORPUS)
    out = tmp_path_factory.mktemp("db") / "cables.db"
    assert convert(str(txt / "cablegate" / "txt"), "--to", "sqlite", "-o", str(out)) == 0
    return out


@pytest.fixture(scope="module")
def corpus_cables() -> dict[str, cableformat.Cable]:
    txt = need_corpus(CORPUS)
    return {
        record.reference_id or Path(record.source).stem: record.cable
        for record in cableformat.read(txt / "cablegate" / "txt")
    }


def test_the_corpus_database_holds_every_cable(
    corpus_db: Path, corpus_cables: dict[str, cableformat.Cable]
) -> None:
    db = database(corpus_db)
    assert count(db, "cables") == len(corpus_cables) == 1306
    assert count(db, "cables_fts") == 1306
    summaries = sum(c.summary is not None for c in corpus_cables.values())
    assert db.execute("SELECT count(summary) FROM cables").fetchone()[0] == summaries
    signed = sum(c.signature is not None for c in corpus_cables.values())
    assert db.execute("SELECT count(signer) FROM cables").fetchone()[0] == signed
    partial = sum(c.is_partial for c in corpus_cables.values())
    assert db.execute("SELECT sum(partial) FROM cables").fetchone()[0] == partial == 92
    tags = sum(len(c.tags) for c in corpus_cables.values())
    assert count(db, "tags") == tags


def test_most_cited_counts_the_citations_the_model_gives(
    corpus_db: Path, corpus_cables: dict[str, cableformat.Cable]
) -> None:
    cited = collections.Counter(i for c in corpus_cables.values() for i in c.cited_ids)
    rows = database(corpus_db).execute(QUERIES["most_cited"][1]).fetchall()
    assert len(rows) == 20
    top = max(cited.values())
    assert rows[0]["cited_by"] == top
    assert rows[0]["cited_id"] == min(i for i, n in cited.items() if n == top)
    assert all(row["cited_by"] == cited[row["cited_id"]] for row in rows)
    here = {c.reference_id for c in corpus_cables.values()}
    subjects = [row for row in rows if row["cited_id"] in here]
    assert subjects and all(row["subject"] for row in subjects)


def test_citing_gives_the_cables_whose_refs_cite_it(
    corpus_db: Path, corpus_cables: dict[str, cableformat.Cable]
) -> None:
    cited = collections.Counter(i for c in corpus_cables.values() for i in c.cited_ids)
    target = cited.most_common(1)[0][0]
    rows = database(corpus_db).execute(QUERIES["citing"][1], {"cited_id": target}).fetchall()
    expected = {key for key, cable in corpus_cables.items() if target in cable.cited_ids}
    assert {row["key"] for row in rows} == expected and len(rows) == cited[target]
    dates = [row["date"] for row in rows if row["date"]]
    assert dates == sorted(dates)


def test_tag_per_year_counts_the_tagged_cables(
    corpus_db: Path, corpus_cables: dict[str, cableformat.Cable]
) -> None:
    rows = database(corpus_db).execute(QUERIES["tag_per_year"][1], {"tag": "PREL"}).fetchall()
    expected = collections.Counter(
        c.date.year if c.date else None for c in corpus_cables.values() if "PREL" in c.tags
    )
    assert {row["year"]: row["cables"] for row in rows} == expected
    assert sum(expected.values()) > 500


def test_search_finds_the_cables_whose_text_has_the_word(
    corpus_db: Path, corpus_cables: dict[str, cableformat.Cable]
) -> None:
    rows = database(corpus_db).execute(QUERIES["search"][1], {"query": "uranium"}).fetchall()
    word = re.compile(r"\buranium\b", re.IGNORECASE)
    kinds = (cableformat.Paragraph, cableformat.Heading, cableformat.Bullet, cableformat.Text)
    having = {
        key
        for key, c in corpus_cables.items()
        if word.search(
            " ".join([c.subject or "", *(b.text for b in c.body if isinstance(b, kinds))])
        )
    }
    # The query gives the 20 best matches.
    assert len(having) > 20 and len(rows) == 20
    assert {row["key"] for row in rows} <= having


def test_post_between_gives_one_posts_cables_in_a_date_range(
    corpus_db: Path, corpus_cables: dict[str, cableformat.Cable]
) -> None:
    params = {"origin": "PARIS", "start": "2009-01-01", "end": "2010-01-01"}
    rows = database(corpus_db).execute(QUERIES["post_between"][1], params).fetchall()
    expected = {
        key
        for key, c in corpus_cables.items()
        if c.origin == "PARIS" and c.date is not None and c.date.year == 2009
    }
    assert expected and {row["key"] for row in rows} == expected


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_database_opens_in_datasette(corpus_db: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            str(corpus_db),
            "-m",
            metadata_path(str(corpus_db)),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/cables/citing.json?cited_id=09BERLIN1167&_shape=array"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    rows = json.load(response)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        direct = database(corpus_db).execute(QUERIES["citing"][1], {"cited_id": "09BERLIN1167"})
        assert [row["key"] for row in rows] == [row["key"] for row in direct.fetchall()]
        assert len(rows) >= 2
    finally:
        server.terminate()
        server.wait(timeout=30)


EXPLORE_PARAMETERS: dict[str, dict[str, str]] = {
    "most_cited": {},
    "citing": {"cited_id": "09BERLIN1167"},
    "tag_per_year": {"tag": "PREL"},
    "search": {"query": "uranium AND enrichment"},
    "post_between": {"origin": "PARIS", "start": "2009-01-01", "end": "2009-03-01"},
}


def explore_answers() -> dict[str, list[list[str]]]:
    """Each query's answer table in docs/explore.md, by query name: its rows' cells."""
    page = (Path(__file__).resolve().parent.parent / "docs" / "explore.md").read_text()
    answers = {}
    for section in page.split("\n### ")[1:]:
        name = re.search(r"\(`(\w+)`", section.split("\n", 1)[0])
        assert name is not None
        rows = [line for line in section.splitlines() if line.startswith("| ")]
        answers[name[1]] = [
            [cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]
        ]
    return answers


def test_the_answers_shown_in_the_docs_are_the_corpus_databases(corpus_db: Path) -> None:
    answers = explore_answers()
    assert set(answers) == set(QUERIES) == set(EXPLORE_PARAMETERS)
    db = sqlite3.connect(corpus_db)
    for name, shown in answers.items():
        got = db.execute(QUERIES[name][1], EXPLORE_PARAMETERS[name]).fetchall()
        got_cells = [["" if v is None else str(v) for v in row] for row in got]
        if name == "tag_per_year":  # the docs show the last six years
            got_cells = got_cells[-6:]
        assert shown, name
        for cells, row in zip(shown, got_cells, strict=False):
            # The first two cells exactly; a long subject is cut short with "...".
            assert cells[:2] == row[:2], name
            assert all(c.removesuffix("...").strip() in r for c, r in zip(cells, row, strict=False))
        assert len(shown) <= len(got_cells)


def test_a_batch_the_database_refuses_is_an_error_and_adds_nothing(tmp_path: Path) -> None:
    from cableformat_sqlite import SqliteWriter, rows_of

    (record,) = cableformat.read(write_cables(tmp_path / "in", 1) / "09ATLANTIS1.txt")
    out = tmp_path / "cables.db"
    writer = SqliteWriter(str(out))
    writer.add("09ATLANTIS1", rows_of(record))
    writer.add("09ATLANTIS1", rows_of(record))  # a key twice: the batch is refused whole
    with pytest.raises(sqlite3.IntegrityError):
        writer.close()
    assert count(database(out), "cables") == 0
    assert count(database(out), "paragraphs") == 0


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cst.cable_texts())
def test_any_cable_text_is_kept_whole_with_its_fields(tmp_path: Path, text: str) -> None:
    from cableformat_sqlite import SqliteWriter, rows_of

    cable = cableformat.loads(text)
    out = tmp_path / "cables.db"
    out.unlink(missing_ok=True)
    writer = SqliteWriter(str(out))
    writer.add("k", rows_of(cableformat.Record(cable, "generated.txt")))
    writer.close()
    db = database(out)
    row = db.execute("SELECT * FROM cables").fetchone()
    assert row["text"] == text
    assert (row["subject"], row["summary"], row["signer"]) == (
        cable.subject,
        cable.summary,
        cable.signature,
    )
    tags = [t for (t,) in db.execute("SELECT tag FROM tags ORDER BY position")]
    assert tags == list(cable.tags)
    cited = [c for (c,) in db.execute("SELECT cited_id FROM citations ORDER BY position")]
    assert cited == list(cable.cited_ids)
    kinds = (cableformat.Paragraph, cableformat.Heading, cableformat.Bullet, cableformat.Text)
    texts = [t for (t,) in db.execute("SELECT text FROM paragraphs ORDER BY position")]
    assert texts == [b.text for b in cable.body if isinstance(b, kinds)]
    assert count(db, "cables_fts") == 1
    db.close()


def test_batches_inserted_by_the_inserting_process_are_all_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cableformat_sqlite import SqliteWriter, _database, rows_of

    monkeypatch.setattr(_database, "_BATCH", 2)  # from the first full batch on: a process
    records = [
        r for p in sorted(write_cables(tmp_path / "in", 5).iterdir()) for r in cableformat.read(p)
    ]
    out = tmp_path / "cables.db"
    writer = SqliteWriter(str(out))
    for record in records:
        writer.add(record.cable.reference_id or "", rows_of(record))
    inserter = writer.inserter
    assert inserter is not None
    writer.close()
    assert not inserter.process.is_alive()
    db = database(out)
    assert count(db, "cables") == 5 and count(db, "cables_fts") == 5
    kinds = (cableformat.Paragraph, cableformat.Heading, cableformat.Bullet, cableformat.Text)
    blocks = sum(isinstance(b, kinds) for r in records for b in r.cable.body)
    assert blocks and count(db, "paragraphs") == blocks


def test_a_batch_the_inserting_process_refuses_stops_the_run_and_keeps_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cableformat_sqlite import SqliteWriter, _database, rows_of

    monkeypatch.setattr(_database, "_BATCH", 2)
    (record,) = cableformat.read(write_cables(tmp_path / "in", 1) / "09ATLANTIS1.txt")
    out = tmp_path / "cables.db"
    writer = SqliteWriter(str(out))
    for key in ["A", "B", "C", "C"]:  # the second batch holds a key twice
        writer.add(key, rows_of(record))
    with pytest.raises(sqlite3.IntegrityError):
        writer.close()
    assert writer.inserter is not None and not writer.inserter.process.is_alive()
    assert [k for (k,) in database(out).execute("SELECT key FROM cables")] == ["A", "B"]


def test_packed_rows_and_plain_rows_give_the_same_database_rows(tmp_path: Path) -> None:
    from cableformat_sqlite import SqliteExporter, SqliteWriter, pack, rows_of

    records = [
        r for p in sorted(write_cables(tmp_path / "in", 3).iterdir()) for r in cableformat.read(p)
    ]
    shapes: dict[str, Callable[[cableformat.Record], Any]] = {
        "plain": rows_of,
        "packed": lambda record: pack(rows_of(record)),
        "exporter": SqliteExporter().rows,
    }
    assert isinstance(shapes["exporter"](records[0]), bytes)
    outs = []
    for shape, rows in shapes.items():
        out = tmp_path / f"{shape}.db"
        writer = SqliteWriter(str(out))
        for record in records:
            writer.add(str(record.cable.reference_id), rows(record))
        writer.close()
        outs.append(out)

    def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
        db = sqlite3.connect(path)
        got = {t: sorted(db.execute(f"SELECT * FROM {t}")) for t in TABLES}
        got["fts"] = sorted(db.execute("SELECT rowid, * FROM cables_fts"))
        db.close()
        return got

    plain, *others = (tables(out) for out in outs)
    assert plain["cables"] and plain["paragraphs"] and len(plain["fts"]) == 3
    assert all(other == plain for other in others)


def test_the_full_text_index_holds_a_batch_of_terms_in_memory(tmp_path: Path) -> None:
    from cableformat_sqlite import SqliteWriter, _database

    out = tmp_path / "cables.db"
    SqliteWriter(str(out)).close()
    (held,) = sqlite3.connect(out).execute("SELECT v FROM cables_fts_config WHERE k='hashsize'")
    assert held[0] == _database._FTS_HASH > 1 << 20  # more than FTS5's default megabyte
