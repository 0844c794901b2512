"""The cable grammar: text in, fields and a layout out.  It never raises on any string.

Reading is line by line.  Each line is matched on a normalised form (trailing spaces,
``¶`` signs, Markdown tag links and heading marks taken away), while the slot it lands
in keeps the line exactly as written, ending included.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import itertools
import re
from typing import Any, Final, cast

from ._authority import join_wrapped, split_authority
from ._layout import TRIVIA, WHOLE, Layout
from ._markings import MARKING, split_marking
from ._model import (
    DATE_LINE,
    ENVELOPE_WORD,
    NOTICE,
    PAGE_MARKING,
    WRAPPER_LABEL,
    WRAPPER_OPENING,
    Addressee,
    Block,
    Bullet,
    ClassificationLine,
    ClassifiedBy,
    DateTimeGroup,
    Diagnostic,
    Distribution,
    ExecutiveOrder,
    Heading,
    Marker,
    MessageLine,
    PageLine,
    Paragraph,
    Routing,
    RunningHeader,
    SecurityLine,
    Signature,
    StationLine,
    Text,
    WrapperLine,
    maker,
)
from ._refs import REF_LABEL, split_references
from ._tags import continues_tags, split_tags
from ._wrapping import (
    joins_at_hyphen,
    unwrap,
    without_running_headers,
)

__all__ = ["parse"]

# --- lines ----------------------------------------------------------------------------

# The values a text holds most of, made without the checks of an edit (see maker).
_paragraph = maker(Paragraph)
_bullet = maker(Bullet)
_text = maker(Text)
_heading = maker(Heading)
_running_header = maker(RunningHeader)
_addressee_of = maker(Addressee)

_LINE: Final = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


class _Breaks:
    """How many of each line ending a text has."""

    __slots__ = ("cr", "crlf", "lf")

    def __init__(self, text: str) -> None:
        if "\r" not in text:  # most texts: one count instead of three
            self.crlf = self.cr = 0
            self.lf = text.count("\n")
            return
        self.crlf = text.count("\r\n")
        self.lf = text.count("\n") - self.crlf
        self.cr = text.count("\r") - self.crlf


def split_lines(text: str, breaks: _Breaks | None = None) -> list[str]:
    """Split into lines that keep their endings; the last line may have none."""
    lines = text.splitlines(keepends=True)
    if breaks is None:
        breaks = _Breaks(text)
    # str.splitlines also breaks at form feeds and the like, a cable line does not:
    # when it gave one line per line ending, it met none of them.
    ends = breaks.crlf + breaks.lf + breaks.cr + (not text.endswith(("\n", "\r")) and bool(text))
    if len(lines) == ends:
        return lines
    lines = _LINE.findall(text)
    if lines and not lines[-1]:
        lines.pop()
    return lines


_LINK: Final = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_CONTINUED: Final = re.compile(r"\\[ \t]*(?:\r|\n|$)")


def _norm(line: str) -> str:
    """The form a line is matched on: no trailing space, no ``¶`` or ``<br>`` decoration,
    no `` \\`` continuation mark (database dumps end each line of a field with one)."""
    line = line.rstrip()
    if line.endswith("<br>"):  # HTML line breaks left in some renderings
        line = line[:-4].rstrip()
    elif line.endswith("\\"):
        line = line[:-1].rstrip()
    if line.startswith("¶"):
        line = line[1:].lstrip()
    return line


def _newline(breaks: _Breaks) -> str:
    """The text's most common line ending."""
    counts = {"\r\n": breaks.crlf, "\n": breaks.lf, "\r": breaks.cr}
    best = max(counts, key=lambda ending: counts[ending])
    return best if counts[best] else "\n"


# --- shared patterns ------------------------------------------------------------------

_MONTHS: Final = {
    m: i + 1
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
    )
}
_PRECEDENCE_WORDS: Final = ("NIACT IMMEDIATE", "FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE")

_TRANSMISSION_ID: Final = re.compile(r"\s*(VZCZC[A-Z0-9]+)$")
_ROUTING: Final = re.compile(r"\s*([ZOPR]{2}|[ZOPR])((?:\s+R[A-Z0-9]{4,7})+)$")
_ROUTING_MORE: Final = re.compile(r"\s*(R[A-Z0-9]{4,7}(?:\s+R[A-Z0-9]{4,7})*)$")
_STATION: Final = re.compile(r"\s*DE\s+([A-Z0-9]+)\s+#(\d+)(?:/(\d+))?\s+(\d{7})$")
# The suffix keeps what follows the code: "ZZH", "ZZH ZDK", "ZZH (CCY AD3230EB ...)".
_SECURITY: Final = re.compile(r"\s*(ZN[RY])\s+([A-Z]{5})(?:\s+([A-Z]{3}(?:\b.*)?))?$")
# What may follow a date-time group: operating signals (``ZDK``, ``ZFF4``) and a
# handling note in parentheses (``(CCY ADC1AECC MSI3311-632)``).
_DTG_SIGNALS: Final = r"Z[A-Z]{2}\d?\b.*|\(CCY\b[^)]*\)"
_DTG: Final = re.compile(
    r"\s*((?:[ZOPRM]\s+){0,2})(\d\d)(\d\d)(\d\d)Z\s+([A-Za-z]{3})\s+(\d\d)(?:\s+("
    + _DTG_SIGNALS
    + r"))?$"
)
_DTG_LOOSE: Final = re.compile(
    r"\s*(?:[A-Z]\s+){0,2}\d{6}Z\s+\S+\s+\S+(?:\s+(?:" + _DTG_SIGNALS + r"))?$"
)
_FM: Final = re.compile(r"\s*FM\s+(\S.*)$")
_ADDRESS_KEY: Final = re.compile(r"\s*(TO|INFO|XMT)(?:\s+(\S.*))?$")
_ADDRESSEE_RI: Final = re.compile(r"(R[A-Z0-9]{3,7}|ZEN)/")
_ROUTED: Final = re.compile(r"R[A-Z0-9]{3,7}/")
# The archive and partial-extract layouts.
_CODES: Final = r"((?:[A-Z][A-Z0-9/]*-\d\d\s+)*[A-Z][A-Z0-9/]*-\d\d)"
_CODE_TOTAL: Final = r"(?:\s*/\s?(\d{3} ?[A-Z]))?\s*$"
_DISTRIBUTION: Final = re.compile(r"\s*(ACTION|ORIGIN)\s+" + _CODES + _CODE_TOTAL)
_INFO_CODES: Final = re.compile(r"\s*INFO\s+" + _CODES + "?" + _CODE_TOTAL)
_MORE_CODES: Final = re.compile(r"\s*" + _CODES + "?" + _CODE_TOTAL)
# An addressee with the classification line run onto it: the addressee ends in a capital
# (a post, a precedence), the marking follows without a space.
_GLUED_MARKINGS: Final = (
    "UNCLAS",
    "CONFIDENTIAL",
    "SECRET",
    "LIMITED OFFICIAL USE",
    "C O N F",
    "S E C R",
    "U N C L",
)
_GLUED_NOTICE: Final = re.compile(
    r"\s*This record is a partial extract of the original cable\..{0,80}?not available\.",
    re.IGNORECASE,
)
_GLUED_CLASSIFICATION: Final = re.compile(
    r"(\s*\S.*?[A-Z0-9])(?=" + "|".join(_GLUED_MARKINGS) + ")"
)


def _glued_marking(text: str, end: int) -> int:
    """Where the first marking in ``text[:end]`` with a capital or digit just before
    it stands (where an addressee may run on into it), or -1."""
    best = -1
    for word in _GLUED_MARKINGS:
        at = text.find(word, 1, end)
        while at > 0 and not (text[at - 1].isupper() or text[at - 1].isdigit()):
            at = text.find(word, at + 1, end)
        if at > 0 and (best < 0 or at < best):
            best = at
    return best


_ADDRESSEE_LINE: Final = re.compile(
    r"\s*(?:(?:TO|INFO|XMT)\s+)?(?:R[A-Z0-9]{3,7}/)?(?:AM|US|SEC|CINC|DIA|CIA|NSA|JOINT|HQ|"
    r"COMUS|CDR|[A-Z]+\s+(?:COLLECTIVE|POSTS))"
)
# A page line of the archive layout and text run on after it.
_GLUED_PAGE: Final = re.compile(
    r"(\s*PAGE\s+\d{2,3}\s+[A-Z][A-Z ]*?\s+\d{3,6}(?:\s+\d\d\s+OF\s+\d\d)?\s+\d{6}Z)"
    r"\s+\S"
)
_OFFICER: Final = re.compile(r"\s*(DRAFTED|APPROVED)\s+BY\s+(\S.*)$")
_MESSAGE_LINE: Final = re.compile(r"\s*-{5,}\s*([A-Z0-9]+)(?:\s+(\d{6}Z))?(?:\s+(/\d+))?\s*$")
_OFFICE_CODES: Final = re.compile(r"\s*(?:INFO\s+)?(?:[A-Z0-9]+-\d\d\s*)+(?:/\w+)?$")
_MARKER: Final = re.compile(r"\s*(BT|NNNN)$")


def _spaced(word: str) -> str:
    """A pattern for a marking word, letter-spaced or not, its first letter doubled or lost."""
    return rf"(?:{word[0]}\s?){{0,2}}" + r"\s?".join(word[1:])


_MARKING: Final = (
    "("
    + "|".join(
        [
            _spaced("UNCLASSIFIED"),
            _spaced("UNCLAS"),
            _spaced("CONFIDENTIAL"),
            _spaced("SECRET"),
            r"LIMITED\s+OFFICIAL\s+USE",
            r"L\sI\sM\sI\sT\sE\sD\s+O\sF\sF\sI\sC\sI\sA\sL\s+U\sS\sE",
        ]
    )
    + ")"
)
# A stray backslash may end the line (text files from some publishers).
_LINE_END: Final = r"(?:\s*\\)?$"
# The first characters of the lines archive_line reads (notice, page break, distribution
# or INFO codes alone, drafter and approver, message line); a date line has "day, " in it.
_ARCHIVE_FIRST: Final = frozenset("TPUCLSAODI-")
# The letters a classification marking can start with (a doubled or lost first letter).
_MARKING_FIRST: Final = frozenset("UCSLNOEIucslnoei")
_CLASSIFICATION: Final = re.compile(
    r"\s*" + _MARKING + r"(?:\s+(E\s?F\s?T\s?O|SENSITIVE|FOR\s+OFFICIAL\s+USE\s+ONLY))?"
    r"(?:\s+SECTION\s+(\d+)\s+OF\s+(\d+))?"
    r"\s+(?:\d\d\s+)?([A-Z][A-Z .'-]*?)\s+(\d+)" + _LINE_END,
    re.IGNORECASE,
)
_CLASSIFICATION_BARE: Final = re.compile(
    r"\s*" + _MARKING + r"(?:\s+SECTION\s+(\d+)\s+OF\s+(\d+))?" + _LINE_END,
    re.IGNORECASE,
)

