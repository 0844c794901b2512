"""A cable's fields as plain data (for ``cableformat show`` and other JSON consumers)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from ._model import Addressee, Cable, ClassifiedBy
from ._tags import tag_kind

__all__ = ["describe"]


def _addressee(a: Addressee) -> dict[str, Any]:
    return attrs.asdict(a)


def _authority(auth: ClassifiedBy | None) -> dict[str, Any] | None:
    if auth is None:
        return None
    return {
        "official": auth.official,
        "name": auth.name,
        "title": auth.title,
        "reasons": list(auth.reasons),
    }


def _date(value: _dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def describe(cable: Cable) -> dict[str, Any]:
    """The parsed fields as JSON-ready data, in the order a cable gives them."""
    eo = cable.executive_order
    return {
        "reference_id": cable.reference_id,
        "is_partial": cable.is_partial,
        "date": cable.date.isoformat() if cable.date else None,
        "classification": cable.classification,
        "origin": cable.origin,
        "sender": cable.sender,
        "to": [_addressee(a) for a in cable.to],
        "info": [_addressee(a) for a in cable.info],
        "captions": list(cable.captions),
        "executive_order": f"{eo.order or ''} {eo.instruction}".strip() if eo else None,
        "declassify_on": _date(eo.declassify_on) if eo else None,
        "downgrade_on": _date(eo.downgrade_on) if eo else None,
        "tags": list(cable.tags),
        "tag_kinds": {t: tag_kind(t) for t in cable.tags},
        "subject": cable.subject,
        "subject_marking": cable.subject_marking,
        "references": [
            {"label": r.label, "text": r.text, "kind": r.kind, "cable_ids": list(r.cable_ids)}
            for r in cable.references
        ],
        "classified_by": _authority(cable.classified_by),
        "summary": cable.summary,
        "comments": list(cable.comments),
        "paragraphs": [
            {"number": p.number, "marking": p.marking, "text": p.text} for p in cable.paragraphs
        ],
        "signature": cable.signature,
        "diagnostics": [str(d) for d in cable.diagnostics],
    }
