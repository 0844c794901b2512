"""Portion markings: the ``(C)``, ``(SBU)``, ``(S//NF)`` in front of a paragraph or subject."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["MARKING", "split_marking"]

# The level comes first (U, C, S, SBU, TS, LOU, FOUO), then caveats after slashes
# (``S//NF``, ``S/REL UK``).
MARKING = r"(?:U|C|S|SBU|TS|LOU|FOUO|CUI)(?:/{1,2}[A-Z]+(?:[ ,]+[A-Z]+)*)*"
"""A portion marking without its brackets, as a pattern (match it ignoring case)."""
_MARKING: Final = re.compile(r"\s*\((" + MARKING + r")\)(?:\s+|$)", re.IGNORECASE)


def split_marking(text: str) -> tuple[str | None, str]:
    """``"(C) NEW GOVERNMENT"`` gives ``("C", "NEW GOVERNMENT")``; no marking gives ``None``.

    The marking is given as written, letter case included.
    """
    match = _MARKING.match(text)
    if match is None:
        return None, text
    return match[1], text[match.end() :]
