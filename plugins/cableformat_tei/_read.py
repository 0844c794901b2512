"""Reading a cable back from the TEI this package writes."""

from __future__ import annotations

import re
import threading
import warnings
from typing import cast

import attrs
from lxml import etree

import cableformat
from cableformat import Cable

from ._write import BAD_CHARACTERS, ENDING_NAMES, TEI_NS

__all__ = ["MAX_BYTES", "TeiError", "TeiWarning", "load_tei", "tei_text"]

MAX_BYTES = 64 * 1024 * 1024
MAX_ELEMENTS = 1_000_000
"""Most elements a document may have (the longest shared cable needs about 30,000): the
tree lxml builds takes some hundred bytes per element, so the work is bounded."""
"""The largest document ``load`` reads (64 MiB): no real cable comes near it."""


class TeiError(cableformat.CableformatError, ValueError):
    """A TEI document that is unsafe, malformed or not a cable this package wrote."""


class TeiWarning(UserWarning):
    """A header value no longer matches the text it was written from: an edit of the
    header, which changes nothing in the cable (its text is what is read)."""


_ENDINGS = {name: ending for ending, name in ENDING_NAMES.items()}
_REF = re.compile(r"#U([0-9A-F]{4,6})")
# The XML declaration, only where a document may have it: at its start.
_DECLARATION = re.compile(r"\A\ufeff?\s*<\?xml[^>]*\?>")
# A DTD can define entities (billion laughs, external files); a cable never needs one.
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)

_TEI = "{" + TEI_NS + "}TEI"
_TEXT = "{" + TEI_NS + "}text"
_LB = "{" + TEI_NS + "}lb"
_G = "{" + TEI_NS + "}g"

# Text nodes, lb and g under text, in document order.  A g stands for one character
# whatever it holds, so text inside it is skipped.
_WALK = "descendant::text()[not(parent::t:g)] | descendant::t:lb | descendant::t:g"
# Markup an editor adds that is no cable text: a note (but the wrapper lines and the
# publisher's notice, which the writer makes notes), the editor's side of a choice
# (corr, reg, expan; sic, orig, abbr are the cable's) and supplied text.  Looked for
# once: most documents have none.
_EDITORIAL = (
    "t:note[not(@type='wrapper' or @type='notice')] | t:corr | t:reg | t:expan | t:supplied"
)
_HAS_EDITORIAL = (
    "boolean(" + " | ".join(f"descendant::{e.strip()}" for e in _EDITORIAL.split("|")) + ")"
)
_WALK_EDITED = (
    "("
    + _WALK
    + ")[not("
    + " or ".join(f"ancestor::{e.strip()}" for e in _EDITORIAL.split("|"))
    + ")]"
)
# A compiled XPath is not to be shared between threads: one per thread.
_local = threading.local()


def _xpath(name: str, path: str) -> etree.XPath:
    found: etree.XPath | None = getattr(_local, name, None)
    if found is None:
        found = etree.XPath(path, namespaces={"t": TEI_NS}, smart_strings=False)
        setattr(_local, name, found)
    return found


def _walk(text_el: etree._Element) -> list[str | etree._Element]:
    edited = bool(_xpath("has_editorial", _HAS_EDITORIAL)(text_el))
    walk = _xpath("walk_edited", _WALK_EDITED) if edited else _xpath("walk", _WALK)
    return cast("list[str | etree._Element]", walk(text_el))


