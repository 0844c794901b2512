"""Hypothesis strategies for cables, for this library's tests and for plugin authors.

``cables()`` builds whole :class:`~cableformat.Cable` values that the canonical writer
can express (``loads(dumps(c)) == c``); ``cable_texts()`` builds texts, from valid
telegrams to perturbed and arbitrary strings, every one of which must round-trip.
Each model class also has a strategy, registered for ``st.from_type``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from ._grammar import _SIGNER_AT_END
from ._grammar import _keyword_field as keyword_field
from ._io import dumps, loads
from ._model import (
    ENVELOPE_OPENING,
    ENVELOPE_WORD,
    WRAPPER_LABEL,
    WRAPPER_LABELS,
    Addressee,
    Block,
    Bullet,
    Cable,
    ClassificationLine,
    ClassifiedBy,
    DateTimeGroup,
    Distribution,
    ExecutiveOrder,
    Heading,
    Marker,
    MessageLine,
    PageLine,
    Paragraph,
    Reference,
    Routing,
    RunningHeader,
    SecurityLine,
    Signature,
    StationLine,
    Text,
    WrapperLine,
)
from ._readback import reading

__all__ = [
    "addressees",
    "blocks",
    "bodies",
    "bullets",
    "cable_texts",
    "cables",
    "classification_lines",
    "classified_bys",
    "date_time_groups",
    "distributions",
    "executive_orders",
    "headings",
    "markers",
    "message_lines",
    "page_lines",
    "paragraphs",
    "references",
    "routings",
    "running_headers",
    "security_lines",
    "signatures",
    "station_lines",
    "texts",
    "wrapper_lines",
]

# Words that carry no meaning to the grammar in any position they are put in.
_POSTS = (
    "PARIS",
    "LONDON",
    "BERLIN",
    "TOKYO",
    "MADRID",
    "CAIRO",
    "BOGOTA",
    "HARARE",
    "GUANGZHOU",
    "ANKARA",
    "MOSCOW",
    "ROME",
    "LIMA",
    "QUITO",
    "KABUL",
    "BAKU",
)
_ORGS = (
    "AMEMBASSY",
    "AMCONSUL",
    "SECSTATE",
    "WASHDC",
    "USDOC",
    "CIA",
    "DIA",
    "NSC",
    "COLLECTIVE",
    "HQ",
    "USPACOM",
    "HONOLULU",
    "DEPT",
    "TREASURY",
    "LABOR",
    "POSTS",
    "CHINA",
    "EUROPEAN",
    "POLITICAL",
    "MISSION",
    "USUN",
    "GENEVA",
)
_UPPER = st.sampled_from(_POSTS + _ORGS)
_LOWER_WORDS = (
    "the",
    "minister",
    "said",
    "that",
    "government",
    "would",
    "not",
    "meet",
    "with",
    "opposition",
    "leaders",
    "before",
    "election",
    "ambassador",
    "noted",
    "trade",
    "talks",
    "were",
    "likely",
    "resume",
    "in",
    "march",
)
_MIXED_WORDS = (
    *_LOWER_WORDS,
    "Embassy",
    "Liu",
    "Shenzhen",
    "NGO",
    "USD",
    "2007",
    "40,000",
    "(ICO)",
    '"promote',
    'work."',
    "--",
    "e.g.",
    "civil-society",
    "Ministry's",
    "99%",
    "é",
    "Zürich",
)
_NAMES = ("ROCK", "CLINTON", "RICE", "MILAM", "SMITH", "DOE", "MCDONALD", "HRINAK")


def _words(
    vocabulary: tuple[str, ...], min_size: int = 1, max_size: int = 12
) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(vocabulary), min_size=min_size, max_size=max_size).map(" ".join)


def _sentence() -> st.SearchStrategy[str]:
    """Body prose: starts with a lower-case word, so no line kind claims it."""
    return st.tuples(st.sampled_from(_LOWER_WORDS), _words(_MIXED_WORDS, 0, 30)).map(
        lambda pair: f"{pair[0]} {pair[1]}".strip()
    )


def _upper_words(min_size: int = 1, max_size: int = 4) -> st.SearchStrategy[str]:
    return st.lists(_UPPER, min_size=min_size, max_size=max_size).map(" ".join)


# --- envelope -------------------------------------------------------------------------


def routings() -> st.SearchStrategy[Routing]:
    indicator = st.from_regex(r"RUE[A-Z]{2,4}", fullmatch=True)
    return st.builds(
        Routing,
        precedence=st.sampled_from(["RR", "PP", "OO", "ZZ"]),
        indicators=st.lists(indicator, min_size=1, max_size=6).map(tuple),
    )


def station_lines() -> st.SearchStrategy[StationLine]:
    return st.builds(
        StationLine,
        station=st.from_regex(r"RUEH[A-Z]{2}", fullmatch=True),
        serial=st.from_regex(r"[0-9]{4}", fullmatch=True),
        section=st.none() | st.from_regex(r"0[1-9]", fullmatch=True),
        julian=st.from_regex(r"[0-3][0-9]{2}[0-2][0-9][0-5][0-9]", fullmatch=True),
    )


def security_lines() -> st.SearchStrategy[SecurityLine]:
    return st.builds(
        SecurityLine,
        marker=st.sampled_from(["ZNR", "ZNY"]),
        code=st.sampled_from(["UUUUU", "CCCCC", "SSSSS"]),
        suffix=st.sampled_from([None, "ZZH"]),
    )


def date_time_groups() -> st.SearchStrategy[DateTimeGroup]:
    moment = st.datetimes(
        min_value=dt.datetime(1966, 1, 1), max_value=dt.datetime(2065, 12, 31, 23, 59)
    ).map(lambda d: d.replace(second=0, microsecond=0, tzinfo=dt.UTC))
    precedence = st.lists(st.sampled_from("ZOPR"), max_size=2).map(tuple)
    return st.builds(
        DateTimeGroup, precedence=precedence, value=moment, suffix=st.sampled_from([None, "ZDK"])
    )


def addressees() -> st.SearchStrategy[Addressee]:
    return st.builds(
        Addressee,
        address=_upper_words(1, 4),
        routing_indicator=st.none() | st.from_regex(r"RU[A-Z]{3,5}", fullmatch=True),
        precedence=st.sampled_from([None, "IMMEDIATE", "PRIORITY", "ROUTINE", "NIACT IMMEDIATE"]),
        serial=st.none() | st.from_regex(r"[0-9]{1,4}", fullmatch=True),
    )


# --- text header ----------------------------------------------------------------------


def classification_lines() -> st.SearchStrategy[ClassificationLine]:
    @st.composite
    def build(draw: st.DrawFn) -> ClassificationLine:
        marking = draw(
            st.sampled_from(
                ["UNCLAS", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "LIMITED OFFICIAL USE"]
            )
        )
        sections = draw(st.none() | st.integers(1, 12))
        section = None if sections is None else draw(st.integers(1, sections))
        return ClassificationLine(
            marking=marking,
            origin=draw(_upper_words(1, 2)),
            serial=draw(st.from_regex(r"[0-9]{3,6}", fullmatch=True)),
            section=section,
            sections=sections,
            spaced=draw(st.booleans()),
        )

    return build()


_CAPTIONS = ("SIPDIS", "NOFORN", "SENSITIVE", "EXDIS", "NODIS", "NOFORN SIPDIS", "E F T O")


def executive_orders() -> st.SearchStrategy[ExecutiveOrder]:
    date = st.dates(dt.date(1970, 1, 1), dt.date(2040, 12, 31)).map(
        lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}"
    )
    instruction = st.one_of(
        date.map(lambda d: f"DECL: {d}"),
        st.sampled_from(["N/A", "DECL: 1.6X1", "DECL: TEN YEARS AFTER CLOSURE"]),
        date.map(lambda d: f"DNG: CO {d}"),
    )
    return st.builds(
        ExecutiveOrder,
        order=st.sampled_from([None, "12958", "13526", "12356", "11652"]),
        instruction=instruction,
    )


_TAG = st.one_of(
    st.from_regex(r"[A-Z]{2,5}", fullmatch=True),
    st.sampled_from(["OVIP", "CLINTON, HILLARY", "COUNTER TERRORISM", "KPAO", "PGOV", "CH"]),
)


def references() -> st.SearchStrategy[tuple[Reference, ...]]:
    """A whole REF list: one item without a label, or items lettered A, B, C, ..."""
    citation = st.one_of(
        st.tuples(_UPPER, st.integers(1, 99999)).map(lambda p: f"{p[0]} {p[1]}"),
        st.tuples(st.integers(0, 99), _UPPER, st.integers(1, 9999)).map(
            lambda p: f"{p[0]:02d} {p[1]} {p[2]}"
        ),
        st.tuples(st.integers(1970, 2010), _UPPER, st.integers(1, 999)).map(
            lambda p: f"{p[0]} {p[1]} {p[2]}"
        ),
        _words(("EMAIL", "MEETING", "MEMO", "FROM", "SMITH", "ON", "MARCH", "STATE"), 1, 6),
    )
    single = citation.map(lambda text: (Reference(None, text),))
    lettered = st.lists(citation, min_size=1, max_size=6).map(
        lambda items: tuple(Reference(chr(65 + i), text) for i, text in enumerate(items))
    )
    return single | lettered


def classified_bys() -> st.SearchStrategy[ClassifiedBy]:
    official = st.tuples(
        st.sampled_from(["Ambassador", "DCM", "Political Counselor", "CDA"]),
        st.sampled_from(["John Doe", "Jane Roe", "Richard Miles"]),
    ).map(" ".join)
    reasons = st.sampled_from([None, "1.4 (b) and (d).", "1.4(c)", "1.5 (b,d)"])
    marking = st.sampled_from([None, None, "U", "C"])
    return st.builds(ClassifiedBy, official=official, reasons_text=reasons, marking=marking)


# --- body -----------------------------------------------------------------------------

_MARKINGS = ("U", "C", "S", "SBU", "S/NF", "C/NF", "S//NF", "U//FOUO")


signer_at_end = _SIGNER_AT_END.match


def paragraphs() -> st.SearchStrategy[Paragraph]:
    @st.composite
    def build(draw: st.DrawFn) -> Paragraph:
        number = draw(st.none() | st.integers(1, 999))
        marking = (
            draw(st.sampled_from(_MARKINGS))
            if number is None
            else draw(st.none() | st.sampled_from(_MARKINGS))
        )
        # Not ending as a signed last line does ("... the work.\" NGO"): a paragraph
        # that reads back as itself wherever it stands, also last in the body.
        prose = _unsigned()
        text = draw(prose) if marking is None else draw(st.just("") | prose)
        return Paragraph(number=number, text=text, marking=marking)

    return build()


def headings() -> st.SearchStrategy[Heading]:
    title = st.lists(
        st.sampled_from(["Dealing", "With", "The", "Government", "Comment", "Summary", "Funding"]),
        min_size=1,
        max_size=6,
    ).map(" ".join)
    return st.builds(Heading, text=title)


def _unsigned() -> st.SearchStrategy[str]:
    """Prose whose end does not read as a name signing it (see ``paragraphs``)."""
    return _sentence().filter(lambda t: signer_at_end(t) is None)


def bullets() -> st.SearchStrategy[Bullet]:
    return st.builds(Bullet, text=_unsigned(), marker=st.sampled_from(["--", "-", "*"]))


def texts() -> st.SearchStrategy[Text]:
    return st.builds(Text, lines=st.lists(_unsigned(), min_size=1, max_size=4).map(tuple))


def running_headers() -> st.SearchStrategy[RunningHeader]:
    return st.builds(
        lambda origin, serial, page, total: RunningHeader(
            f"{origin} {serial:08d} {page:03d}.2 OF {total:03d}"
        ),
        _UPPER,
        st.integers(1, 99999),
        st.integers(1, 9),
        st.integers(1, 9),
    )


def page_lines() -> st.SearchStrategy[PageLine]:
    """Page lines, some under the classification a page break repeats."""
    return st.builds(
        lambda page, origin, serial, markings: PageLine(
            f"PAGE {page:02d} {origin} {serial:05d} 01 OF 03", markings
        ),
        st.integers(1, 99),
        _UPPER,
        st.integers(1, 99999),
        st.lists(st.sampled_from(["CONFIDENTIAL", "SECRET", "UNCLASSIFIED"]), max_size=2),
    )


_OFFICE = st.builds(
    lambda office, count: f"{office}-{count:02d}",
    st.from_regex(r"[A-Z]{1,4}(?:/[A-Z]{2})?", fullmatch=True),
    st.integers(0, 99),
)


def wrapper_lines() -> st.SearchStrategy[WrapperLine]:
    """Lines of a mail system's export header (not its opening line)."""
    words = st.from_regex(r"[A-Z][A-Za-z/]{0,8}", fullmatch=True)
    text = st.lists(words, min_size=1, max_size=5).map(" ".join)
    labelled = st.builds(
        WrapperLine, text=text | st.just(""), label=st.sampled_from(WRAPPER_LABELS)
    )
    plain = text.filter(lambda t: not WRAPPER_LABEL.match(t) and not ENVELOPE_OPENING.match(t))
    return labelled | st.builds(WrapperLine, text=plain)


