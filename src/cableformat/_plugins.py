"""Finding and loading plugins: on first use, once, one entry point at a time.

Each entry point is loaded and asked for its exporters on its own, so a plugin that
fails to import or raises in its hook is reported and skipped while the others keep
working (pluggy's ``load_setuptools_entrypoints`` lets one broken plugin stop all).
"""

from __future__ import annotations

import inspect
import os
import re
import threading
import warnings
from collections.abc import Iterable, Mapping
from importlib import metadata
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from . import hookspecs
from ._errors import CableformatError
from ._model import Cable

if TYPE_CHECKING:
    from ._readers import Record
from .hookspecs import CollectionExporter, Exporter

# A file suffix: one or two short extensions (``.xml``, ``.tei.xml``), nothing that names a
# folder.
SUFFIX = re.compile(r"(?:\.[A-Za-z0-9][A-Za-z0-9_+-]{0,15}){1,2}")

__all__ = [
    "LOAD_PLUGINS_ENV",
    "STRICT_PLUGINS_ENV",
    "Plugin",
    "PluginError",
    "PluginReport",
    "PluginWarning",
    "UnknownExporterError",
    "collection_exporter",
    "collection_exporters",
    "export",
    "exporter",
    "exporters",
    "plugin_report",
    "reset_plugins",
]

GROUP = hookspecs.PROJECT
STRICT_PLUGINS_ENV = "CABLEFORMAT_STRICT_PLUGINS"
LOAD_PLUGINS_ENV = "CABLEFORMAT_LOAD_PLUGINS"


class PluginError(CableformatError):
    """A plugin failed under strict mode, or two plugins claim one exporter name."""


class UnknownExporterError(CableformatError, LookupError):
    """No loaded exporter has the requested name."""

    def __str__(self) -> str:
        # LookupError would otherwise print the message in quotes, like KeyError.
        return str(self.args[0]) if self.args else ""


class PluginWarning(UserWarning):
    """A plugin failed and was skipped; the other plugins still work."""


@attrs.frozen
class Plugin:
    """One entry point of the ``cableformat`` group and what loading it gave."""

    name: str
    """The entry-point name, as ``CABLEFORMAT_LOAD_PLUGINS`` takes it: ``"tei"``."""
    value: str
    """What the entry point names: ``"cableformat_tei"``."""
    distribution: str | None = None
    version: str | None = None
    exporters: tuple[str, ...] = ()
    """The names of the exporters it registered."""
    collection_exporters: tuple[str, ...] = ()
    """The names of the collection exporters it registered."""
    error: str | None = None
    """Why it failed, on one line; ``None`` when it loaded."""
    exception: BaseException | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def failed(self) -> bool:
        return self.error is not None

    def __str__(self) -> str:
        if self.distribution is None:
            return repr(self.name)
        return f"{self.name!r} ({self.distribution} {self.version})"


