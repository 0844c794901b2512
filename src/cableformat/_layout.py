"""How a cable was written: the source text of each field, beside the value read from it.

A slot ties a stretch of source text to a cable field (or one item of a tuple field)
and remembers the value the parser read from that text.  Writing compares that value
with the cable's current one, so an edit through ``attrs.evolve`` can never be hidden
by stale source text.
"""

from __future__ import annotations

import attrs

__all__ = ["TRIVIA", "Layout", "Slot"]

TRIVIA = ""
"""The field name of slots that hold no value: blank lines and other trivia."""

WHOLE = -1
"""The index of slots that hold a whole field rather than one item of it."""


@attrs.frozen
class Slot:
    field: str
    index: int
    value: object
    raw: str


@attrs.frozen
class Layout:
    slots: tuple[Slot, ...]
    newline: str = "\n"