_CAPTION_WORDS: Final = frozenset(
    [
        "SIPDIS",
        "NOFORN",
        "SENSITIVE",
        "EXDIS",
        "NODIS",
        "LIMDIS",
        "STADIS",
        "EFTO",
        "NOCONTRACT",
        "ORCON",
        "PROPIN",
        "CHEROKEE",
        "ROGER",
        "CHANNEL",
        "DECAPTIONED",
        "DISSENT",
        "FOUO",
        "SBU",
        "NOFORN/SIPDIS",
        "SIPDIS/NOFORN",
    ]
)
_CAPTION_PHRASES: Final = re.compile(
    r"\s*(?:E F T O|FOR OFFICIAL USE ONLY|SPECIAL HANDLING"
    r"|(?i:SENSITIVE\s+BUT\s+UNCLASSIFIED(?:[;,]?\s+NOT\s+FOR\s+INTERNET\s+DISTRIBUTION)?)"
    r"|C\s?O\s?R\s?R\s?E\s?C\s?T(?:\s?E\s?D)?\s+C\s?O\s?P\s?Y\b.*"
    r"|(?:[A-Z/]+,?\s+)*NOT\s+FOR\s+INTERNET\s+DISTRIBUTION)\.?$"
)
_INSTRUCTION: Final = re.compile(r"(?:^|\s)(?:FOR|PASS|PASS TO|ALSO FOR)\s+\S")

# "E.0. 12958" (a zero for the O) is a typing slip some cables make.
_EO: Final = re.compile(r"\s*(E\.?\s?[O0]\.?|EO)\s*(\d{5})?\s*(?::|;|\.)?\s*(.*)$", re.IGNORECASE)
_EO_START: Final = re.compile(
    r"\s*(?:E\.\s?O\.|E\.0\.\s?\d{5}|EO\s+\d{5}|E\.O\s|EO:)", re.IGNORECASE
)
_TAGS: Final = re.compile(r"\s*(TAGS|TAG|TGS|TAS|(?i:tags?|tgs|tas)(?=\s*:))\b\s*:?\s*(.*)$")
_SUBJECT: Final = re.compile(r"\s*(SUBJECT|SUBJ)\s*:\s*(.*)$", re.IGNORECASE)
# Upper-case keywords may stand without a colon; in other cases the colon is required,
# so that prose beginning "Reference for ..." or "Tags are ..." stays prose.
_REF: Final = re.compile(
    r"\s*(REFERENCES|REFERENCE|REFTELS|REFTEL|REFS|REF\b|(?i:references?|reftels?|refs?)(?=\s*:))"
    r"\s*:?\s*(.*)$"
)
# A portion marking may stand before the keyword: "(U) Classified by ...".
_CLASSIFIED_BY: Final = re.compile(
    r"\s*(?:\((" + MARKING + r")\)\s*)?(CLASSIFIED\s+BY)\b\s*:?\s*(.*)$",
    re.IGNORECASE,
)
# A header keyword that follows another field on the same line ("... LULA CLASSIFIED BY:
# ...", "DECL: 2020/01/21 TAGS: SENV"); the name is the field the keyword starts.
_GLUED: Final = re.compile(
    r"\s(?:(?P<references>(?i:REF(?:TELS?|S)?|REFERENCES?)\s*:)"
    r"|(?P<classification_authority>(?:\((?i:" + MARKING + r")\)\s*)?"
    r"(?i:CLASSIFIED\s+BY)(?:\s*:|\s+(?=[A-Z])))"
    r"|(?P<tags>(?i:TAGS?)\s*:)"
    r"|(?P<subject>(?i:SUBJ(?:ECT)?)\s*:)"
    r"|(?P<executive_order>(?i:E\.\s?O\.)\s?\d{5}\b)"
    r"|(?<=\d\s)\s*(?P<captions>(?:SIPDIS|NOFORN|EXDIS|NODIS|LIMDIS|SENSITIVE)\b))"
)
# "... AS UK PRIMEREF: A. LONDON 1939": the space before the keyword lost.
_GLUED_REF_TIGHT: Final = re.compile(r"(?<=[A-Z])REF(?:TELS?|S)?:\s")
_GLUED_PARAGRAPH: Final = re.compile(r"\s\d{1,2}\.\s*\((?:" + MARKING + r")\)\s")
# Lines that begin the text under a header field, never a wrapped value: a memo's TO: or
# FROM: line, the summary ("SUMMARY. LEADERS OF ...", "SUMMARY - FCO OFFICIAL ...").
_VALUE_ENDS: Final = re.compile(r"\s*(?:(?:TO|FROM|THRU)\s*:|(?:BEGIN\s+)?SUMMARY\s*[.:-])")
_DANGLING_REASONS: Final = re.compile(r"\bREASONS?\s*:?$", re.IGNORECASE)
_REASONS_START: Final = re.compile(r"\s*(?:\d\.\s?\d|\([a-hA-H]\))")
_NEW_INSTRUCTION: Final = re.compile(r"\s*(?:\S+\s+){1,3}(?:ALSO\s+)?(?:FOR|PASS)\b")
_WRAPS_ON: Final = re.compile(r"(?:[,/&]|\bAND)$")
_GLUED_CAPTIONS: Final = ("SIPDIS", "NOFORN", "EXDIS", "NODIS", "LIMDIS", "SENSITIVE")
_CAPTION_IN: Final = re.compile(r"\d\s+(?:" + "|".join(_GLUED_CAPTIONS) + r")\b")
_LEADING_CAPTION: Final = re.compile(r"\s*(?:SIPDIS|NOFORN|EXDIS|NODIS|LIMDIS)(?=\s+\S)")
_GLUED_RUNNING: Final = re.compile(
    r"\s(?P<running>[A-Z][A-Z'.-]*\s+\d{8}\s+\d{3}(?:\.\d+)?\s+OF\s+\d{3})$"
)
_PARAGRAPH: Final = re.compile(
    r"\s*(?:(\d{1,3})\.(?:\s+|(?=\())|(?=\())"
    r"(?:\(([A-Z]{1,4}(?:/{1,2}[A-Z]{1,6})*)\)(?:\s+|$))?(.*)$"
)
_BULLET: Final = re.compile(r"\s*(--+|-|\*|•|·)\s+(\S.*)$")
_RULE: Final = re.compile(r"\s*-{3,}[\s-]*$")
# A heading and its rule on one line, where a rendering lost the line breaks: a rule
# on both sides (``------- Summary -------``) or under it (``WASHINGTON AGENDA -----``).
# A long rule may have been cut in two (``----- ---``).
_RULE_RUN: Final = r"-{3,}(?:\s+-+)*"
_FRAMED_HEADING: Final = re.compile(
    r"\s*" + _RULE_RUN + r"\s+([^\s-](?:.{0,98}[^\s-])?)\s+" + _RULE_RUN + r"\s*$"
)
_UNDERLINED_HEADING: Final = re.compile(
    r"\s*(?!\d{1,3}\.\s|[-*•·]\s)([^\s-](?:.{0,98}[^\s-])?)(?:\s+-{3,}|-{5,})(?:\s+-+)*\s*$"
)
# A heading (framed, underlined, or only its rule) run onto the end of a sentence.
_GLUED_HEADING: Final = re.compile(
    r"(?:[.!?\"”)]|(?i:\bEND\s+(?:SUMMARY|COMMENT)))\s+(?P<heading>(?:-{5,}(?:\s+-+)*\s*)?"
    r"(?:(?!(?i:END)\s)[^\s.!?-][^.!?]{0,98}?)?\s*-{5,}(?:\s+-+)*\s*)$"
)
# How far from a line's end a glued heading (rules and words) can begin.
_GLUED_REACH: Final = 400
_TAIL_HEADING: Final = re.compile(r"[.!?][\"”)]?\s+(?P<heading>(?!(?i:END)\s)[A-Z][^.!?]{1,60}\w)$")
_SENTENCE_WORD_END: Final = re.compile("[a-z0-9]{2}")
_MD_HEADING: Final = re.compile(r"\s*#{1,6}\s+(\S.*)$")
# A running header: the post (cut to ten characters), the serial, the page.  A longer
# run of words before the serial is text with a header glued to it.
_RUNNING: Final = re.compile(
    r"\s*[A-Z][A-Z .'/-]{0,11}\s+\d{8}\s+\d{3}(?:\.\d+)?\s+OF\s+\d{3}$", re.IGNORECASE
)
# A page line; in 1978-79 the page number may stand alone, the post and serial under it.
_PAGE: Final = re.compile(r"\s*PAGE\s+\d{2,3}(?:\s+\S|$)")
_PAGE_ALONE: Final = re.compile(r"\s*PAGE\s+\d{2,3}$")
_PAGE_POST: Final = re.compile(
    r"\s*[A-Z][A-Z .'-]*?\s+\d{3,6}(?:\s+\d\d\s+OF\s+\d\d)?(?:\s+\d{6}Z)?$"
)
_BLOCK_START: Final = re.compile(
    r"\s*(?:\d{1,3}\.\s+\S|\d{1,3}\.\(|(?:--+|-|\*|•|·)\s+\S|#{1,6}\s|-{3,}[\s-]*$"
    r"|PAGE\s+\d{2,3}(?:\s|$)|(?:BT|NNNN)$"
    r"|[A-Za-z][A-Za-z .'/-]*\s+\d{8}\s+\d{3}(?:\.\d+)?\s+(?:OF|of|Of)\s+\d{3}$"
    # an archive's declassification stamp (see _STAMP)
    r"|(?:\S+\s+){0,4}Declassified/Released\s)"
)
# The first characters a block's first line can have (see ``_BLOCK_START``); a line
# ending in a digit may be a running header whatever it starts with.
_BLOCK_FIRST: Final = frozenset("0123456789-*•·#PBN \t")


