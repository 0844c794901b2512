"""TEI P5 export of cables, lossless: ``load(export(cable))`` gives the cable back.

One TEI document per cable, valid against ``tei_all``.  ``teiHeader`` describes the
cable for readers; ``text`` *is* the cable's text, marked up.  ``docs/tei.md`` has the
full table and an example document.

The header (never read back):

- ``titleStmt/title``: SUBJECT (else the reference id).
- ``sourceDesc/bibl[@type="cable"]``: ``idno[@type="cable"]`` (reference id), ``title``,
  ``author/orgName`` (FM), ``date/@when`` (the DTG in ISO 8601 UTC, the DTG text as
  content), ``note[@type="source"]`` (classification, precedence, captions, as FRUS
  writes them), ``note[@type="executiveOrder"]`` and ``note[@type="classifiedBy"]``.
- ``profileDesc/correspDesc``: ``correspAction[@type="sent"]`` (FM as ``orgName``, the
  origin as ``placeName``, the DTG as ``date``); ``correspAction[@type="received"]``
  (TO) and ``[@subtype="info"]`` (INFO), one ``orgName`` each, ``@key`` the routing
  indicator.  ``textClass/keywords/term``: TAGS.
- ``encodingDesc``: the rules below in ``editorialDecl``, and a ``charDecl`` for the
  characters written as ``g``.

The text, in ``text[@xml:space="preserve"]/body``, every part in source order:

- envelope lines (routing, DE, ZNR/ZNY, DTG, FM, TO, INFO, XMT) in
  ``div[@type="envelope"]`` as ``ab[@type]``, with ``date/@when`` around the DTG and
  ``orgName`` around FM and each address;
- the rest in ``div[@type="message"]``: the classification line, captions,
  instructions, E.O., TAGS (each tag a ``term``) and Classified By as ``ab[@type]``;
  SUBJECT and REF as ``list[@type="subject"|"references"]`` with the keyword as
  ``head`` and one ``item`` per reference; numbered paragraphs as ``p[@n]`` with the
  portion marking as ``seg[@type="portionMarking"]``; bullets as
  ``list[@type="bulleted"]/item``; other blocks as ``ab``; each heading opens a
  ``div[@type="section"]`` with its ``head``; running headers as
  ``milestone[@unit="section"]`` + ``fw[@type="runningHeader"]``, page lines as ``pb`` +
  ``fw[@type="pageLine"]``, BT/NNNN as ``fw[@type="marker"]``; the signature as
  ``closer/signed/persName`` (what follows it stands after the ``closer``, as ``trailer``).

Lossless encoding: the cable text is the concatenation of the text nodes under
``text``, where each ``lb`` stands for one line ending and each ``g`` for one
character.  ``lb`` ends a line with the document default (``text/@rend``: ``lf`` when
absent, ``crlf`` or ``cr``) or with its own ``@rend``; a last line without an ending has
no ``lb``.  Line feeds in the XML only lay it out (a cable line never holds one) and
are dropped.  Characters XML 1.0 cannot hold (``U+0000``-``U+0008``, ``U+000B``,
``U+000C``, ``U+000E``-``U+001F``, ``U+FFFE``, ``U+FFFF`` and the lone surrogates that
stand for undecodable bytes) are written ``<g ref="#U0001"/>``, each declared in
``charDecl``.  An empty ``anchor`` cuts runs of text over 1,000,000 characters, which
parsers would refuse as one text node.  Attributes and the header add information,
never text.
"""

from __future__ import annotations

from collections.abc import Callable

import cableformat
from cableformat import DEFAULT_BASE, Cable, Record

from ._read import MAX_BYTES, TeiError, TeiWarning, load_tei
from ._write import TEI_NS, export_tei

__all__ = ["MAX_BYTES", "TEI_NS", "TeiError", "TeiExporter", "TeiWarning", "register_exporters"]


class TeiExporter:
    """Exports a cable as a TEI P5 document and reads one back."""

    name = "tei"
    media_type = "application/tei+xml"
    suffix = ".xml"

    def export(
        self, cable: Cable, *, base: str = DEFAULT_BASE, record: Record | None = None
    ) -> bytes:
        """The cable as a TEI document: UTF-8 bytes with an XML declaration.

        ``base``: the base IRI of cables (``-O base=https://example.org/cable/``).
        """
        return export_tei(cable, base=base, record=record)

    def load(self, data: bytes | str) -> Cable:
        """The cable a document from :meth:`export` encodes.

        Raises :class:`TeiError` for a document over :data:`MAX_BYTES`, one with a
        DOCTYPE or entity declarations, malformed XML, or text it cannot decode.
        """
        return load_tei(data)


@cableformat.hookimpl
def register_exporters(register: Callable[[cableformat.Exporter], None]) -> None:
    register(TeiExporter())
