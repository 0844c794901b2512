"""Input readers: cables from plain text, viewer pages, ``cables.csv``, folders and stdin.

Each reader yields :class:`Record` objects: a cable with the place it came from and the
publisher's metadata kept beside it.  An input that holds no cable (an unreadable file,
a malformed CSV row, an HTML page without the cable's ``<pre>`` blocks) is a
:class:`ReadError`: raised by default, or handed to ``on_error`` so that reading goes on.
:func:`raw_records` gives the cable texts before they are read, for callers that read
them elsewhere (in worker processes, say).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, Any, Literal

import attrs

from . import _csv, _html
from ._errors import ReadError
from ._ids import canonical_id
from ._io import decode, loads
from ._metadata_lines import split_metadata_lines
from ._model import Cable

__all__ = [
    "RawRecord",
    "Record",
    "cable_text",
    "publisher_year",
    "raw_records",
    "read",
    "read_csv",
    "read_html",
    "read_text",
]

Source = str | os.PathLike[str] | IO[bytes]
OnError = Callable[[ReadError], object]
_Kind = Literal["text", "html", "csv"]

HEAD = 4096
"""Bytes looked at to tell the formats apart."""

# Only CSV needs a fallback: a page always opens with markup, while a dump may open
# with a header line or another date format.
_SUFFIXES: dict[str, _Kind] = {".csv": "csv"}


class _Metadata(Mapping[str, str]):
    """A read-only, hashable, picklable mapping (``MappingProxyType`` does not pickle)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def get(self, key: str, default: Any = None) -> Any:
        # The dict's own: Mapping.get raises and catches KeyError for a missing key.
        return self._items.get(key, default)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return repr(self._items)

    def __reduce__(self) -> tuple[type[_Metadata], tuple[dict[str, str]]]:
        return (_Metadata, (self._items,))


def _metadata(items: Mapping[str, str]) -> Mapping[str, str]:
    return items if isinstance(items, _Metadata) else _Metadata(items)


@attrs.frozen
class Record:
    """A cable read from an input, with where it came from and what the publisher said."""

    cable: Cable
    source: str
    """The file's path, ``<stdin>``, or a binary file's name (``<stream>`` without one)."""
    row: int | None = None
    """The CSV data row, counted from 1; ``None`` outside CSV files."""
    line: int | None = None
    """The line of the source where the cable starts, counted from 1."""
    metadata: Mapping[str, str] = attrs.field(factory=dict, converter=_metadata)
    """The publisher's metadata kept beside the cable; see ``docs/readers.md``."""

    @property
    def released(self) -> dt.date | None:
        """The day the publisher released the cable, where it says (a viewer page's
        ``released``, ``2010-12-08 21:09``)."""
        match = _RELEASED.match(self.metadata.get("released", ""))
        if match is None:
            return None
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:  # a date no calendar has
            return None

    @property
    def reference_id(self) -> str | None:
        """The publisher's reference id (in canonical form when it is a cable id), else
        the cable's own.

        The publisher's id is the collection's key: a file can hold another cable's text
        (or a text whose id is damaged), and the id it is filed under is still this one.
        """
        published = self.metadata.get("reference_id", "").strip()
        if published:
            return canonical_id(published) or published
        return self.cable.reference_id


@attrs.frozen
class RawRecord:
    """A cable's text as split from its input, not yet read: cheap to hand to a worker."""

    text: str
    source: str
    row: int | None = None
    line: int | None = None
    metadata: Mapping[str, str] = attrs.field(factory=dict, converter=_metadata)
    encoding: str = "utf-8"
    encoding_errors: str = "strict"

    def record(self) -> Record:
        """Read the text into a cable; the publisher's date gives the year it lacks."""
        cable = loads(self.text, source=self.source, year=publisher_year(self.metadata))
        if (self.encoding, self.encoding_errors) != (cable.encoding, cable.encoding_errors):
            cable = attrs.evolve(
                cable, encoding=self.encoding, encoding_errors=self.encoding_errors
            )
        return Record(cable, self.source, self.row, self.line, self.metadata)


