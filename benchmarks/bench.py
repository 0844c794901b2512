"""Speed of reading and writing the shared corpus, on one core.

    python benchmarks/bench.py [--corpus ../shared/corpus] [--repeat 3]

Prints cables/s and MB/s for a baseline (decode the bytes and split lines), for
``loads``, ``dumps`` and ``dumps`` of cables with one field edited, and for every
installed exporter's ``export`` and ``load``; each figure is the best of ``--repeat``
runs over the same cables.  The reader is compiled in a wheel (``pip install .``) and
pure Python in an editable install; the first line says which is measured.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

import cableformat
from cableformat._compiled import COMPILED


def _best(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _row(name: str, seconds: float, count: int, size: int, baseline: float | None) -> None:
    ratio = f"{seconds / baseline:8.1f}x baseline" if baseline else ""
    print(f"{name:24} {count / seconds:10,.0f} cables/s {size / seconds / 1e6:8.1f} MB/s {ratio}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent.parent
    parser.add_argument("--corpus", type=Path, default=here.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    blobs = [p.read_bytes() for p in sorted((args.corpus / "cablegate" / "txt").glob("*.txt"))]
    if not blobs:
        raise SystemExit(f"no cables under {args.corpus}/cablegate/txt")
    size = sum(len(b) for b in blobs)
    texts = [b.decode("utf-8") for b in blobs]
    reader = "compiled" if COMPILED else "pure Python (an editable install)"
    print(f"{len(blobs)} cables, {size / 1e6:.1f} MB, best of {args.repeat}; reader: {reader}\n")

    baseline = _best(args.repeat, lambda: [b.decode("utf-8").splitlines() for b in blobs])
    _row("baseline (split lines)", baseline, len(blobs), size, None)
    loads = _best(args.repeat, lambda: [cableformat.loads(t) for t in texts])
    _row("loads", loads, len(blobs), size, baseline)
    cables = [cableformat.loads(t) for t in texts]
    dumps = _best(args.repeat, lambda: [cableformat.dumps(c) for c in cables])
    _row("dumps", dumps, len(blobs), size, baseline)
    # One field edited in each cable (the subject, where it has one): written in place.
    edited = [attrs.evolve(c, subject=f"{c.subject} (EDITED)") if c.subject else c for c in cables]
    dumps_edited = _best(args.repeat, lambda: [cableformat.dumps(c) for c in edited])
    _row("dumps after an edit", dumps_edited, len(blobs), size, baseline)

    exporters = getattr(cableformat, "exporters", None)
    for name, exporter in sorted((exporters() if exporters else {}).items()):
        outputs: list[str | bytes] = []
        seconds = _best(
            args.repeat,
            lambda e=exporter, o=outputs: o.__setitem__(slice(None), [e.export(c) for c in cables]),
        )
        _row(f"export {name}", seconds, len(blobs), size, baseline)
        load = getattr(exporter, "load", None)
        if load is not None:
            seconds = _best(args.repeat, lambda ld=load, o=outputs: [ld(x) for x in o])
            _row(f"load {name}", seconds, len(blobs), size, baseline)


if __name__ == "__main__":
    main()
