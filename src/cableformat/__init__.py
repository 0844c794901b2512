"""cableformat: read US diplomatic cables into a typed model without losing a byte."""

from __future__ import annotations

from ._archive import ArchivalSource
from ._errors import CableformatError, ParseError, ReadError
from ._ids import canonical_id
from ._io import dump, dumps, example_path, load, loads
from ._iri import DEFAULT_BASE, cable_iri
from ._model import (
    Addressee,
    Block,
    Break,
    Bullet,
    Cable,
    ClassificationLine,
    ClassifiedBy,
    DateTimeGroup,
    Diagnostic,
    Distribution,
    ExecutiveOrder,
    Heading,
    Marker,
    MessageLine,
    PageLine,
    Paragraph,
    Reference,
    Routing,
    RunningHeader,
    SecurityLine,
    Signature,
    StationLine,
    Text,
    WrapperLine,
)
from ._plugins import (
    Plugin,
    PluginError,
    PluginReport,
    PluginWarning,
    UnknownExporterError,
    export,
    exporter,
    exporters,
    plugin_report,
    reset_plugins,
)
from ._posts import add_posts
from ._readers import Record, read, read_csv, read_html, read_text
from ._render import Part, parts
from ._summary import inline_comments
from ._tags import load_tag_table, tag_kind
from .hookspecs import Exporter, ReadableExporter, hookimpl

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_BASE",
    "Addressee",
    "ArchivalSource",
    "Block",
    "Break",
    "Bullet",
    "Cable",
    "CableformatError",
    "ClassificationLine",
    "ClassifiedBy",
    "DateTimeGroup",
    "Diagnostic",
    "Distribution",
    "ExecutiveOrder",
    "Exporter",
    "Heading",
    "Marker",
    "MessageLine",
    "PageLine",
    "Paragraph",
    "ParseError",
    "Part",
    "Plugin",
    "PluginError",
    "PluginReport",
    "PluginWarning",
    "ReadError",
    "ReadableExporter",
    "Record",
    "Reference",
    "Routing",
    "RunningHeader",
    "SecurityLine",
    "Signature",
    "StationLine",
    "Text",
    "UnknownExporterError",
    "WrapperLine",
    "__version__",
    "add_posts",
    "cable_iri",
    "canonical_id",
    "dump",
    "dumps",
    "example_path",
    "export",
    "exporter",
    "exporters",
    "hookimpl",
    "inline_comments",
    "load",
    "load_tag_table",
    "loads",
    "parts",
    "plugin_report",
    "read",
    "read_csv",
    "read_html",
    "read_text",
    "reset_plugins",
    "tag_kind",
]