_RELEASED = re.compile(r"\s*(\d{4})-(\d\d)-(\d\d)\b")
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")


def publisher_year(metadata: Mapping[str, str]) -> int | None:
    """The year of the publisher's ``created`` date (``2000-11-29 13:01``, ``12/28/1966 18:48``)."""
    created = metadata.get("created")
    match = _YEAR.search(created) if created else None
    return int(match[1]) if match else None


def read(source: Source, *, on_error: OnError | None = None) -> Iterator[Record]:
    """Records from a file, a folder (recursively, in sorted order), ``-`` (standard
    input) or a binary file, each file read as what its content shows it to be.

    A viewer page or a ``cables.csv`` dump is recognised by its first bytes, failing that
    by its suffix; anything else is a plain-text cable.  Problems are raised as
    :class:`ReadError` unless ``on_error`` takes them, in which case reading goes on.
    """
    return (raw.record() for raw in raw_records(source, on_error=on_error))


def raw_records(
    source: Source, *, on_error: OnError | None = None, kind: _Kind | None = None
) -> Iterator[RawRecord]:
    """What :func:`read` reads, as cable texts not yet read into cables."""
    return _deliver(_read(source, kind), on_error)


def read_text(source: Source, *, on_error: OnError | None = None) -> Iterator[Record]:
    """Records from plain-text cables, one per file, whatever the content looks like."""
    return (raw.record() for raw in raw_records(source, on_error=on_error, kind="text"))


def read_html(source: Source, *, on_error: OnError | None = None) -> Iterator[Record]:
    """Records from WikiLeaks cable-viewer pages, one per page."""
    return (raw.record() for raw in raw_records(source, on_error=on_error, kind="html"))


def read_csv(source: Source, *, on_error: OnError | None = None) -> Iterator[Record]:
    """Records from ``cables.csv`` dumps, one per row, streamed with bounded memory."""
    return (raw.record() for raw in raw_records(source, on_error=on_error, kind="csv"))


def cable_text(header: str, body: str) -> str:
    """Header, a blank line, body and a final newline, as the plain-text dumps join them.

    Only newlines a part lacks are added: the CSV's fields often end with one already,
    and a second would put a blank line into the cable that the cable does not have.
    """
    text = header
    if header and body:
        trailing = len(header) - len(header.rstrip("\n"))
        text += "\n" * max(0, 2 - trailing)
    text += body
    if text and not text.endswith("\n"):
        text += "\n"
    return text


# --- inputs -----------------------------------------------------------------------------


def _deliver(
    items: Iterator[RawRecord | ReadError], on_error: OnError | None
) -> Iterator[RawRecord]:
    for item in items:
        if isinstance(item, RawRecord):
            yield item
        elif on_error is None:
            raise item
        else:
            on_error(item)


def _read(source: Source, kind: _Kind | None) -> Iterator[RawRecord | ReadError]:
    if not isinstance(source, str | os.PathLike):
        name = getattr(source, "name", None)
        yield from _read_stream(source, name if isinstance(name, str) else "<stream>", kind)
        return
    path = os.fspath(source)
    if path == "-":
        if sys.stdin is None or sys.stdin.closed:  # `cableformat convert - <&-`
            raise ReadError("standard input is closed: give a file, or pipe the cables in", "-")
        yield from _read_stream(sys.stdin.buffer, "<stdin>", kind)
    elif os.path.isdir(path):
        for item in _files(path):
            if isinstance(item, ReadError):
                yield item
            else:
                yield from _read_file(item, kind)
    else:
        yield from _read_file(path, kind)


