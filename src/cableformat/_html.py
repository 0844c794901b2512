"""The WikiLeaks cable-viewer page: its metadata table and the cable in two ``<pre>`` blocks.

A small regular-expression extractor rather than an HTML parser: the pages are
generated and regular, and a parser would also drop the few tags the publisher left
inside the text (``<strong>``, ``<em>``), which the plain-text dumps keep.
"""

from __future__ import annotations

import html
import re

import attrs

__all__ = ["Page", "looks_like_html", "parse_page"]

# Markup from the first byte: a cable never opens with '<'.
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<[?!A-Za-z]")
# Lower-case tags only: the pages are generated XHTML, and case-blind patterns are slower.
_PRE = re.compile(r"<pre\b[^>]*>(.*?)</pre\s*>", re.S)
_TABLE = re.compile(r"<table\b[^>]*\bclass=['\"]cable['\"][^>]*>(.*?)</table\s*>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.S)
_CELL = re.compile(r"<t([hd])\b[^>]*>(.*?)</t[hd]\s*>", re.S)
_TAG = re.compile(r"<[^>]*>")
# The viewer's paragraph links, ``<a id='par1' href='#par1'>¶</a>``: decoration, dropped.
_PARAGRAPH_ANCHOR = re.compile(
    r"<a\s+id=(['\"])par\w*\1\s+href=(['\"])#par\w*\2\s*>(?:¶|&para;|&#182;|&#x0*[bB]6;)</a>"
)
_LINK_TAG = re.compile(r"</?a\b[^>]*>")
# Only complete references: the pages are XHTML, where every entity ends with ';'.
_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);")

_COLUMNS = {
    "reference id": "reference_id",
    "created": "created",
    "released": "released",
    "classification": "classification",
    "origin": "origin",
}


@attrs.frozen
class Page:
    header: str
    body: str
    metadata: dict[str, str]
    line: int
    """The line of the page where the header ``<pre>`` starts."""


def looks_like_html(head: bytes) -> bool:
    """Whether a file's first bytes are markup."""
    return _HTML_START.match(head) is not None


def parse_page(page: str) -> Page | None:
    """The cable and metadata of a viewer page; ``None`` when it has no two ``<pre>`` blocks."""
    blocks = list(_PRE.finditer(page))
    if len(blocks) < 2:
        return None
    first = blocks[0]
    return Page(
        header=pre_text(first.group(1)),
        body=pre_text(blocks[1].group(1)),
        metadata=_metadata(page[: first.start()]),
        line=page.count("\n", 0, first.start()) + 1,
    )


def pre_text(markup: str) -> str:
    """The text of a ``<pre>`` block: anchors dropped, links unwrapped, entities replaced."""
    markup = _PARAGRAPH_ANCHOR.sub("", markup)
    markup = _LINK_TAG.sub("", markup).replace("&#x000A;", "\n")  # the common one, quickly
    return _ENTITY.sub(lambda m: html.unescape(m.group()), markup)


def _metadata(before: str) -> dict[str, str]:
    """The ``table.cable`` cells under their headings, by the headings' names."""
    table = _TABLE.search(before)
    if table is None:
        return {}
    names: list[str] = []
    values: list[str] = []
    for row in _ROW.finditer(table.group(1)):
        for kind, cell in _CELL.findall(row.group(1)):
            text = html.unescape(_TAG.sub("", cell)).strip()
            (names if kind == "h" else values).append(text)
    return {
        _COLUMNS.get(name.lower(), name.lower().replace(" ", "_")): value
        for name, value in zip(names, values, strict=False)
    }
