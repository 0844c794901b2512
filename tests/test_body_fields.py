"""Body values a reader looks for first: the signer, the summary, comments.

Fixtures of our own, one per way a cable writes them; each also round-trips byte for byte.
"""

from __future__ import annotations

import attrs
import pytest

import cableformat
from cableformat import Paragraph, Signature, Text

HEAD = "R 021200Z MAY 08\nFM AMEMBASSY NOWHERE\nTO SECSTATE WASHDC\n\nUNCLAS NOWHERE 000042\n\n"


def _read(body: str) -> cableformat.Cable:
    text = HEAD + body
    cable = cableformat.loads(text)
    assert cableformat.dumps(cable) == text
    return cable


def test_a_name_alone_after_a_blank_line() -> None:
    cable = _read("1. Text of the cable.\n\nROCK\n")
    assert cable.signature == "ROCK"


def test_a_name_just_under_the_last_paragraph() -> None:
    cable = _read("1. Text of the cable.\n\n7. (C) The last paragraph ends here.\nDINGER\n")
    assert cable.signature == "DINGER"
    assert cable.paragraphs[-1].text == "The last paragraph ends here."
    assert isinstance(cable.body[-1], Signature)


def test_a_name_at_the_end_of_the_last_line() -> None:
    cable = _read("1. Text.\n\nEnd Text. CLINTON\n")
    assert cable.signature == "CLINTON"
    assert cable.body[-2] == Text(("End Text.",))
    cable = _read("1. The militants are winning. XXXXXXXXXXX STEPHENS\n")
    assert cable.signature == "STEPHENS"


def test_a_name_written_twice_is_read_once() -> None:
    assert _read("1. Text.\n\nKUBISKE KUBISKE\n").signature == "KUBISKE"


@pytest.mark.parametrize(
    "after",
    [
        "CONFIDENTIAL",
        "NNNN",
        "GP-3",
        "Declassified/Released US Department of State EO Systematic Review 30 JUN 2005",
        "DRAFTED: POL:JDOE\nCLEARED: DCM:JROE",
    ],
)
def test_lines_after_the_name_are_passed_over(after: str) -> None:
    assert _read(f"1. Text.\n\nGNEHM\n\n{after}\n").signature == "GNEHM"


@pytest.mark.parametrize(
    "body",
    [
        "1. THE LAST SENTENCE OF THIS CABLE GOES ON AND ON AND\nHELPFUL\n",  # a wrapped line
        "1. Text.\nEND SUMMARY.\n",
        "1. Text.\n\nXXXXXXXXXXXX\n",
        "1. Text of the cable.\n",
        "1. Text.\n\nThe Minister said so\n",
    ],
)
def test_what_is_no_signature(body: str) -> None:
    assert _read(body).signature is None


def test_a_signature_edit_is_written_canonically() -> None:
    cable = _read("7. (C) The last paragraph.\nDINGER\n")
    body = (*cable.body[:-1], Signature("JONES"))
    again = cableformat.loads(cableformat.dumps(attrs.evolve(cable, body=body)))
    assert again.signature == "JONES"
    assert again.paragraphs[-1] == Paragraph(7, "The last paragraph.", "C")


def test_summary_and_comments_come_from_the_body() -> None:
    cable = _read(
        "1. (C) Summary: The talks went well. End summary.\n\n"
        "2. (C) Details.  Comment: A good sign. End comment.\n\nROCK\n"
    )
    assert cable.summary == "The talks went well."
    assert cable.comments == ("A good sign.",)
    assert _read("1. Text.\n").summary is None


@pytest.mark.parametrize(
    ("last", "signer"),
    [
        ("(SECRET//REL Armenia) YOVANOVITCH", "YOVANOVITCH"),
        ("this program. (COMMENT: A walk. END COMMENT) HUNTSMAN", "HUNTSMAN"),
        ("the work goes on. CLINTON", "CLINTON"),
        ("(U) the (ICO) NGO", None),  # an acronym in brackets ends no sentence
        ("9. NEW PARA", None),  # a paragraph's number ends no sentence either
    ],
)
def test_a_name_after_the_last_sentence_on_its_line(last: str, signer: str | None) -> None:
    cable = cableformat.loads(f"SUBJECT: TEST\n\n1. (U) First paragraph.\n\n{last}\n")
    assert cable.signature == signer
    assert cableformat.dumps(cable).endswith(last + "\n")
