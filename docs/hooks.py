"""MkDocs hooks: the command-line reference from the parser, and docstring roles as code.

``docs/cli.md`` holds a marker that is replaced, at every build, by the help of
``cableformat`` and of each subcommand, taken from ``cableformat._cli._parser()``; the
page can never disagree with the command.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Iterator
from typing import Any

MARKER = "<!-- cli-reference -->"
COLUMNS = "80"
"""The width the help is formatted for, so that the page does not depend on a terminal."""

# Sphinx roles some docstrings use (:class:`ParseError`), rendered by Markdown as
# ":class:<code>ParseError</code>"; the role is dropped and the code kept.
_ROLE = re.compile(r":(?:class|func|meth|attr|data|exc|mod|obj):(?=<code>)")
# ":class:`~cableformat.Cable`" shows the last name only.
_TILDE = re.compile(r"<code>~(?:\w+\.)*(\w+)</code>")


def _subcommands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def _help(parser: argparse.ArgumentParser) -> str:
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = COLUMNS
    try:
        return parser.format_help().rstrip() + "\n"
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved


def cli_reference() -> str:
    """The Markdown of the command-line reference: each command's help, in order."""
    from cableformat._cli import _parser

    parser = _parser()
    sections = [
        ("cableformat", parser),
        *((f"cableformat {n}", p) for n, p in _subcommands(parser)),
    ]
    out = []
    for name, sub in sections:
        out.append(f"## `{name}`\n\n```text\n$ {name} --help\n{_help(sub)}```\n")
    return "\n".join(out)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    if MARKER in markdown:
        return markdown.replace(MARKER, cli_reference())
    return markdown


def on_page_content(html: str, **kwargs: Any) -> str:
    return _TILDE.sub(r"<code>\1</code>", _ROLE.sub("", html))
