"""cableformat: read US diplomatic cables into a typed model without losing a byte."""

from __future__ import annotations

from ._errors import CableformatError, ParseError, ReadError
from ._io import dump, dumps, load, loads
from ._model import (
    Addressee,
    Block,
    Bullet,
    Cable,
    ClassificationLine,
    ClassifiedBy,
    DateTimeGroup,
    Diagnostic,
    ExecutiveOrder,
    Heading,
    Marker,
    PageLine,
    Paragraph,
    Reference,
    Routing,
    RunningHeader,
    SecurityLine,
    Signature,
    StationLine,
    Text,
)
from ._plugins import (
    Plugin,
    PluginError,
    PluginReport,
    PluginWarning,
    UnknownExporterError,
    export,
    exporters,
    plugin_report,
    reset_plugins,
)
from ._readers import Record, read, read_csv, read_html, read_text
from ._render import Part, parts
from .hookspecs import Exporter, ReadableExporter, hookimpl

__version__ = "0.1.0"

__all__ = [
    "Addressee",
    "Block",
    "Bullet",
    "Cable",
    "CableformatError",
    "ClassificationLine",
    "ClassifiedBy",
    "DateTimeGroup",
    "Diagnostic",
    "ExecutiveOrder",
    "Exporter",
    "Heading",
    "Marker",
    "PageLine",
    "Paragraph",
    "ParseError",
    "Part",
    "Plugin",
    "PluginError",
    "PluginReport",
    "PluginWarning",
    "ReadableExporter",
    "ReadError",
    "Record",
    "Reference",
    "Routing",
    "RunningHeader",
    "SecurityLine",
    "Signature",
    "StationLine",
    "Text",
    "UnknownExporterError",
    "__version__",
    "dump",
    "dumps",
    "export",
    "exporters",
    "hookimpl",
    "load",
    "loads",
    "parts",
    "plugin_report",
    "read",
    "read_csv",
    "read_html",
    "read_text",
    "reset_plugins",
]
