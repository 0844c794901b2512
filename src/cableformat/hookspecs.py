"""The hooks a cableformat plugin can implement, and the exporter protocol.

A plugin is a module (or any object) named by an entry point in the ``cableformat``
group.  It marks its hook functions with :data:`hookimpl`::

    import cableformat

    @cableformat.hookimpl
    def register_exporters(register):
        register(MyExporter())

    @cableformat.hookimpl
    def register_collection_exporters(register):
        register(MyDatabaseExporter())

Every hook is documented in ``docs/plugins.md``; a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import pluggy

from ._model import Cable

if TYPE_CHECKING:
    from ._readers import Record

__all__ = [
    "PROJECT",
    "CollectionExporter",
    "CollectionWriter",
    "Exporter",
    "ReadableExporter",
    "hookimpl",
    "hookspec",
    "register_collection_exporters",
    "register_exporters",
]

PROJECT = "cableformat"
"""The pluggy project name, which is also the entry-point group plugins are found in."""

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@runtime_checkable
class Exporter(Protocol):
    """Writes a cable in another format.

    Read-only properties, so a plain class attribute, a property or a frozen attrs
    field all satisfy them.  ``export`` may take keyword options of its own;
    :func:`cableformat.export` passes the caller's options through.
    """

    @property
    def name(self) -> str:
        """The name users pick the exporter by: ``"tei"``.  Unique across plugins."""
        ...

    @property
    def media_type(self) -> str:
        """The output's media type: ``"application/tei+xml"``."""
        ...

    @property
    def suffix(self) -> str:
        """The usual file suffix, with its dot: ``".xml"``."""
        ...

    # ``*args: Any, **options: Any`` lets exporters declare their own keyword options
    # (or none) and still match the protocol under mypy.
    def export(self, cable: Cable, /, *args: Any, **options: Any) -> str | bytes:
        """The cable in this format."""
        ...


@runtime_checkable
class ReadableExporter(Exporter, Protocol):
    """An exporter whose output can be read back into a cable."""

    def load(self, data: str | bytes, /) -> Cable:
        """The cable ``data`` was exported from."""
        ...


@hookspec
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Call ``register(exporter)`` once for each exporter the plugin provides.

    ``register`` raises ``TypeError`` for an object that is not an :class:`Exporter`.
    Two exporters with the same name, from one plugin or two, are an error.
    """


@runtime_checkable
class CollectionWriter(Protocol):
    """One open output of a collection exporter, written by one process."""

    def keys(self) -> Collection[str]:
        """The keys of the records already in the output: a run adds only the others."""
        ...

    def add(self, key: str, rows: Any, /) -> None:
        """Add one record, as the exporter's ``rows`` gave it, under ``key`` (unique in
        the run, the same in every run of the same inputs)."""
        ...

    def close(self) -> None:
        """Finish the output: what was added is kept, also after an interrupted run."""
        ...


@runtime_checkable
class CollectionExporter(Protocol):
    """Writes every cable of a run into one output: a database file, a folder of tables.

    ``convert`` calls ``rows`` in its worker processes, once per record, and hands what
    it returns to the writer ``open`` gave, in the main process, in input order; so
    ``rows`` does the costly work and returns plain data that pickles (tuples, strings).

    An exporter whose output is a folder says so with ``folder = True`` (optional):
    ``convert`` then keeps its lock and report inside it rather than beside it.
    """

    @property
    def name(self) -> str:
        """The name ``convert --to`` takes: ``"sqlite"``.  Unique across all exporters."""
        ...

    @property
    def description(self) -> str:
        """What the output is, in a few words: ``"SQLite database with full-text search"``."""
        ...

    def rows(self, record: Record, /) -> Any:
        """What ``add`` needs of one record (the cable, where it came from, the
        publisher's metadata)."""
        ...

    # As for ``Exporter.export``: an exporter declares the options it takes, and matches.
    def open(self, path: str, /, *args: Any, **options: Any) -> CollectionWriter:
        """Open the output at ``path``, made if missing; ``force=True`` (always passed)
        empties it first.  Other options are the exporter's own (``-O NAME=VALUE``)."""
        ...


@hookspec
def register_collection_exporters(register: Callable[[CollectionExporter], None]) -> None:
    """Call ``register(exporter)`` once for each collection exporter the plugin provides.

    ``register`` raises ``TypeError`` for an object that is not a
    :class:`CollectionExporter`.  Its name may be no other exporter's, of either kind.
    """