def distributions() -> st.SearchStrategy[Distribution]:
    totals = st.none() | st.from_regex(r"\d{3} ?[RW]", fullmatch=True)
    return st.builds(
        Distribution,
        action=st.lists(_OFFICE, min_size=1, max_size=2),
        info=st.lists(_OFFICE, max_size=20),
        total=totals,
        keyword=st.sampled_from(["ACTION", "ORIGIN"]),
        number=st.none() | st.integers(1, 999).map(str),
    ) | st.builds(  # the INFO codes alone
        Distribution,
        action=st.just(()),
        info=st.lists(_OFFICE, min_size=1, max_size=20),
        total=totals,
    )


def message_lines() -> st.SearchStrategy[MessageLine]:
    return st.builds(
        MessageLine,
        number=st.from_regex(r"[0-9A-F]{6}", fullmatch=True),
        time=st.none() | st.from_regex(r"[0-3]\d[0-2]\d[0-5]\dZ", fullmatch=True),
        suffix=st.none() | st.integers(1, 99).map(lambda n: f"/{n}"),
    )


# Officers as the archive writes them: ``IO/CMD:RAPOOLE:CB``, ``ERDA - PETER BRUSH``.
_OFFICER = st.from_regex(
    r"[A-Z]{1,4}(?:/[A-Z]{2,4}){0,2}:[A-Z]{3,12}(?::[A-Z]{2})?", fullmatch=True
)
_CLEARANCE = st.from_regex(r"[A-Z]{2,4}(?:/[A-Z]{2,4})? - [A-Z]{2,8} [A-Z]{2,10}", fullmatch=True)

