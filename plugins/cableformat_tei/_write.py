"""Writing a cable as a TEI P5 document; the mapping is described in the package docstring."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence

import attrs

import cableformat
from cableformat import (
    DEFAULT_BASE,
    Addressee,
    Bullet,
    Cable,
    Heading,
    Marker,
    PageLine,
    Paragraph,
    Part,
    Record,
    Reference,
    RunningHeader,
    Signature,
    Text,
    cable_iri,
)

__all__ = [
    "BAD_CHARACTERS",
    "ENDING_NAMES",
    "TEI_NS",
    "XML_NS",
    "char_id",
    "export_tei",
]

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_XML_ID = "xml:id"
_XML_SPACE = "xml:space"

# Element names: every element is in TEI's namespace, the document's default.
AB = "ab"
FRONT = "front"
TRAILER = "trailer"
DATELINE = "dateline"
OPENER = "opener"
COLLECTION = "collection"
MSDESC = "msDesc"
MSIDENTIFIER = "msIdentifier"
REPOSITORY = "repository"
CATDESC = "catDesc"
CATEGORY = "category"
CHANGE = "change"
CLASSDECL = "classDecl"
REVISIONDESC = "revisionDesc"
TAXONOMY = "taxonomy"
AUTHORITY = "authority"
AVAILABILITY = "availability"
CORRESPCONTEXT = "correspContext"
LICENCE = "licence"
NOTESSTMT = "notesStmt"
REF = "ref"
ANCHOR = "anchor"
AUTHOR = "author"
APPINFO = "appInfo"
APPLICATION = "application"
BIBL = "bibl"
BODY = "body"
CHAR = "char"
CHARDECL = "charDecl"
CLOSER = "closer"
CORRESPACTION = "correspAction"
CORRESPDESC = "correspDesc"
DATE = "date"
DESC = "desc"
DIV = "div"
EDITORIALDECL = "editorialDecl"
ENCODINGDESC = "encodingDesc"
FILEDESC = "fileDesc"
FW = "fw"
G = "g"
HEAD = "head"
IDNO = "idno"
ITEM = "item"
KEYWORDS = "keywords"
LABEL = "label"
LB = "lb"
LIST = "list"
MILESTONE = "milestone"
NOTE = "note"
ORGNAME = "orgName"
P = "p"
PB = "pb"
PERSNAME = "persName"
PLACENAME = "placeName"
PROFILEDESC = "profileDesc"
PUBLICATIONSTMT = "publicationStmt"
SEG = "seg"
SIGNED = "signed"
SOURCEDESC = "sourceDesc"
TEI = "TEI"
TEIHEADER = "teiHeader"
TERM = "term"
TEXT = "text"
TEXTCLASS = "textClass"
TITLE = "title"
TITLESTMT = "titleStmt"

ENDING_NAMES = {"\n": "lf", "\r\n": "crlf", "\r": "cr"}
"""The value of ``@rend`` on ``lb`` (and on ``text``, for the default) for each ending."""

BAD_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold; each is written as ``<g ref="#U0001"/>``."""

_BREAK = re.compile(r"(\r\n|\r|\n)")
_SPACES = re.compile(r"[ \t\r\n]*")
_CHUNK = 1_000_000
"""The longest run of text written without an element in it (libxml2 allows 10 MB)."""
_VERSION = re.compile(r"\d+(?:\.\d+){0,2}")

# The ``@type`` of the ``ab`` (or ``seg``) holding each field that has no richer element.
# The lines a telegram's transmission adds above its date-time group: forme work.
_TRANSMISSION = frozenset(["transmission_id", "routing", "station", "security"])
_FIELD_TYPES = {
    "wrapper": "wrapper",
    "notice": "notice",
    "distribution": "distribution",
    "message_line": "messageLine",
    "drafted_by": "draftedBy",
    "approved_by": "approvedBy",
    "clearances": "clearance",
    "date_line": "dateLine",
    "transmission_id": "transmissionId",
    "routing": "routing",
    "station": "station",
    "security": "security",
    "dtg": "dtg",
    "sender": "from",
    "to": "to",
    "info": "info",
    "excluded": "excluded",
    "unparsed": "unparsed",
    "classification_line": "classification",
    "captions": "caption",
    "instructions": "instruction",
    "executive_order": "executiveOrder",
    "tags": "tags",
    "subject": "subject",
    "references": "references",
    "classification_authority": "classifiedBy",
}
# The envelope's fields: those the Cable class lists from the office distribution to the
# text header (the notice and a banner above the envelope go with the message).
_FIELDS = [field.name for field in attrs.fields(Cable)]
_ENVELOPE = frozenset(_FIELDS[_FIELDS.index("distribution") : _FIELDS.index("classification_line")])
_BEFORE_MESSAGE = frozenset(["wrapper", "unparsed", "notice", "header_breaks"])
_KEYWORD = re.compile(r"[ \t]*([A-Za-z]+)[ \t]*:?[ \t]*")
_LIST_KEYWORDS = frozenset(
    ["SUBJECT", "SUBJ", "REF", "REFS", "REFTEL", "REFTELS", "REFERENCE", "REFERENCES"]
)
_TAGS_KEYWORD = re.compile(r"[ \t]*(?:TAGS|TAG|TGS|TAS)\b[ \t]*:?", re.IGNORECASE)
_DTG = re.compile(r"\d{6}Z")
_DTG_WORDS = re.compile(r"\d{6}Z[ \t]*[A-Za-z]{3}[ \t]*\d{2,4}\b")
_FORME_WORK = (RunningHeader, PageLine, Marker)
_EMPTY = frozenset([MILESTONE, PB])
_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n|$)")
_PRECEDENCE = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}

Attrib = dict[str, str]
Span = tuple[int, int, str, Attrib]


