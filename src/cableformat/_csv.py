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


class _Lines:
    """Decodes a binary file line by line, counting lines and noting legacy encodings.

    Each line is decoded on its own so that memory stays bounded by the longest row;
    a line that is not UTF-8 gets :func:`cableformat._io.decode`'s fallbacks.
    """

    def __init__(self, lines: Iterable[bytes]) -> None:
        self._lines = iter(lines)
        self.count = 0
        self.legacy: tuple[str, str] | None = None

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        data = next(self._lines)
        self.count += 1
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            decoded = decode(data)
            if self.legacy is None:
                self.legacy = (decoded.encoding, decoded.errors)
            return decoded.text


def rows(lines: Iterable[bytes]) -> Iterator[Row]:
    """The rows of a ``cables.csv`` file given as binary lines; malformed ones carry a problem."""
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    source = _Lines(lines)
    reader = csv.reader(source, escapechar="\\", doublequote=False)
    number = end = 0
    while True:
        start = end + 1
        source.legacy = None
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if source.count == end:  # nothing consumed: the reader cannot move on
                return
            number += 1
            end = source.count
            yield Row(number, start, (), problem=f"malformed CSV: {error}")
            continue
        end = source.count
        if not fields:
            continue
        number += 1
        encoding, errors = source.legacy or ("utf-8", "strict")
        problem = None
        if len(fields) != 8:
            problem = f"expected 8 columns, found {len(fields)}"
        yield Row(number, start, tuple(fields), encoding, errors, problem)
