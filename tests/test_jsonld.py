"""The JSON-LD exporter: what it describes, that every term survives JSON-LD and RDF
processing offline, and that every cable comes back byte for byte."""

from __future__ import annotations

import base64
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st
from pyld import jsonld
from rdflib.collection import Collection

import cableformat
import cableformat_jsonld
from cableformat import strategies as cst
from cableformat_jsonld import CABLE, CONTEXT, JsonLdExporter

SCHEMA = rdflib.Namespace("https://schema.org/")
NS = rdflib.Namespace(CABLE)
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
# Open namespaces: pytest probes module globals, and rdflib's closed ones warn on that.
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")
RDF_TYPE = rdflib.URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
KNOWN = (str(SCHEMA), CABLE, str(DCTERMS), str(XSD))

EXPORTER = JsonLdExporter()

# A small cable written for these tests: every header field, a section break.
SMALL = """\
VZCZCXYZ0001
OO RUEHXX RUEHYY
DE RUEHZZ #0042/01 0451230
ZNY CCCCC ZZH
O 141230Z FEB 09
FM AMEMBASSY ATLANTIS
TO RUEHC/SECSTATE WASHDC IMMEDIATE 1234
INFO RUEHAA/AMEMBASSY ELDORADO PRIORITY 0567
RUEHBB/AMEMBASSY SHANGRILA 0890
BT
C O N F I D E N T I A L SECTION 01 OF 02 ATLANTIS 000042

NOFORN
SIPDIS

E.O. 12958: DECL: 02/14/2019
TAGS: PREL PGOV XX
SUBJECT: A SMALL CABLE FOR THE EXPORTER TESTS

REF: A. ATLANTIS 17
     B. 08 STATE 12345

Classified By: Ambassador Jane Roe for reasons 1.4 (b) and (d).

1. (C) Summary: the first paragraph.  End summary.

2. (C/NF) The second paragraph is long enough to need wrapping, and it
is cut by a page break in the middle of its

ATLANTIS 00000042 002 OF 002

sentence, which the reading text joins again.

-- a bullet

ROE
"""

# Bytes that were not UTF-8 (lone surrogates), a surrogate pair, controls, CR endings.
AWKWARD = (
    "SUBJECT: caf\udce9 \x00\x01 \ud83d\ude00 x\u2028y\r\n"
    "TAGS: A\udcff B\n\n1. (C) text \x1f\udc80 END\r\r\nSMITH"
)


def refuse(url: str, options: object = None) -> Any:
    raise AssertionError(f"a JSON-LD processor tried to fetch {url}")


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test here may reach the network: neither pyld nor rdflib."""
    monkeypatch.setattr(jsonld, "_default_document_loader", refuse)

    def connect(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access during a JSON-LD test")

    monkeypatch.setattr(socket.socket, "connect", connect)


def corpus_files(corpus: Path) -> list[Path]:
    files = sorted((corpus / "cablegate" / "txt").glob("*.txt"))
    assert len(files) > 1000
    return [corpus / "seed" / "000_cfbc7d7d2e690ad7.txt", *files]


# --- checks used by several tests -----------------------------------------------------


def keys(node: object) -> set[str]:
    """Every property name used in a JSON document, outside its @context."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            if not key.startswith("@"):
                found.add(key)
            found |= keys(value)
    elif isinstance(node, list):
        for item in node:
            found |= keys(item)
    return found


def iris(expanded: object) -> Iterator[str]:
    """Every property and type IRI in an expanded document."""
    if isinstance(expanded, dict):
        for key, value in expanded.items():
            if not key.startswith("@"):
                yield key
            if key == "@type" and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            elif key == "@type" and isinstance(value, str) and "@value" not in expanded:
                yield value
            yield from iris(value)
    elif isinstance(expanded, list):
        for item in expanded:
            yield from iris(item)


