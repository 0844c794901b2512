"""What a REF item means: the cable ids it cites and its kind; then the real corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cableformat
from cableformat._ids import canonical_id
from cableformat._refs import cited_cable_ids, reference_kind, split_references

# --- cited_cable_ids: what is a citation ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("BERLIN 988", ("09BERLIN988",)),
        ("A. 08 STATE 12345", ("08STATE12345",)),
        ("2008 BERLIN 504", ("08BERLIN504",)),
        ("09STATE1234", ("09STATE1234",)),
        ("07 kuwait 4664", ("07KUWAIT4664",)),
        ("BAKU 0091", ("09BAKU91",)),
        ("SAN SALVADOR 1101", ("09SANSALVADOR1101",)),
    ],
)
def test_plain_citations(text: str, ids: tuple[str, ...]) -> None:
    assert cited_cable_ids(text, 2009) == ids


def test_a_yearless_citation_takes_the_citing_year() -> None:
    assert cited_cable_ids("PARIS 12", 1975) == ("75PARIS12",)
    assert cited_cable_ids("PARIS 12", None) == ()


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("ROME 1: ROME 2: MOSCOW 3", ("09ROME1", "09ROME2", "09MOSCOW3")),
        ("ROME 1; ROME 2", ("09ROME1", "09ROME2")),
        ("STATE 8301: TITLE OF THE CABLE", ("09STATE8301",)),
    ],
)
def test_citations_separated_by_colons_and_semicolons(text: str, ids: tuple[str, ...]) -> None:
    assert cited_cable_ids(text, 2009) == ids


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("STATE 1234 AND 5678", ("09STATE1234", "09STATE5678")),
        ("BERLIN 12, 34", ("09BERLIN12", "09BERLIN34")),
        ("08 STATE 1, 09 BERLIN 5", ("08STATE1", "09BERLIN5")),
        ("ROME 12 AND PREVIOUS", ("09ROME12",)),
    ],
)
def test_more_serials_of_one_post(text: str, ids: tuple[str, ...]) -> None:
    assert cited_cable_ids(text, 2009) == ids


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("DOHA 152 (08)", ("08DOHA152",)),
        ("(08) SAO PAULO 581", ("08SAOPAULO581",)),
        ("MOSCOW 03242 2008", ("08MOSCOW3242",)),
        ("MOSCOW 1603 OF 2008", ("08MOSCOW1603",)),
        ("STATE 1234/08", ("08STATE1234",)),
        ("BRASILIA 709 (08) SAO PAULO 542", ("09BRASILIA709", "08SAOPAULO542")),
        ("LIMA 433 LIMA 421 2008 LIMA 542", ("09LIMA433", "09LIMA421", "08LIMA542")),
        ("KABUL 5266 KABUL 4817", ("09KABUL5266", "09KABUL4817")),
        ("LAHORE 25 07 KABUL 5138", ("09LAHORE25", "07KABUL5138")),
        ("09RIYADH 1302", ("09RIYADH1302",)),
    ],
)
def test_years_before_and_after(text: str, ids: tuple[str, ...]) -> None:
    assert cited_cable_ids(text, 2009) == ids


@pytest.mark.parametrize(
    "text", ["A.STATE 1234", "A)STATE 1234", "(A)STATE 1234", "A: STATE 1234", "STATE1234"]
)
def test_labels_and_glued_serials(text: str) -> None:
    assert cited_cable_ids(text, 2009) == ("09STATE1234",)


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("EMBASSY VIENNA 1450", ("09VIENNA1450",)),
        ("AMEMBASSY VIENNA 1450", ("09VIENNA1450",)),
        ("SECSTATE 123", ("09STATE123",)),
        ("USUN 456", ("09USUNNEWYORK456",)),
        ("UNVIE 544", ("09UNVIEVIENNA544",)),
        ("RIO 346", ("09RIODEJANEIRO346",)),
        ("TEL AVIV 605", ("09TELAVIV605",)),
        ("TALLIN 309", ("09TALLINN309",)),
        ("HCMC 12", ("09HOCHIMINHCITY12",)),
    ],
)
def test_cited_posts_are_canonical(text: str, ids: tuple[str, ...]) -> None:
    assert cited_cable_ids(text, 2009) == ids


def test_a_post_the_table_lacks_counts_in_capitals() -> None:
    assert cited_cable_ids("NEWPOST 12", 2009) == ("09NEWPOST12",)
    assert cited_cable_ids("Newpost 12", 2009) == ()


@pytest.mark.parametrize(
    "text",
    [
        "DAO MADRID IIR 6 889 0123 09",
        "IIR 6 889 0123 09",
        "USDAO NAIROBI IIR 6 854 0108 08 291553Z JAN 08",
        "SMITH-JONES E-MAIL 05/11/07",
        "SMITH EMAIL 21 FEB 06",
        "SMITH MAIL 06 MARCH 06",
        "DESK 3/11 E-MAIL",
        "12 FAM 123",
        "UNSCR 1737",
        "UN SECURITY COUNCIL RESOLUTION 1737",
        "TD-314/12345-06",
        "OSC EUP20080828085019",
        "HTTP://WWW.EXAMPLE.GOV/PAGE 12",
        "SECDEF MSG DTG 301601Z SEP 08",
        "OCTOBER 25 PARIS POINTS",
        "JONES 12/14/07",
        "09 XXXXXXXXXXXX 167",
        "PARA 5",
        "PARIS 00000028 001.4 OF 003",
    ],
)
def test_what_is_no_cable_gives_no_id(text: str) -> None:
    assert cited_cable_ids(text, 2009) == ()


def test_spill_over_after_the_item_is_ignored() -> None:
    text = "ROME 12 Classified By: Ambassador A. Smith, reasons 1.4 (b) and (d)"
    assert cited_cable_ids(text, 2009) == ("09ROME12",)
    assert cited_cable_ids("ROME 12\nROME 00000034 001.2 OF 003", 2009) == ("09ROME12",)


def test_a_mixed_item_keeps_its_cable() -> None:
    assert cited_cable_ids("ABUJA 207; FEB 24 SMITH-JONES TELCON", 2010) == ("10ABUJA207",)


def test_repeats_are_given_once() -> None:
    assert cited_cable_ids("ROME 12; ROME 12", 2009) == ("09ROME12",)


# --- reference_kind -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("08 STATE 12345", "cable"),
        ("STATE 8301: REPORT OF THE MEETING", "cable"),
        ("SECDEF MSG DTG 301601Z SEP 08", "cable"),
        ("SMITH-JONES E-MAIL 05/11/07", "email"),
        ("SMITH EMAIL; ROME 12", "email"),
        ("a.smith@example.gov", "email"),
        ("MEMORANDUM FOR THE SECRETARY", "memo"),
        ("SMITH/JONES TELCON 02/16/2010", "telcon"),
        ("TELEPHONE CALL WITH THE MINISTER", "telcon"),
        ("STATE-LONDON SVTC MAY 9", "meeting"),
        ("MAY 4 MEETING WITH THE MINISTER", "meeting"),
        ("DAO MADRID IIR 6 889 0123 09", "report"),
        ("EMBASSY PARIS DAILY REPORT FOR FEBRUARY 6", "report"),
        ("TD-314/12345-06", "report"),
        ("MAY 1 SMITH-JONES LETTER", "letter"),
        ("EMBASSY FAX OF 3 MAY", "fax"),
        ("HTTP://WWW.EXAMPLE.GOV/PAGE", "web"),
        ("12 FAM 123", "other"),
        ("UNSCR 1737", "other"),
        ("NONE", "other"),
    ],
)
def test_reference_kind(text: str, kind: str) -> None:
    assert reference_kind(text) == kind


# --- split_references keeps working ---------------------------------------------------


def test_split_references_builds_lettered_items() -> None:
    refs = split_references("A. STATE 12 B. ROME 3", 2009)
    assert [(r.label, r.text) for r in refs] == [("A", "STATE 12"), ("B", "ROME 3")]
    assert [r.cable_ids for r in refs] == [("09STATE12",), ("09ROME3",)]


# --- the real corpus ------------------------------------------------------------------

_JUNK = re.compile(r"IIR|EMBASSY|AMEMBASSY|AMCONSUL|SECSTATE|EMAIL|FAM|XXXX")


@pytest.fixture(scope="module")
def cited(corpus: Path) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(cable, item text, kind, ids) for every REF item of the corpus."""
    out = []
    for path in sorted((corpus / "cablegate" / "txt").glob("*.txt")):
        cable = cableformat.loads(path.read_bytes().decode("utf-8"))
        year = cable.dtg.value.year if cable.dtg else None
        for ref in cable.references:
            ids = cited_cable_ids(ref.text, year if year is not None else ref.year)
            out.append((path.stem, ref.text, reference_kind(ref.text), ids))
    return out


