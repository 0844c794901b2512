"""Tests for the summary exporter, run against every kind of cable cableformat builds."""

from __future__ import annotations

from cableformat_example import COLUMNS, SummaryExporter
from hypothesis import given

import cableformat
from cableformat.strategies import cables


def test_is_an_exporter() -> None:
    assert isinstance(SummaryExporter(), cableformat.Exporter)
    assert not isinstance(SummaryExporter(), cableformat.ReadableExporter)


def test_header_names_the_columns() -> None:
    text = SummaryExporter().export(cableformat.loads(""), header=True)
    assert text.splitlines() == ["\t".join(COLUMNS), "\t\t\t"]


@given(cables())
def test_one_line_of_four_fields(cable: cableformat.Cable) -> None:
    text = SummaryExporter().export(cable)
    assert text.endswith("\n")
    assert len(text.splitlines()) == 1
    fields = text[:-1].split("\t")
    assert len(fields) == len(COLUMNS)
    assert fields[0] == (cable.reference_id or "")
    assert fields[3] == " ".join((cable.subject or "").split())