def expand_checked(text: str) -> list[Any]:
    """Expand offline and fail if any property is dropped or lands outside our vocabularies."""
    doc = json.loads(text)
    dropped: list[object] = []
    options: Any = {"documentLoader": refuse}
    expanded: list[Any] = jsonld.expand(doc, options, on_property_dropped=dropped.append)
    assert dropped == [], f"pyld dropped {dropped}"
    # Independent of pyld's callback: every term used must come back after a round
    # through expansion and compaction with the same context.
    again = jsonld.compact(expanded, {"@context": CONTEXT}, options)
    assert keys(again) == keys(doc)
    strays = {iri for iri in iris(expanded) if not iri.startswith(KNOWN)}
    assert not strays, f"IRIs outside the known vocabularies: {strays}"
    return expanded


def rdf_source(graph: rdflib.Graph, message: rdflib.term.Node) -> str:
    """The cable text as the RDF graph holds it: the cable:source list, joined."""
    head = graph.value(message, NS.source)
    assert head is not None
    texts = []
    for entry in Collection(graph, head):
        literal = graph.value(entry, NS.text)
        assert isinstance(literal, rdflib.Literal)
        if literal.datatype == XSD.base64Binary:
            raw = base64.b64decode(str(literal))
            texts.append(raw.decode("utf-8", "surrogatepass"))
        else:
            texts.append(str(literal))
    return "".join(texts)


def parse_checked(text: str, cable: cableformat.Cable) -> rdflib.Graph:
    graph = rdflib.Graph().parse(data=text, format="json-ld")
    messages = list(graph.subjects(RDF_TYPE, SCHEMA.Message))
    assert len(messages) == 1
    (message,) = messages
    assert (message, RDF_TYPE, NS.Cable) in graph
    if cable.subject is not None:
        assert graph.value(message, SCHEMA.headline) is not None
    if cable.reference_id is not None:
        assert str(graph.value(message, SCHEMA.identifier)) == cable.reference_id
    if cable.date is not None:
        sent = graph.value(message, SCHEMA.dateSent)
        assert isinstance(sent, rdflib.Literal) and sent.datatype == XSD.dateTime
        assert sent.toPython() == cable.date
    assert rdf_source(graph, message) == cableformat.dumps(cable)
    return graph


def round_trips(cable: cableformat.Cable) -> None:
    text = EXPORTER.export(cable)
    json.loads(text)
    text.encode("utf-8")  # never a lone surrogate in the output
    assert text.endswith("}\n")
    again = EXPORTER.load(text)
    assert cableformat.dumps(again) == cableformat.dumps(cable)
    assert cableformat.dumps(EXPORTER.load(text.encode("utf-8"))) == cableformat.dumps(cable)


# --- the exporter ---------------------------------------------------------------------


def test_exporter_contract() -> None:
    assert EXPORTER.name == "jsonld"
    assert EXPORTER.media_type == "application/ld+json"
    assert EXPORTER.suffix == ".jsonld"
    assert isinstance(EXPORTER, cableformat.ReadableExporter)
    registered: list[object] = []
    cableformat_jsonld.register_exporters(registered.append)
    assert [type(e) for e in registered] == [JsonLdExporter]


def test_context_is_embedded() -> None:
    doc = json.loads(EXPORTER.export(cableformat.loads(SMALL)))
    # An object, not a URL: readers never fetch it.
    assert doc["@context"] == CONTEXT
    namespaces = {v for v in CONTEXT.values() if isinstance(v, str) and "://" in v}
    assert namespaces == set(KNOWN)


