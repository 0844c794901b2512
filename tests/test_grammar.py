"""Each line kind of the grammar, from small fixtures written for these tests."""

from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pytest

import cableformat
from cableformat import (
    Addressee,
    Bullet,
    Heading,
    Marker,
    PageLine,
    Paragraph,
    ParseError,
    RunningHeader,
    Signature,
    Text,
)

ENVELOPE = """\
VZCZCXRO0042
PP RUEHAA RUEHBB
RUEHCC
DE RUEHZZ #0042/02 1230815
ZNY SSSSS ZZH
O P 020815Z MAY 08 ZDK
FM AMEMBASSY NOWHERE
TO RUEHC/SECSTATE WASHDC NIACT IMMEDIATE 1234
SECDEF WASHDC
INFO RUEHAA/AMEMBASSY ELSEWHERE PRIORITY
XMT AMCONSUL SOMEWHERE
BT
"""


def test_envelope_lines() -> None:
    cable = cableformat.loads(ENVELOPE, strict=True)
    assert cable.transmission_id == "VZCZCXRO0042"
    assert cable.routing is not None
    assert cable.routing.precedence == "PP"
    assert cable.routing.indicators == ("RUEHAA", "RUEHBB", "RUEHCC")
    assert cable.station is not None
    assert (cable.station.station, cable.station.serial, cable.station.section) == (
        "RUEHZZ",
        "0042",
        "02",
    )
    assert (cable.station.day_of_year, cable.station.time) == (123, "0815")
    assert cable.security is not None and cable.security.level == "SECRET"
    assert cable.dtg is not None
    assert cable.dtg.precedence == ("O", "P")
    assert cable.dtg.suffix == "ZDK"
    assert cable.date == dt.datetime(2008, 5, 2, 8, 15, tzinfo=dt.UTC)
    assert cable.sender == "AMEMBASSY NOWHERE"
    assert cable.to == (
        Addressee("SECSTATE WASHDC", "RUEHC", "NIACT IMMEDIATE", "1234"),
        Addressee("SECDEF WASHDC"),
    )
    assert cable.info == (Addressee("AMEMBASSY ELSEWHERE", "RUEHAA", "PRIORITY"),)
    assert cable.excluded == (Addressee("AMCONSUL SOMEWHERE"),)
    assert cable.body == (Marker("BT"),)


def test_old_cables_have_no_routing_preamble() -> None:
    text = "P R 281848Z DEC 66\nFM AMEMBASSY NOWHERE\nTO SECSTATE WASHDC PRIORITY\n"
    cable = cableformat.loads(text, strict=True)
    assert cable.date == dt.datetime(1966, 12, 28, 18, 48, tzinfo=dt.UTC)
    assert cable.to == (Addressee("SECSTATE WASHDC", precedence="PRIORITY"),)


HEADER = """\
S E C R E T SECTION 01 OF 03 NOWHERE 000042

NOFORN
SIPDIS

DEPT FOR ABC/DEF, XYZ
STATE PASS TO USTR

E.O. 12958: DECL: 05/01/2018
TAGS: PREL, PGOV OVIP (DOE, JANE) XX
SUBJECT: A SUBJECT THAT IS LONG ENOUGH TO WRAP ONTO
 A SECOND LINE

REF: A. STATE 12345
     B. 2007 NOWHERE 99
     C. EMAIL FROM THE DESK, MAY 1

Classified By: Ambassador Jane Doe, reasons 1.4 (b) and (d)

1. (S//NF) First paragraph.
"""


