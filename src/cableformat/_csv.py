"""The ``cables.csv`` dump, one row at a time.

Eight columns: row number, ``M/D/YYYY H:MM``, reference id, origin, classification,
references joined by ``|``, header, body.  Quotes inside fields are escaped with a
backslash (``\\"``, ``SHAH\\'S``) rather than doubled.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

import attrs

from ._io import decode

__all__ = ["COLUMNS", "FIELD_LIMIT", "Row", "looks_like_csv", "rows"]

COLUMNS = ("row", "created", "reference_id", "origin", "classification", "references")
"""Metadata names of the first six columns; the last two hold the cable."""

FIELD_LIMIT = 1 << 25
"""Longest field accepted, in characters.  Real bodies pass the csv module's default
(131,072); a bound still matters, because a stray quote would otherwise read the rest
of the file into one field."""

_FIRST_ROW = re.compile(rb'\A(?:\xef\xbb\xbf)?"?\d+"?,"?\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}"?,')


@attrs.frozen
class Row:
    number: int
    """1-based among the file's data rows (blank lines are not rows)."""
    line: int
    """The physical line the row starts on."""
    fields: tuple[str, ...]
    encoding: str = "utf-8"
    errors: str = "strict"
    problem: str | None = None


def looks_like_csv(head: bytes) -> bool:
    """Whether a file's first bytes open a ``cables.csv`` row: a number, then a date."""
    return _FIRST_ROW.match(head) is not None


_ESCAPED = re.compile("[\udc80-\udcff]")


def _redecode(fields: list[str]) -> tuple[list[str], tuple[str, str]]:
    """Fields of a row with bytes that are not UTF-8, read with the legacy fallbacks.

    Lines reach the reader decoded as UTF-8 with surrogate escapes (fast, in C); the
    rare line that is not UTF-8 is decoded again here, line by line, as
    :func:`cableformat._io.decode` would have read it.
    """
    legacy: tuple[str, str] | None = None
    out = []
    for field in fields:
        if _ESCAPED.search(field):
            parts = field.split("\n")
            for i, part in enumerate(parts):
                if _ESCAPED.search(part):
                    decoded = decode(part.encode("utf-8", "surrogateescape"))
                    parts[i] = decoded.text
                    legacy = legacy or (decoded.encoding, decoded.errors)
            field = "\n".join(parts)
        out.append(field)
    return out, legacy or ("utf-8", "strict")


def rows(lines: Iterable[str]) -> Iterator[Row]:
    """The rows of a ``cables.csv`` file given as its lines (decoded as UTF-8 with
    surrogate escapes); malformed ones carry a problem."""
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(lines, escapechar="\\", doublequote=False)
    number = end = 0
    while True:
        start = end + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if reader.line_num == end:  # nothing consumed: the reader cannot move on
                return
            number += 1
            end = reader.line_num
            yield Row(number, start, (), problem=f"malformed CSV: {error}")
            continue
        end = reader.line_num
        if not fields:
            continue
        number += 1
        encoding, errors = "utf-8", "strict"
        # isascii() is a flag lookup; only a row with other characters is searched.
        if any(not field.isascii() and _ESCAPED.search(field) for field in fields):
            fields, (encoding, errors) = _redecode(fields)
        problem = None
        if len(fields) != 8:
            problem = f"expected 8 columns, found {len(fields)}"
        yield Row(number, start, tuple(fields), encoding, errors, problem)
