"""Reading and writing cables as text and as bytes."""

from __future__ import annotations

import io
import os
from importlib import resources
from pathlib import Path
from typing import IO

import attrs

from ._errors import ParseError, ReadError
from ._grammar import parse
from ._model import Cable, maker
from ._render import dumps as _dumps

__all__ = ["decode", "dump", "dumps", "encode", "example_path", "load", "loads"]

PathOrFile = str | os.PathLike[str] | IO[bytes]
# Read from its text: nothing to check again (see maker).
_read_cable = maker(Cable, checked_later=True)


def loads(
    text: str, *, strict: bool = False, source: str | None = None, year: int | None = None
) -> Cable:
    """Read a cable from text.  Never raises unless ``strict``.

    With ``strict=True`` a malformed part raises :class:`ParseError` naming its line
    and column; otherwise the same problems are kept in ``cable.diagnostics``.
    ``source`` names the text in error messages.  ``year`` is the year to assume when
    the text has no date-time group (the publisher's date, say): the reference id and
    yearless citations take it.
    """
    if not isinstance(text, str):
        raise TypeError(f"loads() takes a str, not {type(text).__name__}; use load() for bytes")
    fields, layout, diagnostics = parse(text, year)
    if strict and diagnostics:
        raise ParseError(diagnostics, source)
    return _read_cable(**fields, diagnostics=diagnostics, year=year, layout=layout)


def dumps(cable: Cable) -> str:
    """Write a cable as text: exactly as read where unchanged, canonical where edited."""
    return _dumps(cable)


@attrs.frozen
class Decoded:
    text: str
    encoding: str
    errors: str = "strict"


def decode(data: bytes) -> Decoded:
    """Decode a file's bytes so that encoding the text again gives the same bytes.

    UTF-8 first; legacy single-byte files (Windows-1252, else Latin-1) next; a mostly
    UTF-8 file with stray bytes keeps them as surrogate escapes.
    """
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "surrogateescape")
    if any(c >= "\u0080" and not "\udc80" <= c <= "\udcff" for c in text):
        return Decoded(text, "utf-8", "surrogateescape")
    try:
        legacy = data.decode("cp1252")
        if legacy.encode("cp1252") == data:
            return Decoded(legacy, "cp1252")
    except UnicodeDecodeError:
        pass
    return Decoded(data.decode("latin-1"), "latin-1")


def encode(text: str, encoding: str = "utf-8", errors: str = "strict") -> bytes:
    """Encode text in the encoding it was read with; UTF-8 when that cannot hold it."""
    try:
        return text.encode(encoding, errors)
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape")


def load(file: PathOrFile, *, strict: bool = False, year: int | None = None) -> Cable:
    """Read a cable from a path or a binary file, in whatever encoding it was written.

    ``year`` is as for :func:`loads`.  A viewer page (or a one-row ``cables.csv`` dump)
    gives the cable :func:`read` gives, the publisher's date giving the year; a dump of
    several cables raises :class:`ReadError`.  Anything else is a text cable, and
    :func:`dump` writes it back byte for byte.
    """
    if isinstance(file, str | os.PathLike):
        name: str | None = os.fspath(file)
        with open(file, "rb") as handle:
            data = handle.read()
    else:
        name = getattr(file, "name", None)
        data = file.read()
        if isinstance(data, str):
            raise TypeError("load() needs a binary file; open it with 'rb'")
    source = name if isinstance(name, str) else None
    if (page := _page_record(data, source)) is not None:
        text, decoded_year, encoding, errors = page
        cable = loads(text, strict=strict, source=source, year=year or decoded_year)
        return attrs.evolve(cable, encoding=encoding, encoding_errors=errors)
    decoded = decode(data)
    cable = loads(decoded.text, strict=strict, source=source, year=year)
    return attrs.evolve(cable, encoding=decoded.encoding, encoding_errors=decoded.errors)


def _page_record(data: bytes, source: str | None) -> tuple[str, int | None, str, str] | None:
    """The cable text of a viewer page or of a one-row dump (its text, the publisher's
    year, the encoding); ``None`` for anything else, read as plain text, byte for byte.
    A dump of several cables raises ReadError."""
    # The readers' formats, imported here: they import this module.
    from . import _csv, _html, _readers

    head = data[: _readers.HEAD]
    name = source or "<stream>"
    raw: object = None
    if _html.looks_like_html(head):
        raw = _readers.html_record(data, name)
    elif _csv.looks_like_csv(head):
        rows = list(_readers.csv_records(io.BytesIO(data), name))
        if len(rows) > 1:
            message = "a cables.csv dump holds many cables: read it with cableformat.read()"
            raise ReadError(message, name)
        raw = rows[0] if rows else None
    if not isinstance(raw, _readers.RawRecord):
        return None  # not a page or a dump after all: a text, kept byte for byte
    return raw.text, _readers.publisher_year(raw.metadata), raw.encoding, raw.encoding_errors


def dump(cable: Cable, file: PathOrFile) -> None:
    """Write a cable to a path or a binary file, in the encoding it was read with."""
    data = encode(dumps(cable), cable.encoding, cable.encoding_errors)
    if isinstance(file, str | os.PathLike):
        with open(file, "wb") as handle:
            handle.write(data)
    else:
        file.write(data)


def example_path() -> Path:
    """The example cable the package ships (a made-up telegram, for trying things out)."""
    return Path(str(resources.files("cableformat") / "examples" / "08VALLETTA123.txt"))
