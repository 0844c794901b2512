"""The archival source lines of a copy from an archive (``Cable.archival_source``)."""

from __future__ import annotations

from pathlib import Path

import cableformat
from cableformat import ArchivalSource
from cableformat._archive import archival_source

COPY = """\
P R 281848Z DEC 66
FM AMEMBASSY NOWHERE
TO SECSTATE WASHDC PRIORITY

UNCLASSIFIED NOWHERE 2481

Original Telegram was Secret but has since been
de-classified

------------------------------------------------
Copy from the National Archives
RG 84: Records of Foreign Service Posts
1967-69 Subject Numeric File
File: POL 15-1 XX
------------------------------------------------

E.O. 12958: DECL: DECLASSIFIED BY NARA 09/02/2009
TAGS: PREL XX
SUBJECT: A COPY FROM THE FILES

1. THE TEXT.
"""


def test_a_copy_says_where_the_original_is_kept() -> None:
    cable = cableformat.loads(COPY)
    assert cableformat.dumps(cable) == COPY
    source = cable.archival_source
    assert source is not None
    assert source.repository == "National Archives"
    assert source.collections == (
        "RG 84: Records of Foreign Service Posts",
        "1967-69 Subject Numeric File",
    )
    assert source.file == "POL 15-1 XX"
    assert source.original_classification == "Secret"
    assert len(source.lines) == 8  # both rules and the note's second line included
    assert cable.subject == "A COPY FROM THE FILES"


def test_lines_of_no_archive_are_no_archival_source() -> None:
    assert archival_source(["Original Telegram was Secret"]) is None  # no copy line
    assert archival_source(["File: X", "RG 59"]) is None
    assert cableformat.load(cableformat.example_path()).archival_source is None
    found = archival_source(["Copy from National Archives"])
    assert found == ArchivalSource("National Archives", lines=("Copy from National Archives",))


def test_the_shared_1966_cable(corpus: Path) -> None:
    cable = cableformat.load(corpus / "cablegate" / "txt" / "66BUENOSAIRES2481.txt")
    source = cable.archival_source
    assert source is not None and source.file == "POL 33-4 ARG"
    assert source.collections[1] == "1964-66 Central Foreign Policy File"
    assert source.original_classification == "Confidential"
