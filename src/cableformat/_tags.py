"""The meaning of a TAGS line: which tags it lists and what kind each tag is.

The tag tables live in ``data/tags_*.tsv`` (``tag<TAB>kind<TAB>description``, ``#`` starts a
comment line). They follow the State Department TAGS scheme: FIPS 10-4 country codes and regional
codes (geography), four-letter subject codes, the K* program tags, and organizations. A few
multi-word tags that posts spelled out (``COUNTER TERRORISM``) are in the tables too; they are the
only way two words become one tag.

A tag missing from the table gets a kind by its shape (see `tag_kind`).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from typing import Final

__all__ = ["KINDS", "continues_tags", "format_tags", "load_tag_table", "split_tags", "tag_kind"]

KINDS = ("geography", "subject", "program", "person", "organization")
_KIND_SET: Final = frozenset(KINDS)

# A parenthesised group is a person tag, e.g. `OVIP (CLINTON, HILLARY)`.
_PAREN: Final = re.compile(r"\(([^()]*)\)?")
_SEP: Final = re.compile(r"[\s,;]+")
# Punctuation that ends a sentence or list but is never part of a tag.
_STRIP: Final = ".,;:!?\"'`*"
_LETTERS: Final = re.compile(r"[A-Za-z]+")
_CODE: Final = re.compile(r"[A-Za-z]{2,6}")
# Classification markings such as `(U)` or `(SBU)` start paragraphs, never tag lists.
_MARKING: Final = re.compile(r"\((?:U|C|S|SBU|TS|S/NF|C/NF|U/FOUO)\)", re.IGNORECASE)
# Tags that introduce a person name typed without parentheses (`OVIP BIDEN JOSEPH`).
_PERSON_LEADS: Final = frozenset({"OVIP"})
_TOKEN: Final = re.compile(r"(\s+|[,;]+)")
# English words that are code-shaped but mark wrapped prose, not a tag list (`IN THE US`).
_PROSE: Final = frozenset(
    {"THE", "AND", "OF", "FOR", "WITH", "FROM", "ON", "OR", "AN", "BUT", "NOT", "WILL", "WAS"}
)


def _read_tsv(text: str, table: dict[str, str]) -> None:
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in raw.split("\t")]
        if len(fields) < 2 or not fields[0]:
            raise ValueError(f"tag table line needs tag<TAB>kind: {raw!r}")
        tag, kind = " ".join(fields[0].upper().split()), fields[1].lower()
        if kind not in _KIND_SET:
            raise ValueError(f"unknown tag kind {kind!r} for {tag!r}; expected one of {KINDS}")
        table[tag] = kind


@functools.cache
def _packaged() -> dict[str, str]:
    table: dict[str, str] = {}
    data = resources.files("cableformat") / "data"
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("tags_") and entry.name.endswith(".tsv"):
            _read_tsv(entry.read_text(encoding="utf-8"), table)
    return table


def load_tag_table(*paths: str | os.PathLike[str]) -> dict[str, str]:
    """The packaged table (tag -> kind), extended/overridden by the user's own TSV files.

    User files have the packaged format: ``tag<TAB>kind<TAB>description``, the description
    optional, ``#`` lines ignored. Later files win. Tags are stored upper-case.
    """
    table = dict(_packaged())
    for path in paths:
        with open(path, encoding="utf-8") as f:
            _read_tsv(f.read(), table)
    return table


class _Index:
    """Lookups derived from the packaged table, built once."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self.table = table
        self.words = frozenset(t for t in table if " " not in t)
        # Multi-word phrases by first word, longest first, so the longest phrase wins.
        phrases: dict[str, list[tuple[str, ...]]] = {}
        for tag in table:
            if " " in tag:
                parts = tuple(tag.split(" "))
                phrases.setdefault(parts[0], []).append(parts)
        self.phrases = {k: sorted(v, key=len, reverse=True) for k, v in phrases.items()}
        # Pieces that may be glued together without spaces: letter-only codes of 2-4 letters.
        self.pieces = frozenset(t for t in self.words if t.isalpha() and 2 <= len(t) <= 4)


@functools.cache
def _index() -> _Index:
    return _Index(_packaged())


def _glued(word: str, pieces: frozenset[str]) -> list[str] | None:
    """Split `PRELPGOV` into known codes; None unless every piece is known.

    Needs at least one four-letter piece: two-letter country codes glue into too many accidental
    words (`FINR` would read as Finland + Nauru).
    """
    n = len(word)
    if n < 6 or not word.isalpha():
        return None
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        prev = best[i]
        if prev is None:
            continue
        for size in (4, 3, 2):
            piece = word[i : i + size]
            if len(piece) == size and piece in pieces:
                cand = [*prev, piece]
                cur = best[i + size]
                if cur is None or len(cand) < len(cur):
                    best[i + size] = cand
    result = best[n]
    if result is None or not any(len(p) == 4 for p in result):
        return None
    return result


def _items(text: str) -> Iterator[tuple[bool, str]]:
    """(is_person, text) items: parenthesised groups and the plain runs between them."""
    pos = 0
    for m in _PAREN.finditer(text):
        if m.start() > pos:
            yield False, text[pos : m.start()]
        yield True, m.group(1)
        pos = m.end()
    if pos < len(text):
        yield False, text[pos:]


def _clean(token: str) -> str:
    return token.strip(_STRIP).strip("()[]").strip(_STRIP)


