"""How the layouts of ``../shared/corpus/alx`` and ``../shared/corpus/plusd`` read through
``cableformat.read()``, against their ``index.json``.

    python benchmarks/layouts.py [--corpus ../shared/corpus]

For the alx files: the metadata lines against the index, the cable's own reference id,
date, classification, origin and subject against the publisher's, and the byte-exact
round trip of the cable text.  For the PlusD excerpts: the reference id against the
index, and the date, classification, tags and subject against the excerpt's own lines
where it holds them; and which envelope fields were read.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import cableformat

_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def _same(a: str | None, b: str | None) -> bool:
    """Equal but for case, spacing and a final full stop."""

    def norm(s: str | None) -> str:
        return " ".join((s or "").upper().rstrip(". ").split())

    return bool(a) and norm(a) == norm(b)


def _classification(value: str | None) -> str | None:
    return {"UNCLAS": "UNCLASSIFIED"}.get(value or "", value)


def _alx(folder: Path) -> None:
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    keys = ["metadata", "round trip", "reference_id", "date", "classification", "origin"]
    counts = dict.fromkeys([*keys, "subject"], 0)
    held = dict.fromkeys(counts, len(index))
    held["date"] = held["subject"] = 0
    misses: list[str] = []
    for entry in index:
        path = folder / entry["file"]
        (record,) = cableformat.read(path)
        cable = record.cable
        values = [entry[k] for k in ("refid", "title", "date", "classification", "origin")]
        counts["metadata"] += list(record.metadata.values()) == values
        text = path.read_bytes().decode("utf-8")
        counts["round trip"] += cableformat.dumps(cable) == text.split("\n", 5)[5]
        got = {
            "reference_id": cable.reference_id == entry["refid"],
            # The publisher's date is the day (its time is always midnight).
            "date": cable.date is not None
            and f"{_MONTHS[cable.date.month - 1].title()} {cable.date.day:02d}"
            == entry["date"][4:10]
            and str(cable.date.year) == entry["date"][-4:],
            "classification": _classification(cable.classification) == entry["classification"],
            "origin": (cable.origin or "").replace(" ", "")
            == entry["origin"].split(" ", 1)[-1].upper().replace(" ", ""),
            # The publisher's title is the subject's first line: the subject begins with it.
            "subject": bool(cable.subject)
            and " ".join((cable.subject or "").split()).startswith(
                " ".join(entry["title"].split())
            ),
        }
        # Held by the text: a date where it has a date-time group; a title where one is given.
        held["date"] += (has_date := _DTG.search(text) is not None)
        held["subject"] += (has_title := bool(entry["title"].strip()))
        for key, ok in got.items():
            if (key == "date" and not has_date) or (key == "subject" and not has_title):
                continue
            counts[key] += ok
            if not ok:
                misses.append(f"{entry['file']}: {key}")
    print(f"alx: {len(index)} files, against index.json (date: where the text has a DTG)")
    for key, count in counts.items():
        print(f"  {key:14s} {count:3d}/{held[key]}")
    for miss in misses:
        print(f"    miss {miss}")


def _excerpt_values(text: str) -> dict[str, str | None]:
    """What a reader finds in an excerpt's lines: the DTG's day, the letter-spaced
    classification line's marking, the TAGS and SUBJECT lines."""
    values: dict[str, str | None] = dict.fromkeys(["date", "classification", "tags", "subject"])
    subject = False
    for line in text.splitlines():
        words = line.split()
        if values["date"] is None and (
            m := re.match(r"(?:[A-Z] )?(\d\d)\d{4}Z ([A-Z]{3}) (\d\d)$", line.strip())
        ):
            values["date"] = f"19{m[3]}-{_MONTHS.index(m[2]) + 1:02d}-{m[1]}"
        elif values["classification"] is None and re.match(r"(?:[A-Z] ){4,}", line):
            spaced = re.match(r"((?:[A-Z] )+[A-Z])\b", line)
            values["classification"] = spaced[1].replace(" ", "") if spaced else None
        elif values["tags"] is None and words[:1] == ["TAGS:"]:
            values["tags"] = " ".join(line.split(":", 1)[1].replace(",", " ").split())
        elif values["subject"] is None and words[:1] == ["SUBJECT:"]:
            values["subject"] = " ".join(words[1:])
            subject = True
            continue
        elif subject and not _NOT_SUBJECT.match(line):
            values["subject"] = f"{values['subject']} {line.strip()}"  # wrapped on
            continue
        subject = False
    return values


# Where a wrapped subject ends: a paragraph, a keyword, a summary, a blank line.
_NOT_SUBJECT = re.compile(r"\s*(?:$|\d+\.|[A-Z/ ]+:|SUMMARY|BEGIN|(?:[A-Z] ){3}|.*Declassified/)")
_DTG = re.compile(r"\b\d{6}Z\s+[A-Za-z]{3}\s+\d\d\b")


def _plusd(folder: Path) -> None:
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    fields = ["distribution", "message_line", "drafted_by", "dtg", "sender"]
    counts = dict.fromkeys(["reference_id", "date", "classification", "tags", "subject"], 0)
    held = dict.fromkeys(counts, 0)
    read = dict.fromkeys(fields, 0)
    misses: list[str] = []
    for entry in index:
        path = folder / entry["file"]
        cable = cableformat.load(path)
        for field in fields:
            read[field] += bool(getattr(cable, field))
        want = _excerpt_values(path.read_text(encoding="utf-8"))
        want["reference_id"] = entry["reference_id"]
        got = {
            "reference_id": cableformat.canonical_id(entry["reference_id"]),
            "date": cable.date.date().isoformat() if cable.date else None,
            "classification": cable.classification,
            "tags": " ".join(cable.tags) or None,
            "subject": cable.subject,
        }
        for key in counts:
            if want[key] is None:
                continue  # the excerpt does not hold it
            held[key] += 1
            same = (
                cable.reference_id == got[key]
                if key == "reference_id"
                else _same(got[key], want[key])
            )
            counts[key] += same
            if not same:
                misses.append(f"{entry['file']}: {key} {got[key]!r} != {want[key]!r}")
    print(f"plusd: {len(index)} excerpts, against index.json (id) and the excerpt's lines")
    for key, count in counts.items():
        print(f"  {key:14s} {count:3d}/{held[key]}")
    print("  fields read (drafted_by: outgoing cables only)")
    for key, count in read.items():
        print(f"  {key:14s} {count:3d}/{len(index)}")
    for miss in misses:
        print(f"    miss {miss}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="../shared/corpus", type=Path)
    args = parser.parse_args()
    _alx(args.corpus / "alx")
    _plusd(args.corpus / "plusd")


if __name__ == "__main__":
    main()
