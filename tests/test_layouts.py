"""Layouts collections come in: metadata lines before the cable (alx/cablegate) and a
classification line glued to the last addressee.  Fixtures of our own, then the corpus."""

from __future__ import annotations

import io
import json
from pathlib import Path

import attrs
import pytest

import cableformat
from cableformat import ClassificationLine
from cableformat._cli import main

METADATA = """\
85NOWHERE992
A TITLE OF THE CABLE
Mon Feb 18 00:00:00 +0100 1985
UNCLASSIFIED
Embassy Nowhere
"""

CABLE = """\
P 181159Z FEB 85
FM AMEMBASSY NOWHERE
TO SECSTATE WASHDC PRIORITY 1795
INFO AMEMBASSY DAMASCUS
AMEMBASSY TEL AVIVUNCLAS NOWHERE 00992 \\
E.O. 12356: N/A
TAGS: PGOV, PREL
SUBJECT: A TITLE OF THE CABLE

1. THE TEXT OF THE CABLE.
"""


def read_one(data: str) -> cableformat.Record:
    (record,) = cableformat.read(io.BytesIO(data.encode("utf-8")))
    return record


def test_metadata_lines_before_the_cable_are_the_records_metadata() -> None:
    record = read_one(METADATA + CABLE)
    assert dict(record.metadata) == {
        "reference_id": "85NOWHERE992",
        "subject": "A TITLE OF THE CABLE",
        "created": "Mon Feb 18 00:00:00 +0100 1985",
        "classification": "UNCLASSIFIED",
        "origin": "Embassy Nowhere",
    }
    assert record.line == 6
    assert cableformat.dumps(record.cable) == CABLE
    assert record.cable.reference_id == "85NOWHERE992"


def test_a_text_that_only_looks_like_metadata_is_a_plain_cable() -> None:
    # The third line is no date in the publisher's form: the text is all cable.
    text = METADATA.replace("Mon Feb 18 00:00:00 +0100 1985", "18 February 1985") + CABLE
    record = read_one(text)
    assert dict(record.metadata) == {} and record.line == 1
    assert cableformat.dumps(record.cable) == text


def test_a_classification_line_glued_to_the_last_addressee() -> None:
    cable = cableformat.loads(CABLE)
    assert cableformat.dumps(cable) == CABLE
    assert [a.address for a in cable.info] == ["AMEMBASSY DAMASCUS", "AMEMBASSY TEL AVIV"]
    assert cable.classification_line == ClassificationLine("UNCLAS", "NOWHERE", "00992")
    assert cable.unparsed == ()
    # An edit of the classification line writes it on a line of its own; nothing else moves.
    line = ClassificationLine("CONFIDENTIAL", "NOWHERE", "00992")
    edited = cableformat.dumps(attrs.evolve(cable, classification_line=line))
    assert "AMEMBASSY TEL AVIV\nCONFIDENTIAL NOWHERE 00992\n" in edited
    assert cableformat.loads(edited).info == cable.info
    # After a serial too: "SECSTATE WASHDC 8868UNCLAS TUNIS 000139".
    glued = "R 101331Z JAN 95\nFM AMEMBASSY TUNIS\nTO SECSTATE WASHDC 8868UNCLAS TUNIS 000139\n"
    again = cableformat.loads(glued)
    assert again.to[0].serial == "8868" and again.reference_id == "95TUNIS139"


def test_prose_with_a_classification_word_is_not_cut() -> None:
    text = "THE SECRETARY WAS SECRETIVE AND CONFIDENTIAL SOURCES SAY 12\n"
    cable = cableformat.loads(text)
    assert cableformat.dumps(cable) == text and cable.classification_line is None


def test_the_alx_files(corpus: Path) -> None:
    index = json.loads((corpus / "alx" / "index.json").read_text(encoding="utf-8"))
    assert len(index) == 11
    ids = 0
    for entry in index:
        path = corpus / "alx" / entry["file"]
        (record,) = cableformat.read(path)
        expected = [entry[k] for k in ("refid", "title", "date", "classification", "origin")]
        assert list(record.metadata.values()) == expected, entry["file"]
        text = path.read_bytes().decode("utf-8")
        cable = record.cable
        assert cableformat.dumps(cable) == text.split("\n", 5)[5]
        # What the publisher says the text says, every file.
        assert cable.reference_id == entry["refid"], entry["file"]
        marking = {"UNCLAS": "UNCLASSIFIED"}.get(cable.classification or "", cable.classification)
        assert marking == entry["classification"], entry["file"]
        post = entry["origin"].split(" ", 1)[1].upper()
        assert (cable.origin or "").replace(" ", "") == post.replace(" ", ""), entry["file"]
        if entry["title"].strip():  # the title is the subject's first line
            assert " ".join((cable.subject or "").split()).startswith(
                " ".join(entry["title"].split())
            ), entry["file"]
        if cable.date is not None:
            assert str(cable.date.year) == entry["date"][-4:], entry["file"]
        ids += cable.date is not None
    assert ids >= 7  # the others are partial extracts whose text gives no date


