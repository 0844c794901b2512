"""Texts that hold no cable, lines that look like a field but are not read, and the
archive pages' top lines: a bare banner, office codes without ACTION, ``PAGE 01`` over
its post, declassification stamps.  Fixtures of our own, then the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import cableformat
from cableformat import Distribution, PageLine, ParseError, Text
from cableformat._cli import main

NOT_CABLES = {
    "empty": "",
    "a shopping list": "Milk\nEggs\n2 loaves of bread\n",
    "a JSON index": '{"09ABUJA1": {"title": "A TITLE", "date": "2009-01-02"}}\n',
    "binary": "\x00\x01\x02PK\x03\x04\ufffd\ufffd",
    "numbered notes": "1. Call the embassy.\n2. Book the flight.\n",
}


@pytest.mark.parametrize("text", NOT_CABLES.values(), ids=NOT_CABLES.keys())
def test_a_text_with_no_cable_part_is_said_to_be_none(text: str) -> None:
    cable = cableformat.loads(text)
    assert [d.code for d in cable.diagnostics] == ["not-a-cable"]
    assert (cable.diagnostics[0].line, cable.diagnostics[0].column) == (1, 1)
    assert cableformat.dumps(cable) == text  # nothing lost
    with pytest.raises(ParseError, match="not a cable"):
        cableformat.loads(text, strict=True)


@pytest.mark.parametrize(
    "text",
    [
        "UNCLAS STATE 000123\n\nSUBJECT: X\n",
        "1. (C) A portion-marked paragraph.\n",
        "BERN 00000881 002 OF 002\nThe text goes on.\n",
        "R 141230Z FEB 09\nFM AMEMBASSY ATLANTIS\n",
        "This record is a partial extract of the original cable. The full text of the original "
        "cable is not available.\n",
    ],
)
def test_any_part_only_a_cable_has_makes_it_one(text: str) -> None:
    assert not cableformat.loads(text).diagnostics


def test_a_cable_read_badly_is_still_a_cable() -> None:
    # The date-time group is malformed: the diagnostic says so, and not "no cable".
    cable = cableformat.loads("R 320000Z JAN 08\nnot a cable\n")
    assert [d.code for d in cable.diagnostics] == ["bad-dtg"]


def test_a_keyword_with_nothing_read_names_its_line() -> None:
    cable = cableformat.loads("R 141230Z FEB 09\nFM AMEMBASSY ATLANTIS\nTO\n\nUNCLAS\n")
    (diagnostic,) = cable.diagnostics
    assert (diagnostic.line, diagnostic.code) == (3, "unread-line")
    assert "TO line that could not be read" in diagnostic.message
    assert cable.unparsed == ("TO",)


def test_a_field_written_again_is_kept_and_named() -> None:
    text = (
        "R 141230Z FEB 09\nFM AMEMBASSY ATLANTIS\nFM AMEMBASSY ELSEWHERE\nTO SECSTATE WASHDC\n"
        "\nUNCLAS ATLANTIS 000123\n\nSUBJECT: X\n"
    )
    cable = cableformat.loads(text)
    assert cable.sender == "AMEMBASSY ATLANTIS"
    (diagnostic,) = cable.diagnostics
    assert diagnostic.line == 3 and "FM line again" in diagnostic.message
    assert cableformat.dumps(cable) == text


def test_check_counts_files_with_no_cable_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("UNCLAS STATE 000123\n\nSUBJECT: X\n\n1. TEXT.\n")
    (tmp_path / "in" / "list.txt").write_text(NOT_CABLES["a shopping list"])
    assert main(["check", str(tmp_path / "in"), "--json", "--jobs", "1"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["exact"] == 1
    assert report["changed"] == []
    assert [Path(f["source"]).name for f in report["not_cables"]] == ["list.txt"]


def test_convert_reports_a_file_with_no_cable_and_writes_nothing_for_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("UNCLAS STATE 000123\n\nSUBJECT: X\n\n1. TEXT.\n")
    (tmp_path / "in" / "index.json").write_text(NOT_CABLES["a JSON index"])
    out = tmp_path / "out"
    assert main(["convert", str(tmp_path / "in"), "--to", "text", "-o", str(out)]) == 1
    written = sorted(p.name for p in out.iterdir() if p.name != "cableformat-report.json")
    assert len(written) == 1 and "index" not in written[0]
    report = json.loads((out / "cableformat-report.json").read_text(encoding="utf-8"))
    (failure,) = report["failed"]
    assert Path(failure["source"]).name == "index.json"
    assert failure["error"].startswith("not a cable")
    assert "index.json" in capsys.readouterr().err


# --- the archive pages' top lines -------------------------------------------------------

ARCHIVE_1978 = """\
CONFIDENTIAL
PAGE 01
ATLANTIS 30317 090657Z
ACTION EUR-03
INFO OCT-01 ISO-00 /004 W
------------------074377 090709Z /21
P 090651Z DEC 78
FM AMEMBASSY ATLANTIS
TO SECSTATE WASHDC PRIORITY 0140
C O N F I D E N T I A L ATLANTIS 30317
E.O. 12065: GDS 12/08/78 (GARRISON, MARK) OR-M
TAGS: OGEN
SUBJECT: OFFICIAL-INFORMAL
Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014
1. (U) THE LETTER WAS FORWARDED TO HIM IN BONN AND WE HAD HOPED TO SEND IT BACK WITH
THE COURIER, BUT
Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014
CONFIDENTIAL
PAGE 02
ATLANTIS 30317 090657Z
THE COURIER LEFT EARLY.
"""


def test_the_1978_archive_page_top() -> None:
    cable = cableformat.loads(ARCHIVE_1978)
    assert cableformat.dumps(cable) == ARCHIVE_1978
    assert not cable.diagnostics and not cable.unparsed
    # The marking over the first page line is the one each page repeats over its own.
    assert cable.header_breaks == (PageLine("PAGE 01 ATLANTIS 30317 090657Z", ("CONFIDENTIAL",)),)
    assert cable.reference_id == "78ATLANTIS30317"
    assert cable.subject == "OFFICIAL-INFORMAL"  # the stamp under it is no part of it
    paragraph = cable.body[1]
    assert isinstance(paragraph, cableformat.Paragraph)
    assert paragraph.text.endswith("WITH THE COURIER, BUT THE COURIER LEFT EARLY.")
    assert "Declassified" not in paragraph.text
    assert [type(b) for b in paragraph.breaks] == [Text, PageLine]
    assert paragraph.breaks[1] == PageLine("PAGE 02 ATLANTIS 30317 090657Z", ("CONFIDENTIAL",))


def test_an_edited_two_line_page_line_is_written_on_one_and_read_back() -> None:
    cable = cableformat.loads(ARCHIVE_1978)
    page = PageLine("PAGE 01 ELSEWHERE 00001 010101Z", ("CONFIDENTIAL",))
    edited = attrs.evolve(cable, header_breaks=(page,))
    assert cableformat.loads(cableformat.dumps(edited)).header_breaks == (page,)


INFO_ONLY = """\
INFO  LOG-00   MFA-00   EEB-00   AF-00    AGRE-00  AIT-00   AMAD-00
      AOP-00   AEX-00   SWCI-00    /007R