def test_small_cable_is_described() -> None:
    cable = cableformat.loads(SMALL)
    doc = json.loads(EXPORTER.export(cable))
    assert doc["@type"] == ["Message", "cable:Cable"]
    assert doc["identifier"] == "09ATLANTIS42"
    assert doc["headline"] == "A SMALL CABLE FOR THE EXPORTER TESTS"
    assert doc["dateSent"] == "2009-02-14T12:30:00Z"
    assert doc["cable:dtg"] == "141230Z FEB 09"
    assert doc["cable:precedence"] == ["O"]
    assert doc["accessRights"] == "CONFIDENTIAL//NOFORN"
    assert doc["sender"] == {
        "@type": "Organization",
        "name": "AMEMBASSY ATLANTIS",
        "cable:routingIndicator": "RUEHZZ",
    }
    assert doc["toRecipient"] == [
        {
            "@type": "Organization",
            "name": "SECSTATE WASHDC",
            "cable:routingIndicator": "RUEHC",
            "cable:precedence": "IMMEDIATE",
            "cable:serial": "1234",
        }
    ]
    assert [r["name"] for r in doc["ccRecipient"]] == ["AMEMBASSY ELDORADO", "AMEMBASSY SHANGRILA"]
    assert doc["cable:routingPrecedence"] == "OO"
    assert doc["cable:routingIndicator"] == ["RUEHXX", "RUEHYY"]
    assert doc["cable:transmissionId"] == "VZCZCXYZ0001"
    assert (doc["cable:section"], doc["cable:sections"]) == (1, 2)
    assert doc["cable:caption"] == ["NOFORN", "SIPDIS"]
    assert doc["cable:executiveOrder"] == {
        "cable:number": "12958",
        "cable:declassification": "DECL: 02/14/2019",
        "cable:declassifyOn": "2019-02-14",
    }
    assert doc["cable:classifiedBy"] == "Ambassador Jane Roe"
    assert doc["cable:classificationReasons"] == "1.4 (b) and (d)."
    assert [k["termCode"] for k in doc["keywords"]] == ["PREL", "PGOV", "XX"]
    assert all(k["@type"] == "DefinedTerm" for k in doc["keywords"])
    base = cableformat.DEFAULT_BASE
    assert doc["@id"] == base + "09ATLANTIS42"
    assert doc["isPartOf"] == {"@id": base, "@type": "Collection"}
    assert doc["inLanguage"] == "en"
    assert doc["locationCreated"] == {"@type": "Place", "name": "ATLANTIS"}
    assert doc["conditionsOfAccess"] == "Classified CONFIDENTIAL//NOFORN when sent"
    # The cited cables are nodes of their own: the graph of a collection joins them.
    assert doc["citation"] == [{"@id": base + "09ATLANTIS17"}, {"@id": base + "08STATE12345"}]
    assert doc["cable:reference"] == [
        {
            "@type": "CreativeWork",
            "cable:label": "A",
            "text": "ATLANTIS 17",
            "cable:kind": "cable",
            "identifier": ["09ATLANTIS17"],
            "citation": [{"@id": base + "09ATLANTIS17"}],
        },
        {
            "@type": "CreativeWork",
            "cable:label": "B",
            "text": "08 STATE 12345",
            "cable:kind": "cable",
            "identifier": ["08STATE12345"],
            "citation": [{"@id": base + "08STATE12345"}],
        },
    ]
    assert doc["abstract"] == "the first paragraph."
    paragraphs = [p for p in doc["hasPart"] if "cable:Paragraph" in p["@type"]]
    assert [(p["position"], p["cable:marking"]) for p in paragraphs] == [(1, "C"), (2, "C/NF")]
    assert paragraphs[0]["text"] == "Summary: the first paragraph.  End summary."
    # The paragraph the page break cuts is one part, whole; the break stays in the source.
    assert [p["cable:index"] for p in doc["hasPart"]] == [0, 1, 2]
    assert [p["@id"] for p in doc["hasPart"]] == [f"{doc['@id']}#p{i}" for i in range(3)]
    assert paragraphs[1]["text"].endswith(
        "in the middle of its sentence, which the reading text joins again."
    )
    # The signer answers for the message (the drafter is often someone else).
    assert doc["accountablePerson"] == {"@type": "Person", "name": "ROE"}
    assert "cable:encoding" not in doc
    source = doc["cable:source"]
    assert "".join(entry["cable:text"] for entry in source) == SMALL
    # The running header is written inside the source of the paragraph it cuts.
    (cut,) = [e for e in source if "ATLANTIS 00000042 002 OF 002\n" in e["cable:text"]]
    assert (cut["cable:field"], cut["cable:index"]) == ("body", 1)


