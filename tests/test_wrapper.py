"""A mail system's export header around a cable (``From DB/Inbox: Search Results``,
``Cable Text:``, ``ACTION:``/``INFO:`` offices, ``CLEARED:``): kept as the cable's
wrapper lines, exported as notes, and the envelope under it read."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cableformat
from cableformat import WrapperLine
from cableformat import strategies as cst

WRAPPED = """\
Jane Q Clerk  12/02/2009 11:08:08 AM  From  DB/Inbox:  Search
Results

Cable
Text:

S E C R E T        ATLANTIS 00214
CXATLANTIS:
    ACTION: AMB
    INFO:   RSO DCM

DISSEMINATION: AMB /1
APPROVED: AMB:JDOE
CLEARED: P/E: DROE, DCM: MROE

VZCZCATL550
RR RUEHC
DE RUEHAT #0214/01 0851341
ZNY SSSSS ZZH
R 261341Z MAR 09
FM AMEMBASSY ATLANTIS
TO RUEHC/SECSTATE WASHDC 8904

S E C R E T ATLANTIS 000214

E.O. 12958: DECL: 03/26/2019
TAGS: PTER, PREL
SUBJECT: A SUBJECT

1. (S) TEXT.
"""


def test_the_wrapper_lines_are_fields_and_the_envelope_under_them_is_read() -> None:
    cable = cableformat.loads(WRAPPED)
    assert cableformat.dumps(cable) == WRAPPED
    assert not cable.unparsed and not cable.diagnostics
    assert cable.wrapper[0].text.endswith("DB/Inbox:  Search")
    labelled = {line.label: line.text for line in cable.wrapper if line.label}
    assert labelled == {
        "ACTION": "AMB",
        "INFO": "RSO DCM",
        "DISSEMINATION": "AMB /1",
        "APPROVED": "AMB:JDOE",
        "CLEARED": "P/E: DROE, DCM: MROE",
    }
    # The wrapper's own classification line is no banner: the cable's is its own.
    assert cable.banner is None
    assert cable.transmission_id == "VZCZCATL550"
    assert cable.reference_id == "09ATLANTIS214"
    assert cable.sender == "AMEMBASSY ATLANTIS"


def test_an_edited_wrapper_is_written_canonically_and_read_back() -> None:
    cable = cableformat.loads(WRAPPED)
    wrapper = (*cable.wrapper[:2], WrapperLine("POL", "ACTION"), WrapperLine("A NOTE"))
    edited = attrs.evolve(cable, wrapper=wrapper)
    text = cableformat.dumps(edited)
    assert "ACTION: POL\nA NOTE\n" in text
    again = cableformat.loads(text)
    assert again.wrapper == wrapper
    assert again.dtg == cable.dtg and again.subject == cable.subject


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: WrapperLine("ACTION: AMB"), "text of its own"),
        (lambda: WrapperLine(" AMB", "ACTION"), "no spaces at its ends"),
        (lambda: WrapperLine("AMB\nINFO: X", "ACTION"), "one line"),
        (lambda: WrapperLine("X", "NOTALABEL"), "label is one of"),
        (lambda: WrapperLine("R 261341Z MAR 09 X"), "envelope begins"),
        (lambda: cableformat.Cable(wrapper=[WrapperLine("no opening")]), "opens with"),
        (
            lambda: cableformat.Cable(wrapper=[WrapperLine("From DB/Inbox: Search Results")]),
            "above an envelope",
        ),
    ],
)
def test_values_that_would_not_read_back_are_refused(build: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()  # type: ignore[operator]


@given(cst.cables(), st.lists(cst.wrapper_lines(), max_size=6))
def test_any_wrapper_over_an_envelope_reads_back(
    cable: cableformat.Cable, more: list[WrapperLine]
) -> None:
    dtg = cableformat.loads("R 261341Z MAR 09\n").dtg
    base = attrs.evolve(
        cable,
        notice=None,
        banner=None,
        distribution=None,
        drafted_by=None,
        approved_by=None,
        clearances=(),
        message_line=None,
        dtg=cable.dtg or dtg,
    )
    opening = WrapperLine("Jane Q Clerk  12/02/2009  From DB/Inbox:  Search Results")
    wrapped = attrs.evolve(base, wrapper=(opening, *more))
    assert cableformat.loads(cableformat.dumps(wrapped)) == wrapped


def test_the_exporters_give_the_wrapper_as_notes() -> None:
    cable = cableformat.loads(WRAPPED)
    tei = cableformat.export(cable, "tei")
    assert isinstance(tei, bytes)
    assert b'<note type="wrapper" xml:id="wrapper6">    ACTION: AMB</note>' in tei  # as written
    jsonld = json.loads(cableformat.export(cable, "jsonld"))
    assert jsonld["cable:wrapper"][6:8] == ["ACTION: AMB", "INFO: RSO DCM"]
    for name in ("tei", "jsonld"):
        back = cableformat.exporter(name).load(cableformat.export(cable, name))
        assert cableformat.dumps(back) == WRAPPED
    assert "DB/Inbox" not in str(cableformat.export(cable, "text"))


def test_the_wrapped_corpus_cables_read_their_envelope(corpus: Path) -> None:
    wrapped = 0
    for path in sorted((corpus / "cablegate" / "txt").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if "DB/Inbox:" not in "".join(text.splitlines(keepends=True)[:3]):
            continue
        wrapped += 1
        cable = cableformat.loads(text)
        assert cable.wrapper and not cable.unparsed, path.name
        assert cable.reference_id == path.stem and cable.dtg is not None, path.name
        assert cable.classification_line is not None and cable.subject, path.name
    assert wrapped >= 2
