"""The JSON-LD context every exported document embeds, so nothing is ever fetched.

Every term maps to a full IRI: a term missing here would be dropped silently on
expansion, and a remote context would make readers go online.  ``docs/jsonld.md``
describes each term.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CABLE", "CONTEXT", "DCTERMS", "SCHEMA", "XSD"]

SCHEMA = "https://schema.org/"
CABLE = "https://cableformat.org/ns#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

CONTEXT: dict[str, Any] = {
    "schema": SCHEMA,
    "cable": CABLE,
    "dcterms": DCTERMS,
    "xsd": XSD,
    # schema.org classes
    "Message": "schema:Message",
    "Organization": "schema:Organization",
    "Person": "schema:Person",
    "DefinedTerm": "schema:DefinedTerm",
    "CreativeWork": "schema:CreativeWork",
    "Country": "schema:Country",
    "Place": "schema:Place",
    "Collection": "schema:Collection",
    # schema.org properties
    "identifier": "schema:identifier",
    "headline": "schema:headline",
    "dateSent": {"@id": "schema:dateSent", "@type": "xsd:dateTime"},
    "sender": "schema:sender",
    "toRecipient": "schema:toRecipient",
    "ccRecipient": "schema:ccRecipient",
    "author": "schema:author",
    "name": "schema:name",
    "keywords": "schema:keywords",
    "termCode": "schema:termCode",
    "inDefinedTermSet": {"@id": "schema:inDefinedTermSet", "@type": "@id"},
    "citation": "schema:citation",
    "hasPart": "schema:hasPart",
    "position": "schema:position",
    "text": "schema:text",
    "about": "schema:about",
    "abstract": "schema:abstract",
    "isPartOf": "schema:isPartOf",
    "inLanguage": "schema:inLanguage",
    "locationCreated": "schema:locationCreated",
    "datePublished": {"@id": "schema:datePublished", "@type": "xsd:date"},
    "accountablePerson": "schema:accountablePerson",
    "conditionsOfAccess": "schema:conditionsOfAccess",
    # Dublin Core
    "accessRights": "dcterms:accessRights",
    # Project terms that need more than their prefix: an order, a datatype.
    "cable:source": {"@id": "cable:source", "@container": "@list"},
    "cable:declassifyOn": {"@id": "cable:declassifyOn", "@type": "xsd:date"},
}
