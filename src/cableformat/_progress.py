"""The progress bar of a collection run: drawn with rich on a terminal, silent elsewhere.

The bar's unit is the bytes of the inputs, known before the run starts, so it has a
total and a time left whether the inputs are 250,000 files or one ``cables.csv``.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Sequence
from typing import Any, TextIO

_REFRESH = 0.2
"""Seconds between redraws: drawn from the main loop, not from rich's refresh thread,
which would be running when the worker processes are forked."""


def input_size(inputs: Sequence[str]) -> int | None:
    """The bytes of every file the inputs name (folders walked); None for standard input."""
    total = 0
    for name in inputs:
        if name == "-":
            return None
        if os.path.isdir(name):
            for root, _, files in os.walk(name):
                total += sum(_size(os.path.join(root, f)) for f in files)
        else:
            total += _size(name)
    return total


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # unreadable: the run reports it as a failure


class Progress:
    """Cables done and input bytes read, with a bar, a rate and the time left.

    Silent unless ``stream`` is a terminal; ``total`` is :func:`input_size`'s figure.
    """

    def __init__(self, stream: TextIO | None, label: str, total: int | None = None) -> None:
        self.count = 0
        self._bar: Any = None
        self._shown = 0.0
        self._source: str | None = None
        self._done = 0  # bytes of the files read to their end
        self._within = 0  # bytes of the current file's records so far
        self._within_cap = 0
        self._queued: deque[tuple[str, int]] = deque()
        if stream is None or not stream.isatty():
            return
        # Imported only when drawn: a run with output to a file or pipe never pays for it.
        from rich.console import Console
        from rich.progress import BarColumn, TaskProgressColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self._bar = Bar(
            TextColumn(label),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[cables]:,} cables, {task.fields[rate]:,.0f}/s"),
            TimeRemainingColumn(),
            console=Console(file=stream),
            auto_refresh=False,
        )
        self._task = self._bar.add_task(label, total=total, cables=0, rate=0.0)
        self._start = time.perf_counter()
        self._bar.start()

    def read(self, source: str, size: int) -> None:
        """A record of ``source`` was read, ``size`` its text's length; it counts when
        its cable is done (the workers' queue runs ahead of them)."""
        if self._bar is not None:
            self._queued.append((source, size))

    def _advance(self, source: str, size: int) -> None:
        # A file's bytes count when the next file begins; until then, within a file of
        # many records (a cables.csv), its records' lengths, never more than the file.
        if source != self._source:
            if self._source is not None:
                self._done += self._within_cap
            self._source, self._within = source, 0
            self._within_cap = _size(source)
        self._within = min(self._within + size, self._within_cap)
        self._bar.update(self._task, completed=self._done + self._within)

    def step(self) -> None:
        """A cable is done."""
        self.count += 1
        if self._bar is None:
            return
        if self._queued:
            self._advance(*self._queued.popleft())
        now = time.perf_counter()
        if now - self._shown > _REFRESH:
            self._shown = now
            rate = self.count / max(now - self._start, 1e-9)
            self._bar.update(self._task, cables=self.count, rate=rate)
            self._bar.refresh()

    def close(self, *, finished: bool = True) -> None:
        """Draw the last figures; a finished run has read its last file to the end."""
        if self._bar is None:
            return
        rate = self.count / max(time.perf_counter() - self._start, 1e-9)
        completed = self._done + (self._within_cap if finished else self._within)
        self._bar.update(self._task, cables=self.count, rate=rate, completed=completed)
        self._bar.refresh()
        self._bar.stop()