def _today() -> dt.date:
    """The date of encoding; ``SOURCE_DATE_EPOCH`` fixes it, for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def char_id(char: str) -> str:
    """The ``xml:id`` of the ``char`` declaring a character: ``U0001``, ``UDC80``."""
    return f"U{ord(char):04X}"


def _when(value: dt.datetime) -> str:
    """ISO 8601 in UTC, as ``@when`` takes it: ``2007-03-23T09:06:00Z``."""
    value = value.astimezone(dt.UTC) if value.tzinfo else value
    text = (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    )
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    return text + "Z"


def _ending_of(text: str) -> tuple[str, str]:
    """``text`` split into everything before its final line ending, and that ending."""
    last = text[-1:]
    if last == "\n":
        if text[-2:-1] == "\r":
            return text[:-2], "\r\n"
        return text[:-1], "\n"
    if last == "\r":
        return text[:-1], "\r"
    return text, ""


class _Element:
    """An element being written, at the end of the document so far: writing into it
    closes every element opened inside it since.

    The document is written as it is read, start to end, into a list of strings: an
    element tree built only to be serialised cost three times as much.
    """

    __slots__ = ("closing", "depth", "empty", "out", "tag", "tail")

    def __init__(self, out: _Out, tag: str, tail: str = "", depth: int = 0) -> None:
        self.out = out
        self.tag = tag
        self.tail = tail
        """What follows the end tag (a line feed that lays out the XML)."""
        self.closing = ""
        """What precedes the end tag (the indentation of a header element's end)."""
        self.depth = depth
        self.empty = True
        """Whether its start tag still lacks its ``>``: it is written ``<lb/>`` if so."""

    def text(self, s: str) -> None:
        """Append ``s``, which must hold only characters XML allows."""
        out = self.out
        if out.open[-1] is not self or self.empty:
            out.at(self)
        out.chunks.append(_escape(s))

    def child(self, tag: str, attrib: Attrib | None = None, tail: str = "") -> _Element:
        out = self.out
        if out.open[-1] is not self or self.empty:
            out.at(self)
        out.chunks.append("<" + tag + _attributes(attrib) if attrib else "<" + tag)
        el = _Element(out, tag, tail)
        out.open.append(el)
        return el

    def raw(self, xml: str) -> None:
        """Append markup made here (line breaks, escaped text)."""
        out = self.out
        if out.open[-1] is not self or self.empty:
            out.at(self)
        out.chunks.append(xml)


class _Out:
    """The document being written: its strings so far and the elements still open."""

    __slots__ = ("chunks", "open")

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.open: list[_Element] = []

    def root(self, tag: str, attrib: Attrib | None = None) -> _Element:
        self.chunks.append("<" + tag + _attributes(attrib) if attrib else "<" + tag)
        el = _Element(self, tag)
        self.open.append(el)
        return el

    def at(self, el: _Element) -> None:
        """Close the elements inside ``el`` and end its start tag."""
        open_, chunks = self.open, self.chunks
        while open_[-1] is not el:
            chunks.append(_end_of(open_.pop()))
        if el.empty:
            chunks.append(">")
            el.empty = False

    def text(self) -> str:
        """The document, every element closed."""
        while self.open:
            self.chunks.append(_end_of(self.open.pop()))
        return "".join(self.chunks)


def _end_of(done: _Element) -> str:
    """What closes an element: ``/>`` if it holds nothing, else its end tag; its tail."""
    if done.empty:
        return "/>" + done.tail
    return done.closing + "</" + done.tag + ">" + done.tail


def _escape(s: str) -> str:
    """Text content as XML writes it (lxml's way: ``>`` and CR escaped too)."""
    s = _escape_markup(s)
    return s.replace("\r", "&#13;") if "\r" in s else s


_ATTRIBUTE_SPECIAL = re.compile('[&<>"\t\n\r]')
# What an attribute value needs more than quotes for: escapes, or a refusal.
_ATTRIBUTE_CARE = re.compile(r'[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]')
_ATTRIBUTE_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "\t": "&#9;",
    "\n": "&#10;",
    "\r": "&#13;",
}


def _attributes(attrib: Attrib) -> str:
    """Attributes as written in a start tag: `` type="x" n="3"``."""
    text = ""
    for name, value in attrib.items():
        if _ATTRIBUTE_CARE.search(value):
            if BAD_CHARACTERS.search(value):
                raise ValueError(f"All strings must be XML compatible: {value!r}")
            value = _ATTRIBUTE_SPECIAL.sub(lambda m: _ATTRIBUTE_ESCAPES[m.group()], value)
        text += " " + name + '="' + value + '"'
    return text


def _escape_markup(s: str) -> str:
    """``&``, ``<`` and ``>`` escaped; line endings left for ``put`` to turn into ``lb``."""
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    return s


def _only_ending(s: str, newline: str) -> bool:
    """Whether every line ending in ``s`` is ``newline``."""
    if newline == "\n":
        return "\r" not in s
    if newline == "\r":
        return "\n" not in s
    crlf = s.count("\r\n")
    return s.count("\r") == crlf and s.count("\n") == crlf


# A line ending as written: an lb, and the line feed that lays out the XML.  The usual
# ending is a bare lb (the text's @rend says which it is); the others say theirs.
_LB = f"<{LB}/>\n"
_LB_REND = {ending: f'<{LB} rend="{name}"/>\n' for ending, name in ENDING_NAMES.items()}
_ANCHOR = f"<{ANCHOR}/>"


class _Div:
    """An open ``div`` and what TEI still allows in it."""

    __slots__ = ("content", "cursor")

    def __init__(self, el: _Element) -> None:
        self.cursor = el
        self.content = False
        """Whether it holds a block yet: a ``closer`` may only follow one."""


