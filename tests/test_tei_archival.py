"""TEI as catalogue data: identifiers, links between cables, publication and source
statements, the signer, partial extracts; on every shared cable and viewer page."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import cableformat
from cableformat import Record
from cableformat_tei import TEI_NS, TeiExporter

from .conftest import need_corpus
from .schematron import Rules
from .test_tei import (
    SCHEMA,
    schema,  # noqa: F401 - the compiled tei_all, a session fixture
)

NS = {"t": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
TEI = TeiExporter()


@pytest.fixture(scope="module")
def documents(corpus: Path) -> list[tuple[Record, etree._Element]]:
    """Every shared cable as convert exports it: text files and viewer pages, each with
    its record."""
    records = [
        *cableformat.read_text(corpus / "cablegate" / "txt"),
        *cableformat.read_html(corpus / "cablegate" / "html"),
    ]
    assert len(records) == 1306 + 146
    return [(r, etree.fromstring(TEI.export(r.cable, record=r))) for r in records]


def test_every_document_is_valid_tei(
    schema: etree.RelaxNG,  # noqa: F811
    documents: list[tuple[Record, etree._Element]],
) -> None:
    invalid = {
        r.source: str(schema.error_log.last_error)
        for r, root in documents
        if not schema.validate(root)
    }
    assert invalid == {}


def test_every_document_has_an_identifier_and_unique_ids(
    documents: list[tuple[Record, etree._Element]],
) -> None:
    for record, root in documents:
        ids = root.xpath("//@xml:id")
        assert len(ids) == len(set(ids)), record.source
        if record.reference_id is None:
            continue
        assert root.get(XML_ID) == "c" + record.reference_id
        (uri,) = root.xpath(
            "t:teiHeader//t:publicationStmt/t:idno[@type='URI']/text()", namespaces=NS
        )
        assert uri == cableformat.cable_iri(record.reference_id)
        paragraphs = root.xpath("//t:text//t:p | //t:text//t:div/t:head", namespaces=NS)
        assert all(p.get(XML_ID, "").startswith("p") for p in paragraphs)
        notes = root.xpath("//t:note", namespaces=NS)
        assert all(n.get(XML_ID) for n in notes)


def test_every_cited_cable_is_a_ref_with_its_target(
    documents: list[tuple[Record, etree._Element]],
) -> None:
    cited = 0
    for record, root in documents:
        refs = root.xpath("//t:list[@type='references']/t:item/t:ref", namespaces=NS)
        targets = [t for ref in refs for t in (ref.get("target") or "").split()]
        expected = [
            cableformat.cable_iri(i) for ref in record.cable.references for i in ref.cable_ids
        ]
        if refs or expected:
            assert targets == expected, record.source
        kinds = [ref.get("type") for ref in refs]
        if len(refs) == len(record.cable.references) > 1:
            assert kinds == [ref.kind for ref in record.cable.references]
        # correspContext lists every cited cable once, in order.
        context = root.xpath("//t:correspContext/t:ref/@target", namespaces=NS)
        assert context == [cableformat.cable_iri(i) for i in record.cable.cited_ids]
        cited += len(expected)
    assert cited > 1000


def test_every_document_states_its_availability_and_source(
    documents: list[tuple[Record, etree._Element]],
) -> None:
    released = 0
    for record, root in documents:
        (availability,) = root.xpath("//t:publicationStmt/t:availability", namespaces=NS)
        assert availability.get("status") == "free"
        assert "17 U.S.C. 105" in "".join(availability.itertext())
        assert root.xpath("//t:publicationStmt/t:date[@type='encoded']/@when", namespaces=NS)
        publisher = root.xpath("//t:sourceDesc//t:idno[@type='publisher']/text()", namespaces=NS)
        given = record.metadata.get("reference_id")
        assert publisher == ([given] if given else [])
        if "released" in record.metadata:
            released += 1
            day = record.metadata["released"][:10]
            assert root.xpath("//t:sourceDesc//t:date[@type='released']/@when", namespaces=NS) == [
                day
            ]
            assert day in "".join(availability.itertext())
    assert released == 146  # the viewer pages give it


def test_the_signer_is_a_persname_in_the_closer(
    documents: list[tuple[Record, etree._Element]],
) -> None:
    signed = 0
    for record, root in documents:
        names = root.xpath(
            "//t:text//t:signed/t:persName | //t:text//t:ab[@type='signature']/t:persName",
            namespaces=NS,
        )
        if record.cable.signature is None:
            assert names == [], record.source
            continue
        signed += 1
        assert [n.text for n in names][-1:] == [record.cable.signature], record.source
    assert signed > 800


def test_every_partial_extract_says_so(documents: list[tuple[Record, etree._Element]]) -> None:
    partial = 0
    for record, root in documents:
        said = root.xpath("//t:notesStmt/t:note[@type='partial']", namespaces=NS)
        assert bool(said) == record.cable.is_partial, record.source
        partial += record.cable.is_partial
    assert partial >= 92


def test_the_publishers_id_is_kept_beside_the_cables_own(corpus: Path) -> None:
    (record,) = cableformat.read_text(corpus / "cablegate" / "txt" / "07PARIS2725.txt")
    root = etree.fromstring(TEI.export(record.cable, record=record))
    ids = {i.get("type"): i.text for i in root.xpath("//t:sourceDesc//t:idno", namespaces=NS)}
    assert ids["publisher"] == "07PARIS2725"
    assert ids["cable"] == record.cable.reference_id != "07PARIS2725"
    assert root.get(XML_ID) == "c07PARIS2725"


def test_the_base_iri_is_an_option_and_the_text_is_unchanged() -> None:
    cable = cableformat.load(cableformat.example_path())
    plain = TEI.export(cable)
    based = TEI.export(cable, base="https://example.org/cables/")
    root = etree.fromstring(based)
    targets = root.xpath("//t:ref/@target", namespaces=NS)
    assert targets and all(t.startswith("https://example.org/cables/") for t in targets)
    assert cableformat.dumps(TEI.load(based)) == cableformat.dumps(TEI.load(plain))
    with pytest.raises(ValueError, match="base IRI"):
        TEI.export(cable, base="relative/")


def test_the_encoding_date_is_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1291852800")  # 2010-12-09
    root = etree.fromstring(TEI.export(cableformat.load(cableformat.example_path())))
    dates = root.xpath("//t:publicationStmt/t:date[@type='encoded']/@when", namespaces=NS)
    assert dates == ["2010-12-09"]


def test_tags_and_markings_point_into_their_taxonomies(
    documents: list[tuple[Record, etree._Element]],
) -> None:
    people = 0
    for record, root in documents:
        categories = set(root.xpath("//t:classDecl//t:category/@xml:id", namespaces=NS))
        terms = root.xpath("//t:keywords[@scheme='#TAGS']/t:term", namespaces=NS)
        assert [t.get("type") for t in terms] == [
            cableformat.tag_kind(tag) for tag in record.cable.tags
        ]
        for term in terms:
            assert term.get("ana", "")[1:] in categories
            if term.get("type") == "person":
                assert term.xpath("t:persName", namespaces=NS)
                people += 1
        for seg in root.xpath("//t:seg[@type='portionMarking']", namespaces=NS):
            assert seg.get("ana", "")[1:] in categories, record.source
    assert people > 0


def test_a_marking_is_named_in_words() -> None:
    cable = cableformat.loads("SUBJECT: X\n\n1. (S//NF) Text.\n\n2. (SBU) More.\n")
    root = etree.fromstring(TEI.export(cable))
    names = root.xpath(
        "//t:taxonomy[@xml:id='markings']/t:category/t:catDesc/text()", namespaces=NS
    )
    assert names == ["SECRET//NOFORN", "SENSITIVE BUT UNCLASSIFIED"]


def test_derived_values_are_marked_as_the_programs(
    documents: list[tuple[Record, etree._Element]],
) -> None:
    for record, root in documents[:200]:
        assert root.xpath("//t:application[@xml:id='cableformat']", namespaces=NS)
        assert root.xpath("//t:revisionDesc/t:change[@who='#cableformat']/@when", namespaces=NS)
        if record.cable.dtg is not None:
            dates = root.xpath("//t:sourceDesc/t:bibl/t:date[@when][not(@type)]", namespaces=NS)
            assert [d.get("resp") for d in dates] == ["#cableformat"]
        for seg in root.xpath("//t:seg[@type='precedence']", namespaces=NS):
            assert seg.get("resp") == "#cableformat"


def test_a_downgrade_date_is_typed_as_one() -> None:
    text = "CONFIDENTIAL NOWHERE 000123\n\nE.O. 12958: DNG: CO 01/26/2021\nSUBJECT: X\n"
    cable = cableformat.loads(text)
    assert cable.executive_order is not None and cable.executive_order.downgrade_on
    root = etree.fromstring(TEI.export(cable))
    assert root.xpath("//t:date[@type='downgrade']/@when", namespaces=NS) == ["2021-01-26"]
    assert root.xpath("//t:date[@type='declassification']", namespaces=NS) == []


def test_an_archives_copy_is_marked_and_lifted_into_msidentifier(corpus: Path) -> None:
    cable = cableformat.load(corpus / "cablegate" / "txt" / "66BUENOSAIRES2481.txt")
    data = TEI.export(cable)
    root = etree.fromstring(data)
    ident = root.xpath("//t:sourceDesc/t:msDesc/t:msIdentifier", namespaces=NS)[0]
    assert ident.xpath("t:repository/text()", namespaces=NS) == ["National Archives"]
    assert ident.xpath("t:idno[@type='file']/text()", namespaces=NS) == ["POL 33-4 ARG"]
    marked = root.xpath("//t:text//t:ab[@type='archivalSource']", namespaces=NS)
    assert len(marked) == len(cable.archival_source.lines)  # type: ignore[union-attr]
    assert cableformat.dumps(TEI.load(data)) == cableformat.dumps(cable)


@pytest.fixture(scope="module")
def schematron() -> Rules:
    return Rules(need_corpus(SCHEMA))


def test_every_document_passes_the_schematron_rules_of_tei_all(
    schematron: Rules, documents: list[tuple[Record, etree._Element]]
) -> None:
    failed = {}
    for record, root in documents:
        found = list(schematron.failures(etree.tostring(root, encoding="UTF-8")))
        if found:
            failed[record.source] = found[:3]
    assert failed == {}


def test_the_schematron_runner_finds_a_broken_rule(schematron: Rules) -> None:
    data = TEI.export(cableformat.load(cableformat.example_path()))
    assert list(schematron.failures(data)) == []
    broken = data.replace(b'resp="#cableformat"', b'resp="#cableformat" notBefore="2008-01-01"', 1)
    assert broken != data
    assert list(schematron.failures(broken)) == [
        "tei:*[@when]: report @notBefore|@notAfter|@from|@to"
    ]


def test_a_heading_is_its_words_its_underline_forme_work() -> None:
    root = etree.fromstring(TEI.export(cableformat.load(cableformat.example_path())))
    (head,) = root.xpath("//t:div[@type='section']/t:head", namespaces=NS)
    assert head.text == "The Minister's Case"
    underline = head.xpath("following-sibling::t:fw[1]", namespaces=NS)[0]
    assert underline.get("type") == "underline" and set(underline.text) == {"-"}
    sections = root.xpath("//t:milestone[@unit='section']/@n", namespaces=NS)
    assert sections == ["2"]  # VALLETTA 00000123 002 OF 002


def test_an_id_whose_year_was_assumed_is_marked_a_guess(
    documents: list[tuple[Record, etree._Element]],
) -> None:
    assumed = 0
    for record, root in documents:
        (idno,) = root.xpath("//t:sourceDesc/t:bibl/t:idno[@type='cable']", namespaces=NS) or [None]
        if idno is None:
            continue
        guessed = record.cable.dtg is None
        assert (idno.get("cert") == "medium") is guessed, record.source
        assumed += guessed
    assert assumed > 0


def test_the_summarys_blocks_point_to_it(documents: list[tuple[Record, etree._Element]]) -> None:
    marked = 0
    for record, root in documents:
        found = root.xpath(
            "//t:text//*[contains(concat(' ', @ana, ' '), ' #summary ')]/@xml:id", namespaces=NS
        )
        blocks = record.cable.summary_blocks
        if blocks is None:
            assert found == [], record.source
            continue
        kinds = (cableformat.Paragraph, cableformat.Heading)
        expected = [f"p{i}" for i in blocks if isinstance(record.cable.body[i], kinds)]
        assert found == expected, record.source
        assert root.xpath("//t:classDecl//t:category[@xml:id='summary']", namespaces=NS)
        marked += bool(found)
    assert marked > 900


def test_the_date_time_group_opens_the_telegram_as_its_dateline(
    documents: list[tuple[Record, etree._Element]],
) -> None:
    opened = 0
    for record, root in documents:
        lines = root.xpath("//t:div[@type='envelope']/t:opener/t:dateline", namespaces=NS)
        if not lines:
            continue
        (line,) = lines
        dtg = record.cable.dtg
        assert dtg is not None
        written = line.xpath("t:date/text()", namespaces=NS)
        assert [" ".join(w.upper().split()) for w in written] == [dtg.text]  # "Nov 00" too
        assert line.xpath("t:placeName/@key", namespaces=NS) == (
            [record.cable.origin] if record.cable.origin else []
        )
        opened += 1
    assert opened > 1000


def test_the_comments_blocks_point_to_them(documents: list[tuple[Record, etree._Element]]) -> None:
    marked = 0
    kinds = (cableformat.Paragraph, cableformat.Heading)
    for record, root in documents:
        found = root.xpath(
            "//t:text//*[contains(concat(' ', @ana, ' '), ' #comment ')]/@xml:id", namespaces=NS
        )
        body = record.cable.body
        expected = sorted(
            {
                i
                for blocks in record.cable.comment_blocks
                for i in blocks
                if isinstance(body[i], kinds)
            }
        )
        assert found == [f"p{i}" for i in expected], record.source
        marked += bool(found)
    assert marked > 500


def test_boilerplate_after_the_signature_stands_outside_the_closer(
    documents: list[tuple[Record, etree._Element]],
) -> None:
    trailers: set[str] = set()
    for record, root in documents:
        for closer in root.xpath("//t:closer", namespaces=NS):
            names = {etree.QName(child).localname for child in closer}
            assert names <= {"signed", "lb"}, record.source
        trailers.update(root.xpath("//t:trailer/@type", namespaces=NS))
    assert {"banner", "stamp"} <= trailers


def test_a_trailer_says_what_it_is() -> None:
    text = (
        "SUBJECT: X\n\n1. (C) Text.\n\nROCK\n\nCONFIDENTIAL\n\nGP-3\n\n"
        "Declassified/Released US Department of State EO Systematic Review 30 JUN 2005\n"
    )
    cable = cableformat.loads(text)
    assert cable.signature == "ROCK"
    data = TEI.export(cable)
    root = etree.fromstring(data)
    assert root.xpath("//t:trailer/@type", namespaces=NS) == ["banner", "group", "stamp"]
    assert cableformat.dumps(TEI.load(data)) == text


def test_a_partial_extracts_notice_is_an_editorial_note_in_front(
    documents: list[tuple[Record, etree._Element]],
) -> None:
    fronted = 0
    for record, root in documents:
        notes = root.xpath("//t:text/t:front/t:note[@type='notice']", namespaces=NS)
        if record.cable.notice is not None and record.cable.is_partial:
            assert ["".join(n.itertext()) for n in notes] == [record.cable.notice], record.source
            fronted += 1
        elif notes:
            assert record.cable.notice is not None
    assert fronted > 80
    (record, root) = next(d for d in documents if d[0].cable.notice is not None)
    again = TEI.load(etree.tostring(root, encoding="UTF-8"))
    assert cableformat.dumps(again) == cableformat.dumps(record.cable)


_INLINE = """UNCLAS SECTION 01 OF 01 VALLETTA 000123

