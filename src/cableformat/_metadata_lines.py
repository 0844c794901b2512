"""The metadata-lines layout of the alx/cablegate text files: five lines before the cable.

::

    85BEIRUT992
    HIZBALLAH CALLS FOR ISLAMIC REPUBLIC IN LEBANON
    Mon Feb 18 00:00:00 +0100 1985
    UNCLASSIFIED
    Embassy Beirut
    P 181159Z FEB 85
    ...

The reference id, the title (may be empty), the date, the classification and the origin,
then the cable's text.  Recognised by content: the first line an id, the third a date in
that form, the fourth a classification.
"""

from __future__ import annotations

import re

__all__ = ["KEYS", "split_metadata_lines"]

KEYS = ("reference_id", "subject", "created", "classification", "origin")
"""The metadata keys of the five lines, in order (as the other readers name them)."""

_ID = re.compile(r"\d{2}[A-Z][A-Z0-9-]*\d+")
_DATE = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" \d\d \d\d:\d\d:\d\d [+-]\d{4} \d{4}"
)
_CLASSIFICATION = re.compile(
    r"(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)(?://[A-Z /]+)?|"
    r"UNCLASSIFIED//FOR OFFICIAL USE ONLY"
)
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n)")


def split_metadata_lines(text: str) -> tuple[dict[str, str], int, int] | None:
    """The five values, where the cable's text begins (an index) and its line (from 1);
    ``None`` when the text does not open with the five lines."""
    values: list[str] = []
    pos = 0
    for _ in KEYS:
        m = _LINE.match(text, pos)
        if m is None:
            return None
        values.append(m[1].strip())
        pos = m.end()
    ref, _, date, classification, _ = values
    if not (
        _ID.fullmatch(ref) and _DATE.fullmatch(date) and _CLASSIFICATION.fullmatch(classification)
    ):
        return None
    return dict(zip(KEYS, values, strict=True)), pos, len(KEYS) + 1