def test_small_cable_expands_and_parses() -> None:
    cable = cableformat.loads(SMALL)
    text = EXPORTER.export(cable)
    expanded = expand_checked(text)
    message = expanded[0]
    assert message["@type"] == [str(SCHEMA.Message), str(NS.Cable)]
    assert message[str(SCHEMA.headline)] == [{"@value": "A SMALL CABLE FOR THE EXPORTER TESTS"}]
    assert message[str(SCHEMA.dateSent)] == [
        {"@type": str(XSD.dateTime), "@value": "2009-02-14T12:30:00Z"}
    ]
    graph = parse_checked(text, cable)
    (message_node,) = graph.subjects(RDF_TYPE, SCHEMA.Message)
    assert str(graph.value(message_node, DCTERMS.accessRights)) == "CONFIDENTIAL//NOFORN"
    tags = {
        str(graph.value(t, SCHEMA.termCode)) for t in graph.objects(message_node, SCHEMA.keywords)
    }
    assert tags == {"PREL", "PGOV", "XX"}
    for term in graph.objects(message_node, SCHEMA.keywords):
        assert graph.value(term, SCHEMA.inDefinedTermSet) == NS.tags
    positions = {p.toPython() for p in graph.objects(None, SCHEMA.position)}
    assert positions == {1, 2}


def test_awkward_characters_round_trip_and_stay_valid() -> None:
    cable = cableformat.loads(AWKWARD)
    text = EXPORTER.export(cable)
    round_trips(cable)
    doc = json.loads(text)
    assert doc["headline"] == "caf\ufffd \x00\x01 \ufffd\ufffd x\u2028y"
    encoded = [e["cable:text"] for e in doc["cable:source"] if isinstance(e["cable:text"], dict)]
    assert encoded and all(v["@type"] == "xsd:base64Binary" for v in encoded)
    expand_checked(text)
    graph = parse_checked(text, cable)
    graph.serialize(format="nt")
    jsonld.to_rdf(doc, {"documentLoader": refuse, "format": "application/n-quads"})


def test_encoding_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("SUBJECT: Caf\xe9 \x93quoted\x94\n".encode("latin-1"))
    cable = cableformat.load(path)
    assert cable.encoding != "utf-8"
    again = EXPORTER.load(EXPORTER.export(cable))
    assert (again.encoding, again.encoding_errors) == (cable.encoding, cable.encoding_errors)
    out = tmp_path / "again.txt"
    cableformat.dump(again, out)
    assert out.read_bytes() == path.read_bytes()


def test_empty_cable() -> None:
    cable = cableformat.loads("")
    doc = json.loads(EXPORTER.export(cable))
    assert doc["cable:source"] == []
    round_trips(cable)
    expand_checked(json.dumps(doc))


@pytest.mark.parametrize(
    "data",
    ["[]", '{"@type": "Message"}', '{"cable:source": [{"cable:text": 3}]}'],
)
def test_load_rejects_other_documents(data: str) -> None:
    with pytest.raises(ValueError):
        EXPORTER.load(data)


def test_a_document_nested_a_million_deep_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="nested too deeply"):
        EXPORTER.load("[" * 1_000_000 + "]" * 1_000_000)


# --- the corpus -----------------------------------------------------------------------


def test_corpus_round_trips(corpus: Path) -> None:
    failures = []
    for path in corpus_files(corpus):
        cable = cableformat.load(path)
        again = EXPORTER.load(EXPORTER.export(cable))
        if cableformat.dumps(again) != cableformat.dumps(cable) or (
            again.encoding != cable.encoding
        ):
            failures.append(path.name)
    assert failures == []