class _TextWriter:
    """Writes the parts of a cable into ``text/body``, in order, losing nothing."""

    def __init__(self, body: _Element, newline: str, clean: bool, base: str = DEFAULT_BASE) -> None:
        self.body = body
        self.base = base
        self.archival: frozenset[object] = frozenset()
        """The header lines that say where an archive keeps the original."""
        self.origin: str | None = None
        """The post the cable was sent from, for the dateline."""
        self.parts: dict[int, str] = {}
        """Body blocks of the summary and of comments, and the categories they point to."""
        self.newline = newline
        self.clean = clean
        """Whether the text holds no character XML cannot hold (the fast path)."""
        self.chars: dict[str, None] = {}
        self.pending: list[str] = []
        self.envelope: _Div | None = None
        self.message: _Div | None = None
        self.div: _Div | None = None
        self.bullets: _Element | None = None
        self.closer: _Element | None = None
        self.after_closer: _Element | None = None
        self.notice_block = False
        """Whether the body's first block is the publisher's notice of a partial extract
        (where a header stands above it, the reader leaves it in the body)."""
        """Where what follows the signature goes: the div, after the closer."""

    # --- characters and lines ---------------------------------------------------------

    def put(self, cur: _Element, s: str) -> None:
        """Write ``s`` at ``cur``: line endings as ``lb``, bad characters as ``g``."""
        if "\n" not in s and "\r" not in s:
            self.content(cur, s)
            return
        newline = self.newline
        if self.clean and len(s) <= _CHUNK and _only_ending(s, newline):
            # Most blocks: every line ends the usual way, so each ending becomes an lb
            # in one replace.  The line feed lays out the XML only: a cable line never
            # holds one.
            cur.raw(_escape_markup(s).replace(newline, _LB))
            return
        pieces = _BREAK.split(s)
        self.content(cur, pieces[0])
        for i in range(1, len(pieces), 2):
            ending = pieces[i]
            cur.raw(_LB if ending == newline else _LB_REND[ending])
            self.content(cur, pieces[i + 1])

    def content(self, cur: _Element, s: str) -> None:
        """Write the content of one line (or part of one) at ``cur``."""
        if not s:
            return
        if len(s) > _CHUNK:
            # Parsers refuse longer text nodes unless told to lift their limits.
            for start in range(0, len(s), _CHUNK):
                if start:
                    cur.raw(_ANCHOR)
                self.content(cur, s[start : start + _CHUNK])
        elif self.clean or not BAD_CHARACTERS.search(s):
            cur.text(s)
        else:
            pos = 0
            for match in BAD_CHARACTERS.finditer(s):
                if match.start() > pos:
                    cur.text(s[pos : match.start()])
                char = match.group()
                self.chars[char] = None
                cur.raw(f'<{G} ref="#{char_id(char)}"/>')
                pos = match.end()
            if pos < len(s):
                cur.text(s[pos:])

    def fill(self, el: _Element, s: str) -> None:
        """Write ``s`` into ``el``, a new element with no content yet."""
        if self.clean and len(s) <= _CHUNK and "\n" not in s and "\r" not in s:
            if s:
                el.text(s)
        else:
            self.put(el, s)

    def end(self, cur: _Element, ending: str) -> None:
        """Write one line ending at ``cur``."""
        if ending:
            cur.raw(_LB if ending == self.newline else _LB_REND[ending])

    def put_spans(self, cur: _Element, s: str, spans: Sequence[Span]) -> None:
        """Write ``s`` with the given stretches of it wrapped in their own elements."""
        pos = 0
        for start, end, tag, attrib in spans:
            if start == end and tag in _EMPTY and start >= pos:
                if start > pos:
                    self.put(cur, s[pos:start])
                    pos = start
                cur.child(tag, attrib)
                continue
            if start < pos or end <= start:
                continue
            if start > pos:
                self.put(cur, s[pos:start])
            self.fill(cur.child(tag, attrib), s[start:end])
            pos = end
        if pos < len(s):
            self.put(cur, s[pos:])

    # --- containers -------------------------------------------------------------------

    def open_div(self, kind: str) -> _Div:
        el = self.body.child(DIV, {"type": kind}, tail="\n")
        el.text("\n")
        return _Div(el)

    def container(self, field: str) -> _Div:
        """The div a non-blank part of ``field`` goes in, flushing blank lines before it."""
        # Until the message begins, unread lines, the notice and page lines (as the
        # archive layout has them above the envelope) go with the envelope.
        if self.message is None and (field in _ENVELOPE or field in _BEFORE_MESSAGE):
            if self.envelope is None:
                self.envelope = self.div = self.open_div("envelope")
            self.flush(self.envelope)
            return self.envelope
        if self.message is None:
            if self.div is not None:
                self.flush(self.div)
            self.message = self.div = self.open_div("message")
        assert self.div is not None
        self.flush(self.div)
        return self.div

    def flush(self, div: _Div) -> None:
        """Write the blank lines waiting for a container into ``div``."""
        if not self.pending:
            return
        cur = div.cursor
        for text in self.pending:
            if text == self.newline:
                self.end(cur, text)
            elif _SPACES.fullmatch(text):
                self.put(cur, text)  # white space between blocks is allowed there
            else:
                body, ending = _ending_of(text)
                self.fill(cur.child(AB, {"type": "blank"}), body)
                self.end(cur, ending)
                div.content = True
        self.pending.clear()

    # --- parts ------------------------------------------------------------------------

    def write(self, parts: Sequence[Part]) -> None:
        for part in parts:
            if not part.text:
                continue
            if not part.field:
                self.pending.append(part.text)
            elif self.closer is not None:
                self.in_closer(part)
            else:
                self.block(part)
        self.finish()

    def finish(self) -> None:
        if self.after_closer is not None:
            for text in self.pending:
                self.put(self.after_closer, text)
            self.pending.clear()
            return
        if self.div is None:
            self.message = self.div = self.open_div("message")
        self.flush(self.div)

    def block(self, part: Part) -> None:
        value = part.value
        field = part.field
        body, ending = _ending_of(part.text)
        if field == "notice" and self.envelope is None and self.message is None:
            self.front_note(part, body, ending)
            return
        if self.notice_block and field == "body" and part.index == 0:
            self.notice_in_body(part, body, ending)
            return
        if field != "body":
            self.bullets = None
            div = self.container(field)
            cur = div.cursor
            if field in ("subject", "references"):
                self.keyword_list(cur, part, body)
            else:
                # A mail system's wrapper is no part of the cable: a note about it.
                tag = NOTE if field == "wrapper" else AB
                attrib = {"type": _FIELD_TYPES.get(field, "other")}
                if field in _TRANSMISSION and not div.content:
                    tag = FW  # the transmission's own lines, above the telegram's opening
                elif field == "dtg" and not div.content and div is self.envelope:
                    self.dateline(cur, part, body)
                    div.content = True
                    self.end(cur, ending)
                    return
                if field == "unparsed" and part.value in self.archival:
                    attrib["type"] = "archivalSource"  # an archive's line about its copy
                if tag == NOTE:
                    attrib[_XML_ID] = f"wrapper{part.index or 0}"
                el = cur.child(tag, attrib)
                self.put_spans(el, body, _spans(part, body))
                # Forme work and notes may stand anywhere; an opener only before blocks.
                div.content = div.content or tag == AB
                self.end(cur, ending)
                return
            div.content = True
            self.end(cur, ending)
            return
        if isinstance(value, Bullet):
            self.bullet(value, body, ending)
            return
        self.bullets = None
        if isinstance(value, Heading):
            self.container(field)
            assert self.message is not None
            el = self.message.cursor.child(DIV, {"type": "section"}, tail="\n")
            el.text("\n")
            self.div = _Div(el)
            head, rule = _underlined(body)
            self.fill(self.div.cursor.child(HEAD, _part_id(part, self.parts)), head)
            if rule:  # the underline is forme work, not the heading's words
                self.put(self.div.cursor, rule[0])
                self.fill(self.div.cursor.child(FW, {"type": "underline"}), rule[1])
            self.end(self.div.cursor, ending)
            return
        div = self.container(field)
        cur = div.cursor
        if isinstance(value, Paragraph):
            attrib = _part_id(part, self.parts)
            if value.number is not None:
                attrib["n"] = str(value.number)
            spans = _marking(value, body) + _breaks(value, body)
            if "#comment" not in attrib.get("ana", ""):  # a comment block has no inner one
                spans = _with_comments(spans, body)
            self.put_spans(cur.child(P, attrib), body, spans)
            div.content = True
        elif isinstance(value, Text) and value.breaks:
            self.put_spans(cur.child(AB, {"type": "text"}), body, _breaks(value, body))
            div.content = True
        elif isinstance(value, _FORME_WORK):
            self.forme_work(cur, value, body)
        elif isinstance(value, Signature):
            if div.content:
                self.closer = cur.child(CLOSER, tail="\n")
                self.after_closer = cur
                self.signed(self.closer.child(SIGNED), value, body)
                self.end(self.closer, ending)
                return
            self.signed(cur.child(AB, {"type": "signature"}), value, body)
            div.content = True
        else:
            self.fill(cur.child(AB, {"type": _ab_type(part)}), body)
            div.content = True
        self.end(cur, ending)

    def bullet(self, value: Bullet, body: str, ending: str) -> None:
        merge = self.bullets is not None and all(_SPACES.fullmatch(t) for t in self.pending)
        if merge:
            assert self.bullets is not None
            for text in self.pending:
                self.put(self.bullets, text)
            self.pending.clear()
        else:
            self.bullets = None
            div = self.container("body")
            div.content = True
            self.bullets = div.cursor.child(LIST, {"type": "bulleted"}, tail="\n")
        if value.breaks:
            self.put_spans(self.bullets.child(ITEM), body, _breaks(value, body))
        else:
            self.fill(self.bullets.child(ITEM), body)
        self.end(self.bullets, ending)

    def forme_work(self, cur: _Element, value: object, body: str) -> None:
        if isinstance(value, RunningHeader):
            milestone = {"unit": "section"}
            if section := _SECTION_OF.search(value.text):
                milestone["n"] = str(int(section.group(1)))
            cur.child(MILESTONE, milestone)
            kind = "runningHeader"
        elif isinstance(value, PageLine):
            cur.child(PB)
            kind = "pageLine"
        else:
            kind = "marker"
        self.fill(cur.child(FW, {"type": kind}), body)

    def keyword_list(self, cur: _Element, part: Part, body: str) -> None:
        lcur = cur.child(LIST, {"type": part.field})
        match = _KEYWORD.match(body)
        start = 0
        if match and match.group(1).upper() in _LIST_KEYWORDS:
            start = match.end()
            self.fill(lcur.child(HEAD), body[:start])
        starts = [start]
        if part.field == "references" and isinstance(part.value, tuple):
            starts = _reference_starts(body, start, part.value) or starts
        refs = part.value if part.field == "references" and isinstance(part.value, tuple) else ()
        for i, begin in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(body)
            item = lcur.child(ITEM)
            # The item's references: its own, or all of them where the items could not
            # be told apart in the text (one item holds every reference's words).
            mine = refs[i : i + 1] if len(refs) == len(starts) else refs
            if not mine or not all(isinstance(ref, Reference) for ref in mine):
                self.fill(item, body[begin:end])
                continue
            # The citation's own words in a ref, pointing at each cable it cites.
            chunk = body[begin:end]
            label = _ITEM_LABEL.match(chunk) if mine[0].label else None
            words = chunk.rstrip(" \t\r\n;,")
            first = label.end() if label else len(chunk) - len(chunk.lstrip())
            ids = [c for ref in mine for c in ref.cable_ids]
            kind = mine[0].kind if len(mine) == 1 or not ids else "cable"
            attrib = {"type": kind}
            if ids:
                attrib["target"] = " ".join(cable_iri(c, self.base) for c in ids)
            spans = [(first, len(words), REF, attrib)] if first < len(words) else []
            self.put_spans(item, chunk, spans)

    def front_note(self, part: Part, body: str, ending: str) -> None:
        """The publisher's notice that opens a partial extract, as an editorial note in
        ``front``: it comes before the telegram, in the text's own order."""
        # Nothing is in the body yet (no div is open): it is taken back, and opened
        # again after front.
        out = self.body.out
        assert out.open[-1] is self.body and out.chunks[-3:] == ["<" + BODY, ">", "\n"]
        del out.chunks[-3:]
        out.open.pop()
        text_el = out.open[-1]
        cur = text_el.child(FRONT, tail="\n")
        cur.text("\n")
        for text in self.pending:
            self.put(cur, text)
        self.pending.clear()
        note = cur.child(NOTE, {"type": "notice", _XML_ID: "notice"})
        self.put_spans(note, body, _spans(part, body))
        self.end(cur, ending)
        self.body = text_el.child(BODY, tail="\n")
        self.body.text("\n")

    def notice_in_body(self, part: Part, body: str, ending: str) -> None:
        """The notice as the body's first block: the editorial note of ``front_note`` where
        nothing comes before it, else the same note in its place in the message."""
        if self.envelope is None and self.message is None:
            self.front_note(part, body, ending)
            return
        div = self.container("body")
        note = div.cursor.child(NOTE, {"type": "notice", _XML_ID: "notice"})
        self.fill(note, body)
        self.end(div.cursor, ending)

    def dateline(self, cur: _Element, part: Part, body: str) -> None:
        """The date-time group as the telegram's dateline: ``opener/dateline`` with the
        date, and the place it was sent from as an empty ``placeName`` (no text added)."""
        line = cur.child(OPENER).child(DATELINE)
        if self.origin:
            line.child(PLACENAME, {"key": self.origin})
        self.put_spans(line, body, _spans(part, body))

    def signed(self, el: _Element, value: Signature, body: str) -> None:
        """The signature's text, the signer's name (as the model gives it) a ``persName``."""
        start = body.find(value.name)
        if start < 0:
            self.fill(el, body)
            return
        end = start + len(value.name)
        self.put_spans(el, body, [(start, end, PERSNAME, {})])

    def in_closer(self, part: Part) -> None:
        """What follows the signature: boilerplate (a banner, GP-3, a declassification
        stamp, a drafting block) outside the closer, as ``trailer``; markers and breaks
        as forme work.  TEI allows no block after a ``closer``."""
        cur = self.after_closer
        assert cur is not None
        for text in self.pending:
            self.put(cur, text)
        self.pending.clear()
        value = part.value
        body, ending = _ending_of(part.text)
        if part.field == "body" and isinstance(value, _FORME_WORK):
            self.forme_work(cur, value, body)
        elif part.field == "body" and isinstance(value, Signature):
            self.signed(cur.child(SIGNED), value, body)
        else:
            self.fill(cur.child(TRAILER, {"type": _trailer_type(body)}), body)
        self.end(cur, ending)


