"""Whole collections into one output: ``convert --to sqlite`` and ``--to parquet``.

    python benchmarks/databases.py [--rows 100000] [--jobs 2] [--corpus ../shared/corpus]

Builds a ``cables.csv`` of ``--rows`` rows by cycling through the shared corpus (as
``scale.py`` does), converts it into one SQLite database and one folder of Parquet
tables, and prints cables/s, the time the 251,287 cables of the full Cablegate dump would
take at that rate, peak memory (the largest process), and the output's size.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from scale import CABLEGATE, _texts, build_csv, run


def _size(path: Path) -> float:
    """MB on disk: a file, or every file under a folder."""
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent.parent
    parser.add_argument("--corpus", type=Path, default=here.parent / "shared" / "corpus")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--to", choices=["sqlite", "parquet"], help="only this exporter")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="cableformat-collections-"))
    try:
        dump = work / "cables.csv"
        build_csv(dump, _texts(args.corpus), args.rows)
        print(f"{args.rows:,} CSV rows ({dump.stat().st_size / 1e6:,.0f} MB), --jobs {args.jobs}\n")
        for to, out in (("sqlite", work / "cables.db"), ("parquet", work / "tables")):
            if args.to not in (None, to):
                continue
            command = ["convert", str(dump), "--to", to, "-o", str(out), "--jobs", args.jobs]
            seconds, peak = run(command, work / "usage.json")
            rate = args.rows / seconds
            print(
                f"convert --to {to:7}: {rate:7,.0f} cables/s  peak {peak:4.0f} MB  "
                f"({CABLEGATE / rate / 60:.1f} min for {CABLEGATE:,} cables)  "
                f"output {_size(out):,.0f} MB",
                flush=True,
            )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
