"""Canonical cable ids: ``09STATE12345``, two-digit year, post's id form, serial."""

from __future__ import annotations

import re
from typing import Final

from ._posts import NOT_POSTS, archive_post, canonical_post

__all__ = ["canonical_id", "reference_id"]

_DIGITS: Final = re.compile(r"[0-9]+")
# A published id with the release's slips: ``08SCTION02OF02SAOPAULO335``, ``7575LIB...``.
_ID: Final = re.compile(r"(?P<year>\d{4}|\d{2})(?P<post>[A-Z][A-Z'.&-]*?)(?P<serial>\d{1,7})")
_SECTION: Final = re.compile(r"S?E?C?TION\d{1,3}OF\d{1,3}")
_SPACES: Final = re.compile(r"\s+")


def reference_id(year: int, origin: str | None, serial: str | None) -> str | None:
    """The canonical id: two-digit year + the origin's id form + serial without zeros."""
    if not origin or not serial or not _DIGITS.fullmatch(serial):
        return None
    post = canonical_post(origin)
    if post is None:
        return None
    return f"{year % 100:02d}{post}{int(serial)}"


def canonical_id(text: str) -> str | None:
    """The canonical Cablegate id for an id as published, or ``None`` for no cable id.

    Repairs a section marker inside the id (``08SCTION02OF02SAOPAULO335``), a doubled
    year (``7575LIBREVILLE1895``), office words and other spellings of the post
    (``09EMBASSYVIENNA1450``, ``09SECSTATE1``), zeros before the serial, spaces and case,
    and the 1970s archive form (``1975STATE133602``, ``1976USUNN04297``).
    """
    compact = _SPACES.sub("", text.upper())
    compact = _SECTION.sub("", compact)
    match = _ID.fullmatch(compact)
    if match is None:
        return None
    year, written = match["year"], match["post"]
    if _SECTION.fullmatch(written) or written in NOT_POSTS:
        return None
    post = canonical_post(written)
    if len(year) == 4:
        # The archive's names are cut to six characters; a doubled year is "7575".
        archived = archive_post(written.replace("'", ""))
        post = archived if archived is not None else post
    if post is None:
        return None
    return f"{year[-2:]}{post}{int(match['serial'])}"