def test_a_notice_run_onto_the_classification_line() -> None:
    text = (
        "This record is a partial extract of the original cable. The full text of the original "
        "cable is not available.UNCLAS NOWHERE 002213 \n \nSIPDIS \n \nE.O. 12958: N/A \n"
        "TAGS: PREL\nSUBJECT: A SUBJECT \nNOVEMBER 8, 2002 \n \n1. TEXT.\n"
    )
    cable = cableformat.loads(text, year=2002)
    assert cableformat.dumps(cable) == text
    assert cable.is_partial and cable.notice is not None and cable.notice.endswith("available.")
    assert cable.classification_line == ClassificationLine("UNCLAS", "NOWHERE", "002213")
    assert cable.reference_id == "02NOWHERE2213"
    assert cable.subject == "A SUBJECT NOVEMBER 8, 2002"


@pytest.mark.parametrize(
    ("after", "subject"),
    [
        ("TO: EA - MR. HOLBROOKE\nFROM EA/J - R. KILPATRICK", "A WEEKLY REPORT"),
        ("SUMMARY. LEADERS OF THE PARTIES ASKED FOR HELP.", "A WEEKLY REPORT"),
        ("SUMMARY - AN OFFICIAL THINKS SO.", "A WEEKLY REPORT"),
        ("FOR THE PERIOD OF SEPTEMBER", "A WEEKLY REPORT FOR THE PERIOD OF SEPTEMBER"),
    ],
)
def test_a_subject_ends_where_a_store_lost_the_blank_line_after_it(
    after: str, subject: str
) -> None:
    text = f"UNCLAS STATE 000001\nTAGS: PREL\nSUBJECT: A WEEKLY REPORT\n{after}\n1. TEXT.\n"
    cable = cableformat.loads(text)
    assert cable.subject == subject
    assert cableformat.dumps(cable) == text


def test_a_page_marking_set_off_from_its_page_line() -> None:
    text = (
        "UNCLAS NOWHERE 000944\n\nE.O. 12958: N/A\nTAGS: PHUM\nSUBJECT: A SUBJECT\n\n"
        "1. THE TEXT GOES ON ACROSS\n                       UNCLASSIFIED\n\n"
        "PAGE 02        NOWHERE  00944  080918Z\nTHE PAGE BREAK.\n"
    )
    cable = cableformat.loads(text)
    assert cableformat.dumps(cable) == text
    assert not cable.diagnostics
    (paragraph,) = cable.body
    assert isinstance(paragraph, cableformat.Paragraph)
    assert paragraph.text == "THE TEXT GOES ON ACROSS THE PAGE BREAK."
    assert paragraph.breaks[0].markings == ("UNCLASSIFIED",)


def test_load_reads_a_viewer_page_as_read_does(corpus: Path) -> None:
    pages = sorted((corpus / "cablegate" / "html").glob("*.html"))
    assert len(pages) > 100
    for path in pages[::10]:
        (record,) = cableformat.read(path)
        assert cableformat.load(path) == record.cable, path.name
        assert cableformat.dumps(cableformat.load(path)) == cableformat.dumps(record.cable)


def test_load_refuses_a_dump_of_many_cables(corpus: Path, tmp_path: Path) -> None:
    dump = corpus / "variants" / "cables_csv" / "cables_sample.csv"
    with pytest.raises(cableformat.ReadError, match=r"cableformat\.read\(\)"):
        cableformat.load(dump)
    # A dump of one row is that cable, as read() gives it.
    one = tmp_path / "one.csv"
    first_row = dump.read_bytes().split(b'"\n"', 1)[0] + b'"\n'
    one.write_bytes(first_row)
    (record,) = cableformat.read(one)
    assert cableformat.load(one) == record.cable


def test_load_keeps_a_page_without_a_cable_byte_for_byte(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    data = b"<!DOCTYPE html><html><body><p>An index page</p></body></html>\n"
    page.write_bytes(data)
    out = io.BytesIO()
    cableformat.dump(cableformat.load(page), out)
    assert out.getvalue() == data


def test_a_records_reference_id_is_the_publishers_else_the_cables() -> None:
    # The publisher files it under an id the text does not give (no classification line).
    bare = "SUBJECT: A TITLE OF THE CABLE\n\n1. THE TEXT.\n"
    record = read_one(METADATA.replace("85NOWHERE992", "85NOWHERE0992") + bare)
    assert record.cable.reference_id is None
    assert record.reference_id == "85NOWHERE992"  # in canonical form
    # A publisher's id that is no cable id is still its key, as written.
    other = cableformat.Record(record.cable, "x.csv", metadata={"reference_id": " DOC-17 "})
    assert other.reference_id == "DOC-17"
    # Without one, the cable's own id.
    plain = read_one(CABLE)
    assert "reference_id" not in plain.metadata
    assert plain.reference_id == plain.cable.reference_id == "85NOWHERE992"


def test_convert_names_each_file_by_the_publishers_id(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    bare = "SUBJECT: A TITLE OF THE CABLE\n\n1. THE TEXT.\n"
    for n in (1, 2):
        metadata = METADATA.replace("85NOWHERE992", f"85NOWHERE{n}")
        (source / f"file{n}.txt").write_text(metadata + bare, encoding="utf-8")
    assert main(["convert", str(source), "--to", "text", "-o", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("*.txt")) == [
        "85NOWHERE1.txt",
        "85NOWHERE2.txt",
    ]


def test_the_alx_records_all_have_the_publishers_id(corpus: Path) -> None:
    index = json.loads((corpus / "alx" / "index.json").read_text(encoding="utf-8"))
    for entry in index:
        (record,) = cableformat.read(corpus / "alx" / entry["file"])
        assert record.reference_id == entry["refid"], entry["file"]
