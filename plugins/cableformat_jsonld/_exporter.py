"""Cables as JSON-LD: a schema.org ``Message`` that also keeps the cable's exact text."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import attrs

import cableformat
from cableformat import Addressee, Bullet, Cable, Heading, Paragraph, Text

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


def _block(index: int, block: object) -> dict[str, Any] | None:
    """A body block as a part of the message; transmission artefacts are not parts."""
    if isinstance(block, Paragraph):
        node: dict[str, Any] = {"@type": ["CreativeWork", "cable:Paragraph"], "cable:index": index}
        if block.number is not None:
            node["position"] = block.number
        if block.marking is not None:
            node["cable:marking"] = block.marking
        node["text"] = block.text
        return node
    if isinstance(block, Heading):
        return {
            "@type": ["CreativeWork", "cable:Heading"],
            "cable:index": index,
            "text": block.text,
        }
    if isinstance(block, Bullet):
        return {
            "@type": ["CreativeWork", "cable:Bullet"],
            "cable:index": index,
            "cable:bulletMarker": block.marker,
            "text": block.text,
        }
    if isinstance(block, Text):
        return {
            "@type": ["CreativeWork", "cable:TextBlock"],
            "cable:index": index,
            "text": block.text,
        }
    return None


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


def _message(cable: Cable) -> dict[str, Any]:
    """The described message: every value that schema.org, DC or cable: can name."""
    doc: dict[str, Any] = {"@type": ["Message", "cable:Cable"]}
    if cable.wrapper:  # the mail system's export header: notes on the copy, not the cable
        doc["cable:wrapper"] = [str(line) for line in cable.wrapper]
    if cable.reference_id is not None:
        doc["identifier"] = cable.reference_id
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
    if cable.references:
        citations = []
        for ref in cable.references:
            work: dict[str, Any] = {"@type": "CreativeWork"}
            if ref.label is not None:
                work["cable:label"] = ref.label
            work["text"] = ref.text
            if ref.cable_ids:
                work["identifier"] = list(ref.cable_ids)
            citations.append(work)
        doc["citation"] = citations
    blocks = [node for i, b in enumerate(cable.body) if (node := _block(i, b)) is not None]
    if blocks:
        doc["hasPart"] = blocks
    if cable.signature is not None:
        doc["author"] = {"@type": "Person", "name": cable.signature}
    encoding = (cable.encoding, cable.encoding_errors)
    if encoding != _DEFAULT_ENCODING:
        doc["cable:encoding"] = cable.encoding
        doc["cable:encodingErrors"] = cable.encoding_errors
    return doc


def export_jsonld(cable: Cable) -> str:
    """The cable as a JSON-LD document: a line for each key, list item and source part."""
    doc = _message(cable)
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


def load_jsonld(data: str | bytes) -> Cable:
    """Read back a document written by :func:`export_jsonld`, from its source parts."""
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
    if isinstance(encoding, str) and isinstance(errors, str):
        cable = attrs.evolve(cable, encoding=encoding, encoding_errors=errors)
    return cable


class JsonLdExporter:
    """Exports cables as JSON-LD (schema.org ``Message``) and reads them back losslessly."""

    name = "jsonld"
    media_type = "application/ld+json"
    suffix = ".jsonld"

    def export(self, cable: Cable) -> str:
        return export_jsonld(cable)

    def load(self, data: str | bytes) -> Cable:
        return load_jsonld(data)
