"""cableformat: read US diplomatic cables into a typed model without losing a byte."""

from __future__ import annotations

from ._errors import CableformatError, ParseError
from ._io import dump, dumps, load, loads
from ._render import Part, parts
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
    "Heading",
    "Marker",
    "PageLine",
    "Paragraph",
    "ParseError",
    "Part",
    "Reference",
    "Routing",
    "RunningHeader",
    "SecurityLine",
    "Signature",
    "StationLine",
    "Text",
    "__version__",
    "dump",
    "dumps",
    "load",
    "loads",
    "parts",
]