def _parser(encoding: str | None) -> etree.XMLParser:
    return etree.XMLParser(
        encoding=encoding,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _parse(data: bytes | str) -> etree._Element:
    if isinstance(data, str):
        if len(data) > MAX_BYTES:
            raise TeiError(f"the TEI document is over {MAX_BYTES} characters; refusing to read it")
        # lxml refuses a str with an encoding declaration; the text is decoded already.
        raw = _DECLARATION.sub("", data, count=1).encode("utf-8", "surrogatepass")
        encoding: str | None = "utf-8"
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        encoding = None
    else:
        raise TypeError(f"load() takes bytes or str, not {type(data).__name__}")
    if len(raw) > MAX_BYTES:
        raise TeiError(f"the TEI document is over {MAX_BYTES} bytes; refusing to read it")
    tags = raw.count(b"<")  # one per element, or two with its end tag
    if tags > MAX_ELEMENTS and tags - raw.count(b"</") > MAX_ELEMENTS:
        raise TeiError(f"the TEI document has over {MAX_ELEMENTS:,} elements; refusing to read it")
    # Checked before parsing for the usual encodings, and after it for any other.
    if _DTD.search(raw):
        raise TeiError("the TEI document has a DOCTYPE or entity declaration; refusing to read it")
    try:
        root = etree.fromstring(raw, _parser(encoding))
    except etree.XMLSyntaxError as error:
        raise TeiError(f"the TEI document is not well-formed XML: {error}") from error
    # Any DOCTYPE, even one without declarations, gives the document an internal DTD.
    if root.getroottree().docinfo.internalDTD is not None:
        raise TeiError("the TEI document has a DOCTYPE; refusing to read it")
    return root


def tei_text(root: etree._Element) -> str:
    """The cable text encoded in a parsed TEI document (the ``TEI`` element)."""
    if root.tag != _TEI:
        raise TeiError(f"the root element is not TEI in the TEI namespace: {root.tag!r}")
    text_el = root.find(_TEXT)
    if text_el is None:
        raise TeiError("the TEI document has no text element")
    default = _ending(text_el.get("rend", "lf"))
    out: list[str] = []
    for node in _walk(text_el):
        if isinstance(node, str):
            # Line feeds in the XML are layout: a cable line never holds one.
            out.append(node.replace("\n", "") if "\n" in node else node)
        elif node.tag == _LB:
            rend = node.get("rend")
            out.append(default if rend is None else _ending(rend))
        elif node.tag == _G:
            out.append(_character(node.get("ref")))
        else:  # pragma: no cover - the XPath selects nothing else
            raise TeiError(f"unexpected node in text: {node!r}")
    return "".join(out)


def _ending(name: str) -> str:
    try:
        return _ENDINGS[name]
    except KeyError:
        raise TeiError(
            f"unknown line ending {name!r}; expected one of {', '.join(_ENDINGS)}"
        ) from None


def _character(ref: str | None) -> str:
    match = _REF.fullmatch(ref or "")
    if match is None:
        raise TeiError(f"a g element must point to a declared character like #U0001, not {ref!r}")
    code = int(match.group(1), 16)
    if code > 0x10FFFF:
        raise TeiError(f"not a Unicode code point: {ref!r}")
    return chr(code)


_SOURCE_ENCODING = (
    "{0}teiHeader/{0}encodingDesc/{0}appInfo/{0}application[@ident='cableformat']/{0}p/{0}seg"
).format("{" + TEI_NS + "}")


_APPLICATION = (
    "{0}teiHeader/{0}encodingDesc/{0}appInfo/{0}application[@ident='cableformat']".format(
        "{" + TEI_NS + "}"
    )
)
_TITLE = "{0}teiHeader/{0}fileDesc/{0}titleStmt/{0}title".format("{" + TEI_NS + "}")
_CABLE_ID = "{0}teiHeader/{0}fileDesc/{0}sourceDesc/{0}bibl/{0}idno[@type='cable']".format(
    "{" + TEI_NS + "}"
)
_TERMS = "{0}teiHeader/{0}profileDesc/{0}textClass/{0}keywords/{0}term".format("{" + TEI_NS + "}")


def load_tei(data: bytes | str) -> Cable:
    """The cable a TEI document written by ``export`` encodes, with the source file's
    encoding where the header gives it (so ``dump`` writes the original bytes).

    The cable is read from ``text`` alone; a header value that no longer matches it
    (an edited title, id or keyword) gives a :class:`TeiWarning`.
    """
    root = _parse(data)
    text = tei_text(root)
    if root.find(_APPLICATION) is None:
        raise TeiError(
            "not a TEI document written by cableformat: its header names no application "
            "'cableformat', so its text is not known to be a cable's"
        )
    cable = cableformat.loads(text)
    _check_header(root, cable)
    given = {seg.get("type"): (seg.text or "") for seg in root.iterfind(_SOURCE_ENCODING)}
    if given.get("encoding") and given.get("encodingErrors"):
        try:
            "".encode(given["encoding"], given["encodingErrors"])
        except LookupError:
            raise TeiError(f"an unknown encoding in the header: {given['encoding']!r}") from None
        cable = attrs.evolve(
            cable, encoding=given["encoding"], encoding_errors=given["encodingErrors"]
        )
    return cable


def _string(el: etree._Element) -> str:
    return "".join(str(piece) for piece in el.itertext())


def _check_header(root: etree._Element, cable: Cable) -> None:
    """Warn where the header says other than the text: an edit there is lost."""
    changed = []
    title = root.find(_TITLE)
    subject = cable.subject
    # Values holding a character XML cannot hold are written with g elements: not compared.
    if (
        subject
        and title is not None
        and not BAD_CHARACTERS.search(subject)
        and _string(title) != subject
    ):
        changed.append("title")
    idno = root.find(_CABLE_ID)
    if idno is not None and (idno.text or "") != (cable.reference_id or ""):
        changed.append("idno")
    terms = [_string(term) for term in root.iterfind(_TERMS)]
    tags = list(cable.tags)
    if terms and terms != tags and not any(BAD_CHARACTERS.search(tag) for tag in tags):
        changed.append("keywords")
    if changed:
        warnings.warn(
            f"the TEI header's {', '.join(changed)} no longer match the cable's text, "
            "which is what is read: edit the text inside <text> to change the cable",
            TeiWarning,
            stacklevel=3,
        )