def test_text_header_lines() -> None:
    cable = cableformat.loads(ENVELOPE.replace("BT\n", "") + "\n" + HEADER, strict=True)
    line = cable.classification_line
    assert line is not None
    assert (line.marking, line.spaced, line.section, line.sections) == ("SECRET", True, 1, 3)
    assert (line.origin, line.serial) == ("NOWHERE", "000042")
    assert cable.reference_id == "08NOWHERE42"
    assert cable.classification == "SECRET//NOFORN"
    assert cable.captions == ("NOFORN", "SIPDIS")
    assert cable.instructions == ("DEPT FOR ABC/DEF, XYZ", "STATE PASS TO USTR")
    eo = cable.executive_order
    assert eo is not None
    assert (eo.order, eo.instruction, eo.declassify_on) == (
        "12958",
        "DECL: 05/01/2018",
        dt.date(2018, 5, 1),
    )
    assert cable.tags == ("PREL", "PGOV", "OVIP", "DOE, JANE", "XX")
    assert cable.subject == "A SUBJECT THAT IS LONG ENOUGH TO WRAP ONTO A SECOND LINE"
    assert [(r.label, r.text) for r in cable.references] == [
        ("A", "STATE 12345"),
        ("B", "2007 NOWHERE 99"),
        ("C", "EMAIL FROM THE DESK, MAY 1"),
    ]
    assert [r.cable_ids for r in cable.references] == [("08STATE12345",), ("07NOWHERE99",), ()]
    assert cable.classified_by is not None
    assert cable.classified_by.official == "Ambassador Jane Doe"
    assert cable.classification_authority is not None
    assert cable.classification_authority.reasons_text == "1.4 (b) and (d)"
    assert cable.classification_authority.reasons == ("1.4(b)", "1.4(d)")
    assert cable.paragraphs == (Paragraph(1, "First paragraph.", "S//NF"),)


@pytest.mark.parametrize(
    ("ref", "year", "ids"),
    [
        ("REF: A. BERLIN 988", 2009, ("09BERLIN988",)),
        ("REF: B. 2008 BERLIN 504", 2009, ("08BERLIN504",)),
        ("REF: STATE 12345", 2009, ("09STATE12345",)),
        ("REFERENCE: A) 06 Guangzhou 32324", 2007, ("06GUANGZHOU32324",)),
        ("REF: NEW DELHI 5135 AND PREVIOUS", 2006, ("06NEWDELHI5135",)),
        ("REF: MEETING WITH THE MINISTER ON MARCH 3", 2009, ()),
        ("REF: PARA 4 OF THE TEXT", 2009, ()),
    ],
)
def test_reference_citations(ref: str, year: int, ids: tuple[str, ...]) -> None:
    text = f"R 010000Z JAN {year % 100:02d}\n\nUNCLAS NOWHERE 000001\n\nSUBJECT: X\n\n{ref}\n"
    cable = cableformat.loads(text)
    assert cable.cited_ids == ids


@pytest.mark.parametrize(
    ("line", "marking", "level"),
    [
        ("UNCLAS NOWHERE 000001", "UNCLAS", "UNCLASSIFIED"),
        ("C O N F I D E N T I A L NOWHERE 000001", "CONFIDENTIAL", "CONFIDENTIAL"),
        ("SS E C R E T NOWHERE 000001", "SECRET", "SECRET"),
        ("LIMITED OFFICIAL USE NOWHERE 000001", "LIMITED OFFICIAL USE", "LIMITED OFFICIAL USE"),
        ("Confidential section 01 of 02 nowhere 000001", "CONFIDENTIAL", "CONFIDENTIAL"),
    ],
)
def test_classification_line_forms(line: str, marking: str, level: str) -> None:
    cable = cableformat.loads(line + "\n\nSUBJECT: X\n")
    assert cable.classification_line is not None
    assert cable.classification_line.marking == marking
    assert cable.classification == level


BODY = """\
UNCLAS NOWHERE 000001

SUBJECT: BODY KINDS

1. (U) A numbered paragraph that
wraps over two lines.

(SBU) A marked paragraph without a number.

A Heading Underlined
--------------------

#### A Markdown Heading

-- a bullet
-- another bullet.

NOWHERE 00000001 002 OF 002

PAGE 02 NOWHERE 00001 01 OF 02 010000Z

some prose the grammar
has no other name for

DOE
"""


