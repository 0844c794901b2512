"""What a REF item means: the cables it cites (``09BERLIN988``) and what kind of item it is."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from ._ids import canonical_id, reference_id
from ._posts import NOT_POSTS, ON_CHANGE, _key, _tables, post_of

if TYPE_CHECKING:
    from ._model import Reference

__all__ = [
    "canonical_id",
    "cited_cable_ids",
    "post_of",
    "reference_id",
    "reference_kind",
    "split_references",
]

# Spill-over the grammar may leave in an item: the authority line, a page header
# (``BRASILIA 00000028 001.4 OF 003``), a handling caveat.
_SPILL: Final = re.compile(
    r"\b(?:classified\s+by|derived\s+from)\b|\(U\)\s+THIS\s+CABLE|"
    r"sensitive\s+but\s+unclassified",
    re.IGNORECASE,
)
_PAGE_HEADER: Final = re.compile(r"\b[A-Z][A-Z ]*\s0{3,}\d+\s+\d{3}(?:\.\d+)?\s+OF\s+\d{3}\b")
# Colons and semicolons separate citations (``TEHRAN 1091: TEHRAN 263``).
_SEGMENTS: Final = re.compile(r"[;:]")
_TOKEN: Final = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+|\S")
_MONTH_WORDS: Final = (
    "JAN JANUARY FEB FEBRUARY MAR MARCH APR APRIL MAY JUN JUNE JUL JULY AUG AUGUST SEP SEPT"
    " SEPTEMBER OCT OCTOBER NOV NOVEMBER DEC DECEMBER"
)
_MONTHS: Final = frozenset(_MONTH_WORDS.split())
# Words that make a segment some other document: it cites no post the table lacks.
_OTHER_DOCUMENT: Final = re.compile(
    r"E-?MAILS?|MAIL|MEMO\w*|MEMCON|TELE?CONS?|LETTER|FAX|IIR|REPORTS?|TDX?|OSC|FAM|FAH"
    r"|HTTPS?|WWW|MEETING|DESK|NON-?PAPER|DTG|UNSCR?|RESOLUTION",
    re.IGNORECASE,
)
_WORD_OTHER: Final = re.compile(r"\b(?:" + _OTHER_DOCUMENT.pattern + r")\b", re.IGNORECASE)

# What kind of document an item names, by its words; see reference_kind.
_KINDS: Final = re.compile(
    r"(?P<web>https?://|\bwww\.|\b[\w-]+\.(?:gov|com|org|int|net)\b)"
    r"|(?P<email>\bE-?MAILS?\b|\b[\w.+-]+@[\w-]+\.[\w.]+)"
    r"|(?P<telcon>\bTELE?CONS?\b|\bTELEPHONE\b|\bPHONE\s*CALLS?\b|\bPHONECON\b)"
    r"|(?P<fax>\bFAX(?:ES)?\b)"
    r"|(?P<letter>\bLETTERS?\b)"
    r"|(?P<memo>\bMEMO(?:RANDUM|RANDA|S)?\b|\bMEMCONS?\b|\bNON-?PAPER\b)"
    r"|(?P<meeting>\bMEETINGS?\b|\bDVC\b|\bSVTC\b|\bVIDEO\s*CONFERENCE\b|\bCONVERSATION\b)"
    r"|(?P<report>\bIIRS?\b|\bREPORTS?\b|\bTDX?-\d|\b\d{3}/\d{5,6}-\d\d\b|\bOSC\b|\bASSESSMENT\b|\bSITREP\b)"
    r"|(?P<cable>\bMSG\b|\bDTG|\bTELEGRAMS?\b|\bCABLES?\b|\bREFTELS?\b|\bSECTO\b|\bTOSEC\b)",
    re.IGNORECASE,
)


def _year_token(tok: str) -> bool:
    return len(tok) == 2 or (len(tok) == 4 and tok[:2] in ("19", "20"))


def _citations(text: str, year: int | None) -> list[tuple[int, str]]:
    """(position, id) for each cable an item's text cites, in order."""
    spill = _SPILL.search(text)
    if spill is not None:
        text = text[: spill.start()]
    text = _PAGE_HEADER.sub(lambda m: " " * len(m[0]), text)
    by_key = _tables()[0]
    found: list[tuple[int, str]] = []
    offset = 0
    for segment in _SEGMENTS.split(text):
        base = offset
        offset += len(segment) + 1
        if not any(c.isdigit() for c in segment):
            continue
        toks = [(m[0], m.start(), m.end()) for m in _TOKEN.finditer(segment)]
        strangers = _WORD_OTHER.search(segment) is None
        last: tuple[int, str, str | None] | None = None  # token index, post, year
        for i, (tok, start, end) in enumerate(toks):
            if not tok.isdigit() or len(tok) > 6:
                continue
            after = segment[end : end + 2]
            # A date, a decimal, a report number; ``/08`` is a year after a serial.
            glued = after[:1].isalpha() or (after[:1] in "/.:-" and after[1:2].isdigit())
            if glued and not (after[:1] == "/" and _trailing_slash_year(segment, end)):
                continue
            if start and segment[start - 1] in "/-.":
                continue
            if i + 1 < len(toks) and toks[i + 1][0].upper() in _MONTHS:
                continue  # ``21 FEB 06``
            post, first = _post_before(toks, i, segment, by_key, strangers)
            if post is None:
                # ``STATE 1234 AND 5678``, ``BERLIN 12, 34``: more serials of one post.
                if (
                    last is not None
                    and i >= 2
                    and toks[i - 1][0].upper() in {",", "AND", "&"}
                    and last[0] == i - 2
                    and not _starts_citation(toks, i + 1)
                ):
                    cited = _cited_year(last[2], toks, i, segment, year)
                    ref = reference_id(cited, last[1], tok) if cited is not None else None
                    if ref is not None:
                        found.append((base + start, ref))
                    last = (i, last[1], last[2])
                continue
            written = _year_before(toks, first, segment, last[0] if last else -1)
            cited = _cited_year(written, toks, i, segment, year)
            last = (i, post, written)
            if cited is None:
                continue
            ref = reference_id(cited, post, tok)
            if ref is not None:
                found.append((base + toks[first][1], ref))
    return found


