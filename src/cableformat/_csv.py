"""The ``cables.csv`` dump, one row at a time.

Eight columns: row number, ``M/D/YYYY H:MM``, reference id, origin, classification,
references joined by ``|``, header, body.  Quotes inside fields are escaped with a
backslash (``\\"``, ``SHAH\\'S``) rather than doubled.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any

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


_NEXT_ROW = re.compile(r'\n"\d+","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}",')
"""``_ROW_START`` at the start of a line after the first, in the lines of a row joined."""


class _Feed:
    """The lines handed to the csv reader, and the lines each row it reads took: a row
    that ran on into the next row's first line is cut there and those lines fed again.

    The reader reads one copy of the lines (``itertools.tee``) and a row's lines are
    taken from the other by the count the reader keeps: a Python step per line was a
    third of the time of reading a dump.
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self.rest: Iterator[str] = iter(lines)
        self.reader: Any = None
        self.restart([])

    def restart(self, again: list[str]) -> None:
        """A new reader, of ``again`` and then the lines not taken yet."""
        read, self.rest = itertools.tee(itertools.chain(again, self.rest))
        self.reader = csv.reader(read, escapechar="\\", doublequote=False)

    def take(self, before: int) -> list[str]:
        """The lines the reader has read since its count was ``before``."""
        return list(itertools.islice(self.rest, self.reader.line_num - before))


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
    number = consumed = 0
    held: Row | None = None  # the last row waits: at the end, it may prove cut off
    held_lines: list[str] = []
    while True:
        start = consumed + 1
        before = feed.reader.line_num
        try:
            fields = next(feed.reader)
        except StopIteration:
            if held is not None:
                if held.problem is None and _unterminated(held_lines):
                    held = attrs.evolve(
                        held, fields=(), problem="the file ends inside this row (a quote is open)"
                    )
                yield held
            return
        except csv.Error as error:
            taken = feed.take(before)
            if not taken:  # nothing consumed: the reader cannot move on
                return
            consumed += len(taken)
            number += 1
            if held is not None:
                yield held
            held, held_lines = Row(number, start, (), problem=f"malformed CSV: {error}"), []
            feed.restart([])
            continue
        taken = feed.take(before)
        # A quoted row opening on a later line of this one: a quote was left open.  Each
        # line but a file's last ends with "\n", so the row's lines joined show it.
        cut = None
        if len(taken) > 1:
            joined = "".join(taken)
            if opening := _NEXT_ROW.search(joined, len(taken[0]) - 1):
                cut = joined.count("\n", 0, opening.start()) + 1
        if cut is not None:
            again = taken[cut:]
            consumed += cut
            number += 1
            if held is not None:
                yield held
            opened = f"a quote left open runs into the next row (line {start + cut})"
            held, held_lines = Row(number, start, (), problem=opened), []
            feed.restart(again)
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
