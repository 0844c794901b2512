"""The built-in ``parquet`` collection exporter: typed tables, resuming, queries."""

from __future__ import annotations

import collections
import datetime as dt
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings

import cableformat
from cableformat import strategies as cst

from .conftest import CORPUS, need_corpus
from .test_collections import convert, write_cables

# --- the parquet exporter ------------------------------------------------------------------


def test_parquet_tables_are_typed_and_resumable(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.dataset as ds

    cables = write_cables(tmp_path / "in", 2)
    out = tmp_path / "tables"
    assert convert(str(cables), "--to", "parquet", "-o", str(out)) == 0
    assert (out / "cableformat-report.json").exists()
    table = ds.dataset(out / "cables").to_table()
    schema = table.schema
    assert schema.field("date").type == pa.timestamp("ms", tz="UTC") or pa.types.is_timestamp(
        schema.field("date").type
    )
    assert schema.field("released").type == pa.date32()
    assert schema.field("tags").type == pa.list_(pa.string())
    assert schema.field("partial").type == pa.bool_()
    first = table.sort_by("key").to_pylist()[0]
    assert first["key"] == "09ATLANTIS1" and first["tags"] == ["PREL", "PGOV", "XX"]
    assert first["date"].isoformat() == "2009-02-14T12:30:00+00:00"
    assert first["to"] == ["SECSTATE WASHDC"] and first["cited_ids"] == ["09STATE101"]

    write_cables(cables, 1, start=3)
    assert convert(str(cables), "--to", "parquet", "-o", str(out)) == 0
    assert ds.dataset(out / "cables").count_rows() == 3
    assert ds.dataset(out / "paragraphs").count_rows() == 6
    assert len(os.listdir(out / "cables")) == 2  # a part file per run
    assert convert(str(cables), "--to", "parquet", "-o", str(out), "--force") == 0
    assert len(os.listdir(out / "cables")) == 1
    assert ds.dataset(out / "tags").count_rows() == 9


def test_parquet_drops_a_stopped_runs_unfinished_batch(tmp_path: Path) -> None:
    from cableformat_parquet import ParquetWriter

    cables = write_cables(tmp_path / "in", 2)
    out = tmp_path / "tables"
    assert convert(str(cables), "--to", "parquet", "-o", str(out)) == 0
    # A batch whose tags part was written but not its cables part: a run that stopped.
    orphan = out / "tags" / "part-000009.parquet"
    orphan.write_bytes((out / "tags" / "part-000001.parquet").read_bytes())
    ParquetWriter(str(out)).close()
    assert not orphan.exists()


def test_the_documented_queries_run_on_the_parquet_tables(tmp_path: Path) -> None:
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    txt = need_corpus(CORPUS)
    corpus_cables = [r.cable for r in cableformat.read(txt / "cablegate" / "txt")]
    out = tmp_path / "tables"
    assert convert(str(txt / "cablegate" / "txt"), "--to", "parquet", "-o", str(out)) == 0
    citations = ds.dataset(out / "citations").to_table()
    counted = citations.group_by("cited_id").aggregate([("cable", "count")])
    top = counted.sort_by([("cable_count", "descending"), ("cited_id", "ascending")])
    cited = collections.Counter(i for c in corpus_cables for i in c.cited_ids)
    assert top.slice(0, 1).to_pylist()[0]["cable_count"] == max(cited.values())
    cables = ds.dataset(out / "cables").to_table(columns=["key", "origin", "date"])
    paris = cables.filter(pc.equal(cables["origin"], "PARIS"))
    assert paris.num_rows == sum(c.origin == "PARIS" for c in corpus_cables)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cst.cable_texts())
def test_any_cable_text_is_kept_whole_in_the_tables(tmp_path: Path, text: str) -> None:
    import pyarrow.dataset as ds

    from cableformat_parquet import ParquetWriter
    from cableformat_sqlite import rows_of

    cable = cableformat.loads(text)
    out = tmp_path / "tables"
    writer = ParquetWriter(str(out), force=True)
    writer.add("k", rows_of(cableformat.Record(cable, "generated.txt")))
    writer.close()
    (row,) = ds.dataset(out / "cables").to_table().to_pylist()
    assert row["text"] == text and row["tags"] == list(cable.tags)
    assert row["cited_ids"] == list(cable.cited_ids)
    try:
        date = cable.date
    except (ValueError, OverflowError):  # a date-time group no calendar has: no date
        date = None
    if date is None:
        assert row["date"] is None
    else:
        utc = date if date.tzinfo is not None else date.replace(tzinfo=dt.UTC)
        assert row["date"] == utc.replace(microsecond=0)