def _trailing_slash_year(segment: str, end: int) -> bool:
    """``STATE 1234/08``: two digits after the slash and no second slash (a date)."""
    match = _SLASH_YEAR.match(segment, end)
    return match is not None


_SLASH_YEAR: Final = re.compile(r"/\d\d(?![\d/])")
_TRAILING_YEAR: Final = re.compile(
    r"\s*\((?P<p>(?:19|20)?\d\d)\)(?!\s*[A-Za-z])|/(?P<s>\d\d)(?![\d/])"
    r"|\s+(?:OF\s+)?(?P<y>(?:19|20)\d\d)\b(?!\s*[A-Za-z][A-Za-z ]*\d)"
)


def _cited_year(
    written: str | None, toks: list[tuple[str, int, int]], i: int, segment: str, year: int | None
) -> int | None:
    """The cited cable's year: written before the post, after the serial, else the citing year."""
    if written is not None:
        return int(written)
    match = _TRAILING_YEAR.match(segment, toks[i][2])
    if match is not None:
        return int(match["p"] or match["s"] or match["y"])
    return year


def _post_before(
    toks: list[tuple[str, int, int]],
    i: int,
    segment: str,
    by_key: dict[str, str],
    strangers: bool,
) -> tuple[str | None, int]:
    """The post named just before token ``i`` (a serial), and the index of its first word."""
    words: list[int] = []
    j = i - 1
    while j >= 0 and len(words) < 4 and toks[j][0][0].isalpha():
        if segment[toks[j][2] : toks[j + 1][1]].strip():
            break  # only spaces between a post's words and its serial
        words.append(j)
        j -= 1
    if not words:
        return None, i
    if toks[words[-1]][1] and segment[toks[words[-1]][1] - 1].isdigit():
        # A word glued to a number: ``09RIYADH`` is a year, ``261447ZNOV`` is no post.
        k = words[-1] - 1
        if k < 0 or not _year_token(toks[k][0]):
            return None, i
    for n in range(len(words), 0, -1):
        first = words[n - 1]
        name = " ".join(toks[k][0] for k in range(first, i))
        post = by_key.get(_key(name))
        if post is not None:
            return post, first
    if not strangers:
        return None, i
    # A post the table lacks: the capitalised words before the serial (``WHITE HOUSE``).
    first = i
    for k in words:
        word = toks[k][0]
        if not word.isupper() or len(word) < 2 or word in NOT_POSTS or set(word) == {"X"}:
            break
        first = k
    if first == i or len(toks[i - 1][0]) < 3:
        return None, i
    return " ".join(toks[k][0] for k in range(first, i)), first


