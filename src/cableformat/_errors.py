"""Errors raised by cableformat."""

from __future__ import annotations

from ._model import Diagnostic

__all__ = ["CableformatError", "ParseError"]


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
