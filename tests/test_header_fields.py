"""Header and envelope fields as a careful reader gives them, on fixtures of our own.

Each test is one class of layout seen in real cables: a field glued to the end of
another's line, a keyword after a portion marking, signals after the date-time group.
Every fixture also round-trips byte for byte, and edits stay local.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import cableformat
from cableformat import Addressee, PageLine, RunningHeader

ENVELOPE = """\
R 021200Z MAY 08
FM AMEMBASSY NOWHERE
TO RUEHC/SECSTATE WASHDC 0001
"""


def _read(text: str) -> cableformat.Cable:
    cable = cableformat.loads(text)
    assert cableformat.dumps(cable) == text
    assert cable.diagnostics == ()
    return cable


def _header(*lines: str) -> str:
    return ENVELOPE + "\nC O N F I D E N T I A L NOWHERE 000042\n\n" + "\n".join(lines) + "\n"


# --- subject ---------------------------------------------------------------------------


@pytest.mark.parametrize("marking", ["C", "SBU", "U", "S//NF", "S/REL UK"])
def test_a_portion_marking_in_front_of_the_subject_is_its_own_field(marking: str) -> None:
    cable = _read(_header(f"SUBJECT: ({marking}) TALKS WITH THE MINISTER", "", "1. Text."))
    assert cable.subject == "TALKS WITH THE MINISTER"
    assert cable.subject_marking == marking


def test_editing_the_subject_or_its_marking_writes_the_line_canonically() -> None:
    cable = _read(_header("SUBJECT:  (C)  TALKS", "", "1. Text."))
    text = cableformat.dumps(attrs.evolve(cable, subject="NEW TALKS"))
    assert "SUBJECT: (C) NEW TALKS\n" in text
    text = cableformat.dumps(attrs.evolve(cable, subject_marking="S"))
    assert "SUBJECT: (S) TALKS\n" in text
    text = cableformat.dumps(attrs.evolve(cable, subject_marking=None))
    assert "SUBJECT: TALKS\n" in text
    again = cableformat.loads(text)
    assert (again.subject, again.subject_marking) == ("TALKS", None)


def test_a_wrapped_subject_stops_at_a_running_header() -> None:
    cable = _read(
        _header(
            "SUBJECT: A SUBJECT LONG ENOUGH TO WRAP",
            "NOWHERE 00000042 001.2 OF 003",
            "Classified By: Ambassador Jane Doe for reasons 1.4 (b) and (d).",
            "",
            "1. Text.",
        )
    )
    assert cable.subject == "A SUBJECT LONG ENOUGH TO WRAP"
    assert cable.header_breaks == (RunningHeader("NOWHERE 00000042 001.2 OF 003"),)
    assert cable.classified_by is not None
    assert cable.classified_by.name == "Jane Doe"


def test_a_wrapped_subject_stops_at_a_page_line() -> None:
    cable = _read(
        _header(
            "SUBJECT: A SUBJECT",
            "PAGE 02 NOWHERE 00042 01 OF 02 021200Z",
            "REF: STATE 1234",
            "",
            "1. Text.",
        )
    )
    assert cable.subject == "A SUBJECT"
    assert cable.header_breaks == (PageLine("PAGE 02 NOWHERE 00042 01 OF 02 021200Z"),)
    assert cable.cited_ids == ("08STATE1234",)


@pytest.mark.parametrize(
    ("line", "subject", "refs", "official"),
    [
        ("SUBJECT: TALKS REF: STATE 1234", "TALKS", ("08STATE1234",), None),
        ("SUBJECT: TALKS CLASSIFIED BY: Jane Doe, Ambassador; REASON: 1.4(B)", "TALKS", (), "x"),
        (
            "SUBJECT: TALKS  REF: NOWHERE 00079  Classified By: DCM John Roe for Reasons 1.4(b)",
            "TALKS",
            ("08NOWHERE79",),
            "x",
        ),
        (
            "SUBJECT: TALKS REF: NOWHERE 12 NOWHERE 00000042 001.2 OF 003",
            "TALKS",
            ("08NOWHERE12",),
            None,
        ),
    ],
)
def test_fields_glued_to_the_subject_line_are_their_own(
    line: str, subject: str, refs: tuple[str, ...], official: str | None
) -> None:
    cable = _read(_header(line, "", "1. Text."))
    assert cable.subject == subject
    assert cable.cited_ids == refs
    assert (cable.classification_authority is not None) == (official is not None)
    assert "REF" not in (cable.subject or "")


def test_an_edit_of_a_glued_field_puts_it_on_its_own_line() -> None:
    text = _header("SUBJECT: TALKS REF: STATE 1234", "", "1. Text.")
    cable = _read(text)
    edited = cableformat.dumps(attrs.evolve(cable, subject="OTHER TALKS"))
    assert "SUBJECT: OTHER TALKS\nREF: STATE 1234\n" in edited
    again = cableformat.loads(edited)
    assert (again.subject, again.cited_ids) == ("OTHER TALKS", ("08STATE1234",))
    edited = cableformat.dumps(attrs.evolve(cable, references=()))
    assert "SUBJECT: TALKS \n\n1. Text." in edited


# --- tags, E.O. and a header on one line ------------------------------------------------


def test_tags_written_on_the_eo_line_are_read() -> None:
    cable = _read(_header("E.O. 12958: DECL: 2020/01/21 TAGS: SENV ENRG BR", "SUBJECT: X"))
    assert cable.tags == ("SENV", "ENRG", "BR")
    assert cable.executive_order is not None
    assert cable.executive_order.instruction == "DECL: 2020/01/21"
    assert cable.executive_order.declassify_on == dt.date(2020, 1, 21)


def test_lower_case_keywords_on_one_line_are_read() -> None:
    cable = _read(_header("E.o. 12958: decl: 01/07/2014 Tags: prel, pgov, tu Subject: a visit"))
    assert cable.tags == ("PREL", "PGOV", "TU")
    assert cable.subject == "a visit"


def test_a_header_written_on_one_line() -> None:
    text = ENVELOPE + (
        "\nC O N F I D E N T I A L SECTION 01 OF 02 STATE 000284 SIPDIS "
        "E.O. 12958: DECL: 01/04/2020 TAGS: MASS MARR SUBJECT: A PLAN\n\n1.(U) Text.\n"
    )
    cable = _read(text)
    assert cable.reference_id == "08STATE284"
    assert cable.captions == ("SIPDIS",)
    assert cable.tags == ("MASS", "MARR")
    assert cable.subject == "A PLAN"
    assert cable.executive_order is not None
    assert cable.executive_order.declassify_on == dt.date(2020, 1, 4)


def test_person_and_multi_word_tags_are_one_item_each() -> None:
    cable = _read(_header("TAGS: OVIP (CLINTON, HILLARY) PREL COUNTER TERRORISM", "SUBJECT: X"))
    assert cable.tags == ("OVIP", "CLINTON, HILLARY", "PREL", "COUNTER TERRORISM")
    edited = attrs.evolve(cable, tags=(*cable.tags, "KPAO"))
    assert cableformat.loads(cableformat.dumps(edited)).tags == edited.tags


def test_a_caption_then_instructions_on_one_line() -> None:
    cable = _read(_header("SIPDIS  STATE FOR EUR/RUS", "E.O. 12958: N/A", "SUBJECT: X"))
    assert cable.captions == ("SIPDIS",)
    assert cable.instructions == ("STATE FOR EUR/RUS",)


# --- classification ----------------------------------------------------------------------


@pytest.mark.parametrize("banner", ["SECRET NOFORN", "SECRET//NOFORN", "SECRET/NOFORN"])
def test_a_noforn_banner_under_the_classification_line(banner: str) -> None:
    text = ENVELOPE + f"\nS E C R E T NOWHERE 000042\n\n{banner}\n\nSUBJECT: X\n"
    cable = _read(text)
    assert cable.classification == "SECRET//NOFORN"
    assert cable.unparsed == ()


def test_a_stray_backslash_does_not_hide_the_classification_line() -> None:
    cable = _read(ENVELOPE + "\nUNCLAS NOWHERE 000042 \\\nSUBJECT: X\n")
    assert cable.classification_line is not None
    assert cable.reference_id == "08NOWHERE42"


def test_a_corrected_copy_line_is_a_caption() -> None:
    cable = _read(_header("C O R R E C T E D COPY (ADDED TAGS)", "SUBJECT: X"))
    assert cable.captions == ("C O R R E C T E D COPY (ADDED TAGS)",)


# --- classified by ----------------------------------------------------------------------


def test_classified_by_after_a_portion_marking() -> None:
    cable = _read(
        _header(
            "SUBJECT: X",
            "",
            "(U) Classified by Ambassador Jane Doe; reasons: 1.5 (b,d).",
            "",
            "1. Text.",
        )
    )
    auth = cable.classification_authority
    assert auth is not None
    assert (auth.marking, auth.title, auth.name) == ("U", "Ambassador", "Jane Doe")
    assert auth.reasons == ("1.5(b)", "1.5(d)")
    edited = attrs.evolve(
        cable, classification_authority=attrs.evolve(auth, official="DCM John Roe")
    )
    again = cableformat.loads(cableformat.dumps(edited))
    assert again.classification_authority == edited.classification_authority


def test_classified_by_in_the_first_paragraph() -> None:
    cable = _read(
        _header(
            "SUBJECT: X",
            "",
            "1. (U) Classified by Acting DAS James Knight, Reasons 1.4",
            "(b) and (d).",
            "",
            "2. (C) Text.",
        )
    )
    assert cable.classification_authority is None
    auth = cable.classified_by
    assert auth is not None
    assert (auth.marking, auth.name, auth.reasons) == ("U", "James Knight", ("1.4(b)", "1.4(d)"))


def test_classified_by_glued_after_a_ref() -> None:
    cable = _read(
        _header(
            "SUBJECT: X",
            "",
            "REF: NOWHERE 20 Classified By: DCM John Roe for reasons",
            "1.4 (b) and (d).",
            "",
            "1. (C) Text.",
        )
    )
    assert [r.text for r in cable.references] == ["NOWHERE 20"]
    assert cable.classified_by is not None
    assert cable.classified_by.name == "John Roe"
    assert cable.classified_by.reasons == ("1.4(b)", "1.4(d)")


def test_a_lettered_ref_list_goes_on_at_a_parenthesised_label() -> None:
    cable = _read(
        _header(
            "SUBJECT: X",
            "REF: (A) 08 STATE 61194",
            "(B) 7 FAM 180",
            "(C) 09 STATE 30541",
            "",
            "1. Text.",
        )
    )
    assert [r.label for r in cable.references] == ["A", "B", "C"]
    assert cable.unparsed == ()


# --- envelope ---------------------------------------------------------------------------


def test_a_banner_above_the_envelope() -> None:
    text = "UNCLASSIFIED   STATE   00100153\n" + ENVELOPE + "\nUNCLAS STATE 100153\n\nSUBJECT: X\n"
    cable = _read(text)
    assert cable.banner is not None
    assert cable.banner.marking == "UNCLASSIFIED"
    assert cable.sender == "AMEMBASSY NOWHERE"
    assert cable.date == dt.datetime(2008, 5, 2, 12, 0, tzinfo=dt.UTC)
    assert cable.reference_id == "08STATE100153"
    assert cable.unparsed == ()


@pytest.mark.parametrize("signals", ["ZFF4", "ZFF3", "(CCY ADC1AECC MSI3311-632)", "ZDK"])
def test_signals_after_the_date_time_group(signals: str) -> None:
    cable = _read(f"O R 181205Z NOV 75   {signals}\nFM AMEMBASSY NOWHERE\nTO SECSTATE WASHDC\n")
    assert cable.dtg is not None
    assert cable.dtg.suffix == signals
    assert cable.date == dt.datetime(1975, 11, 18, 12, 5, tzinfo=dt.UTC)
    assert cable.sender == "AMEMBASSY NOWHERE"


def test_a_serial_range_keeps_precedence_and_serial_apart() -> None:
    cable = _read(
        "O 021200Z MAY 08\nFM SECSTATE WASHDC\nTO RUEHAK/AMEMBASSY ANKARA IMMEDIATE 7721-7722\n"
        "ZEN/AMEMBASSY RIGA NIACT IMMEDIATE 0612-0615\n"
    )
    assert cable.to == (
        Addressee("AMEMBASSY ANKARA", "RUEHAK", "IMMEDIATE", "7721-7722"),
        Addressee("AMEMBASSY RIGA", "ZEN", "NIACT IMMEDIATE", "0612-0615"),
    )


def test_a_page_line_after_the_to_keyword_is_a_page_line() -> None:
    cable = _read(
        "P 182318Z FEB 09\nFM SECSTATE WASHDC\nTO PAGE 02        STATE   015113  182333Z\n"
        "ALL DIPLOMATIC POSTS COLLECTIVE PRIORITY\nAMEMBASSY TRIPOLI PRIORITY\n"
    )
    assert [a.address for a in cable.to] == ["ALL DIPLOMATIC POSTS COLLECTIVE", "AMEMBASSY TRIPOLI"]
    assert cable.header_breaks == (PageLine("PAGE 02        STATE   015113  182333Z"),)


def test_office_codes_are_never_addressees() -> None:
    cable = _read(
        "P 182318Z FEB 09\nFM SECSTATE WASHDC\nTO AMEMBASSY TRIPOLI\n"
        "INFO  LOG-00   EEB-00   AF-00\n"
    )
    assert [a.address for a in cable.to] == ["AMEMBASSY TRIPOLI"]
    assert cable.info == ()


# --- the year of a cable without a date-time group ---------------------------------------


def test_the_year_to_assume_gives_the_id_and_citations() -> None:
    text = (
        "C O N F I D E N T I A L MADRID 001731\n\nSUBJECT: X\nREF: A. MADRID 1700 B. 03 STATE 5\n"
    )
    assert cableformat.loads(text).reference_id is None
    assert cableformat.loads(text).cited_ids == ("03STATE5",)
    cable = cableformat.loads(text, year=2004)
    assert cable.reference_id == "04MADRID1731"
    assert cable.cited_ids == ("04MADRID1700", "03STATE5")
    # A date-time group in the text wins over the year assumed.
    dated = cableformat.loads(ENVELOPE + "\n" + text, year=1999)
    assert dated.reference_id == "08MADRID1731"


def test_readers_pass_the_publishers_year(tmp_path: pytest.TempPathFactory) -> None:
    from cableformat._readers import publisher_year

    assert publisher_year({"created": "2004-02-11 16:04"}) == 2004
    assert publisher_year({"created": "12/28/1966 18:48"}) == 1966
    assert publisher_year({}) is None


def test_only_a_portion_marking_moves_with_a_glued_classified_by() -> None:
    cable = _read(_header("SUBJECT: TALKS (ICO) Classified By: Jane Doe", "", "1. Text."))
    assert cable.subject == "TALKS (ICO)"
    assert cable.classification_authority is not None
    assert cable.classification_authority.marking is None
    cable = _read(_header("SUBJECT: TALKS (U) Classified By: Jane Doe", "", "1. Text."))
    assert cable.subject == "TALKS"
    assert cable.classification_authority is not None
    assert cable.classification_authority.marking == "U"


def test_a_redacted_post_on_the_classification_line_takes_the_fm_post() -> None:
    text = (
        ENVELOPE.replace("NOWHERE", "SHENYANG") + "\nC O N F I D E N T I A L XXXXXXXXXXXX 000004\n"
    )
    cable = _read(text)
    assert cable.origin == "SHENYANG"
    assert cable.reference_id == "08SHENYANG4"


def test_a_wrapped_instruction_is_one_instruction() -> None:
    cable = _read(
        _header(
            "DEPT FOR EUR/RUS, EEB/ESC GALLOGLY,",
            "S/EEE MORNINGSTAR, INR",
            "STATE FOR EUR/WE AND",
            "NSC FOR FRIED",
            "E.O. 12958: N/A",
            "SUBJECT: X",
        )
    )
    assert cable.instructions == (
        "DEPT FOR EUR/RUS, EEB/ESC GALLOGLY, S/EEE MORNINGSTAR, INR",
        "STATE FOR EUR/WE AND",
        "NSC FOR FRIED",
    )
    assert cable.unparsed == ()


def test_typing_slips_in_header_lines() -> None:
    cable = _read(
        _header(
            "C O R R E C T E D C O P Y (ADDED NOFORN)",
            "SUBJECT: SUBJECT: TALKS",
            "REF: A. A) NOWHERE 91 B. (B) STATE 12",
        )
    )
    assert cable.captions == ("C O R R E C T E D C O P Y (ADDED NOFORN)",)
    assert cable.subject == "TALKS"
    assert [(r.label, r.text) for r in cable.references] == [("A", "NOWHERE 91"), ("B", "STATE 12")]


def test_a_security_line_keeps_what_follows_its_code() -> None:
    cable = _read("ZNY SSSSS ZZH (CCY AD3230EB MSI1033-695)\n" + ENVELOPE)
    assert cable.security is not None
    assert (cable.security.level, cable.security.suffix) == (
        "SECRET",
        "ZZH (CCY AD3230EB MSI1033-695)",
    )
    assert cable.unparsed == ()


def test_a_lower_case_classification_line_gives_the_post_in_capitals() -> None:
    cable = _read(ENVELOPE + "\nS e c r e t berlin 000643\n\nSUBJECT: X\n")
    assert cable.origin == "BERLIN"
    assert cable.reference_id == "08BERLIN643"


def test_reasons_after_a_blank_line_belong_to_classified_by() -> None:
    cable = _read(
        _header(
            "SUBJECT: X",
            "",
            "CLASSIFIED BY: AMBASSADOR JOHN ROE FOR REASON",
            "",
            "1.4(C).",
            "",
            "1. TEXT.",
        )
    )
    auth = cable.classification_authority
    assert auth is not None
    assert (auth.official, auth.reasons) == ("AMBASSADOR JOHN ROE", ("1.4(c)",))
    assert [p.number for p in cable.paragraphs] == [1]


def test_a_handling_sentence_is_a_caption_not_part_of_a_ref() -> None:
    cable = _read(
        _header(
            "E.0. 12958: N/A",
            "SUBJECT: X",
            "REF: NOWHERE 2808",
            "Sensitive but unclassified; not for Internet Distribution.",
        )
    )
    assert [r.text for r in cable.references] == ["NOWHERE 2808"]
    assert cable.captions == ("Sensitive but unclassified; not for Internet Distribution.",)
    assert cable.executive_order is not None
    assert cable.executive_order.instruction == "N/A"


def test_a_partial_extract_says_so() -> None:
    notice = (
        "This record is a partial extract of the original cable. The full text is not available."
    )
    cable = _read(notice + "\n\n" + ENVELOPE + "\nC O N F I D E N T I A L NOWHERE 000042\n")
    assert cable.is_partial
    assert cable.reference_id == "08NOWHERE42"
    assert not _read(ENVELOPE).is_partial
    assert cableformat.loads(notice).is_partial


def test_a_first_paragraph_glued_to_classified_by_is_the_body() -> None:
    cable = _read(
        _header(
            "SUBJECT: X",
            "CLASSIFIED BY: Jane Doe, DCM. REASON: 1.4 (b), (d) 1. (C) Summary: Talks.",
        )
    )
    auth = cable.classification_authority
    assert auth is not None
    assert (auth.name, auth.reasons) == ("Jane Doe", ("1.4(b)", "1.4(d)"))
    assert cable.paragraphs[0] == cableformat.Paragraph(1, "Summary: Talks.", "C")
    assert cable.summary == "Talks."
