"""The ``cableformat`` command: --version, --help, errors, and ``cableformat plugins``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cableformat
from cableformat import _cli
from cableformat._cli import main

from .test_plugins import (
    BROKEN_IMPORT,
    EXAMPLE,
    FAKE,
    GOOD,
    clean_plugins,  # noqa: F401 - an autouse fixture: fresh plugins for every test here too
    console_script,
    install_project,
    make_distribution,
    only_from,
    run,
)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A good plugin and one that fails to import, and no others."""
    root = tmp_path / "site"
    root.mkdir()
    make_distribution(
        root,
        "fake-cli",
        {"good": f"{FAKE}good", "broken": f"{FAKE}broken"},
        {f"{FAKE}good": GOOD, f"{FAKE}broken": BROKEN_IMPORT},
        version="3.1",
    )
    only_from(monkeypatch, root)
    return root


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    # The build follows the version: tests/test_compiled.py checks it says the truth.
    assert out in (
        f"cableformat {cableformat.__version__} (compiled: yes)\n",
        f"cableformat {cableformat.__version__} (compiled: no)\n",
    )


def test_help_lists_the_plugins_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "plugins" in capsys.readouterr().out


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def test_plugins_lists_exporters_and_failures(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plugins"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == [
        "EXPORTER",
        "PLUGIN",
        "DISTRIBUTION",
        "MEDIA",
        "TYPE",
        "SUFFIX",
        "READS",
        "BACK",
    ]
    assert lines[1].split() == ["upper", "good", "fake-cli", "3.1", "text/plain", ".txt", "no"]
    assert "failed plugins:" in lines
    assert "  'broken' (fake-cli 3.1): RuntimeError: cannot start" in lines
    assert err == ""  # the failure is in the listing, not repeated as a warning


def test_plugins_json(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["exporters"] == [
        {
            "name": "upper",
            "media_type": "text/plain",
            "suffix": ".txt",
            "readable": False,
            "plugin": "good",
            "distribution": "fake-cli",
            "version": "3.1",
        }
    ]
    assert [p["name"] for p in data["plugins"]] == ["good"]
    assert data["plugins"][0]["exporters"] == ["upper"]
    (failed,) = data["failed"]
    assert failed["name"] == "broken"
    assert failed["value"] == f"{FAKE}broken"
    assert failed["error"] == "RuntimeError: cannot start"
    assert data["skipped"] == []


def test_plugins_with_none_loaded(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CABLEFORMAT_LOAD_PLUGINS", "")
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("no exporters loaded\n")
    assert "not loaded (CABLEFORMAT_LOAD_PLUGINS): broken, good" in out


def test_an_error_is_one_line_without_traceback(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CABLEFORMAT_STRICT_PLUGINS", "1")
    assert main(["plugins"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "cableformat: error: plugin 'broken' (fake-cli 3.1) failed: RuntimeError: cannot start\n"
    )


@pytest.mark.parametrize("argv", [["--debug", "plugins"], ["plugins", "--debug"]])
def test_debug_lets_the_error_through(
    site: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.setenv("CABLEFORMAT_STRICT_PLUGINS", "1")
    with pytest.raises(cableformat.PluginError, match="'broken'"):
        main(argv)


def test_debug_shows_why_a_plugin_failed(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins", "--debug"]) == 0
    out = capsys.readouterr().out
    assert "Traceback (most recent call last):" in out
    assert "raise RuntimeError('cannot start')" in out


def test_the_console_script_lists_the_example_plugin(tmp_path: Path) -> None:
    root = install_project(EXAMPLE, tmp_path)
    result = run([console_script(), "plugins", "--json"], pythonpath=root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    summary = [e for e in data["exporters"] if e["name"] == "summary"]
    assert summary == [
        {
            "name": "summary",
            "media_type": "text/tab-separated-values",
            "suffix": ".tsv",
            "readable": False,
            "plugin": "summary",
            "distribution": "cableformat-example",
            "version": "0.1.0",
        }
    ]
    # The built-in plugins are reported, loaded or failed, never silently missing.
    named = {p["name"] for p in data["plugins"] + data["failed"]}
    assert {"tei", "jsonld", "text"} <= named


def test_the_console_script_fails_with_one_line() -> None:
    result = run(
        [console_script(), "plugins"],
        CABLEFORMAT_STRICT_PLUGINS="1",
        CABLEFORMAT_LOAD_PLUGINS="nosuch",
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "cableformat: error: plugin 'nosuch' failed: LookupError: "
        "CABLEFORMAT_LOAD_PLUGINS names it, but no such plugin is installed\n"
    )


def test_errors_outside_cableformat_name_their_type(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> object:
        raise KeyError("x")

    monkeypatch.setattr(_cli, "plugin_report", broken)
    assert main(["plugins"]) == 1
    assert capsys.readouterr().err == "cableformat: error: KeyError: 'x'\n"