_NOTICES = [
    "This record is a partial extract of the original cable. The full text of the original "
    "cable is not available.",
]
_DATE_LINES = ["Wednesday, 29 November 2000, 13:59", "Friday, 27 August 2004, 08:08"]


def markers() -> st.SearchStrategy[Marker]:
    return st.builds(Marker, text=st.sampled_from(["BT", "NNNN"]))


def signatures() -> st.SearchStrategy[Signature]:
    return st.builds(Signature, name=st.sampled_from(_NAMES))


def blocks() -> st.SearchStrategy[Block]:
    """Any body block but the signature, which only ends a body."""
    return st.one_of(
        paragraphs(), headings(), bullets(), texts(), running_headers(), page_lines(), markers()
    )


def bodies() -> st.SearchStrategy[tuple[Block, ...]]:
    """Whole bodies as the reader reads them: a text that goes on with the block before
    it, across a section break or a sentence cut by a blank line, is part of that block."""
    return st.tuples(st.lists(blocks(), max_size=12), st.none() | signatures()).map(
        lambda pair: _read_back((*pair[0], *([pair[1]] if pair[1] else [])))
    )


def _read_back(body: tuple[Block, ...]) -> tuple[Block, ...]:
    """The body the reader reads from the canonical text of ``body``."""
    with reading():  # a body not yet as the reader reads it: not refused, read back
        draft = Cable(body=body)
    return loads(dumps(draft)).body


