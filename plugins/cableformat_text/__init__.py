"""Plain-text export: a cable as something to read, not to route.

A title from the subject, a few ``Key: value`` lines, then the body re-flowed at 72
columns, without the routing header, page lines, running headers or Markdown
decoration.  The text cannot be read back into a cable.
"""

from __future__ import annotations

from collections.abc import Callable

import cableformat

from ._exporter import WIDTH, TextExporter, export_text, wrap

__all__ = ["WIDTH", "TextExporter", "export_text", "register_exporters", "wrap"]


@cableformat.hookimpl
def register_exporters(register: Callable[[cableformat.Exporter], None]) -> None:
    register(TextExporter())
