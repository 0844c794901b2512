"""The older header of partial extracts and archive pages: the publisher's notice, page
lines under a repeated classification, the office distribution, the message line and the
publisher's date line.  Fixtures of our own; each round-trips byte for byte."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given

import cableformat
from cableformat import Distribution, MessageLine, PageLine
from cableformat import strategies as cst

NOTICE = (
    "This record is a partial extract of the original cable. The full text of the original "
    "cable is not available."
)

PARTIAL = f"""\
{NOTICE}

011359Z Mar 01


                           CONFIDENTIAL     PTQ1234

PAGE 01        NOWHERE  00042  01 OF 02  011400Z
ACTION AF-00

INFO  LOG-00   NP-00    AID-00   CIAE-00
      EUR-00   H-01     /012W
                  ------------------A54E38  011401Z /38
FM AMEMBASSY NOWHERE
TO SECSTATE WASHDC IMMEDIATE 7738
INFO AMEMBASSY ELSEWHERE

Thursday, 01 March 2001, 13:59
C O N F I D E N T I A L SECTION 01 OF 02 NOWHERE 000042
SIPDIS
E.O. 12958: DECL: 03/01/11
TAGS: PGOV PREL XX
SUBJECT: A MEETING WITH THE MINISTER

1. (C) THE MINISTER SAID THE TALKS WOULD GO ON IN THE SPRING AND THAT
 CONFIDENTIAL
PAGE 02 NOWHERE 00042 01 OF 02 011400Z THE GOVERNMENT WOULD TAKE PART.

