"""Cables as JSON-LD: a schema.org ``Message`` that also keeps the cable's exact text."""

from __future__ import annotations

import base64
import codecs
import json
import re
from typing import Any

import attrs

import cableformat
from cableformat import DEFAULT_BASE, Addressee, Bullet, Cable, Heading, Paragraph, Record, Text

from ._context import CONTEXT

__all__ = ["JsonLdExporter"]

# Lone surrogates come from bytes that were not UTF-8; UTF-8 cannot hold them.
_SURROGATE = re.compile("[\ud800-\udfff]")
_BASE64 = "xsd:base64Binary"
_DEFAULT_ENCODING = ("utf-8", "strict")

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_CONTEXT_JSON = _dumps(CONTEXT)


def _iso(cable: Cable) -> str | None:
    date = cable.date
    if date is None:
        return None
    # The value is UTC (the model checks it); xsd:dateTime wants a zone, "Z" is UTC.
    return date.replace(tzinfo=None).isoformat() + "Z"


def _organization(addressee: Addressee) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Organization", "name": addressee.address}
    if addressee.routing_indicator is not None:
        node["cable:routingIndicator"] = addressee.routing_indicator
    if addressee.precedence is not None:
        node["cable:precedence"] = addressee.precedence
    if addressee.serial is not None:
        node["cable:serial"] = addressee.serial
    return node


def _block(index: int, block: object, iri: str | None) -> dict[str, Any] | None:
    """A body block as a part of the message; transmission artefacts are not parts.

    A part of a message with an IRI is named ``<message>#p<index>``, its index in the body.
    """
    node: dict[str, Any]
    if isinstance(block, Paragraph):
        node = {"@type": ["CreativeWork", "cable:Paragraph"]}
        if block.number is not None:
            node["position"] = block.number
        if block.marking is not None:
            node["cable:marking"] = block.marking
    elif isinstance(block, Heading):
        node = {"@type": ["CreativeWork", "cable:Heading"]}
    elif isinstance(block, Bullet):
        node = {"@type": ["CreativeWork", "cable:Bullet"], "cable:bulletMarker": block.marker}
    elif isinstance(block, Text):
        node = {"@type": ["CreativeWork", "cable:TextBlock"]}
    else:
        return None
    if iri is not None:
        node = {"@id": f"{iri}#p{index}", **node}
    node["cable:index"] = index
    node["text"] = block.text
    return node


_KINDS = {"geography": "Country", "person": "Person"}
"""Tags that name a country or a person are also what the message is ``about``."""


def _about(cable: Cable) -> list[dict[str, Any]]:
    return [
        {"@type": kind, "name": tag, "identifier": tag}
        for tag in cable.tags
        if (kind := _KINDS.get(cableformat.tag_kind(tag))) is not None
    ]


def _source(cable: Cable) -> list[str]:
    """Each part of the written text as a JSON object, in order.

    Their texts add up to ``dumps(cable)``.  Written by hand rather than through
    ``json.dumps`` per object: these are most of the document and of the export time.
    """
    entries: list[str] = []
    for part in cableformat.parts(cable):
        text = part.text
        if _SURROGATE.search(text):
            # Kept as bytes so that every code point, paired or not, comes back.
            raw = base64.b64encode(text.encode("utf-8", "surrogatepass")).decode("ascii")
            value = f'{{"@value":"{raw}","@type":"{_BASE64}"}}'
        else:
            value = _dumps(text)
        field = f'"cable:field":{_dumps(part.field)},' if part.field else ""
        index = f'"cable:index":{int(part.index)},' if part.index is not None else ""
        entries.append(f'{{{field}{index}"cable:text":{value}}}')
    return entries


