"""How a block's lines make one text: line breaks become spaces, except after a hyphen.

A cable wraps its text at the line width; a word with a hyphen (``regularly-scheduled``,
``walk-in``) may be cut after its hyphen, and the reader wants it whole again.  The
hyphen stays: telegrams break lines at spaces and hyphens, not inside syllables, so the
hyphen at a line's end belongs to the word (``regularly-`` + ``scheduled`` is
``regularly-scheduled``).  A dash set off by spaces (``word --``) is punctuation, and the
break after it stays a space.

Some renderings lost the line break before a running header, so the header stands inside
a line of text (``social reforms BRASILIA 00000351 003.2 OF 003 and programs``); it is
no part of the text and is left out of it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Final

from ._posts import ON_CHANGE, posts

__all__ = ["joins_at_hyphen", "unwrap", "without_running_headers"]

# A letter or digit, then one or two hyphens, at the end of a line.
_HYPHEN_END: Final = re.compile(r"[^\W_]-{1,2}$")


def joins_at_hyphen(before: str, after: str) -> bool:
    """Whether the break between two stripped lines cut a hyphenated word: ``walk-`` + ``in``."""
    return after[:1].isalnum() and before[-1:] == "-" and _HYPHEN_END.search(before) is not None


def unwrap(lines: Iterable[str], *, headers: bool = True) -> str:
    """The lines as one string: stripped, blank ones left out, joined by single spaces,
    without a space after a hyphen that ends a line inside a word, and without running
    headers glued into the text (``headers=False``: the caller knows there are none)."""
    parts = [s for s in map(str.strip, lines) if s]
    text = " ".join(parts)
    # Rare: a line that ends with a hyphen (prose has many " - " and "-- ", so the
    # cheap test on the text is followed by one on the lines' ends).
    if "- " in text and any(part[-1] == "-" for part in parts[:-1]):
        out = [parts[0]]
        for before, line in itertools.pairwise(parts):
            if not (before[-1] == "-" and joins_at_hyphen(before, line)):
                out.append(" ")
            out.append(line)
        text = "".join(out)
    return without_running_headers(text) if headers else text


# A running header: the post in capitals (the header cuts it to ten characters: ``BUENOS
# AIR``), the serial in eight digits, ``page OF pages``.  The words before the serial are
# matched greedily; _post_start keeps only those that name the post.
_INLINE_RUNNING: Final = re.compile(
    r"(?:^|(?<=\s))((?:[A-Z][A-Z'.-]* )*[A-Z][A-Z'.-]*) +\d{8} +\d{3}(?:\.\d+)? +OF +\d{3}(?=\s|$)"
)
_POST_WIDTH: Final = 10
# The part of a running header after the post: serial, page, ``OF``, pages.  A search
# for a pattern that begins with a digit tries every position (a fifth of the reading
# time); one that begins with the literal `` OF `` skips ahead, then looks back.
_SERIAL_PAGE: Final = re.compile(r"\d{8} +\d{3}(?:\.\d+)?$")
_PAGES: Final = re.compile(r" OF \d{3}")
_NEEDLE: Final = " OF 0"


def _serial_pages(text: str) -> Iterator[tuple[int, int]]:
    """Where ``serial page OF pages`` stands in ``text``: (start, end) of each.

    ``str.find`` looks for `` OF 0`` (one space and the page count's leading zero, as
    headers write it) far faster than a regex search, and prose rarely holds it; each
    hit is then tested in place.
    """
    at = text.find(_NEEDLE)
    while at >= 0:
        if text[at - 1 : at].isdigit() and (pages := _PAGES.match(text, at)):
            before = _SERIAL_PAGE.search(text, max(0, at - 24), at)
            if before is not None:
                yield before.start(), pages.end()
        at = text.find(_NEEDLE, at + 4)


def without_running_headers(text: str) -> str:
    """``text`` without the running headers a rendering glued into it."""
    if _NEEDLE not in text or next(_serial_pages(text), None) is None:
        return text  # the common case
    pieces: list[str] = []
    pos = 0
    for m in _INLINE_RUNNING.finditer(text):
        pieces.append(text[pos : m.start() + _post_start(m[1])])
        pos = m.end()
    if not pieces:
        return text
    pieces.append(text[pos:])
    return " ".join(s for s in (piece.strip() for piece in pieces) if s)


def _post_start(words: str) -> int:
    """Where the post begins in the capitalised words before a serial: the longest run of
    last words that begins a known post's name, else the last word."""
    start = words.rfind(" ") + 1
    known = _post_prefixes()
    best = start
    while start > 0:
        start = words.rfind(" ", 0, start - 1) + 1
        if len(words) - start > _POST_WIDTH:
            break
        if words[start:] in known:
            best = start
    return best


@lru_cache(maxsize=1)
def _post_prefixes() -> frozenset[str]:
    """Every post's name and spellings, cut as a running header cuts them."""
    names: set[str] = set()
    for post in posts():
        for name in (post.id, post.display, *post.aliases):
            names.add(name.upper()[:_POST_WIDTH].rstrip())
    return frozenset(names)


ON_CHANGE.append(_post_prefixes.cache_clear)
