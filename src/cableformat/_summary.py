"""Find a cable's summary and its comments, as a careful reader would mark them.

Drafters set these sections off with keywords (``SUMMARY: ... END SUMMARY.``, ``BEGIN
COMMENT``, a ``Summary`` heading) in many spellings; readers want the section's text alone,
without the keywords and portion markings that frame it.  Both functions take the body as
``(kind, text)`` pairs so they depend on nothing but plain strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

__all__ = ["comment_ranges", "find_comments", "find_summary", "inline_comments", "summary_range"]

# ``(C)``, ``(S/NF)``, ``(c)``, ``(C//REL ISAF)``, ``(S//Rel NATO, ISAF)``; ``C)`` lost its "(".
_MARKING: Final = r"(?:\([A-Za-z][A-Za-z/ ,\-]{0,30}\)|\b[A-Z]{1,2}(?:/[A-Z]{1,4})?\)(?=\s))"
# Decoration drafters put around heading-like lines: dashes, slashes, stars, markings.
_DECORATION: Final = re.compile(rf"^(?:[\s\-/\\=_*#.]|{_MARKING})+|[\s\-/\\=_*#:.]+$")
_LEADING: Final = re.compile(rf"^(?:[\s\-*,]|{_MARKING})+")
_CONTINUED: Final = r"(?:\s*\(?\s*(?:cont(?:inued|'d|\.|d)?)\s*\)?)"
# What drafters join to the keyword: ``Summary and Comment``, ``Summary/Introduction``.
_SUFFIXES: Final = {
    "summary": r"(?:\s*(?:\band\b|&|/)\s*[a-z]+(?:\s+requests?)?)?",
    "comment": r"(?:\s*(?:\band\b|&|/)\s*(?:action\s+requests?|recommendations?|analysis))?",
}


def _start(word: str) -> re.Pattern[str]:
    """The keyword opening a section at the start of a block: ``Summary:``, ``BEGIN SUMMARY``."""
    return re.compile(
        rf"^(?:begin\s+{word}s?\b{_SUFFIXES[word]}{_CONTINUED}?\s*[:.\-–—]*"
        rf"|{word}s?{_SUFFIXES[word]}{_CONTINUED}?(?:\s*[:.\-–—]+|\s*$)"
        rf"|(?-i:{word.upper()})\s+(?=[A-Z]))\s*",  # ``SUMMARY  During ...`` lacks a colon
        re.IGNORECASE,
    )


def _end(word: str) -> re.Pattern[str]:
    """The keyword closing a section anywhere in a block: ``END SUMMARY.``, ``End comment``."""
    return re.compile(
        rf"\(?\bend\s+(?:of\s+)?{word}s?\b{_SUFFIXES[word]}\s*[.:]?\)?", re.IGNORECASE
    )


_START: Final = {word: _start(word) for word in _SUFFIXES}
_END: Final = {word: _end(word) for word in _SUFFIXES}
_HEADING: Final = re.compile(r"^(summary|comment)s?\b", re.IGNORECASE)
_BARE: Final = re.compile(
    r"^(summary|comment)s?(?:\s+and\s+[a-z]+(?:\s+[a-z]+)?)?" + _CONTINUED + "?$", re.IGNORECASE
)
# A comment opened inside a paragraph, after a sentence: ``... said. (Comment: ...``.
_INLINE_COMMENT: Final = re.compile(
    r"(?:(?<=[.?!\"'”)\]])\s+|^)(\()?\s*(?P<keyword>begin\s+comment\b\s*[:.\-]*|comment\s*:)\s*",
    re.IGNORECASE,
)


def _heading_word(kind: str, text: str) -> str | None:
    """``summary``/``comment`` when the block is a heading (or a line set like one) of it."""
    if kind not in ("heading", "text", "bullet"):
        return None  # a paragraph: its text is not stripped (a third of the finding time)
    bare = _DECORATION.sub("", text)
    if kind == "heading":
        match = _HEADING.match(bare)
        return match.group(1).lower() if match else None
    if kind in ("text", "bullet"):
        match = _BARE.match(bare)
        if match is None and re.search(r"-{3,}\s*$", text):  # underlined: ``COMMENT: X ---``
            match = _HEADING.match(bare)
        return match.group(1).lower() if match else None
    return None


def _is_heading(kind: str, text: str) -> bool:
    """True for blocks that end a heading section: real headings and heading-like lines."""
    if kind in ("text", "bullet") and re.fullmatch(r"\\\s*[^\\]{1,60}?\s*\\", text.strip()):
        return True  # a heading set between backslashes: ``\ IRAN/IAEA \``
    return kind == "heading" or _heading_word(kind, text) is not None


def _clean(text: str) -> str:
    """A piece of section text without leading markings and surrounding space."""
    return _LEADING.sub("", text).strip()


def _strip_start(word: str, text: str) -> tuple[bool, str]:
    """Whether ``text`` opens with the keyword, and the text after it."""
    body = _LEADING.sub("", text)
    match = _START[word].match(body)
    if match is None:
        return False, text
    return True, _clean(body[match.end() :])


def _until_end(word: str, text: str) -> tuple[bool, str]:
    """Whether the section closes in ``text``, and the part of it before the close."""
    low = text.lower()
    if word not in low or "end" not in low:
        return False, text  # the pattern's optional "(" makes a search try every place
    match = _END[word].search(text)
    if match is None:
        return False, text
    return True, text[: match.start()]


def _span(
    blocks: Sequence[tuple[str, str]], word: str, index: int, first: str, heading: bool
) -> tuple[list[str], int]:
    """The section from block ``index`` (its text after the keyword is ``first``).

    A heading's section runs to the next heading or end keyword.  A paragraph's section
    closes in the same paragraph, runs on to a later paragraph that closes it, or, with no
    close before the next heading, is the paragraph alone.  Returns the pieces and the
    index of the first block after the section.
    """
    closed, head = _until_end(word, first)
    pieces = [head]
    if closed:
        return pieces, index + 1
    if not heading and first:
        later = index + 1
        while later < len(blocks) and not _is_heading(*blocks[later]):
            if _END[word].search(blocks[later][1]):
                break
            if _strip_start(word, blocks[later][1])[0]:  # another section opens first
                return pieces, index + 1
            later += 1
        else:
            return pieces, index + 1
    for position in range(index + 1, len(blocks)):
        kind, text = blocks[position]
        if kind == "break":
            continue
        if _is_heading(kind, text):
            return pieces, position
        _, text = _strip_start(word, text)  # ``Summary continued:`` and repeated keywords
        closed, text = _until_end(word, text)
        pieces.append(text)
        if closed:
            return pieces, position + 1
    return pieces, len(blocks)


def _join(pieces: list[str]) -> str:
    """Pieces of a section as one string, paragraphs apart by a blank line."""
    return "\n\n".join(p for p in (_clean(piece) for piece in pieces) if p)


def find_summary(blocks: Sequence[tuple[str, str]]) -> str | None:
    """The cable's summary without its keywords, or None when the cable gives none.

    The keyword must open a block (after a portion marking) or be a heading, so prose that
    merely mentions a summary is not taken for one.
    """
    found = _summary(blocks)
    return found[0] if found else None


def summary_range(blocks: Sequence[tuple[str, str]]) -> tuple[int, int] | None:
    """The blocks the summary spans, as (first, after last), or None without one."""
    found = _summary(blocks)
    return (found[1], found[2]) if found else None


def _summary(blocks: Sequence[tuple[str, str]]) -> tuple[str, int, int] | None:
    """The summary and the blocks it spans."""
    for index, (kind, text) in enumerate(blocks):
        # Every way of opening a summary has the word: most blocks are passed at this test.
        if kind == "break" or "summary" not in text.lower():
            continue
        if _heading_word(kind, text) == "summary":
            _, rest = _strip_start("summary", _DECORATION.sub("", text))
            pieces, after = _span(blocks, "summary", index, rest if kind != "heading" else "", True)
        else:
            opened, rest = _strip_start("summary", text)
            if not opened:
                continue
            pieces, after = _span(blocks, "summary", index, rest, not rest)
        summary = _join(pieces)
        if summary:
            return summary, index, after
    return _closed_only(blocks)


def _closed_only(blocks: Sequence[tuple[str, str]]) -> tuple[str, int, int] | None:
    """A summary that only its close marks: the text before ``END SUMMARY``.

    Drafters often open the first paragraph without the keyword; when the close stands
    alone, the summary is the blocks before it, back to a heading or the body's start.
    """
    for index, (kind, text) in enumerate(blocks):
        if kind == "break" or "summary" not in text.lower():  # the close has the word
            continue
        closed, head = _until_end("summary", text)
        if not closed:
            continue
        pieces = [head]
        first = index
        if not _clean(head):
            for kind_before, text_before in reversed(blocks[:index]):
                if _is_heading(kind_before, text_before):
                    break
                first -= 1
                if kind_before != "break":
                    pieces.insert(0, text_before)
        summary = _join(pieces)
        return (summary, first, index + 1) if summary else None
    return None


def _inline_comments(text: str) -> tuple[list[str], str | None]:
    """Comments closed inside one paragraph, and the text of one left open at its end."""
    closed, open_at = _inline_spans(text)
    found = [text[inner:close] for _, inner, close, _ in closed]
    return found, (text[open_at:] if open_at is not None else None)


def _inline_spans(text: str) -> tuple[list[tuple[int, int, int, int]], int | None]:
    """Each comment closed inside ``text`` as (start, words' start, words' end, end), its
    start the opening parenthesis or keyword and its end past the close; and where the
    words of one left open at the end begin."""
    found: list[tuple[int, int, int, int]] = []
    position = 0
    while True:
        match = _INLINE_COMMENT.search(text, position)
        if match is None:
            return found, None
        inner = match.end()
        opened = match.start(1) if match.group(1) else match.start("keyword")
        rest = text[inner:]
        end = _END["comment"].search(rest)
        if match.group(1):  # ``(Comment: ...)``: the closing parenthesis ends it too
            depth, close = 1, None
            for offset, char in enumerate(rest):
                depth += {"(": 1, ")": -1}.get(char, 0)
                if depth == 0:
                    close = offset
                    break
            if close is not None and (end is None or close < end.start()):
                found.append((opened, inner, inner + close, inner + close + 1))
                position = inner + close + 1
                continue
        if end is None:
            return found, inner
        found.append((opened, inner, inner + end.start(), inner + end.end()))
        position = inner + end.end()


def inline_comments(text: str) -> tuple[tuple[int, int], ...]:
    """Where each comment opened and closed inside a paragraph's sentences stands in
    ``text``: ``(start, end)`` from its opening parenthesis or keyword through its close
    (``(Comment: ...)``, ``Comment: ... End comment.``), as :attr:`Cable.comments` finds
    them.  A comment that opens the paragraph is the paragraph's, not an inline one: pass
    the text after its number and marking.
    """
    return tuple((start, end) for start, _, _, end in _inline_spans(text)[0])


def find_comments(blocks: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The cable's comments in order, each without its keywords.

    Comments are marked like summaries (``COMMENT: ... END COMMENT.`` in a paragraph or over
    paragraphs, ``BEGIN COMMENT``, a ``Comment`` heading), and also inside a paragraph after
    a sentence, as ``(Comment: ...)`` or ``Comment: ... End comment.``.
    """
    return tuple(text for text, _ in _comments(blocks) if text)


