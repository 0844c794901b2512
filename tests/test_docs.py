"""The documentation site: its examples run, its references are complete, it builds.

Each page's examples run in order, in an empty temporary folder, sharing one namespace
(like one interactive session):

- a ```` ```python ```` block is executed, then the ``test_*`` functions it defines
  are called;
- a ```` ```pycon ```` block is run as a doctest, so the output it shows is checked;
- a ```` ```console ```` line ``$ cableformat ...`` (or a ```` ```sh ```` line
  ``cableformat ...``) is run through ``cableformat._cli.main`` and must exit with 0;
  the output lines shown under it must appear in order (``...`` matches anything).

A block with a ``title`` is a file the reader writes (``test_plugins.py`` runs the
plugin tutorial's); a block right after ``<!-- not run: reason -->`` is not run.
"""

from __future__ import annotations

import doctest
import importlib.util
import io
import os
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
import yaml

import cableformat
from cableformat._cli import _parser, main

from .conftest import ROOT

DOCS = ROOT / "docs"
# Pages whose examples another test module runs.
TESTED_ELSEWHERE = {"dask.md"}
NOT_RUN = re.compile(r"<!-- not run: (?P<reason>[^>]*?) -->\s*$")
FENCE = re.compile(
    r"^(?P<fence>`{3,})(?P<info>[^`\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S
)


@attrs.frozen
class Block:
    page: str
    line: int
    language: str
    titled: bool
    not_run: str | None
    """The reason given for not running it, if any."""
    body: str

    @property
    def runnable(self) -> bool:
        kinds = ("python", "pycon", "console", "sh")
        return self.language in kinds and not self.titled and self.not_run is None

    @property
    def where(self) -> str:
        return f"docs/{self.page}:{self.line}"


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        skip = NOT_RUN.match(before)
        info = match["info"].strip()
        found.append(
            Block(
                page=page.name,
                line=text.count("\n", 0, match.start()) + 1,
                language=info.split()[0] if info else "",
                titled="title=" in info,
                not_run=skip["reason"] if skip else None,
                body=match["body"],
            )
        )
    return found


PAGES = sorted(p for p in DOCS.glob("*.md") if p.name not in TESTED_ELSEWHERE)
RUNNABLE = [p for p in PAGES if any(b.runnable for b in blocks(p))]


# --- running examples -------------------------------------------------------------------


def commands(block: Block) -> Iterator[tuple[str, list[str]]]:
    """Each ``cableformat`` command of a shell block, with the output lines shown for it."""
    if block.language == "sh":
        for line in block.body.splitlines():
            if line.startswith("cableformat "):
                yield line, []
        return
    command: str | None = None
    shown: list[str] = []
    for line in [*block.body.splitlines(), "$ "]:
        if line.startswith("$ "):
            if command is not None:
                yield command, shown
            command = line[2:] if line[2:].startswith("cableformat ") else None
            shown = []
        else:
            shown.append(line)


def run_command(command: str) -> tuple[int, str]:
    """Run a ``cableformat`` command line in this process: exit status and output."""
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        try:
            status = main(shlex.split(command)[1:])
        except SystemExit as exc:  # argparse exits for --help and --version
            status = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    return status, out.getvalue()


def missing_lines(shown: list[str], output: str) -> list[str]:
    """The shown lines not found, in order, in the output; ``...`` matches anything."""
    actual = [line.rstrip() for line in output.splitlines()]
    position = 0
    missing = []
    for line in (s.rstrip() for s in shown):
        if line in ("", "..."):
            continue
        pattern = re.compile(".*".join(map(re.escape, line.split("..."))))
        for i in range(position, len(actual)):
            if pattern.fullmatch(actual[i]):
                position = i + 1
                break
        else:
            missing.append(line)
    return missing


def run_block(block: Block, namespace: dict[str, Any]) -> None:
    if block.language == "python":
        before = set(namespace)
        exec(compile(block.body, block.where, "exec"), namespace)
        # A block written as a test module has its tests run.
        for name in [n for n in namespace if n not in before and n.startswith("test_")]:
            namespace[name]()
    elif block.language == "pycon":
        test = doctest.DocTestParser().get_doctest(
            block.body, namespace, block.where, block.page, block.line
        )
        report = io.StringIO()
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test, out=report.write, clear_globs=False)
        assert runner.failures == 0, f"{block.where}:\n{report.getvalue()}"
    else:
        for command, shown in commands(block):
            status, output = run_command(command)
            assert status == 0, f"{block.where}: {command} exited {status}:\n{output}"
            missing = missing_lines(shown, output)
            assert not missing, f"{block.where}: {command} did not print {missing}:\n{output}"


@pytest.mark.parametrize("page", RUNNABLE, ids=[p.name for p in RUNNABLE])
def test_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    ran = 0
    for block in blocks(page):
        if block.runnable:
            run_block(block, namespace)
            ran += 1
    assert ran


def test_getting_started_runs_whole() -> None:
    found = blocks(DOCS / "getting-started.md")
    assert not [b.where for b in found if b.not_run is not None or b.titled]
    assert {b.language for b in found if b.runnable} >= {"python", "pycon", "console", "sh"}
    text = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    for step in ("pip install", "cableformat.load(", "attrs.evolve(", ".export(", "convert"):
        assert step in text


