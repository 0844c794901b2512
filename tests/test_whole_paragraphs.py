"""Paragraphs whole across section breaks, inserted captions and cut sentences; words
hyphenated at a line end joined.  Fixtures of our own; each round-trips byte for byte."""

from __future__ import annotations

import attrs
import pytest

import cableformat
from cableformat import Bullet, Paragraph, RunningHeader, Text
from cableformat._wrapping import unwrap

from .test_body_fields import _read

RH = "NOWHERE 00000042 002 OF 002"


def test_a_paragraph_cut_mid_sentence_by_a_running_header_goes_on() -> None:
    cable = _read(f"17. (SBU) groups such as the China\n\n{RH}\n\n\nWomen's Association.\n")
    (para,) = cable.paragraphs
    assert para.text == "groups such as the China Women's Association."
    assert para.breaks == (RunningHeader(RH),)
    assert len(cable.body) == 1


def test_a_tight_break_always_goes_on() -> None:
    cable = _read(f"3. (C) The first sentence ends.\n{RH}\nThe second goes on.\n\n4. Next.\n")
    assert cable.paragraphs[0].text == "The first sentence ends. The second goes on."


def test_a_new_sentence_of_prose_after_a_break_goes_on_in_a_numbered_paragraph() -> None:
    cable = _read(f"3. (C) The first sentence ends.\n\n{RH}\n\nThe second goes on.\n")
    assert cable.paragraphs[0].text == "The first sentence ends. The second goes on."


def test_a_heading_or_a_closing_line_after_a_break_does_not_go_on() -> None:
    cable = _read(f"3. (C) It ends.\n\n{RH}\n\nVisit Nowhere's Classified Website at: x\n")
    assert cable.paragraphs[0].text == "It ends."
    assert isinstance(cable.body[-1], Text)


def test_a_bullet_and_a_text_go_on_too() -> None:
    cable = _read(f"-- a bullet cut\n\n{RH}\n\nin two.\n")
    assert cable.body == (Bullet("a bullet cut in two.", "--", (RunningHeader(RH),)),)
    cable = _read(f"Some prose cut\n\n{RH}\n\nin two.\n")
    assert cable.body == (Text(("Some prose cut", "in two."), (RunningHeader(RH),)),)


def test_an_inserted_sipdis_line_inside_a_sentence() -> None:
    cable = _read("2. (C) He said this was his first meeting\n\nSIPDIS\n\nwith the minister.\n")
    assert cable.paragraphs[0].text == "He said this was his first meeting with the minister."
    assert cable.paragraphs[0].breaks == (Text(("SIPDIS",)),)
    # Between whole paragraphs it stays a line of its own.
    cable = _read("2. (C) It ends.\n\nSIPDIS\n\n3. (C) Next.\n")
    assert len(cable.paragraphs) == 2


def test_a_blank_line_inside_a_sentence() -> None:
    cable = _read("5. (C) President Zapatero taunting\n\nthe Popular Party.\n")
    assert cable.paragraphs[0].text == "President Zapatero taunting the Popular Party."
    # A capitalised line after a blank line is a text of its own.
    cable = _read("5. (C) Some things to bear in mind\n\nThe total value is small.\n")
    assert len(cable.body) == 2


def test_a_signer_under_a_tight_break_is_the_signature() -> None:
    cable = _read(f"14. (U) The party cleared this cable.\n{RH}\nNEUMANN\n")
    assert cable.signature == "NEUMANN"
    assert cable.paragraphs[-1].text == "The party cleared this cable."


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (["on regularly-", "scheduled flights"], "on regularly-scheduled flights"),
        (["the walk- ", "in is screened"], "the walk-in is screened"),
        (["flights of Cubans--", "or Venezuelans"], "flights of Cubans--or Venezuelans"),
        (["a dash --", "and more"], "a dash -- and more"),
        (["a minus -", "1"], "a minus - 1"),
        (["regularly-scheduled", "flights"], "regularly-scheduled flights"),
    ],
)
def test_a_word_hyphenated_at_a_line_end_is_joined(lines: list[str], text: str) -> None:
    assert unwrap(lines) == text


def test_hyphenated_words_in_paragraphs_and_texts() -> None:
    cable = _read("1. (U) Cargo on regularly-\nscheduled flights.\n\nThe walk-\nin said so.\n")
    assert cable.paragraphs[0].text == "Cargo on regularly-scheduled flights."
    assert cable.body[1].text == "The walk-in said so."  # type: ignore[union-attr]


def test_lettered_sub_items_stay_in_their_paragraph() -> None:
    cable = _read("4. (C) He listed:\nA. one thing;\nB. another; and\n(C) a third.\n\n5. Next.\n")
    assert [p.number for p in cable.paragraphs] == [4, 5]
    assert cable.paragraphs[0].text == "He listed: A. one thing; B. another; and (C) a third."


def test_continuation_marks_of_a_dump_are_not_text() -> None:
    cable = _read(f"1. (C) A paragraph cut \\\nin the middle \\\n \\\n{RH} \\\n \\\nof it.\n")
    assert cable.paragraphs[0].text == "A paragraph cut in the middle of it."


def test_an_edited_paragraph_with_breaks_reads_back_equal() -> None:
    cable = _read(f"17. (SBU) groups such as the China\n\n{RH}\n\nWomen's Association.\n")
    new = attrs.evolve(cable.paragraphs[0], text="A new text, longer than before it was.")
    edited = attrs.evolve(cable, body=(new,))
    text = cableformat.dumps(edited)
    assert RH in text
    assert cableformat.loads(text).body == (new,)


def test_a_break_needs_two_words_to_fall_between() -> None:
    with pytest.raises(ValueError, match="two words"):
        Paragraph(1, "alone", None, (RunningHeader(RH),))
