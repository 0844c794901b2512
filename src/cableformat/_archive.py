"""The archival source lines a copy from an archive carries above its header.

Cables of the 1960s came to the release as copies of the National Archives' paper files;
the copy says where the original is kept and what it was classified::

    Original Telegram was Confidential but has since been
    de-classified
    --------------------------------------------- ----
    Copy from the National Archives
    RG 59: General Records of the Department of state
    1964-66 Central Foreign Policy File
    File: POL 33-4 ARG
    --------------------------------------------- ----

These are no part of the telegram as sent: the reader keeps them as written (they are
``unparsed`` header lines), and ``Cable.archival_source`` reads what they say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

__all__ = ["ArchivalSource", "archival_source"]

_COPY = re.compile(r"\s*Copy\s+from\s+(?:the\s+)?(?P<repository>.*?\S)\s*$", re.IGNORECASE)
_ORIGINAL = re.compile(
    r"\s*Original\s+Telegram\s+was\s+(?P<level>[A-Za-z ]+?)(?:\s+but\b.*)?\s*$", re.IGNORECASE
)
_FILE = re.compile(r"\s*File\s*:\s*(?P<file>.*?\S)\s*$", re.IGNORECASE)
_RULE = re.compile(r"\s*-{5,}[\s-]*$")
_LOWER_RUN_ON = re.compile(r"\s*[a-z-][a-z-]*\s*$")  # "de-classified", the note's last word


@attrs.frozen
class ArchivalSource:
    """Where an archive keeps the original, as its copy says."""

    repository: str
    """``National Archives``."""
    collections: tuple[str, ...] = ()
    """The record group and series, outermost first: ``RG 59: General Records of the
    Department of state``, ``1964-66 Central Foreign Policy File``."""
    file: str | None = None
    """The file the original is in: ``POL 33-4 ARG``."""
    original_classification: str | None = None
    """The classification of the original telegram, as the copy gives it: ``Confidential``."""
    lines: tuple[str, ...] = ()
    """The lines it was read from, as the cable has them."""


def archival_source(lines: Sequence[str]) -> ArchivalSource | None:
    """What the archival lines among ``lines`` say, or None when there are none."""
    repository = file = original = None
    collections: list[str] = []
    used: list[str] = []
    in_copy = False
    for k, line in enumerate(lines):
        if (m := _ORIGINAL.match(line)) is not None:
            original = m["level"].strip()
            used.append(line)
            if k + 1 < len(lines) and _LOWER_RUN_ON.match(lines[k + 1]):
                used.append(lines[k + 1])
            continue
        if (m := _COPY.match(line)) is not None:
            repository, in_copy = m["repository"], True
            used.append(line)
            continue
        if not in_copy:
            if _RULE.match(line) and k + 1 < len(lines) and _COPY.match(lines[k + 1]):
                used.append(line)  # the rule above the copy's lines
            continue
        if _RULE.match(line) or not line.strip():
            in_copy = False
            if line.strip():
                used.append(line)  # the rule under them
            continue
        if (m := _FILE.match(line)) is not None:
            file = m["file"]
        else:
            collections.append(line.strip())
        used.append(line)
    if repository is None:
        return None
    return ArchivalSource(repository, tuple(collections), file, original, tuple(used))
