"""Posts that send cables, and the many ways senders and citations spell them.

The table is ``data/posts.tsv``: one row per post, tab-separated, ``#`` starts a comment::

    BUENOSAIRES<TAB>BUENOS AIRES<TAB>BAIRES<TAB>BUENOS

The id form (as in ``09BUENOSAIRES1234``), the display form, then any other spellings.
Address words (``AMEMBASSY``, ``AMCONSUL``, ``USMISSION``, ...) are stripped by rule and
need no row. :func:`add_posts` adds rows at run time (a reader's own table).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from typing import Final

__all__ = ["Post", "add_posts", "canonical_post", "display_post", "post_of", "posts"]


class Post:
    """One row of the table."""

    __slots__ = ("aliases", "display", "id")

    def __init__(self, id: str, display: str, aliases: tuple[str, ...] = ()) -> None:
        self.id = id
        self.display = display
        self.aliases = aliases

    def __repr__(self) -> str:
        return f"Post({self.id!r}, {self.display!r}, {self.aliases!r})"


# Words that name the kind of office before a post's name, never part of the name.
ADDRESS_WORDS = (
    "AMEMBASSY",
    "AMEMB",
    "AMCONSUL",
    "AMCONGEN",
    "EMBASSY",
    "CONSULATE",
    "CONGEN",
    "USMISSION",
    "MISSION",
    "USINT",
    "USLO",
    "USOFFICE",
    "AMERICAN EMBASSY",
    "AMERICAN CONSULATE",
    "US EMBASSY",
    "US CONSULATE",
    "US MISSION",
    "US INTERESTS SECTION",
    "INTERESTS SECTION",
)
_ADDRESS: Final = re.compile(
    r"^(?:(?:" + "|".join(w.replace(" ", r"\s+") for w in ADDRESS_WORDS) + r")\b[\s.]*)+"
)
# The same words glued to the name, as in a published id (``EMBASSYVIENNA``).
_GLUED_ADDRESS: Final = re.compile(
    r"^(?:" + "|".join(sorted((w.replace(" ", "") for w in ADDRESS_WORDS), key=len)[::-1]) + r")"
)
_NOT_LETTERS: Final = re.compile(r"[^A-Z]+")
# A name that may be a post nobody listed: one to four words of letters.
_NAME_LIKE: Final = re.compile(r"[A-Z][A-Z'.-]*(?:\s+[A-Z][A-Z'.-]*){0,3}")
# Words that precede a number or sit in an address without naming a post.
_NOT_POSTS_WORDS: Final = """
    PARA PARAS PARAGRAPH PARAGRAPHS SECTION SECTIONS PAGE PAGES NO NR NUMBER ITEM ITEMS
    AND OR OF THE TO IN ON AT FOR BY FROM AS WITH REF REFS REFTEL REFTELS TEL TELS CABLE
    CABLES MSG MESSAGE JAN JANUARY FEB FEBRUARY MAR MARCH APR APRIL MAY JUN JUNE JUL JULY
    AUG AUGUST SEP SEPT SEPTEMBER OCT OCTOBER NOV NOVEMBER DEC DECEMBER MONDAY TUESDAY
    WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY DTG DATED DATE ROOM ANNEX RESOLUTION UNSCR
    UNSC ARTICLE CHAPTER TITLE PUBLIC LAW RULE TABLE FIGURE VOL VOLUME OPTION PHASE STEP
    POINT POINTS GROUP LINE LINES DAY DAYS YEAR YEARS CIRCULAR IIR FAM FAH TD TDX OSC EMAIL
    MAIL EMAILS TELCON TELECON MEMO MEMCON LETTER FAX REPORT DAILY NONE NOTAL EXDIS LIMDIS
    NODIS PREVIOUS CFR USC EO SECTO TOSEC HOTR DAO USDAO USDLO DIA CIA FBI NSC OSD SECDEF
    JCS CJCS MEETING CALL PHONE TELEPHONE OFFICIAL INFORMAL NON PAPER DEMARCHE NOTE ID
    CLASSIFIED REASON REASONS