def test_corpus_expands_without_dropping_anything(corpus: Path) -> None:
    for path in corpus_files(corpus):
        expand_checked(EXPORTER.export(cableformat.load(path)))


def test_corpus_parses_as_rdf(corpus: Path) -> None:
    for path in corpus_files(corpus):
        cable = cableformat.load(path)
        parse_checked(EXPORTER.export(cable), cable)


def test_seed_is_described(corpus: Path) -> None:
    cable = cableformat.load(corpus / "seed" / "000_cfbc7d7d2e690ad7.txt")
    doc = json.loads(EXPORTER.export(cable))
    assert doc["identifier"] == "07GUANGZHOU378"
    assert doc["dateSent"] == "2007-03-23T09:06:00Z"
    assert doc["sender"]["name"] == "AMCONSUL GUANGZHOU"
    assert [r["cable:routingIndicator"] for r in doc["toRecipient"]] == ["RUEHC"]
    assert len(doc["ccRecipient"]) == 7
    assert [k["termCode"] for k in doc["keywords"]] == [
        "ELAB",
        "PHUM",
        "EFIN",
        "PGOV",
        "SOCI",
        "CH",
    ]
    assert doc["cable:reference"][0]["identifier"] == ["07GUANGZHOU176"]
    assert [c["@id"] for c in doc["citation"]] == [
        cableformat.cable_iri(i) for i in cable.cited_ids
    ]
    assert doc["citation"][0] == {"@id": cableformat.DEFAULT_BASE + "07GUANGZHOU176"}
    positions = [p["position"] for p in doc["hasPart"] if "position" in p]
    assert positions[:4] == [1, 2, 3, 14]
    assert doc["accountablePerson"]["name"] == "ROCK"


# --- properties -----------------------------------------------------------------------

# Text with the characters that trouble JSON and RDF: controls, line separators and
# the lone surrogates that undecodable bytes become.
AWKWARD_TEXT = st.text(
    st.characters(codec="utf-8")
    | st.sampled_from(["\udc80", "\udcff", "\ud83d", "\ude00", "\x00", "\u2028", "\r", "\n"])
)


@given(cst.cables())
def test_built_cables_round_trip(cable: cableformat.Cable) -> None:
    round_trips(cable)


@given(cst.cable_texts())
def test_cable_texts_round_trip(text: str) -> None:
    cable = cableformat.loads(text)
    assert cableformat.dumps(EXPORTER.load(EXPORTER.export(cable))) == text


@given(AWKWARD_TEXT)
def test_any_text_round_trips(text: str) -> None:
    cable = cableformat.loads(text)
    assert cableformat.dumps(EXPORTER.load(EXPORTER.export(cable))) == text


@given(st.one_of(cst.cable_texts(), AWKWARD_TEXT))
def test_any_text_stays_valid_json_ld(text: str) -> None:
    cable = cableformat.loads(text)
    exported = EXPORTER.export(cable)
    expand_checked(exported)
    parse_checked(exported, cable)


# --- identifiers and links --------------------------------------------------------------


def test_a_collection_loads_into_one_graph_whose_citations_join(corpus: Path) -> None:
    records = list(cableformat.read_text(corpus / "cablegate" / "txt"))
    graph = rdflib.Graph()
    for record in records:
        graph.parse(data=EXPORTER.export(record.cable, record=record), format="json-ld")
    messages = set(graph.subjects(RDF_TYPE, SCHEMA.Message))
    named = {r.reference_id for r in records if r.reference_id is not None}
    unnamed = sum(1 for r in records if r.reference_id is None)  # no id: a blank node
    assert len([m for m in messages if isinstance(m, rdflib.URIRef)]) == len(named)
    assert len([m for m in messages if isinstance(m, rdflib.BNode)]) == unnamed
    # Every citation is an edge to the cited cable's node; those of the corpus are its cables.
    edges = {
        (s, o) for s, o in graph.subject_objects(SCHEMA.citation) if s in messages and o in messages
    }
    iri = {
        r.reference_id: rdflib.URIRef(cableformat.cable_iri(r.reference_id))
        for r in records
        if r.reference_id
    }
    expected = {
        (iri[r.reference_id], iri[cited])
        for r in records
        if r.reference_id is not None
        for cited in r.cable.cited_ids
        if cited in iri
    }
    assert edges == expected and len(edges) > 190