def comment_ranges(blocks: Sequence[tuple[str, str]]) -> tuple[tuple[int, int], ...]:
    """The blocks each comment that opens a block spans, as (first, after last); a
    comment inside a paragraph's sentences spans no block of its own."""
    return tuple(span for text, span in _comments(blocks) if text and span is not None)


def _comments(blocks: Sequence[tuple[str, str]]) -> list[tuple[str, tuple[int, int] | None]]:
    """Each comment, and the blocks it spans when it opens one."""
    comments: list[tuple[str, tuple[int, int] | None]] = []
    index = 0
    while index < len(blocks):
        kind, text = blocks[index]
        # Every way of opening a comment has the word: most blocks are passed at this test.
        if kind == "break" or "comment" not in text.lower():
            index += 1
            continue
        if _heading_word(kind, text) == "comment":
            _, rest = _strip_start("comment", _DECORATION.sub("", text))
            first = index
            pieces, index = _span(blocks, "comment", index, rest if kind != "heading" else "", True)
            comments.append((_join(pieces), (first, index)))
            continue
        opened, rest = _strip_start("comment", text)
        if opened:
            pieces, after = _span(blocks, "comment", index, rest, not rest)
            continued = re.match(r"\W*comments?" + _CONTINUED, _LEADING.sub("", text), re.I)
            if continued and comments:  # a comment carried over from the last paragraph
                before, span = comments[-1]
                joined = (span[0], after) if span is not None else None
                comments[-1] = (_join([before, *pieces]), joined)
            else:
                comments.append((_join(pieces), (index, after)))
            index = after
            continue
        closed, open_rest = _inline_comments(_LEADING.sub("", text))
        comments.extend((_join([piece]), None) for piece in closed)
        if open_rest is not None:
            pieces, after = _span(blocks, "comment", index, open_rest, False)
            comments.append((_join(pieces), None))
            index = after
            continue
        index += 1
    return comments
