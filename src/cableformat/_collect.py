"""Converting a whole collection into one output: a database file, a folder of tables.

Workers read each record and turn it into the exporter's rows (the costly part); the
main process hands the rows, in input order, to the one writer, which alone touches the
output.  Each record is keyed by the name ``convert`` would give its file (the
publisher's id; ``-2``, ``-3`` for later records of the same id), the same in every run,
so running the same command again adds only the records the output lacks.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TextIO

from ._convert import (
    ConvertResult,
    Failure,
    RunStopped,
    check_keywords,
    locked,
    not_a_cable,
    output_name,
    progress_total,
    records,
    run_tasks,
)
from ._errors import one_line
from ._plugins import collection_exporter
from ._progress import Progress
from ._readers import RawRecord
from .hookspecs import CollectionExporter

__all__ = ["collect", "report_path"]

_DONE: frozenset[str] = frozenset()
"""The keys already in the output, for the workers: set before they are forked, so a
worker skips making rows that would not be added (under spawn it is empty there, which
costs only time)."""

# status ("rows", "there": an earlier run added it, "failed"), base name, rows, failure
_Outcome = tuple[str, str | None, Any, Failure | None]


def _in_folder(chosen: CollectionExporter) -> bool:
    """Whether the exporter's output is a folder (``folder = True``, optional)."""
    return getattr(chosen, "folder", False) is True


def report_path(output: str | os.PathLike[str], to: str) -> str:
    """Where ``convert`` reports a collection run: in the output when it is a folder,
    else beside it (``cables.db.report.json``)."""
    path = os.fspath(output)
    if _in_folder(collection_exporter(to)):
        return os.path.join(path, "cableformat-report.json")
    return path.rstrip("/\\") + ".report.json"


def _lock_path(path: str, chosen: CollectionExporter) -> str:
    if _in_folder(chosen):
        os.makedirs(path, exist_ok=True)
        return os.path.join(path, ".cableformat-lock")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    return path + ".cableformat-lock"


def _rows_of(task: tuple[RawRecord, str, bool]) -> _Outcome:
    """Read one record and make its rows; a bad record is a failure, not a stop."""
    record, name, fresh = task
    try:
        chosen = collection_exporter(name)
        read = record.record()
        if (why := not_a_cable(read.cable)) is not None:
            return "failed", None, None, Failure(record.source, record.row, record.line, why)
        base = output_name(record, read.reference_id)
        if not fresh and base in _DONE:
            return "there", base, None, None
        return "rows", base, chosen.rows(read), None
    except Exception as exc:  # one bad record must not stop the run
        return "failed", None, None, Failure(record.source, record.row, record.line, one_line(exc))


def collect(
    inputs: Sequence[str],
    to: str,
    output: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    force: bool = False,
    progress: TextIO | None = None,
    options: Mapping[str, Any] | None = None,
) -> ConvertResult:
    """Write every cable of ``inputs`` into the one output of collection exporter ``to``
    at ``output``; ``options`` go to its ``open``.  ``force`` rebuilds the output;
    otherwise the records already in it are skipped and the others added."""
    chosen = collection_exporter(to)  # an unknown exporter fails here, before any work
    given = dict(options or {})
    check_keywords(chosen.name, chosen.open, list(given), given="force")
    path = os.fspath(output)
    with locked(_lock_path(path, chosen)):
        writer = chosen.open(path, force=force, **given)
        try:
            return _collect(inputs, chosen, writer, path, jobs, progress)
        finally:
            writer.close()


def _collect(
    inputs: Sequence[str],
    chosen: CollectionExporter,
    writer: Any,
    path: str,
    jobs: int | None,
    progress: TextIO | None,
) -> ConvertResult:
    global _DONE
    failures: list[Failure] = []
    counts = {"converted": 0, "skipped": 0}
    keys = set(writer.keys())
    bar = Progress(progress, f"convert to {chosen.name}", progress_total(progress, inputs))
    start = time.perf_counter()
    raws = records(inputs, failures, bar)
    kept: deque[RawRecord] = deque()
    seen: dict[str, int] = {}

    def tasks() -> Iterator[tuple[RawRecord, str, bool]]:
        for record in raws:
            kept.append(record)  # for the rare record the main process reads itself
            yield record, chosen.name, False

    def result() -> ConvertResult:
        return ConvertResult(
            counts["converted"], counts["skipped"], tuple(failures), time.perf_counter() - start
        )

    _DONE = frozenset(keys)  # before the workers fork
    finished = False
    try:
        for status, base, rows, failure in run_tasks(
            _rows_of, tasks(), jobs or os.cpu_count() or 1, bar
        ):
            record = kept.popleft()
            if failure is not None:
                failures.append(failure)
                continue
            assert base is not None
            n = seen[base] = seen.get(base, 0) + 1
            key = base if n == 1 else f"{base}-{n}"
            if key in keys:
                counts["skipped"] += 1  # an earlier run's
                continue
            if status == "there":
                # A later record of a name an earlier run has: its rows are made here.
                status, _, rows, failure = _rows_of((record, chosen.name, True))
                if failure is not None:
                    failures.append(failure)
                    continue
            try:
                writer.add(key, rows)
            except Exception as exc:  # the output's problem (a full disk), not the record's
                raise RunStopped(
                    f"writing {path} failed after {counts['converted']} added: {one_line(exc)}; "
                    "fix the cause and run the same command again to finish",
                    result(),
                    interrupted=False,
                ) from exc
            keys.add(key)
            counts["converted"] += 1
        finished = True
    except KeyboardInterrupt:
        raise RunStopped(
            f"interrupted: {counts['converted']} added; run the same command again to resume",
            result(),
            interrupted=True,
        ) from None
    finally:
        _DONE = frozenset()
        bar.close(finished=finished)
    return result()
