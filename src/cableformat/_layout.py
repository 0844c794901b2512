"""How a cable was written: the source text of each field, beside the value read from it.

A slot ties a stretch of source text to a cable field (or one item of a tuple field)
and remembers the value the parser read from that text.  Writing compares that value
with the cable's current one, so an edit through ``attrs.evolve`` can never be hidden
by stale source text.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["TRIVIA", "Layout", "Slot"]

TRIVIA = ""
"""The field name of slots that hold no value: blank lines and other trivia."""

WHOLE = -1
"""The index of slots that hold a whole field rather than one item of it."""


class Slot(NamedTuple):
    """A stretch of source text, the field it shows and the value read from it."""

    field: str
    item: int
    value: object
    raw: str


class Layout(NamedTuple):
    """Every slot of a cable's text, in order, and the text's usual line ending."""

    slots: tuple[Slot, ...]
    newline: str = "\n"
