"""The ``Classified By`` line: who classified a cable, and under which reasons.

``Classified By: Ambassador John Doe for reasons 1.4 (b) and (d).`` holds an official
(``Ambassador John Doe``: a title and a name) and the reasons of E.O. 12958 (``1.4(b)``,
``1.4(d)``). The functions here read the text as written, in any case, however it wraps.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib.resources import files
from typing import Final

__all__ = ["join_wrapped", "name_of", "reasons_of", "split_authority", "title_of"]


def _load_titles() -> frozenset[str]:
    text = files("cableformat").joinpath("data", "titles.txt").read_text(encoding="utf-8")
    words = (line.strip() for line in text.splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


_TITLE_WORDS: Final = _load_titles()
# Words that a line break may cut in two besides the title words: the line's own wording.
_WORDS: Final = _TITLE_WORDS | {"for", "reason", "reasons", "per", "and", "by", "classified"}

# The form that wrote these lines wraps the text at 56 characters, cutting words where it
# falls; a line shorter than 55 broke at a space.
_WRAP_WIDTH: Final = 55
_LAST_WORD: Final = re.compile(r"([A-Za-z]+)$")
_FIRST_WORD: Final = re.compile(r"([A-Za-z]+)")
_NUMBER_CUT: Final = re.compile(r"(?:\d\.?|\d\s?\.)$")


def _joins_whole(before: str, after: str) -> bool:
    """Whether the line break between ``before`` and ``after`` cut a word in two."""
    if _NUMBER_CUT.search(before) and after[:1].isdigit():
        return True  # "1." + "4 (b)"
    if before[-1:].isdigit() and after[:1] == ".":
        return True  # "1" + ".4 (b)"
    last, first = _LAST_WORD.search(before), _FIRST_WORD.match(after)
    if not last or not first:
        return False
    a, b = last[1].lower(), first[1].lower()
    if a + b in _WORDS and not (a in _WORDS and b in _WORDS):
        return True  # "FO" + "R", "reaso" + "ns", "Affai" + "rs"
    if a in _WORDS or b in _WORDS or len(before.rstrip()) < _WRAP_WIDTH:
        return False
    # A cut name goes on in lower case: "Hoyt Y" + "ee", "Michae" + "l".
    return first[1][0].islower() and not last[1].islower()


def join_wrapped(lines: Sequence[str]) -> str:
    """The keyword's text and its continuation lines as one string.

    A line break is a space, except where it cut a word in two, which is joined whole
    (``GLASS FO`` + ``R REASONS`` is ``GLASS FOR REASONS``).
    """
    text = previous = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not text:
            text = line
        elif _joins_whole(previous, line):
            text += line
        else:
            text += " " + line
        previous = line
    return text


# "for reasons", "Reason:", "REAS ONS" and "reaso ns" (a space put inside the word), "reaons".
_REASON_WORD: Final = r"\br\s?e\s?a\s?(?:s\s?)?o\s?n(?:\s?s)?\b"
_MARKER: Final = re.compile(
    rf"{_REASON_WORD}\s*[:,]?\s*|(?<![\w.])(?=\d\s?[.:/]?\s?\d(?!\d))|(?=\bE\.?\s?O\.?\s*1\d{{4}}\b)",
    re.IGNORECASE,
)
# A bare section number starts the reasons only after one of these: "per 1.4", ", 1.4".
_BEFORE_NUMBER: Final = re.compile(r"(?:\b(?:for|per|section)|[,;:.])\s*$", re.IGNORECASE)
# The words that led to the reasons: "for", "per", "under section" (also "fo").
_LEAD: Final = re.compile(r"\s*\b(?:f\s?o\s?r?|per|under\s+section)$", re.IGNORECASE)
# "Classified By: Classified by ...", "(U) CLASSIFIED BY ...", "Classified By: by CDA ...".
_REPEATED_KEYWORD: Final = re.compile(
    r"^(?:(?:\(U\)\s*)?classified\s+(?:confidential\s+|secret\s+)?by\b\s*:?\s*|by\s+)+",
    re.IGNORECASE,
)
_TRAILING: Final = re.compile(r"[\s,;:\-–]+$")
# A final period that belongs to the word: an initial, "Jr.", "a.i.", "U.S.".
_KEEP_DOT: Final = re.compile(r"(?:\b(?:[A-Za-z]\.)+|\b(?i:jr|sr|st|amb|dept)\.)$")


def _strip_end(text: str) -> str:
    text = _TRAILING.sub("", text)
    while text.endswith(".") and not _KEEP_DOT.search(text) and not text.endswith("..."):
        text = _TRAILING.sub("", text[:-1])
    return text


def split_authority(text: str) -> tuple[str, str | None]:
    """``(official, reasons_text)``: the words before the reasons, and the reasons as written.

    The reasons start at ``for reasons``, ``reasons:``, ``per``, ``under section``, ``E.O.
    12958`` or a bare section number such as ``, 1.4 (d)``; with none of these, all the text
    is the official and the reasons are None.
    """
    text = _REPEATED_KEYWORD.sub("", text.strip())
    for m in _MARKER.finditer(text):
        if text[m.start()].isdigit() and not _BEFORE_NUMBER.search(text, 0, m.start()):
            continue  # a number in the official's words: "DSCG 05-01"
        break
    else:
        return _strip_end(text), None
    official = _strip_end(text[: m.start()])
    if lead := _LEAD.search(official, max(0, len(official) - 16)):
        official = _strip_end(official[: lead.start()])
    reasons = text[m.end() :].strip()
    return official, reasons or None


_SEPARATOR: Final = re.compile(r"\s*[,;]\s*")
_SUFFIX: Final = re.compile(r"(?i:jr|sr|ii|iii|iv|a\.?\s?i)\.?$")
_SUFFIX_FIRST: Final = re.compile(r"((?i:jr|sr|ii|iii|iv|a\.?\s?i)\.?)(?:\s+|$)")
_EDGE: Final = "\"'“”‘’().,;:"
_TRAILING_BY: Final = re.compile(r"\s+by$", re.IGNORECASE)
_D_COMMA: Final = re.compile(r"\bd,(?=affair)", re.IGNORECASE)
_INITIAL: Final = re.compile(r"^(?:[A-Za-z]\.)+$")


def _is_title(token: str, upper: bool) -> bool:
    word = token.strip(_EDGE).replace("’", "'").lower()
    if not word:
        return False
    if "/" in word:
        return True  # A/DCM, POL/ECON, EUR/PRA, S/CT: offices, never names
    if word in _TITLE_WORDS or all(p in _TITLE_WORDS for p in word.split("-")):
        return True
    # In a mixed-case line an upper-case word is an abbreviation of an office (EAP, DAS).
    bare = token.strip(_EDGE)
    if upper or _SUFFIX.match(bare):
        return False
    return len(bare) > 1 and bare.isalpha() and bare.isupper()


def _parts(official: str) -> list[str]:
    """The comma parts of an official, with "Jr." and "a.i." kept on the part they follow."""
    parts: list[str] = []
    for part in _SEPARATOR.split(official):
        if parts and (m := _SUFFIX_FIRST.match(part)):
            parts[-1] += ", " + m[1]  # "CDA, A.I. RON MCMULLEN"
            part = part[m.end() :]
        if part and part != "...":
            parts.append(part)
    return parts


def _split(official: str) -> tuple[str | None, str | None]:
    """``(title, name)`` of an official."""
    text = _TRAILING_BY.sub("", _strip_end(official))
    text = _D_COMMA.sub("d'", text)  # "Charge d,Affaires"
    if not any(c.isalpha() for c in text) or re.fullmatch(r"\S*\.\.\.", text):
        return None, None  # nothing, or cut off after a letter: "A..."
    if re.match(r"(?i)derived\s+from\b", text):
        return None, None  # classified by derivation: a source, not an official
    titles: list[str] = []
    name: str | None = None
    for part in _parts(text):
        if name is not None:
            titles.append(part)
            continue
        tokens = part.split()
        upper = part.upper() == part
        flags = [_is_title(t, upper) for t in tokens]
        if not any(flags):
            name = _strip_end(part)  # "Robert Godec, Ambassador"
            continue
        last = max(i for i, f in enumerate(flags) if f)
        if last == len(tokens) - 1 and not flags[0]:
            # The name first, its office after: "Barbara Leaf Acting DCM" (rare).
            cut = flags.index(True)
            name = _strip_end(" ".join(tokens[:cut]))
            titles.append(" ".join(tokens[cut:]))
            continue
        # The office runs to its last word ("ConGen Istanbul Deputy Principal Officer Win
        # Dayton"), less the initials it took from the name.
        cut = last + 1
        while 0 < cut < len(tokens) and _INITIAL.match(tokens[cut - 1]):
            if _SUFFIX.match(tokens[cut - 1]):
                break  # "a.i." belongs to the office
            cut -= 1
        titles.append(" ".join(tokens[:cut]))
        rest = " ".join(tokens[cut:])
        if rest:
            name = _strip_end(rest)
    title = _strip_end(", ".join(titles)) if titles else None
    return title or None, name


def name_of(official: str) -> str | None:
    """The person's name: ``J. Robert Manzanares`` in ``Charge d'Affaires J. Robert Manzanares``."""
    return _split(official)[1]


def title_of(official: str) -> str | None:
    """The office or rank: ``Charge d'Affaires`` in ``Charge d'Affaires J. Robert Manzanares``."""
    return _split(official)[0]


# "a nd", "an d": a space the wrapping put inside "and".
_AND: Final = re.compile(r"\ba\s?n\s?d\b|&", re.IGNORECASE)
_ORDER: Final = re.compile(r"\bE\.?\s?O\.?\s*\d{5}\b|\b(?:as\s+amended|section|reasons?)\b", re.I)
# A section: "1.4", "1 .4", "1. 4", "1:4", "1/4", and "14" where the point is lost.
_SECTION: Final = re.compile(r"(?<![\w.])([1-9])\s?[.:/]?\s?([0-9])(?![\d]|\.\d)\.?")
_LETTER: Final = re.compile(r"(?<![A-Za-z])([a-hA-H])(?![A-Za-z])")
# Where a first paragraph ran on into the line's text: "1. (C) Summary".
_PROSE: Final = re.compile(r"(?<![.\d])\b\d{1,2}[.,]\s*\((?:U|C|S|SBU|[CS]/NF|TS)\)\s+[A-Z]")
# "(b-d)": a range of letters.
_RANGE: Final = re.compile(r"(?<![A-Za-z])([a-hA-H])\s?-\s?([a-hA-H])(?![A-Za-z])")
_CODE: Final = re.compile(r"\b(\d{2}X\d)\b")


def _expand(m: re.Match[str]) -> str:
    first, last = ord(m[1].lower()), ord(m[2].lower())
    return " ".join(chr(c) for c in range(first, last + 1)) if first <= last else m[0]


def reasons_of(reasons_text: str | None) -> tuple[str, ...]:
    """The reasons cited, as ``1.4(b)``: in order, without repeats, letters in lower case.

    A section without letters is itself (``1.4``); letters without a section are ``(b)``;
    intelligence codes stand as written (``25X1``).
    """
    if not reasons_text:
        return ()
    text = _PROSE.split(reasons_text, maxsplit=1)[0]
    text = _ORDER.sub(" ", _AND.sub(" ", text))
    out: list[str] = []
    for code in _CODE.findall(text):
        out.append(code)
    text = _CODE.sub(" ", text)
    sections = list(_SECTION.finditer(text))
    if not sections:
        out.extend(f"({letter.lower()})" for letter in _LETTER.findall(text))
    for k, m in enumerate(sections):
        section = f"{m[1]}.{m[2]}"
        end = sections[k + 1].start() if k + 1 < len(sections) else len(text)
        span = _RANGE.sub(_expand, text[m.end() : end])
        letters = _LETTER.findall(span)
        if letters:
            out.extend(f"{section}({letter.lower()})" for letter in letters)
        else:
            out.append(section)
    return tuple(dict.fromkeys(out))
