"""The cable object model: frozen attrs classes whose values derive from the text.

Every class holds only values.  How the values were written (line breaks, trailing
spaces, keyword spellings, blank lines) lives in the cable's private layout, which
`dumps` compares against the current values: an unchanged value is written as it
was read, a changed one in the canonical form.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, Union

import attrs

from ._archive import ArchivalSource, archival_source
from ._authority import join_wrapped, name_of, reasons_of, split_authority, title_of
from ._eo import category_of, official_of, parse_declassification_date, parse_downgrade_date
from ._readback import check as check_reads_back
from ._refs import cited_cable_ids, post_of, reference_id, reference_kind
from ._summary import comment_ranges, find_comments, find_summary, summary_range
from ._wrapping import unwrap

if TYPE_CHECKING:
    from ._layout import Layout

__all__ = [
    "Addressee",
    "Block",
    "Break",
    "Bullet",
    "Cable",
    "ClassificationLine",
    "ClassifiedBy",
    "DateTimeGroup",
    "Diagnostic",
    "Distribution",
    "ExecutiveOrder",
    "Heading",
    "Marker",
    "MessageLine",
    "PageLine",
    "Paragraph",
    "Reference",
    "Routing",
    "RunningHeader",
    "SecurityLine",
    "Signature",
    "StationLine",
    "Text",
    "WrapperLine",
]


def _single_line(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A text value is one line with no spaces at its ends, as the reader gives it back.

    A line break would start another line when written, which the reader reads as
    another field (a TAGS value with ``\\nSUBJECT: X`` in it); outer spaces and empty
    items (a tag ``""``) are not read back.  Lines kept as written (a text block's, the
    unparsed ones) may keep their indentation."""
    if value.__class__ is str:
        if "\n" in value or "\r" in value:
            raise ValueError(f"{type(instance).__name__}.{attribute.name} is one line: {value!r}")
        if value != value.strip():
            name = f"{type(instance).__name__}.{attribute.name}"
            raise ValueError(f"{name} has no spaces at its ends: {value!r}")
    elif value.__class__ is tuple:
        as_written = (type(instance).__name__, attribute.name) in _AS_WRITTEN
        for item in value:
            if item.__class__ is not str:
                continue
            name = f"{type(instance).__name__}.{attribute.name}"
            if "\n" in item or "\r" in item:
                raise ValueError(f"each of {name} is one line: {item!r}")
            if not item.strip() or (not as_written and item != item.strip()):
                raise ValueError(f"each of {name} is text with no spaces at its ends: {item!r}")


# Lines kept as they were written, indentation and all.
_AS_WRITTEN = frozenset([("Text", "lines"), ("Cable", "unparsed")])
_TEXT_TYPES = frozenset(["str", "str | None", "tuple[str, ...]"])
# Text that may hold line breaks: a reference's items, as the REF lines give them.
_MULTILINE = frozenset([("Reference", "text")])


