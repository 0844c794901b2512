"""How many of the shared cables have a value in each field, and how the values agree
with the publisher's metadata.

    python benchmarks/fields.py [--corpus ../shared/corpus] [--list FIELD]

Prints, per field, the number of cables with a value; then the agreement of the reference
id, classification and origin with ``cablegate/index.json``.  ``--list FIELD`` prints the
id and value of every cable for one field instead, to read a rule's effect cable by cable.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import cableformat
from cableformat import Cable


def _opt(cable: Cable, name: str) -> Any:
    return getattr(cable, name, None)


def _ref_ids(cable: Cable) -> tuple[str, ...]:
    return tuple(cable.cited_ids)


def _eo_date(cable: Cable) -> Any:
    eo = cable.executive_order
    return eo.declassify_on if eo is not None else None


def _eo_downgrade(cable: Cable) -> Any:
    eo = cable.executive_order
    return getattr(eo, "downgrade_on", None) if eo is not None else None


def _authority(cable: Cable, part: str) -> Any:
    auth = cable.classification_authority
    return getattr(auth, part, None) if auth is not None else None


def _kinds(cable: Cable) -> tuple[str, ...]:
    return tuple(getattr(ref, "kind", "?") for ref in cable.references)


FIELDS: dict[str, Callable[[Cable], Any]] = {
    "reference_id": lambda c: c.reference_id,
    "date": lambda c: c.date,
    "sender": lambda c: c.sender,
    "to": lambda c: c.to,
    "info": lambda c: c.info,
    "excluded": lambda c: c.excluded,
    "classification": lambda c: c.classification,
    "origin": lambda c: c.origin,
    "captions": lambda c: c.captions,
    "executive_order": lambda c: c.executive_order,
    "declassify_on": _eo_date,
    "downgrade_on": _eo_downgrade,
    "tags": lambda c: c.tags,
    "subject": lambda c: c.subject,
    "subject_marking": lambda c: _opt(c, "subject_marking"),
    "references": lambda c: c.references,
    "reference kinds": _kinds,
    "cited_ids": _ref_ids,
    "classified_by": lambda c: c.classified_by,
    "classified_by.name": lambda c: _authority(c, "name"),
    "classified_by.title": lambda c: _authority(c, "title"),
    "classified_by.reasons": lambda c: _authority(c, "reasons"),
    "signature": lambda c: c.signature,
    "summary": lambda c: _opt(c, "summary"),
    "comments": lambda c: _opt(c, "comments"),
    "is_partial": lambda c: _opt(c, "is_partial") or None,
    "continued": lambda c: tuple(b for b in c.body if getattr(b, "breaks", ())) or None,
    "unparsed": lambda c: c.unparsed,
}


_ID = re.compile(r"^(\d\d)([A-Z]+?)(\d+)$")


def _level(banner: str | None) -> str:
    return (banner or "").split("//")[0]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent.parent
    parser.add_argument("--corpus", type=Path, default=here.parent / "shared" / "corpus")
    parser.add_argument("--list", metavar="FIELD", choices=sorted(FIELDS))
    args = parser.parse_args(argv)

    folder = args.corpus / "cablegate" / "txt"
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no cables under {folder}")
    oracle = {
        row["reference_id"]: row
        for row in json.loads((args.corpus / "cablegate" / "index.json").read_text("utf-8"))
    }
    cables = {p.stem: cableformat.load(p) for p in paths}
    # As a reader with the publisher's metadata reads them: its date gives the year a
    # text without a date-time group lacks.
    dated = {p.stem: cableformat.load(p, year=int(oracle[p.stem]["created"][:4])) for p in paths}

    if args.list:
        get = FIELDS[args.list]
        for name, cable in cables.items():
            print(f"{name}\t{get(cable)!r}")
        return

    total = len(cables)
    print(f"{total} cables in {folder}\n\ncables with a value:")
    for field, get in FIELDS.items():
        count = sum(1 for cable in cables.values() if get(cable) not in (None, (), ""))
        print(f"  {field:24} {count:5}")

    agree = dict.fromkeys(
        ["reference_id", "classification", "classification level", "origin", "date (created, day)"],
        0,
    )
    for name, cable in cables.items():
        row = oracle[name]
        agree["reference_id"] += cable.reference_id == row["reference_id"]
        agree["classification"] += cable.classification == row["classification"]
        agree["classification level"] += _level(cable.classification) == _level(
            row["classification"]
        )
        origin = (cable.origin or "").replace(" ", "").upper()
        match = _ID.match(row["reference_id"])
        agree["origin"] += bool(match) and origin == match[2]
        created = cable.date.strftime("%Y-%m-%d") if cable.date else None
        agree["date (created, day)"] += created == row["created"][:10]
    agree["reference_id, year given"] = sum(
        cable.reference_id == oracle[name]["reference_id"] for name, cable in dated.items()
    )
    with_year = sum(1 for cable in dated.values() if cable.cited_ids)
    print(f"  {'cited_ids, year given':24} {with_year:5}")
    print("\nagreement with cablegate/index.json:")
    for field, count in agree.items():
        print(f"  {field:24} {count:5}/{total} = {count / total:.1%}")


if __name__ == "__main__":
    main()
