"""The Parquet tables: their types, the writer that adds part files to each folder.

pyarrow is imported when an output is opened, not with the plugin, so that without it
the other exporters load without a warning and ``--to parquet`` says what to install.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from cableformat_sqlite import CableRow, Rows, rows_of

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["SCHEMAS", "ParquetExporter", "ParquetWriter", "tables_of"]

# Each table's columns and their types, by name (pyarrow type names, built on open).
SCHEMAS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "cables": (
        ("key", "string"),
        ("reference_id", "string"),
        ("canonical_id", "string"),
        ("publisher_id", "string"),
        ("date", "timestamp"),
        ("year", "int16"),
        ("classification", "string"),
        ("origin", "string"),
        ("sender", "string"),
        ("subject", "string"),
        ("summary", "string"),
        ("signer", "string"),
        ("partial", "bool"),
        ("released", "date"),
        ("source", "string"),
        ("source_row", "int64"),
        ("text", "string"),
        ("to", "list"),
        ("info", "list"),
        ("tags", "list"),
        ("cited_ids", "list"),
    ),
    "addressees": (
        ("cable", "string"),
        ("role", "string"),
        ("position", "int32"),
        ("address", "string"),
        ("routing_indicator", "string"),
    ),
    "tags": (("cable", "string"), ("position", "int32"), ("tag", "string"), ("kind", "string")),
    "refs": (
        ("cable", "string"),
        ("position", "int32"),
        ("label", "string"),
        ("kind", "string"),
        ("text", "string"),
    ),
    "citations": (("cable", "string"), ("position", "int32"), ("cited_id", "string")),
    "paragraphs": (
        ("cable", "string"),
        ("position", "int32"),
        ("kind", "string"),
        ("number", "int32"),
        ("marking", "string"),
        ("text", "string"),
    ),
}
"""The SQLite exporter's tables, typed: dates as timestamps (UTC) and dates, flags as
booleans, and in ``cables`` the addressees, tags and cited ids also as lists."""

_FLUSH_EVERY = 500
"""Records held before their rows are written as one part file per table: a part per
record would make thousands of tiny files, and all of them at once, a run's size in
memory."""


def _pyarrow() -> Any:
    try:
        # Imported here: optional, and only this exporter needs it.
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ImportError(
            "the parquet exporter needs pyarrow: pip install 'cableformat[parquet]'"
        ) from exc
    return pa, pq


def _schema(pa: Any, table: str) -> pa.Schema:
    types = {
        "string": pa.string(),
        "int16": pa.int16(),
        "int32": pa.int32(),
        "int64": pa.int64(),
        "bool": pa.bool_(),
        "timestamp": pa.timestamp("s", tz="UTC"),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
    }
    return pa.schema([(name, types[kind]) for name, kind in SCHEMAS[table]])


def tables_of(key: str, rows: Rows) -> dict[str, list[tuple[Any, ...]]]:
    """One record's rows per table, typed as the Parquet columns take them."""
    row = rows.cable
    cable: list[Any] = list(row)
    at = CableRow._fields.index
    if row.date is not None:
        date = dt.datetime.strptime(row.date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        cable[at("date")] = date
    cable[at("partial")] = bool(row.partial)
    if row.released is not None:
        cable[at("released")] = dt.date.fromisoformat(row.released)
    lists = (
        [a[2] for a in rows.addressees if a[0] == "to"],
        [a[2] for a in rows.addressees if a[0] == "info"],
        [t[1] for t in rows.tags],
        [c[1] for c in rows.citations],
    )
    return {
        "cables": [(key, *cable, *lists)],
        "addressees": [(key, *row) for row in rows.addressees],
        "tags": [(key, *row) for row in rows.tags],
        "refs": [(key, *row) for row in rows.refs],
        "citations": [(key, *row) for row in rows.citations],
        "paragraphs": [(key, *row) for row in rows.paragraphs],
    }


class ParquetWriter:
    """The open folder of a run: records are held and written a part file per table."""

    def __init__(self, path: str, *, force: bool = False) -> None:
        self.pa, self.pq = _pyarrow()
        self.path = path
        if os.path.exists(path) and not os.path.isdir(path):
            raise NotADirectoryError(f"{path} is a file: the parquet output is a folder")
        if force:
            for table in SCHEMAS:
                with contextlib.suppress(FileNotFoundError):
                    shutil.rmtree(os.path.join(path, table))
        for table in SCHEMAS:
            os.makedirs(os.path.join(path, table), exist_ok=True)
        self._remove_unfinished()
        self.schemas = {table: _schema(self.pa, table) for table in SCHEMAS}
        self.held: dict[str, list[tuple[Any, ...]]] = {table: [] for table in SCHEMAS}
        self.count = 0
        self.parts = self._next_part()

    def _remove_unfinished(self) -> None:
        """Remove what a stopped run left: half-written files, and parts of a batch whose
        cables part (written last) is missing, as those records are added again."""
        finished = set(os.listdir(os.path.join(self.path, "cables")))
        for table in SCHEMAS:
            folder = os.path.join(self.path, table)
            for name in os.listdir(folder):
                if name.endswith(".partial") or (
                    name.startswith("part-") and name.endswith(".parquet") and name not in finished
                ):
                    os.unlink(os.path.join(folder, name))

    def _next_part(self) -> int:
        """The number of the next part file: after every part an earlier run wrote."""
        numbers = [
            int(name[5:-8])
            for table in SCHEMAS
            for name in os.listdir(os.path.join(self.path, table))
            if name.startswith("part-") and name.endswith(".parquet") and name[5:-8].isdigit()
        ]
        return max(numbers, default=0) + 1

    def keys(self) -> Collection[str]:
        folder = os.path.join(self.path, "cables")
        keys: set[str] = set()
        for name in sorted(os.listdir(folder)):
            if name.startswith("part-") and name.endswith(".parquet"):
                table = self.pq.read_table(os.path.join(folder, name), columns=["key"])
                keys.update(table.column("key").to_pylist())
        return keys

    def add(self, key: str, rows: Any, /) -> None:
        for table, more in tables_of(key, Rows.of(rows)).items():
            self.held[table].extend(more)
        self.count += 1
        if self.count >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the held rows: every table's part, the cables table's last, so that a
        run stopped in between leaves those records to the next run (keys come from it)."""
        if not self.count:
            return
        name = f"part-{self.parts:06d}.parquet"
        for table in sorted(SCHEMAS, key=lambda t: t == "cables"):
            rows = self.held[table]
            schema = self.schemas[table]
            columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
            data = self.pa.Table.from_arrays(
                [
                    self.pa.array(list(column), type=field.type)
                    for column, field in zip(columns, schema, strict=True)
                ],
                schema=schema,
            )
            target = os.path.join(self.path, table, name)
            self.pq.write_table(data, target + ".partial")
            os.replace(target + ".partial", target)
            rows.clear()
        self.parts += 1
        self.count = 0

    def close(self) -> None:
        self.flush()


class ParquetExporter:
    """``convert --to parquet -o cables/``: the collection as a folder of Parquet tables."""

    name = "parquet"
    description = "a folder of typed Parquet tables (needs pyarrow)"
    folder = True

    def rows(self, record: Any, /) -> Rows:
        return rows_of(record)

    def open(self, path: str, /, *, force: bool = False) -> ParquetWriter:
        return ParquetWriter(path, force=force)