def _year_before(
    toks: list[tuple[str, int, int]], first: int, segment: str, serial: int
) -> str | None:
    """A year written before the post: ``08 BERLIN``, ``2008 BERLIN``, ``09RIYADH``, ``(08) X``.

    ``serial`` is the index of the previous citation's serial, which is no year
    (``ISLAMABAD 5266 ISLAMABAD 4817``).
    """
    k = first - 1
    if (
        k >= 0
        and k != serial
        and toks[k][0].isdigit()
        and _year_token(toks[k][0])
        and (toks[k][1] == 0 or segment[toks[k][1] - 1] not in "/-.:")
    ):
        return toks[k][0]
    if (
        k >= 2
        and toks[k][0] == ")"
        and toks[k - 1][0].isdigit()
        and _year_token(toks[k - 1][0])
        and toks[k - 2][0] == "("
    ):
        return toks[k - 1][0]
    return None


def _starts_citation(toks: list[tuple[str, int, int]], i: int) -> bool:
    """Whether the tokens from ``i`` are a post's words and a number (``09 | BERLIN 55``)."""
    j = i
    while j < len(toks) and toks[j][0][0].isalpha():
        j += 1
    return j > i and j < len(toks) and toks[j][0].isdigit()


@lru_cache(maxsize=8192)
def cited_cable_ids(text: str, year: int | None) -> tuple[str, ...]:
    """Canonical ids of the cables cited in a REF item's text, in order, without repeats.

    ``year`` is the citing cable's year, used when a citation gives none. A citation is a
    post and a serial (``BERLIN 504``, ``A.STATE 1234``, ``BELGRADE743``), with a year
    before it (``08``, ``2008``, ``(08)``, glued ``09RIYADH``) or after it (``(08)``,
    ``/08``, ``2008``, ``OF 2008``); more serials of one post follow after ``AND`` or a
    comma. Posts are canonical (``SECSTATE`` -> ``STATE``, ``RIO`` -> ``RIODEJANEIRO``). A
    post the table lacks counts only when written in capitals and in a segment naming no
    other kind of document, so report numbers (``IIR 6 889 0123 09``), e-mails, FAM
    sections, resolutions and dates give no ids.
    """
    if not any(c.isdigit() for c in text):
        return ()
    seen: dict[str, None] = {}
    for _, ref in _citations(text, year):
        seen.setdefault(ref)
    return tuple(seen)


@lru_cache(maxsize=8192)
def reference_kind(text: str) -> str:
    """What an item names: ``cable``, ``email``, ``memo``, ``telcon``, ``meeting``,
    ``report``, ``letter``, ``fax``, ``web`` or ``other``.

    The kind is that of the first document the item names, as a reader takes the
    item's head for what it is: ``STATE 81957: REPORT OF THE MEETING`` is a cable with its
    title, ``SMITH-JONES E-MAIL; STATE 12`` an e-mail. A cable is a post and serial, an id,
    or a message by DTG (``SECDEF MSG DTG 301601Z SEP 08``).
    """
    cites = _citations(text, 2000)
    cable_at = cites[0][0] if cites else len(text) + 1
    for match in _KINDS.finditer(text):
        if match.start() > cable_at:
            break
        kind = match.lastgroup
        if kind is not None:
            return kind
    return "cable" if cites else "other"


ON_CHANGE.extend([cited_cable_ids.cache_clear, reference_kind.cache_clear])

# An item's label: "A. ", "b) ", "(C) ", also glued to a number ("C)2008 SAO PAULO 260").
REF_LABEL = re.compile(r"(?:^|(?<=[\s;,]))\(?([A-Za-z])(?:[.)]\s+|\)(?=\d))")


def split_references(text: str, year: int | None) -> tuple[Reference, ...]:
    """Split REF text into lettered items: ``A. X B. Y``, ``A) X; B) Y``, ``(A) X``.

    Labels may be in either case (``a. X b. Y``); each keeps the case it was written in.
    """
    from ._model import Reference

    labels = list(REF_LABEL.finditer(text))
    # Only a run of labels A, B, C, ... in order makes a lettered list.
    run: list[re.Match[str]] = []
    expected = "A"
    for match in labels:
        if match[1].upper() == expected:
            run.append(match)
            expected = chr(ord(expected) + 1)
    if not run or (run[0].start() > 0 and text[: run[0].start()].strip()):
        return (Reference(label=None, text=text.strip(), year=year),) if text.strip() else ()
    items = []
    for i, match in enumerate(run):
        end = run[i + 1].start() if i + 1 < len(run) else len(text)
        body = text[match.end() : end].strip().rstrip(";,").rstrip()
        # "A. A) BAKU 91": the label typed twice.
        if (again := REF_LABEL.match(body)) and again[1].upper() == match[1].upper():
            body = body[again.end() :]
        items.append(Reference(label=match[1], text=body, year=year))
    return tuple(items)