"""
NOT_POSTS = frozenset(_NOT_POSTS_WORDS.split())


def _key(name: str) -> str:
    """The lookup key: letters only, upper case (``Port-au-Prince`` -> ``PORTAUPRINCE``)."""
    return _NOT_LETTERS.sub("", name.upper())


_extra: list[Post] = []
# Caches of other modules built on the table, cleared when rows are added.
ON_CHANGE: list[Callable[[], None]] = []


def _parse(lines: Iterable[str]) -> list[Post]:
    rows = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        cols = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cols) < 2:
            raise ValueError(f"a posts row needs an id and a display name: {line!r}")
        rows.append(Post(_key(cols[0]), cols[1].upper(), tuple(c.upper() for c in cols[2:])))
    return rows


@lru_cache(maxsize=1)
def _builtin() -> tuple[Post, ...]:
    text = resources.files("cableformat").joinpath("data/posts.tsv").read_text("utf-8")
    return tuple(_parse(text.splitlines()))


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Key -> id, id -> display, and the 1970s archive's six-letter stems -> id."""
    by_key: dict[str, str] = {}
    display: dict[str, str] = {}
    for post in (*_builtin(), *_extra):
        display[post.id] = post.display
        for name in (post.id, post.display, *post.aliases):
            by_key[_key(name)] = post.id
    # The archive (``1976USUNN04297``) cuts the name to six characters, spaces included.
    stems: dict[str, str | None] = {}
    for post in (*_builtin(), *_extra):
        for name in (post.display, *post.aliases):
            stem = _key(name[:6])
            if len(stem) >= 4 and stem not in by_key:
                stems[stem] = post.id if stems.get(stem, post.id) == post.id else None
    return by_key, display, {k: v for k, v in stems.items() if v is not None}


def add_posts(rows: Iterable[str | tuple[str, ...]]) -> None:
    """Add posts to the table: TSV lines or ``(id, display, *aliases)`` tuples.

    Later rows win over earlier ones for a shared spelling.
    """
    lines = [r if isinstance(r, str) else "\t".join(r) for r in rows]
    _extra.extend(_parse(lines))
    _tables.cache_clear()
    _canonical.cache_clear()
    for clear in ON_CHANGE:
        clear()


def posts() -> tuple[Post, ...]:
    """Every post of the table, the built-in rows first."""
    return (*_builtin(), *_extra)


def strip_address(name: str) -> str:
    """``AMEMBASSY LA PAZ`` -> ``LA PAZ``: the post's name without the office words."""
    name = name.strip().upper()
    match = _ADDRESS.match(name)
    return name[match.end() :].strip() if match else name


def _is_redacted(key: str) -> bool:
    return set(key) == {"X"}


@lru_cache(maxsize=4096)
def _canonical(name: str) -> str | None:
    upper = " ".join(name.upper().split())
    by_key = _tables()[0]
    key = _key(upper)
    if key in by_key:
        return by_key[key]
    stripped = strip_address(upper)
    key = _key(stripped)
    if not key or _is_redacted(key):
        return None
    if key in by_key:
        return by_key[key]
    if " " not in upper:
        # Glued office words, as in a published id: ``EMBASSYVIENNA``.
        glued = _GLUED_ADDRESS.match(key)
        if glued and key[glued.end() :] in by_key:
            return by_key[key[glued.end() :]]
    if not _NAME_LIKE.fullmatch(stripped) or stripped.split()[-1] in NOT_POSTS:
        return None
    if key in NOT_POSTS or len(key) < 3:
        return None
    return key


def canonical_post(name: str | None) -> str | None:
    """The id form of a post as a sender, classification line or citation writes it.

    ``AMEMBASSY LA PAZ`` and ``LA PAZ`` give ``LAPAZ``; ``SECSTATE WASHDC`` gives ``STATE``;
    ``USUN`` gives ``USUNNEWYORK``; ``BAIRES`` gives ``BUENOSAIRES``. A name the table does
    not know gives its letters when it looks like a post's name (one to four words, not a
    redaction like ``XXXXXXXXXXXX``, not a word like ``PARA``), else ``None``.
    """
    if not name:
        return None
    return _canonical(name)


def display_post(post_id: str) -> str | None:
    """The display form of an id form: ``LAPAZ`` -> ``LA PAZ``; ``None`` when unknown."""
    return _tables()[1].get(post_id)


def archive_post(stem: str) -> str | None:
    """The post of a 1970s archive id's name part (``USUNN``, ``BUENOS``), if unique."""
    known = _tables()[0].get(stem)
    return known if known is not None else _tables()[2].get(stem)


def post_of(sender: str | None) -> str | None:
    """The post an FM address names, in display form.

    ``AMEMBASSY LA PAZ`` gives ``LA PAZ``; ``SECSTATE WASHDC`` gives ``STATE``;
    ``USMISSION USUN NEW YORK`` gives ``USUN NEW YORK``. A sender with no office words
    counts only when the table knows it (``USNATO``, ``RPO DUBAI``): other senders
    (``CDR USEUCOM``) are no post.
    """
    if not sender:
        return None
    upper = " ".join(sender.upper().split())
    stripped = strip_address(upper)
    post = canonical_post(upper)
    if post is not None and post in _tables()[1]:
        return _tables()[1][post]
    if stripped == upper or post is None:
        return None
    return stripped
