"""One record as the rows of the collection tables: made in a worker, added by the writer.

Shared by the SQLite and Parquet exporters, so both hold the same values.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import cableformat
from cableformat import Bullet, Heading, Paragraph, Record, Text

__all__ = ["Rows", "rows_of"]

_KINDS = ((Paragraph, "paragraph"), (Heading, "heading"), (Bullet, "bullet"), (Text, "text"))


class Rows(NamedTuple):
    """A record's rows, each table's without the cable's key (the writer puts it first)."""

    cable: tuple[object, ...]
    """reference_id, canonical_id, publisher_id, date, year, classification, origin,
    sender, subject, summary, signer, partial, released, source, source_row, text"""
    addressees: list[tuple[str, int, str, str | None]]
    """role (to, info, excluded), position, address, routing_indicator"""
    tags: list[tuple[int, str, str]]
    """position, tag, kind"""
    refs: list[tuple[int, str | None, str, str]]
    """position, label, kind, text"""
    citations: list[tuple[int, str]]
    """position (the order the REF list cites them in), cited id"""
    paragraphs: list[tuple[int, str, int | None, str | None, str]]
    """position (the block's index in the body), kind, number, marking, text"""


def _when(value: dt.datetime | None) -> str | None:
    """``2008-06-02T14:32:00Z``: UTC, in the form SQLite's date functions read."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def rows_of(record: Record) -> Rows:
    """The rows of one record's cable, as the collection tables hold them."""
    cable = record.cable
    try:
        date = cable.date
    except (ValueError, OverflowError):  # a date-time group no calendar has
        date = None
    reference_id = cable.reference_id
    published = record.metadata.get("reference_id", "").strip() or None
    released = record.released
    row = (
        reference_id,
        cableformat.canonical_id(reference_id) if reference_id else None,
        published,
        _when(date),
        date.year if date is not None else None,
        cable.classification,
        cable.origin,
        cable.sender,
        cable.subject,
        cable.summary,
        cable.signature,
        int(cable.is_partial),
        released.isoformat() if released is not None else None,
        record.source,
        record.row,
        cableformat.dumps(cable),
    )
    addressees = [
        (role, position, one.address, one.routing_indicator)
        for role, group in (("to", cable.to), ("info", cable.info), ("excluded", cable.excluded))
        for position, one in enumerate(group)
    ]
    tags = [(i, tag, cableformat.tag_kind(tag)) for i, tag in enumerate(cable.tags)]
    refs = [(i, ref.label, ref.kind, ref.text) for i, ref in enumerate(cable.references)]
    citations = [(i, cited) for i, cited in enumerate(cable.cited_ids)]
    paragraphs: list[tuple[int, str, int | None, str | None, str]] = []
    for index, block in enumerate(cable.body):
        for kind_of, kind in _KINDS:
            if isinstance(block, kind_of):
                number = block.number if isinstance(block, Paragraph) else None
                marking = block.marking if isinstance(block, Paragraph) else None
                paragraphs.append((index, kind, number, marking, block.text))
                break
    return Rows(row, addressees, tags, refs, citations, paragraphs)
