"""Whether everyday edits of the real cables change only what they edit.

    python benchmarks/edits.py [--corpus ../shared/corpus] [--every N]

Each edit is made with ``attrs.evolve`` on every cable it applies to; the edited cable
is written and read again.  An edit is *kept* when every field reads back as edited,
*refused* when ``evolve`` raises ``ValueError`` (the edit would not read back), and
*moved* when it was accepted but some other field reads back otherwise: that last count
must be 0.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import attrs

import cableformat
from cableformat import Cable, Paragraph, Signature

Edit = Callable[[Cable], Cable | None]

EDITS: dict[str, Edit] = {
    "new subject": lambda c: attrs.evolve(c, subject="A NEW SUBJECT"),
    "no subject": lambda c: attrs.evolve(c, subject=None) if c.subject is not None else None,
    "no classified by": lambda c: (
        attrs.evolve(c, classification_authority=None) if c.classification_authority else None
    ),
    "new tags": lambda c: attrs.evolve(c, tags=("PREL", "PGOV")),
    "no tags": lambda c: attrs.evolve(c, tags=()) if c.tags else None,
    "no references": lambda c: attrs.evolve(c, references=()) if c.references else None,
    "no first block": lambda c: attrs.evolve(c, body=c.body[1:]) if len(c.body) > 1 else None,
    "paragraph before the signature": lambda c: (
        attrs.evolve(c, body=(*c.body[:-1], Paragraph(99, "A new paragraph."), c.body[-1]))
        if c.body and isinstance(c.body[-1], Signature)
        else None
    ),
    "paragraph at the end": lambda c: attrs.evolve(
        c, body=(*c.body, Paragraph(99, "A new paragraph."))
    ),
}

_NOT_WRITTEN = {"encoding", "encoding_errors"}


def moved(edited: Cable) -> list[str]:
    """The fields that read back otherwise than edited."""
    again = cableformat.loads(cableformat.dumps(edited), year=edited.year)
    return [
        f.name
        for f in attrs.fields(Cable)
        if f.eq and f.name not in _NOT_WRITTEN and getattr(again, f.name) != getattr(edited, f.name)
    ]


def survey(paths: list[Path]) -> dict[str, dict[str, list[str]]]:
    """For each edit: the cables where it was kept, refused, or moved other fields."""
    out: dict[str, dict[str, list[str]]] = {
        name: {"kept": [], "refused": [], "moved": []} for name in EDITS
    }
    for path in paths:
        cable = cableformat.loads(path.read_text(encoding="utf-8", errors="replace"))
        for name, edit in EDITS.items():
            try:
                edited = edit(cable)
            except ValueError:
                out[name]["refused"].append(path.stem)
                continue
            if edited is not None:
                out[name]["moved" if moved(edited) else "kept"].append(path.stem)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--every", type=int, default=1, help="every Nth cable only")
    args = parser.parse_args()
    paths = sorted((args.corpus / "cablegate" / "txt").glob("*.txt"))[:: args.every]
    print(f"{len(paths)} cables\n")
    print(f"{'edit':32s} {'kept':>6s} {'refused':>8s} {'moved':>6s}  refused, e.g.")
    for name, found in survey(paths).items():
        kept, refused, bad = found["kept"], found["refused"], found["moved"]
        print(
            f"{name:32s} {len(kept):6,d} {len(refused):8,d} {len(bad):6,d}  "
            + ", ".join((bad or refused)[:3])
        )


if __name__ == "__main__":
    main()
