"""Whole-collection work for the command line: convert and check, in worker processes.

The main process only splits the inputs into cable texts (cheap); reading each text
into a cable and exporting it (the costly part) happens in the workers, which write
their own output files.  Outputs are written to a temporary name and renamed, so an
interrupted run leaves no half-written file and running it again resumes it.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import inspect
import multiprocessing
import os
import re
import signal
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
from ._plugins import collection_exporters, exporter, with_record
from ._progress import Progress, input_size
from ._readers import RawRecord, Record, raw_records
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


class RunStopped(CableformatError):
    """A convert stopped before the end (the disk is full, or Ctrl-C): what it did so far
    is in ``result``; running the same command again finishes the rest."""

    def __init__(self, message: str, result: ConvertResult, *, interrupted: bool) -> None:
        super().__init__(message)
        self.result = result
        self.interrupted = interrupted


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
    # ``record`` is convert's to give, not an option a user sets.
    check_keywords(chosen.name, chosen.export, names, given="record")


def check_keywords(exporter: str, function: Any, names: Sequence[str], *, given: str) -> None:
    """Refuse an option ``function`` (an exporter's ``export`` or ``open``) does not take
    as a keyword; ``given`` is the keyword convert passes itself."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):  # no signature to read: let the function decide
        return
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return
    known = [
        p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY and p.name != given
    ]
    for name in names:
        if name not in known:
            takes = ", ".join(n.replace("_", "-") for n in known) or "none"
            raise CableformatError(
                f"exporter {exporter!r} has no option {name.replace('_', '-')!r}"
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

# record, exporter, its options, folder, force
_Task = tuple[RawRecord, str, tuple[tuple[str, Any], ...], str, bool]
# What a worker gives back, in input order: a status ("written": the output waits in a
# temporary file; "there": an earlier run wrote the base name; "failed"), the output's
# base name, the temporary file, the failure.
_Outcome = tuple[str, str | None, str | None, Failure | None]
_FULL = frozenset([errno.ENOSPC, errno.EDQUOT])
"""The errors of a full disk (or quota)."""
_PARTIAL = ".partial-"
"""Prefix of the temporary files outputs are written to, then renamed into place."""


def _done(target: str) -> bool:
    """Whether an earlier run wrote ``target``: it is there and not empty."""
    try:
        return os.stat(target).st_size > 0
    except FileNotFoundError:
        return False


@functools.cache
def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _exported(chosen: Exporter, read: Record, options: dict[str, Any], folder: str) -> str:
    """Export a record's cable into a temporary file in ``folder``; its path.  Nothing
    is left behind when the export raises or gives no text or bytes."""
    data = chosen.export(read.cable, **with_record(chosen, options, read))
    if not isinstance(data, str | bytes):
        raise TypeError(
            f"exporter {chosen.name!r} returned {type(data).__name__}, not str or bytes"
        )
    blob = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=_PARTIAL)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.chmod(tmp, _file_mode())  # mkstemp makes 0600; outputs are ordinary files
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _convert_one(task: _Task) -> _Outcome:
    """Read and export one record.  The name is the main process's to give (records that
    share a base name get ``-2``, ``-3`` in input order, the same in every run)."""
    record, name, options, folder, force = task
    try:
        chosen = exporter(name)
        read = record.record()
        cable = read.cable
        if (why := not_a_cable(cable)) is not None:
            return "failed", None, None, Failure(record.source, record.row, record.line, why)
        base = output_name(record, read.reference_id)  # the publisher's id names the file
        if not force and _done(os.path.join(folder, base + chosen.suffix)):
            return "there", base, None, None  # an earlier run's, most likely: not redone
        return "written", base, _exported(chosen, read, dict(options), folder), None
    except OSError as exc:
        if exc.errno in _FULL:  # the run's problem, not the record's: stop it
            return "full", None, None, Failure(record.source, record.row, record.line, str(exc))
        return "failed", None, None, Failure(record.source, record.row, record.line, one_line(exc))
    except Exception as exc:  # one bad record must not stop the run
        return "failed", None, None, Failure(record.source, record.row, record.line, one_line(exc))


class _Names:
    """The output name of each record, given in input order: the first record with a
    base name gets it, the next ``-2``, and so on, in every run alike."""

    def __init__(self, folder: str, suffix: str) -> None:
        self.folder = folder
        self.suffix = suffix
        self.seen: dict[str, int] = {}

    def next(self, base: str) -> tuple[str, int]:
        """The path for the next record named ``base``, and how many have had it."""
        n = self.seen[base] = self.seen.get(base, 0) + 1
        return os.path.join(self.folder, (base if n == 1 else f"{base}-{n}") + self.suffix), n


def not_a_cable(cable: Cable) -> str | None:
    """The reader's message when the text holds no cable."""
    return next((d.message for d in cable.diagnostics if d.code == "not-a-cable"), None)


def _check_one(record: RawRecord) -> tuple[str, bool, Failure | None]:
    """``exact``, ``changed`` or ``not-a-cable``; whether it has diagnostics; the failure."""
    cable = loads(record.text, source=record.source)
    if (why := not_a_cable(cable)) is not None:
        return "not-a-cable", True, Failure(record.source, record.row, record.line, why)
    if dumps(cable) == record.text:
        return "exact", bool(cable.diagnostics), None
    changed = Failure(record.source, record.row, record.line, "text changed")
    return "changed", bool(cable.diagnostics), changed


# --- driving ----------------------------------------------------------------------------


def records(
    inputs: Sequence[str], failures: list[Failure], progress: Progress
) -> Iterator[RawRecord]:
    def failed(error: ReadError) -> None:
        failures.append(Failure(error.source, error.row, error.line, error.message))

    for source in inputs:
        for record in raw_records(source, on_error=failed):
            progress.read(record.source, len(record.text))
            yield record


def _pool(jobs: int) -> Any:
    # fork is fast and shares the loaded plugins; spawn where fork is unavailable.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return context.Pool(jobs, initializer=_leave_interrupts)


def _leave_interrupts() -> None:
    """In a worker: Ctrl-C is the main process's to handle (it stops the pool)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_WINDOW = 512
"""Tasks handed to the workers at a time.  Pool.imap would read every input ahead
into its queue; two windows in flight keep memory flat however large the input."""


def run_tasks(function: Any, tasks: Iterable[Any], jobs: int, progress: Progress) -> Iterator[Any]:
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
    """Convert every cable of ``inputs`` with exporter ``to``, one file per cable in the
    folder ``outdir``; ``options`` go to its ``export`` as keyword arguments.  A
    collection exporter (``sqlite``) writes them all into one output at ``outdir``
    instead, its ``options`` going to its ``open``.

    Running it again on the same inputs writes only what is missing: a record whose
    output is there (and not empty) is skipped, unless ``force``.
    """
    if to in collection_exporters():
        from ._collect import collect  # imported here: it builds on this module

        return collect(
            inputs, to, outdir, jobs=jobs, force=force, progress=progress, options=options
        )
    chosen = exporter(to)  # an unknown exporter fails here, before any work
    given = tuple(sorted((options or {}).items()))
    check_options(chosen, [name for name, _ in given])
    os.makedirs(outdir, exist_ok=True)
    folder = os.fspath(outdir)
    with locked(os.path.join(folder, _LOCK)):
        return _convert(inputs, chosen, to, given, folder, force, jobs, progress)


_LOCK = ".cableformat-lock"


@contextlib.contextmanager
def locked(path: str) -> Iterator[None]:
    """One run at a time on an output: a lock file at ``path`` with the run's process
    id.  A lock whose process is gone (a run that was killed) is taken over."""
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            owner = _lock_owner(path)
            if owner is not None and _alive(owner):
                raise CableformatError(
                    f"{os.path.dirname(path) or '.'} is in use by another convert (process "
                    f"{owner}); wait for it to finish, or remove {path} if no run is going on"
                ) from None
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)  # a killed run's: taken over
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        break
    else:
        raise CableformatError(f"cannot lock the output: {path} keeps coming back")
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _lock_owner(path: str) -> int | None:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _convert(
    inputs: Sequence[str],
    chosen: Exporter,
    to: str,
    given: tuple[tuple[str, Any], ...],
    folder: str,
    force: bool,
    jobs: int | None,
    progress: TextIO | None,
) -> ConvertResult:
    _remove_partials(folder)  # an interrupted run's temporary files
    failures: list[Failure] = []
    counts = {"converted": 0, "skipped": 0}
    names = _Names(folder, chosen.suffix)
    bar = Progress(progress, f"convert to {to}", progress_total(progress, inputs))
    start = time.perf_counter()
    raws = records(inputs, failures, bar)
    finished = False
    pairs = ((record, (record, to, given, folder, force)) for record in raws)
    kept: deque[RawRecord] = deque()

    def tasks() -> Iterator[_Task]:
        for record, task in pairs:
            kept.append(record)  # for the rare record the main process exports itself
            yield task

    try:
        for status, base, tmp, failure in run_tasks(
            _convert_one, tasks(), jobs or os.cpu_count() or 1, bar
        ):
            record = kept.popleft()
            target = ""
            if base is not None:
                target, n = names.next(base)
                if status == "there" and n > 1 and not _done(target):
                    # A later record of a name an earlier run gave, not yet written: the
                    # worker could not know its number, so it is exported here.
                    status, _, tmp, failure = _convert_one((record, to, given, folder, True))
            if status == "full":
                raise _full(folder, counts, failures, start)
            if failure is not None:
                failures.append(failure)
                continue
            if status == "there" or (not force and _done(target)):
                counts["skipped"] += 1  # an earlier run's
                if tmp is not None:
                    os.unlink(tmp)
                continue
            assert tmp is not None
            os.replace(tmp, target)
            counts["converted"] += 1
        finished = True
    except KeyboardInterrupt:
        done = ConvertResult(
            counts["converted"], counts["skipped"], tuple(failures), time.perf_counter() - start
        )
        raise RunStopped(
            f"interrupted: {counts['converted']} converted; run the same command again to resume",
            done,
            interrupted=True,
        ) from None
    finally:
        bar.close(finished=finished)
        _remove_partials(folder)
    return ConvertResult(
        counts["converted"], counts["skipped"], tuple(failures), time.perf_counter() - start
    )


def progress_total(stream: TextIO | None, inputs: Sequence[str]) -> int | None:
    """The bar's total, measured only where a bar is drawn (a walk of every input)."""
    return input_size(inputs) if stream is not None and stream.isatty() else None


def _full(folder: str, counts: dict[str, int], failures: list[Failure], start: float) -> RunStopped:
    done = ConvertResult(
        counts["converted"], counts["skipped"], tuple(failures), time.perf_counter() - start
    )
    return RunStopped(
        f"the disk is full ({folder}): stopped after {counts['converted']} converted; free "
        "some space and run the same command again to finish",
        done,
        interrupted=False,
    )


def _remove_partials(folder: str) -> None:
    for entry in os.scandir(folder):
        if entry.name.startswith(_PARTIAL) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)


def check(
    inputs: Sequence[str], *, jobs: int | None = None, progress: TextIO | None = None
) -> CheckResult:
    """Read and write every record again; count exact round trips and diagnostics."""
    failures: list[Failure] = []
    exact = diagnostics = 0
    changed: list[Failure] = []
    not_cables: list[Failure] = []
    bar = Progress(progress, "check", progress_total(progress, inputs))
    start = time.perf_counter()
    raws = records(inputs, failures, bar)
    finished = False
    try:
        for status, noisy, failure in run_tasks(_check_one, raws, jobs or os.cpu_count() or 1, bar):
            if status == "not-a-cable":
                assert failure is not None
                not_cables.append(failure)
                continue
            exact += status == "exact"
            diagnostics += noisy
            if failure is not None:
                changed.append(failure)
        finished = True
    finally:
        bar.close(finished=finished)
    return CheckResult(
        exact,
        tuple(changed),
        diagnostics,
        tuple(failures),
        time.perf_counter() - start,
        tuple(not_cables),
    )
