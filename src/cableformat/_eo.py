"""The E.O. line: which executive order classified a cable, and when it is declassified."""

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["parse_declassification_date"]

_DECL_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?!\d)")


def parse_declassification_date(instruction: str) -> _dt.date | None:
    """The first ``MM/DD/YYYY`` (or ``MM/DD/YY``) date in a declassification instruction."""
    match = _DECL_DATE.search(instruction)
    if not match:
        return None
    month, day, year = int(match[1]), int(match[2]), int(match[3])
    if year < 100:
        year += 2000 if year < 66 else 1900
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None
