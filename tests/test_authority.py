"""The ``Classified By`` line: official, title, name and reasons."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from cableformat._authority import join_wrapped, name_of, reasons_of, split_authority, title_of

# -- join_wrapped ---------------------------------------------------------------------------

# Lines the form wrapped at 56 characters; the padding makes the first line that long.
_PAD = "Minister Counselor for Political-Military Affairs"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["Ambassador Jane Roe,", "reasons 1.4 (b) and (d)."],
            "Ambassador Jane Roe, reasons 1.4 (b) and (d).",
        ),
        ([f"{_PAD} JANE ROE FO ", "R REASONS 1.4 (B)"], f"{_PAD} JANE ROE FOR REASONS 1.4 (B)"),
        ([f"{_PAD} Roe, for reas ", "ons 1.4 (b)"], f"{_PAD} Roe, for reasons 1.4 (b)"),
        ([f"{_PAD} Jane Y ", "oung for reasons 1.4 (b)"], f"{_PAD} Jane Young for reasons 1.4 (b)"),
        ([f"{_PAD} Jane Roe for", "reasons 1.4 (b)"], f"{_PAD} Jane Roe for reasons 1.4 (b)"),
        (
            ["Ambassador Jane Roe for reasons 1.", "4 (b)"],
            "Ambassador Jane Roe for reasons 1.4 (b)",
        ),
        (
            ["Ambassador Jane Roe for reasons 1", ".4 (b)"],
            "Ambassador Jane Roe for reasons 1.4 (b)",
        ),
        (["DCM John Doe, reasons 1.4 (b) an", "d (d)."], "DCM John Doe, reasons 1.4 (b) and (d)."),
        (["  DCM John Doe  ", "", "  for reasons 1.4 (d)  "], "DCM John Doe for reasons 1.4 (d)"),
        ([], ""),
    ],
)
def test_join_wrapped(lines: list[str], expected: str) -> None:
    assert join_wrapped(lines) == expected


def test_short_line_breaks_at_a_space() -> None:
    # A name cut in lower case joins only where the form cut at its width.
    assert (
        join_wrapped(["Ambassador Jane Y", "ee, reasons 1.4"])
        == "Ambassador Jane Y ee, reasons 1.4"
    )


# -- split_authority ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "official", "reasons"),
    [
        (
            "Ambassador John Doe for Reasons 1.4 (b) and (d).",
            "Ambassador John Doe",
            "1.4 (b) and (d).",
        ),
        ("Ambassador John Doe for reason 1.4 (d)", "Ambassador John Doe", "1.4 (d)"),
        ("Ambassador John Doe; reasons: 1.4 (b,d).", "Ambassador John Doe", "1.4 (b,d)."),
        (
            "AMBASSADOR JOHN DOE. REASONS 1.5 (B) AND (D).",
            "AMBASSADOR JOHN DOE",
            "1.5 (B) AND (D).",
        ),
        ("POL COUNSELOR JOHN DOE, FOR REAS ONS 1.4 B/D", "POL COUNSELOR JOHN DOE", "1.4 B/D"),
        ("DCM John Doe for reaso ns 1.4 (b)", "DCM John Doe", "1.4 (b)"),
        ("DCM John Doe for reaons 1.4 (b)", "DCM John Doe", "1.4 (b)"),
        (
            "CDA John Doe; E.O. 12958, reasons 1.4 (b)",
            "CDA John Doe",
            "E.O. 12958, reasons 1.4 (b)",
        ),
        ("Ambassador John Doe for E.O. 12958 1.4(b)", "Ambassador John Doe", "E.O. 12958 1.4(b)"),
        ("Charge John Doe per 1.4(d).", "Charge John Doe", "1.4(d)."),
        ("Ambassador John Doe under Section 1.4b/d", "Ambassador John Doe", "1.4b/d"),
        ("Political Officer John Doe: 1.4 (d).", "Political Officer John Doe", "1.4 (d)."),
        (
            "John Doe, Political Counselor, 1.4 (b/d).",
            "John Doe, Political Counselor",
            "1.4 (b/d).",
        ),
        ("POLITICAL COUNSELOR JOHN DOE FOR 1.4 (D)", "POLITICAL COUNSELOR JOHN DOE", "1.4 (D)"),
        ("Ambassador John Doe", "Ambassador John Doe", None),
        ("Ambassador John Doe.", "Ambassador John Doe", None),
        ("Ambassador John Doe, Jr.", "Ambassador John Doe, Jr.", None),
        ("AMBASSADOR JOHN DOE, FOR REASON", "AMBASSADOR JOHN DOE", None),
        ("Classified by Ambassador John Doe; reasons 1.4", "Ambassador John Doe", "1.4"),
        ("(U) CLASSIFIED BY DAS JOHN DOE: 1.4 (C).", "DAS JOHN DOE", "1.4 (C)."),
    ],
)
def test_split_authority(text: str, official: str, reasons: str | None) -> None:
    assert split_authority(text) == (official, reasons)


# -- name_of and title_of -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("official", "title", "name"),
    [
        ("Charge d'Affaires J. Robert Roe", "Charge d'Affaires", "J. Robert Roe"),
        ("Charge d,Affaires J. Robert Roe", "Charge d'Affaires", "J. Robert Roe"),
        ("DCM ROBERT F. ROE", "DCM", "ROBERT F. ROE"),
        ("Robert Roe, Ambassador", "Ambassador", "Robert Roe"),
        ("JANE ROE, DIRECTOR, INR/OPS", "DIRECTOR, INR/OPS", "JANE ROE"),
        ("EUR/PRA Director Jane Roe", "EUR/PRA Director", "Jane Roe"),
        ("POL/ECON Chief Jane Roe", "POL/ECON Chief", "Jane Roe"),
        ("Acting DCM Jane Roe", "Acting DCM", "Jane Roe"),
        ("Political Counselor Jane Roe", "Political Counselor", "Jane Roe"),
        ("A/DCM Jane Roe", "A/DCM", "Jane Roe"),
        ("PolOff Jane Roe", "PolOff", "Jane Roe"),
        ("CDA Jane Roe", "CDA", "Jane Roe"),
        ("EAP DAS Jane Roe", "EAP DAS", "Jane Roe"),
        ("Political Minister-Counselor Jane Roe", "Political Minister-Counselor", "Jane Roe"),
        ("Charge d'Affaires, a.i., Jane Roe", "Charge d'Affaires, a.i.", "Jane Roe"),
        ("Charge d'Affaires a.i. Jane Roe", "Charge d'Affaires a.i.", "Jane Roe"),
        ("CDA, A.I. JOHN ROE", "CDA, A.I.", "JOHN ROE"),
        ("JOHN ROE, CHARGE D’AFFAIRES, A.I.", "CHARGE D’AFFAIRES, A.I.", "JOHN ROE"),
        ("Ambassador John Roe, Jr.", "Ambassador", "John Roe, Jr."),
        ("Charge John Roe III", "Charge", "John Roe III"),
        (
            "ConGen Springfield Deputy Principal Officer Jo Roe",
            "ConGen Springfield Deputy Principal Officer",
            "Jo Roe",
        ),
        ("Ambassador", "Ambassador", None),
        ("Jane Roe", None, "Jane Roe"),
        ("XXXXXXXXXXXX, Ambassador, U.S. Embassy", "Ambassador, U.S. Embassy", "XXXXXXXXXXXX"),
        ("Derived from Multiple Sources", None, None),
        ("A...", None, None),
        ("", None, None),
    ],
)
def test_title_and_name(official: str, title: str | None, name: str | None) -> None:
    assert (title_of(official), name_of(official)) == (title, name)


# -- reasons_of -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reasons"),
    [
        ("1.4 (b) and (d)", ("1.4(b)", "1.4(d)")),
        ("1.4 B/D", ("1.4(b)", "1.4(d)")),
        ("1.5 (B), (D)", ("1.5(b)", "1.5(d)")),
        ("1.4(b),(d) and (h)", ("1.4(b)", "1.4(d)", "1.4(h)")),
        ("E.O. 12958 reasons 1.4 (b/d)", ("1.4(b)", "1.4(d)")),
        ("Reason 1.4 d", ("1.4(d)",)),
        ("1.4 (b) a nd (d)", ("1.4(b)", "1.4(d)")),
        ("1.4 (b-d).", ("1.4(b)", "1.4(c)", "1.4(d)")),
        ("1.4 (b) (b) (d)", ("1.4(b)", "1.4(d)")),
        ("1.4 (d) and (b)", ("1.4(d)", "1.4(b)")),
        ("1 .4 (B )(D)", ("1.4(b)", "1.4(d)")),
        ("1:4 b,d", ("1.4(b)", "1.4(d)")),
        ("1/4 (b)", ("1.4(b)",)),
        ("14 (b)", ("1.4(b)",)),
        ("1.4. (b), (d).", ("1.4(b)", "1.4(d)")),
        ("1.4", ("1.4",)),
        ("1.5 (c)", ("1.5(c)",)),
        ("25X1", ("25X1",)),
        ("b, d.", ("(b)", "(d)")),
        ("1.4 (b) 1. (C) Summary: A talk of a, b and c.", ("1.4(b)",)),
        ("", ()),
        (None, ()),
    ],
)
def test_reasons_of(text: str | None, reasons: tuple[str, ...]) -> None:
    assert reasons_of(text) == reasons


# -- the corpus -----------------------------------------------------------------------------

_KEYWORD = re.compile(r"(?<![A-Za-z])classified\s+by\b\s*:?\s*", re.IGNORECASE)
_STOP = re.compile(r"\s*(?:\d{1,3}[.,]\s|\d{1,3}\.\(|\((?:U|C|S|SBU|S/NF|C/NF)\)\s|-{3,})")
_REASON_FORM = re.compile(r"^(?:\d\.\d(?:\([a-h]\))?|\([a-h]\)|\d\dX\d)$")
_CITES_SECTION = re.compile(r"\b1\s?[.:/]?\s?[45]\b")


def _lines(corpus: Path) -> list[tuple[str, list[str]]]:
    """Each cable's first ``Classified By`` line and the lines that continue it."""
    out = []
    for path in sorted((corpus / "cablegate" / "txt").glob("*.txt")):
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for i, line in enumerate(lines):
            if m := _KEYWORD.search(line):
                block = [line[m.end() :]]
                for nxt in lines[i + 1 : i + 4]:
                    if not nxt.strip() or _STOP.match(nxt) or _KEYWORD.search(nxt):
                        break
                    block.append(nxt)
                out.append((path.stem, block))
                break
    return out


