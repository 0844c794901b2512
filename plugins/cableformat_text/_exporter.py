"""A cable as plain reading text: title, a few metadata lines, the body re-flowed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from cableformat import (
    Bullet,
    Cable,
    Heading,
    Marker,
    PageLine,
    Paragraph,
    RunningHeader,
    Signature,
    Text,
)

__all__ = ["WIDTH", "TextExporter", "export_text", "wrap"]

WIDTH = 72

# Markdown-like renderings link each tag (``[ELAB](#)``) and mark paragraphs with ``¶``.
_LINK = re.compile(r"\[([^\]\n]*)\]\(#\)")
_PILCROW = re.compile(r"¶\s*")
# Control characters (line breaks among them) would break the line structure, and
# lone surrogates (undecodable bytes) cannot be written as UTF-8.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# A text block continues the block before it when that one stops mid-sentence.
_COMPLETE = frozenset(".!?:;\"')]”’»")
_PROSE = frozenset(["paragraph", "bullet", "text"])
_LIST_ITEM = re.compile(r"\w{1,3}[.)]\s")
_SIPDIS = "SIPDIS"
# Running headers in mixed case (``Kabul 00001767 002 of 003``) reach the body as text.
_RUNNING_HEADER = re.compile(
    r"\s*[A-Za-z][A-Za-z .'-]*\s\d{8}\s+\d{3}(?:\.\d+)?\s+of\s+\d{3}\s*$", re.IGNORECASE
)


def wrap(text: str, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """``textwrap.wrap`` at :data:`WIDTH` with ``break_long_words=False`` and
    ``break_on_hyphens=False``, for text whose only whitespace is spaces; a run of
    spaces counts as one.

    The same greedy fill, cutting at the last space that fits instead of adding one
    word at a time (textwrap took most of the export time); the tests hold the two
    to the same output.
    """
    if "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(word for word in text.split(" ") if word)
    if not text:
        return []
    lines: list[str] = []
    indent = initial_indent
    room = WIDTH - len(indent)
    start = 0
    while len(text) - start > room:
        cut = text.rfind(" ", start, start + room + 1)
        if cut < 0:  # a word longer than the line stands alone on it
            cut = text.find(" ", start + room)
            if cut < 0:
                break
        lines.append(indent + text[start:cut])
        start = cut + 1
        indent = subsequent_indent
        room = WIDTH - len(indent)
    lines.append(indent + text[start:])
    return lines


def _clean(text: str) -> str:
    """One line of reading text: no decoration, no control characters, single spaces."""
    if "(#)" in text:
        text = _LINK.sub(r"\1", text)
    if "¶" in text:
        text = _PILCROW.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = _SURROGATE.sub("\ufffd", text)
    # Every kind of space becomes one plain space, so lines never end in an invisible one.
    return " ".join(text.split())


def _width(text: str) -> int:
    """Columns the text takes in a terminal, for the title's underline."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def _metadata(cable: Cable) -> Iterator[str]:
    date = cable.date
    when = (
        f"{date.year:04d}-{date.month:02d}-{date.day:02d} {date.hour:02d}:{date.minute:02d} UTC"
        if date is not None
        else None
    )
    to = "; ".join(a.address for a in cable.to)
    for key, value in (
        ("Reference", cable.reference_id),
        ("Date", when),
        ("From", cable.sender),
        ("To", to),
        ("Classification", cable.classification),
        ("Tags", ", ".join(cable.tags)),
    ):
        if value:
            value = _clean(value)
            if value:
                yield f"{key}: {value}"


class _Block:
    """A block of reading text being gathered; page breaks may split one in the source."""

    __slots__ = ("kind", "prefix", "text")

    def __init__(self, kind: str, prefix: str, text: str) -> None:
        self.kind = kind
        self.prefix = prefix
        self.text = text

    def render(self) -> str:
        text = _clean(self.text)
        if self.kind == "bullet":
            return "\n".join(wrap(text, "- ", "  ")) or "-"
        if self.kind == "heading":
            lines = wrap(text)
            return "\n".join([*lines, "-" * max(3, *map(_width, lines))]) if lines else ""
        if self.kind == "signature":
            return text
        return "\n".join(wrap(f"{self.prefix}{text}"))


def _lines(block: Text) -> list[str]:
    # SIPDIS is a handling caption the system inserted inside the text, not prose.
    return [line for line in block.lines if line.strip() not in ("", _SIPDIS)]


def _continues(last: _Block | None, text: str, first_line: str, page_break: bool) -> bool:
    """Whether a text block goes on with the sentence the block before it left open."""
    if last is None or last.kind not in _PROSE:
        return False
    end = last.text.rstrip()[-1:]
    if not end or end in _COMPLETE:
        return False
    if page_break or text[0].islower():
        return True
    # Some renderings turned the page break into a blank line; a long block that
    # stops after a word or a comma, followed by plain words, was cut there.
    return (
        (end.islower() or end == ",")
        and len(last.text) > WIDTH
        and first_line[:1].isalpha()
        and not _LIST_ITEM.match(first_line)
    )


def _blocks(cable: Cable) -> list[_Block]:
    out: list[_Block] = []
    page_break = False
    for block in cable.body:
        if isinstance(block, RunningHeader | PageLine | Marker):
            page_break = True
            continue
        if isinstance(block, Text):
            lines = _lines(block)
            if not lines:
                continue
            if len(lines) == 1 and _RUNNING_HEADER.match(lines[0]):
                page_break = True
                continue
            text = " ".join(line.strip() for line in lines)
            last = out[-1] if out else None
            if last is not None and _continues(last, text, lines[0], page_break):
                last.text = f"{last.text.rstrip()} {text}"
            else:
                out.append(_Block("text", "", text))
        elif isinstance(block, Paragraph):
            prefix = f"{block.number}. " if block.number is not None else ""
            if block.marking is not None:
                prefix += f"({_clean(block.marking)}) "
            out.append(_Block("paragraph", prefix, block.text))
        elif isinstance(block, Bullet):
            out.append(_Block("bullet", "", block.text))
        elif isinstance(block, Heading):
            out.append(_Block("heading", "", block.text))
        elif isinstance(block, Signature):
            out.append(_Block("signature", "", block.name))
        page_break = False
    return out


def export_text(cable: Cable) -> str:
    """The cable as reading text, UTF-8-safe, ending with exactly one newline."""
    title = _clean(cable.subject or "") or _clean(cable.reference_id or "") or "Untitled cable"
    sections = [f"{title}\n{'=' * _width(title)}"]
    metadata = "\n".join(_metadata(cable))
    if metadata:
        sections.append(metadata)
    sections.extend(text for block in _blocks(cable) if (text := block.render()))
    return "\n\n".join(sections) + "\n"


class TextExporter:
    """Exports cables as plain text for reading; there is no way back."""

    name = "text"
    media_type = "text/plain; charset=utf-8"
    suffix = ".txt"

    def export(self, cable: Cable) -> str:
        return export_text(cable)
