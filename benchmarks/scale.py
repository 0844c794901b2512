"""Whole-collection speed and memory: ``cableformat check`` and ``convert --to tei``.

    python benchmarks/scale.py [--rows 100000] [--files 20000] [--corpus ../shared/corpus]

Builds, in a temporary folder, a ``cables.csv`` of ``--rows`` rows and a folder of
``--files`` text files by cycling through the shared corpus, then runs the commands
with ``--jobs 1`` and ``--jobs 2`` and prints cables/s, the time the 251,287 cables of
the full Cablegate dump would take at that rate, and peak memory.  Writing one TEI file per
cable (about 30 KB each) can be bound by the disk: ``--out /dev/shm`` shows the
conversion's own speed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

import cableformat

CABLEGATE = 251_287


def _texts(corpus: Path) -> list[str]:
    paths = sorted((corpus / "cablegate" / "txt").glob("*.txt"))
    if not paths:
        raise SystemExit(f"no cables under {corpus}/cablegate/txt")
    return [p.read_bytes().decode("utf-8") for p in paths]


def _copies(texts: list[str], count: int) -> Iterator[str]:
    """``count`` cable texts cycling through the corpus, each copy with a serial of its own.

    Real collections hold one cable per reference id; without new serials every id
    would come back dozens of times and time the name clashes instead of the work.
    """
    cables = [cableformat.loads(text) for text in texts]
    for n in range(count):
        cable = cables[n % len(cables)]
        copy, line = n // len(cables), cable.classification_line
        if copy == 0 or line is None or not line.serial:
            yield texts[n % len(texts)]
            continue
        serial = f"{copy}{int(line.serial):06d}"
        yield cableformat.dumps(
            attrs.evolve(cable, classification_line=attrs.evolve(line, serial=serial))
        )


def _rows(texts: list[str], count: int) -> Iterator[list[str]]:
    for n, text in enumerate(_copies(texts, count)):
        header, _, body = text.partition("\n\n")
        yield [
            str(n + 1),
            "1/1/2009 0:00",
            f"09BENCH{n + 1}",
            "Bench",
            "UNCLASSIFIED",
            "",
            header,
            body,
        ]


def build_csv(path: Path, texts: list[str], count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(
            handle, quoting=csv.QUOTE_ALL, escapechar="\\", doublequote=False, lineterminator="\n"
        )
        writer.writerows(_rows(texts, count))


def build_files(folder: Path, texts: list[str], count: int) -> None:
    for n, text in enumerate(_copies(texts, count)):
        sub = folder / f"{n // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"cable{n}.txt").write_text(text, encoding="utf-8")


# A small Python process runs the command line and reports the peak memory of its
# largest descendant.  Measured from the benchmark itself, a forked child would count
# the benchmark's own pages (its peak outlives exec).
_MEASURED = """
import json, resource, subprocess, sys
status = subprocess.run([sys.executable, "-m", "cableformat._cli", *sys.argv[2:]]).returncode
with open(sys.argv[1], "w") as handle:
    json.dump(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, handle)
sys.exit(status)
"""


def run(command: Sequence[str], report: Path) -> tuple[float, float]:
    """Wall time in seconds, and the peak RSS in MB of the largest process."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", _MEASURED, str(report), *command],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    return seconds, json.loads(report.read_text()) / 1024


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent.parent
    parser.add_argument("--corpus", type=Path, default=here.parent / "shared" / "corpus")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where converted files go (default: beside the inputs); a tmpfs such as "
        "/dev/shm measures the conversion without the disk's write speed",
    )
    args = parser.parse_args(argv)

    texts = _texts(args.corpus)
    work = Path(tempfile.mkdtemp(prefix="cableformat-scale-"))
    try:
        dump = work / "cables.csv"
        build_csv(dump, texts, args.rows)
        folder = work / "files"
        build_files(folder, texts, args.files)
        print(
            f"{args.rows:,} CSV rows ({dump.stat().st_size / 1e6:,.0f} MB), "
            f"{args.files:,} files, {os.cpu_count()} cores\n"
        )
        rates: dict[tuple[str, str], float] = {}
        for label, source, count in (("csv", dump, args.rows), ("files", folder, args.files)):
            for jobs in ("1", "2"):
                out = (args.out or work) / f"cableformat-scale-{label}-{jobs}"
                jobs_args = ["--jobs", jobs]
                report = work / "usage.json"
                seconds, peak = run(["check", str(source), *jobs_args], report)
                print(
                    f"check   {label:5} --jobs {jobs}: {count / seconds:7,.0f} cables/s  "
                    f"peak {peak:4.0f} MB",
                    flush=True,
                )
                command = ["convert", str(source), "--to", "tei", "-o", str(out), *jobs_args]
                seconds, peak = run(command, report)
                rate = count / seconds
                rates[label, jobs] = rate
                print(
                    f"convert {label:5} --jobs {jobs}: {rate:7,.0f} cables/s  "
                    f"peak {peak:4.0f} MB  "
                    f"({CABLEGATE / rate / 60:.1f} min for {CABLEGATE:,} cables)",
                    flush=True,
                )
                shutil.rmtree(out)
        for label in ("csv", "files"):
            print(
                f"speed-up of --jobs 2 over --jobs 1, {label}: "
                f"{rates[label, '2'] / rates[label, '1']:.2f}x"
            )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
