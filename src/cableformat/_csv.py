"""The ``cables.csv`` dump, one row at a time.

Eight columns: row number, ``M/D/YYYY H:MM``, reference id, origin, classification,
references joined by ``|``, header, body.  Quotes inside fields are escaped with a
backslash (``\\"``, ``SHAH\\'S``) rather than doubled.
"""

from __future__ import annotations

import csv
import re
from collections import deque
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


# The opening of a data row as the dump writes it: the row number and the date, quoted.
# Inside a field every quote is escaped, so a line that opens like this opens a row.
_ROW_START = re.compile(r'"\d+","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}",')
_DATE = re.compile(r"\s*\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}")
_ESCAPE = re.compile(r"\\.", re.DOTALL)


class _Feed:
    """The lines handed to the csv reader, keeping those of the row being read: a row
    that ran on into the next row's first line is cut there and those lines fed again."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.source = iter(lines)
        self.again: deque[str] = deque()
        self.taken: list[str] = []

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        line = self.again.popleft() if self.again else next(self.source)
        self.taken.append(line)
        return line


def _reader(feed: _Feed) -> Iterator[list[str]]:
    return csv.reader(feed, escapechar="\\", doublequote=False)


def _unterminated(lines: list[str]) -> bool:
    """Whether a quote the row opened is still open at its last line."""
    return _ESCAPE.sub("", "".join(lines)).count('"') % 2 == 1


def rows(lines: Iterable[str]) -> Iterator[Row]:
    """The rows of a ``cables.csv`` file given as its lines (decoded as UTF-8 with
    surrogate escapes); malformed ones carry a problem, and reading picks up again at
    the next row: a quote left open never swallows the rows after it."""
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    feed = _Feed(lines)
    reader = _reader(feed)
    number = consumed = 0
    held: Row | None = None  # the last row waits: at the end, it may prove cut off
    held_lines: list[str] = []
    while True:
        start = consumed + 1
        feed.taken = []
        try:
            fields = next(reader)
        except StopIteration:
            if held is not None:
                if held.problem is None and _unterminated(held_lines):
                    held = attrs.evolve(
                        held, fields=(), problem="the file ends inside this row (a quote is open)"
                    )
                yield held
            return
        except csv.Error as error:
            taken = feed.taken
            if not taken:  # nothing consumed: the reader cannot move on
                return
            consumed += len(taken)
            number += 1
            if held is not None:
                yield held
            held, held_lines = Row(number, start, (), problem=f"malformed CSV: {error}"), []
            reader = _reader(feed)
            continue
        taken = feed.taken
        # A quoted row opening on a later line of this one: a quote was left open.
        cut = next(
            (k for k in range(1, len(taken)) if taken[k][:1] == '"' and _ROW_START.match(taken[k])),
            None,
        )
        if cut is not None:
            feed.again.extendleft(reversed(taken[cut:]))
            consumed += cut
            number += 1
            if held is not None:
                yield held
            opened = f"a quote left open runs into the next row (line {start + cut})"
            held, held_lines = Row(number, start, (), problem=opened), []
            reader = _reader(feed)
            continue
        consumed += len(taken)
        if not fields:
            continue
        number += 1
        encoding, errors = "utf-8", "strict"
        # isascii() is a flag lookup; only a row with other characters is searched.
        if any(not field.isascii() and _ESCAPED.search(field) for field in fields):
            fields, (encoding, errors) = _redecode(fields)
        problem = None
        if len(fields) >= 2 and not fields[0].strip().isdigit() and not _DATE.match(fields[1]):
            problem = f"not a data row (column names?): {', '.join(fields[:3])}"
        elif len(fields) != 8:
            problem = f"expected 8 columns, found {len(fields)}"
        if held is not None:
            yield held
        held, held_lines = Row(number, start, tuple(fields), encoding, errors, problem), taken