def _text_fields(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """Give every text field of a value class the one-line check (see ``_single_line``)."""
    out = []
    for field in fields:
        annotation: object = field.type  # a string: the module's annotations are postponed
        if annotation in _TEXT_TYPES and (cls.__name__, field.name) not in _MULTILINE:
            check: Any = _single_line
            if field.validator is not None:
                check = attrs.validators.and_(_single_line, field.validator)
            field = field.evolve(validator=check)
        out.append(field)
    return out


def _wrapper_lines(items: Iterable[WrapperLine]) -> tuple[WrapperLine, ...]:
    return tuple(items)


def _strs(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _addressees(items: Iterable[Addressee]) -> tuple[Addressee, ...]:
    return tuple(items)


def _references(items: Iterable[Reference]) -> tuple[Reference, ...]:
    return tuple(items)


def _breaks(items: Iterable[RunningHeader | PageLine]) -> tuple[RunningHeader | PageLine, ...]:
    return tuple(items)


def _blocks(items: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(items)


def _diagnostics(items: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(items)


# --- envelope -------------------------------------------------------------------------


@attrs.frozen(field_transformer=_text_fields)
class Routing:
    """The precedence prosign and routing indicators: ``RR RUEHCN RUEHGH``."""

    precedence: str
    indicators: tuple[str, ...] = attrs.field(converter=_strs)


@attrs.frozen(field_transformer=_text_fields)
class Distribution:
    """The offices a message centre routed a copy to, typed above the envelope in the
    archive and partial-extract layouts: ``ACTION AF-00`` then ``INFO LOG-00 NP-00 ...
    /012W``.  Each office code is the office and its copy count: ``EUR-12``."""

    action: tuple[str, ...] = attrs.field(converter=_strs)
    """The action (or originating) office codes: ``("AF-00",)``; none where the text
    gives only the ``INFO`` codes (a mail system's copy of the cable)."""
    info: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    """The info office codes, in order."""
    total: str | None = None
    """The copy total after the codes, as written without its slash: ``012W``, ``072 W``."""
    keyword: str = "ACTION"
    """``ACTION`` on incoming cables, ``ORIGIN`` on outgoing ones."""
    number: str | None = None
    """The bare number some archive pages type on the line above: ``53``."""

    @action.validator
    def _check_action(self, _: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
        for code in (*value, *self.info):
            if not _OFFICE_CODE.fullmatch(code):
                raise ValueError(f"an office code is an office and a count: {code!r}")
        if not value and not self.info:
            raise ValueError("a distribution names at least one office")
        if not value and (self.keyword != "ACTION" or self.number is not None):
            raise ValueError("INFO codes alone have no ACTION/ORIGIN keyword or number above")
        if self.keyword not in ("ACTION", "ORIGIN"):
            raise ValueError(f"the keyword is ACTION or ORIGIN, not {self.keyword!r}")
        if self.total is not None and not _TOTAL.fullmatch(self.total):
            raise ValueError(f"a copy total is digits and a letter: {self.total!r}")
        if self.number is not None and not self.number.isdigit():
            raise ValueError(f"the number above a distribution is digits: {self.number!r}")


_OFFICE_CODE = re.compile(r"[A-Z][A-Z0-9/]*-\d\d")
_TOTAL = re.compile(r"\d{3} ?[A-Z]")


@attrs.frozen(field_transformer=_text_fields)
class MessageLine:
    """The dash line a message centre typed under the distribution, with the message's
    number: ``--------------------- 108633``, ``------------------A54E38  291401Z /38``."""

    number: str = attrs.field()
    time: str | None = None
    """The time of day it was typed, as a date-time group's first part: ``291401Z``."""
    suffix: str | None = None
    """What follows, as written: ``/38``."""

    @number.validator
    def _check(self, _: attrs.Attribute[str], value: str) -> None:
        if not (value.isalnum() and value.isascii()):
            raise ValueError(f"a message number is letters and digits: {value!r}")
        if self.time is not None and not _DAY_TIME.fullmatch(self.time):
            raise ValueError(f"a message line's time is DDHHMMZ: {self.time!r}")
        if self.suffix is not None and not _SUFFIX.fullmatch(self.suffix):
            raise ValueError(f"a message line's suffix is /digits: {self.suffix!r}")


_DAY_TIME = re.compile(r"\d{6}Z")
_SUFFIX = re.compile(r"/\d+")


@attrs.frozen(field_transformer=_text_fields)
class StationLine:
    """The DE line: ``DE RUEHGZ #0378/01 0820906``."""

    station: str
    serial: str
    section: str | None
    julian: str
    """Seven digits: day of the year (3) and time of day (4), as written."""

    @property
    def day_of_year(self) -> int:
        return int(self.julian[:3])

    @property
    def time(self) -> str:
        return self.julian[3:]


@attrs.frozen(field_transformer=_text_fields)
class SecurityLine:
    """The security line: ``ZNR UUUUU ZZH`` (unclassified) or ``ZNY CCCCC ZZH``."""

    marker: str
    code: str
    suffix: str | None = None

    @property
    def level(self) -> str | None:
        """The classification the code stands for: ``CCCCC`` is ``CONFIDENTIAL``."""
        return _SECURITY_LEVELS.get(self.code)


_WORD = re.compile(r"[A-Z]+")
# Patterns the grammar reads with and the validators check against, kept in one place.
PAGE_MARKING = re.compile(
    r"(?:UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE|CONFIDENTIAL|SECRET|TOP SECRET)"
)
"""A classification a page break repeats, alone on its (stripped) line."""


def _one_line(value: str) -> bool:
    return bool(value) and value == value.strip() and not _LINE_BREAK.search(value)


# What the first lines of a mail system's export header hold, and what ends it: a line the
# envelope begins with (a transmission id, routing indicators, a DE line, a security line,
# a date-time group).
WRAPPER_OPENING = "DB/Inbox:"
ENVELOPE_OPENING = re.compile(
    r"\s*(?:VZCZC|[ZOPR]{1,2}\s+R[A-Z0-9]{4}|DE\s|ZN[RY]\s|(?:[A-Z]\s+){0,2}\d{6}Z\s)"
)
# Lines that end the clearances: the envelope's keywords and a date-time group.
ENVELOPE_WORD = re.compile(r"(?:FM|TO|INFO|XMT|DRAFTED|APPROVED)\b|(?:[A-Z] ){0,2}\d{6}Z\b")
_LINE_BREAK = re.compile("[\r\n]")  # the line endings the grammar splits at
DATE_LINE = re.compile(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d{1,2} (?:January|February|March|April"
    r"|May|June|July|August|September|October|November|December) \d{4}, \d\d:\d\d"
)
NOTICE = re.compile(r"\s*This record is a partial extract of the original cable", re.I)
_NOFORN_MARKING = re.compile(r"/(?:NF|NOFORN)\b")
_CLASSIFIED_BY_SENTENCE = re.compile(r"\s*classified\s+by\b\s*:?\s*(.*)", re.IGNORECASE | re.DOTALL)
_SECURITY_LEVELS = {"UUUUU": "UNCLASSIFIED", "CCCCC": "CONFIDENTIAL", "SSSSS": "SECRET"}


@attrs.frozen(field_transformer=_text_fields)
class DateTimeGroup:
    """The date-time group line ``R 230906Z MAR 07``: precedence letters and a UTC time."""

    precedence: tuple[str, ...] = attrs.field(converter=_strs)
    value: _dt.datetime = attrs.field()

    @value.validator
    def _check_value(self, _: attrs.Attribute[_dt.datetime], value: _dt.datetime) -> None:
        if value.utcoffset() != _dt.timedelta(0):
            raise ValueError("a date-time group holds a UTC datetime")

    suffix: str | None = None
    """Trailing operating signals some cables carry: ``ZDK``, ``ZDK MANY SVCS``."""

    @property
    def text(self) -> str:
        """The DTG as a cable writes it: ``230906Z MAR 07``."""
        return (
            self.value.strftime("%d%H%MZ ")
            + _MONTHS[self.value.month - 1]
            + (f" {self.value.year % 100:02d}")
        )


_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


@attrs.frozen(field_transformer=_text_fields)
class Addressee:
    """One TO, INFO or XMT addressee: ``RUEHC/SECSTATE WASHDC IMMEDIATE 5923``.

    ``routing_indicator`` is what stands before the slash: a station's indicator, or
    ``ZEN`` for an addressee the message reaches by other means.  ``serial`` may be a
    range (``7721-7722``) when the message went in several parts.
    """

    address: str
    routing_indicator: str | None = None
    precedence: str | None = None
    serial: str | None = None
    """The message continuity number, as written."""


# --- text header ----------------------------------------------------------------------


@attrs.frozen(field_transformer=_text_fields)
class ClassificationLine:
    """The first line of the text: ``UNCLAS SECTION 01 OF 02 GUANGZHOU 000378``."""

    marking: str
    """As written, without letter spacing: ``UNCLAS``, ``CONFIDENTIAL``, ``SECRET``."""
    origin: str | None = None
    serial: str | None = None
    section: int | None = None
    sections: int | None = None
    spaced: bool = False
    """Whether the marking is letter-spaced (``S E C R E T``), as most cables write it."""

    @property
    def level(self) -> str:
        """The classification level in full: ``UNCLASSIFIED``, ``CONFIDENTIAL``, ..."""
        marking = self.marking.upper()
        if marking.startswith("UNCLAS"):
            return "UNCLASSIFIED"
        return marking


@attrs.frozen(field_transformer=_text_fields)
class ExecutiveOrder:
    """The E.O. line: ``E.O. 12958: DECL: 09/17/2019``."""

    order: str | None
    instruction: str
    """Everything after the order number, as written: ``DECL: 09/17/2019``, ``N/A``."""

    @property
    def declassify_on(self) -> _dt.date | None:
        """The declassification date, when the instruction gives one."""
        return parse_declassification_date(self.instruction)

    @property
    def downgrade_on(self) -> _dt.date | None:
        """The date of a downgrade (``DNG: CO 01/26/2021``): never a declassification."""
        return parse_downgrade_date(self.instruction)

    @property
    def category(self) -> str | None:
        """The declassification category of older orders: ``GDS``, ``XGDS-2``, ``RDS-1``."""
        return category_of(self.instruction)

    @property
    def official(self) -> str | None:
        """The official an E.O. 12065 line names: ``GARRISON, MARK``."""
        return official_of(self.instruction)


@attrs.frozen(field_transformer=_text_fields)
class Reference:
    """One item of the REF list: ``A. BERLIN 988``."""

    label: str | None = attrs.field()
    """The item's letter as written (``A``, ``b``): the writer puts ``A.`` back."""
    text: str
    year: int | None = attrs.field(default=None, eq=False, repr=False)
    """The citing cable's year, for citations that give none (set by the parser)."""

    @label.validator
    def _check_label(self, _: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None and not (len(value) == 1 and value.isascii() and value.isalpha()):
            raise ValueError(
                f"a reference label is one letter, written without its stop: {value!r}"
            )

    @property
    def cable_ids(self) -> tuple[str, ...]:
        """Canonical ids of the cables this item cites: ``("09BERLIN988",)``."""
        return cited_cable_ids(self.text, self.year)

    @property
    def kind(self) -> str:
        """What the item is: ``cable``, ``email``, ``memo``, ``telcon``, ``meeting``,
        ``report``, ``letter``, ``fax``, ``web`` or ``other``."""
        return reference_kind(self.text)


@attrs.frozen(field_transformer=_text_fields)
class ClassifiedBy:
    """``Classified By: Ambassador John Doe for Reasons 1.4 (b) and (d).``

    ``official`` and ``reasons_text`` hold the text as written (a word the line
    wrapping broke is whole again); ``name``, ``title`` and ``reasons`` derive from it.
    """

    official: str
    reasons_text: str | None = None
    """The reasons as written: ``1.4 (b) and (d).``"""
    marking: str | None = None
    """The portion marking written before the keyword: ``(U) Classified by ...``."""

    @property
    def name(self) -> str | None:
        """The classifying official's name: ``J. Robert Manzanares``."""
        return name_of(self.official)

    @property
    def title(self) -> str | None:
        """The official's title or office: ``Charge d'Affaires``."""
        return title_of(self.official)

    @property
    def reasons(self) -> tuple[str, ...]:
        """The E.O. sections cited, normalised: ``("1.4(b)", "1.4(d)")``."""
        return reasons_of(self.reasons_text)


# --- body -----------------------------------------------------------------------------


def _inner_breaks(items: Iterable[Break]) -> tuple[Break, ...]:
    return tuple(items)


def _repr_without_breaks(self: Paragraph | Bullet | Text) -> str:
    """attrs' repr, leaving out ``breaks`` when there are none (most blocks)."""
    fields = [
        f"{a.name}={getattr(self, a.name)!r}"
        for a in attrs.fields(type(self))
        if a.name != "breaks" or self.breaks
    ]
    return f"{type(self).__name__}({', '.join(fields)})"


def _check_breaks(pieces: int, breaks: tuple[Break, ...], what: str) -> None:
    """Breaks fall inside a block's text, between two of its pieces: it needs two."""
    if breaks and pieces < 2:
        raise ValueError(
            f"a block with a break inside needs two {what} or more to put it between; "
            f"it has {pieces}"
        )


def _word_breaks(
    block: Paragraph | Bullet, _: attrs.Attribute[tuple[Break, ...]], value: tuple[Break, ...]
) -> None:
    if value:  # most blocks have none; two words are all the check needs to count
        _check_breaks(len(block.text.split(None, 1)), value, "words")


def _line_breaks(
    block: Text, _: attrs.Attribute[tuple[Break, ...]], value: tuple[Break, ...]
) -> None:
    if value:
        _check_breaks(sum(1 for line in block.lines if line.strip()), value, "lines")


@attrs.frozen(repr=False, field_transformer=_text_fields)
class Paragraph:
    """A numbered paragraph: ``1. (SBU) SUMMARY: ...``.

    ``text`` is the whole paragraph unwrapped, also where a section break or an inserted
    ``SIPDIS`` line cuts it; ``breaks`` holds those lines, in order (they fall between
    its words; where exactly is kept by the layout).
    """

    number: int | None = attrs.field()
    text: str
    marking: str | None = None
    breaks: tuple[Break, ...] = attrs.field(
        default=(), converter=_inner_breaks, validator=_word_breaks
    )

    @number.validator
    def _check_number(self, _: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and not 0 <= value <= 999:
            raise ValueError(f"a paragraph's number is written in 1 to 3 digits, not {value}")
        if value is None and not self.marking:
            # Written, it would be a line of plain text (or, at the end, the signature).
            raise ValueError("a paragraph has a number or a portion marking: plain text is a Text")

    __repr__ = _repr_without_breaks


@attrs.frozen(field_transformer=_text_fields)
class Heading:
    """A heading line: Markdown ``#### Text``, underlined, or framed by dashes."""

    text: str


@attrs.frozen(repr=False, field_transformer=_text_fields)
class Bullet:
    """A bullet item: ``-- text``; ``text`` is unwrapped and whole across breaks."""

    text: str
    marker: str = "--"
    breaks: tuple[Break, ...] = attrs.field(
        default=(), converter=_inner_breaks, validator=_word_breaks
    )
    """Section breaks inside the item, as for a paragraph."""

    __repr__ = _repr_without_breaks


@attrs.frozen(field_transformer=_text_fields)
class RunningHeader:
    """A section's running header: ``GUANGZHOU 00000378 002.2 OF 002``."""

    text: str


@attrs.frozen(field_transformer=_text_fields)
class PageLine:
    """A page line of the archive and partial-extract layouts: ``PAGE 02 HARARE 06677 01
    OF 03 291400Z``, under the classification the page break repeats (``markings``)."""

    text: str
    markings: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    """The classification lines above it, stripped: ``("CONFIDENTIAL",)``."""

    @markings.validator
    def _check(self, _: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
        for marking in value:
            if not PAGE_MARKING.fullmatch(marking):
                raise ValueError(f"a page's marking is a classification alone: {marking!r}")


@attrs.frozen(field_transformer=_text_fields)
class Marker:
    """A transmission control line: ``BT`` (break) or ``NNNN`` (end of message)."""

    text: str


@attrs.frozen(field_transformer=_text_fields)
class Signature:
    """The signer's name at the end of the cable: ``ROCK``."""

    name: str


@attrs.frozen(repr=False, field_transformer=_text_fields)
class Text:
    """Lines the grammar gives no other meaning, kept as they are (``lines`` unstripped).

    A text cut by a section break goes on after it: ``lines`` are the text's own lines,
    ``breaks`` the lines that fell between them.
    """

    lines: tuple[str, ...] = attrs.field(converter=_strs)
    breaks: tuple[Break, ...] = attrs.field(
        default=(), converter=_inner_breaks, validator=_line_breaks
    )

    __repr__ = _repr_without_breaks

    @property
    def text(self) -> str:
        """The lines unwrapped into one string (a word cut after its hyphen is whole)."""
        return unwrap(self.lines)


Break = Union[RunningHeader, PageLine, Text]  # noqa: UP007 - a runtime alias
"""What may fall inside a block: a running header, a page line, an inserted caption."""

Block = Union[  # noqa: UP007 - a runtime alias used in isinstance checks
    Paragraph, Heading, Bullet, RunningHeader, PageLine, Marker, Signature, Text
]


_T = TypeVar("_T")


def maker(cls: type[_T], *, checked_later: bool = False) -> Callable[..., _T]:
    """A constructor of ``cls`` for the values the reader reads, called as ``cls(...)``
    is: it sets the fields without running the validators and converters.

    Those checks refuse an edit that would not read back; a value read from a text is a
    one-line string or a tuple by construction and reads back (the round-trip properties
    hold it), and checking each again was a twentieth of the reading time.  A class with
    an ``__attrs_post_init__`` (the cable's read-back check) only with ``checked_later``:
    the maker skips it too.
    """
    fields = attrs.fields(cls)  # type: ignore[arg-type]
    assert checked_later or not hasattr(cls, "__attrs_post_init__"), cls
    # Made as attrs makes __init__: one function with a parameter per field, each set
    # through its slot's descriptor (a loop over the fields cost as much as the checks).
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    params, body = [], []
    for k, field in enumerate(fields):
        namespace[f"_set{k}"] = getattr(cls, field.name).__set__
        if field.default is attrs.NOTHING:
            params.append(field.alias)
        else:
            namespace[f"_default{k}"] = field.default
            params.append(f"{field.alias}=_default{k}")
        body.append(f" _set{k}(_obj, {field.alias})")
    source = f"def make({', '.join(params)}):\n _obj = _new(_cls)\n" + "\n".join(body)
    exec(source + "\n return _obj", namespace)  # our own source, made above
    make: Callable[..., _T] = namespace["make"]
    return make


# --- diagnostics ----------------------------------------------------------------------


@attrs.frozen
class Diagnostic:
    """A problem found while reading, with its place (1-based line and column)."""

    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message} [{self.code}]"


# --- a mail system's wrapper ------------------------------------------------------------

# The labels of a mail system's export header (``ACTION: AMB``, ``CLEARED: P/E: ...``) and
# of its memo form (``To:``, ``Captions:``); a labelled line is ``LABEL: text``.
WRAPPER_LABELS = (
    "ACTION",
    "INFO",
    "DISSEMINATION",
    "CHARGE",
    "APPROVED",
    "DRAFTED",
    "CLEARED",
    "To",
    "Action",
    "From",
    "TAGS",
    "Captions",
    "Subject",
    "Ref",
)
WRAPPER_LABEL = re.compile(r"\s*(" + "|".join(WRAPPER_LABELS) + r")\s*:\s*(.*)$")


@attrs.frozen(field_transformer=_text_fields)
class WrapperLine:
    """A line of the header a mail system puts around a cable when it exports one
    (``From DB/Inbox: Search Results``, ``Cable Text:``, ``ACTION: AMB``): kept apart
    from the cable, whose envelope follows it.  ``label`` is the label before the colon
    where it is one of ``WRAPPER_LABELS``; ``text`` is the rest (the whole line else)."""

    text: str = attrs.field()
    label: str | None = None

    @text.validator
    def _check(self, _: attrs.Attribute[str], value: str) -> None:
        if value != value.strip() or _LINE_BREAK.search(value):
            raise ValueError(f"a wrapper line is one line without outer spaces: {value!r}")
        if self.label is None and (not value or WRAPPER_LABEL.match(value)):
            raise ValueError(f"a wrapper line without a label is a text of its own: {value!r}")
        if ENVELOPE_OPENING.match(str(self)):
            raise ValueError(f"the envelope begins with that line, not the wrapper: {value!r}")
        if self.label is not None and self.label not in WRAPPER_LABELS:
            raise ValueError(f"a wrapper label is one of {', '.join(WRAPPER_LABELS)}")

    def __str__(self) -> str:
        return self.text if self.label is None else f"{self.label}: {self.text}".rstrip()


# --- the cable ------------------------------------------------------------------------


_LAST_TEXTS: tuple[object, list[tuple[tuple[str, str], int]]] = (None, [])


def _remember_texts(cable: object, texts: list[tuple[tuple[str, str], int]]) -> None:
    global _LAST_TEXTS
    _LAST_TEXTS = (cable, texts)  # one assignment: a reader in another thread sees a pair


@attrs.frozen(field_transformer=_text_fields)
class Cable:
    """A whole cable.  Edit it with ``attrs.evolve``; ``dumps`` writes it back.

    Unchanged fields are written exactly as they were read; a changed field is
    written in the canonical telegram layout and nothing else moves.
    """

    # envelope
    notice: str | None = attrs.field(default=None)
    """The publisher's notice above a partial extract: ``This record is a partial extract
    of the original cable. ...``."""

    @notice.validator
    def _check_notice(self, _: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None and (
            value != value.strip() or not NOTICE.match(value) or _LINE_BREAK.search(value)
        ):
            raise ValueError("a notice is one line: 'This record is a partial extract ...'")

    banner: ClassificationLine | None = None
    """A classification line written above the envelope: ``UNCLASSIFIED STATE 00100153``."""
    distribution: Distribution | None = None
    """The office distribution of the archive and partial-extract layouts."""
    drafted_by: str | None = attrs.field(default=None)
    """Who drafted an outgoing archive cable, as written: ``IO/CMD:RAPOOLE:CB``."""
    approved_by: str | None = attrs.field(default=None)
    """Who approved it: ``IO:RDMOREY``."""
    clearances: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    """The clearance lines under APPROVED BY, as written: ``L:SMSCHWEBEL``."""

    @drafted_by.validator
    @approved_by.validator
    def _check_officer(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None and not _one_line(value):
            raise ValueError(f"{attribute.name} is one line of text: {value!r}")

    @clearances.validator
    def _check_clearances(
        self, _: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
    ) -> None:
        if value and self.approved_by is None:
            raise ValueError("clearances stand under an APPROVED BY line: set approved_by")
        for line in value:
            if not _one_line(line) or line.startswith("-") or ENVELOPE_WORD.match(line):
                raise ValueError(f"a clearance is one line, no envelope line: {line!r}")

    message_line: MessageLine | None = None
    transmission_id: str | None = None
    routing: Routing | None = None
    station: StationLine | None = None
    security: SecurityLine | None = None
    dtg: DateTimeGroup | None = None
    sender: str | None = None
    to: tuple[Addressee, ...] = attrs.field(default=(), converter=_addressees)
    info: tuple[Addressee, ...] = attrs.field(default=(), converter=_addressees)
    excluded: tuple[Addressee, ...] = attrs.field(default=(), converter=_addressees)
    """XMT addressees: those excluded from a collective address."""
    date_line: str | None = attrs.field(default=None)
    """A date line the publisher put above the text: ``Wednesday, 29 November 2000, 13:59``."""

    @date_line.validator
    def _check_date_line(self, _: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None and not DATE_LINE.fullmatch(value):
            raise ValueError(f"a date line is 'Wednesday, 29 November 2000, 13:59': {value!r}")

    # text header
    classification_line: ClassificationLine | None = None
    captions: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    """Caption and handling lines, each as written without trivia: ``SIPDIS``."""
    instructions: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    """Passing and office instructions: ``STATE FOR EAP/CM, DRL/IL``."""
    executive_order: ExecutiveOrder | None = None
    tags: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    subject: str | None = None
    """The subject's words, without a portion marking in front; None: no SUBJECT line."""
    subject_marking: str | None = None
    """The portion marking in front of the subject, as written: ``C`` for ``(C)``.  It is
    part of the SUBJECT line: a cable without a subject has none (``evolve(cable,
    subject=None)`` removes the line, marking and all)."""
    references: tuple[Reference, ...] = attrs.field(default=(), converter=_references)

    @references.validator
    def _check_references(
        self, _: attrs.Attribute[tuple[Reference, ...]], value: tuple[Reference, ...]
    ) -> None:
        # What the reader can split again: one item, labelled or not, or a list lettered
        # A, B, C, ... (either case); any other list reads back as fewer items.
        if len(value) < 2:
            return
        for k, ref in enumerate(value):
            if ref.label is None or ref.label.upper() != chr(ord("A") + k):
                letters = [ref.label for ref in value]
                raise ValueError(f"a list of references is lettered A, B, C, ...: {letters}")

    classification_authority: ClassifiedBy | None = None
    header_breaks: tuple[RunningHeader | PageLine, ...] = attrs.field(default=(), converter=_breaks)
    """Running headers and page lines that fall among the text header's lines."""
    unparsed: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    """Envelope and header lines the grammar does not recognise, in order."""
    # body
    body: tuple[Block, ...] = attrs.field(default=(), converter=_blocks)
    # reading
    diagnostics: tuple[Diagnostic, ...] = attrs.field(
        default=(), converter=_diagnostics, eq=False, repr=False
    )
    year: int | None = attrs.field(default=None, eq=False, repr=False)
    """The year assumed when the text has no date-time group (``loads(..., year=)``)."""
    encoding: str = attrs.field(default="utf-8", eq=False, repr=False)
    """The encoding the cable was read in; ``dump`` writes it the same way."""
    encoding_errors: str = attrs.field(default="strict", eq=False, repr=False)
    # a mail system's export header around the cable: first in the text, last here so
    # that the fields above keep their places as positional arguments
    wrapper: tuple[WrapperLine, ...] = attrs.field(default=(), converter=_wrapper_lines)
    """The lines of the header a mail system wrote above the cable (``From DB/Inbox:``,
    ``ACTION:``, ``CLEARED:``); the envelope follows them."""

    @wrapper.validator
    def _check_wrapper(
        self, _: attrs.Attribute[tuple[WrapperLine, ...]], value: tuple[WrapperLine, ...]
    ) -> None:
        if not value:
            return
        opening = [str(line) for line in value[:2]]
        if not any(WRAPPER_OPENING in line for line in opening):
            raise ValueError(f"a wrapper opens with its {WRAPPER_OPENING!r} line")
        envelope = (self.transmission_id, self.routing, self.station, self.security, self.dtg)
        if all(value is None for value in envelope):
            raise ValueError("a wrapper stands above an envelope: the cable has none")
        between = ("notice", "banner", "distribution", "drafted_by", "message_line")
        if any(getattr(self, name) for name in between):
            raise ValueError(
                "a wrapper stands right above the envelope: no notice, banner, "
                "distribution or message line between them"
            )

    _layout: Layout | None = attrs.field(default=None, eq=False, repr=False, alias="layout")

    def __attrs_post_init__(self) -> None:
        if self.subject is None and self.subject_marking is not None:
            object.__setattr__(self, "subject_marking", None)  # see subject_marking
        check_reads_back(self)

    # --- derived values ---------------------------------------------------------------

    @property
    def date(self) -> _dt.datetime | None:
        """The date-time group as a timezone-aware UTC datetime."""
        return self.dtg.value if self.dtg else None

    @property
    def origin(self) -> str | None:
        """The originating post: ``GUANGZHOU``.

        As the classification line names it; failing that (or where the line's post is
        redacted), the FM line's post (``AMEMBASSY LA PAZ`` gives ``LA PAZ``).
        """
        for line in (self.classification_line, self.banner):
            # A redacted post (XXXXXXXXXXXX) names nothing: the FM line still does.
            if line is not None and line.origin and line.origin.strip("X "):
                return line.origin.upper()  # "S e c r e t berlin 000643": BERLIN
        return post_of(self.sender)

    @property
    def reference_id(self) -> str | None:
        """``07GUANGZHOU378``: two-digit DTG year, origin, serial without zeros.

        Without a date-time group, the year assumed when the cable was read.

        The serial is the classification line's; failing that, the DE line's.
        """
        year = self.dtg.value.year if self.dtg is not None else self.year
        if year is None:
            return None
        line = self.classification_line or self.banner
        serial = line.serial if line is not None and line.serial else None
        if serial is None and self.station is not None:
            serial = self.station.serial
        return reference_id(year, self.origin, serial)

    @property
    def classification(self) -> str | None:
        """The banner form: ``CONFIDENTIAL``, ``SECRET//NOFORN``, ...

        The level comes from the classification line (failing that, the security line);
        a NOFORN caption or a subject marked NOFORN (``(C/NF)``) adds ``//NOFORN``, a
        SENSITIVE caption on an unclassified cable
        ``//FOR OFFICIAL USE ONLY``, as the publisher's metadata writes them.
        """
        line = self.classification_line or self.banner
        if line is not None:
            level = line.level
        elif self.security is not None and self.security.level is not None:
            level = self.security.level
        else:
            return None
        marking = line.marking.upper() if line is not None else ""
        words = {word for caption in self.captions for word in _WORD.findall(caption.upper())}
        if level != "UNCLASSIFIED" and ("NOFORN" in words or self._noforn_marked()):
            return level + "//NOFORN"
        if level == "UNCLASSIFIED" and (
            "SENSITIVE" in words or "FOUO" in words or "SENSITIVE" in marking
        ):
            return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
        return level

    def _noforn_marked(self) -> bool:
        """Whether the subject's portion marking (``C/NF``, ``S//NF``) says NOFORN.

        Paragraph markings are left out: the publisher's banner often omits their caveat.
        """
        markings = [self.subject_marking]
        return any(m is not None and _NOFORN_MARKING.search(m.upper()) for m in markings)

    def _body_texts(self) -> list[tuple[str, str]]:
        """The body as ``(kind, text)`` pairs, for the summary and comment finders."""
        return [pair for pair, _ in self._indexed_texts()]

    def _indexed_texts(self) -> list[tuple[tuple[str, str], int]]:
        """``_body_texts`` with each pair's index in the body."""
        # An exporter asks for the summary's and the comments' blocks in turn: the last
        # cable's texts are kept (by identity: the cable is frozen) so that the blocks
        # are unwrapped once, not once per question.
        last = _LAST_TEXTS
        if last[0] is self:
            return last[1]
        out: list[tuple[tuple[str, str], int]] = []
        for index, block in enumerate(self.body):
            if isinstance(block, Paragraph):
                out.append((("paragraph", block.text), index))
            elif isinstance(block, Heading):
                out.append((("heading", block.text), index))
            elif isinstance(block, Bullet):
                out.append((("bullet", block.text), index))
            elif isinstance(block, Text):
                out.append((("text", block.text), index))
            elif isinstance(block, RunningHeader | PageLine):
                out.append((("break", block.text), index))
        _remember_texts(self, out)
        return out

    @property
    def comment_blocks(self) -> tuple[range, ...]:
        """The indices in ``body`` of the blocks each comment spans that opens a block
        (``COMMENT: ...`` at a paragraph's start, a ``Comment`` section); a comment
        inside a paragraph's sentences has none of its own."""
        indexed = self._indexed_texts()
        spans = comment_ranges([pair for pair, _ in indexed])
        return tuple(range(indexed[a][1], indexed[b - 1][1] + 1) for a, b in spans if b > a)

    @property
    def summary_blocks(self) -> range | None:
        """The indices in ``body`` of the blocks the summary spans (see ``summary``),
        for exports that mark it; None without a summary."""
        indexed = self._indexed_texts()
        found = summary_range([pair for pair, _ in indexed])
        if found is None:
            return None
        first, after = found
        return range(indexed[first][1], indexed[after - 1][1] + 1)

    @property
    def summary(self) -> str | None:
        """The summary as the cable gives it, without its keywords and markings.

        ``SUMMARY: ... END SUMMARY.`` in a paragraph or across several, ``BEGIN SUMMARY``,
        a ``Summary`` heading and the paragraphs under it; paragraphs joined with a
        blank line.  Derived from the body: the blocks keep the text.
        """
        return find_summary(self._body_texts())

    @property
    def comments(self) -> tuple[str, ...]:
        """The text of each ``COMMENT: ... END COMMENT.`` span and ``Comment`` section."""
        return find_comments(self._body_texts())

    @property
    def archival_source(self) -> ArchivalSource | None:
        """Where an archive keeps the original, for a copy from one (``Copy from the
        National Archives``, ``File: POL 33-4 ARG``): read from the header lines no
        field reads, which keep the text."""
        return archival_source(self.unparsed) if self.unparsed else None

    @property
    def is_partial(self) -> bool:
        """Whether the text is a partial extract: the publisher's notice opens it
        (``This record is a partial extract of the original cable ...``)."""
        if self.notice is not None:
            return NOTICE.match(self.notice) is not None
        first = self.body[0].text if self.body and isinstance(self.body[0], Text) else None
        return first is not None and NOTICE.match(first) is not None

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.body if isinstance(b, Paragraph))

    @property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(b for b in self.body if isinstance(b, Heading))

    @property
    def signature(self) -> str | None:
        for block in reversed(self.body):
            if isinstance(block, Signature):
                return block.name
        return None

    @property
    def classified_by(self) -> ClassifiedBy | None:
        """Who classified the cable: the ``Classified By`` line of the text header.

        Without one, a paragraph near the top that says it (``1. (U) Classified by Acting
        DAS James Knight, Reasons 1.4``), as older cables and some Department cables do.
        """
        if self.classification_authority is not None:
            return self.classification_authority
        for paragraph in self.paragraphs[:3]:
            match = _CLASSIFIED_BY_SENTENCE.match(paragraph.text)
            if match is not None:
                official, reasons = split_authority(join_wrapped([match[1]]))
                return ClassifiedBy(official, reasons, paragraph.marking)
        return None

    @property
    def cited_ids(self) -> tuple[str, ...]:
        """Every cable id the REF list cites, in order, without repeats.

        A citation without a year takes this cable's current DTG year, else the year
        assumed when it was read (an item's own
        ``year`` is the one it was read with).
        """
        year = self.dtg.value.year if self.dtg else self.year
        seen: dict[str, None] = {}
        for ref in self.references:
            for cid in cited_cable_ids(ref.text, year if year is not None else ref.year):
                seen.setdefault(cid)
        return tuple(seen)

    @property
    def newline(self) -> str:
        """The line ending edits are written with: the text's most common one."""
        return self._layout.newline if self._layout else "\n"