def _files(folder: str) -> Iterator[str | ReadError]:
    """Every regular file under a folder, sorted by path; unreadable folders as errors."""
    problems: list[OSError] = []
    found = [
        (os.path.relpath(os.path.join(root, name), folder).split(os.sep), os.path.join(root, name))
        for root, _, names in os.walk(folder, onerror=problems.append)
        for name in names
    ]
    for problem in problems:
        yield ReadError(problem.strerror or str(problem), str(problem.filename or folder))
    for _, path in sorted(found):
        if os.path.isfile(path):
            yield path


def _read_file(path: str, kind: _Kind | None) -> Iterator[RawRecord | ReadError]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the last record
    except OSError as error:
        yield ReadError(error.strerror or str(error), path)
        return
    with handle:
        suffix = os.path.splitext(path)[1].lower()
        yield from _read_stream(handle, path, kind, _SUFFIXES.get(suffix))


def _read_stream(
    handle: IO[bytes], name: str, kind: _Kind | None, hint: _Kind | None = None
) -> Iterator[RawRecord | ReadError]:
    try:
        head = handle.read(HEAD)
        if kind is None:
            kind = _sniff(head) or hint or "text"
        if kind == "csv":
            yield from csv_records(handle, name, head)
            return
        data = head + handle.read()
    except OSError as error:
        yield ReadError(error.strerror or str(error), name)
        return
    yield html_record(data, name) if kind == "html" else _text_record(data, name)


def _sniff(head: bytes) -> _Kind | None:
    if _html.looks_like_html(head):
        return "html"
    if _csv.looks_like_csv(head):
        return "csv"
    return None


class _Prefixed(io.RawIOBase):
    """A binary stream whose first bytes were already read (to tell its format)."""

    def __init__(self, head: bytes, handle: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._handle = handle

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._handle.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _lines(head: bytes, handle: IO[bytes]) -> Iterator[str]:
    """A file's lines, decoded in C as UTF-8 with surrogate escapes; only ``\\n`` ends one."""
    raw = io.BufferedReader(_Prefixed(head, handle), buffer_size=1 << 20)
    return io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline="\n")


# --- records ----------------------------------------------------------------------------


def _text_record(data: bytes, name: str) -> RawRecord:
    decoded = decode(data)
    text = decoded.text
    # The alx/cablegate files open with five metadata lines: kept as metadata.
    if text[:1].isdigit() and (split := split_metadata_lines(text)) is not None:
        metadata, start, line = split
        return RawRecord(text[start:], name, None, line, metadata, decoded.encoding, decoded.errors)
    return RawRecord(text, name, None, 1, _filed_as(name), decoded.encoding, decoded.errors)


def _filed_as(name: str) -> dict[str, str]:
    """The id a text file is filed under, when its name is a cable id: the Cablegate
    dumps name each file after its cable (``07PARIS2725.txt``), also where the text
    inside is another cable's."""
    stem = os.path.splitext(os.path.basename(name))[0]
    filed = canonical_id(stem) if stem[:2].isdigit() else None
    return {"reference_id": stem} if filed is not None and filed == stem.upper() else {}


def html_record(data: bytes, name: str) -> RawRecord | ReadError:
    decoded = decode(data)
    page = _html.parse_page(decoded.text)
    if page is None:
        return ReadError("an HTML page without a cable's two <pre> blocks", name)
    text = cable_text(page.header, page.body)
    return RawRecord(text, name, None, page.line, page.metadata, decoded.encoding, decoded.errors)


def csv_records(handle: IO[bytes], name: str, head: bytes = b"") -> Iterator[RawRecord | ReadError]:
    """The records of a ``cables.csv`` dump whose first bytes ``head`` were read already."""
    return _csv_records(_lines(head, handle), name)


def _csv_records(lines: Iterable[str], name: str) -> Iterator[RawRecord | ReadError]:
    for row in _csv.rows(lines):
        if row.problem is not None:
            yield ReadError(row.problem, name, row.number, row.line)
            continue
        text = cable_text(row.fields[6], row.fields[7])
        metadata = dict(zip(_csv.COLUMNS, row.fields, strict=False))
        yield RawRecord(text, name, row.number, row.line, metadata, row.encoding, row.errors)
