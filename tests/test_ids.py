"""Canonical cable ids and post names: one test per class of slip, then the real corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cableformat._ids import canonical_id, reference_id
from cableformat._posts import add_posts, canonical_post, display_post, post_of, posts
from cableformat._refs import post_of as refs_post_of
from cableformat._refs import reference_id as refs_reference_id

# --- canonical_post -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "post"),
    [
        ("VIENNA", "VIENNA"),
        ("EMBASSY VIENNA", "VIENNA"),
        ("AMEMBASSY VIENNA", "VIENNA"),
        ("AMCONSUL SAO PAULO", "SAOPAULO"),
        ("USMISSION UNVIE VIENNA", "UNVIEVIENNA"),
        ("SECSTATE", "STATE"),
        ("SECSTATE WASHDC", "STATE"),
        ("STATE", "STATE"),
        ("USUN", "USUNNEWYORK"),
        ("USUN NEW YORK", "USUNNEWYORK"),
        ("USMISSION USUN NEW YORK", "USUNNEWYORK"),
        ("USMISSION USNATO", "USNATO"),
        ("LA PAZ", "LAPAZ"),
        ("la paz", "LAPAZ"),
        ("BAIRES", "BUENOSAIRES"),
        ("HCMC", "HOCHIMINHCITY"),
        ("RIO", "RIODEJANEIRO"),
        ("TEL AVIV", "TELAVIV"),
        ("TALLIN", "TALLINN"),
        ("PORT-AU-PRINCE", "PORTAUPRINCE"),
        ("IRAN RPO DUBAI", "RPODUBAI"),
        ("USINT HAVANA", "HAVANA"),
    ],
)
def test_canonical_post_knows_the_spellings(name: str, post: str) -> None:
    assert canonical_post(name) == post


def test_an_unknown_name_that_looks_like_a_post_gives_its_letters() -> None:
    assert canonical_post("AMEMBASSY NEW PLACE") == "NEWPLACE"


@pytest.mark.parametrize("name", ["", "XXXXXXXXXXXX", "PARA", "IIR", "12 FAM", "A/S CARSON-AMB"])
def test_what_is_no_post_gives_none(name: str) -> None:
    assert canonical_post(name) is None


def test_renamed_posts_keep_their_own_ids() -> None:
    assert canonical_post("KIEV") == "KIEV"
    assert canonical_post("KYIV") == "KYIV"


def test_every_table_row_is_its_own_canonical_form() -> None:
    rows = posts()
    assert len(rows) > 250
    for post in rows:
        assert canonical_post(post.id) == post.id
        assert canonical_post(post.display) == post.id
        assert display_post(post.id) == post.display


def test_add_posts_extends_the_table(restore_posts: None) -> None:
    assert canonical_post("ZZ TESTPOST") == "ZZTESTPOST"
    add_posts(["ZZTESTPOST\tZZ TEST POST\tZZTP"])
    assert canonical_post("ZZTP") == "ZZTESTPOST"
    assert display_post("ZZTESTPOST") == "ZZ TEST POST"
    assert canonical_id("09ZZTP12") == "09ZZTESTPOST12"


# --- post_of --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sender", "post"),
    [
        ("AMEMBASSY LA PAZ", "LA PAZ"),
        ("SECSTATE WASHDC", "STATE"),
        ("USMISSION USUN NEW YORK", "USUN NEW YORK"),
        ("USMISSION UNVIE VIENNA", "UNVIE VIENNA"),
        ("USEU BRUSSELS", "USEU BRUSSELS"),
        ("RPO DUBAI", "RPO DUBAI"),
        ("AMEMBASSY NEW PLACE", "NEW PLACE"),
        ("CDR USEUCOM", None),
        (None, None),
    ],
)
def test_post_of_gives_the_display_form(sender: str | None, post: str | None) -> None:
    assert post_of(sender) == post
    assert refs_post_of(sender) == post


# --- reference_id ---------------------------------------------------------------------


def test_reference_id_uses_the_canonical_post() -> None:
    assert reference_id(2009, "AMEMBASSY LA PAZ", "00123") == "09LAPAZ123"
    assert reference_id(2009, "SECSTATE WASHDC", "12345") == "09STATE12345"
    assert refs_reference_id(1975, "USUN", "6028") == "75USUNNEWYORK6028"


@pytest.mark.parametrize(
    ("origin", "serial"), [(None, "1"), ("PARIS", None), ("PARIS", "12A"), ("XXXXXXXXXXXX", "4")]
)
def test_reference_id_needs_a_post_and_a_serial(origin: str | None, serial: str | None) -> None:
    assert reference_id(2010, origin, serial) is None


# --- canonical_id ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "canonical"),
    [
        ("08SCTION02OF02SAOPAULO335", "08SAOPAULO335"),
        ("08SECTION01OF03SAOPAULO335", "08SAOPAULO335"),
        ("7575LIBREVILLE1895", "75LIBREVILLE1895"),
        ("09EMBASSYVIENNA1450", "09VIENNA1450"),
        ("09AMEMBASSYVIENNA1450", "09VIENNA1450"),
        ("09AMCONSULSAOPAULO12", "09SAOPAULO12"),
        ("09SECSTATE12345", "09STATE12345"),
        ("09BAIRES12", "09BUENOSAIRES12"),
        ("09STATE012345", "09STATE12345"),
        ("09 state 12345", "09STATE12345"),
        ("1975STATE133602", "75STATE133602"),
        ("1976USUNN04297", "76USUNNEWYORK4297"),
        ("1974LONDON13926", "74LONDON13926"),
    ],
)
def test_canonical_id_repairs(published: str, canonical: str) -> None:
    assert canonical_id(published) == canonical


@pytest.mark.parametrize(
    "text", ["", "STATE12345", "09STATE", "06IIR6", "12FAM123", "09XXXXXXXXXXXX167", "BERLIN"]
)
def test_canonical_id_of_no_id_is_none(text: str) -> None:
    assert canonical_id(text) is None


# --- the real corpus ------------------------------------------------------------------

_DOUBLED_YEAR = re.compile(r"(\d\d)\1(?=[A-Z])")


def test_every_corpus_id_is_a_fixed_point(corpus: Path) -> None:
    stems = [p.stem for p in (corpus / "cablegate" / "txt").glob("*.txt")]
    index = json.loads((corpus / "cablegate" / "index.json").read_text("utf-8"))
    ids = set(stems) | {row["reference_id"] for row in index}
    assert len(ids) > 1000
    for cid in ids:
        if _DOUBLED_YEAR.match(cid):
            # The release's own slip: a careful reader writes the year once.
            assert canonical_id(cid) == cid[2:]
        else:
            assert canonical_id(cid) == cid, cid


def test_the_archive_ids_map_to_the_cablegate_form(corpus: Path) -> None:
    index = json.loads((corpus / "plusd" / "index.json").read_text("utf-8"))
    assert index
    for row in index:
        archived = row["reference_id"]
        parts = re.fullmatch(r"(?:19|20)(\d\d)([A-Z]+)(\d+)", archived)
        assert parts is not None, archived
        cid = canonical_id(archived)
        assert cid is not None, archived
        assert cid.startswith(parts[1]) and cid.endswith(str(int(parts[3]))), (archived, cid)
        assert canonical_id(cid) == cid
    assert canonical_id("1976USUNN04297") == "76USUNNEWYORK4297"


def test_the_corpus_origins_are_known_posts(corpus: Path) -> None:
    index = json.loads((corpus / "cablegate" / "index.json").read_text("utf-8"))
    for row in index:
        cid = canonical_id(row["reference_id"])
        assert cid is not None
        post = re.sub(r"^\d\d|\d+$", "", cid)
        assert display_post(post) is not None, post
