"""An edit that would not read back is refused when the cable is built.

A cable's text is what the reader reads, so a value is only as good as its reading: a
block appended after the signature makes the signature text, a last text line of
capitalised words reads as a signature, removing the field under a header line makes
that line the body's.  ``attrs.evolve`` and ``Cable(...)`` write the new cable and read
it again; where any field would come back otherwise, they raise ``ValueError`` naming
it, so no edit can change another field unseen.  Cables the reader makes are not
checked again, nor an unedited one (``evolve`` of the encoding only).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from ._model import Cable

_READING: ContextVar[bool] = ContextVar("cableformat_reading", default=False)

# Not in the text: what the bytes were, not what they say.
_NOT_WRITTEN = frozenset(["encoding", "encoding_errors"])


@contextmanager
def reading() -> Iterator[None]:
    """Cables built in the block are the reader's, read from their text."""
    token = _READING.set(True)
    try:
        yield
    finally:
        _READING.reset(token)


def check(cable: Cable) -> None:
    """Raise ``ValueError`` if ``cable``, written and read again, differs in a field."""
    if _READING.get():
        return
    from ._grammar import parse
    from ._render import as_read, dumps

    if as_read(cable):
        return
    text = dumps(cable)
    with reading():
        fields, layout, _ = parse(text, cable.year)
        again = type(cable)(**fields, year=cable.year, layout=layout)
    changed = [
        field.name
        for field in attrs.fields(type(cable))
        if field.eq
        and field.name not in _NOT_WRITTEN
        and getattr(again, field.name) != getattr(cable, field.name)
    ]
    if changed:
        raise ValueError(_message(cable, again, changed))


def _message(cable: Cable, again: Cable, changed: list[str]) -> str:
    shown = []
    for name in changed[:3]:
        now, then = getattr(cable, name), getattr(again, name)
        if isinstance(now, tuple) and isinstance(then, tuple):
            # The first item that differs, not the whole body.
            k = next(
                (k for k, (a, b) in enumerate(zip(now, then, strict=False)) if a != b),
                min(len(now), len(then)),
            )
            now, then = now[k : k + 1], then[k : k + 1]
            name = f"{name}[{k}]"
        shown.append(f"{name} {_short(now)} would read back as {_short(then)}")
    more = f" (and {len(changed) - 3} more)" if len(changed) > 3 else ""
    hint = ""
    kinds = [type(block).__name__ for block in cable.body]
    if "Signature" in kinds and kinds[-1] != "Signature" and "body" in changed:
        hint = " (the signature ends the body: put new blocks before it)"
    return "the edited cable does not read back: " + "; ".join(shown) + more + hint


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."