# A running header's section: "VALLETTA 00000123 002 OF 002" is section 2.
_SECTION_OF = re.compile(r"\b(\d{1,3})(?:\.\d+)?\s+OF\s+\d{1,3}\b")
# A heading's underline, its last line: "MINISTER'S VIEW" / "---------------".
_UNDERLINE = re.compile(r"(\r\n|\r|\n)([ \t]*-{3,}[ \t-]*)\Z")


def _underlined(body: str) -> tuple[str, tuple[str, str] | None]:
    """A heading's words, and its underline (the line break before it, the rule)."""
    match = _UNDERLINE.search(body)
    if match is None or not body[: match.start()].strip():
        return body, None
    return body[: match.start()], (match.group(1), match.group(2))


def _part_id(part: Part, parts: Mapping[int, str] | None = None) -> dict[str, str]:
    """``xml:id`` of a body block: ``p<index>``, its place in the body, as the JSON-LD
    export names the same part ``<cable IRI>#p<index>``; ``ana`` for the summary's and
    the comments' blocks."""
    if part.index is None:
        return {}
    attrib = {_XML_ID: f"p{part.index}"}
    if parts and part.index in parts:
        attrib["ana"] = parts[part.index]
    return attrib


# A REF item's letter, before its words: "A. ", "(b) ".
_ITEM_LABEL = re.compile(r"[ \t]*\(?[A-Za-z][.)][ \t]*")
_NCNAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def document_id(reference_id: str) -> str:
    """``TEI/@xml:id``: an NCName made from the id, ``c06CARACAS219``."""
    return "c" + _NCNAME_UNSAFE.sub("_", reference_id)


