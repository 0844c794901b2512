"""Whole-collection work for the command line: convert and check, in worker processes.

The main process only splits the inputs into cable texts (cheap); reading each text
into a cable and exporting it (the costly part) happens in the workers, which write
their own output files.  Outputs are written to a temporary name and renamed, so an
interrupted run leaves no half-written file and running it again resumes it.
"""

from __future__ import annotations

import functools
import inspect
import multiprocessing
import os
import re
import tempfile
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

import attrs

from ._errors import CableformatError, ReadError, one_line
from ._io import dumps, loads
from ._model import Cable
from ._plugins import exporter
from ._readers import RawRecord, raw_records
from .hookspecs import Exporter

__all__ = ["CheckResult", "ConvertResult", "Failure", "check", "convert", "output_name"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@attrs.frozen
class Failure:
    """A record that could not be converted: where it is and why."""

    source: str
    row: int | None
    line: int | None
    error: str

    def __str__(self) -> str:
        place = self.source
        if self.row is not None:
            place += f", row {self.row}"
        if self.line is not None:
            place += f", line {self.line}"
        return f"{place}: {self.error}"


@attrs.frozen
class ConvertResult:
    converted: int
    skipped: int
    """Records whose output was already there (a resumed run); not written again."""
    failures: tuple[Failure, ...]
    seconds: float


@attrs.frozen
class CheckResult:
    exact: int
    changed: tuple[Failure, ...]
    diagnostics: int
    """Records with at least one diagnostic."""
    failures: tuple[Failure, ...]
    seconds: float
    not_cables: tuple[Failure, ...] = ()
    """Records that hold no cable (counted apart from exact and changed ones)."""


def parse_options(items: Iterable[str]) -> dict[str, Any]:
    """Exporter options as the command line gives them: ``NAME`` (true), ``NAME=VALUE``;
    dashes in a name are underscores, ``true``/``false`` (``yes``/``no``) are booleans."""
    options: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        key = name.strip().replace("-", "_")
        if not key.isidentifier():
            raise CableformatError(f"option {item!r}: a name is letters, digits and dashes")
        word = value.strip().lower()
        options[key] = True if not sep or word in _TRUE else False if word in _FALSE else value
    return options


_TRUE = frozenset(["true", "yes", "on", "1"])
_FALSE = frozenset(["false", "no", "off", "0"])


def check_options(chosen: Exporter, names: Sequence[str]) -> None:
    """Refuse, before any work, an option the exporter's ``export`` does not take."""
    try:
        parameters = inspect.signature(chosen.export).parameters.values()
    except (TypeError, ValueError):  # no signature to read: let export decide
        return
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return
    known = [p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY]
    for name in names:
        if name not in known:
            takes = ", ".join(n.replace("_", "-") for n in known) or "none"
            raise CableformatError(
                f"exporter {chosen.name!r} has no option {name.replace('_', '-')!r}"
                f" (its options: {takes})"
            )


def output_name(record: RawRecord, reference_id: str | None) -> str:
    """A file name for a record's output that can never leave the output folder."""
    name = reference_id or Path(record.source).stem or "cable"
    if reference_id is None and record.row is not None:
        name += f"-row{record.row}"
    name = _UNSAFE.sub("_", name).strip("._") or "cable"
    return name[:120]


# --- workers ----------------------------------------------------------------------------

# record, exporter, its options, folder, force, run start
_Task = tuple[RawRecord, str, tuple[tuple[str, Any], ...], str, bool, int]
_Outcome = tuple[str, Failure | None]  # "converted" | "skipped" | "failed"


def _claim(folder: str, base: str, suffix: str, force: bool, started: int) -> str | None:
    """Reserve an output file for a record: its path, or None when an earlier run made it.

    A file made during this run (not older than the run's marker) belongs to another
    record with the same name, so this one takes the next free name: ``ID-2``, ``ID-3``.
    An empty file is one an interrupted run reserved but never wrote.
    """
    n = 1
    while True:
        target = os.path.join(folder, (base if n == 1 else f"{base}-{n}") + suffix)
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            return target
        except FileExistsError:
            stat = os.stat(target)
            if stat.st_mtime_ns < started:
                if not force and stat.st_size:
                    return None
                os.utime(target)  # claimed by this run now
                return target
        n += 1


@functools.cache
def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _convert_one(task: _Task) -> _Outcome:
    record, name, options, folder, force, started = task
    try:
        chosen = exporter(name)
        read = record.record()
        cable = read.cable
        if (why := _not_a_cable(cable)) is not None:
            return "failed", Failure(record.source, record.row, record.line, why)
        base = output_name(record, read.reference_id)  # the publisher's id names the file
        target = _claim(folder, base, chosen.suffix, force, started)
        if target is None:
            return "skipped", None
        data = chosen.export(cable, **dict(options))
        blob = data.encode("utf-8") if isinstance(data, str) else data
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".partial-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.chmod(tmp, _file_mode())  # mkstemp makes 0600; outputs are ordinary files
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
        return "converted", None
    except Exception as exc:  # one bad record must not stop the run
        return "failed", Failure(record.source, record.row, record.line, one_line(exc))


def _not_a_cable(cable: Cable) -> str | None:
    """The reader's message when the text holds no cable."""
    return next((d.message for d in cable.diagnostics if d.code == "not-a-cable"), None)


def _check_one(record: RawRecord) -> tuple[str, bool, Failure | None]:
    """``exact``, ``changed`` or ``not-a-cable``; whether it has diagnostics; the failure."""
    cable = loads(record.text, source=record.source)
    if (why := _not_a_cable(cable)) is not None:
        return "not-a-cable", True, Failure(record.source, record.row, record.line, why)
    if dumps(cable) == record.text:
        return "exact", bool(cable.diagnostics), None
    changed = Failure(record.source, record.row, record.line, "text changed")
    return "changed", bool(cable.diagnostics), changed


# --- driving ----------------------------------------------------------------------------


class _Progress:
    """A one-line progress count on a terminal; silent otherwise."""

    def __init__(self, stream: TextIO | None, label: str) -> None:
        self.stream = stream if stream is not None and stream.isatty() else None
        self.label = label
        self.count = 0
        self.start = time.perf_counter()
        self.shown = 0.0

    def step(self) -> None:
        self.count += 1
        now = time.perf_counter()
        if self.stream is not None and now - self.shown > 0.2:
            self.shown = now
            rate = self.count / max(now - self.start, 1e-9)
            self.stream.write(f"\r{self.label}: {self.count:,} cables, {rate:,.0f}/s")
            self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()


def _records(inputs: Sequence[str], failures: list[Failure]) -> Iterator[RawRecord]:
    def failed(error: ReadError) -> None:
        failures.append(Failure(error.source, error.row, error.line, error.message))

    for source in inputs:
        yield from raw_records(source, on_error=failed)


def _pool(jobs: int) -> Any:
    # fork is fast and shares the loaded plugins; spawn where fork is unavailable.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return context.Pool(jobs)


_WINDOW = 512
"""Tasks handed to the workers at a time.  Pool.imap would read every input ahead
into its queue; two windows in flight keep memory flat however large the input."""


def _run(function: Any, tasks: Iterable[Any], jobs: int, progress: _Progress) -> Iterator[Any]:
    if jobs <= 1:
        for task in tasks:
            yield function(task)
            progress.step()
        return
    source = iter(tasks)
    with _pool(jobs) as pool:
        pending: deque[Any] = deque()
        while True:
            window = list(islice(source, _WINDOW))
            if window:
                pending.append(pool.map_async(function, window, chunksize=16))
            if not pending:
                return
            if window and len(pending) < 2:
                continue  # read the next window while the workers start on this one
            for outcome in pending.popleft().get():
                yield outcome
                progress.step()


def convert(
    inputs: Sequence[str],
    to: str,
    outdir: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    force: bool = False,
    progress: TextIO | None = None,
    options: Mapping[str, Any] | None = None,
) -> ConvertResult:
    """Convert every cable of ``inputs`` with exporter ``to``, one file per cable;
    ``options`` go to its ``export`` as keyword arguments."""
    chosen = exporter(to)  # an unknown exporter fails here, before any work
    given = tuple(sorted((options or {}).items()))
    check_options(chosen, [name for name, _ in given])
    os.makedirs(outdir, exist_ok=True)
    folder = os.fspath(outdir)
    failures: list[Failure] = []
    counts = {"converted": 0, "skipped": 0}
    bar = _Progress(progress, f"convert to {to}")
    start = time.perf_counter()
    # The marker's time comes from the file system's own clock, as the outputs' do.
    marker = os.path.join(folder, ".cableformat-run")
    with open(marker, "w", encoding="utf-8") as handle:
        handle.write(f"{os.getpid()}\n")
    started = os.stat(marker).st_mtime_ns
    tasks = ((record, to, given, folder, force, started) for record in _records(inputs, failures))
    try:
        for status, failure in _run(_convert_one, tasks, jobs or os.cpu_count() or 1, bar):
            if failure is not None:
                failures.append(failure)
            else:
                counts[status] += 1
    finally:
        bar.close()
        os.unlink(marker)
    return ConvertResult(
        counts["converted"], counts["skipped"], tuple(failures), time.perf_counter() - start
    )


def check(
    inputs: Sequence[str], *, jobs: int | None = None, progress: TextIO | None = None
) -> CheckResult:
    """Read and write every record again; count exact round trips and diagnostics."""
    failures: list[Failure] = []
    exact = diagnostics = 0
    changed: list[Failure] = []
    not_cables: list[Failure] = []
    bar = _Progress(progress, "check")
    start = time.perf_counter()
    records = _records(inputs, failures)
    try:
        for status, noisy, failure in _run(_check_one, records, jobs or os.cpu_count() or 1, bar):
            if status == "not-a-cable":
                assert failure is not None
                not_cables.append(failure)
                continue
            exact += status == "exact"
            diagnostics += noisy
            if failure is not None:
                changed.append(failure)
    finally:
        bar.close()
    return CheckResult(
        exact,
        tuple(changed),
        diagnostics,
        tuple(failures),
        time.perf_counter() - start,
        tuple(not_cables),
    )
