"""A cable's fields as plain data (for ``cableformat show`` and other JSON consumers)."""

from __future__ import annotations

from typing import Any

import attrs

from ._model import Addressee, Cable

__all__ = ["describe"]


def _addressee(a: Addressee) -> dict[str, Any]:
    return attrs.asdict(a)


def describe(cable: Cable) -> dict[str, Any]:
    """The parsed fields as JSON-ready data, in the order a cable gives them."""
    eo = cable.executive_order
    return {
        "reference_id": cable.reference_id,
        "date": cable.date.isoformat() if cable.date else None,
        "classification": cable.classification,
        "origin": cable.origin,
        "sender": cable.sender,
        "to": [_addressee(a) for a in cable.to],
        "info": [_addressee(a) for a in cable.info],
        "captions": list(cable.captions),
        "executive_order": f"{eo.order or ''} {eo.instruction}".strip() if eo else None,
        "tags": list(cable.tags),
        "subject": cable.subject,
        "references": [
            {"label": r.label, "text": r.text, "cable_ids": list(r.cable_ids)}
            for r in cable.references
        ],
        "classified_by": cable.classified_by.official if cable.classified_by else None,
        "paragraphs": [
            {"number": p.number, "marking": p.marking, "text": p.text} for p in cable.paragraphs
        ],
        "signature": cable.signature,
        "diagnostics": [str(d) for d in cable.diagnostics],
    }
