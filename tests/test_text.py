"""The plain-text exporter: a reading text with a title, metadata and the body re-flowed."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cableformat
import cableformat_text
from cableformat import strategies as cst
from cableformat_text import WIDTH, TextExporter, wrap

EXPORTER = TextExporter()

# A small cable written for these tests: a Markdown-like TAGS line, a pilcrow, a page
# break mid-sentence (running header in mixed case too), SIPDIS inside a paragraph.
SMALL = """\
R 141230Z FEB 09
FM AMEMBASSY ATLANTIS
TO RUEHC/SECSTATE WASHDC 1234
INFO RUEHAA/AMEMBASSY ELDORADO 0567
BT
C O N F I D E N T I A L SECTION 01 OF 02 ATLANTIS 000042

SIPDIS

E.O. 12958: DECL: 02/14/2019
TAGS: [PREL](#) [PGOV](#) [XX](#)
SUBJECT: A SMALL CABLE FOR THE EXPORTER TESTS

Classified By: Ambassador Jane Roe for reasons 1.4 (b) and (d).

¶1. (C) Summary: the first paragraph.  End summary.

2. (C/NF) The second paragraph is long enough to need wrapping, and it
is cut by a page break in the middle of its

ATLANTIS 00000042 002 OF 002

sentence, which the reading text joins again.  It then goes on past
seventy-two columns with a hyphenated-word-that-is-quite-long-indeed and
an address http://www.example.invalid/a-very-long/path/that/must/not/be/broken/at/all

3. (C) Another paragraph stops in the middle of the

Atlantis 00000042 002 of 002

page, and a heading follows.

Heading Of The Section
----------------------

-- a bullet long enough to wrap onto a second line, whose continuation
is indented under its text.

ROE
"""


def lines_of(text: str) -> list[str]:
    assert text.endswith("\n") and not text.endswith("\n\n")
    return text[:-1].split("\n")


def check_reading_text(text: str) -> None:
    """What every export holds to, whatever the cable."""
    text.encode("utf-8")  # no lone surrogates
    lines = lines_of(text)
    assert lines[0] and lines[0] == lines[0].strip()
    assert lines[1] and set(lines[1]) == {"="}
    for line in lines:
        assert line == line.rstrip()
        assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029]", line)
    # The title and the metadata are one line each; the body is wrapped, and only a
    # word longer than the line may run past it.
    body = lines[lines.index("", 3) + 1 :] if "" in lines[3:] else []
    for line in body:
        assert len(line) <= WIDTH or " " not in line.lstrip("- "), line


# --- the exporter ---------------------------------------------------------------------


def test_exporter_contract() -> None:
    assert EXPORTER.name == "text"
    assert EXPORTER.media_type == "text/plain; charset=utf-8"
    assert EXPORTER.suffix == ".txt"
    assert isinstance(EXPORTER, cableformat.Exporter)
    assert not hasattr(EXPORTER, "load")
    registered: list[object] = []
    cableformat_text.register_exporters(registered.append)
    assert [type(e) for e in registered] == [TextExporter]


def test_small_cable() -> None:
    text = EXPORTER.export(cableformat.loads(SMALL))
    check_reading_text(text)
    lines = lines_of(text)
    assert lines[:10] == [
        "A SMALL CABLE FOR THE EXPORTER TESTS",
        "====================================",
        "",
        "Reference: 09ATLANTIS42",
        "Date: 2009-02-14 12:30 UTC",
        "From: AMEMBASSY ATLANTIS",
        "To: SECSTATE WASHDC",
        "Classification: CONFIDENTIAL",
        "Tags: PREL, PGOV, XX",
        "",
    ]
    body = "\n".join(lines[10:])
    assert body.startswith("1. (C) Summary: the first paragraph. End summary.\n\n2. (C/NF) ")
    # The page break is gone and the sentence is whole again.
    assert "in the middle of its sentence, which" in body.replace("\n", " ")
    assert "stops in the middle of the page, and" in body.replace("\n", " ")
    assert "00000042" not in body
    assert "hyphenated-word-that-is-quite-long-indeed" in body
    assert "\nhttp://www.example.invalid/a-very-long/path/that/must/not/be/broken/at/all\n" in body
    assert "\n\nHeading Of The Section\n\n- a bullet" in body  # no underline
    assert (
        "\n- a bullet long enough to wrap onto a second line, whose continuation is\n  indented"
        in body
    )
    assert body.endswith("\n\nROE")
    for noise in ("RUEHC", "RUEHAA", "ELDORADO", "SIPDIS", "(#)", "¶", "E.O.", "Classified By"):
        assert noise not in text


def test_summary_first() -> None:
    cable = cableformat.loads(SMALL)
    plain = EXPORTER.export(cable)
    first = EXPORTER.export(cable, summary_first=True)
    check_reading_text(first)
    assert "\n\nSummary: the first paragraph.\n\n1. (C) Summary:" in first
    assert first.replace("Summary: the first paragraph.\n\n", "", 1) == plain
    # Without a summary, nothing moves.
    none = cableformat.loads("SUBJECT: No summary\n\n1. Hello.\n")
    assert EXPORTER.export(none, summary_first=True) == EXPORTER.export(none)


def test_deterministic() -> None:
    cable = cableformat.loads(SMALL)
    assert EXPORTER.export(cable) == EXPORTER.export(cableformat.loads(SMALL))


def test_missing_metadata_is_omitted() -> None:
    text = EXPORTER.export(cableformat.loads("SUBJECT: Only a subject\n\n1. Hello.\n"))
    assert text == "Only a subject\n==============\n\n1. Hello.\n"


@pytest.mark.parametrize("source", ["", "\n\n", "\udcff\x00\r"])
def test_empty_and_broken_cables(source: str) -> None:
    text = EXPORTER.export(cableformat.loads(source))
    check_reading_text(text)
    assert lines_of(text)[0] == "Untitled cable"


def test_wide_title_is_underlined_to_its_width() -> None:
    text = EXPORTER.export(cableformat.loads("SUBJECT: 中国 NGO\n"))
    assert lines_of(text)[:2] == ["中国 NGO", "=" * 8]


# --- the corpus -----------------------------------------------------------------------


def test_seed(corpus: Path) -> None:
    cable = cableformat.load(corpus / "seed" / "000_cfbc7d7d2e690ad7.txt")
    text = EXPORTER.export(cable)
    check_reading_text(text)
    lines = lines_of(text)
    assert lines[0] == cable.subject
    assert lines[1] == "=" * len(cable.subject or "")
    for line in (
        "Reference: 07GUANGZHOU378",
        "Date: 2007-03-23 09:06 UTC",
        "From: AMCONSUL GUANGZHOU",
        "To: SECSTATE WASHDC",
        "Tags: ELAB, PHUM, EFIN, PGOV, SOCI, CH",
    ):
        assert line in lines
    assert any(line.startswith("Classification: UNCLASSIFIED") for line in lines)
    assert "RUEHC" not in text
    assert "GUANGZHOU 00000378 002.2 OF 002" not in text
    assert "[ELAB](#)" not in text
    assert "####" not in text
    assert "1. (SBU) SUMMARY: More than 20 NGO leaders" in text
    assert "\n14. (SBU) Liu commented" in text
    # A page break the seed rendered as a blank line, in mid-sentence.
    assert "such as the China Women's Association" in text.replace("\n", " ")
    assert text.endswith("\n\nROCK\n")


def test_corpus(corpus: Path) -> None:
    files = sorted((corpus / "cablegate" / "txt").glob("*.txt"))
    assert len(files) > 1000
    for path in files:
        cable = cableformat.load(path)
        text = EXPORTER.export(cable)
        check_reading_text(text)
        lines = set(lines_of(text))
        for block in cable.body:
            if isinstance(block, cableformat.RunningHeader | cableformat.PageLine):
                assert block.text.strip() not in lines, path.name
        if cable.subject:
            assert lines_of(text)[0] == " ".join(cable.subject.split())
        body = text.split("\n\n", 2)[-1]
        # No running header, page line, rule, underline or continuation mark is read.
        assert not _RUNNING_HEADER.search(body), path.name
        assert not re.search(r"^PAGE \d{2,3} ", body, re.M), path.name
        assert not re.search(r"^-{3,}$", body, re.M), path.name
        assert not re.search(r"(?:^| )\\(?: |$)", body, re.M), path.name
        if cable.summary:
            assert "\n\nSummary: " in EXPORTER.export(cable, summary_first=True)


_RUNNING_HEADER = re.compile(r"\b[A-Z]{3,}(?: [A-Z]+)* \d{8} \d{3}(?:\.\d)? OF \d{3}\b")


def test_a_dump_with_continuation_marks(corpus: Path) -> None:
    text = EXPORTER.export(cableformat.load(corpus / "cablegate" / "txt" / "07BERN881.txt"))
    assert "\\" not in text
    assert "00000881" not in text


# --- properties -----------------------------------------------------------------------

AWKWARD_TEXT = st.text(
    st.characters(codec="utf-8")
    | st.sampled_from(["\udc80", "\udcff", "\ud83d", "\x00", "\x85", "\u2028", "\r", "\t", "¶"])
)


@given(cst.cables())
def test_any_built_cable(cable: cableformat.Cable) -> None:
    check_reading_text(EXPORTER.export(cable))


@given(st.one_of(cst.cable_texts(), AWKWARD_TEXT))
def test_any_text(text: str) -> None:
    check_reading_text(EXPORTER.export(cableformat.loads(text)))


# Words as the exporter gives them to wrap(): no whitespace inside.
WORDS = st.lists(
    st.sampled_from(["a", "bb", "ccc", "non-breaking", "--", "x" * 71, "y" * 72, "z" * 73, "é"])
    | st.text(st.characters(codec="utf-8").filter(lambda c: not c.isspace()), min_size=1),
    max_size=40,
)


@given(WORDS, st.sampled_from([("", ""), ("- ", "  "), ("12. (S/NF) ", "")]))
def test_wrap_is_textwrap(words: list[str], indents: tuple[str, str]) -> None:
    text = " ".join(words)
    expected = textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indents[0],
        subsequent_indent=indents[1],
        break_long_words=False,
        break_on_hyphens=False,
    )
    assert wrap(text, *indents) == expected
