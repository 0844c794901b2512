"""SQLite collection export: a whole run of cables as one database, ready for Datasette.

``cableformat convert INPUT... --to sqlite -o cables.db`` writes a row per cable with its
addressees, tags, REF items, citations and paragraphs in tables of their own, a
full-text index, and ``cables.metadata.json`` beside it for ``datasette cables.db -m
cables.metadata.json``.  See ``docs/explore.md``.
"""

from __future__ import annotations

from collections.abc import Callable

import cableformat

from ._database import (
    INDEXES,
    QUERIES,
    SCHEMA,
    TABLES,
    SqliteExporter,
    SqliteWriter,
    metadata_path,
    pack,
)
from ._rows import CableRow, Rows, rows_of

__all__ = [
    "INDEXES",
    "QUERIES",
    "SCHEMA",
    "TABLES",
    "CableRow",
    "Rows",
    "SqliteExporter",
    "SqliteWriter",
    "metadata_path",
    "pack",
    "register_collection_exporters",
    "rows_of",
]


@cableformat.hookimpl
def register_collection_exporters(
    register: Callable[[cableformat.CollectionExporter], None],
) -> None:
    register(SqliteExporter())
