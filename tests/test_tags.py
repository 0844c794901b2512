"""What the text of a TAGS line means: `cableformat._tags`."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from cableformat._tags import KINDS, continues_tags, load_tag_table, split_tags, tag_kind

# --- splitting ------------------------------------------------------------------------------


def test_empty_input_gives_no_tags() -> None:
    assert split_tags([]) == ()
    assert split_tags([""]) == ()
    assert split_tags(["  ", ""]) == ()


@pytest.mark.parametrize(
    "line",
    ["PREL PGOV IR", "PREL, PGOV, IR", "PREL; PGOV; IR", "PREL,PGOV ,  IR", "PREL, PGOV, IR,"],
)
def test_spaces_commas_and_semicolons_separate(line: str) -> None:
    assert split_tags([line]) == ("PREL", "PGOV", "IR")


def test_trailing_punctuation_is_not_part_of_a_tag() -> None:
    assert split_tags(["PGOV, SOCI."]) == ("PGOV", "SOCI")
    assert split_tags(["PGOV: KDEM;"]) == ("PGOV", "KDEM")


def test_continuation_lines_extend_the_list() -> None:
    assert split_tags(["PREL, PGOV, ECON,", "IR, IS"]) == ("PREL", "PGOV", "ECON", "IR", "IS")


def test_person_in_parentheses_is_one_tag_without_them() -> None:
    tags = split_tags(["OVIP (DOE, JANE), PREL, FR"])
    assert tags == ("OVIP", "DOE, JANE", "PREL", "FR")


def test_person_keeps_the_period_of_an_initial() -> None:
    assert split_tags(["OVIP (ROE, RICHARD B.), PREL"]) == ("OVIP", "ROE, RICHARD B.", "PREL")


def test_person_without_a_preceding_keyword() -> None:
    assert split_tags(["PREL (DOE, JANE) GM"]) == ("PREL", "DOE, JANE", "GM")


def test_person_wrapping_onto_the_next_line() -> None:
    assert split_tags(["OVIP (DOE,", "JANE), PREL"]) == ("OVIP", "DOE, JANE", "PREL")


def test_person_after_ovip_without_parentheses() -> None:
    assert split_tags(["OVIP DOEMAN JANETTE PREL UK"]) == ("OVIP", "DOEMAN JANETTE", "PREL", "UK")


def test_known_multi_word_tag_is_one_item() -> None:
    assert split_tags(["PREL YM COUNTER TERRORISM"]) == ("PREL", "YM", "COUNTER TERRORISM")
    assert split_tags(["PGOV, GOI EXTERNAL, IS"]) == ("PGOV", "GOI EXTERNAL", "IS")


def test_multi_word_tag_wrapping_onto_the_next_line() -> None:
    assert split_tags(["PREL PTER COUNTER", "TERRORISM"]) == ("PREL", "PTER", "COUNTER TERRORISM")


def test_two_words_are_not_a_phrase_unless_the_table_knows_it() -> None:
    assert split_tags(["PREL PGOV"]) == ("PREL", "PGOV")
    # A comma between the words breaks a phrase too.
    assert split_tags(["PREL COUNTER, TERRORISM"]) == ("PREL", "COUNTER", "TERRORISM")


def test_lower_case_tags_are_read_upper_case() -> None:
    tags = split_tags(["ovip (doe, jane), prel, parm,", "mnuc, gm"])
    assert tags == ("OVIP", "DOE, JANE", "PREL", "PARM", "MNUC", "GM")


def test_mixed_case_known_tags_take_the_table_spelling() -> None:
    assert split_tags(["PREL, Pgov, Organized Crime"]) == ("PREL", "PGOV", "ORGANIZED CRIME")


def test_glued_tags_are_split_when_every_piece_is_known() -> None:
    assert split_tags(["PRELPGOV"]) == ("PREL", "PGOV")
    assert split_tags(["KPALPREL ECONEFIN"]) == ("KPAL", "PREL", "ECON", "EFIN")
    assert split_tags(["KDEMAF"]) == ("KDEM", "AF")


def test_unknown_runs_stay_as_they_are() -> None:
    assert split_tags(["PRELXQZW"]) == ("PRELXQZW",)
    # Two country codes alone do not make a glued tag: this is one unknown code.
    assert split_tags(["FINR"]) == ("FINR",)


def test_repeated_tag_appears_once_in_first_order() -> None:
    assert split_tags(["PREL PGOV PREL", "pgov, IR, PREL"]) == ("PREL", "PGOV", "IR")


# --- continuation lines ----------------------------------------------------------------------


@pytest.mark.parametrize("line", ["IR, IS, SR", "KDEM", "cf", "JANE), PREL", "UNSC, KPAL, KPAO"])
def test_tag_lines_continue(line: str) -> None:
    assert continues_tags(line)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "SUBJECT: A MEETING",
        "WASHINGTON",
        "VISIT",
        "IN THE US",
        "(U) SUMMARY",
        "Classified By: Someone, for reasons 1.4 (b)",
        "PAGE 02 CITY 01234 02 OF 03 291401Z",
        "<strong>SUBJECT: X</strong>",
    ],
)
def test_other_lines_do_not_continue(line: str) -> None:
    assert not continues_tags(line)


# --- kinds -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "kind"),
    [
        ("UK", "geography"),
        ("TU", "geography"),
        ("IZ", "geography"),
        ("JA", "geography"),
        ("RS", "geography"),
        ("GM", "geography"),
        ("SP", "geography"),
        ("KN", "geography"),
        ("KS", "geography"),
        ("XF", "geography"),
        ("XL", "geography"),
        ("XM", "geography"),
        ("PREL", "subject"),
        ("PGOV", "subject"),
        ("ECON", "subject"),
        ("MARR", "subject"),
        ("SNAR", "subject"),
        ("OVIP", "subject"),
        ("COUNTER TERRORISM", "subject"),
        ("KPAO", "program"),
        ("KDEM", "program"),
        ("KNNP", "program"),
        ("KTIP", "program"),
        ("KWBG", "program"),
        ("UN", "organization"),
        ("NATO", "organization"),
        ("EU", "organization"),
        ("EUN", "organization"),
        ("IAEA", "organization"),
        ("UNSC", "organization"),
        ("ASEAN", "organization"),
        ("CLINTON, HILLARY", "person"),
        ("prel", "subject"),
    ],
)
def test_kind_from_the_table(tag: str, kind: str) -> None:
    assert tag_kind(tag) == kind


@pytest.mark.parametrize(
    ("tag", "kind"),
    [
        ("QQ", "geography"),
        ("KQQQ", "program"),
        ("QQQQ", "subject"),
        ("DOE, JANE", "person"),
        ("Doe", "person"),
        ("DOE JANE", "person"),
        ("QQQQQQ", "organization"),
        ("QQ-1", "organization"),
    ],
)
def test_kind_of_an_unknown_tag_follows_its_shape(tag: str, kind: str) -> None:
    table = load_tag_table()
    assert tag.upper() not in table
    assert tag_kind(tag) == kind


def test_user_table_extends_and_overrides(tmp_path: Path) -> None:
    own = tmp_path / "own.tsv"
    own.write_text("# post tags\nQQQQ\torganization\tmade-up body\nAU\torganization\n")
    table = load_tag_table(own)
    assert tag_kind("QQQQ", table) == "organization"
    assert tag_kind("AU", table) == "organization"
    assert tag_kind("AU") == "geography"
    assert table["PREL"] == "subject"


def test_user_table_rejects_an_unknown_kind(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("QQQQ\tplace\n")
    with pytest.raises(ValueError, match="kind"):
        load_tag_table(bad)


def test_packaged_table_is_well_formed() -> None:
    table = load_tag_table()
    assert set(table.values()) == set(KINDS) - {"person"}
    assert all(tag == tag.upper() and tag == tag.strip() for tag in table)
    # The FIPS 10-4 list is there in full (about 270 entries), not just the common codes.
    assert sum(1 for t, k in table.items() if k == "geography" and len(t) == 2) > 260
    assert all(k == "program" for t, k in table.items() if re.fullmatch(r"K[A-Z]{3}", t))


# --- the real corpus -------------------------------------------------------------------------

_TAGS_LINE = re.compile(r"^\W*(?:(?:E\.O\.|E\.o\.)[^\n]*?\s)?(?:TAGS|Tags)\b\s*:?", re.MULTILINE)
_KEYWORD = re.compile(r"^\W*(?:SUBJECT|SUBJ|REF|REFS|E\.\s?O\.)\b", re.IGNORECASE)
_SUBJECT_ON_LINE = re.compile(r"\s(?:SUBJECT|Subject):")


def _corpus_fields(corpus: Path) -> list[tuple[str, tuple[str, ...]]]:
    fields: list[tuple[str, tuple[str, ...]]] = []
    for path in sorted((corpus / "cablegate" / "txt").glob("*.txt")):
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for i, line in enumerate(lines):
            m = _TAGS_LINE.match(line)
            if not m or "ADDED TAGS" in line:
                continue
            seq = [_SUBJECT_ON_LINE.split(line[m.end() :])[0].strip()]
            for nxt in lines[i + 1 : i + 5]:
                s = nxt.strip()
                if not s or _KEYWORD.match(s) or not continues_tags(s):
                    break
                seq.append(s)
            fields.append((path.stem, split_tags(seq)))
    return fields


def test_corpus_tags(corpus: Path) -> None:
    fields = _corpus_fields(corpus)
    assert len(fields) > 1200
    table = load_tag_table()
    counts: Counter[str] = Counter()
    for name, tags in fields:
        assert tags, name
        assert len({t.upper() for t in tags}) == len(tags), name
        for tag in tags:
            assert "(" not in tag and ")" not in tag, (name, tag)
            assert not tag.endswith((",", ";", ":")), (name, tag)
            assert tag == tag.strip() and tag, (name, tag)
            assert tag_kind(tag) in KINDS, (name, tag)
            counts[tag] += 1
    total = sum(counts.values())
    known = sum(n for tag, n in counts.items() if tag.upper() in table)
    share = known / total
    print(f"corpus: {len(fields)} TAGS fields, {total} tags, {share:.2%} in the table")
    assert share > 0.98
    kinds = Counter(tag_kind(t) for t in counts)
    # Every kind occurs in the corpus: country codes, subjects, K tags, bodies and people.
    assert set(kinds) == set(KINDS)
