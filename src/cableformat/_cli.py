"""The ``cableformat`` command.

Each subcommand is a pair of functions: ``_add_<name>(subparsers, common)`` declares
its arguments (with ``common`` as a parent parser) and sets ``run`` to
``_<name>(args) -> int``.  Add a subcommand by writing the pair and listing the first
in ``_SUBCOMMANDS``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

import attrs

from . import __version__
from ._collect import report_path
from ._compiled import COMPILED
from ._convert import ConvertResult, RunStopped, check, convert, parse_options
from ._describe import describe
from ._errors import CableformatError, one_line
from ._io import example_path
from ._plugins import (
    Plugin,
    PluginReport,
    PluginWarning,
    collection_exporters,
    exporters,
    plugin_report,
)
from ._readers import read
from .hookspecs import CollectionExporter, Exporter, ReadableExporter

_Subparsers = Any  # argparse's _SubParsersAction is private and generic


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    argparse itself exits for ``--help``, ``--version`` and usage errors (status 2).
    """
    parser = _parser()
    args = parser.parse_args(argv)
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        try:
            status: int = args.run(args)
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            # The reader went away (`cableformat plugins | head`): not an error to report.
            # Point stdout at devnull so the interpreter's final flush fails quietly too.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        except Exception as exc:
            if args.debug:
                raise
            print(f"cableformat: error: {one_line(exc)}", file=sys.stderr)
            return 1
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cableformat",
        description="Read US diplomatic cables and export them through plugins.",
    )
    build = "compiled: yes" if COMPILED else "compiled: no"
    parser.add_argument(
        "--version", action="version", version=f"cableformat {__version__} ({build})"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    # Accept --debug after the subcommand too; SUPPRESS keeps it from resetting the above.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for add in _SUBCOMMANDS:
        add(subparsers, common)
    return parser


# --- plugins ----------------------------------------------------------------------------


def _add_plugins(subparsers: _Subparsers, common: argparse.ArgumentParser) -> None:
    sub = subparsers.add_parser(
        "plugins",
        parents=[common],
        help="list exporters and the plugins that provide them",
        description="List every exporter with its plugin, and every plugin that failed.",
    )
    sub.add_argument("--json", action="store_true", help="write JSON instead of a table")
    sub.set_defaults(run=_plugins)


def _plugins(args: argparse.Namespace) -> int:
    with warnings.catch_warnings():
        # Failures are part of the listing; a warning as well would say it twice.
        warnings.simplefilter("ignore", PluginWarning)
        report = plugin_report()
        found = exporters()
        whole = collection_exporters()
    if args.json:
        json.dump(_plugins_json(report, found, whole), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _plugins_text(report, found, whole, sys.stdout, debug=args.debug)
    return 0


def _plugins_json(
    report: PluginReport,
    found: Mapping[str, Exporter],
    whole: Mapping[str, CollectionExporter],
) -> dict[str, Any]:
    def provided(name: str) -> dict[str, Any]:
        """The plugin an exporter of either kind comes from."""
        plugin = report.provider(name)
        return {
            "plugin": plugin.name,
            "distribution": plugin.distribution,
            "version": plugin.version,
        }

    def exporter(name: str, ex: Exporter) -> dict[str, Any]:
        return {
            "name": name,
            "media_type": ex.media_type,
            "suffix": ex.suffix,
            "readable": isinstance(ex, ReadableExporter),
            **provided(name),
        }

    def collection(name: str, ex: CollectionExporter) -> dict[str, Any]:
        return {"name": name, "description": ex.description, **provided(name)}

    def plugin(p: Plugin) -> dict[str, Any]:
        keys = (
            "name",
            "value",
            "distribution",
            "version",
            "exporters",
            "collection_exporters",
            "error",
        )
        return {key: getattr(p, key) for key in keys}

    return {
        "exporters": [exporter(name, ex) for name, ex in found.items()],
        "collection_exporters": [collection(name, ex) for name, ex in whole.items()],
        "plugins": [plugin(p) for p in report.loaded],
        "failed": [plugin(p) for p in report.failed],
        "skipped": list(report.skipped),
        "conflicts": [
            {"exporter": name, "plugins": list(providers)} for name, providers in report.conflicts
        ],
    }


def _plugins_text(
    report: PluginReport,
    found: Mapping[str, Exporter],
    whole: Mapping[str, CollectionExporter],
    out: TextIO,
    *,
    debug: bool,
) -> None:
    rows = [("EXPORTER", "PLUGIN", "DISTRIBUTION", "MEDIA TYPE", "SUFFIX", "READS BACK")]
    for name, ex in found.items():
        plugin = report.provider(name)
        dist = f"{plugin.distribution} {plugin.version}" if plugin.distribution else "-"
        readable = "yes" if isinstance(ex, ReadableExporter) else "no"
        rows.append((name, plugin.name, dist, ex.media_type, ex.suffix, readable))
    if len(rows) > 1:
        _table(rows, out)
    else:
        out.write("no exporters loaded\n")
    if whole:
        # One output for a whole run: convert INPUT... --to NAME -o PATH.
        out.write("\n")
        table = [("COLLECTION EXPORTER", "PLUGIN", "DISTRIBUTION", "WRITES")]
        for name, one in whole.items():
            plugin = report.provider(name)
            dist = f"{plugin.distribution} {plugin.version}" if plugin.distribution else "-"
            table.append((name, plugin.name, dist, one.description))
        _table(table, out)
    if report.failed:
        out.write("\nfailed plugins:\n")
        for p in report.failed:
            out.write(f"  {p}: {p.error}\n")
            if debug and p.exception is not None:
                out.write("".join(traceback.format_exception(p.exception)))
    if report.conflicts:
        out.write("\nexporters two plugins provide (unusable until one is not loaded):\n")
        for name, providers in report.conflicts:
            out.write(f"  {name}: {', '.join(providers)}\n")
    if report.skipped:
        out.write("\nnot loaded (CABLEFORMAT_LOAD_PLUGINS): " + ", ".join(report.skipped) + "\n")


def _table(rows: Sequence[tuple[str, ...]], out: TextIO) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        out.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        out.write("\n")


# --- convert, check, show ---------------------------------------------------------------


def _inputs(args: argparse.Namespace) -> list[str]:
    inputs = list(args.inputs)
    if getattr(args, "example", False):
        inputs.append(str(example_path()))
    if not inputs:
        raise CableformatError(
            "no input: name files, folders, '-' for standard input, or --example"
        )
    return inputs


def _add_inputs(sub: argparse.ArgumentParser) -> None:
    """The arguments convert and check share: inputs, the example, worker processes."""
    sub.add_argument("inputs", nargs="*", metavar="INPUT")
    sub.add_argument("--example", action="store_true", help="add the example cable shipped")
    sub.add_argument(
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help="worker processes (default: all cores)",
    )
    sub.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar (there is none off a terminal)"
    )


def _positive(text: str) -> int:
    """A count of one or more, for argparse (which reports a ValueError as a usage error)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _add_convert(subparsers: _Subparsers, common: argparse.ArgumentParser) -> None:
    sub = subparsers.add_parser(
        "convert",
        parents=[common],
        help="convert cables to another format, one file per cable or one database",
        description=(
            "Convert every cable of the inputs (text files, folders, viewer HTML pages, "
            "cables.csv dumps, '-' for standard input) with an exporter: one file per "
            "cable in the folder -o, or, with a collection exporter (sqlite, parquet), "
            "one output at -o for them all.  Existing output is kept unless --force, so "
            "running an interrupted conversion again resumes it."
        ),
    )
    _add_inputs(sub)
    sub.add_argument(
        "--to", required=True, metavar="FORMAT", help="an exporter: tei, jsonld, text, ..."
    )
    sub.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUTPUT",
        help="output folder; for a collection exporter, its output (cables.db)",
    )
    sub.add_argument("--force", action="store_true", help="overwrite existing output")
    sub.add_argument(
        "-O",
        "--option",
        action="append",
        default=[],
        metavar="NAME[=VALUE]",
        help="an option of the exporter, e.g. -O summary-first for text (repeatable)",
    )
    sub.set_defaults(run=_convert)


def _convert(args: argparse.Namespace) -> int:
    whole = args.to in collection_exporters()
    if not whole and os.path.exists(args.output) and not os.path.isdir(args.output):
        raise CableformatError(f"{args.output} is a file, not a folder: name a folder for -o")
    report = (
        report_path(args.output, args.to)
        if whole
        else os.path.join(args.output, "cableformat-report.json")
    )
    try:
        result = convert(
            _inputs(args),
            args.to,
            args.output,
            jobs=args.jobs,
            force=args.force,
            progress=None if args.quiet else sys.stderr,
            options=parse_options(args.option),
        )
    except RunStopped as stopped:
        _write_report(report, stopped.result, stopped=str(stopped))
        print(
            str(stopped) if stopped.interrupted else f"cableformat: error: {stopped}",
            file=sys.stderr,
        )
        return 130 if stopped.interrupted else 1
    _write_report(report, result)
    for failure in result.failures:
        print(f"cableformat: failed: {failure}", file=sys.stderr)
    print(
        f"{result.converted} converted, {result.skipped} already there, "
        f"{len(result.failures)} failed in {result.seconds:.1f} s",
        file=sys.stderr,
    )
    return 0 if not result.failures else 1


def _write_report(target: str, result: ConvertResult, stopped: str | None = None) -> None:
    """The run's report (``cableformat-report.json`` in the output folder, or beside a
    collection's output), written whole or not at all (the disk may be full)."""
    report: dict[str, object] = {
        "converted": result.converted,
        "skipped": result.skipped,
        "failed": [attrs.asdict(f) for f in result.failures],
        "seconds": round(result.seconds, 3),
    }
    if stopped is not None:
        report["stopped"] = stopped
    partial = target + ".partial"
    try:
        with open(partial, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2)
            handle.write("\n")
        os.replace(partial, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        print(f"cableformat: no report written: {exc}", file=sys.stderr)


def _add_check(subparsers: _Subparsers, common: argparse.ArgumentParser) -> None:
    sub = subparsers.add_parser(
        "check",
        parents=[common],
        help="read and write every cable again and count exact round trips",
        description="Round-trip every record of the inputs; report exact and changed counts.",
    )
    _add_inputs(sub)
    sub.add_argument("--json", action="store_true", help="write JSON instead of text")
    sub.set_defaults(run=_check)


def _check(args: argparse.Namespace) -> int:
    result = check(_inputs(args), jobs=args.jobs, progress=None if args.quiet else sys.stderr)
    summary = {
        "exact": result.exact,
        "changed": [attrs.asdict(f) for f in result.changed],
        "with_diagnostics": result.diagnostics,
        "failed": [attrs.asdict(f) for f in result.failures],
        "not_cables": [attrs.asdict(f) for f in result.not_cables],
        "seconds": round(result.seconds, 3),
    }
    if args.json:
        json.dump(summary, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(
            f"{result.exact} exact, {len(result.changed)} changed, {len(result.failures)} "
            f"unreadable, {len(result.not_cables)} not cables, {result.diagnostics} with "
            f"diagnostics ({result.seconds:.1f} s)"
        )
        for failure in (*result.changed, *result.failures, *result.not_cables):
            print(f"  {failure}")
    return 0 if not (result.changed or result.failures or result.not_cables) else 1


def _add_show(subparsers: _Subparsers, common: argparse.ArgumentParser) -> None:
    sub = subparsers.add_parser(
        "show",
        parents=[common],
        help="show the parsed fields of a cable",
        description="Show the fields read from a cable (the first record of CABLE).",
    )
    sub.add_argument("cable", nargs="?", metavar="CABLE", help="a file, or '-' for standard input")
    sub.add_argument("--example", action="store_true", help="show the example cable shipped")
    sub.add_argument("--json", action="store_true", help="write JSON instead of text")
    sub.set_defaults(run=_show)


def _show(args: argparse.Namespace) -> int:
    source = str(example_path()) if args.example else args.cable
    if source is None:
        raise CableformatError("name a cable file, '-' for standard input, or --example")
    record = next(iter(read(source)), None)
    if record is None:
        raise CableformatError(f"{source}: no cable found")
    fields = describe(record.cable)
    if args.json:
        json.dump(fields, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    for key, value in fields.items():
        if value in (None, [], ""):
            continue
        if isinstance(value, list):
            print(f"{key}:")
            for item in value:
                print(f"  {_flat(item)}")
        else:
            print(f"{key}: {_flat(value)}")
    return 0


def _flat(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items() if v not in (None, "", []))
    return str(value)


# --- helpers ----------------------------------------------------------------------------

_SUBCOMMANDS: tuple[Callable[[_Subparsers, argparse.ArgumentParser], None], ...] = (
    _add_convert,
    _add_check,
    _add_show,
    _add_plugins,
)


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    print(f"cableformat: warning: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