def _message(cable: Cable, base: str, record: Record | None) -> dict[str, Any]:
    """The described message: every value that schema.org, DC or cable: can name."""
    key = record.reference_id if record is not None else cable.reference_id
    iri = cableformat.cable_iri(key, base) if key is not None else None
    doc: dict[str, Any] = {}
    if iri is not None:
        doc["@id"] = iri
    doc["@type"] = ["Message", "cable:Cable"]
    doc["isPartOf"] = {"@id": base, "@type": "Collection"}
    doc["inLanguage"] = "en"
    if cable.wrapper:  # the mail system's export header: notes on the copy, not the cable
        doc["cable:wrapper"] = [str(line) for line in cable.wrapper]
    ids = [i for i in (cable.reference_id, key) if i is not None]
    if ids:
        # The cable's own id, and the publisher's where a file holds another's text.
        doc["identifier"] = ids[0] if len(set(ids)) == 1 else list(dict.fromkeys(ids))
    released = record.released if record is not None else None
    if released is not None:
        doc["datePublished"] = released.isoformat()
    if cable.subject is not None:
        doc["headline"] = cable.subject
    date = _iso(cable)
    if date is not None:
        doc["dateSent"] = date
    if cable.dtg is not None:
        doc["cable:dtg"] = cable.dtg.text
        if cable.dtg.precedence:
            doc["cable:precedence"] = list(cable.dtg.precedence)
    if cable.classification is not None:
        doc["accessRights"] = cable.classification
        doc["conditionsOfAccess"] = f"Classified {cable.classification} when sent"
    if cable.origin is not None:
        doc["locationCreated"] = {"@type": "Place", "name": cable.origin}
    if cable.sender is not None or cable.station is not None:
        sender: dict[str, Any] = {"@type": "Organization"}
        if cable.sender is not None:
            sender["name"] = cable.sender
        if cable.station is not None:
            sender["cable:routingIndicator"] = cable.station.station
        doc["sender"] = sender
    if cable.to:
        doc["toRecipient"] = [_organization(a) for a in cable.to]
    if cable.info:
        doc["ccRecipient"] = [_organization(a) for a in cable.info]
    if cable.excluded:
        doc["cable:excludedRecipient"] = [_organization(a) for a in cable.excluded]
    if cable.transmission_id is not None:
        doc["cable:transmissionId"] = cable.transmission_id
    if cable.routing is not None:
        doc["cable:routingPrecedence"] = cable.routing.precedence
        if cable.routing.indicators:
            doc["cable:routingIndicator"] = list(cable.routing.indicators)
    line = cable.classification_line
    if line is not None:
        if line.origin is not None:
            doc["cable:origin"] = line.origin
        if line.section is not None:
            doc["cable:section"] = line.section
        if line.sections is not None:
            doc["cable:sections"] = line.sections
    if cable.captions:
        doc["cable:caption"] = list(cable.captions)
    if cable.instructions:
        doc["cable:instruction"] = list(cable.instructions)
    order = cable.executive_order
    if order is not None:
        eo: dict[str, Any] = {}
        if order.order is not None:
            eo["cable:number"] = order.order
        eo["cable:declassification"] = order.instruction
        declassify_on = order.declassify_on
        if declassify_on is not None:
            eo["cable:declassifyOn"] = declassify_on.isoformat()
        doc["cable:executiveOrder"] = eo
    authority = cable.classification_authority
    if authority is not None:
        doc["cable:classifiedBy"] = authority.official
        if authority.reasons_text is not None:
            doc["cable:classificationReasons"] = authority.reasons_text
    if cable.tags:
        doc["keywords"] = [
            {
                "@type": "DefinedTerm",
                "termCode": tag,
                "name": tag,
                "inDefinedTermSet": "cable:tags",
            }
            for tag in cable.tags
        ]
        if about := _about(cable):
            doc["about"] = about
    if cited := cable.cited_ids:
        # An edge to each cited cable's node, by the IRI its own export gives it.
        doc["citation"] = [{"@id": cableformat.cable_iri(i, base)} for i in cited]
    if cable.references:
        items = []
        for ref in cable.references:
            work: dict[str, Any] = {"@type": "CreativeWork"}
            if ref.label is not None:
                work["cable:label"] = ref.label
            work["text"] = ref.text
            work["cable:kind"] = ref.kind
            if ref.cable_ids:
                work["identifier"] = list(ref.cable_ids)
                work["citation"] = [{"@id": cableformat.cable_iri(i, base)} for i in ref.cable_ids]
            items.append(work)
        doc["cable:reference"] = items
    blocks = [node for i, b in enumerate(cable.body) if (node := _block(i, b, iri)) is not None]
    if blocks:
        doc["hasPart"] = blocks
    # Derived from the body on each access: asked once.
    summary, comments = cable.summary, cable.comments
    if summary is not None:
        doc["abstract"] = summary
    if comments:
        doc["cable:comment"] = list(comments)
    if (signer := cable.signature) is not None:
        # The signer answers for the message; the drafter is often someone else.
        doc["accountablePerson"] = {"@type": "Person", "name": signer}
    encoding = (cable.encoding, cable.encoding_errors)
    if encoding != _DEFAULT_ENCODING:
        doc["cable:encoding"] = cable.encoding
        doc["cable:encodingErrors"] = cable.encoding_errors
    return doc