@pytest.fixture(scope="module")
def authorities(corpus: Path) -> list[tuple[str, str, str, str | None]]:
    """(cable, joined text, official, reasons_text) for every corpus Classified By line."""
    rows = []
    for cable, block in _lines(corpus):
        text = join_wrapped(block)
        official, reasons = split_authority(text)
        rows.append((cable, text, official, reasons))
    assert len(rows) > 1100
    return rows


def test_corpus_reasons_are_found(authorities: list[tuple[str, str, str, str | None]]) -> None:
    missing = [
        cable
        for cable, text, _, reasons in authorities
        if re.search(r"(?i)\breasons?\b", text)
        and _CITES_SECTION.search(text)
        and not reasons_of(reasons)
    ]
    assert missing == []


def test_corpus_reasons_are_normal(authorities: list[tuple[str, str, str, str | None]]) -> None:
    odd = [
        (cable, reason)
        for cable, _, _, reasons in authorities
        for reason in reasons_of(reasons)
        if not _REASON_FORM.match(reason)
    ]
    assert odd == []


def test_corpus_officials_hold_no_reasons(
    authorities: list[tuple[str, str, str, str | None]],
) -> None:
    leaks = [
        (cable, official)
        for cable, _, official, _ in authorities
        if re.search(r"(?i)\breasons?\b|\b1\.[45]\b|\bE\.O\.", official)
        or re.search(r"(?i)\breas|\bfor$", name_of(official) or "")
    ]
    assert leaks == []


