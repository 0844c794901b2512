"""The E.O. line's instruction: declassification and downgrade dates, category, official."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from cableformat._eo import (
    category_of,
    official_of,
    parse_declassification_date,
    parse_downgrade_date,
)


@pytest.mark.parametrize(
    ("instruction", "date"),
    [
        ("DECL: 09/17/2019", dt.date(2019, 9, 17)),
        ("DECL: 2020/02/24", dt.date(2020, 2, 24)),
        ("DECL: 2019-02-12", dt.date(2019, 2, 12)),
        ("decl: 1/2/2019", dt.date(2019, 1, 2)),
        ("DECL:  6/3/2017", dt.date(2017, 6, 3)),
        ("DECL: 011/2/2019", dt.date(2019, 11, 2)),
        ("DECL: 02/08/20", dt.date(2020, 2, 8)),
        ("DECL: 06/03/65", dt.date(2065, 6, 3)),
        ("DECL: 06/03/66", dt.date(1966, 6, 3)),
        ("DECLl: 10/29/2018", dt.date(2018, 10, 29)),
        ("03/24/2019", dt.date(2019, 3, 24)),
        ("Declassify on 8/31/2034", dt.date(2034, 8, 31)),
        ("AS AMENDED; DECLASSIFY ON 12/31/2015", dt.date(2015, 12, 31)),
        ("AS AMENDED; DECLASSIFIED JUNE 21, 2006", dt.date(2006, 6, 21)),
        ("DECL: DECLASSIFIED BY NARA 09/02/2009", dt.date(2009, 9, 2)),
        ("GDS 12/08/78 (DOE, JOHN) OR-M", dt.date(1978, 12, 8)),
        ("DECL: 09/17/2019 TAGS: PREL", dt.date(2019, 9, 17)),
        ("DNG: CO 01/26/2021", None),
        ("DNG: CO 01/26/2021 DECL: 01/26/2031", dt.date(2031, 1, 26)),
        ("DECL: 01/26/2031; DNG: CO 01/26/2021", dt.date(2031, 1, 26)),
        ("RDS-1 12/08/98 (DOE, JOHN)", None),
        ("DECL: 02/30/2019", None),
        ("DECL: TEN YEARS AFTER UNIFICATION", None),
        ("DECL: 1.6X1", None),
        ("DECL: OADR", None),
        ("DECL: MR", None),
        ("N/A", None),
        ("GDS", None),
        ("", None),
    ],
)
def test_declassification_date(instruction: str, date: dt.date | None) -> None:
    assert parse_declassification_date(instruction) == date


@pytest.mark.parametrize(
    ("instruction", "date"),
    [
        ("DNG: CO 01/26/2021", dt.date(2021, 1, 26)),
        ("dng: co 1/2/2021", dt.date(2021, 1, 2)),
        ("DNG: CO 01/26/2021 DECL: 01/26/2031", dt.date(2021, 1, 26)),
        ("DECL: 01/26/2031", None),
        ("N/A", None),
    ],
)
def test_downgrade_date(instruction: str, date: dt.date | None) -> None:
    assert parse_downgrade_date(instruction) == date


@pytest.mark.parametrize(
    ("instruction", "category"),
    [
        ("GDS", "GDS"),
        ("XGDS-2", "XGDS-2"),
        ("xgds-1", "XGDS-1"),
        ("NGDS", "NGDS"),
        ("ADS 12/31/79", "ADS"),
        ("RDS-1 12/08/98 (DOE, JOHN)", "RDS-1"),
        ("GDS 12/08/78 (DOE, JOHN) OR-M", "GDS"),
        ("DECL: OADR", "OADR"),
        ("DECL: 1.6X1", "1.6X1"),
        ("DECL: 25X1", "25X1"),
        ("DECL: 09/17/2019", None),
        ("N/A", None),
        ("DECL: TEN YEARS AFTER UNIFICATION", None),
        ("DECL: GDSX", None),
    ],
)
def test_category(instruction: str, category: str | None) -> None:
    assert category_of(instruction) == category


@pytest.mark.parametrize(
    ("instruction", "official"),
    [
        ("GDS 12/08/78 (GARRISON, MARK) OR-M", "GARRISON, MARK"),
        ("GDS 8/12/85 (DOE,  JOHN L.) OR-P", "DOE, JOHN L."),
        ("RDS-1 12/08/98 (DOE, JOHN)", "DOE, JOHN"),
        ("GDS", None),
        ("DECL: 09/17/2019 (U)", None),
        ("DECL: 09/17/2019 (SEE REF)", None),
    ],
)
def test_official(instruction: str, official: str | None) -> None:
    assert official_of(instruction) == official


# -- the corpus -----------------------------------------------------------------------------

_EO = re.compile(r"(?<![\w.])(?:E\.?\s?O\.?|EO)\s*(\d{5})\s*[:;.]?\s*(.*)$", re.IGNORECASE)
_DATE_LIKE = re.compile(r"\d{1,4}[/-]\d{1,2}[/-]\d{2,4}")
_CUT = re.compile(r"\s+\b(?:TAGS?|SUBJECT)\b.*$", re.IGNORECASE)


def _instructions(folder: Path) -> list[tuple[str, str, str]]:
    """(cable, order, instruction) for each file's first E.O. line, cut before TAGS."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[:120]:
            if m := _EO.search(line):
                out.append((path.stem, m[1], _CUT.sub("", m[2]).strip()))
                break
    return out


@pytest.fixture(scope="module")
def instructions(corpus: Path) -> list[tuple[str, str, str]]:
    rows = _instructions(corpus / "cablegate" / "txt") + _instructions(corpus / "plusd")
    assert len(rows) > 1250
    return rows


def test_corpus_dates_are_read(instructions: list[tuple[str, str, str]]) -> None:
    missing = [
        (cable, text)
        for cable, _, text in instructions
        if re.search(r"(?i)decl", text)
        and _DATE_LIKE.search(text)
        and parse_declassification_date(text) is None
    ]
    assert missing == []


def test_corpus_dates_are_plausible(instructions: list[tuple[str, str, str]]) -> None:
    # A cable is declassified in its own year or later, and before the two-digit window ends.
    odd = []
    for cable, _, text in instructions:
        date = parse_declassification_date(text)
        year = int(cable[:4]) if cable[:4].isdigit() else 1900 + int(cable[:2])
        if year < 1966:
            year += 100
        if date and not year <= date.year <= 2065:
            odd.append((cable, text))
    assert odd == []


def test_corpus_downgrades_are_not_declassifications(
    instructions: list[tuple[str, str, str]],
) -> None:
    downgrades = [text for _, _, text in instructions if re.search(r"\bDNG\b", text)]
    assert downgrades
    for text in downgrades:
        down = parse_downgrade_date(text)
        assert down is not None
        assert parse_declassification_date(text) != down


def test_corpus_1970s_categories(instructions: list[tuple[str, str, str]]) -> None:
    old = [(order, text) for _, order, text in instructions if order in {"11652", "12065"}]
    assert len(old) > 10
    for order, text in old:
        if text.upper() != "N/A":
            assert category_of(text) is not None, text
        if order == "12065" and "(" in text:
            assert official_of(text), text


def test_corpus_later_orders_name_no_1970s_category(
    instructions: list[tuple[str, str, str]],
) -> None:
    wrong = [
        text
        for _, order, text in instructions
        if order == "12958" and category_of(text) not in {None, "OADR"}
    ]
    assert wrong == []
