"""The reader compiled by mypyc (a wheel) or run as source (an editable install)."""

from __future__ import annotations

import ast
import importlib
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from cableformat._cli import main
from cableformat._compiled import COMPILED

ROOT = Path(__file__).resolve().parent.parent


def compiled_modules() -> list[str]:
    """The modules hatch_build.py compiles, read from its source (hatchling, which it
    imports, lives only in the build's own environment)."""
    tree = ast.parse((ROOT / "hatch_build.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COMPILED":
            names = ast.literal_eval(node.value)
            assert isinstance(names, list)
            return names
    raise AssertionError("hatch_build.py names no COMPILED modules")


def module_name(path: str) -> str:
    """``src/cableformat/_grammar.py`` is ``cableformat._grammar``."""
    return ".".join(Path(path).with_suffix("").parts[1:])


def test_every_module_the_build_compiles_is_there() -> None:
    paths = compiled_modules()
    assert "src/cableformat/_grammar.py" in paths
    for path in paths:
        assert (ROOT / path).is_file(), path
        assert path.startswith(("src/", "plugins/")), path


def test_the_reader_is_compiled_whole_or_not_at_all() -> None:
    # A mix (one module left as source) would mean a wheel built from a stale list.
    kinds = {
        path: (importlib.import_module(module_name(path)).__file__ or "").endswith(
            tuple(EXTENSION_SUFFIXES)
        )
        for path in compiled_modules()
    }
    assert set(kinds.values()) == {COMPILED}, kinds


def test_the_version_says_whether_the_reader_is_compiled(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    shown = capsys.readouterr().out.strip()
    assert shown.endswith("(compiled: yes)" if COMPILED else "(compiled: no)"), shown
