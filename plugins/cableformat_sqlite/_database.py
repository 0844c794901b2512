"""The SQLite collection database: its tables, the writer, the documented queries."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import pickle
import signal
import sqlite3
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from ._rows import CableRow, Rows, rows_of

__all__ = [
    "INDEXES",
    "QUERIES",
    "SCHEMA",
    "TABLES",
    "SqliteExporter",
    "SqliteWriter",
    "metadata_path",
    "pack",
]

SCHEMA = """
CREATE TABLE IF NOT EXISTS cables (
    key TEXT PRIMARY KEY,
    reference_id TEXT,
    canonical_id TEXT,
    publisher_id TEXT,
    date TEXT,
    year INTEGER,
    classification TEXT,
    origin TEXT,
    sender TEXT,
    subject TEXT,
    summary TEXT,
    signer TEXT,
    partial INTEGER NOT NULL,
    released TEXT,
    source TEXT,
    source_row INTEGER,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS addressees (
    cable TEXT NOT NULL REFERENCES cables (key),
    role TEXT NOT NULL CHECK (role IN ('to', 'info', 'excluded')),
    position INTEGER NOT NULL,
    address TEXT NOT NULL,
    routing_indicator TEXT
);
CREATE TABLE IF NOT EXISTS tags (
    cable TEXT NOT NULL REFERENCES cables (key),
    position INTEGER NOT NULL,
    tag TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS refs (
    cable TEXT NOT NULL REFERENCES cables (key),
    position INTEGER NOT NULL,
    label TEXT,
    kind TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS citations (
    cable TEXT NOT NULL REFERENCES cables (key),
    position INTEGER NOT NULL,
    cited_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS paragraphs (
    cable TEXT NOT NULL REFERENCES cables (key),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    number INTEGER,
    marking TEXT,
    text TEXT NOT NULL
);
CREATE VIEW IF NOT EXISTS cables_fts_text (rowid, subject, summary, paragraphs) AS
    SELECT cables.rowid, cables.subject, cables.summary, (
        SELECT group_concat(text, char(10, 10)) FROM (
            SELECT text FROM paragraphs WHERE paragraphs.cable = cables.key ORDER BY position
        )
    )
    FROM cables;
CREATE VIRTUAL TABLE IF NOT EXISTS cables_fts USING fts5 (
    subject, summary, paragraphs,
    content = 'cables_fts_text', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
"""
"""The tables, made when the database is opened (and kept when they are there).  The
full-text index keeps no copy of the text it indexes: its content is a view of the tables
(snippets read it from there), which saves a third of the database."""

INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS addressees_key ON addressees (cable, role, position);
CREATE UNIQUE INDEX IF NOT EXISTS tags_key ON tags (cable, position);
CREATE UNIQUE INDEX IF NOT EXISTS refs_key ON refs (cable, position);
CREATE UNIQUE INDEX IF NOT EXISTS citations_key ON citations (cable, position);
CREATE UNIQUE INDEX IF NOT EXISTS paragraphs_key ON paragraphs (cable, position);
CREATE INDEX IF NOT EXISTS cables_canonical_id ON cables (canonical_id);
CREATE INDEX IF NOT EXISTS cables_origin_date ON cables (origin, date);
CREATE INDEX IF NOT EXISTS cables_year ON cables (year);
CREATE INDEX IF NOT EXISTS addressees_address ON addressees (address);
CREATE INDEX IF NOT EXISTS tags_tag ON tags (tag);
CREATE INDEX IF NOT EXISTS citations_cited_id ON citations (cited_id);
"""
"""The keys of the child tables (a cable's key and the row's place in it) and the indexes
the documented queries need, made when a run closes the database: built once over the
rows, they cost a fraction of keeping them up to date row by row, whose inserts land all
over the B-trees (a key per cable, in the input's order)."""

TABLES: Mapping[str, tuple[str, Mapping[str, str]]] = {
    "cables": (
        "One row per record: the cable's fields as cableformat reads them, and its text.",
        {
            "key": "The record's key in the run: the publisher's id (-2, -3 for later "
            "records of the same id), as convert names files.",
            "reference_id": "The cable's id as its text gives it (08VALLETTA123).",
            "canonical_id": "The Cablegate id the reference id stands for.",
            "publisher_id": "The id the publisher filed the record under, where it says.",
            "date": "The date-time group, in UTC (2008-06-02T14:32:00Z).",
            "year": "The year of the date.",
            "classification": "CONFIDENTIAL, SECRET//NOFORN, ...",
            "origin": "The post the cable was sent from (VALLETTA).",
            "sender": "The FM line's addressee (AMEMBASSY VALLETTA).",
            "subject": "The SUBJECT line, unwrapped.",
            "summary": "The summary the cable gives (SUMMARY: ... END SUMMARY).",
            "signer": "The name the cable is signed with.",
            "partial": "1 for a partial extract (the publisher's notice says so).",
            "released": "The day the publisher released it, where the record says.",
            "source": "The file the record was read from.",
            "source_row": "The row of a cables.csv file.",
            "text": "The cable's whole text, as read.",
        },
    ),
    "addressees": (
        "The TO, INFO and XMT addressees of each cable, in order.",
        {"role": "to, info or excluded (XMT)", "routing_indicator": "RUEHC, ..."},
    ),
    "tags": (
        "The TAGS of each cable, in order, with their kind in the TAGS scheme.",
        {"kind": "subject, geography, program, organization or person"},
    ),
    "refs": (
        "The REF list's items.",
        {"label": "The item's letter (A, B)", "kind": "cable, email, memo, telcon, ..."},
    ),
    "citations": (
        "Each cable id a cable's REF list cites: the edges between cables.",
        {"cited_id": "The cited cable's canonical id (cables.canonical_id when it is here)."},
    ),
    "paragraphs": (
        "The text blocks of each body: numbered paragraphs, headings, bullets, text.",
        {
            "position": "The block's index in the body (the TEI's p<position>).",
            "kind": "paragraph, heading, bullet or text",
            "number": "The paragraph's number as written.",
            "marking": "The portion marking (C, S//NF).",
            "text": "The whole text, unwrapped across lines and section breaks.",
        },
    ),
    "cables_fts": (
        "Full-text index over subject, summary and body text; its rowid is the cable's.",
        {},
    ),
}
"""Each table's description and its columns', for the Datasette metadata file."""

QUERIES: Mapping[str, tuple[str, str]] = {
    "most_cited": (
        "The most cited cables of the collection",
        """
        SELECT citations.cited_id, count(*) AS cited_by, cables.date, cables.subject
        FROM citations LEFT JOIN cables ON cables.canonical_id = citations.cited_id
        GROUP BY citations.cited_id
        ORDER BY cited_by DESC, citations.cited_id
        LIMIT 20
        """,
    ),
    "citing": (
        "The cables that cite a given cable (:cited_id, a canonical id)",
        """
        SELECT cables.key, cables.date, cables.origin, cables.subject
        FROM citations JOIN cables ON cables.key = citations.cable
        WHERE citations.cited_id = :cited_id
        ORDER BY cables.date, cables.key
        """,
    ),
    "tag_per_year": (
        "How many cables carry a tag (:tag), year by year",
        """
        SELECT cables.year, count(*) AS cables
        FROM tags JOIN cables ON cables.key = tags.cable
        WHERE tags.tag = :tag
        GROUP BY cables.year
        ORDER BY cables.year
        """,
    ),
    "search": (
        "Full-text search of subjects, summaries and body text (:query, FTS5 syntax)",
        """
        SELECT cables.key, cables.date, cables.subject,
               snippet(cables_fts, -1, '[', ']', '...', 12) AS excerpt
        FROM cables_fts JOIN cables ON cables.rowid = cables_fts.rowid
        WHERE cables_fts MATCH :query
        ORDER BY rank
        LIMIT 20
        """,
    ),
    "post_between": (
        "The cables of one post (:origin) in a date range (:start to before :end)",
        """
        SELECT key, date, subject
        FROM cables
        WHERE origin = :origin AND date >= :start AND date < :end
        ORDER BY date, key
        """,
    ),
}
"""The documented queries (docs/explore.md), each a title and its SQL; the metadata file
offers them in Datasette as canned queries."""

_BATCH = 500
"""Records held before they are inserted, table by table, in one transaction: a
transaction (a disk sync) and five inserts per record were most of the writing time."""
_INSERTS = {
    "cables": f"INSERT INTO cables (rowid, key, {', '.join(CableRow._fields)}) "
    f"VALUES ({', '.join(['?'] * (2 + len(CableRow._fields)))})",
    "addressees": "INSERT INTO addressees VALUES (?, ?, ?, ?, ?)",
    "tags": "INSERT INTO tags VALUES (?, ?, ?, ?)",
    "refs": "INSERT INTO refs VALUES (?, ?, ?, ?, ?)",
    "citations": "INSERT INTO citations VALUES (?, ?, ?)",
    "paragraphs": "INSERT INTO paragraphs VALUES (?, ?, ?, ?, ?, ?)",
    "cables_fts": "INSERT INTO cables_fts (rowid, subject, summary, paragraphs) "
    "VALUES (?, ?, ?, ?)",
}


_FTS_HASH = 8 << 20
"""Bytes of terms the full-text index holds in memory before it writes a segment."""


def metadata_path(path: str) -> str:
    """The Datasette metadata file beside the database: ``cables.metadata.json``."""
    return str(Path(path).with_suffix("")) + ".metadata.json"


class SqliteWriter:
    """The open database of a run; adds records in batches, one transaction each."""

    def __init__(self, path: str, *, force: bool = False) -> None:
        self.path = path
        if os.path.isdir(path):
            raise IsADirectoryError(f"{path} is a folder: the sqlite output is a file, cables.db")
        if force:
            for leftover in (path, path + "-wal", path + "-shm", path + "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(leftover)
        self.db = sqlite3.connect(path, isolation_level=None)
        try:
            _configure(self.db)
            self.db.executescript(SCHEMA)
            # Up to 16 segments of a level before the full-text index merges them, not
            # 4: merging was a third of the index's cost.
            self.db.execute("INSERT INTO cables_fts (cables_fts, rank) VALUES ('automerge', 16)")
            # Terms held in memory up to 8 MB, not 1 MB, before they are written out as
            # a segment: a batch's terms make one segment, not several to merge (the
            # index cost a third less, 0.25 to 0.16 ms a cable, and is smaller).
            self.db.execute(
                f"INSERT INTO cables_fts (cables_fts, rank) VALUES ('hashsize', {_FTS_HASH})"
            )
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise sqlite3.DatabaseError(f"{path}: not a cableformat database ({exc})") from exc
        # Rowids are given here, so that a cable's full-text row can be held with it.
        (last,) = self.db.execute("SELECT coalesce(max(rowid), 0) FROM cables").fetchone()
        self.rowid = int(last)
        self.held: list[_Held] = []
        self.inserter: _Inserter | None = None

    def keys(self) -> Collection[str]:
        return {key for (key,) in self.db.execute("SELECT key FROM cables")}

    def add(self, key: str, rows: Any, /) -> None:
        """Hold a record's rows, packed (as ``SqliteExporter.rows`` gives them) or not."""
        self.rowid += 1
        self.held.append((self.rowid, key, rows if isinstance(rows, bytes) else pack(rows)))
        if len(self.held) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        """Insert the held records: from the first full batch on, in a process of its
        own, while this one goes on making rows (the writer was the whole run's limit)."""
        if not self.held:
            return
        batch, self.held = self.held, []
        full = len(batch) >= _BATCH
        if self.inserter is None and full:
            self.inserter = _Inserter(self.path)
        if self.inserter is None:  # a run of less than a batch: no process for it
            _insert(self.db, batch)
        else:
            self.inserter.insert(batch)

    def close(self) -> None:
        try:
            self.flush()
            if self.inserter is not None:
                self.inserter.close()
            self.db.executescript(INDEXES)
            self.db.execute("PRAGMA optimize")
        finally:
            if self.inserter is not None:
                self.inserter.stop()
            self.db.close()
        _write_metadata(self.path)


def _configure(db: sqlite3.Connection) -> None:
    # A rollback journal, not a write-ahead log: a run only adds pages, which a log would
    # write twice; with a sync per batch (FULL), a crash loses at most the batch being
    # added and never the database.
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("PRAGMA synchronous = FULL")


_Held = tuple[int, str, bytes]
"""A record waiting to be inserted: its rowid, its key, its packed rows."""


def pack(rows: Any) -> bytes:
    """A record's rows as bytes, plain tuples pickled: a worker packs them, and the run's
    process hands them on to the inserting process as they are, rather than unpickling
    them into objects and pickling them again (a tenth of the run's time)."""
    rows = Rows.of(rows)
    return pickle.dumps((tuple(rows.cable), *rows[1:]), protocol=pickle.HIGHEST_PROTOCOL)


def _tables(batch: list[_Held]) -> dict[str, list[tuple[Any, ...]]]:
    """A batch's rows, table by table, each row with its cable's key first."""
    tables: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _INSERTS}
    cables, fts = tables["cables"], tables["cables_fts"]
    children = [tables[t] for t in ("addressees", "tags", "refs", "citations", "paragraphs")]
    for rowid, key, packed in batch:
        cable, *rest = pickle.loads(packed)
        cables.append((rowid, key, *cable))
        for table, rows in zip(children, rest, strict=True):
            table += [(key, *row) for row in rows]
        body = "\n\n".join(text for *_, text in rest[-1])
        fts.append((rowid, cable[_SUBJECT], cable[_SUMMARY], body))
    return tables


_SUBJECT = CableRow._fields.index("subject")
_SUMMARY = CableRow._fields.index("summary")


def _insert(db: sqlite3.Connection, batch: list[_Held]) -> None:
    """Insert one batch in one transaction: all of it, or (raising) none of it."""
    tables = _tables(batch)
    with db:  # BEGIN ... COMMIT, or ROLLBACK if an insert fails
        db.execute("BEGIN")
        for table, insert in _INSERTS.items():
            db.executemany(insert, tables[table])


class _Inserter:
    """A process that inserts the batches it is sent, one at a time, in order.

    Not a thread: executemany takes Python's lock back for every row, and a thread of
    the run's process waited for it behind the run's other threads for half its time
    (0.9 ms a cable, against 0.4 ms alone).  A process has a lock of its own.  It
    ignores Ctrl-C, which reaches it too: the run decides what is still added.
    """

    def __init__(self, path: str) -> None:
        # spawn, not fork: the run's process has threads (its worker pool's).
        context = multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(path, theirs), daemon=True)
        self.process.start()
        theirs.close()
        self.pending = False

    def insert(self, batch: list[_Held]) -> None:
        """Send a batch, once the batch before is in."""
        self.wait()
        # Its rowids and keys, then each record's packed rows as they are: pickled
        # whole, a batch was copied once more on each side (10 MB).
        self.connection.send([(rowid, key) for rowid, key, _ in batch])
        for *_, packed in batch:
            self.connection.send_bytes(packed)
        self.pending = True

    def wait(self) -> None:
        """Wait for the batch being inserted; raise what stopped it."""
        if not self.pending:
            return
        self.pending = False
        try:
            failure = self.connection.recv()
        except EOFError:
            code = self.process.exitcode
            raise sqlite3.OperationalError(f"the inserting process ended (status {code})") from None
        if failure is not None:
            raise failure

    def close(self) -> None:
        """Wait for the last batch, then end the process."""
        self.wait()
        self.connection.send(None)
        self.process.join()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def _serve(path: str, connection: Any) -> None:
    """The inserting process: each batch received is inserted; None ends it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        _configure(db)
        while (heads := connection.recv()) is not None:
            batch = [(rowid, key, connection.recv_bytes()) for rowid, key in heads]
            try:
                _insert(db, batch)
            except Exception as exc:  # sent back whole: the run raises it
                connection.send(exc)
            else:
                connection.send(None)
    finally:
        db.close()


def _write_metadata(path: str) -> None:
    """The Datasette metadata beside the database: table and column descriptions, the
    full-text index of ``cables``, the documented queries."""
    name = Path(path).stem
    tables: dict[str, Any] = {
        table: {"description": about, "columns": dict(columns)}
        for table, (about, columns) in TABLES.items()
    }
    tables["cables"]["fts_table"] = "cables_fts"
    tables["cables"]["fts_pk"] = "rowid"
    metadata = {
        "title": "Diplomatic cables",
        "description": "Cables read by cableformat (cableformat convert --to sqlite).",
        "databases": {
            name: {
                "tables": tables,
                "queries": {
                    query: {"title": title, "sql": " ".join(sql.split())}
                    for query, (title, sql) in QUERIES.items()
                },
            }
        },
    }
    target = metadata_path(path)
    partial = target + ".partial"
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump(metadata, handle, indent=2)
        handle.write("\n")
    os.replace(partial, target)


class SqliteExporter:
    """``convert --to sqlite -o cables.db``: the collection as one SQLite database."""

    name = "sqlite"
    description = "one SQLite database with full-text search (opens in Datasette)"

    def rows(self, record: Any, /) -> bytes:
        """The record's rows (``rows_of``), packed for the writer (``pack``)."""
        return pack(rows_of(record))

    def open(self, path: str, /, *, force: bool = False) -> SqliteWriter:
        return SqliteWriter(path, force=force)