_TRAILERS = (
    (re.compile(r"\s*Declassified/Released\b", re.IGNORECASE), "stamp"),
    (re.compile(r"\s*(?:GP[-\s]?\d|XGDS)\b", re.IGNORECASE), "group"),
    (re.compile(r"\s*(?:DRAFTED|CLEARED|APPROVED)\b", re.IGNORECASE), "drafting"),
    (
        re.compile(r"\s*(?:UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE|CONFIDENTIAL|SECRET)\b"),
        "banner",
    ),
)


def _trailer_type(body: str) -> str:
    """What a line after the signature is: a stamp, a group marking, a drafting block."""
    for pattern, kind in _TRAILERS:
        if pattern.match(body):
            return kind
    return "text"


def _ab_type(part: Part) -> str:
    if part.field == "body":
        value = part.value
        if isinstance(value, Paragraph):
            return "paragraph"
        if isinstance(value, Heading):
            return "heading"
        if isinstance(value, Bullet):
            return "bullet"
        if isinstance(value, Text):
            return "text"
        if isinstance(value, Signature):
            return "signature"
        return "block"
    return _FIELD_TYPES.get(part.field, "other")


def _marking(value: Paragraph, body: str) -> list[Span]:
    if not value.marking:
        return []
    mark = "(" + value.marking + ")"
    start = body.find(mark)
    if start < 0:
        return []
    attrib = {"type": "portionMarking", "ana": "#" + marking_id(value.marking)}
    return [(start, start + len(mark), SEG, attrib)]


def _with_comments(spans: list[Span], body: str) -> list[Span]:
    """``spans`` and a ``seg`` for each comment inside the paragraph's sentences (after its
    number and marking), in order; a comment a break falls inside is left unmarked, as
    ``seg`` elements do not nest here."""
    if "omment" not in body and "OMMENT" not in body:
        return spans  # most paragraphs: no comment to look for
    label = _LABEL.match(body)
    start = label.end() if label else 0
    comments = [
        (start + a, start + b, SEG, {"type": "comment", "ana": "#comment"})
        for a, b in cableformat.inline_comments(body[start:])
    ]
    comments = [  # an empty span (a milestone) at p is inside where start <= p < end
        c for c in comments if not any(s[0] < c[1] and c[0] < max(s[1], s[0] + 1) for s in spans)
    ]
    if not comments:
        return spans
    return sorted([*spans, *comments], key=lambda span: (span[0], span[1]))


# A paragraph's number and portion marking, before its sentences.
_LABEL = re.compile(r"\s*(?:\d{1,3}\.)?\s*(?:\([A-Za-z][A-Za-z/ ,\-]{0,30}\))?")


def marking_id(marking: str) -> str:
    """The ``classDecl`` category of a portion marking: ``marking-S_NF`` for ``S//NF``."""
    return "marking-" + _NCNAME_UNSAFE.sub("_", marking)


# What the letters of a portion marking stand for; other letters are kept as written.
_MARKING_WORDS = {
    "U": "UNCLASSIFIED",
    "C": "CONFIDENTIAL",
    "S": "SECRET",
    "TS": "TOP SECRET",
    "SBU": "SENSITIVE BUT UNCLASSIFIED",
    "LOU": "LIMITED OFFICIAL USE",
    "FOUO": "FOR OFFICIAL USE ONLY",
    "NF": "NOFORN",
    "REL": "RELEASABLE TO",
    "OC": "ORCON",
}


def _marking_words(marking: str) -> str:
    return "".join(_MARKING_WORDS.get(p.upper(), p) for p in re.split(r"(/+)", marking))


def _breaks(value: Paragraph | Bullet | Text, body: str) -> list[Span]:
    """The section breaks inside a block, found line by line in its text: each a
    ``milestone`` (or ``pb``) and the line itself as forme work (``fw``)."""
    spans: list[Span] = []
    wanted = list(value.breaks)
    for number, line in enumerate(_LINE.finditer(body)):
        if not wanted:
            break
        text = line.group(1)
        brk = wanted[0]
        shown = brk.text if isinstance(brk, RunningHeader | PageLine) else brk.lines[0].strip()
        if number and text.strip() == shown:  # a break never opens its block
            start = line.start(1) + text.index(shown)
            end = start + len(shown)
            if isinstance(brk, RunningHeader):
                milestone = {"unit": "section"}
                if section := _SECTION_OF.search(shown):
                    milestone["n"] = str(int(section.group(1)))
                spans.append((start, start, MILESTONE, milestone))
                spans.append((start, end, FW, {"type": "runningHeader"}))
            elif isinstance(brk, PageLine):
                spans.append((start, start, PB, {}))
                spans.append((start, end, FW, {"type": "pageLine"}))
            else:
                spans.append((start, end, SEG, {"type": "caption"}))
            wanted.pop(0)
    return spans


def _find_word(text: str, word: str, pos: int) -> int:
    """Where ``word`` stands on its own in ``text`` from ``pos``, or -1."""
    while True:
        start = text.find(word, pos)
        if start < 0:
            return -1
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or after.isalnum()):
            return start
        pos = start + 1


def _spans(part: Part, body: str) -> list[Span]:
    """Elements inside a field's ``ab``, found in its text; what is not found is not marked."""
    field = part.field
    value = part.value
    if field == "dtg":
        line = body.split("\n", 1)[0].split("\r", 1)[0]
        match = _DTG.search(line)
        if match and isinstance(value, cableformat.DateTimeGroup):
            # The date is the group's three words; signals after it (ZDK) are not.
            words = _DTG_WORDS.match(line, match.start())
            end = words.end() if words else len(line.rstrip())
            return [(match.start(), end, DATE, {"when": _when(value.value)})]
    elif field == "sender" and isinstance(value, str) and value:
        start = body.find(value)
        if start >= 0:
            return [(start, start + len(value), ORGNAME, {})]
    elif field in ("to", "info", "excluded") and isinstance(value, Addressee) and value.address:
        pos = 0
        if value.routing_indicator:
            pos = body.find(value.routing_indicator)
            pos = 0 if pos < 0 else pos + len(value.routing_indicator)
        start = body.find(value.address, pos)
        if start >= 0:
            return [(start, start + len(value.address), ORGNAME, {})]
    elif field == "tags" and isinstance(value, tuple):
        match = _TAGS_KEYWORD.match(body)
        pos = match.end() if match else 0
        spans: list[Span] = []
        for tag in value:
            if not isinstance(tag, str) or not tag:
                continue
            start = _find_word(body, tag, pos)
            if start >= 0:
                pos = start + len(tag)
                spans.append((start, pos, TERM, {}))
        return spans
    return []