def test_ids_are_unique_and_parts_are_named_under_their_cable(corpus: Path) -> None:
    seen: set[str] = set()
    for record in cableformat.read_text(corpus / "cablegate" / "txt"):
        doc = json.loads(EXPORTER.export(record.cable, record=record))
        if record.reference_id is None:
            assert "@id" not in doc
            continue
        assert doc["@id"] == cableformat.cable_iri(record.reference_id)
        parts = [part["@id"] for part in doc.get("hasPart", [])]
        assert all(p.startswith(doc["@id"] + "#p") for p in parts)
        assert len(set(parts)) == len(parts)
        seen.add(doc["@id"])


def test_the_publishers_id_names_a_file_holding_another_cables_text(corpus: Path) -> None:
    (record,) = cableformat.read_text(corpus / "cablegate" / "txt" / "07PARIS2725.txt")
    assert record.cable.reference_id != "07PARIS2725"
    doc = json.loads(EXPORTER.export(record.cable, record=record))
    assert doc["@id"] == cableformat.cable_iri("07PARIS2725")
    assert doc["identifier"] == [record.cable.reference_id, "07PARIS2725"]


def test_a_base_iri_is_an_option_of_the_export_and_of_convert(tmp_path: Path) -> None:
    cable = cableformat.loads(SMALL)
    doc = json.loads(EXPORTER.export(cable, base="https://example.org/cables/"))
    assert doc["@id"] == "https://example.org/cables/09ATLANTIS42"
    assert doc["citation"][0] == {"@id": "https://example.org/cables/09ATLANTIS17"}
    for bad in ("cables/", "https://example.org/cables", "https://exa mple.org/"):
        with pytest.raises(ValueError, match="base IRI"):
            EXPORTER.export(cable, base=bad)
    from cableformat._cli import main

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "small.txt").write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out"
    args = ["convert", str(tmp_path / "in"), "--to", "jsonld", "-o", str(out), "--jobs", "1"]
    assert main([*args, "-O", "base=urn:cable:"]) == 0
    written = json.loads((out / "09ATLANTIS42.jsonld").read_text(encoding="utf-8"))
    assert written["@id"] == "urn:cable:09ATLANTIS42"


def test_the_release_date_of_a_viewer_page_is_published(corpus: Path) -> None:
    page = sorted((corpus / "cablegate" / "html").glob("*.html"))[0]
    (record,) = cableformat.read_html(page)
    released = record.metadata["released"]
    doc = json.loads(EXPORTER.export(record.cable, record=record))
    assert doc["datePublished"] == released[:10]


@pytest.mark.parametrize(
    ("encoding", "errors", "message"),
    [("no-such-codec", "strict", "unknown encoding"), ("utf-8", "no-such-handler", "handler")],
)
def test_an_unknown_encoding_is_refused(encoding: str, errors: str, message: str) -> None:
    doc = json.loads(EXPORTER.export(cableformat.loads(SMALL)))
    doc["cable:encoding"], doc["cable:encodingErrors"] = encoding, errors
    with pytest.raises(ValueError, match=message):
        EXPORTER.load(json.dumps(doc))


def test_a_document_too_long_for_a_cable_is_refused_before_parsing() -> None:
    from cableformat_jsonld._exporter import MAX_SIZE

    with pytest.raises(ValueError, match="no cable's JSON-LD"):
        EXPORTER.load(b" " * (MAX_SIZE + 1))
