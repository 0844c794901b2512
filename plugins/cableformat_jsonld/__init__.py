"""JSON-LD export: a cable as a schema.org ``Message`` that reads back byte for byte.

The document describes the cable with schema.org, Dublin Core and the project's own
``cable:`` terms (``https://cableformat.org/ns#``), embeds its ``@context`` so that no
reader goes online, and keeps the exact text of every part in ``cable:source``.
See ``docs/jsonld.md``.
"""

from __future__ import annotations

from collections.abc import Callable

import cableformat

from ._context import CABLE, CONTEXT
from ._exporter import JsonLdExporter

__all__ = ["CABLE", "CONTEXT", "JsonLdExporter", "register_exporters"]


@cableformat.hookimpl
def register_exporters(register: Callable[[cableformat.Exporter], None]) -> None:
    register(JsonLdExporter())