_SIGNATURE: Final = re.compile(r"\s*[A-Z][A-Za-z.'-]*(?:\s[A-Z][A-Za-z.'-]*){0,3}$")
_BANNER_WORDS: Final = frozenset(
    ["UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "UNCLAS", "NOFORN", "SIPDIS", "BT", "NNNN"]
)


def _century(yy: int) -> int:
    return (2000 if yy < 66 else 1900) + yy


_KNOWN_MARKINGS: Final = {
    m.replace(" ", ""): m
    for m in ("UNCLASSIFIED", "UNCLAS", "CONFIDENTIAL", "SECRET", "LIMITED OFFICIAL USE")
}


def _unspace(marking: str) -> tuple[str, bool]:
    """``S E C R E T`` -> ``("SECRET", True)``; the spacing need not be regular.

    Typing slips seen in real cables are read too: ``SS E C R E T``, ``E C R E T``.
    """
    compact = re.sub(r"\s", "", marking).upper()
    for known in _KNOWN_MARKINGS:
        if compact in (known, known[0] + known, known[1:]):
            name = _KNOWN_MARKINGS[known]
            return name, " ".join(marking.split()) != name
    return " ".join(marking.split()), False


def _is_serial(word: str) -> bool:
    """``5923`` or a range ``7721-7722``: one to six digits each."""
    low, dash, high = word.partition("-")
    return (
        0 < len(low) <= 6
        and low.isdecimal()
        and (not dash or (0 < len(high) <= 6 and high.isdecimal()))
    )


def _addressee(text: str) -> Addressee:
    """``RI/ADDRESS [PRECEDENCE] [SERIAL]``, read from the right with string tests.

    A single pattern with a lazy address had to try the tail at every character.
    """
    rest = text.strip()
    ri = None
    if match := _ADDRESSEE_RI.match(rest):
        ri, rest = match[1], rest[match.end() :]
    serial = precedence = None
    # The serial is the last word: a regex search for it tried every position.
    words = rest.rsplit(None, 1)
    if len(words) == 2 and _is_serial(words[1]):
        rest, serial = words
    # One test of all the words first: most addressees end with none.
    for word in _PRECEDENCE_WORDS if rest.endswith(_PRECEDENCE_WORDS) else ():
        if rest.endswith(word) and rest[-len(word) - 1 : -len(word)].isspace():
            precedence, rest = word, rest[: -len(word)].rstrip()
            break
    address = rest.strip()
    if not address:
        # A lone precedence word or number is an address, not a decoration.
        return _addressee_of(text.strip())
    return _addressee_of(address, ri, precedence, serial)


@functools.lru_cache(maxsize=1024)
def _is_caption(norm: str) -> bool:
    """A handling line: caption words, maybe with the level they qualify ("SECRET NOFORN")."""
    if _CAPTION_PHRASES.match(norm):
        return True
    if len(norm) > 60:
        return False  # no run of caption words is this long: prose or another field
    words = _CAPTION_SPLIT.split(norm.strip().rstrip(".").upper())
    if all(w in _CAPTION_WORDS for w in words):
        return True
    return (
        words[0] in _LEVEL_WORDS
        and len(words) > 1
        and all(w in _CAPTION_WORDS or w in _LEVEL_WORDS for w in words)
    )


_CAPTION_SPLIT: Final = re.compile(r"[\s,]+|/{1,2}")
# Level words a banner line writes before its caveats: "SECRET//FGI//NOFORN".
_LEVEL_WORDS: Final = frozenset(["SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "FGI", "REL", "MR"])


_CABLE_BLOCKS: Final = frozenset([RunningHeader, PageLine, Marker])
_NOT_A_CABLE: Final = (
    "not a cable: no envelope or header line, portion-marked paragraph, running header "
    "or page line was found"
)


# --- the parser -----------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str, year: int | None = None) -> None:
        self.text = text
        self.breaks = _Breaks(text)
        self.lines = split_lines(text, self.breaks)
        # A one-character test first: str.find of a character is memchr, of "<br>" a
        # scan fifteen times as slow.
        if (
            "¶" in text
            or ("<" in text and "<br>" in text)
            or ("\\" in text and _CONTINUED.search(text))
        ):
            self.norm = [_norm(line) for line in self.lines]
        else:
            self.norm = list(map(str.rstrip, self.lines))
        # (field, item, value, raw) per slot: the layout's columns, once transposed.
        self.slots: list[tuple[str, int, object, str]] = []
        self.fields: dict[str, Any] = {}
        self.items: dict[str, list[Any]] = {}
        self.diagnostics: list[Diagnostic] = []
        self.year = year
        """The year yearless citations take: the DTG's once read, else the one assumed."""
        # What the body's reading asks of the whole text, set when it begins.
        self.has_rule = self.loose_rule = self.has_page = False
        self.ruled: list[int] = []

    # -- output --
    def raw(self, start: int, end: int) -> str:
        return self.lines[start] if end == start + 1 else "".join(self.lines[start:end])

    # A slot per line or block, a plain tuple: the layout keeps their columns.
    def trivia(self, start: int, end: int) -> None:
        if end > start:
            self.slots.append((TRIVIA, WHOLE, None, self.raw(start, end)))

    def put(self, field: str, value: object, start: int, end: int) -> None:
        self.fields[field] = value
        self.slots.append((field, WHOLE, value, self.raw(start, end)))

    def add(self, field: str, value: object, start: int, end: int) -> None:
        items = self.items.setdefault(field, [])
        self.slots.append((field, len(items), value, self.raw(start, end)))
        items.append(value)

    def diagnose(self, index: int, code: str, message: str, column: int | None = None) -> None:
        if column is None:
            line = self.lines[index]
            column = len(line) - len(line.lstrip()) + 1
        self.diagnostics.append(Diagnostic(index + 1, column, code, message))

    def unread(self, i: int, end: int | None = None) -> None:
        """Keep a line of the envelope or header that no field reads; say so where it
        begins like a field (a keyword, a marking), as its field is then missing."""
        norm = self.norm[i]
        self.add("unparsed", norm, i, i + 1 if end is None else end)
        if (like := _field_like(norm)) is not None:
            what, field = like
            if field in self.fields or field in self.items:
                why = f"{what} again, kept as written: {norm.strip()!r}"
            else:
                why = f"{what} that could not be read: {norm.strip()!r}"
            self.diagnose(i, "unread-line", why)

    # -- the whole text --
    def parse(self) -> tuple[dict[str, Any], Layout, tuple[Diagnostic, ...]]:
        self.split_glued_classification()
        self.has_page = "PAGE " in self.text
        if self.has_page:
            self.split_glued_pages()
        n = len(self.lines)
        start = self.wrapper() if self.text.find(WRAPPER_OPENING, 0, 1000) >= 0 else 0
        head = self.find_classification(start)
        i = self.envelope(start, head if head is not None else n, stop_early=head is None)
        if head is not None:
            i = self.header(head)
        elif i < n and self.has_header_keywords(i):
            i = self.header(i)
        self.body(i)
        # A line that looked like a field but could not be read (a diagnostic says which)
        # is a cable's, read badly: only a text with neither is no cable.
        if not self.diagnostics and not self.is_cable():
            self.diagnostics.insert(0, Diagnostic(1, 1, "not-a-cable", _NOT_A_CABLE))
        fields = dict(self.fields)
        for field, items in self.items.items():
            fields[field] = tuple(items)
        layout = Layout.of(self.slots, _newline(self.breaks))
        return fields, layout, tuple(self.diagnostics)

    def is_cable(self) -> bool:
        """Whether the text has a part only a cable has: a field of the envelope or the
        header, or a block of the body no other text makes (a portion-marked paragraph,
        a running header or page line, a BT or NNNN marker)."""
        if any(field != "unparsed" for field in self.fields) or any(
            field not in ("unparsed", "body") for field in self.items
        ):
            return True
        return any(
            type(block) in _CABLE_BLOCKS or (type(block) is Paragraph and block.marking)
            for block in self.items.get("body", ())
        )

    def cut_line(self, k: int, cut: int) -> bool:
        """Cut line ``k`` in two at column ``cut`` of its matched form, where a rendering
        glued two lines into one.  The first part keeps no line ending, so the writer
        puts both back on one line.  False where the raw line differs there."""
        raw, norm = self.lines[k], self.norm[k]
        if not raw.startswith(norm[:cut]):
            return False
        self.lines[k : k + 1] = [raw[:cut], raw[cut:]]
        self.norm[k : k + 1] = [norm[:cut].rstrip(), norm[cut:]]
        return True

    def split_glued_classification(self) -> None:
        """Cut the line where a rendering ran the classification line onto the last
        addressee (``AMEMBASSY TEL AVIVUNCLAS BEIRUT 00992``), so that each is a line.
        """
        norm = self.norm
        # The partial-extract notice with the classification line run onto it: "... is
        # not available.UNCLAS VATICAN 002213".
        for k in range(min(len(norm), 3)):
            if (m := _GLUED_NOTICE.match(norm[k])) and _CLASSIFICATION.match(norm[k][m.end() :]):
                self.cut_line(k, m.end())
                return
        # str.find for each marking in the first 80 lines, for one with a capital or
        # digit just before it: a test per line and marking word (or one regex search)
        # cost a twentieth of the reading.
        head = sum(map(len, self.lines[:80]))
        # The classification line comes before the subject: search no further.
        subject = self.text.find("SUBJ", 0, head)
        at = _glued_marking(self.text, head if subject < 0 else subject)
        if at < 0:
            return
        offset = 0
        for k, raw in enumerate(self.lines[:80]):
            offset += len(raw)
            if offset <= at:
                continue
            line = norm[k]
            m = _GLUED_CLASSIFICATION.match(line)
            if m is None or not _CLASSIFICATION.match(line[m.end(1) :]):
                continue
            if _ADDRESSEE_LINE.match(line[: m.end(1)]):
                self.cut_line(k, m.end(1))
            return  # one classification line: the first found

    def split_glued_pages(self) -> None:
        """Cut a page line where text runs on after its time group (``PAGE 02 HARARE 06677
        01 OF 03 291400Z OPPOSITION LEADER``): the page line is a line of its own and the
        text goes on with what the page break cut."""
        shift = 0
        for k in self.lines_with("PAGE "):
            k += shift
            if (m := _GLUED_PAGE.match(self.norm[k])) and self.cut_line(k, m.end(1)):
                shift += 1

    def wrapper(self) -> int:
        """The header a mail system wrote above the cable (``... From DB/Inbox: Search
        Results``, ``Cable Text:``, ``ACTION: AMB``, ``CLEARED: ...``): its lines, up to
        the first line of the envelope, are the wrapper.  Returns where the cable begins
        (0 where the text has no such header, or no envelope under it)."""
        norm = self.norm
        opening = [k for k in range(min(len(norm), 8)) if norm[k]][:2]
        if not any(WRAPPER_OPENING in norm[k] for k in opening):
            return 0
        end = next((k for k in range(min(len(norm), 200)) if self.opens_envelope(k)), None)
        if end is None:
            return 0
        k = 0
        while k < end:
            if not norm[k]:
                j = k
                while j < end and not norm[j]:
                    j += 1
                self.trivia(k, j)
                k = j
                continue
            line = norm[k].strip()
            m = WRAPPER_LABEL.match(line)
            value = WrapperLine(m[2].strip(), m[1]) if m else WrapperLine(line)
            self.add("wrapper", value, k, k + 1)
            k += 1
        return end

    def opens_envelope(self, k: int) -> bool:
        """Whether line ``k`` is one an envelope begins with: a transmission id, routing
        indicators, a DE line, a security line or a date-time group."""
        norm = self.norm[k]
        return bool(
            _TRANSMISSION_ID.match(norm)
            or _ROUTING.match(norm)
            or _STATION.match(norm)
            or _SECURITY.match(norm)
            or _DTG.match(norm)
        )

    def find_classification(self, start: int = 0) -> int | None:
        limit = min(len(self.lines), start + 150)
        for i in range(start, limit):
            norm = self.norm[i]
            if not norm:
                continue
            # Guarded by the first character each pattern needs (most lines here are
            # addressees): a digit for a paragraph, an S for SUBJECT, a marking's letters.
            first = norm.lstrip()[:1]
            if (first.isdigit() and _PARAGRAPH_NUMBERED.match(norm)) or (
                first in "Ss" and _SUBJECT.match(norm)
            ):
                break
            if first not in _MARKING_FIRST:
                continue
            if _CLASSIFICATION.match(norm):
                if self.envelope_follows(i + 1):
                    continue  # a banner above the envelope, not the text's first line
                return i
            # A header written on one line: "... STATE 000284 SIPDIS E.O. 12958: ...".
            glued = _GLUED.search(norm, 1)
            if glued is not None and _CLASSIFICATION.match(norm[: glued.start()].rstrip()):
                return i
        # A bare marking ("CONFIDENTIAL") just before the keywords of a text header.
        for i in range(start, limit):
            norm = self.norm[i]
            if _PARAGRAPH_NUMBERED.match(norm) or _SUBJECT.match(norm):
                break
            if (
                _CLASSIFICATION_BARE.match(norm)
                and self.has_header_keywords(i + 1, 12)
                and self.page_break_at(i) is None
            ):
                return i
        return None

    def envelope_follows(self, start: int) -> bool:
        """Whether an envelope line (a DTG, FM, DE, ...) comes before any header keyword.

        Then the classification line above it is a banner (or part of a wrapper such
        as a mail system's export), and the text's own classification line comes later.
        """
        for i in range(start, min(len(self.lines), start + 30)):
            norm = self.norm[i]
            if not norm:
                continue
            line = norm.lstrip()
            first = line[:1]  # guards, as elsewhere
            if (
                ((first.isdigit() or line[1:2].isspace()) and _DTG_LOOSE.match(norm))
                or (first == "F" and _FM.match(norm))
                or (first == "V" and _TRANSMISSION_ID.match(norm))
                or (first == "D" and _STATION.match(norm))
            ):
                return True
            if _keyword_field(norm) in ("subject", "tags", "executive_order"):
                return False
        return False

    def has_header_keywords(self, start: int, window: int = 40) -> bool:
        for i in range(start, min(len(self.lines), start + window)):
            norm = self.norm[i]
            if _SUBJECT.match(norm) or _TAGS.match(norm) or _EO_START.match(norm):
                return True
        return False

    # -- envelope --
    def envelope(self, start: int, end: int, *, stop_early: bool) -> int:
        i = start
        while i < end:
            norm = self.norm[i]
            if not norm:
                j = i
                while j < end and not self.norm[j]:
                    j += 1
                self.trivia(i, j)
                i = j
                continue
            k = self.envelope_line(i, end)
            if k is None:
                if stop_early:
                    return i
                self.unread(i)
                k = i + 1
            i = k
        return i

    def envelope_line(self, i: int, end: int) -> int | None:
        norm = self.norm[i]
        fields = self.fields
        # Each test is guarded by the first character its line needs: a regex call per
        # kind per line was most of the envelope's cost.
        first = norm.lstrip()[:1]
        # Most envelope lines (``RUEH...`` addressees, TO, INFO, FM) are no archive line.
        if (first in _ARCHIVE_FIRST or first.isdigit() or "day, " in norm) and (
            k := self.archive_line(i, end)
        ) is not None:
            return k
        if (
            "banner" not in fields
            and "dtg" not in fields
            and first in _MARKING_FIRST
            # A bare marking is a banner only as the text's first line ("CONFIDENTIAL"
            # over the page line of an archive page).
            and (_CLASSIFICATION.match(norm) or (not fields and not self.items))
            and (line := self.read_classification(i))
        ):
            self.put("banner", line, i, i + 1)
            return i + 1
        if first == "V" and (m := _TRANSMISSION_ID.match(norm)) and "transmission_id" not in fields:
            self.put("transmission_id", m[1], i, i + 1)
            return i + 1
        if first in "ZOPR" and (m := _ROUTING.match(norm)) and "routing" not in fields:
            indicators = m[2].split()
            j = i + 1
            while j < end and (more := _ROUTING_MORE.match(self.norm[j])):
                indicators.extend(more[1].split())
                j += 1
            self.put("routing", Routing(m[1], tuple(indicators)), i, j)
            return j
        if norm.lstrip().startswith("DE ") and "station" not in fields:
            if m := _STATION.match(norm):
                self.put("station", StationLine(m[1], m[2], m[3], m[4]), i, i + 1)
                return i + 1
            self.diagnose(
                i, "bad-station", "malformed DE line: expected 'DE STATION #SERIAL DDDHHMM'"
            )
            return None
        if first == "Z" and (m := _SECURITY.match(norm)) and "security" not in fields:
            self.put("security", SecurityLine(m[1], m[2], m[3]), i, i + 1)
            return i + 1
        if "dtg" not in fields and _DTG_LOOSE.match(norm):
            dtg = self.read_dtg(i)
            if dtg is None:
                return None
            self.year = dtg.value.year
            self.put("dtg", dtg, i, i + 1)
            return i + 1
        if first == "F" and (m := _FM.match(norm)) and "sender" not in fields:
            self.put("sender", m[1], i, i + 1)
            return i + 1
        if first in "TIX" and (m := _ADDRESS_KEY.match(norm)):
            field = {"TO": "to", "INFO": "info", "XMT": "excluded"}[m[1]]
            if field in self.items or (field == "info" and _OFFICE_CODES.match(norm)):
                return None
            return self.addressees(field, i, end)
        return None

    def page_break_at(self, i: int) -> tuple[PageLine, int] | None:
        """A page line at line ``i``, or the classification lines a page break repeats
        (``CONFIDENTIAL``, at most two) and the page line under them; and the line after."""
        norm = self.norm
        j = i
        while j < len(norm) and j - i < 2 and PAGE_MARKING.fullmatch(norm[j].strip()):
            j += 1
        markings = tuple(norm[k].strip() for k in range(i, j))
        # One blank line may stand between the marking and the page line (partial extracts).
        if markings and j + 1 < len(norm) and not norm[j] and norm[j + 1][:1] in "P ":
            j += 1
        if j < len(norm) and norm[j][:1] in "P " and _PAGE.match(norm[j]):
            end = self.page_end(j)
            return PageLine(self.page_text(j, end), markings), end
        return None

    def page_end(self, j: int) -> int:
        """The line after the page line at ``j``: two lines where the page number stands
        alone and the post and serial follow (``PAGE 01`` / ``MOSCOW 30317 090657Z``)."""
        norm = self.norm
        if j + 1 < len(norm) and _PAGE_ALONE.match(norm[j]) and _PAGE_POST.match(norm[j + 1]):
            return j + 2
        return j + 1

    def page_text(self, j: int, end: int) -> str:
        return " ".join(self.norm[k].strip() for k in range(j, end))

    def archive_line(self, i: int, end: int) -> int | None:
        """A line of the archive and partial-extract layouts: the publisher's notice, a
        page line, the office distribution, the message line, a publisher's date line."""
        norm = self.norm[i]
        fields = self.fields
        # Each test is guarded by the first character its line needs: most lines here
        # are addressees, and this runs before the tests for them.
        first = norm.lstrip()[:1]
        if first == "T" and not fields and not self.items and NOTICE.match(norm):
            self.put("notice", norm.strip(), i, i + 1)
            return i + 1
        if (
            self.has_page
            and first in "PUCLST"
            and (page := self.page_break_at(i)) is not None
            and page[1] <= end
        ):
            self.add("header_breaks", page[0], i, page[1])
            return page[1]
        if "distribution" not in fields:
            if first in "AO" and _DISTRIBUTION.match(norm):
                return self.distribution(i, end, None)
            if first == "I" and (codes := _INFO_CODES.match(norm)) and codes[1]:
                return self.distribution(i, end, None)  # no ACTION line above them
            number = norm.strip()
            if (
                first.isdigit()
                and number.isdigit()
                and len(number) <= 3
                and i + 1 < end
                and _DISTRIBUTION.match(self.norm[i + 1])
            ):
                return self.distribution(i + 1, end, number, start=i)
        if first in "DA" and (m := _OFFICER.match(norm)):
            field = "drafted_by" if m[1] == "DRAFTED" else "approved_by"
            if field not in fields:
                self.put(field, m[2].strip(), i, i + 1)
                if field == "approved_by":
                    return self.clearances(i + 1, end)
                return i + 1
        if first == "-" and "message_line" not in fields and (m := _MESSAGE_LINE.match(norm)):
            self.put("message_line", MessageLine(m[1], m[2], m[3]), i, i + 1)
            return i + 1
        if "day, " in norm and "date_line" not in fields and DATE_LINE.fullmatch(norm.strip()):
            self.put("date_line", norm.strip(), i, i + 1)
            return i + 1
        return None

    def clearances(self, i: int, end: int) -> int:
        """The clearance lines under APPROVED BY, up to the message line (or a blank line,
        or an envelope line)."""
        j = i
        while j < end and j - i < 30:
            line = self.norm[j].strip()
            if not line or line.startswith("-") or ENVELOPE_WORD.match(line):
                break
            j += 1
        if j >= end or not _MESSAGE_LINE.match(self.norm[j]):
            return i  # no message line under them: not clearances
        for k in range(i, j):
            self.add("clearances", self.norm[k].strip(), k, k + 1)
        return j

    def distribution(self, i: int, end: int, number: str | None, start: int | None = None) -> int:
        """``ACTION AF-00`` (or ``ORIGIN``), the ``INFO`` codes on the lines after (a
        blank line may come before them), and the copy total that ends them."""
        m = _DISTRIBUTION.match(self.norm[i])
        keyword, action, total = (m[1], m[2].split(), m[3]) if m else ("ACTION", [], None)
        info: list[str] = []
        j = i + 1 if m else i  # INFO codes alone: they begin on line i
        seen_info = False
        while j < end and total is None:
            k = j
            while not seen_info and k < end and not self.norm[k]:
                k += 1  # 00HARARE6677: a blank line between ACTION and INFO
            line = self.norm[k] if k < end else ""
            more = _INFO_CODES.match(line) if not seen_info else _MORE_CODES.match(line)
            if more is None or not (more[1] or more[2]):
                break
            seen_info = True
            info.extend((more[1] or "").split())
            total = more[2]
            j = k + 1
        value = Distribution(action, info, _total(total), keyword, number)
        self.put("distribution", value, i if start is None else start, j)
        return j

    def read_dtg(self, i: int) -> DateTimeGroup | None:
        norm = self.norm[i]
        m = _DTG.match(norm)
        if m is None:
            self.diagnose(i, "bad-dtg", "malformed date-time group: expected 'DDHHMMZ MON YY'")
            return None
        precedence = tuple(m[1].split())
        day, hour, minute, month, yy = int(m[2]), int(m[3]), int(m[4]), m[5].upper(), int(m[6])
        column = m.start(2) + 1
        if month not in _MONTHS:
            self.diagnose(
                i, "bad-dtg", f"unknown month {m[5]!r} in date-time group", m.start(5) + 1
            )
            return None
        try:
            value = _dt.datetime(_century(yy), _MONTHS[month], day, hour, minute, tzinfo=_dt.UTC)
        except ValueError as exc:
            self.diagnose(i, "bad-dtg", f"impossible date-time group: {exc}", column)
            return None
        return DateTimeGroup(precedence, value, m[7])

    def addressees(self, field: str, i: int, end: int) -> int:
        m = _ADDRESS_KEY.match(self.norm[i])
        assert m is not None
        start = i
        first = m[2]
        j = i + 1
        if first is not None and _PAGE.match(first):
            # "TO PAGE 02 STATE 015113 182333Z": a page break fell after the keyword;
            # the line is the page line, the first addressee is on the next line.
            self.add("header_breaks", PageLine(first.strip()), i, j)
            if not (j < end and self.norm[j] and not self.ends_addressees(j)):
                return j
            start = j
            first = self.norm[j].strip()
            j += 1
        if first is None:
            # The keyword stands alone; the first addressee is on the next line.
            if j < end and self.norm[j] and not self.ends_addressees(j):
                first = self.norm[j].strip()
                j += 1
            else:
                self.unread(i, j)
                return j
        self.add(field, _addressee(first), start, j)
        while j < end and self.norm[j] and not self.ends_addressees(j):
            self.add(field, _addressee(self.norm[j]), j, j + 1)
            j += 1
        return j

    def ends_addressees(self, j: int) -> bool:
        norm = self.norm[j]
        if _ROUTED.match(norm):
            return False  # "RUEHC/SECSTATE WASHDC": the common case, no keyword line
        # Each test is guarded by the first character its pattern needs: this runs for
        # every addressee line of a cable without routing indicators.
        line = norm.lstrip()
        first = line[:1]
        return bool(
            (first in "TIX" and _ADDRESS_KEY.match(norm))
            or (first in "BN" and _MARKER.match(norm))
            or (first in _MARKING_FIRST and _CLASSIFICATION.match(norm))
            or ((first.isdigit() or line[1:2].isspace()) and _DTG_LOOSE.match(norm))
            or (first == "F" and _FM.match(norm))
            or (first in "Ss" and _SUBJECT.match(norm))
            or (first in "Tt" and _TAGS.match(norm))
            or (first in "Ee" and _EO_START.match(norm))
            or (first == "P" and _PAGE.match(norm))
            or (first == "-" and _MESSAGE_LINE.match(norm))
            or (first in "AO" and _DISTRIBUTION.match(norm))
            or ("day, " in line and DATE_LINE.fullmatch(line.rstrip()))
        )

    # -- text header --
    def split_glued(self, start: int) -> None:
        """Cut lines where a header keyword follows another field, so each part is a line.

        A keyword cuts a line only inside a stretch of header lines (from a keyword line
        to the next blank line) and only once per field, so that a REF item quoting a
        subject ("SUBJ: ...") or prose that names a reference stays whole.  The first
        part keeps no line ending: the writer puts both back on one line.
        """
        n = len(self.lines)
        limit = min(n, start + 80)
        seen: set[str] = set()
        in_field = True  # the header's first line: a classification line or a keyword
        i = start
        while i < limit:
            norm = self.norm[i]
            if not norm:
                in_field = False
                i += 1
                continue
            if norm.lstrip()[:1].isdigit() and _PARAGRAPH_NUMBERED.match(norm):
                break
            if not in_field and self.is_header_start(norm):
                in_field = True
            if in_field:
                cut = self.glued_at(norm, seen)
                if cut is not None and self.cut_line(i, cut):
                    limit = min(limit + 1, len(self.lines))
            i += 1

    def is_header_start(self, norm: str) -> bool:
        first = norm.lstrip()[:1]  # a guard per pattern, as elsewhere
        return bool(
            _keyword_field(norm) is not None
            or (first in "SNEL" and _LEADING_CAPTION.match(norm))
            or (
                first in _MARKING_FIRST
                and (_CLASSIFICATION.match(norm) or _CLASSIFICATION_BARE.match(norm))
            )
        )

    @staticmethod
    def glued_at(norm: str, seen: set[str]) -> int | None:
        """Where the first keyword of a field not yet seen starts after a line's start.

        Paragraph 1 may run on from a header line too ("REASON: 1.4 (b), (d) 1. (C)
        Summary: ..."): the line is cut where the paragraph starts, unless a keyword
        comes before it.
        """
        if (
            _keyword_field(norm) is not None
            and "(" in norm
            and (par := _GLUED_PARAGRAPH.search(norm, 1))
        ):
            cut = _Parser.glued_at(norm[: par.start()], seen)
            return cut if cut is not None else par.start() + 1
        first = _keyword_field(norm)
        if first is not None:
            seen.add(first)
        elif (
            norm.lstrip()[:1] in "SNEL"
            and (lead := _LEADING_CAPTION.match(norm))
            and not _is_caption(norm)
        ):
            return lead.end()  # "SIPDIS  STATE FOR EUR/RUS": a caption, then instructions
        colons = norm.count(":")
        if (
            (colons == 0 and "." not in norm)
            or (
                first is not None
                and colons == 1
                and "O." not in norm
                and "o." not in norm
                and "LASSIFIED" not in norm
                and "lassified" not in norm
            )
        ) and not _CAPTION_IN.search(norm):
            # Every keyword _GLUED finds has a colon (a keyword line has its own), but
            # E.O., Classified by and the captions.
            running = _GLUED_RUNNING.search(norm, 1) if norm[-1:].isdigit() else None
            return running.start("running") if running else None
        for m in _GLUED.finditer(norm, 1):
            field = m.lastgroup
            assert field is not None
            if field in seen:
                continue
            seen.add(field)
            return m.start(field)
        if "references" not in seen and (tight := _GLUED_REF_TIGHT.search(norm, 1)):
            seen.add("references")
            return tight.start()
        running = _GLUED_RUNNING.search(norm, 1) if norm[-1:].isdigit() else None
        return running.start("running") if running else None

    def header(self, start: int) -> int:
        self.split_glued(start)
        n = len(self.lines)
        last = self.last_header_keyword(start)
        i = start
        while i < n:
            norm = self.norm[i]
            if not norm:
                j = i
                while j < n and not self.norm[j]:
                    j += 1
                self.trivia(i, j)
                i = j
                continue
            # A section break is the header's up to the body's first block, also under its
            # last keyword: so removing the fields under a break leaves it where it was.
            brk = _is_break(norm)
            if brk:
                end = self.page_end(i) if _PAGE.match(norm) else i + 1
                self.add("header_breaks", _break_block(self.page_text(i, end)), i, end)
                i = end
                continue
            if self.has_page and norm[-1:] in "LDT" and (page := self.page_break_at(i)):
                self.add("header_breaks", page[0], i, page[1])
                i = page[1]
                continue
            k = self.header_line(i)
            if k is None:
                if i > last:
                    return i
                self.unread(i)
                k = i + 1
            i = k
        return i

    def last_header_keyword(self, start: int) -> int:
        """The last keyword line of the text header, before the body's prose begins."""
        last = active = start
        subject = False
        for i in range(start, min(len(self.lines), start + 120)):
            norm = self.norm[i]
            # Guards by first characters, as elsewhere: a digit for a paragraph; a space,
            # a parenthesis or a letter's full stop for a REF item.
            if norm[:1].isdigit() and _PARAGRAPH_NUMBERED.match(norm):
                break
            keyword = _keyword_field(norm)
            if keyword == "subject":
                subject = True
                last = active = i
            elif keyword is not None:
                last = active = i
            elif (norm[:1] in " \t(" or norm[1:2] in ".)") and _REF_ITEM_ANY.match(norm):
                active = i
            elif subject and i - active > 12:
                break  # well past the subject: prose, whatever words it starts with
        return last

    def header_line(self, i: int) -> int | None:
        norm = self.norm[i]
        fields = self.fields
        if "classification_line" not in fields and (line := self.read_classification(i)):
            self.put("classification_line", line, i, i + 1)
            return i + 1
        if _keyword_field(norm) is None and _is_caption(norm):
            self.add("captions", norm.strip(), i, i + 1)
            return i + 1
        if "executive_order" not in fields and _EO_START.match(norm):
            m = _EO.match(norm)
            assert m is not None
            self.put("executive_order", ExecutiveOrder(m[2], m[3].strip()), i, i + 1)
            return i + 1
        if "tags" not in fields and (m := _TAGS.match(norm)):
            return self.tags(i, m)
        if "subject" not in fields and (m := _SUBJECT.match(norm)):
            j = self.continuation(i + 1)
            parts = [m[2].strip()] + [self.norm[k].strip() for k in range(i + 1, j)]
            text = " ".join(p for p in parts if p)
            if again := _SUBJECT.match(text):
                text = again[2].strip()  # "SUBJECT: SUBJECT: ...": the keyword typed twice
            marking, subject = split_marking(text)
            if not subject and marking is None:
                self.diagnose(i, "empty-subject", "SUBJECT line with no subject", m.end(1) + 1)
            self.fields["subject_marking"] = marking
            self.put("subject", (subject, marking), i, j)
            self.fields["subject"] = subject
            return j
        if "references" not in fields and (m := _REF.match(norm)):
            return self.references(i, m)
        if "classification_authority" not in fields and (m := _CLASSIFIED_BY.match(norm)):
            j = self.continuation(i + 1, reasons=True)
            lines = [m[3].strip()] + [self.norm[k].strip() for k in range(i + 1, j)]
            n = len(self.norm)
            if (
                j + 1 < n
                and not self.norm[j]
                and _DANGLING_REASONS.search(lines[-1])
                and _REASONS_START.match(self.norm[j + 1])
            ):
                # "... FOR REASON", a blank line, "1.4(C).": the reasons go on after it.
                k = self.continuation(j + 2, reasons=True)
                lines += [self.norm[x].strip() for x in range(j + 1, k)]
                j = k
            official, reasons = split_authority(join_wrapped(lines))
            auth = ClassifiedBy(official, reasons, m[1])
            self.put("classification_authority", auth, i, j)
            return j
        if (
            "executive_order" not in fields
            and "subject" not in fields
            and (_INSTRUCTION.search(norm) and _mostly_upper(norm))
        ):
            j = self.instruction_end(i)
            text = " ".join(self.norm[k].strip() for k in range(i, j))
            self.add("instructions", text, i, j)
            return j
        return None

    def instruction_end(self, i: int) -> int:
        """The end of an instruction that wraps: ``DEPT FOR EUR/RUS, EEB,`` + ``INR``.

        A line goes on when it ends in a comma, a slash, ``AND`` or ``&``, and the next
        line is none of the header's other lines nor a new instruction (``NSC FOR ...``).
        """
        n = len(self.norm)
        j = i + 1
        while (
            j < n
            and _WRAPS_ON.search(self.norm[j - 1])
            and (nxt := self.norm[j])
            and not self.is_keyword(j)
            and not _is_break(nxt)
            and not _CLASSIFICATION_BARE.match(nxt)
            and _mostly_upper(nxt)
            and not _NEW_INSTRUCTION.match(nxt)
        ):
            j += 1
        return j

    def read_classification(self, i: int) -> ClassificationLine | None:
        """The classification line (or the banner before an envelope) on line ``i``."""
        norm = self.norm[i]
        if m := _CLASSIFICATION.match(norm):
            marking, spaced = _unspace(m[1])
            if m[2]:
                marking += " " + _unspace(m[2])[0]
            section = int(m[3]) if m[3] else None
            sections = int(m[4]) if m[4] else None
            if section is not None and sections is not None and not 0 < section <= sections:
                self.diagnose(i, "bad-section", f"section {section} of {sections}", m.start(3) + 1)
            return ClassificationLine(marking, m[5].strip(), m[6], section, sections, spaced)
        if m := _CLASSIFICATION_BARE.match(norm):
            marking, spaced = _unspace(m[1])
            return ClassificationLine(
                marking,
                section=int(m[2]) if m[2] else None,
                sections=int(m[3]) if m[3] else None,
                spaced=spaced,
            )
        return None

    def tags(self, i: int, m: re.Match[str]) -> int:
        lines = [_LINK.sub(r"\1", m[2]).strip()]
        j = i + 1
        n = len(self.lines)
        while j < n and self.norm[j] and not self.is_keyword(j):
            more = _LINK.sub(r"\1", self.norm[j]).strip()
            if not continues_tags(more):
                break
            lines.append(more)
            j += 1
        tags = split_tags(lines)
        if not tags:
            self.diagnose(i, "empty-tags", "TAGS line with no tags", m.end(1) + 1)
        self.put("tags", tags, i, j)
        return j

    def references(self, i: int, m: re.Match[str]) -> int:
        j = self.continuation(i + 1)
        n = len(self.lines)
        # A lettered list goes on at the next item's label, also after blank lines
        # ("A. X", blank, "B. Y") or where "(C) ..." looks like a portion marking.
        while j < n:
            labels = REF_LABEL.findall(" ".join(self.norm[i:j]))
            k = j
            while k < n and not self.norm[k]:
                k += 1
            if not labels or k >= n:
                break
            following = chr(ord(labels[-1].upper()) + 1)
            item = _REF_ITEM.match(self.norm[k])
            if not item or item[1].upper() != following or _keyword_field(self.norm[k]):
                break
            j = self.continuation(k + 1)
        text = "\n".join(
            p for p in [m[2].strip()] + [self.norm[k].strip() for k in range(i + 1, j)] if p
        )
        self.put("references", split_references(text, self.year), i, j)
        return j

    def is_keyword(self, j: int) -> bool:
        norm = self.norm[j]
        return bool(
            _keyword_field(norm) is not None or _PARAGRAPH_NUMBERED.match(norm) or _is_caption(norm)
        )

    def continuation(self, j: int, *, reasons: bool = False) -> int:
        """The end of a keyword's wrapped lines: the next blank, keyword or paragraph."""
        n = len(self.lines)
        while j < n and self.norm[j] and not self.is_keyword(j):
            norm = self.norm[j]
            if not reasons and _PARAGRAPH_MARKED.match(norm):
                break
            if _is_break(norm) or _RULE.match(norm) or _STAMP.match(norm):
                break  # a section break, a heading's rule or a stamp, never a wrapped value
            if _VALUE_ENDS.match(norm):
                break  # the text begins where a store lost the blank line before it
            if j + 1 < n and _PAGE.match(self.norm[j + 1]) and _CLASSIFICATION_BARE.match(norm):
                break  # the classification repeated above a page line
            if j + 1 < n and "---" in self.norm[j + 1] and _RULE.match(self.norm[j + 1]):
                break  # an underlined heading ("Summary" over "-------")
            j += 1
        return j

    # -- body --
    def lines_with(self, part: str, start: int = 0) -> list[int]:
        """The lines from ``start`` on that hold ``part``."""
        if part not in self.text:
            return []  # the common case: one scan of the text
        lines = itertools.islice(self.norm, start, None)
        return [k for k, line in enumerate(lines, start) if part in line]

    def split_glued_headings(self, start: int) -> list[int]:
        """Cut a line where a rendering ran a framed heading onto the end of a paragraph
        (``... End Summary. ------ Policy-Level Sensitivities ------``), so the heading is
        a line of its own.  The first part keeps no line ending: the writer puts both
        back on one line.  Returns the lines the headings now start, each a block's end."""
        norm = self.norm
        cuts: list[int] = []
        self.ruled = []
        if not self.has_rule:
            return cuts  # most cables: no rule, so no heading to cut out
        # The lines a heading may end: those with a rule; a line above one (or above a
        # section break above one) may have a heading run onto its end.
        ruled = self.ruled = self.lines_with("---", start)
        if max(map(len, norm[start:]), default=0) <= 100:
            return cuts  # lines wrapped as telegrams wrap them: no line break was lost
        # A heading is glued onto a line with a rule that does not begin with it, or onto
        # a long line above a rule (a section break may come between).
        candidates: list[int] = []
        for k in ruled:
            if k - 1 >= start and len(norm[k - 1]) > 100:
                candidates.append(k - 1)
            elif k - 2 >= start and len(norm[k - 2]) > 100 and _is_break(norm[k - 1]):
                candidates.append(k - 2)
            if "-----" in norm[k] and norm[k].lstrip()[:1] != "-":
                candidates.append(k)
        shift = 0
        for k in candidates:
            k += shift
            line = norm[k]
            m = None
            if "-----" in line and line.lstrip()[:1] != "-":
                m = _GLUED_HEADING.search(line, max(0, len(line) - _GLUED_REACH))
            if m is None and len(line) > 100 and k + 1 < len(norm):
                # ``... Charter of Democracy. PPP Moves in on the Punjab`` over a rule.
                below = norm[k + 1]
                if k + 2 < len(norm) and below and _is_break(below):
                    below = norm[k + 2]
                m = _tail_heading(line, below) if "---" in below else None
            # A sentence before it, not a paragraph's number: ``11. (C) -----``.
            cut = m.start("heading") if m else 0
            if cut and len(line[:cut].split()) > 3 and self.cut_line(k, cut):
                shift += 1
                cuts.append(k + 1)
        if shift:  # the cut lines moved the rules below them
            self.ruled = self.lines_with("---", start)
        return cuts

    def body(self, i: int) -> None:
        # Each costs a scan of the whole text: made once, asked for per block.
        self.has_rule = "---" in self.text
        self.loose_rule = False
        glued = self.split_glued_headings(i)
        self.stops = self.find_stops(i)
        if glued:
            self.stops = sorted({*self.stops, *glued})
        n = len(self.lines)
        blocks: list[tuple[Block, int, int]] = []
        norm = self.norm
        while i < n:
            if not norm[i]:
                j = i + 1
                while j < n and not norm[j]:
                    j += 1
                blocks.append((_BLANK, i, j))
                i = j
                continue
            block, j = self.block(i)
            blocks.append((block, i, j))
            i = j
        self.signature(blocks)
        if self.loose_rule:  # a rule no heading took: the only kind it looks for
            _headings_over_breaks(blocks)
        blocks = _continued(blocks)
        # The slots of the body, made here rather than by trivia() and add(): most of a
        # cable's slots are its blocks and blank lines.
        append = self.slots.append
        items = self.items.setdefault("body", [])
        lines = self.lines
        for block, start, end in blocks:
            raw = lines[start] if end == start + 1 else "".join(lines[start:end])
            if block is _BLANK:
                append((TRIVIA, WHOLE, None, raw))
            else:
                append(("body", len(items), block, raw))
                items.append(block)
        if not items:
            del self.items["body"]

    def block(self, i: int) -> tuple[Block, int]:
        norm = self.norm
        line = norm[i]
        n = len(norm)
        # Each test below is guarded by the first character its pattern needs: most
        # lines are prose, and a regex call per kind per line is the reader's main cost.
        first = line[0]
        if first.isspace():
            first = line.lstrip()[:1]
        if line[-1].isdigit() and _RUNNING.match(line):
            return _running_header(line.strip()), i + 1
        if first == "P" and _PAGE.match(line):
            end = self.page_end(i)
            return PageLine(self.page_text(i, end)), end
        if self.has_page and line[-1] in "LDT" and (page := self.page_break_at(i)):
            return page
        if first in "BN" and (m := _MARKER.match(line)):
            return Marker(m[1]), i + 1
        if first == "#" and (m := _MD_HEADING.match(line)):
            return _heading(m[1].strip()), self.underline(i + 1, blanks=True)
        if first == "-" and line[-1] == "-" and (m := _FRAMED_HEADING.match(line)):
            return _heading(without_running_headers(m[1])), i + 1
        if first == "-" and _RULE.match(line):
            # Dashes framing a short heading: rule, one to three lines, rule.
            for k in range(i + 2, min(n, i + 5)):
                if _RULE.match(norm[k]):
                    inner = [norm[x].strip() for x in range(i + 1, k)]
                    if all(inner) and not any(_PARAGRAPH_NUMBERED.match(x) for x in inner):
                        return _heading(without_running_headers(" ".join(inner))), k + 1
                    break
                if not norm[k]:
                    break
            self.loose_rule = True
            return _text((line,)), i + 1
        if (
            i + 1 < n
            and "---" in norm[i + 1]
            and _RULE.match(norm[i + 1])
            and len(line) <= 100
            and not _PARAGRAPH_NUMBERED.match(line)
            and not _BULLET.match(line)
        ):
            return _heading(line.strip()), i + 2
        if line[-1] == "-" and (m := _UNDERLINED_HEADING.match(line)):
            return _heading(without_running_headers(m[1])), i + 1
        if (first.isdigit() or first == "(") and (m := _PARAGRAPH.match(line)) and (m[1] or m[2]):
            j = self.block_end(i + 1)
            text = _unwrap(m[3], norm[i + 1 : j])
            number = int(m[1]) if m[1] else None
            return _paragraph(number, text, m[2]), j
        if first in "-*•·" and (m := _BULLET.match(line)):
            j = self.block_end(i + 1)
            return _bullet(_unwrap(m[2], norm[i + 1 : j]), m[1]), j
        j = self.block_end(i + 1)
        return _text(tuple(norm[i:j])), j

    def underline(self, j: int, *, blanks: bool) -> int:
        """Past an optional ``-----`` rule under a heading (Markdown puts blanks before it)."""
        n = len(self.norm)
        k = j
        if blanks:
            while k < n and not self.norm[k]:
                k += 1
        if k < n and _RULE.match(self.norm[k]):
            return k + 1
        return j

    def block_end(self, j: int) -> int:
        """The first line from ``j`` on that ends the block (see ``find_stops``)."""
        stops = self.stops
        k = bisect.bisect_left(stops, j)
        return stops[k] if k < len(stops) else len(self.norm)

    def find_stops(self, start: int) -> list[int]:
        """The sorted lines from ``start`` on where a body block ends: a blank line, the
        first line of another block, or the line above an underlining rule.

        One pass over the lines with cheap tests first: a regex call per line and kind
        was the reader's main cost.
        """
        norm = self.norm
        stops = [
            j
            for j in range(start, len(norm))
            if not (line := norm[j])
            or ((line[0] in _BLOCK_FIRST or line[-1].isdigit()) and _BLOCK_START.match(line))
        ]
        # A heading and its rule on one line, tight under a paragraph, starts a block.
        if self.ruled:
            stops.extend(
                j
                for j in self.ruled
                if j > start
                and (line := norm[j])[-1:] == "-"
                and not _RULE.match(line)
                and (_UNDERLINED_HEADING.match(line) or _FRAMED_HEADING.match(line))
            )
            stops.sort()
        if self.has_page:  # the classification a page break repeats, above its page line
            for j in [j for j in stops if norm[j][:1] in "P " and _PAGE.match(norm[j])]:
                k = j - 1
                if k > start and not norm[k] and PAGE_MARKING.fullmatch(norm[k - 1].strip()):
                    j, k = k, k - 1  # a blank line between the marking and the page line
                while k > start and j - k <= 2 and PAGE_MARKING.fullmatch(norm[k].strip()):
                    stops.append(k)
                    k -= 1
            stops.sort()
        if _STAMP_WORD in self.text:  # a stamp's lines are a block of their own
            stamps = [j for j in stops if _STAMP_WORD in norm[j]]
            stops = sorted({*stops, *(j + 1 for j in stamps if j + 1 < len(norm))})
        rules = [j for j in stops if j > start and "---" in norm[j] and _RULE.match(norm[j])]
        if rules:
            stops = sorted({*stops, *(j - 1 for j in rules)})
        return stops

    def signature(self, blocks: list[tuple[Block, int, int]]) -> None:
        """Make the signer's name its own block: the last short line of capitalised words.

        It may stand alone, or just under the last paragraph with no blank line between
        (the paragraph then ends a line earlier); banner lines, markers, ``GP-3`` lines,
        declassification stamps and drafted/cleared lines after it are passed over.
        """
        for k in range(len(blocks) - 1, max(-1, len(blocks) - 8), -1):
            block, start, end = blocks[k]
            if block is _BLANK or isinstance(block, Marker | RunningHeader | PageLine):
                continue
            if isinstance(block, Text) and self.after_signature(start, end):
                continue
            if not isinstance(block, Text | Paragraph | Bullet):
                return
            line = self.norm[end - 1].strip()
            if not _is_signer(line):
                self.signer_at_line_end(blocks, k)
                return
            name = _signer(line)
            if end - start == 1:
                if isinstance(block, Text) and (k == 0 or self.stands_alone(blocks, k)):
                    blocks[k] = (Signature(name), start, end)
                return
            if not self.norm[end - 2].rstrip().endswith(_SENTENCE_ENDS):
                return  # a wrapped sentence's last words, not a name under it
            rest = self.block_of(start, end - 1)
            if rest is not None:
                blocks[k : k + 1] = [(rest, start, end - 1), (Signature(name), end - 1, end)]
            return

    def stands_alone(self, blocks: list[tuple[Block, int, int]], k: int) -> bool:
        """Whether the line of block ``k`` is set off from the text above it: by a blank
        line, or by a section break under a line that ends a sentence (``... cleared
        this cable.`` / ``KABUL 00001132 004 OF 004`` / ``NEUMANN``)."""
        above = blocks[k - 1][0]
        if above is _BLANK:
            return True
        if not isinstance(above, RunningHeader | PageLine) or k < 2:
            return False
        text_end = blocks[k - 2][2]
        return self.norm[text_end - 1].rstrip().endswith(_SENTENCE_ENDS)

    def signer_at_line_end(self, blocks: list[tuple[Block, int, int]], k: int) -> None:
        """``End Text. CLINTON``: the name ends the block's last line; cut it off.

        The line is cut in two, as a glued header line is: the block keeps its words and
        the name is the signature, both written back on their one line.
        """
        _, start, end = blocks[k]
        norm, raw = self.norm[end - 1], self.lines[end - 1]
        m = _SIGNER_AT_END.match(norm)
        if m is None or not raw.startswith(norm):
            return
        cut = m.start("name")
        if not _is_signer(m["name"]):
            cut = norm.rindex(" ") + 1  # "XXXXXXXXXXX STEPHENS": the last word alone
            if not _is_signer(norm[cut:]):
                return
        if end - start == 1 and _LABEL_ONLY.fullmatch(norm[:cut]):
            return  # "9. NEW PARA", "(U) OK": a paragraph's words, not text and a name
        self.lines[end - 1 : end] = [raw[:cut], raw[cut:]]
        self.norm[end - 1 : end] = [norm[:cut].rstrip(), norm[cut:]]
        for x in range(k + 1, len(blocks)):  # the blocks after it move down a line
            after, s, e = blocks[x]
            blocks[x] = (after, s + 1, e + 1)
        self.stops = [s if s < end - 1 else s + 1 for s in self.stops]
        rest = self.block_of(start, end)
        if rest is None:  # cannot happen for the kinds signature() passes; keep the text
            rest = Text(tuple(self.norm[start:end]))
        name = _signer(self.norm[end].strip())
        blocks[k : k + 1] = [(rest, start, end), (Signature(name), end, end + 1)]

    def after_signature(self, start: int, end: int) -> bool:
        """Whether a text block is one of the lines that may follow the signature."""
        first = self.norm[start].strip()
        if end - start == 1 and (
            first.upper() in _BANNER_WORDS or _CLASSIFICATION_BARE.match(first)
        ):
            return True
        return _AFTER_SIGNATURE.match(first) is not None

    def block_of(self, start: int, end: int) -> Block | None:
        """The block the lines ``start`` to ``end`` make on their own, if they make one."""
        bisect.insort(self.stops, end)
        block, j = self.block(start)
        return block if j == end else None


def _is_signer(line: str) -> bool:
    """A short line of capitalised words, mostly capitals, that no sentence ends."""
    if not (len(line) <= 40 and _SIGNATURE.match(line)):
        return False
    if sum(map(str.isupper, line)) * 2 <= sum(map(str.isalpha, line)):
        return False
    words = line.upper().replace(".", " ").split()
    if any(w in _NOT_SIGNER_WORDS or (len(w) > 2 and not w.strip("X")) for w in words):
        return False  # a closing phrase, or a redaction (XXXXXXXXXXXX)
    return not (line.endswith(".") and len(words[-1]) > 2)


def _signer(line: str) -> str:
    """The name as written, once: ``KUBISKE KUBISKE`` is ``KUBISKE``."""
    words = line.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return line


# Lines that may follow the signature: a group marking, a stamp, a drafting block.
_AFTER_SIGNATURE: Final = re.compile(
    r"\s*(?:GP[-\s]?\d\b|XGDS|Declassified/Released\b|(?:DRAFTED|CLEARED|APPROVED)\b"
    r"|(?:BT|NNNN)$)",
    re.IGNORECASE,
)
# A name after the end of a sentence on the last line, after "END COMMENT)", after a
# classification in brackets ("(SECRET//REL Armenia) YOVANOVITCH") or "MINIMIZE
# CONSIDERED"; not after an acronym in brackets ("the (ICO) NGO").
_SIGNER_AT_END: Final = re.compile(
    r"(?P<text>.*?(?:[.!?][\"”)]?|[\"”]|\bEND\s+\w+\s*\)"
    r"|\([^()]*(?://|SECRET|CONFIDENTIAL|UNCLASSIFIED)[^()]*\)|MINIMIZE\s+CONSIDERED))"
    r"\s+(?P<name>[A-Z][A-Z'-]+(?:\s[A-Z][A-Z'-]+)?)$"
)
_SENTENCE_ENDS: Final = (".", "?", "!", '"', "”", ")", "/", ":", ";")
# What a one-line block may hold before its words: a number, a marking, a bullet.
_LABEL_ONLY: Final = re.compile(r"\s*(?:\d{1,3}\.)?\s*(?:\([A-Za-z/]{1,12}\))?\s*(?:-+|\*)?\s*")
# Words a short capitalised closing line holds that make it no name.
_NOT_SIGNER_WORDS: Final = frozenset(
    [
        "END",
        "SUMMARY",
        "COMMENT",
        "TEXT",
        "BEGIN",
        "NOTE",
        "QUOTE",
        "UNQUOTE",
        "CONFIDENTIAL",
        "SECRET",
        "UNCLASSIFIED",
        "SIPDIS",
        "NOFORN",
        "THANKS",
        "REGARDS",
        "MINIMIZE",
        "CONSIDERED",
        "ACTION",
        "REQUEST",
        "THE",
        "AND",
        "OF",
        "FOR",
        "TO",
    ]
)


_BLANK: Any = object()
_PARAGRAPH_NUMBERED: Final = re.compile(r"\s*\d{1,3}\.(?:\s+|\()(?:\([A-Z/]+\)\s*)?\S")
_PARAGRAPH_MARKED: Final = re.compile(r"\s*\((?:U|C|S|SBU|[A-Z]{1,4}(?:/{1,2}[A-Z]{1,6})+)\)\s")
_REF_ITEM_ANY: Final = re.compile(r"\s+\S|\s*\(?[A-Z][.)]\s")
_REF_ITEM: Final = re.compile(r"\s*\(?([B-Zb-z])[.)]\s*\S")


def _total(written: str | None) -> str | None:
    """A copy total as the model keeps it: one space at most (``072 W``)."""
    return None if written is None else " ".join(written.split())


def _unwrap(first: str, more: list[str]) -> str:
    """A block's text: its first line's words and the lines after, joined by spaces,
    without the running headers a rendering glued into it.

    Asked per block, not once per text: without_running_headers first looks for its
    needle (`` OF 0``) in the block's text, cheaper than finding every header of the
    text and where each stands."""
    first = first.strip()
    if not more:
        return without_running_headers(first)
    # The common case in one join: a block's lines after the first are never blank, and
    # rarely end with a hyphen (unwrap joins those without a space).
    text = " ".join([first, *map(str.strip, more)] if first else map(str.strip, more))
    if "- " in text:
        return unwrap([first, *more])
    return without_running_headers(text)


# --- blocks continued across a break ----------------------------------------------------

_INSERTED: Final = "SIPDIS"
# "Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar
# 2014": the archive's stamp, printed at each page's foot (twice, on some pages).
_STAMP_WORD: Final = "Declassified/Released"
_STAMP: Final = re.compile(
    r"\s*(?:\S+\s+){0,4}Declassified/Released\s+US\s+Department\s+of\s+State\b.*$"
)
_PROSE: Final = frozenset([Paragraph, Bullet, Text])
_GAP: Final = frozenset([RunningHeader, PageLine])
# What ends a sentence at a block's end: a closing quote too.
_ENDS: Final = (*_SENTENCE_ENDS, "'", "’")
# Closing lines a post adds under its last paragraph: not part of it.
_BOILERPLATE: Final = re.compile(r"\s*(?:please\s+)?visit\b.{0,80}\bweb\s?site", re.IGNORECASE)
# Sub-items a lower-case line may start with: ``iii.``, ``b)``.
_LOWER_ITEM: Final = re.compile(r"\s*(?:[ivx]+|[a-z])[.)]\s")
# Any item or section label: ``A.``, ``II)``, ``Q:``.
_ITEM: Final = re.compile(r"\s*\w{1,4}[.):]\s")
# ``End Summary``, ``End Comment``: the end of a span, written without a full stop.
_END_MARK: Final = re.compile(r"\bEND\s+(?:OF\s+)?(?:SUMMARY|COMMENT|NOTE)$", re.IGNORECASE)
# A block this long is a paragraph, not a heading; a text this long, prose.
_LONG: Final = 72
_PROSE_WORDS: Final = 6


def _is_inserted(block: Block) -> bool:
    """Lines put in the middle of the text that are no part of it: a ``SIPDIS`` caption
    line, the declassification stamps an archive prints at a page's foot."""
    # A text block holds no blank line: the caption is its one line.
    if not isinstance(block, Text):
        return False
    lines = block.lines
    if len(lines) == 1 and lines[0].strip() == _INSERTED:
        return True
    # Every line a stamp: the first holds its word (a test far cheaper than the pattern).
    return _STAMP_WORD in lines[0] and all(_STAMP.match(line) for line in lines)


def _continues(before: Paragraph | Bullet | Text, after: Text, gap: list[Block]) -> bool:
    """Whether the text block ``after`` goes on with ``before`` across the lines ``gap``.

    A section break (running header, page line) cuts a paragraph wherever the section
    ended.  Written tight (no blank line on either side) the text under it always goes
    on; set off by blank lines, it goes on when the block before stopped mid-sentence, or
    (for a numbered paragraph) when plain prose follows.  An inserted ``SIPDIS`` line or a
    blank line alone cut a sentence only where it stopped mid-sentence and, for a blank
    line, the text goes on in lower case.
    """
    text = before.text
    if not text:
        return False
    first = after.lines[0].strip() if after.lines else ""
    if (first[:1] == "-" and _RULE.match(first)) or (text[0] == "-" and _RULE.match(text)):
        return False  # a rule under a heading, or framing one, is no prose
    end = text[-1]
    # The end mark is looked for in the last words only: a search of the whole text costs.
    mid = not text.endswith(_ENDS) and not _END_MARK.search(text, max(0, len(text) - 30))
    has_break = blank = inserted = False  # what the gap holds, in one pass
    for b in gap:
        if b is _BLANK:
            blank = True
        elif type(b) in _GAP:
            has_break = True
        else:
            inserted = True
    if has_break and not blank:
        return True
    if has_break:
        if mid:
            return True
        return (
            isinstance(before, Paragraph)
            and not _BOILERPLATE.match(first)
            and (not _mostly_upper(first) or _mostly_upper(text))
        )
    if inserted:  # an inserted caption, no section break
        return mid
    if not (mid and (end.isalnum() or end in ",-")):
        return False
    if first[:1].islower():
        return not _LOWER_ITEM.match(first)
    # A capital after the blank line: a paragraph cut after a word (``such as the
    # China`` + ``Women's Association and ...``) goes on with plain prose of its kind.
    return (
        isinstance(before, Paragraph | Bullet)
        and (end.islower() or end == ",")
        and len(text) > _LONG
        and first[:1].isalpha()
        and not _ITEM.match(first)
        and not _BOILERPLATE.match(first)
        and (len(after.lines) > 1 or after.text.endswith(_ENDS))
        and len(after.text.split()) >= _PROSE_WORDS
        and (not _mostly_upper(first) or _mostly_upper(text))
        and not _is_signer(first)
    )


def _joined(
    before: Paragraph | Bullet | Text, after: Text, gap: list[Block]
) -> Paragraph | Bullet | Text:
    """``before`` continued by ``after``, with the lines between them (blank lines left
    out) as its breaks."""
    inner = [b for b in gap if isinstance(b, RunningHeader | PageLine | Text)]
    if isinstance(before, Paragraph):
        text = unwrap([before.text, *after.lines])
        return Paragraph(before.number, text, before.marking, (*before.breaks, *inner))
    if isinstance(before, Bullet):
        text = unwrap([before.text, *after.lines])
        return Bullet(text, before.marker, (*before.breaks, *inner))
    assert isinstance(before, Text)
    return Text((*before.lines, *after.lines), (*before.breaks, *inner))


def _opens_block(line: str) -> bool:
    """Whether a line read after a break would begin a block of its own, not go on."""
    if (
        not line.strip()
        or _BLOCK_START.match(line)
        or line.strip() == _INSERTED
        or _STAMP.match(line)
    ):
        return True
    m = _PARAGRAPH.match(line)
    return m is not None and bool(m[1] or m[2])


def _piece_ok(before: str, after: str, inserted: bool) -> bool:
    """Whether a break written between two pieces of a text is read back inside it."""
    if not before.strip() or _opens_block(after) or joins_at_hyphen(before, after):
        return False
    ends = before.rstrip().endswith(_ENDS)
    if inserted:
        return not ends  # an inserted caption only cuts a sentence
    return not (ends and _is_signer(after.strip()))


def break_lines(pieces: list[str], breaks: tuple[Block, ...], *, words: bool) -> list[str]:
    """Lines that write ``breaks`` between the pieces of a block's text, chosen so that the
    reader reads them back inside the block: ``pieces`` are cut where the writer may cut
    (``words`` of a paragraph, joined by spaces again; else lines of a text).

    Breaks go tight between the pieces (a section break) or set off by blank lines (an
    inserted caption), spread evenly; a cut the reader would not join is moved on, and
    several breaks may share one cut.
    """
    count = len(breaks)
    n = len(pieces)
    cuts: list[int] = []
    last = 1
    inserted_here = False
    for b in range(count):
        want = min(n - 1, max(last, (b + 1) * n // (count + 1)))
        inserted = isinstance(breaks[b], Text)
        choice = want
        for cut in [*range(want, n), *range(want - 1, last - 1, -1)]:
            here = inserted or (cut == last and inserted_here)
            # The line after the cut begins with the next few pieces: ``--`` + ``the``.
            after = " ".join(pieces[cut : cut + 3]) if words else pieces[cut]
            if _piece_ok(pieces[cut - 1], after, here):
                choice = cut
                break
        inserted_here = inserted or (choice == last and inserted_here)
        cuts.append(choice)
        last = choice
    out: list[str] = []
    bounds = [0, *cuts, n]
    for k in range(len(bounds) - 1):
        group = pieces[bounds[k] : bounds[k + 1]]
        if group:
            if words:
                out.append(" ".join(group))
            else:
                out.extend(group)
        if k < count:
            brk = breaks[k]
            if isinstance(brk, Text):
                out.extend(["", *brk.lines, ""])
            elif isinstance(brk, PageLine):
                out.extend([*brk.markings, brk.text])
            else:
                assert isinstance(brk, RunningHeader)
                out.append(brk.text)
    return out


def _tail_heading(line: str, below: str) -> re.Match[str] | None:
    """A heading in title case run onto the end of a paragraph's one long line, its rule
    the line below: ``... Charter of Democracy. PPP Moves in on the Punjab``."""
    if len(line) <= 100 or not _RULE.match(below):
        return None
    # The heading follows the line's last sentence end, found by rfind: a regex search
    # tries every position.  A word in lower case or a number ends the sentence.
    end = max(line.rfind("."), line.rfind("!"), line.rfind("?"))
    if end < len(line) - 66 or not _SENTENCE_WORD_END.fullmatch(line, end - 2, end):
        return None
    m = _TAIL_HEADING.match(line, end)
    if m is None or any(len(w) > 3 and not w[0].isupper() for w in m["heading"].split()):
        return None
    return m


def _headings_over_breaks(blocks: list[tuple[Block, int, int]]) -> None:
    """Make a heading of a short text (one to three lines) whose underline (or closing
    rule) a section break moved below it: ``Battle Lines in Peacetime``, a running
    header, ``-----``.  The heading is its lines; the break and the rule stay blocks."""
    n = len(blocks)
    for i, (block, start, end) in enumerate(blocks):
        if type(block) is not Text or len(block.lines) > 3:
            continue
        line = " ".join(x.strip() for x in block.lines)
        if len(line) > 100 or line.endswith((".", ",", ";")) or _RULE.match(line):
            continue
        j = i + 1
        breaks = 0
        while j < n and (blocks[j][0] is _BLANK or type(blocks[j][0]) in _GAP):
            breaks += blocks[j][0] is not _BLANK
            j += 1
        rule = blocks[j][0] if j < n else None
        if breaks and type(rule) is Text and len(rule.lines) == 1 and _RULE.match(rule.lines[0]):
            blocks[i] = (Heading(without_running_headers(line)), start, end)


def _continued(blocks: list[tuple[Block, int, int]]) -> list[tuple[Block, int, int]]:
    """The blocks with each text that continues the block before it joined to that block."""
    # Only a text block can go on with another, and only across a gap (blank lines, a
    # break, an inserted caption): each is looked at from there, not every block.
    joined: dict[int, tuple[Block, int]] = {}  # a block's index: it continued, its end
    head: dict[int, int] = {}  # a text block taken in: the index of the block it went on
    for j in [j for j, (b, _, _) in enumerate(blocks) if type(b) is Text]:
        after = cast("Text", blocks[j][0])
        if _is_inserted(after):
            continue
        i = j - 1
        while i >= 0 and (
            (b := blocks[i][0]) is _BLANK
            or type(b) in _GAP
            or (type(b) is Text and _is_inserted(b))
        ):
            i -= 1
        if i < 0 or i == j - 1 or type(blocks[i][0]) not in _PROSE:
            continue
        root = head.get(i, i)
        before = joined[root][0] if root in joined else blocks[root][0]
        if type(before) is Text and _is_inserted(before):
            continue
        prose = cast("Paragraph | Bullet | Text", before)
        gap = [b for b, _, _ in blocks[i + 1 : j]]
        if _continues(prose, after, gap):
            joined[root] = (_joined(prose, after, gap), blocks[j][2])
            for k in range(i + 1, j + 1):
                head[k] = root
    if not joined:
        return blocks
    out: list[tuple[Block, int, int]] = []
    for k, item in enumerate(blocks):
        if k in head:
            continue
        if k in joined:
            block, end = joined[k]
            item = (block, item[1], end)
        out.append(item)
    return out


def _is_break(norm: str) -> bool:
    """A running header or a page line: where a section or page of the telegram begins."""
    return bool(
        (norm[-1:].isdigit() and _RUNNING.match(norm)) or ("PAGE" in norm and _PAGE.match(norm))
    )


def _break_block(norm: str) -> RunningHeader | PageLine:
    return PageLine(norm.strip()) if _PAGE.match(norm) else RunningHeader(norm.strip())


# The field each keyword's first letter (or the portion marking before CLASSIFIED BY)
# starts, and the pattern its line matches.
_KEYWORD_FIRST: Final = {
    **dict.fromkeys("Ss", "subject"),
    **dict.fromkeys("Tt", "tags"),
    **dict.fromkeys("Ee", "executive_order"),
    **dict.fromkeys("Rr", "references"),
    **dict.fromkeys("Cc(", "classification_authority"),
}
_KEYWORD_PATTERNS: Final = {
    "subject": _SUBJECT,
    "tags": _TAGS,
    "executive_order": _EO_START,
    "references": _REF,
    "classification_authority": _CLASSIFIED_BY,
}


@functools.lru_cache(maxsize=1024)
def _keyword_field(norm: str) -> str | None:
    """The header field a line's keyword starts, if it starts with one.

    Cached: the header's lines are asked several times (keyword, wrap, end of header).
    """
    # Each keyword has its own first letter: one pattern to try, not five.
    field = _KEYWORD_FIRST.get(norm.lstrip()[:1])
    if field is None:
        return None  # most lines asked: no keyword starts so
    return field if _KEYWORD_PATTERNS[field].match(norm) else None


def _field_like(norm: str) -> tuple[str, str] | None:
    """What a line that no field read looks like it begins, and that field: a keyword's,
    an envelope line's, a classification line's; None for other lines (wrapped lists,
    notes)."""
    if (field := _keyword_field(norm)) is not None:
        name = field.replace("_", " ")
        return f"{'an' if name[0] == 'e' else 'a'} {name} line", field
    if m := _ADDRESS_KEY.match(norm):
        article = "a" if m[1] == "TO" else "an"
        return f"{article} {m[1]} line", {"TO": "to", "INFO": "info", "XMT": "excluded"}[m[1]]
    if _FM.match(norm):
        return "an FM line", "sender"
    if norm.lstrip().startswith("DE "):
        return "a DE line", "station"
    if _CLASSIFICATION.match(norm) or _CLASSIFICATION_BARE.match(norm):
        return "a classification line", "classification_line"
    return None


def _mostly_upper(text: str) -> bool:
    # map() counts in C: a generator over the characters cost a twentieth of the header.
    letters = sum(map(str.isalpha, text))
    return bool(letters) and sum(map(str.isupper, text)) * 10 >= letters * 7


def parse(
    text: str, year: int | None = None
) -> tuple[dict[str, Any], Layout, tuple[Diagnostic, ...]]:
    """Read ``text`` into cable field values, a layout and diagnostics.  Never raises.

    ``year`` is the year to assume for citations when the text has no date-time group.
    """
    return _Parser(text, year).parse()
