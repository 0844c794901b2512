"""The TEI exporter: valid TEI P5 for every cable, and a lossless way back."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import cableformat
import cableformat_tei
from cableformat import strategies as cst
from cableformat_tei import MAX_BYTES, TEI_NS, TeiError, TeiExporter

from .conftest import ROOT, need_corpus

SCHEMA = Path(
    os.environ.get("CABLEFORMAT_TEI_SCHEMA", ROOT.parent / "shared" / "tei" / "tei_all.rng")
)
NS = {"t": TEI_NS}
TEI = TeiExporter()

# Session-scoped fixtures are fine with hypothesis; say so once.
fixture_settings = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="session")
def schema() -> etree.RelaxNG:
    """tei_all, compiled once: it takes seconds."""
    return etree.RelaxNG(etree.parse(str(need_corpus(SCHEMA))))


def assert_valid(schema: etree.RelaxNG, data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    if not schema.validate(root):
        pytest.fail(f"invalid TEI: {schema.error_log.last_error}\n{data.decode()}")
    return root


def assert_serialised(data: bytes) -> None:
    """The writer writes XML itself: what it writes is what an XML serialiser (lxml's)
    writes for the same document, escapes and empty elements included."""
    again = etree.tostring(etree.fromstring(data), encoding="UTF-8", xml_declaration=True)
    assert again == data


def round_trip(text: str) -> str:
    return cableformat.dumps(TEI.load(TEI.export(cableformat.loads(text))))


def text_of(root: etree._Element) -> str:
    """What ``text`` holds, as XML, for looking at the markup."""
    element = root.find("t:text", NS)
    assert element is not None
    return etree.tostring(element, encoding="unicode")


# --- the exporter ---------------------------------------------------------------------


def test_exporter_attributes() -> None:
    assert (TEI.name, TEI.media_type, TEI.suffix) == ("tei", "application/tei+xml", ".xml")
    assert isinstance(TEI, cableformat.ReadableExporter)


def test_the_plugin_is_registered_under_tei() -> None:
    cable = cableformat.loads("SUBJECT: TEST\n")
    assert cableformat.export(cable, "tei") == TEI.export(cable)


def test_export_is_utf8_xml_with_a_declaration() -> None:
    data = TEI.export(cableformat.loads("SUBJECT: Zürich\n"))
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert "Zürich".encode() in data


# --- the seed cable -------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(corpus: Path) -> tuple[str, etree._Element]:
    text = (corpus / "seed" / "000_cfbc7d7d2e690ad7.txt").read_bytes().decode("utf-8")
    return text, etree.fromstring(TEI.export(cableformat.loads(text)))


def xpath(root: etree._Element, path: str) -> list[str]:
    return [str(x) for x in root.xpath(path, namespaces=NS)]  # type: ignore[union-attr]


def test_seed_is_valid(schema: etree.RelaxNG, seed: tuple[str, etree._Element]) -> None:
    assert schema.validate(seed[1]), schema.error_log.last_error


def test_seed_header(seed: tuple[str, etree._Element]) -> None:
    _, root = seed
    header = "/t:TEI/t:teiHeader"
    title = "NGO Leaders Discuss Barriers to the Growth of China's Civil Society"
    assert xpath(root, f"{header}/t:fileDesc/t:titleStmt/t:title/text()") == [title]
    bibl = f"{header}/t:fileDesc/t:sourceDesc/t:bibl"
    assert xpath(root, f"{bibl}/t:idno[@type='cable']/text()") == ["07GUANGZHOU378"]
    assert xpath(root, f"{bibl}/t:date/@when") == ["2007-03-23T09:06:00Z"]
    note = f"{bibl}/t:note[@type='source']"
    assert xpath(root, f"{note}/t:seg[@type='classification']/text()") == [
        cableformat.loads(seed[0]).classification
    ]
    assert xpath(root, f"{note}/t:seg[@type='precedence']/text()") == ["ROUTINE"]
    assert xpath(root, f"{note}/t:seg[@type='captions']/text()") == ["SIPDIS, SENSITIVE"]
    assert xpath(root, f"{bibl}/t:note[@type='executiveOrder']/t:seg/text()") == [
        "12958",
        "N/A",
    ]

    profile = f"{header}/t:profileDesc"
    sent = f"{profile}/t:correspDesc/t:correspAction[@type='sent']"
    assert xpath(root, f"{sent}/t:orgName/text()") == ["AMCONSUL GUANGZHOU"]
    assert xpath(root, f"{sent}/t:placeName/text()") == ["GUANGZHOU"]
    assert xpath(root, f"{sent}/t:date/@when") == ["2007-03-23T09:06:00Z"]
    assert xpath(root, f"{sent}/t:date/text()") == ["230906Z MAR 07"]
    received = f"{profile}/t:correspDesc/t:correspAction[@type='received']"
    assert xpath(root, f"{received}[not(@subtype)]/t:orgName/text()") == ["SECSTATE WASHDC"]
    assert xpath(root, f"{received}[not(@subtype)]/t:orgName/@key") == ["RUEHC"]
    info = xpath(root, f"{received}[@subtype='info']/t:orgName/text()")
    assert len(info) == 7
    assert info[0] == "CHINA POSTS COLLECTIVE"
    terms = xpath(root, f"{profile}/t:textClass/t:keywords/t:term/text()")
    assert terms == ["ELAB", "PHUM", "EFIN", "PGOV", "SOCI", "CH"]


def test_seed_text(seed: tuple[str, etree._Element]) -> None:
    _, root = seed
    body = "/t:TEI/t:text/t:body"
    assert xpath(root, "/t:TEI/t:text/@xml:space") == ["preserve"]
    assert xpath(root, f"{body}/t:div/@type") == ["envelope", "message"]
    envelope = f"{body}/t:div[@type='envelope']"
    # The transmission's lines are forme work; the date-time group opens the telegram.
    assert xpath(root, f"{envelope}/t:fw/@type") == [
        "transmissionId",
        "routing",
        "station",
        "security",
    ]
    dateline = f"{envelope}/t:opener/t:dateline"
    assert xpath(root, f"{dateline}/t:date/@when") == ["2007-03-23T09:06:00Z"]
    assert xpath(root, f"{dateline}/t:placeName/@key") == ["GUANGZHOU"]
    assert xpath(root, f"{envelope}/t:ab[@type='from']/t:orgName/text()") == ["AMCONSUL GUANGZHOU"]
    message = f"{body}/t:div[@type='message']"
    assert xpath(root, f"{message}/t:ab[@type='classification']/text()") == [
        "UNCLAS SECTION 01 OF 02 GUANGZHOU 000378"
    ]
    assert xpath(root, f"{message}/t:ab[@type='caption']/text()") == [
        "SIPDIS",
        "SENSITIVE  ",
        "SIPDIS",
    ]
    assert xpath(root, f"{message}/t:ab[@type='executiveOrder']/text()") == ["E.O. 12958: N/A"]
    tags = xpath(root, f"{message}/t:ab[@type='tags']/t:term/text()")
    assert tags == ["ELAB", "PHUM", "EFIN", "PGOV", "SOCI", "CH"]
    assert xpath(root, f"{message}/t:list[@type='subject']/t:head/text()") == ["SUBJECT: "]
    assert xpath(root, f"{message}/t:list[@type='subject']/t:item/text()") == [
        "NGO Leaders Discuss Barriers to the Growth of China's Civil Society"
    ]
    items = root.xpath(f"{message}/t:list[@type='references']/t:item", namespaces=NS)
    assert "".join(items[0].itertext()) == "A) Guangzhou 176; "
    assert len(items) == 7
    # The citation's own words link to the cable it cites.
    (ref,) = items[0].xpath("t:ref", namespaces=NS)
    assert (ref.text, ref.get("type")) == ("Guangzhou 176", "cable")
    assert ref.get("target") == cableformat.cable_iri("07GUANGZHOU176")
    numbers = xpath(root, "//t:p/@n")
    assert numbers == ["1", "2", "3", "14", "15", "16", "17", "18", "19"]
    markings = xpath(root, "//t:p/t:seg[@type='portionMarking']/text()")
    assert markings == ["(U)"] + ["(SBU)"] * 9
    heads = xpath(root, f"{message}/t:div[@type='section']/t:head/text()")
    assert heads[0] == "ICO Reviews Its Achievements  "
    assert "#### Comment: A Long Way to Go" in heads
    assert len(xpath(root, "//t:list[@type='bulleted']/t:item")) == 5
    assert xpath(root, "//t:milestone[@unit='section']/following-sibling::t:fw[1]/text()") == [
        "GUANGZHOU 00000378 002.2 OF 002"
    ]
    assert xpath(root, "//t:closer/t:signed/t:persName/text()") == ["ROCK"]


def test_seed_round_trips(seed: tuple[str, etree._Element]) -> None:
    text, root = seed
    assert cableformat.dumps(TEI.load(etree.tostring(root))) == text


# --- the corpus -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(corpus: Path) -> dict[str, tuple[str, bytes]]:
    paths = [
        *sorted((corpus / "cablegate" / "txt").glob("*.txt")),
        *sorted((corpus / "seed").glob("*.txt")),
    ]
    assert len(paths) > 1306
    out = {}
    for path in paths:
        text = path.read_bytes().decode("utf-8")
        out[path.name] = (text, TEI.export(cableformat.loads(text)))
    return out


def test_every_corpus_cable_is_valid_tei(
    schema: etree.RelaxNG, exported: dict[str, tuple[str, bytes]]
) -> None:
    invalid = {}
    for name, (_, data) in exported.items():
        if not schema.validate(etree.fromstring(data)):
            invalid[name] = str(schema.error_log.last_error)
    assert invalid == {}


def test_every_corpus_cable_is_written_as_a_serialiser_writes_it(
    exported: dict[str, tuple[str, bytes]],
) -> None:
    for _, data in exported.values():
        assert_serialised(data)


def test_every_corpus_cable_round_trips(exported: dict[str, tuple[str, bytes]]) -> None:
    changed = [
        name for name, (text, data) in exported.items() if cableformat.dumps(TEI.load(data)) != text
    ]
    assert changed == []


def test_every_corpus_cable_reads_back_equal(exported: dict[str, tuple[str, bytes]]) -> None:
    differ = [
        name for name, (text, data) in exported.items() if TEI.load(data) != cableformat.loads(text)
    ]
    assert differ == []


# --- line endings and characters XML cannot hold --------------------------------------

SEED_LIKE = (
    "R 230906Z MAR 07\nFM AMCONSUL GUANGZHOU\nTO RUEHC/SECSTATE WASHDC 5923\n\n"
    "UNCLAS GUANGZHOU 000378\n\nSUBJECT: TEST  \n\n1. (SBU) Text of the  \n"
    "first paragraph.\n\nROCK\n"
)


@pytest.mark.parametrize(
    "text",
    [
        SEED_LIKE,
        SEED_LIKE.replace("\n", "\r\n"),
        SEED_LIKE.replace("\n", "\r"),
        SEED_LIKE.rstrip("\n"),
        SEED_LIKE.replace("\n", "\r\n", 3),
        "",
        "\n",
        "\r",
        "\r\n",
        "\n\r",
        "no ending",
        "  \n \t \n",
        "a\r\nb\rc\nd",
    ],
    ids=repr,
)
def test_line_endings_round_trip(schema: etree.RelaxNG, text: str) -> None:
    data = TEI.export(cableformat.loads(text))
    assert_valid(schema, data)
    assert cableformat.dumps(TEI.load(data)) == text


def test_the_common_ending_is_the_default_and_others_are_marked() -> None:
    crlf = etree.fromstring(TEI.export(cableformat.loads("a\r\nb\r\nc\nd\r")))
    assert xpath(crlf, "/t:TEI/t:text/@rend") == ["crlf"]
    assert xpath(crlf, "//t:lb/@rend") == ["lf", "cr"]
    lf = etree.fromstring(TEI.export(cableformat.loads("a\nb\r\n")))
    assert xpath(lf, "/t:TEI/t:text/@rend") == []
    assert xpath(lf, "//t:lb/@rend") == ["crlf"]


def test_no_final_newline_means_no_final_lb() -> None:
    ended = etree.fromstring(TEI.export(cableformat.loads("1. (C) a\n\nROCK\n")))
    assert "ROCK</persName></signed><lb/>" in text_of(ended)
    open_ended = etree.fromstring(TEI.export(cableformat.loads("1. (C) a\n\nROCK")))
    assert "ROCK</persName></signed></closer>" in text_of(open_ended)
    assert len(xpath(open_ended, "//t:lb")) == 2


def test_trailing_spaces_are_kept() -> None:
    root = etree.fromstring(TEI.export(cableformat.loads("SUBJECT: X  \n")))
    assert xpath(root, "//t:list/t:item/text()") == ["X  "]


@pytest.mark.parametrize(
    "text",
    [
        "\x00",
        "SUBJECT: a\x01b\x1fc\n",
        "\x0b\x0c\x0e\n-- \x08\n\n-- b\x7f\n",
        "TAGS: \x02 PGOV\nSUBJECT: \x03\n",
        "1. (C) \ufffe and \uffff\n",
        "bad bytes \udc80\udcff and a pair \ud83d\ude00 split\n",
        "emoji 😀, NEL \x85, LS \u2028, PS \u2029\n",
        "SUBJECT: ok\n\nROCK\n\x01\n\nafter \x02\n",
        "]]> & < > \" '\n",
    ],
    ids=repr,
)
def test_characters_xml_cannot_hold_round_trip(schema: etree.RelaxNG, text: str) -> None:
    data = TEI.export(cableformat.loads(text))
    assert_valid(schema, data)
    assert cableformat.dumps(TEI.load(data)) == text


def test_a_line_longer_than_a_parser_takes_in_one_text_node() -> None:
    # libxml2 refuses text nodes over 10 MB unless its limits are lifted.
    text = "1. (C) " + "x" * 10_500_000 + "\nROCK"
    data = TEI.export(cableformat.loads(text))
    assert data.count(b"<anchor/>") == 10
    assert cableformat.dumps(TEI.load(data)) == text


def test_a_control_character_is_a_declared_g() -> None:
    root = etree.fromstring(TEI.export(cableformat.loads("SUBJECT: a\x01b\udc80\n")))
    assert xpath(root, "//t:text//t:g/@ref") == ["#U0001", "#UDC80"]
    assert xpath(root, "//t:charDecl/t:char/@xml:id") == ["U0001", "UDC80"]


# --- what is text and what is not -----------------------------------------------------


def test_the_header_and_attributes_are_not_text() -> None:
    data = TEI.export(cableformat.loads(SEED_LIKE))
    root = etree.fromstring(data)
    header = root.find("t:teiHeader", NS)
    assert header is not None
    # All of the header goes but the line that says cableformat wrote the document.
    for part in list(header):
        if part.tag != f"{{{TEI_NS}}}encodingDesc":
            header.remove(part)
    for element in root.find("t:text", NS).iter():  # type: ignore[union-attr]
        element.set("n", "99")
    assert cableformat.dumps(TEI.load(etree.tostring(root))) == SEED_LIKE


def test_a_tei_document_cableformat_did_not_write_is_refused() -> None:
    root = etree.fromstring(TEI.export(cableformat.loads(SEED_LIKE)))
    header = root.find("t:teiHeader", NS)
    assert header is not None
    root.remove(header)
    with pytest.raises(TeiError, match="not a TEI document written by cableformat"):
        TEI.load(etree.tostring(root))


def test_editorial_markup_adds_no_text() -> None:
    data = TEI.export(cableformat.loads(SEED_LIKE)).decode("utf-8")
    first = etree.fromstring(data.encode()).xpath("//t:p", namespaces=NS)[0]
    word = first.xpath("text()[last()]", namespaces=NS)[0].split()[-1]
    # An editor's note, a correction and an expansion beside the original readings.
    edited = data.replace(
        f"{word}</p>",
        f"<choice><sic>{word}</sic><corr>CORRECTED</corr></choice>"
        "<note>An editor's note.</note><choice><abbr/><expan>EXPANDED</expan></choice></p>",
        1,
    )
    assert edited != data
    assert cableformat.dumps(TEI.load(edited)) == SEED_LIKE


def test_a_header_edited_apart_from_the_text_is_warned_of() -> None:
    root = etree.fromstring(TEI.export(cableformat.loads(SEED_LIKE)))
    title = root.find("t:teiHeader/t:fileDesc/t:titleStmt/t:title", NS)
    assert title is not None
    title.text = "A NEW TITLE IN THE HEADER ONLY"
    with pytest.warns(cableformat_tei.TeiWarning, match="title"):
        again = TEI.load(etree.tostring(root))
    assert cableformat.dumps(again) == SEED_LIKE


def test_markup_characters_in_values_are_escaped_in_text_and_attributes() -> None:
    cable = cableformat.loads(
        'UNCLAS STATE 000001\n\nSUBJECT: A & B <C> "D"\n\nREF: A. STATE 12\n\n1. x < y & z\n',
        year=2008,
    )
    data = TEI.export(cable, base='https://example.org/c?a="1"&b=')
    assert_serialised(data)
    root = etree.fromstring(data)
    assert root.findtext("t:teiHeader//t:titleStmt/t:title", namespaces=NS) == 'A & B <C> "D"'
    target = root.find(".//t:ref[@type='cable']", NS)
    assert target is not None and target.get("target") == 'https://example.org/c?a="1"&b=08STATE12'
    assert round_trip(cableformat.dumps(cable)) == cableformat.dumps(cable)


def test_line_feeds_in_the_xml_are_layout() -> None:
    data = TEI.export(cableformat.loads(SEED_LIKE))
    assert cableformat.dumps(TEI.load(data.replace(b"<lb/>", b"<lb/>\n\n"))) == SEED_LIKE


def test_load_takes_a_str() -> None:
    data = TEI.export(cableformat.loads(SEED_LIKE))
    assert cableformat.dumps(TEI.load(data.decode("utf-8"))) == SEED_LIKE


def test_an_edited_cable_exports_its_edit() -> None:
    cable = cableformat.loads(SEED_LIKE)
    edited = attrs.evolve(cable, subject="CHANGED")
    back = TEI.load(TEI.export(edited))
    assert back.subject == "CHANGED"
    assert cableformat.dumps(back) == cableformat.dumps(edited)


def test_a_cable_built_from_values(schema: etree.RelaxNG) -> None:
    cable = cableformat.Cable(
        dtg=cableformat.DateTimeGroup(("O",), dt.datetime(1966, 12, 28, 18, 48, tzinfo=dt.UTC)),
        sender="SECSTATE WASHDC",
        subject="A TEST",
        tags=("PREL",),
        body=(cableformat.Paragraph(1, "Text.", "C"), cableformat.Signature("RUSK")),
    )
    root = assert_valid(schema, TEI.export(cable))
    assert xpath(root, "//t:correspAction[@type='sent']/t:date/@when") == ["1966-12-28T18:48:00Z"]
    assert xpath(root, "//t:note[@type='source']/t:seg[@type='precedence']/text()") == ["IMMEDIATE"]
    assert cableformat.dumps(TEI.load(TEI.export(cable))) == cableformat.dumps(cable)


# --- unsafe or foreign input ----------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><ab>&c;</ab></body></text></TEI>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><ab>&x;</ab></body></text></TEI>"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BILLION_LAUGHS, "DOCTYPE"),
        (EXTERNAL, "DOCTYPE"),
        (b'<!DOCTYPE TEI SYSTEM "http://example.org/tei.dtd"><TEI/>', "DOCTYPE"),
        (
            BILLION_LAUGHS.decode().replace('"1.0"', '"1.0" encoding="UTF-16"').encode("utf-16"),
            "DOCTYPE",
        ),
        (b"<TEI", "not well-formed"),
        (b"", "not well-formed"),
        (b"<TEI/>", "root element"),
        (f'<TEI xmlns="{TEI_NS}"/>'.encode(), "no text element"),
        (f'<TEI xmlns="{TEI_NS}"><text>a<lb rend="x"/></text></TEI>'.encode(), "line ending"),
        (f'<TEI xmlns="{TEI_NS}"><text><g ref="#x"/></text></TEI>'.encode(), "declared character"),
        (f'<TEI xmlns="{TEI_NS}"><text><g ref="#U110000"/></text></TEI>'.encode(), "code point"),
    ],
    ids=[
        "billion-laughs",
        "external-entity",
        "external-dtd",
        "utf16-doctype",
        "truncated",
        "empty",
        "not-tei",
        "no-text",
        "bad-ending",
        "bad-g",
        "big-g",
    ],
)
def test_unsafe_or_foreign_xml_is_rejected(data: bytes, message: str) -> None:
    with pytest.raises(TeiError, match=message):
        TEI.load(data)


def test_oversized_input_is_rejected_before_parsing() -> None:
    with pytest.raises(TeiError, match="over"):
        TEI.load(b" " * (MAX_BYTES + 1))


def test_a_document_of_millions_of_elements_is_refused_before_parsing() -> None:
    head = f'<TEI xmlns="{TEI_NS}"><text>'.encode()
    with pytest.raises(TeiError, match="over 1,000,000 elements"):
        TEI.load(head + b"<lb/>" * 4_000_000 + b"</text></TEI>")


def test_a_declaration_inside_the_text_is_kept_and_str_reads_as_bytes() -> None:
    cable = cableformat.loads("UNCLAS STATE 000001\n\nSUBJECT: <?xml version='1.0'?> X\n")
    data = TEI.export(cable)
    assert isinstance(data, bytes)
    from_bytes = TEI.load(data)
    from_str = TEI.load(data.decode("utf-8"))
    assert cableformat.dumps(from_str) == cableformat.dumps(from_bytes) == cableformat.dumps(cable)


def test_tei_error_is_a_cableformat_error() -> None:
    assert issubclass(TeiError, cableformat.CableformatError)
    assert issubclass(TeiError, ValueError)


def test_load_refuses_other_types() -> None:
    with pytest.raises(TypeError):
        TEI.load(42)  # type: ignore[arg-type]


# --- properties -----------------------------------------------------------------------


@fixture_settings
@given(cst.cables())
def test_generated_cables_are_valid_and_round_trip(
    schema: etree.RelaxNG, cable: cableformat.Cable
) -> None:
    data = TEI.export(cable)
    assert_valid(schema, data)
    assert_serialised(data)
    back = TEI.load(data)
    assert cableformat.dumps(back) == cableformat.dumps(cable)
    assert back == cable


@fixture_settings
@given(cst.cable_texts())
def test_generated_texts_are_valid_and_round_trip(schema: etree.RelaxNG, text: str) -> None:
    data = TEI.export(cableformat.loads(text))
    assert_valid(schema, data)
    assert_serialised(data)
    assert cableformat.dumps(TEI.load(data)) == text


@fixture_settings
@given(st.text(st.characters(codec=None, exclude_categories=())))
def test_any_string_is_valid_and_round_trips(schema: etree.RelaxNG, text: str) -> None:
    data = TEI.export(cableformat.loads(text))
    assert_valid(schema, data)
    assert_serialised(data)
    assert cableformat.dumps(TEI.load(data)) == text


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("UNCLAS STATE 000001\n\nSUBJECT: The minister’s “BOLD” plan\n".encode("cp1252"), "cp1252"),
        ("UNCLAS STATE 000001\n\nSUBJECT: The minister’s plan ".encode() + b"\xff\n", "utf-8"),
    ],
)
def test_the_source_encoding_is_kept_so_load_gives_the_original_bytes(
    schema: etree.RelaxNG, data: bytes, encoding: str
) -> None:
    import io

    cable = cableformat.load(io.BytesIO(data))
    assert cable.encoding == encoding and (cable.encoding, cable.encoding_errors) != (
        "utf-8",
        "strict",
    )
    exported = TEI.export(cable)
    assert_valid(schema, exported)
    back = TEI.load(exported)
    assert (back.encoding, back.encoding_errors) == (cable.encoding, cable.encoding_errors)
    out = io.BytesIO()
    cableformat.dump(back, out)
    assert out.getvalue() == data