def test_the_corpus_cites_many_cables(cited: list[tuple[str, str, str, tuple[str, ...]]]) -> None:
    assert sum(len(ids) for *_, ids in cited) > 1300


def test_no_cited_id_is_junk(cited: list[tuple[str, str, str, tuple[str, ...]]]) -> None:
    bad = [(stem, cid) for stem, _, _, ids in cited for cid in ids if _JUNK.search(cid)]
    assert not bad


def test_every_cited_id_is_a_fixed_point(
    cited: list[tuple[str, str, str, tuple[str, ...]]],
) -> None:
    bad = [(stem, cid) for stem, _, _, ids in cited for cid in ids if canonical_id(cid) != cid]
    assert not bad


def test_items_of_other_kinds_cite_no_cable(
    cited: list[tuple[str, str, str, tuple[str, ...]]],
) -> None:
    reports = [ids for _, text, kind, ids in cited if kind == "report" and "IIR" in text]
    assert reports and not any(reports)
    emails = [(stem, text) for stem, text, kind, ids in cited if kind == "email" and ids]
    # An e-mail item cites a cable only when a second, unlettered item follows it.
    assert all("\n" in text for _, text in emails)


def test_cited_ids_keep_the_citing_year_or_the_written_one(
    cited: list[tuple[str, str, str, tuple[str, ...]]],
) -> None:
    for stem, text, _, ids in cited:
        for cid in ids:
            year = cid[:2]
            assert year == stem[:2] or re.search(rf"\b(?:19|20)?{year}\b|{year}[A-Z]", text), (
                stem,
                text,
                cid,
            )


def test_added_posts_reach_cached_citations(restore_posts: None) -> None:
    from cableformat._posts import add_posts

    assert cited_cable_ids("Qqcity 12", 2009) == ()
    add_posts([("QQCITY", "QQ CITY")])
    assert cited_cable_ids("Qqcity 12", 2009) == ("09QQCITY12",)
