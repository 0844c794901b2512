"""Cable reference ids (``07GUANGZHOU378``) and the citations a REF item makes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._model import Reference

__all__ = ["cited_cable_ids", "post_of", "reference_id", "split_references"]


_DIGITS = re.compile(r"[0-9]+")


def _two_digit(year: int) -> str:
    return f"{year % 100:02d}"


def reference_id(year: int, origin: str | None, serial: str | None) -> str | None:
    """The canonical id: two-digit year + origin without spaces + serial without zeros."""
    if not origin or not serial or not _DIGITS.fullmatch(serial):
        return None
    return f"{_two_digit(year)}{origin.replace(' ', '').upper()}{int(serial)}"


# A citation: optional year (2 or 4 digits), a post name of one to three words, a number.
_CITATION = re.compile(
    r"(?<![\w/.-])(?:(?P<year>(?:19|20)\d\d|\d\d)\s+)?"
    r"(?P<origin>[A-Z][A-Za-z]+(?:[ ][A-Z][A-Za-z]+){0,2})"
    r"\s+(?P<serial>\d{1,6})(?![\w/.:-]|\.\d)"
)
# Words that precede a number without naming a post.
_NOT_POSTS = frozenset(
    [
        "PARA",
        "PARAS",
        "PARAGRAPH",
        "PARAGRAPHS",
        "SECTION",
        "SECTIONS",
        "PAGE",
        "PAGES",
        "NO",
        "NUMBER",
        "ITEM",
        "ITEMS",
        "AND",
        "OR",
        "OF",
        "THE",
        "TO",
        "IN",
        "ON",
        "AT",
        "FOR",
        "BY",
        "FROM",
        "AS",
        "REF",
        "REFS",
        "REFTEL",
        "REFTELS",
        "TEL",
        "TELS",
        "CABLE",
        "CABLES",
        "JAN",
        "JANUARY",
        "FEB",
        "FEBRUARY",
        "MAR",
        "MARCH",
        "APR",
        "APRIL",
        "MAY",
        "JUN",
        "JUNE",
        "JUL",
        "JULY",
        "AUG",
        "AUGUST",
        "SEP",
        "SEPT",
        "SEPTEMBER",
        "OCT",
        "OCTOBER",
        "NOV",
        "NOVEMBER",
        "DEC",
        "DECEMBER",
        "MONDAY",
        "TUESDAY",
        "WEDNESDAY",
        "THURSDAY",
        "FRIDAY",
        "SATURDAY",
        "SUNDAY",
        "DTG",
        "DATED",
        "ROOM",
        "ANNEX",
        "RESOLUTION",
        "UNSCR",
        "ARTICLE",
        "CHAPTER",
        "TITLE",
        "PUBLIC",
        "LAW",
        "RULE",
        "TABLE",
        "FIGURE",
        "VOL",
        "VOLUME",
        "OPTION",
        "PHASE",
        "STEP",
        "POINT",
        "POINTS",
        "GROUP",
        "LINE",
        "LINES",
        "DAY",
        "DAYS",
        "YEAR",
        "YEARS",
        "CIRCULAR",
        "ON",
    ]
)


def cited_cable_ids(text: str, year: int | None) -> tuple[str, ...]:
    """Canonical ids of the cables cited in a REF item's text.

    ``year`` is the citing cable's year, used when a citation gives none.
    """
    found: dict[str, None] = {}
    for match in _CITATION.finditer(text):
        words = match["origin"].split()
        # Drop leading words that are not part of a post's name ("REF STATE 123").
        while words and words[0].upper() in _NOT_POSTS:
            words.pop(0)
        if not words or words[-1].upper() in _NOT_POSTS:
            continue
        written = match["year"]
        if written is not None:
            cited_year: int | None = int(written)
        else:
            cited_year = year
        if cited_year is None:
            continue
        ref = reference_id(cited_year, "".join(words), match["serial"])
        if ref is not None:
            found.setdefault(ref)
    return tuple(found)


_SENDER_KINDS = re.compile(
    r"^(?:AMEMBASSY|AMCONSUL|AMCONGEN|USMISSION|USINT|USLO|USOFFICE|AMEMB|AIT)\s+"
)


def post_of(sender: str | None) -> str | None:
    """The post an FM address names: ``AMEMBASSY LA PAZ`` gives ``LA PAZ``."""
    if not sender:
        return None
    sender = sender.strip().upper()
    if sender.startswith("SECSTATE"):
        return "STATE"
    match = _SENDER_KINDS.match(sender)
    return sender[match.end() :].strip() or None if match else None


REF_LABEL = re.compile(r"(?:^|(?<=[\s;]))\(?([A-Z])[.)]\s+")


def split_references(text: str, year: int | None) -> tuple[Reference, ...]:
    """Split REF text into lettered items: ``A. X B. Y``, ``A) X; B) Y``, ``(A) X``."""
    from ._model import Reference

    labels = list(REF_LABEL.finditer(text))
    # Only a run of labels A, B, C, ... in order makes a lettered list.
    run: list[re.Match[str]] = []
    expected = "A"
    for match in labels:
        if match[1] == expected:
            run.append(match)
            expected = chr(ord(expected) + 1)
    if not run or (run[0].start() > 0 and text[: run[0].start()].strip()):
        return (Reference(label=None, text=text.strip(), year=year),) if text.strip() else ()
    items = []
    for i, match in enumerate(run):
        end = run[i + 1].start() if i + 1 < len(run) else len(text)
        body = text[match.end() : end].strip().rstrip(";").rstrip()
        items.append(Reference(label=match[1], text=body, year=year))
    return tuple(items)
