"""Paragraphs whole across section breaks, inserted captions and cut sentences; words
hyphenated at a line end joined.  Fixtures of our own; each round-trips byte for byte."""

from __future__ import annotations

import attrs
import pytest

import cableformat
from cableformat import Bullet, Heading, Paragraph, RunningHeader, Text
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


def test_a_long_paragraph_cut_after_a_word_goes_on_with_capitalised_prose() -> None:
    cut = "Wang said that most organizations registered as NGOs in China, such as the China"
    cable = _read(f"17. (SBU) {cut}\n\nWomen's Association, are not truly NGOs at all.\n")
    assert cable.paragraphs[0].text == f"{cut} Women's Association, are not truly NGOs at all."
    assert len(cable.body) == 1


@pytest.mark.parametrize(
    "after",
    [
        "Alleged Coaching on the Constituent Assembly Vote Today",  # a heading: no stop
        "ROCK",  # the signer
        "A. The first item of a list of several items.",  # an item
        "UPDATE ON THE NAMES THE MINISTRY PROVIDED LAST WEEK.",  # capitals under prose
    ],
)
def test_a_capitalised_line_that_is_no_prose_does_not_go_on(after: str) -> None:
    before = "The minister said the referendum may change how the party will proceed with its plan"
    cable = _read(f"4. (C) {before}\n\n{after}\n")
    assert cable.paragraphs[0].text == before


def test_end_summary_without_a_stop_ends_the_paragraph() -> None:
    before = "The referendum may change how the party will proceed with a vote. End summary"
    cable = _read(f"1. (C) {before}\n\nThe Venezuelan coaching of the assembly was open.\n")
    assert cable.paragraphs[0].text == before


def test_a_running_header_glued_into_a_line_is_no_part_of_the_text() -> None:
    line = "4. (C) It has meant social reforms NOWHERE 00000042 002.2 OF 003 and programs."
    cable = _read(line + "\n")
    assert cable.paragraphs[0].text == "It has meant social reforms and programs."
    cable = _read("Visit to a country LA PAZ 00000042 002 OF 003\nnext week, TO LA PAZ.\n")
    assert cable.body[0].text == "Visit to a country next week, TO LA PAZ."
    # The post is cut to ten characters; only the words that name it are left out.
    cable = _read("1. THE VISIT TO BUENOS AIR 00000042 002 OF 003 WENT WELL.\n")
    assert cable.paragraphs[0].text == "THE VISIT TO WENT WELL."


def test_a_heading_and_its_rule_on_one_line() -> None:
    cable = _read("------- Summary -------\n\n1. (C) Text.\n\nWASHINGTON AGENDA -----\n")
    assert cable.body[0] == Heading("Summary")
    assert cable.body[-1] == Heading("WASHINGTON AGENDA")
    # A numbered paragraph or a bullet that ends in dashes stays what it is.
    cable = _read("2. (C) He paused ---\n\n-- a bullet -----\n")
    assert isinstance(cable.body[0], Paragraph)
    assert isinstance(cable.body[1], Bullet)


def test_a_heading_run_onto_the_end_of_a_paragraph() -> None:
    para = "4. (C) " + "The minister said the plan was ready for the vote next week. " * 2
    cable = _read(f"{para}------- Policy Issues -------\n\n5. (C) Next.\n")
    assert cable.paragraphs[0].text.endswith("for the vote next week.")
    assert cable.body[1] == Heading("Policy Issues")
    # Its rule on the next line, the heading in title case after the last sentence.
    cable = _read(f"{para}The Complaint\n-------------\n\n5. (C) Next.\n")
    assert cable.body[1] == Heading("The Complaint")
    # A sentence in lower case is no heading; End Summary stays in its paragraph.
    cable = _read(f"{para}On Monday he boarded a bus\n-------------\n")
    assert "boarded a bus" in cable.paragraphs[0].text
    cable = _read(f"{para}END SUMMARY ----------\n\nNext Steps\n----------\n")
    assert cable.paragraphs[0].text.endswith("END SUMMARY")
    assert cable.body[-1] == Heading("Next Steps")


def test_a_heading_whose_rule_a_break_moved_below_it() -> None:
    cable = _read(f"1. (C) Text.\n\nBattle Lines in Peacetime\n{RH}\n---------\n\n2. Next.\n")
    assert cable.body[1] == Heading("Battle Lines in Peacetime")
    assert cable.body[2] == RunningHeader(RH)
    framed = f"1. (C) Text.\n\n-------\nGoing Nuclear?\n\n{RH}\n\n-------\n\n2. Next.\n"
    assert Heading("Going Nuclear?") in _read(framed).body


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


def test_a_break_is_not_written_before_a_word_that_would_open_a_block() -> None:
    # Cut before "--", the line after the break would read as a bullet of its own.
    bullet = Bullet("the talks -- the end", "--", (RunningHeader(RH),))
    cable = cableformat.Cable(body=(bullet,))
    assert cableformat.loads(cableformat.dumps(cable)).body == (bullet,)
