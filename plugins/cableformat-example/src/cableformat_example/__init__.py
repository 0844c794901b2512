"""An example cableformat plugin: the ``summary`` exporter.

It writes one tab-separated line per cable (reference id, date, classification,
subject), handy for ``cut``, ``sort`` or a spreadsheet.  It uses only the public
``cableformat`` API, as every plugin should.
"""

from __future__ import annotations

from collections.abc import Callable

import cableformat

__all__ = ["COLUMNS", "SummaryExporter", "register_exporters"]

__version__ = "0.1.0"

COLUMNS = ("reference_id", "date", "classification", "subject")


class SummaryExporter:
    """One tab-separated line: reference id, date, classification, subject.

    A missing value is an empty field.  Whitespace runs inside a value (a subject
    wrapped over lines, a stray tab) become one space, so a cable is always one line.
    The output cannot be read back into a cable, so there is no ``load``.
    """

    name = "summary"
    media_type = "text/tab-separated-values"
    suffix = ".tsv"

    def export(self, cable: cableformat.Cable, *, header: bool = False) -> str:
        """The line for ``cable``; with ``header=True``, the column names first."""
        date = cable.date.isoformat() if cable.date else None
        values = (cable.reference_id, date, cable.classification, cable.subject)
        row = "\t".join(" ".join(value.split()) if value else "" for value in values)
        return ("\t".join(COLUMNS) + "\n" if header else "") + row + "\n"


@cableformat.hookimpl
def register_exporters(register: Callable[[cableformat.Exporter], None]) -> None:
    register(SummaryExporter())