@attrs.frozen
class PluginReport:
    """Every plugin that was tried, in load order, and those left out on purpose."""

    plugins: tuple[Plugin, ...]
    skipped: tuple[str, ...] = ()
    """Entry-point names ``CABLEFORMAT_LOAD_PLUGINS`` left out."""
    conflicts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Exporter names (of either kind) two or more plugins register, each with those
    plugins: a name no command can use until one of them is left out; the other
    exporters work."""

    @property
    def loaded(self) -> tuple[Plugin, ...]:
        return tuple(p for p in self.plugins if not p.failed)

    @property
    def failed(self) -> tuple[Plugin, ...]:
        return tuple(p for p in self.plugins if p.failed)

    def provider(self, exporter: str) -> Plugin:
        """The plugin that registered the exporter named ``exporter``."""
        for plugin in self.loaded:
            if exporter in plugin.exporters or exporter in plugin.collection_exporters:
                return plugin
        raise KeyError(exporter)


@attrs.frozen
class _Loaded:
    exporters: Mapping[str, Exporter]
    collections: Mapping[str, CollectionExporter]
    report: PluginReport
    manager: pluggy.PluginManager


_lock = threading.RLock()
_loaded: _Loaded | None = None
_loading = False


def exporters() -> Mapping[str, Exporter]:
    """Every loaded exporter by name, sorted; loads the plugins on first use."""
    return _state().exporters


def collection_exporters() -> Mapping[str, CollectionExporter]:
    """Every loaded collection exporter by name, sorted; loads the plugins on first use."""
    return _state().collections


def exporter(name: str) -> Exporter:
    """The exporter called ``name``; an unknown name is an error listing the known ones."""
    state = _state()
    found = state.exporters.get(name)
    if found is None:
        _refuse(name, state)
        if name in state.collections:
            raise UnknownExporterError(
                f"{name!r} is a collection exporter: it writes a whole collection into one "
                f"output (cableformat convert INPUT... --to {name} -o PATH), not one cable"
            )
        raise UnknownExporterError(_unknown(name, state))
    return found


def collection_exporter(name: str) -> CollectionExporter:
    """The collection exporter called ``name``; an unknown name is an error listing the
    known ones."""
    state = _state()
    found = state.collections.get(name)
    if found is None:
        _refuse(name, state)
        raise UnknownExporterError(_unknown(name, state))
    return found


def _refuse(name: str, state: _Loaded) -> None:
    """Raise for a name two plugins claim."""
    for conflict, providers in state.report.conflicts:
        if conflict == name:
            raise PluginError(_conflict(name, providers))


def export(
    cable: Cable, name: str, /, *, record: Record | None = None, **options: Any
) -> str | bytes:
    """``cable`` written by the exporter called ``name``, given ``options``.

    ``record``, the record the cable was read from, goes to an exporter that takes one
    (the publisher's id and metadata describe the copy); others never see it.
    """
    chosen = exporter(name)
    return chosen.export(cable, **with_record(chosen, options, record))


def with_record(
    chosen: Exporter, options: Mapping[str, Any], record: Record | None
) -> dict[str, Any]:
    """``options``, and the record where the exporter takes one."""
    if record is not None and takes_record(chosen):
        return {**options, "record": record}
    return dict(options)


def takes_record(chosen: Exporter) -> bool:
    """Whether the exporter's ``export`` takes the record (``record=``, keyword-only)."""
    try:
        parameter = inspect.signature(chosen.export).parameters.get("record")
    except (TypeError, ValueError):
        return False
    return parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY


def plugin_report() -> PluginReport:
    """Which plugins loaded (with distribution and version), which failed and why."""
    return _state().report


def reset_plugins() -> None:
    """Forget the loaded plugins; the next use finds and loads them again."""
    global _loaded
    with _lock:
        _loaded = None


def _state() -> _Loaded:
    global _loaded, _loading
    with _lock:
        if _loaded is None:
            if _loading:
                raise PluginError("a plugin used the plugin registry while plugins were loading")
            _loading = True
            try:
                # Not cached when it raises (strict mode, duplicates): the next use retries.
                _loaded = _load(metadata.entry_points(group=GROUP), _wanted(), _strict())
            finally:
                _loading = False
        return _loaded


def _wanted() -> frozenset[str] | None:
    raw = os.environ.get(LOAD_PLUGINS_ENV)
    if raw is None:
        return None
    return frozenset(name.strip() for name in raw.split(",") if name.strip())


def _strict() -> bool:
    return os.environ.get(STRICT_PLUGINS_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _load(
    entry_points: Iterable[metadata.EntryPoint], wanted: frozenset[str] | None, strict: bool
) -> _Loaded:
    manager = pluggy.PluginManager(GROUP)
    manager.add_hookspecs(hookspecs)
    found: dict[str, list[tuple[Exporter | CollectionExporter, Plugin]]] = {}
    whole: set[str] = set()  # the names registered as collection exporters
    plugins: list[Plugin] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for entry_point in sorted(entry_points, key=lambda ep: (ep.name, ep.value)):
        seen.add(entry_point.name)
        if wanted is not None and entry_point.name not in wanted:
            skipped.append(entry_point.name)
            continue
        plugin = _describe(entry_point)
        try:
            registered, collections = _register(manager, entry_point)
        except Exception as exc:
            plugin = _failed(plugin, exc, strict)
        except SystemExit as exc:  # sys.exit() in a plugin's module stops it, not us
            plugin = _failed(plugin, RuntimeError(f"sys.exit({exc.code!r}) in the plugin"), strict)
        else:
            plugin = attrs.evolve(
                plugin,
                exporters=tuple(e.name for e in registered),
                collection_exporters=tuple(e.name for e in collections),
            )
            every: list[Exporter | CollectionExporter] = [*registered, *collections]
            for one in every:
                found.setdefault(one.name, []).append((one, plugin))
            whole.update(e.name for e in collections)
        plugins.append(plugin)
    conflicts = tuple(
        (name, tuple(str(plugin) for _, plugin in providers))
        for name, providers in sorted(found.items())
        if len(providers) > 1
    )
    if conflicts and strict:
        raise PluginError(_conflict(*conflicts[0]))
    for name, providers in conflicts:
        warnings.warn(
            _conflict(name, providers) + "; the other exporters work", PluginWarning, stacklevel=4
        )
    for name in sorted((wanted or frozenset()) - seen):
        missing = LookupError(f"{LOAD_PLUGINS_ENV} names it, but no such plugin is installed")
        plugins.append(_failed(Plugin(name=name, value=""), missing, strict))
    usable = {name: found[name][0][0] for name in sorted(found) if len(found[name]) == 1}
    return _Loaded(
        exporters=MappingProxyType(
            {n: e for n, e in usable.items() if n not in whole and isinstance(e, Exporter)}
        ),
        collections=MappingProxyType(
            {n: e for n, e in usable.items() if n in whole and isinstance(e, CollectionExporter)}
        ),
        report=PluginReport(plugins=tuple(plugins), skipped=tuple(skipped), conflicts=conflicts),
        manager=manager,
    )


def _describe(entry_point: metadata.EntryPoint) -> Plugin:
    dist = entry_point.dist
    return Plugin(
        name=entry_point.name,
        value=entry_point.value,
        distribution=dist.name if dist else None,
        version=dist.version if dist else None,
    )


def _register(
    manager: pluggy.PluginManager, entry_point: metadata.EntryPoint
) -> tuple[list[Exporter], list[CollectionExporter]]:
    """Load one plugin and collect its exporters of both kinds; all or nothing."""
    obj = entry_point.load()
    manager.register(obj, name=entry_point.name)
    try:
        _check_hooks(manager, obj)
        registered: list[Exporter] = []

        def register(exporter: Exporter) -> None:
            if not isinstance(exporter, Exporter):
                raise TypeError(
                    "register() takes an exporter with name, media_type, suffix and "
                    f"export(cable), not {exporter!r}"
                )
            _checked_name(exporter.name, [*registered, *collections])
            suffix = exporter.suffix
            if not isinstance(suffix, str) or not SUFFIX.fullmatch(suffix):
                # The suffix ends output file names: it must not lead out of the folder.
                raise ValueError(
                    f"an exporter's suffix is a short extension such as '.xml', not {suffix!r}"
                )
            registered.append(exporter)

        collections: list[CollectionExporter] = []

        def register_collection(exporter: CollectionExporter) -> None:
            if not isinstance(exporter, CollectionExporter):
                raise TypeError(
                    "register() takes a collection exporter with name, description, "
                    f"rows(record) and open(path), not {exporter!r}"
                )
            _checked_name(exporter.name, [*registered, *collections])
            collections.append(exporter)

        others = [p for p in manager.get_plugins() if p is not obj]
        manager.subset_hook_caller("register_exporters", others)(register=register)
        manager.subset_hook_caller("register_collection_exporters", others)(
            register=register_collection
        )
    except BaseException:
        manager.unregister(obj)
        raise
    return registered, collections


def _checked_name(name: object, taken: Iterable[Exporter | CollectionExporter]) -> None:
    """Refuse a name that is not one word, or that the plugin registered already (either
    kind)."""
    if not isinstance(name, str) or not name or len(name.split()) != 1:
        raise ValueError(f"an exporter name is one word, not {name!r}")
    if name in [e.name for e in taken]:
        raise ValueError(f"exporter {name!r} is registered twice")


def _check_hooks(manager: pluggy.PluginManager, obj: object) -> None:
    """Reject a misspelt hook, which would otherwise be silently never called."""
    for caller in manager.get_hookcallers(obj) or ():
        if caller.has_spec():
            continue
        for impl in caller.get_hookimpls():
            if impl.plugin is obj and not impl.optionalhook:
                raise pluggy.PluginValidationError(obj, f"unknown hook {caller.name!r}")


def _failed(plugin: Plugin, exc: Exception, strict: bool) -> Plugin:
    # One line, as pluggy's validation errors spread the reason over several.
    text = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    text = text if len(text) <= 300 else text[:299] + "…"
    why = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    if strict:
        raise PluginError(f"plugin {plugin} failed: {why}") from exc
    # stacklevel 5 points past _load, _state and the public function at the caller.
    warnings.warn(
        f"cableformat plugin {plugin} failed and is skipped: {why}",
        PluginWarning,
        stacklevel=5,
    )
    return attrs.evolve(plugin, error=why, exception=exc)


def _conflict(name: str, providers: tuple[str, ...]) -> str:
    return (
        f"exporter {name!r} is provided by {len(providers)} plugins, "
        f"{', '.join(providers)}; set {LOAD_PLUGINS_ENV} to load only one of them"
    )


def _unknown(name: str, state: _Loaded) -> str:
    names = ", ".join(sorted([*state.exporters, *state.collections]))
    message = f"no exporter named {name!r}; " + (
        f"available: {names}" if names else "no exporters are loaded"
    )
    failed = state.report.failed
    if failed:
        message += "; plugins that failed: " + ", ".join(p.name for p in failed)
    return message