def _reference_starts(body: str, start: int, refs: tuple[object, ...]) -> list[int]:
    """Where each lettered reference begins, or [] when they cannot all be found in order."""
    starts: list[int] = []
    pos = start
    for ref in refs:
        label = getattr(ref, "label", None)
        if not isinstance(label, str) or not label:
            return []
        pattern = re.compile(r"(?:^|(?<=[\s;:]))\(?" + re.escape(label) + r"[.)]\s")
        match = pattern.search(body, pos)
        if match is None:
            return []
        if not starts and body[start : match.start()].strip():
            return []
        starts.append(match.start() if starts else start)
        pos = match.end()
    return starts


# --- the header -----------------------------------------------------------------------


class _Header:
    """Builds ``teiHeader``, laid out with indentation: the loader never reads it."""

    def __init__(self, writer: _TextWriter) -> None:
        self.writer = writer

    def text(self, el: _Element, s: str) -> None:
        if "\n" in s or "\r" in s or len(s) > _CHUNK or BAD_CHARACTERS.search(s):
            self.writer.put(el, s)
        else:
            el.text(s)

    def box(self, parent: _Element, tag: str, **attrib: str) -> _Element:
        """A child of an element-only parent, on its own indented line."""
        depth = parent.depth + 1
        out = parent.out
        if out.open[-1] is not parent or parent.empty:
            out.at(parent)
        parent.closing = _INDENTS[depth - 1]
        start = _INDENTS[depth] + "<" + tag
        out.chunks.append(start + _attributes(attrib) if attrib else start)
        el = _Element(out, tag, "", depth)
        out.open.append(el)
        return el

    def fragment(
        self, parent: _Element, key: Hashable, build: Callable[[_Header, _Element], object]
    ) -> None:
        """Children of ``parent`` that ``build`` writes alike in every document (for a
        given ``key``), written once and reused: a third of a header is such boxes."""
        xml = _FRAGMENTS.get((parent.depth, key))
        if xml is None:
            out = _Out()
            scratch = out.root("_")
            scratch.depth = parent.depth
            build(_Header(self.writer), scratch)
            xml = out.text()[len("<_>") : -len(_INDENTS[parent.depth] + "</_>")]
            _FRAGMENTS[(parent.depth, key)] = xml
        parent.raw(xml)
        parent.closing = _INDENTS[parent.depth]

    def leaf(self, parent: _Element, tag: str, s: str | None = None, **attrib: str) -> _Element:
        el = self.box(parent, tag, **attrib)
        if s:
            self.text(el, s)
        return el

    def inline(self, cur: _Element, tag: str, s: str, **attrib: str) -> None:
        """A child inside mixed content, where white space would be text."""
        self.text(cur.child(tag, attrib), s)


_INDENTS = ["\n" + " " * depth for depth in range(12)]
_FRAGMENTS: dict[tuple[int, Hashable], str] = {}


def _safe(value: str | None) -> str | None:
    """An attribute value (or ``idno``), or None when XML or a parser cannot hold it."""
    if (
        value is None
        or len(value) > _CHUNK
        or BAD_CHARACTERS.search(value)
        or "\r" in value
        or "\n" in value
    ):
        return None
    return value


def _header(
    cable: Cable,
    writer: _TextWriter,
    header: _Element,
    record: Record | None,
    base: str,
    today: dt.date,
) -> None:
    h = _Header(writer)
    box, leaf = h.box, h.leaf
    ref_id = _safe(cable.reference_id)
    filed = _safe(record.reference_id) if record is not None else ref_id
    metadata = record.metadata if record is not None else {}
    file_desc = box(header, FILEDESC)
    subject = cable.subject
    title = subject or (f"Cable {filed}" if filed else "Cable")
    leaf(box(file_desc, TITLESTMT), TITLE, title)
    publication = box(file_desc, PUBLICATIONSTMT)
    version = cableformat.__version__ if _VERSION.fullmatch(cableformat.__version__) else ""
    leaf(publication, AUTHORITY, f"Encoded with cableformat {version}".rstrip())
    if filed:
        leaf(publication, IDNO, cable_iri(filed, base), type="URI")
    leaf(publication, DATE, today.isoformat(), when=today.isoformat(), type="encoded")
    availability = box(publication, AVAILABILITY, status="free")
    leaf(availability, LICENCE, _PUBLIC_DOMAIN)
    day = record.released if record is not None else None
    released = day.isoformat() if day is not None else None
    if released is not None:
        leaf(availability, P, f"Released in the Cablegate publication on {released}.")
    if cable.is_partial:
        notes = box(file_desc, NOTESSTMT)
        leaf(notes, NOTE, _PARTIAL, type="partial", **{_XML_ID: "partial"})
    source = box(file_desc, SOURCEDESC)
    bibl = box(source, BIBL, type="cable")
    if ref_id:
        if cable.dtg is None:  # the year was assumed (the publisher's), not read: a guess
            leaf(bibl, IDNO, ref_id, type="cable", resp="#cableformat", cert="medium")
        else:
            leaf(bibl, IDNO, ref_id, type="cable")
    published = _safe(metadata.get("reference_id", "").strip() or None)
    if published:
        # The publisher's id, as given and canonical: a file may hold another's text.
        leaf(bibl, IDNO, published, type="publisher")
        canonical = cableformat.canonical_id(published)
        if canonical and canonical != published:
            leaf(bibl, IDNO, canonical, type="canonical", resp="#cableformat")
    if subject:
        leaf(bibl, TITLE, subject)
    if cable.sender:
        leaf(box(bibl, AUTHOR), ORGNAME, cable.sender)
    if cable.dtg is not None:
        # @when is the date-time group read as a date: derived, so marked as ours.
        leaf(bibl, DATE, cable.dtg.text, when=_when(cable.dtg.value), resp="#cableformat")
    if released is not None:
        leaf(bibl, DATE, released, when=released, type="released")
    # The viewer page the text was taken from (a dump's rows have no page of their own).
    page = record.source if record is not None else ""
    if page.lower().endswith((".html", ".htm")) and (name := _safe(os.path.basename(page))):
        leaf(bibl, IDNO, name, type="sourcePage")
    _source_note(cable, h, bibl)
    eo = cable.executive_order
    if eo is not None:
        cur = leaf(bibl, NOTE, "E.O. ", type="executiveOrder", **{_XML_ID: "eo"})
        if eo.order:
            h.inline(cur, SEG, eo.order, type="order")
            cur.text(": ")
        h.inline(cur, SEG, eo.instruction, type="instruction")
        for kind in ("declassification", "downgrade"):
            try:
                day = eo.declassify_on if kind == "declassification" else eo.downgrade_on
            except (ValueError, OverflowError):
                day = None
            if day is not None:
                attrib = {"type": kind, "when": day.isoformat(), "resp": "#cableformat"}
                cur.child(DATE, attrib)
    auth = cable.classification_authority
    if auth is not None:
        cur = leaf(bibl, NOTE, "Classified by ", type="classifiedBy", **{_XML_ID: "classifiedBy"})
        h.inline(cur, PERSNAME, auth.official)
        if auth.reasons_text:
            cur.text(" for reasons ")
            h.inline(cur, SEG, auth.reasons_text, type="reasons")
    _manuscript(cable, h, source)  # after bibl: the document is written in order

    encoding = box(header, ENCODINGDESC)
    if (cable.encoding, cable.encoding_errors) == ("utf-8", "strict"):
        h.fragment(encoding, "appInfo", _app_info)
    else:
        app = _app_info(h, encoding)
        # The source file's bytes were not plain UTF-8: kept so that load() gives them back.
        cur = leaf(app, P, "The source file's encoding: ")
        h.inline(cur, SEG, cable.encoding, type="encoding")
        cur.text(", with errors ")
        h.inline(cur, SEG, cable.encoding_errors, type="encodingErrors")
        cur.text(".")
    h.fragment(
        encoding, EDITORIALDECL, lambda h, el: h.leaf(h.box(el, EDITORIALDECL), P, _EDITORIAL)
    )
    _class_decl(cable, h, encoding, writer.parts)
    # The characters the header's own values add are known only at its end: the
    # charDecl closing encodingDesc is put in then, here.
    encoding.out.at(encoding)
    char_decl_at = len(encoding.out.chunks)

    profile = box(header, PROFILEDESC)
    _correspondence(cable, h, profile, base)
    if cable.tags:
        keywords = box(box(profile, TEXTCLASS), KEYWORDS, scheme="#TAGS")
        for tag in cable.tags:
            kind = cableformat.tag_kind(tag)
            term = box(keywords, TERM, type=kind, ana=f"#TAGS-{kind}")
            if kind == "person":
                h.inline(term, PERSNAME, tag)
            else:
                h.text(term, tag)
    h.fragment(header, (REVISIONDESC, today), lambda h, el: _revision(h, el, today))
    if writer.chars:
        encoding.out.chunks.insert(char_decl_at, _char_decl(writer.chars))