# --- whole cables ---------------------------------------------------------------------


@st.composite
def _cable(draw: st.DrawFn) -> Cable:
    def maybe(strategy: st.SearchStrategy[Any]) -> Any:
        return draw(st.none() | strategy)

    fields: dict[str, Any] = {
        "notice": maybe(st.sampled_from(_NOTICES)),
        "distribution": maybe(distributions()),
        "drafted_by": maybe(_OFFICER),
        "approved_by": maybe(_OFFICER),
        "message_line": maybe(message_lines()),
        "transmission_id": maybe(st.from_regex(r"VZCZC[A-Z]{3}[0-9]{4}", fullmatch=True)),
        "routing": maybe(routings()),
        "station": maybe(station_lines()),
        "security": maybe(security_lines()),
        "dtg": maybe(date_time_groups()),
        "sender": maybe(_upper_words(1, 3)),
        "to": draw(st.lists(addressees(), max_size=3)),
        "info": draw(st.lists(addressees(), max_size=4)),
        "excluded": draw(st.lists(addressees(), max_size=2)),
        "date_line": maybe(st.sampled_from(_DATE_LINES)),
        "classification_line": maybe(classification_lines()),
        "executive_order": maybe(executive_orders()),
        "tags": draw(st.lists(_TAG, max_size=8, unique=True)),
        "subject": maybe(_words(_MIXED_WORDS, 1, 15)),
        "body": draw(bodies()),
    }
    # Captions, instructions, REF and Classified By are header lines only where a
    # classification line or a header keyword shows that a text header is there.
    keyworded = any(fields[f] for f in ("executive_order", "tags", "subject"))
    if fields["classification_line"] is not None:
        fields["captions"] = draw(st.lists(st.sampled_from(_CAPTIONS), max_size=3))
        fields["instructions"] = draw(
            st.lists(
                st.tuples(_UPPER, _upper_words(1, 3)).map(lambda p: f"{p[0]} FOR {p[1]}"),
                max_size=3,
            )
        )
    if fields["classification_line"] is not None or keyworded:
        fields["references"] = draw(st.just(()) | references())
        fields["classification_authority"] = maybe(classified_bys())
    if fields["subject"] is not None:
        fields["subject_marking"] = draw(st.sampled_from([None, None, "C", "SBU", "S//NF"]))
    # A banner stands above an envelope; a section break is a header line only where
    # a text header is there.
    if fields["approved_by"] is not None and fields["message_line"] is not None:
        clearance = (_OFFICER | _CLEARANCE).filter(
            lambda c: not ENVELOPE_WORD.match(c) and keyword_field(c) is None  # "TAS - ..."
        )
        fields["clearances"] = draw(st.lists(clearance, max_size=4))
    if fields["dtg"] is not None and fields["sender"] is not None:
        fields["banner"] = maybe(classification_lines())
    if fields["classification_line"] is not None and keyworded:
        fields["header_breaks"] = draw(st.lists(running_headers() | page_lines(), max_size=1))
    if fields["classification_line"] is not None or keyworded:
        # Under a text header, breaks before the body's first block are the header's.
        body = fields["body"]
        while body and isinstance(body[0], RunningHeader | PageLine):
            body = body[1:]
        fields["body"] = _read_back(body)
    return Cable(**fields)