def test_body_blocks() -> None:
    cable = cableformat.loads(BODY, strict=True)
    assert cable.body == (
        Paragraph(1, "A numbered paragraph that wraps over two lines.", "U"),
        Paragraph(None, "A marked paragraph without a number.", "SBU"),
        Heading("A Heading Underlined"),
        Heading("A Markdown Heading"),
        Bullet("a bullet"),
        Bullet("another bullet."),
        RunningHeader("NOWHERE 00000001 002 OF 002"),
        PageLine("PAGE 02 NOWHERE 00001 01 OF 02 010000Z"),
        Text(("some prose the grammar", "has no other name for")),
        Signature("DOE"),
    )
    assert cable.signature == "DOE"
    assert cable.body[8].text == "some prose the grammar has no other name for"  # type: ignore[union-attr]


def test_renderings_give_the_same_fields() -> None:
    raw = "UNCLAS NOWHERE 000001 \r\n \r\nTAGS: PREL PGOV\r\nSUBJECT: X \r\n \r\n1. (U) Text. \r\n"
    markdown = (
        "\n\nUNCLAS NOWHERE 000001  \n\nTAGS: [PREL](#) [PGOV](#)\n\n"
        "SUBJECT: X  \n\n¶1. (U) Text.\n"
    )
    a, b = cableformat.loads(raw), cableformat.loads(markdown)
    assert a == b
    assert a.tags == ("PREL", "PGOV")
    assert cableformat.dumps(a) == raw and cableformat.dumps(b) == markdown


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "\r",
        "\r\n",
        "x",
        "no ending",
        "a\rb\nc\r\nd",
        "\x00\x0b\x0c\x1c\u2028",
        "   \n\t\n",
        "\ufeffUNCLAS X 1\n",
        "1.\n(",
        "TAGS:\nSUBJECT:\n",
    ],
)
def test_odd_texts_round_trip(text: str) -> None:
    assert cableformat.dumps(cableformat.loads(text)) == text


# --- diagnostics and strict reading ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "code"),
    [
        ("FM X\nR 320000Z JAN 08\n", 2, 3, "bad-dtg"),
        ("R 010000Z FOO 08\n", 1, 11, "bad-dtg"),
        ("R 010000Z JAN\n\nUNCLAS X 1\n\nTAGS:\nSUBJECT: Y\n", 5, 5, "empty-tags"),
        ("UNCLAS X 1\n\nE.O. 12958: N/A\nSUBJECT:\n", 4, 8, "empty-subject"),
        ("DE RUEHXX 0042\n", 1, 1, "bad-station"),
        ("UNCLAS SECTION 03 OF 02 X 1\n\nSUBJECT: Y\n", 1, 16, "bad-section"),
    ],
)
def test_malformed_parts(text: str, line: int, column: int, code: str) -> None:
    cable = cableformat.loads(text)
    assert cableformat.dumps(cable) == text
    assert [(d.line, d.column, d.code) for d in cable.diagnostics] == [(line, column, code)]
    with pytest.raises(ParseError) as caught:
        cableformat.loads(text, strict=True, source="x.txt")
    assert (caught.value.line, caught.value.column) == (line, column)
    assert str(caught.value).startswith(f"x.txt:{line}:{column}: ")


def test_cited_ids_follow_an_edited_date() -> None:
    cable = cableformat.loads("R 010000Z JAN 08\n\nUNCLAS X 1\n\nSUBJECT: Y\n\nREF: STATE 5\n")
    assert cable.cited_ids == ("08STATE5",)
    dtg = cableformat.DateTimeGroup(("R",), dt.datetime(2009, 1, 1, tzinfo=dt.UTC))
    assert attrs.evolve(cable, dtg=dtg).cited_ids == ("09STATE5",)