SUBJECT: TALKS

1. (SBU) The minister agreed. (Comment: He had no
choice.) Talks go on.

2. (U) COMMENT: A comment that opens its paragraph (Comment: and one inside it) is the
paragraph's.
"""


def test_a_comment_inside_a_paragraphs_sentences_is_a_seg_of_its_own() -> None:
    cable = cableformat.loads(_INLINE)
    data = TEI.export(cable)
    root = etree.fromstring(data)
    (seg,) = root.xpath("//t:p[@n='1']/t:seg[@type='comment']", namespaces=NS)
    assert seg.get("ana") == "#comment"
    assert "".join(seg.itertext()) == "(Comment: He had no\nchoice.)"
    # The second paragraph is a comment block: marked as a whole, with no inner seg.
    assert root.xpath("//t:p[@n='2']/t:seg[@type='comment']", namespaces=NS) == []
    assert "#comment" in root.xpath("//t:p[@n='2']/@ana", namespaces=NS)[0]
    assert cableformat.dumps(TEI.load(data)) == _INLINE


def test_every_inline_comment_seg_is_one_of_the_cables_comments(
    documents: list[tuple[Record, etree._Element]],
) -> None:
    segs = 0
    for record, root in documents:
        words = " ".join(" ".join(c.split()) for c in record.cable.comments)
        for seg in root.xpath("//t:seg[@type='comment']", namespaces=NS):
            assert seg.getparent().tag == f"{{{TEI_NS}}}p", record.source
            assert "#comment" not in (seg.getparent().get("ana") or ""), record.source
            text = " ".join("".join(seg.itertext()).split())
            inner = text.split(":", 1)[1].split()[:4] if ":" in text else text.split()[2:6]
            assert " ".join(inner) in words, (record.source, text)
            segs += 1
    assert segs > 150


_NOTICE = (
    "This record is a partial extract of the original cable. The full text of the "
    "original cable is not available."
)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # Under a header the notice is the body's first block: a note in its place.
        (
            f"UNCLAS SECTION 01 OF 01 VALLETTA 000123\n\nSUBJECT: TALKS\n\n{_NOTICE}\n\n"
            "1. (C) Words here.\n",
            "//t:body/t:div[@type='message']/t:note[@type='notice']",
        ),
        # Where it opens the text it is the notice field: the note in front.
        (f"{_NOTICE}\n\n1. (C) Words here.\n", "//t:front/t:note[@type='notice']"),
    ],
)
def test_a_partial_extracts_notice_is_an_editorial_note_wherever_it_stands(
    schema: etree.RelaxNG,  # noqa: F811
    text: str,
    where: str,
) -> None:
    cable = cableformat.loads(text)
    assert cable.is_partial
    data = TEI.export(cable)
    root = etree.fromstring(data)
    (note,) = root.xpath(where, namespaces=NS)
    assert "".join(note.itertext()) == _NOTICE
    assert root.xpath("//t:ab[@type='text']", namespaces=NS) == []  # no longer body text
    assert root.xpath("//t:notesStmt/t:note[@type='partial']", namespaces=NS)
    assert schema.validate(root), schema.error_log.last_error
    assert cableformat.dumps(TEI.load(data)) == text