def _app_info(h: _Header, encoding: _Element) -> _Element:
    """``appInfo``: the program that wrote the document; its ``application``."""
    about = {"ident": "cableformat", _XML_ID: "cableformat"}
    if _VERSION.fullmatch(cableformat.__version__):
        about["version"] = cableformat.__version__
    app = h.box(h.box(encoding, APPINFO), APPLICATION, **about)
    h.leaf(app, LABEL, "cableformat")
    return app


def _revision(h: _Header, header: _Element, today: dt.date) -> None:
    change = h.leaf(h.box(header, REVISIONDESC), CHANGE, when=today.isoformat(), who="#cableformat")
    h.text(change, _CHANGE)


def _char_decl(chars: Iterable[str]) -> str:
    """``charDecl``, laid out as a header box three deep in ``teiHeader``."""
    decl = _INDENTS[3] + "<" + CHARDECL + ">"
    for char in chars:
        code = f"U+{ord(char):04X}"
        if 0xD800 <= ord(char) <= 0xDFFF:
            what = "a byte that was not valid UTF-8, kept as a lone surrogate"
        else:
            what = "a control character XML 1.0 cannot hold"
        decl += (
            f'{_INDENTS[4]}<{CHAR} xml:id="{char_id(char)}">'
            f"{_INDENTS[5]}<{DESC}>{code}: {what}</{DESC}>{_INDENTS[4]}</{CHAR}>"
        )
    return decl + _INDENTS[3] + "</" + CHARDECL + ">"


_PUBLIC_DOMAIN = (
    "A work of the United States Government, not subject to copyright in the United "
    "States (17 U.S.C. 105)."
)
_PARTIAL = (
    "A partial extract: the publisher's notice at the head of the text says that the "
    "full text of the original cable is not available."
)


_CHANGE = "Encoded from the cable's text; values with resp #cableformat were derived, not read."
_TAG_KINDS = {
    "subject": "Subject tags: the topic of the cable (PREL, ECON)",
    "geography": "Geographic tags: countries and regions (FR, XY)",
    "program": "Program tags: programs and projects (KPAO, KDEM)",
    "organization": "Organization tags: international bodies and others (UN, NATO)",
    "person": "Person tags: people the cable is about",
}


def _class_decl(cable: Cable, h: _Header, encoding: _Element, parts: Mapping[int, str]) -> None:
    """The taxonomies the text points to: the TAGS kinds, and the portion markings used."""
    markings = [
        m
        for m in dict.fromkeys(
            b.marking for b in cable.body if isinstance(b, Paragraph) and b.marking
        )
        if m and _safe(m)
    ]
    # The blocks the writer marked: the summary and comments are not looked for again.
    pointed = " ".join(parts.values())
    summary, comments = "#summary" in pointed, "#comment" in pointed
    if not cable.tags and not markings and not summary and not comments:
        return
    decl = h.box(encoding, CLASSDECL)
    if summary or comments:
        h.fragment(
            decl,
            ("parts", summary, comments),
            lambda h, el: _parts_taxonomy(h, el, summary, comments),
        )
    if cable.tags:
        kinds = tuple(sorted({cableformat.tag_kind(tag) for tag in cable.tags}))
        h.fragment(decl, ("TAGS", kinds), lambda h, el: _tags_taxonomy(h, el, kinds))
    if markings:
        marks = h.box(decl, TAXONOMY, **{_XML_ID: "markings"})
        h.leaf(marks, DESC, "Portion markings: the classification of each paragraph.")
        for marking in markings:
            category = h.box(marks, CATEGORY, **{_XML_ID: marking_id(marking), "n": marking})
            h.leaf(category, CATDESC, _marking_words(marking))


def _parts_taxonomy(h: _Header, decl: _Element, summary: bool, comments: bool) -> None:
    taxonomy = h.box(decl, TAXONOMY, **{_XML_ID: "parts"})
    h.leaf(taxonomy, DESC, "Parts of a cable's text a reader looks for first.")
    if summary:
        category = h.box(taxonomy, CATEGORY, **{_XML_ID: "summary"})
        h.leaf(category, CATDESC, "The summary the cable gives (SUMMARY: ... END SUMMARY).")
    if comments:
        category = h.box(taxonomy, CATEGORY, **{_XML_ID: "comment"})
        h.leaf(category, CATDESC, "The drafter's comment (COMMENT: ... END COMMENT).")