def test_parse_error_pickles() -> None:
    with pytest.raises(ParseError) as caught:
        cableformat.loads("R 320000Z JAN 08\n", strict=True, source="x.txt")
    again = pickle.loads(pickle.dumps(caught.value))
    assert (again.line, again.column, again.source) == (1, 3, "x.txt")
    assert str(again) == str(caught.value)


def test_loads_rejects_bytes_clearly() -> None:
    with pytest.raises(TypeError, match="load\\(\\) for bytes"):
        cableformat.loads(b"UNCLAS")  # type: ignore[arg-type]


# --- edits ------------------------------------------------------------------------------


def test_edits_are_written_canonically_and_locally() -> None:
    text = ENVELOPE.replace("BT\n", "") + "\n" + HEADER
    cable = cableformat.loads(text)
    edited = attrs.evolve(cable, subject="NEW", tags=("AA",))
    out = cableformat.dumps(edited)
    assert out == text.replace(
        "SUBJECT: A SUBJECT THAT IS LONG ENOUGH TO WRAP ONTO\n A SECOND LINE\n", "SUBJECT: NEW\n"
    ).replace("TAGS: PREL, PGOV OVIP (DOE, JANE) XX\n", "TAGS: AA\n")


def test_edit_keeps_crlf_and_a_missing_final_newline() -> None:
    text = "UNCLAS X 1\r\n\r\nSUBJECT: OLD\r\n\r\n1. (U) Body."
    cable = cableformat.loads(text)
    assert cable.newline == "\r\n"
    out = cableformat.dumps(attrs.evolve(cable, subject="NEW"))
    assert out == text.replace("OLD", "NEW")
    body = (attrs.evolve(cable.body[0], text="Changed."),)
    assert cableformat.dumps(attrs.evolve(cable, body=body)) == text.replace("Body", "Changed")
    longer = (*cable.body, Paragraph(2, "Added.", "U"))
    assert cableformat.dumps(attrs.evolve(cable, body=longer)) == text + "\r\n\r\n2. (U) Added.\r\n"


def test_removing_and_adding_fields() -> None:
    cable = cableformat.loads("UNCLAS X 1\n\nSUBJECT: OLD\n\n1. (U) Body.\n")
    assert cableformat.dumps(attrs.evolve(cable, subject=None)) == "UNCLAS X 1\n\n\n1. (U) Body.\n"
    added = attrs.evolve(cable, tags=("PREL",))
    assert cableformat.dumps(added) == "UNCLAS X 1\n\nTAGS: PREL\nSUBJECT: OLD\n\n1. (U) Body.\n"


def test_cable_from_scratch_uses_the_canonical_layout() -> None:
    cable = cableformat.Cable(
        dtg=cableformat.DateTimeGroup(("R",), dt.datetime(2008, 6, 2, 14, 32, tzinfo=dt.UTC)),
        sender="AMEMBASSY NOWHERE",
        to=[Addressee("SECSTATE WASHDC", "RUEHC")],
        classification_line=cableformat.ClassificationLine("UNCLAS", "NOWHERE", "000001"),
        tags=("PREL",),
        subject="SCRATCH",
        body=[Paragraph(1, "Text.", "U"), Signature("DOE")],
    )
    text = cableformat.dumps(cable)
    assert text == (
        "R 021432Z JUN 08\nFM AMEMBASSY NOWHERE\nTO RUEHC/SECSTATE WASHDC\n\n"
        "UNCLAS NOWHERE 000001\n\nTAGS: PREL\nSUBJECT: SCRATCH\n\n1. (U) Text.\n\nDOE\n"
    )
    assert cableformat.loads(text) == cable
    assert cable.reference_id == "08NOWHERE1"


def test_dtg_must_be_utc() -> None:
    with pytest.raises(ValueError, match="UTC"):
        cableformat.DateTimeGroup((), dt.datetime(2008, 1, 1))