def test_corpus_names_and_titles(authorities: list[tuple[str, str, str, str | None]]) -> None:
    # Nearly every line names a person, and a name never holds a title word.
    named = [name_of(official) for _, _, official, _ in authorities]
    assert sum(n is not None for n in named) > 0.97 * len(named)
    titled = [
        name
        for name in named
        if name and re.search(r"(?i)\b(?:ambassador|counselor|dcm|charge|chief)\b", name)
    ]
    assert titled == []


_CUT_END = re.compile(r"(?i)\b(fo|rea|reas|reaso|r|a|an|affai)\s*$")
_CUT_START = re.compile(r"(?i)^\s*(r|sons|ons|ns|eason|nd|d|rs)\b")


def test_corpus_cut_words_are_joined(corpus: Path) -> None:
    # Where a line break cut "FOR", "REASONS", "and" or "Affairs" in two, the word is whole.
    cuts = 0
    split = []
    for cable, block in _lines(corpus):
        text = join_wrapped(block)
        for before, after in itertools.pairwise(block):
            end, start = _CUT_END.search(before), _CUT_START.match(after)
            if end and start:
                word = end[1] + start[1]
                if word.lower() in {"for", "reason", "reasons", "and", "affairs"}:
                    cuts += 1
                    if word not in text:
                        split.append((cable, text))
    assert cuts > 30
    assert split == []