def export_jsonld(cable: Cable, *, base: str = DEFAULT_BASE, record: Record | None = None) -> str:
    """The cable as a JSON-LD document: a line for each key, list item and source part.

    ``base`` begins the IRIs of the cable and of those it cites; ``record`` (given by
    ``convert``) adds the publisher's id and release date.
    """
    cableformat.cable_iri("", base)  # refuses a base no IRI can begin with
    doc = _message(cable, base, record)
    lines = ['{"@context":' + _CONTEXT_JSON]
    for key, value in doc.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            items = ",\n ".join(_dumps(item) for item in value)
            lines.append(f"{_dumps(key)}:[\n {items}]")
        else:
            lines.append(f"{_dumps(key)}:{_dumps(value)}")
    source = ",\n ".join(_source(cable))
    lines.append(f'"cable:source":[\n {source}]')
    out = ",\n".join(lines) + "}\n"
    # Only described values can still hold a surrogate (source parts are base64);
    # they are readings of the text, so a replacement character loses nothing.
    return _SURROGATE.sub("\ufffd", out)


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and value.get("@type") == _BASE64:
        raw = value.get("@value")
        if isinstance(raw, str):
            return base64.b64decode(raw, validate=True).decode("utf-8", "surrogatepass")
    raise ValueError(f"not a cable:text value: {value!r}")


MAX_SIZE = 64 << 20
"""The longest document read, in bytes or characters: a cable's document is some
hundreds of kilobytes; reading is refused past this, before parsing."""


def load_jsonld(data: str | bytes) -> Cable:
    """Read back a document written by :func:`export_jsonld`, from its source parts."""
    if len(data) > MAX_SIZE:
        raise ValueError(f"not read: a document over {MAX_SIZE:,} long is no cable's JSON-LD")
    try:
        doc = json.loads(data)
    except RecursionError:
        raise ValueError("not a cable JSON-LD document: it is nested too deeply") from None
    source = doc.get("cable:source") if isinstance(doc, dict) else None
    if isinstance(source, dict):
        source = source.get("@list")
    if not isinstance(source, list):
        raise ValueError("not a cable JSON-LD document: it has no cable:source list")
    text = "".join(
        _text(entry.get("cable:text") if isinstance(entry, dict) else entry) for entry in source
    )
    cable = cableformat.loads(text)
    encoding = doc.get("cable:encoding")
    errors = doc.get("cable:encodingErrors")
    if encoding is not None or errors is not None:
        name, handler = _encoding(encoding, errors)
        cable = attrs.evolve(cable, encoding=name, encoding_errors=handler)
    return cable


def _encoding(encoding: object, errors: object) -> tuple[str, str]:
    """The source encoding a document names, checked: it is used to write bytes."""
    if not isinstance(encoding, str) or not isinstance(errors, str):
        raise ValueError("cable:encoding and cable:encodingErrors are two strings")
    try:
        codecs.lookup(encoding)
        codecs.lookup_error(errors)
    except LookupError as error:
        raise ValueError(f"not a cable JSON-LD document: {error}") from None
    return encoding, errors


class JsonLdExporter:
    """Exports cables as JSON-LD (schema.org ``Message``) and reads them back losslessly."""

    name = "jsonld"
    media_type = "application/ld+json"
    suffix = ".jsonld"

    def export(
        self, cable: Cable, *, base: str = DEFAULT_BASE, record: Record | None = None
    ) -> str:
        """``base``: the base IRI of cables (``-O base=https://example.org/cable/``)."""
        return export_jsonld(cable, base=base, record=record)

    def load(self, data: str | bytes) -> Cable:
        return load_jsonld(data)