def test_reasons_are_given_for_examples_not_run() -> None:
    skipped = [b for page in PAGES for b in blocks(page) if b.not_run is not None]
    assert all(b.not_run and b.not_run.strip() for b in skipped)
    assert len(skipped) <= 5, [b.where for b in skipped]


def test_the_runner_notices_failures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    failing = [
        Block("x.md", 1, "python", False, None, "assert 1 == 2\n"),
        Block("x.md", 1, "pycon", False, None, ">>> 1 + 1\n3\n"),
        Block("x.md", 1, "console", False, None, "$ cableformat convert --to nope -o o a\n"),
        Block("x.md", 1, "console", False, None, "$ cableformat show --example\nsubject: NO\n"),
    ]
    for block in failing:
        with pytest.raises(AssertionError):
            run_block(block, {})
    assert missing_lines(["a ... c", "...", "d"], "a b c\nd\n") == []
    assert missing_lines(["d", "a ... c"], "a b c\nd\n") == ["a ... c"]


def test_examples_quote_no_corpus_text(corpus: Path) -> None:
    """Code blocks use the example cable or inline text: no three lines of a real cable."""

    def windows(text: str) -> set[tuple[str, ...]]:
        lines = [line.strip() for line in text.splitlines()]
        lines = [line for line in lines if len(line) >= 20]
        return {tuple(lines[i : i + 3]) for i in range(len(lines) - 2)}

    real: set[tuple[str, ...]] = set()
    for path in (corpus / "cablegate" / "txt").glob("*.txt"):
        real |= windows(path.read_text(encoding="utf-8", errors="replace"))
    assert len(real) > 10_000
    quoted = {window: b.where for page in PAGES for b in blocks(page) for window in windows(b.body)}
    assert not {where for window, where in quoted.items() if window in real}


# --- the command-line reference ----------------------------------------------------------


def load_hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", DOCS / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_page_is_generated_from_the_parser() -> None:
    hooks = load_hooks()
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert hooks.MARKER in page
    rendered = hooks.on_page_markdown(page)
    assert hooks.MARKER not in rendered
    parser = _parser()
    subcommands = dict(hooks._subcommands(parser))
    assert set(subcommands) == {"convert", "check", "show", "plugins"}
    for name, sub in subcommands.items():
        assert f"## `cableformat {name}`" in rendered
        assert sub.description is not None
        assert " ".join(sub.description.split()[:6]) in " ".join(rendered.split())
        for action in sub._actions:
            for option in action.option_strings:
                assert option in rendered


def test_cli_page_does_not_depend_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    hooks = load_hooks()
    monkeypatch.setenv("COLUMNS", "40")
    narrow = hooks.cli_reference()
    assert os.environ["COLUMNS"] == "40"
    monkeypatch.setenv("COLUMNS", "200")
    assert hooks.cli_reference() == narrow


def test_docstring_roles_become_code() -> None:
    hooks = load_hooks()
    html = ":class:<code>ParseError</code> :func:<code>~cableformat.export</code>"
    assert hooks.on_page_content(html) == "<code>ParseError</code> <code>export</code>"


# --- the site -----------------------------------------------------------------------------


def config() -> dict[str, Any]:
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may use !ENV and !relative tags; their values do not matter here.
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.load(handle, Loader=Loader)
    return loaded


def nav_pages(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_pages(value)


def test_nav_lists_every_page() -> None:
    listed = list(nav_pages(config()["nav"]))
    assert sorted(listed) == sorted(p.name for p in DOCS.glob("*.md"))


def test_no_plugin_goes_online() -> None:
    plugins = config()["plugins"]
    names = {p if isinstance(p, str) else next(iter(p)) for p in plugins}
    assert names == {"search", "mkdocstrings"}
    handler = plugins[-1]["mkdocstrings"]["handlers"]["python"]
    assert "inventories" not in handler and "import" not in handler
    assert config()["theme"]["font"] is False


def test_api_page_lists_every_public_name() -> None:
    page = (DOCS / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^::: (\S+)", page, re.M))
    # Some names are values without docstrings of their own; the page describes them.
    described = {
        "Block": "`cableformat.Block` is",
        "Break": "`cableformat.Break` is",
        "hookimpl": "`cableformat.hookimpl` marks",
        "DEFAULT_BASE": "`cableformat.DEFAULT_BASE` is",
    }
    for name, words in described.items():
        assert words in page, name
    public = {
        f"cableformat.{n}" for n in cableformat.__all__ if n not in {"__version__", *described}
    }
    assert public - documented == set()
    assert {"cableformat.strategies", "cableformat.hookspecs.register_exporters"} <= documented


def test_format_page_shows_the_example_cable() -> None:
    page = (DOCS / "format.md").read_text(encoding="utf-8")
    example = cableformat.example_path().read_text(encoding="utf-8")
    assert f"```text\n{example}```" in page


def test_the_test_extra_installs_the_docs_tools() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert extras["docs"]
    assert set(extras["docs"]) <= set(extras["test"])


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    cli = (site / "cli" / "index.html").read_text(encoding="utf-8")
    assert "usage: cableformat convert" in cli
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert "cableformat.strategies" in api and ":class:" not in api