def split_tags(lines: Sequence[str]) -> tuple[str, ...]:
    """The tags of a TAGS field.

    `lines[0]` is the text after the TAGS keyword (and its colon) on the keyword line, each
    further item is one continuation line, stripped; Markdown links `[ELAB](#)` already replaced
    by their text. Known tags come out in the table's (upper-case) spelling; a field typed all in
    lower case is read upper-case; a person in parentheses loses them.
    """
    text = " ".join(lines)
    if not text.strip():
        return ()
    idx = _index()
    words_known = idx.words
    # The common case, known codes and separators only, needs none of the rules below.
    if "(" not in text:
        ups = [w.upper() for w in _SEP.split(text.strip())]
        if all(u in words_known and u not in idx.phrases and u not in _PERSON_LEADS for u in ups):
            return tuple(dict.fromkeys(ups))
    all_lower = not any(c.isupper() for c in text)
    out: list[str] = []
    seen: set[str] = set()

    def add(tag: str) -> None:
        key = tag.upper()
        if tag and key not in seen:
            seen.add(key)
            out.append(tag)

    for is_person, chunk in _items(text):
        if is_person:
            # The period of an initial (`JAMES B.`) belongs to the name.
            name = " ".join(chunk.split()).strip(",;: ")
            if name:
                add(name.upper() if all_lower else name)
            continue
        # Keep separators: a phrase may only span plain whitespace, not a comma.
        tokens = [t for t in _TOKEN.split(chunk) if t]
        words: list[tuple[str, bool]] = []  # (cleaned word, glued to the next word by space)
        for i, tok in enumerate(tokens):
            if _SEP.fullmatch(tok):
                continue
            word = _clean(tok)
            if not word:
                continue
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ","
            spaced = nxt.isspace() and tok == tok.rstrip(_STRIP)
            words.append((word, spaced))
        i = 0
        while i < len(words):
            word, _ = words[i]
            up = word.upper()
            matched = False
            for phrase in idx.phrases.get(up, ()):
                end = i + len(phrase)
                # Same words, and only whitespace between them.
                if (
                    end <= len(words)
                    and all(words[j][0].upper() == phrase[j - i] for j in range(i, end))
                    and all(words[j][1] for j in range(i, end - 1))
                ):
                    add(" ".join(phrase))
                    i = end
                    matched = True
                    break
            if matched:
                continue
            if up in words_known:
                add(up)
                # `OVIP BIDEN JOSEPH`: unknown name words after OVIP make one person tag.
                if up in _PERSON_LEADS:
                    j = i + 1
                    while (
                        j < len(words)
                        and words[j - 1][1]
                        and words[j][0].upper() not in words_known
                        and words[j][0].isalpha()
                        and len(words[j][0]) > 4
                    ):
                        j += 1
                    if j - i > 2:
                        name = " ".join(w for w, _ in words[i + 1 : j])
                        add(name.upper() if all_lower else name)
                        i = j
                        continue
                i += 1
                continue
            glued = _glued(up, idx.pieces)
            if glued is not None:
                for piece in glued:
                    add(piece)
            elif all_lower or (word.islower() and _CODE.fullmatch(word)):
                add(up)
            else:
                add(word)
            i += 1
    return tuple(out)


def continues_tags(line: str) -> bool:
    """Whether a stripped line that follows a TAGS line continues the tag list.

    The line must consist of tag-like tokens only (letters, a person in parentheses) and at least
    half of them must be known tags, so wrapped SUBJECT text and page headers are not taken.
    """
    text = line.strip()
    if not text or ":" in text or "<" in text or _MARKING.match(text):
        return False
    if any(c.isdigit() for c in text.replace("AU-1", "")):
        return False
    # A person tag, or the end of one wrapped from the line above (`HILLARY), PREL`), counts as
    # one known item; the rest of the line must stand on its own.
    person = 0
    if ")" in text:
        text = text.rpartition(")")[2]
        person = 1
    if "(" in text:
        text = text.partition("(")[0]
        person = 1
    idx = _index()
    tokens = [_clean(t) for t in _SEP.split(text)]
    tokens = [t for t in tokens if t]
    if not tokens:
        return person > 0
    known = person
    for tok in tokens:
        up = tok.upper()
        if up in idx.table or (up in idx.phrases) or _glued(up, idx.pieces) is not None:
            known += 1
        elif up in _PROSE or not _CODE.fullmatch(tok.replace("-", "")):
            return False
    return known * 2 >= len(tokens) + person


def tag_kind(tag: str, table: Mapping[str, str] | None = None) -> str:
    """'geography', 'subject', 'program', 'person' or 'organization'.

    Looked up in `table` (default: the packaged one). A tag not in the table is judged by shape:
    a comma, space or parenthesis, or mixed case, makes a person; then on the letters upper-cased,
    2 letters is geography, 4 letters starting with K is a program, 4 letters a subject, and
    anything else an organization.
    """
    tab = _packaged() if table is None else table
    tag = tag.strip()
    kind = tab.get(tag)
    if kind is None:
        kind = tab.get(" ".join(tag.upper().split()))
    if kind is not None:
        return kind
    mixed = any(c.isupper() for c in tag) and any(c.islower() for c in tag)
    if mixed or any(c in tag for c in ", ()"):
        return "person"
    up = tag.upper()
    if _LETTERS.fullmatch(up):
        if len(up) == 2:
            return "geography"
        if len(up) == 4:
            return "program" if up.startswith("K") else "subject"
    return "organization"


def format_tags(tags: Sequence[str]) -> str:
    """The canonical text of a TAGS field: ``split_tags`` reads it back as ``tags``.

    Tags are joined by spaces when that reads back as written; otherwise by commas,
    with a tag that would not read back alone (a person, two words) in parentheses.
    """
    plain = " ".join(tags)
    if split_tags([plain]) == tuple(tags):
        return plain
    return ", ".join(t if split_tags([t]) == (t,) else f"({t})" for t in tags)
