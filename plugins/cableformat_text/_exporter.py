"""A cable as plain reading text: title, a few metadata lines, the body re-flowed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from cableformat import Block, Bullet, Cable, Heading, Paragraph, Signature, Text

__all__ = ["WIDTH", "TextExporter", "export_text", "wrap"]

WIDTH = 72

# Markdown-like renderings link each tag (``[ELAB](#)``) and mark paragraphs with ``¶``.
_LINK = re.compile(r"\[([^\]\n]*)\]\(#\)")
_PILCROW = re.compile(r"¶\s*")
# Control characters (line breaks among them) would break the line structure, and
# lone surrogates (undecodable bytes) cannot be written as UTF-8.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SIPDIS = "SIPDIS"
_RULE = re.compile(r"\s*-[\s-]*$")


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


def _render(block: Block) -> str:
    """One body block as reading text, or "" for one a reader does not read.

    Breaks (running headers, page lines, markers) and inserted ``SIPDIS`` lines are
    left out; the model already gives a block cut by one whole.
    """
    if isinstance(block, Paragraph):
        prefix = f"{block.number}. " if block.number is not None else ""
        if block.marking is not None:
            prefix += f"({_clean(block.marking)}) "
        return "\n".join(wrap(f"{prefix}{_clean(block.text)}"))
    if isinstance(block, Bullet):
        return "\n".join(wrap(_clean(block.text), "- ", "  ")) or "-"
    if isinstance(block, Heading):
        return "\n".join(wrap(_clean(block.text)))
    if isinstance(block, Signature):
        return _clean(block.name)
    if isinstance(block, Text):
        if all(line.strip() in ("", _SIPDIS) or _RULE.match(line) for line in block.lines):
            return ""  # a rule is decoration, and SIPDIS a handling caption
        return "\n".join(wrap(_clean(block.text)))
    return ""


def _summary(cable: Cable) -> str:
    paragraphs = (cable.summary or "").split("\n\n")
    texts = [text for paragraph in paragraphs if (text := _clean(paragraph))]
    if not texts:
        return ""
    texts[0] = f"Summary: {texts[0]}"
    return "\n\n".join("\n".join(wrap(text)) for text in texts)


def export_text(cable: Cable, *, summary_first: bool = False) -> str:
    """The cable as reading text, UTF-8-safe, ending with exactly one newline.

    With ``summary_first`` the cable's summary, when it has one, comes before the body
    (which still holds it where the cable gives it).
    """
    title = _clean(cable.subject or "") or _clean(cable.reference_id or "") or "Untitled cable"
    sections = [f"{title}\n{'=' * _width(title)}"]
    metadata = "\n".join(_metadata(cable))
    if metadata:
        sections.append(metadata)
    if summary_first and (summary := _summary(cable)):
        sections.append(summary)
    sections.extend(text for block in cable.body if (text := _render(block)))
    return "\n\n".join(sections) + "\n"


class TextExporter:
    """Exports cables as plain text for reading; there is no way back."""

    name = "text"
    media_type = "text/plain; charset=utf-8"
    suffix = ".txt"

    def export(self, cable: Cable, *, summary_first: bool = False) -> str:
        """``summary_first``: the summary before the body (``-O summary-first``)."""
        return export_text(cable, summary_first=summary_first)
