"""Errors raised by cableformat."""

from __future__ import annotations

from ._model import Diagnostic

__all__ = ["CableformatError", "ParseError", "ReadError", "one_line"]


class CableformatError(Exception):
    """Base class of the errors cableformat raises."""


class ParseError(CableformatError, ValueError):
    """Strict reading found a malformed part; names the place (source, line, column)."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...], source: str | None = None) -> None:
        self.diagnostics = diagnostics
        self.source = source
        first = diagnostics[0]
        self.line = first.line
        self.column = first.column
        place = f"{source}:" if source else ""
        more = f" (and {len(diagnostics) - 1} more)" if len(diagnostics) > 1 else ""
        super().__init__(f"{place}{first.line}:{first.column}: {first.message}{more}")

    def __reduce__(self) -> tuple[type[ParseError], tuple[tuple[Diagnostic, ...], str | None]]:
        # Rebuilt from its parts, so it can cross to and from worker processes.
        return (ParseError, (self.diagnostics, self.source))


class ReadError(CableformatError):
    """An input that holds no readable cable; names the place (source, line, CSV row)."""

    def __init__(
        self, message: str, source: str, row: int | None = None, line: int | None = None
    ) -> None:
        self.message = message
        self.source = source
        self.row = row
        self.line = line
        place = source if line is None else f"{source}:{line}"
        where = "" if row is None else f" (row {row})"
        super().__init__(f"{place}{where}: {message}")

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str, int | None, int | None]]:
        # The default rebuilds from the formatted message alone.
        return (ReadError, (self.message, self.source, self.row, self.line))


def one_line(exc: BaseException) -> str:
    """An error as one line for a person: our own messages as they are, others typed."""
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    if isinstance(exc, CableformatError | OSError) and text:
        return text
    # An unexpected error's message alone (a KeyError's "'x'") says too little.
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
