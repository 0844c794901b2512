"""Parquet collection export: the SQLite exporter's tables as typed Parquet files.

``cableformat convert INPUT... --to parquet -o cables/`` writes one folder per table
(``cables/cables/``, ``cables/tags/``, ...), each run adding part files for the records
the folder lacks; DuckDB, pandas and pyarrow read a table's folder as one table.  Needs
pyarrow: ``pip install 'cableformat[parquet]'``.  See ``docs/explore.md``.
"""

from __future__ import annotations

from collections.abc import Callable

import cableformat

from ._tables import SCHEMAS, ParquetExporter, ParquetWriter, tables_of

__all__ = [
    "SCHEMAS",
    "ParquetExporter",
    "ParquetWriter",
    "register_collection_exporters",
    "tables_of",
]


@cableformat.hookimpl
def register_collection_exporters(
    register: Callable[[cableformat.CollectionExporter], None],
) -> None:
    register(ParquetExporter())