P 182318Z FEB 09
FM SECSTATE WASHDC
TO AMEMBASSY ATLANTIS PRIORITY

S E C R E T STATE 015113

SUBJECT: A SUBJECT

1. (S) TEXT.
"""


def test_office_codes_without_an_action_line_are_the_distribution() -> None:
    cable = cableformat.loads(INFO_ONLY)
    assert cableformat.dumps(cable) == INFO_ONLY
    assert not cable.unparsed and not cable.diagnostics
    assert cable.distribution == Distribution(
        (),
        tuple(
            [
                "LOG-00",
                "MFA-00",
                "EEB-00",
                "AF-00",
                "AGRE-00",
                "AIT-00",
                "AMAD-00",
                "AOP-00",
                "AEX-00",
                "SWCI-00",
            ]
        ),
        "007R",
    )


def test_info_codes_alone_refuse_a_keyword_or_number() -> None:
    with pytest.raises(ValueError, match="INFO codes alone"):
        Distribution((), ("LOG-00",), keyword="ORIGIN")
    with pytest.raises(ValueError, match="at least one office"):
        Distribution(())


# --- the corpus --------------------------------------------------------------------------


def test_no_corpus_file_that_is_a_cable_is_said_to_be_none(corpus: Path) -> None:
    not_cables = []
    for path in sorted(corpus.rglob("*")):
        if path.suffix not in (".txt", ".html", ".md") or not path.is_file():
            continue
        for record in cableformat.read(path):
            if any(d.code == "not-a-cable" for d in record.cable.diagnostics):
                not_cables.append(path.relative_to(corpus).as_posix())
    # The notes beside the cables are the only files with no cable.
    assert not_cables and all(name.endswith("README.md") for name in not_cables)


def test_every_cable_opening_with_office_codes_has_them_as_its_distribution(
    corpus: Path,
) -> None:
    opening = 0
    for path in sorted((corpus / "cablegate" / "txt").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("INFO  "):
            continue
        opening += 1
        cable = cableformat.loads(text)
        assert cable.distribution is not None and cable.distribution.info, path.name
        assert not any(line.startswith("INFO") for line in cable.unparsed), path.name
    assert opening >= 15


def test_every_archive_page_has_its_banner_and_first_page_line(corpus: Path) -> None:
    for path in sorted((corpus / "plusd").glob("*.txt")):
        cable = cableformat.load(path)
        first = path.read_text(encoding="utf-8").split("\n", 1)[0].strip()
        pages = [b for b in cable.header_breaks if isinstance(b, PageLine)]
        if first in ("CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "LIMITED OFFICIAL USE"):
            # Over its page line (or set off from it): the page's marking, or the banner.
            banner = cable.banner.marking if cable.banner else None
            assert banner == first or pages[0].markings == (first,), path.name
        assert pages and pages[0].text.startswith("PAGE 01 "), path.name
        assert len(pages[0].text.split()) >= 4, path.name  # the post and serial too
        assert not any("Declassified/Released" in line for line in cable.unparsed), path.name


def test_a_bare_marking_atop_the_text_is_its_banner() -> None:
    text = "CONFIDENTIAL\n\nR 171512Z JAN 90\nFM AMCONSUL ATLANTIS\nTO SECSTATE WASHDC 0001\n"
    cable = cableformat.loads(text)
    assert cable.banner is not None and cable.banner.marking == "CONFIDENTIAL"
    assert not cable.unparsed and not cable.diagnostics
    assert cableformat.dumps(cable) == text


def test_a_bare_marking_over_the_first_page_line_is_that_page_lines() -> None:
    text = "CONFIDENTIAL\n\nPAGE 01        ATLANTIS  00097  01 OF 03  182017Z\nACTION AF-00\n\n"
    text += "R 171512Z JAN 90\nFM AMCONSUL ATLANTIS\nTO SECSTATE WASHDC 0001\n"
    cable = cableformat.loads(text)
    assert cable.header_breaks[0] == PageLine(
        "PAGE 01        ATLANTIS  00097  01 OF 03  182017Z", ("CONFIDENTIAL",)
    )
    assert not cable.unparsed and not cable.diagnostics
    assert cableformat.dumps(cable) == text


def test_a_bare_marking_lower_down_is_no_banner() -> None:
    text = "R 171512Z JAN 90\nFM AMCONSUL ATLANTIS\nTO SECSTATE WASHDC 0001\nCONFIDENTIAL\n"
    assert cableformat.loads(text).banner is None
