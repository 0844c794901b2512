"""How a block's lines make one text: line breaks become spaces, except after a hyphen.

A cable wraps its text at the line width; a word with a hyphen (``regularly-scheduled``,
``walk-in``) may be cut after its hyphen, and the reader wants it whole again.  The
hyphen stays: telegrams break lines at spaces and hyphens, not inside syllables, so the
hyphen at a line's end belongs to the word (``regularly-`` + ``scheduled`` is
``regularly-scheduled``).  A dash set off by spaces (``word --``) is punctuation, and the
break after it stays a space.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

__all__ = ["joins_at_hyphen", "unwrap"]

# A letter or digit, then one or two hyphens, at the end of a line.
_HYPHEN_END = re.compile(r"[^\W_]-{1,2}$")


def joins_at_hyphen(before: str, after: str) -> bool:
    """Whether the break between two stripped lines cut a hyphenated word: ``walk-`` + ``in``."""
    return after[:1].isalnum() and before[-1:] == "-" and _HYPHEN_END.search(before) is not None


def unwrap(lines: Iterable[str]) -> str:
    """The lines as one string: stripped, blank ones left out, joined by single spaces,
    without a space after a hyphen that ends a line inside a word."""
    parts = [s for s in map(str.strip, lines) if s]
    text = " ".join(parts)
    if "- " not in text:
        return text  # the common case: no line ends with a hyphen
    out = [parts[0]]
    for before, line in itertools.pairwise(parts):
        if not joins_at_hyphen(before, line):
            out.append(" ")
        out.append(line)
    return "".join(out)