2. (C) THE SECOND PARAGRAPH ENDS HERE.
"""

ARCHIVE = """\
PAGE 01 STATE 133602
53
ORIGIN IO-10
INFO OCT-01 ARA-06 EUR-12 EA-06 NEA-10 ISO-00 SP-02 AID-05
EB-07 /147 R
DRAFTED BY IO/CMD:RAPOOLE:CB
APPROVED BY IO:RDMOREY
L:SMSCHWEBEL
ERDA - NELSON SIEVERING (SUBS)
--------------------- 092911
R 061834Z JUN 75
FM SECSTATE WASHDC
TO USMISSION USUN NEW YORK
C O N F I D E N T I A L STATE 133602
E.O. 11652: GDS
TAGS: PFOR, UN
SUBJECT: A QUESTION FOR THE ASSEMBLY
1. THE DEPARTMENT ASKS THE MISSION TO RAISE THE MATTER.
"""


def read(text: str) -> cableformat.Cable:
    cable = cableformat.loads(text)
    assert cableformat.dumps(cable) == text
    return cable


def test_a_partial_extract_header_is_read_into_fields() -> None:
    cable = read(PARTIAL)
    assert cable.notice == NOTICE and cable.is_partial
    assert cable.reference_id == "01NOWHERE42"
    assert cable.distribution == Distribution(
        ("AF-00",), ("LOG-00", "NP-00", "AID-00", "CIAE-00", "EUR-00", "H-01"), "012W"
    )
    assert cable.message_line == MessageLine("A54E38", "011401Z", "/38")
    assert cable.date_line == "Thursday, 01 March 2001, 13:59"
    assert cable.header_breaks == (PageLine("PAGE 01        NOWHERE  00042  01 OF 02  011400Z"),)
    assert [a.address for a in cable.info] == ["AMEMBASSY ELSEWHERE"]
    assert cable.unparsed == ("                           CONFIDENTIAL     PTQ1234",)


def test_a_page_break_repeats_the_classification_and_text_runs_on_after_it() -> None:
    cable = read(PARTIAL)
    first = cable.paragraphs[0]
    assert first.text.endswith("GO ON IN THE SPRING AND THAT THE GOVERNMENT WOULD TAKE PART.")
    assert first.breaks == (PageLine("PAGE 02 NOWHERE 00042 01 OF 02 011400Z", ("CONFIDENTIAL",)),)
    assert len(cable.paragraphs) == 2


def test_the_archive_layout_distribution() -> None:
    cable = read(ARCHIVE)
    assert cable.distribution == Distribution(
        ("IO-10",),
        ("OCT-01", "ARA-06", "EUR-12", "EA-06", "NEA-10", "ISO-00", "SP-02", "AID-05", "EB-07"),
        "147 R",
        "ORIGIN",
        "53",
    )
    assert cable.message_line == MessageLine("092911")
    assert (cable.drafted_by, cable.approved_by) == ("IO/CMD:RAPOOLE:CB", "IO:RDMOREY")
    assert cable.clearances == ("L:SMSCHWEBEL", "ERDA - NELSON SIEVERING (SUBS)")
    assert cable.header_breaks == (PageLine("PAGE 01 STATE 133602"),)
    assert cable.unparsed == ()
    assert cable.reference_id == "75STATE133602"


def test_edits_are_written_canonically_and_read_back() -> None:
    cable = read(PARTIAL)
    distribution = Distribution(("EUR-12",), [f"X{n}-0{n % 10}" for n in range(9)], "072 W")
    edited = attrs.evolve(cable, distribution=distribution, message_line=MessageLine("108633"))
    text = cableformat.dumps(edited)
    assert "ACTION EUR-12\nINFO X0-00 X1-01 X2-02 X3-03 X4-04 X5-05 X6-06\n" in text
    assert "\n     X7-07 X8-08 /072 W\n--------------------- 108633\n" in text
    again = cableformat.loads(text)
    assert (again.distribution, again.message_line) == (distribution, edited.message_line)
    assert again.body == cable.body and again.subject == cable.subject
    removed = cableformat.loads(cableformat.dumps(attrs.evolve(cable, notice=None)))
    assert not removed.is_partial and removed.distribution == cable.distribution


@pytest.mark.parametrize(
    "build",
    [
        lambda: Distribution(()),
        lambda: Distribution(("AF",)),
        lambda: Distribution(("AF-00",), ("LOG 00",)),
        lambda: Distribution(("AF-00",), keyword="INFO"),
        lambda: Distribution(("AF-00",), total="/012W"),
        lambda: MessageLine("A54E38\nSUBJECT: X"),
        lambda: MessageLine("A54E38", time="2914Z"),
        lambda: PageLine("PAGE 02 X 1 01 OF 02", ("CONFIDENTIAL\n1. (S) X",)),
        lambda: cableformat.Cable(notice="A notice of our own"),
        lambda: cableformat.Cable(clearances=("L:SMSCHWEBEL",)),  # no APPROVED BY
        lambda: cableformat.Cable(approved_by="IO:X", clearances=("FM AMEMBASSY X",)),
        lambda: cableformat.Cable(drafted_by="IO:X\nSUBJECT: HACK"),
        lambda: cableformat.Cable(date_line="Someday, 1 May 2000"),
    ],
)
def test_values_that_would_not_read_back_are_refused(build: object) -> None:
    with pytest.raises(ValueError):
        build()  # type: ignore[operator]


@given(cst.distributions(), cst.message_lines())
def test_any_distribution_reads_back(distribution: Distribution, line: MessageLine) -> None:
    cable = cableformat.Cable(distribution=distribution, message_line=line, sender="X")
    assert cableformat.loads(cableformat.dumps(cable)) == cable


# --- the corpus -----------------------------------------------------------------------

_OFFICE_LINE = re.compile(r"\s*(?:ACTION|ORIGIN|INFO)\s+[A-Z]+-\d\d|\s*-{5,}\s*\w+|\s*PAGE \d")


def test_every_partial_extract_has_its_notice(corpus: Path) -> None:
    partial = 0
    for path in sorted((corpus / "cablegate" / "txt").glob("*.txt")):
        cable = cableformat.load(path)
        if not cable.is_partial:
            continue
        partial += 1
        assert cable.notice is not None, path.name
        for line in cable.unparsed:
            assert not _OFFICE_LINE.match(line), (path.name, line)
    assert partial == 92


def test_the_archive_pages_give_their_distribution(corpus: Path) -> None:
    index = json.loads((corpus / "plusd" / "index.json").read_text(encoding="utf-8"))
    assert len(index) == 12
    for entry in index:
        cable = cableformat.load(corpus / "plusd" / entry["file"])
        assert cable.distribution is not None, entry["file"]
        assert cable.message_line is not None, entry["file"]
        assert cable.distribution.keyword in ("ACTION", "ORIGIN")
        assert cable.reference_id == cableformat.canonical_id(entry["reference_id"])
        assert cable.tags and cable.subject and cable.date is not None, entry["file"]
        assert cable.classification in (
            "UNCLASSIFIED",
            "LIMITED OFFICIAL USE",
            "CONFIDENTIAL",
            "SECRET",
        )
        # A subject that lost the blank line under it still ends where the text begins.
        assert not re.search(r"\bSUMMARY\s*[.:-]|\bTO:|Declassified", cable.subject), entry["file"]
        # Outgoing cables (ORIGIN) name their drafter and approver.
        if cable.distribution.keyword == "ORIGIN":
            assert cable.drafted_by and cable.approved_by, entry["file"]
