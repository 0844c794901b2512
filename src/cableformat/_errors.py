"""Errors raised by cableformat."""

from __future__ import annotations

from ._model import Diagnostic

__all__ = ["CableformatError", "ParseError", "ReadError"]


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
