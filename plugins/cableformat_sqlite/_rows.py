"""One record as the rows of the collection tables: made in a worker, added by the writer.

Shared by the SQLite and Parquet exporters, so both hold the same values.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

import cableformat
from cableformat import Bullet, Heading, Paragraph, Record, Text

__all__ = ["CableRow", "Rows", "rows_of"]

_KINDS = ((Paragraph, "paragraph"), (Heading, "heading"), (Bullet, "bullet"), (Text, "text"))


class CableRow(NamedTuple):
    """The ``cables`` table's row of a record, in its columns' order, without the key."""

    reference_id: str | None
    canonical_id: str | None
    publisher_id: str | None
    date: str | None
    """``2008-06-02T14:32:00Z``"""
    year: int | None
    classification: str | None
    origin: str | None
    sender: str | None
    subject: str | None
    summary: str | None
    signer: str | None
    partial: int
    """1 for a partial extract, else 0"""
    released: str | None
    """``2010-12-08``"""
    source: str
    source_row: int | None
    text: str


class Rows(NamedTuple):
    """A record's rows, each table's without the cable's key (the writer puts it first)."""

    cable: CableRow
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

    @classmethod
    def of(cls, rows: Any) -> Rows:
        """``rows`` as ``rows_of`` makes them, also when given as plain tuples."""
        if isinstance(rows, Rows) and isinstance(rows.cable, CableRow):
            return rows
        return cls(CableRow(*rows[0]), *rows[1:])


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
    row = CableRow(
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
    rows = Rows(row, addressees, tags, refs, citations, paragraphs)
    # Every value but the file's name and the publisher's id is read from the text.
    # isascii() is a flag lookup: only a text with other characters is searched.
    if any(
        not s.isascii() and _SURROGATE.search(s) for s in (row.text, row.source, published or "")
    ):
        return _without_surrogates(rows)
    return rows


# A byte the file's encoding could not decode is a lone surrogate in the cable (so that
# it is written back as it was); a database holds UTF-8 text, which has no place for
# one: there it is U+FFFD, the replacement character, as in the JSON-LD and text exports.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _without_surrogates(rows: Rows) -> Rows:
    def clean(row: tuple[Any, ...]) -> Any:
        return tuple(
            _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value for value in row
        )

    return Rows(
        CableRow(*clean(rows.cable)),
        *([clean(row) for row in table] for table in rows[1:]),
    )
