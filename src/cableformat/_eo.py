"""The E.O. line: which executive order classified a cable, and when it is declassified.

The instruction after the order number takes several forms: ``DECL: 09/17/2019`` and
``DECL: 2020/02/24`` (E.O. 12958), ``DNG: CO 01/26/2021`` (a downgrade to CONFIDENTIAL on that
date), ``DECL: OADR`` (E.O. 12356), and the categories of the 1970s orders: ``GDS`` and
``XGDS-2`` (E.O. 11652), ``GDS 12/08/78 (GARRISON, MARK) OR-M`` (E.O. 12065: category, date,
classifying official and office).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Final

__all__ = [
    "category_of",
    "official_of",
    "parse_declassification_date",
    "parse_downgrade_date",
]

_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        [
            ("JAN", "JANUARY"),
            ("FEB", "FEBRUARY"),
            ("MAR", "MARCH"),
            ("APR", "APRIL"),
            ("MAY",),
            ("JUN", "JUNE"),
            ("JUL", "JULY"),
            ("AUG", "AUGUST"),
            ("SEP", "SEPT", "SEPTEMBER"),
            ("OCT", "OCTOBER"),
            ("NOV", "NOVEMBER"),
            ("DEC", "DECEMBER"),
        ],
        start=1,
    )
    for name in names
}

# A date as these lines write it: 2020/02/24, 2019-02-12, 09/17/2019, 1/2/19, 011/2/2019
# (a stray leading zero), JUNE 21, 2006.
_DATE: Final = re.compile(
    r"(?<![\d/])(?:"
    r"(?P<y>(?:19|20)\d\d)[/-](?P<ym>\d{1,2})[/-](?P<yd>\d{1,2})"
    r"|(?P<m>0?\d{1,2})[/-](?P<d>\d{1,2})[/-](?P<yy>\d{4}|\d{2})"
    r"|(?P<name>[A-Za-z]{3,9})\.?\s+(?P<nd>\d{1,2}),?\s+(?P<ny>(?:19|20)\d\d)"
    r")(?![\d/])"
)
# A downgrade runs from DNG to the next declassification keyword: "DNG: CO 01/26/2021".
_DOWNGRADE: Final = re.compile(r"\bDNG\b(?P<text>.*?)(?=\bDECL|\bDECLASSIF|;|$)", re.IGNORECASE)
# Under E.O. 12065 an RDS date is a date of review, not of declassification.
_REVIEW: Final = re.compile(r"\bRDS-?\d?\b", re.IGNORECASE)
_CATEGORY: Final = re.compile(
    r"(?<![\w-])(X?GDS(?:-\d)?|NGDS|ADS|[RX]DS-?\d?|OADR|\d\.\d\(?[A-Za-z]?\)?X\d|(?:25|50)X\d(?:-\w+)?)"
    r"(?![\w-])",
    re.IGNORECASE,
)
_OFFICIAL: Final = re.compile(r"\(([^()]*[A-Za-z]{2}[^()]*)\)")


def _century(yy: int) -> int:
    """A two-digit year, by the rule the cable dates use: 66-99 are 19xx, 00-65 are 20xx."""
    return (2000 if yy < 66 else 1900) + yy


def _first_date(text: str) -> _dt.date | None:
    for m in _DATE.finditer(text):
        if m["y"]:
            year, month, day = int(m["y"]), int(m["ym"]), int(m["yd"])
        elif m["m"]:
            year, month, day = int(m["yy"]), int(m["m"]), int(m["d"])
            if len(m["yy"]) == 2:
                year = _century(year)
        else:
            number = _MONTHS.get(m["name"].upper())
            if number is None:
                continue  # "GDS 12 2006" and the like: a word, not a month
            year, month, day = int(m["ny"]), number, int(m["nd"])
        try:
            return _dt.date(year, month, day)
        except ValueError:
            return None
    return None


def parse_declassification_date(instruction: str) -> _dt.date | None:
    """The date an instruction names for declassification, or None.

    ``DECL: 09/17/2019``, ``DECL: 2020/02/24``, ``decl: 1/2/19``, ``DECLASSIFY ON ...``,
    ``GDS 12/08/78 (...)``. A downgrade's date (``DNG: CO 01/26/2021``) and an RDS review date
    are not declassification dates. A record that the cable has been declassified
    (``DECLASSIFIED BY NARA 09/02/2009``) gives that date: from then on it is declassified.
    """
    text = _DOWNGRADE.sub(" ", instruction)
    if _REVIEW.search(text):
        return None
    return _first_date(text)


def parse_downgrade_date(instruction: str) -> _dt.date | None:
    """The date of a downgrade: ``DNG: CO 01/26/2021`` is CONFIDENTIAL from 2021-01-26."""
    m = _DOWNGRADE.search(instruction)
    return _first_date(m["text"]) if m else None


def category_of(instruction: str) -> str | None:
    """The declassification category, upper case: ``GDS``, ``XGDS-2``, ``ADS``, ``RDS-1``,
    ``OADR``, ``1.6X1``, ``25X1``; None for a date alone, ``N/A`` or words."""
    m = _CATEGORY.search(instruction)
    return m[1].upper() if m else None


def official_of(instruction: str) -> str | None:
    """The classifying official an E.O. 12065 instruction names in parentheses:
    ``GDS 12/08/78 (GARRISON, MARK) OR-M`` gives ``GARRISON, MARK``."""
    if not _CATEGORY.search(instruction):
        return None
    m = _OFFICIAL.search(instruction)
    return " ".join(m[1].split()) if m else None