def cables() -> st.SearchStrategy[Cable]:
    """Whole cables built from values, with no source text: ``loads(dumps(c)) == c``."""
    return _cable()


_ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def _perturbed(draw: st.DrawFn) -> str:
    """A valid telegram with real-world noise: line endings, trailing spaces, ``¶``, junk."""
    lines = dumps(draw(cables())).splitlines()
    out: list[str] = []
    for line in lines:
        choice = draw(st.integers(0, 9))
        if choice == 0:
            line += " " * draw(st.integers(1, 3))
        elif choice == 1 and line[:1].isdigit():
            line = "¶" + line
        elif choice == 2:
            out.append(draw(st.text(max_size=20)))
        elif choice == 3:
            continue
        out.append(line + draw(_ENDINGS))
    unterminated: bool = draw(st.booleans())
    if out and unterminated:
        out[-1] = out[-1].rstrip("\r\n")
    return "".join(out)


def cable_texts() -> st.SearchStrategy[str]:
    """Texts to read: valid telegrams, perturbed ones, and arbitrary strings."""
    return st.one_of(
        cables().map(dumps),
        _perturbed(),
        st.text(),
        st.text(alphabet=st.sampled_from("VZCDE #/0123456789\r\n\t ¶-().:ABFMNOPRSTUXY")),
    )


for _cls, _strategy in (
    (Routing, routings()),
    (StationLine, station_lines()),
    (SecurityLine, security_lines()),
    (DateTimeGroup, date_time_groups()),
    (Addressee, addressees()),
    (ClassificationLine, classification_lines()),
    (ExecutiveOrder, executive_orders()),
    (ClassifiedBy, classified_bys()),
    (Paragraph, paragraphs()),
    (Heading, headings()),
    (Bullet, bullets()),
    (Text, texts()),
    (RunningHeader, running_headers()),
    (PageLine, page_lines()),
    (Distribution, distributions()),
    (MessageLine, message_lines()),
    (Marker, markers()),
    (Signature, signatures()),
    (Cable, cables()),
):
    st.register_type_strategy(_cls, _strategy)
st.register_type_strategy(
    Reference,
    st.builds(Reference, label=st.none() | st.sampled_from("ABCDEF"), text=_sentence()),
)
