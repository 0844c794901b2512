"""The ``cableformat`` command.

Each subcommand is a pair of functions: ``_add_<name>(subparsers, common)`` declares
its arguments (with ``common`` as a parent parser) and sets ``run`` to
``_<name>(args) -> int``.  Add a subcommand by writing the pair and listing the first
in ``_SUBCOMMANDS``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

from . import __version__
from ._errors import CableformatError
from ._plugins import Plugin, PluginReport, PluginWarning, exporters, plugin_report
from .hookspecs import Exporter, ReadableExporter

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
            print(f"cableformat: error: {_one_line(exc)}", file=sys.stderr)
            return 1
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cableformat",
        description="Read US diplomatic cables and export them through plugins.",
    )
    parser.add_argument("--version", action="version", version=f"cableformat {__version__}")
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
    if args.json:
        json.dump(_plugins_json(report, found), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _plugins_text(report, found, sys.stdout, debug=args.debug)
    return 0


def _plugins_json(report: PluginReport, found: Mapping[str, Exporter]) -> dict[str, Any]:
    def exporter(name: str, ex: Exporter) -> dict[str, Any]:
        plugin = report.provider(name)
        return {
            "name": name,
            "media_type": ex.media_type,
            "suffix": ex.suffix,
            "readable": isinstance(ex, ReadableExporter),
            "plugin": plugin.name,
            "distribution": plugin.distribution,
            "version": plugin.version,
        }

    def plugin(p: Plugin) -> dict[str, Any]:
        keys = ("name", "value", "distribution", "version", "exporters", "error")
        return {key: getattr(p, key) for key in keys}

    return {
        "exporters": [exporter(name, ex) for name, ex in found.items()],
        "plugins": [plugin(p) for p in report.loaded],
        "failed": [plugin(p) for p in report.failed],
        "skipped": list(report.skipped),
    }


def _plugins_text(
    report: PluginReport, found: Mapping[str, Exporter], out: TextIO, *, debug: bool
) -> None:
    rows = [("EXPORTER", "PLUGIN", "DISTRIBUTION", "MEDIA TYPE", "SUFFIX", "LOAD")]
    for name, ex in found.items():
        plugin = report.provider(name)
        dist = f"{plugin.distribution} {plugin.version}" if plugin.distribution else "-"
        readable = "yes" if isinstance(ex, ReadableExporter) else "no"
        rows.append((name, plugin.name, dist, ex.media_type, ex.suffix, readable))
    if len(rows) > 1:
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            out.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
                + "\n"
            )
    else:
        out.write("no exporters loaded\n")
    if report.failed:
        out.write("\nfailed plugins:\n")
        for p in report.failed:
            out.write(f"  {p}: {p.error}\n")
            if debug and p.exception is not None:
                out.write("".join(traceback.format_exception(p.exception)))
    if report.skipped:
        out.write("\nnot loaded (CABLEFORMAT_LOAD_PLUGINS): " + ", ".join(report.skipped) + "\n")


# --- helpers ----------------------------------------------------------------------------

_SUBCOMMANDS: tuple[Callable[[_Subparsers, argparse.ArgumentParser], None], ...] = (_add_plugins,)


def _one_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    if isinstance(exc, CableformatError | OSError) and text:
        return text
    # An unexpected error's message alone (a KeyError's "'x'") says too little.
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


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
