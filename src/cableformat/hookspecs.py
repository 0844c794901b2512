"""The hooks a cableformat plugin can implement, and the exporter protocol.

A plugin is a module (or any object) named by an entry point in the ``cableformat``
group.  It marks its hook functions with :data:`hookimpl`::

    import cableformat

    @cableformat.hookimpl
    def register_exporters(register):
        register(MyExporter())

Every hook is documented in ``docs/plugins.md``; a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

import pluggy

from ._model import Cable

__all__ = [
    "PROJECT",
    "Exporter",
    "ReadableExporter",
    "hookimpl",
    "hookspec",
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
