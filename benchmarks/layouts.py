"""How the layouts of ``../shared/corpus/alx`` and ``../shared/corpus/plusd`` read through
``cableformat.read()``, against their ``index.json``.

    python benchmarks/layouts.py [--corpus ../shared/corpus]

For the alx files: the metadata lines against the index, the cable's own reference id,
date, classification and origin against the publisher's, and the byte-exact round trip of
the cable text.  For the PlusD excerpts: which envelope fields were read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import cableformat


def _alx(folder: Path) -> None:
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    counts = dict.fromkeys(["metadata", "round trip", "reference_id", "year", "origin"], 0)
    for entry in index:
        path = folder / entry["file"]
        (record,) = cableformat.read(path)
        cable = record.cable
        values = [entry[k] for k in ("refid", "title", "date", "classification", "origin")]
        counts["metadata"] += list(record.metadata.values()) == values
        text = path.read_bytes().decode("utf-8")
        counts["round trip"] += cableformat.dumps(cable) == text.split("\n", 5)[5]
        counts["reference_id"] += cable.reference_id == entry["refid"]
        year = cable.date.year if cable.date else cable.year
        counts["year"] += year is not None and str(year) == entry["date"][-4:]
        post = entry["origin"].split(" ", 1)[-1].upper().replace(" ", "")
        counts["origin"] += (cable.origin or "").replace(" ", "") == post
    print(f"alx: {len(index)} files")
    for key, count in counts.items():
        print(f"  {key:14s} {count:3d}/{len(index)}")


def _plusd(folder: Path) -> None:
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    fields = ["distribution", "message_line", "drafted_by", "dtg", "sender", "tags", "subject"]
    counts = dict.fromkeys(fields, 0)
    for entry in index:
        cable = cableformat.load(folder / entry["file"])
        for field in fields:
            counts[field] += bool(getattr(cable, field))
    print(f"plusd: {len(index)} excerpts (drafted_by: outgoing cables only)")
    for key, count in counts.items():
        print(f"  {key:14s} {count:3d}/{len(index)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="../shared/corpus", type=Path)
    args = parser.parse_args()
    _alx(args.corpus / "alx")
    _plusd(args.corpus / "plusd")


if __name__ == "__main__":
    main()
