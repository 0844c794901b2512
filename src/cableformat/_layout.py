"""How a cable was written: the source text of each field, beside the value read from it.

A slot ties a stretch of source text to a cable field (or one item of a tuple field)
and remembers the value the parser read from that text.  Writing compares that value
with the cable's current one, so an edit through ``attrs.evolve`` can never be hidden
by stale source text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

__all__ = ["TRIVIA", "Layout"]

TRIVIA = ""
"""The field name of slots that hold no value: blank lines and other trivia."""

WHOLE = -1
"""The index of slots that hold a whole field rather than one item of it."""


class Layout(NamedTuple):
    """Every slot of a cable's text, in order, and the text's usual line ending: the
    field each shows, its item's index (``WHOLE`` for a whole field), the value read
    and the source text.

    Kept as four columns rather than a tuple per slot: a tuple of strings or numbers is
    no object the garbage collector walks, a tuple per slot is (slots were three in five
    of the objects a read cable holds, and walking them a tenth of ``loads``).
    """

    fields: tuple[str, ...]
    items: tuple[int, ...]
    values: tuple[object, ...]
    raws: tuple[str, ...]
    newline: str = "\n"

    @classmethod
    def of(cls, slots: Iterable[tuple[str, int, object, str]], newline: str = "\n") -> Layout:
        """The layout of ``slots``, each a (field, item, value, raw) tuple."""
        columns: list[Any] = list(zip(*slots, strict=True))
        if not columns:
            return cls((), (), (), (), newline)
        fields, items, values, raws = columns
        return cls(fields, items, values, raws, newline)