def _tags_taxonomy(h: _Header, decl: _Element, kinds: Iterable[str]) -> None:
    tags = h.box(decl, TAXONOMY, **{_XML_ID: "TAGS"})
    h.leaf(tags, DESC, "The State Department's TAGS: traffic analysis by geography and subject.")
    for kind in kinds:
        category = h.box(tags, CATEGORY, **{_XML_ID: f"TAGS-{kind}"})
        h.leaf(category, CATDESC, _TAG_KINDS.get(kind, kind))


def _parts(cable: Cable) -> dict[int, str]:
    """The body blocks of the summary and the comments, each with its ``ana``."""
    marks: dict[int, list[str]] = {}
    for index in cable.summary_blocks or ():
        marks.setdefault(index, []).append("#summary")
    for comment in cable.comment_blocks:
        for index in comment:
            marks.setdefault(index, []).append("#comment")
    return {index: " ".join(dict.fromkeys(names)) for index, names in marks.items()}


def _manuscript(cable: Cable, h: _Header, source: _Element) -> None:
    """Where an archive keeps the original, from the copy's own lines (``msDesc``)."""
    archive = cable.archival_source
    if archive is None:
        return
    desc = h.box(source, MSDESC)
    ident = h.box(desc, MSIDENTIFIER)
    h.leaf(ident, REPOSITORY, archive.repository)
    for collection in archive.collections:
        h.leaf(ident, COLLECTION, collection)
    if archive.file:
        h.leaf(ident, IDNO, archive.file, type="file")
    if archive.original_classification:
        words = f"The original telegram was classified {archive.original_classification}."
        h.leaf(desc, P, words)


_EDITORIAL = (
    "Everything inside text is the cable's text, in order. Each lb ends a line; its rend "
    "attribute (lf, crlf, cr) gives an ending other than the default on text/@rend, which "
    "is lf when absent. The line feed after an lb only lays out the XML. A g element "
    "stands for the character its ref declares in charDecl, which XML 1.0 cannot hold. "
    "An empty anchor only cuts a long run of text. Attributes add information and no text."
)


def _source_note(cable: Cable, h: _Header, bibl: _Element) -> None:
    """Classification, precedence and captions, as FRUS gives them in its source note."""
    pieces: list[tuple[str, str]] = []
    if cable.classification:
        pieces.append(("classification", cable.classification))
    letters = cable.dtg.precedence if cable.dtg is not None else ()
    if not letters and cable.routing is not None:
        letters = tuple(cable.routing.precedence[:1])
    if letters:
        pieces.append(("precedence", _PRECEDENCE.get(letters[0], letters[0])))
    captions = list(dict.fromkeys(cable.captions))
    if captions:
        pieces.append(("captions", ", ".join(captions)))
    if not pieces:
        return
    cur = h.box(bibl, NOTE, type="source", **{_XML_ID: "source"})
    for i, (kind, text) in enumerate(pieces):
        if i:
            cur.text("; ")
        # The precedence word is read from the date-time group's letter: derived.
        resp = {"resp": "#cableformat"} if kind == "precedence" else {}
        h.inline(cur, SEG, text, type=kind, **resp)
    cur.text(".")


def _correspondence(cable: Cable, h: _Header, profile: _Element, base: str) -> None:
    box, leaf = h.box, h.leaf
    cited = [i for i in cable.cited_ids if _safe(i)]
    if not (
        cable.sender or cable.origin or cable.dtg is not None or cable.to or cable.info or cited
    ):
        return
    corresp = box(profile, CORRESPDESC)
    if cable.sender or cable.origin or cable.dtg is not None:
        sent = box(corresp, CORRESPACTION, type="sent")
        if cable.sender:
            leaf(sent, ORGNAME, cable.sender)
        if cable.origin:
            leaf(sent, PLACENAME, cable.origin)
        if cable.dtg is not None:
            leaf(sent, DATE, cable.dtg.text, when=_when(cable.dtg.value))
    for addressees, subtype in ((cable.to, None), (cable.info, "info")):
        if not addressees:
            continue
        kinds = {"type": "received", "subtype": subtype} if subtype else {"type": "received"}
        received = box(corresp, CORRESPACTION, **kinds)
        for addressee in addressees:
            key = _safe(addressee.routing_indicator)
            leaf(received, ORGNAME, addressee.address, **({"key": key} if key else {}))
    if cited:
        # The cables this one cites, by the IRIs their own exports carry.
        context = box(corresp, CORRESPCONTEXT)
        for cable_id in cited:
            leaf(context, REF, cable_id, type="cites", target=cable_iri(cable_id, base))


def export_tei(cable: Cable, *, base: str = DEFAULT_BASE, record: Record | None = None) -> bytes:
    """The cable as a TEI P5 document, UTF-8 with an XML declaration.

    ``base`` begins the IRIs of the cable and of those it cites (as in the JSON-LD
    export); ``record`` (given by ``convert``) adds the publisher's id, release date and
    source file.
    """
    cable_iri("", base)  # refuses a base no IRI can begin with
    parts = cableformat.parts(cable)
    text = "".join(part.text for part in parts)
    crlf = text.count("\r\n")
    counts = {"\n": text.count("\n") - crlf, "\r\n": crlf, "\r": text.count("\r") - crlf}
    # The most common ending is the default; on a tie, or with no line at all, LF.
    newline = max(counts, key=lambda e: (counts[e], e == "\n"))

    out = _Out()
    attrib = {_XML_SPACE: "preserve"}
    if newline != "\n":
        attrib["rend"] = ENDING_NAMES[newline]
    text_el = out.root(TEXT, attrib)
    text_el.text("\n")
    body = text_el.child(BODY, tail="\n")
    body.text("\n")
    writer = _TextWriter(body, newline, clean=BAD_CHARACTERS.search(text) is None, base=base)
    archive = cable.archival_source
    if archive is not None:
        writer.archival = frozenset(archive.lines)
    writer.parts = _parts(cable)
    writer.notice_block = cable.notice is None and cable.is_partial
    writer.origin = _safe(cable.origin)
    writer.write(parts)
    text_xml = out.text()
    filed = record.reference_id if record is not None else cable.reference_id
    root = f'<{TEI} xmlns="{TEI_NS}"'
    if filed and _safe(filed):
        root += f' xml:id="{document_id(filed)}"'

    # Header values are checked one by one: a value need not appear in the text.
    writer.clean = False
    head = _Out()
    header = head.root(TEIHEADER)
    header.depth = 1
    _header(cable, writer, header, record, base, _today())
    document = f"{_DECLARATION}{root}>\n {head.text()}\n {text_xml}\n</{TEI}>"
    return document.encode("utf-8")


_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"
