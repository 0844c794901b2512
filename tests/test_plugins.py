"""The plugin system: discovery through entry points, isolation, strict mode, duplicates.

Fake plugins are real distributions (a dist-info folder and a module) written into a
temporary folder; ``only_from`` makes that folder the only source of entry points, so
the tests do not depend on which exporters are installed.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
import warnings
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path

import pytest

import cableformat
from cableformat import hookspecs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "plugins" / "cableformat-example"
DOCS = ROOT / "docs" / "plugins.md"
FAKE = "fakeplug_"  # prefix of every fake plugin module, so teardown can forget them

GOOD = """
import cableformat

class Upper:
    name = "upper"
    media_type = "text/plain"
    suffix = ".txt"

    def export(self, cable, *, shout="!"):
        return (cable.subject or "").upper() + shout

@cableformat.hookimpl
def register_exporters(register):
    register(Upper())
"""


# --- helpers shared with test_cli_plugins.py --------------------------------------------


@pytest.fixture(autouse=True)
def clean_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test loads plugins afresh, without the caller's plugin variables."""
    monkeypatch.delenv("CABLEFORMAT_STRICT_PLUGINS", raising=False)
    monkeypatch.delenv("CABLEFORMAT_LOAD_PLUGINS", raising=False)
    cableformat.reset_plugins()
    yield
    cableformat.reset_plugins()
    for name in [m for m in sys.modules if m.startswith((FAKE, "cableformat_example"))]:
        del sys.modules[name]


def make_distribution(
    root: Path,
    name: str,
    entry_points: Mapping[str, str],
    modules: Mapping[str, str] | None = None,
    version: str = "1.0",
) -> None:
    """An installed distribution under ``root``: its dist-info and its modules."""
    for module, source in (modules or {}).items():
        (root / f"{module}.py").write_text(textwrap.dedent(source))
    info = root / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    lines = "".join(f"{key} = {value}\n" for key, value in entry_points.items())
    (info / "entry_points.txt").write_text(f"[cableformat]\n{lines}")


def install_project(project: Path, root: Path) -> Path:
    """Install a src-layout project into ``root`` as pip would, without building a wheel.

    Its packages are copied and its dist-info is written from its ``pyproject.toml``, so
    the entry points tested are the ones the project declares.  (Building would need
    ``wheel`` or a recent setuptools, which an offline environment may lack.)
    """
    meta = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    for package in (project / "src").iterdir():
        if package.is_dir() and (package / "__init__.py").exists():
            shutil.copytree(package, root / package.name)
    make_distribution(
        root,
        meta["name"],
        meta["entry-points"]["cableformat"],
        version=meta["version"],
    )
    return root


def only_from(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    """Plugins come only from the distributions installed under ``root``."""
    monkeypatch.syspath_prepend(str(root))

    def entry_points(*, group: str) -> metadata.EntryPoints:
        found = [ep for d in metadata.distributions(path=[str(root)]) for ep in d.entry_points]
        return metadata.EntryPoints(found).select(group=group)

    monkeypatch.setattr(metadata, "entry_points", entry_points)


def run(
    args: list[str], pythonpath: Path | None = None, cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run a command in this environment, less CABLEFORMAT_* variables, plus ``pythonpath``."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CABLEFORMAT_")} | env
    if pythonpath is not None:
        environ["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(pythonpath), environ.get("PYTHONPATH")])
        )
    return subprocess.run(args, capture_output=True, text=True, env=environ, cwd=cwd, timeout=120)


def run_pytest(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """Run a plugin project's tests (in a scratch copy) against the plugins in ``site``."""
    # Few examples: this checks that the tests work, not the exporter in depth.
    (project / "tests" / "conftest.py").write_text(
        "from hypothesis import settings\n"
        "settings.register_profile('quick', max_examples=10, deadline=None)\n"
        "settings.load_profile('quick')\n"
    )
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore"]
    return run(command, pythonpath=site, cwd=project, PYTHONDONTWRITEBYTECODE="1")


def console_script() -> str:
    script = Path(sys.executable).parent / "cableformat"
    assert script.exists(), "the cableformat console script is not installed"
    return str(script)


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture
def plugins_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    only_from(monkeypatch, root)
    return root


@pytest.fixture
def cable() -> cableformat.Cable:
    return cableformat.Cable(
        classification_line=cableformat.ClassificationLine(
            "UNCLAS", origin="GUANGZHOU", serial="000378", section=1, sections=2
        ),
        dtg=cableformat.DateTimeGroup(("R",), dt.datetime(2007, 3, 23, 9, 6, tzinfo=dt.UTC)),
        subject="FACTORY\tWORKERS  STRIKE  IN GUANGZHOU",
    )


# --- loading ----------------------------------------------------------------------------


def test_a_plugin_is_found_through_its_entry_point(
    plugins_dir: Path, cable: cableformat.Cable
) -> None:
    make_distribution(plugins_dir, "fake-good", {"good": f"{FAKE}good"}, {f"{FAKE}good": GOOD})
    assert list(cableformat.exporters()) == ["upper"]
    assert cableformat.export(cable, "upper") == "FACTORY\tWORKERS  STRIKE  IN GUANGZHOU!"
    assert (
        cableformat.export(cable, "upper", shout="?") == "FACTORY\tWORKERS  STRIKE  IN GUANGZHOU?"
    )
    plugin = cableformat.plugin_report().provider("upper")
    assert (plugin.name, plugin.value) == ("good", f"{FAKE}good")
    assert (plugin.distribution, plugin.version) == ("fake-good", "1.0")
    assert plugin.exporters == ("upper",)


def test_nothing_is_loaded_when_cableformat_is_imported(tmp_path: Path) -> None:
    root = install_project(EXAMPLE, tmp_path)
    code = (
        "import sys, cableformat\n"
        "before = 'cableformat_example' in sys.modules\n"
        "names = list(cableformat.exporters())\n"
        "print(before, 'cableformat_example' in sys.modules, 'summary' in names)\n"
    )
    result = run([sys.executable, "-W", "ignore", "-c", code], pythonpath=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]


def test_loading_is_cached_until_reset(plugins_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_distribution(plugins_dir, "fake-good", {"good": f"{FAKE}good"}, {f"{FAKE}good": GOOD})
    calls = []
    real = metadata.entry_points

    def counting(*, group: str) -> metadata.EntryPoints:
        calls.append(group)
        return real(group=group)

    monkeypatch.setattr(metadata, "entry_points", counting)
    first = cableformat.exporters()
    assert cableformat.exporters() is first
    cableformat.plugin_report()
    assert calls == ["cableformat"]
    cableformat.reset_plugins()
    assert list(cableformat.exporters()) == ["upper"]
    assert len(calls) == 2


# --- isolation --------------------------------------------------------------------------

BROKEN_IMPORT = "raise RuntimeError('cannot start')\n"
BROKEN_HOOK = """
import cableformat

@cableformat.hookimpl
def register_exporters(register):
    raise ValueError("hook exploded")
"""


@pytest.fixture
def mixed(plugins_dir: Path) -> Path:
    """One good plugin between two broken ones."""
    make_distribution(
        plugins_dir,
        "fake-mixed",
        {"a-import": f"{FAKE}a", "b-good": f"{FAKE}good", "c-hook": f"{FAKE}c"},
        {f"{FAKE}a": BROKEN_IMPORT, f"{FAKE}good": GOOD, f"{FAKE}c": BROKEN_HOOK},
        version="2.5",
    )
    return plugins_dir


def test_a_broken_plugin_is_reported_and_the_others_work(mixed: Path) -> None:
    with pytest.warns(cableformat.PluginWarning) as caught:
        names = list(cableformat.exporters())
    assert names == ["upper"]
    messages = [str(w.message) for w in caught]
    assert any("'a-import' (fake-mixed 2.5)" in m and "cannot start" in m for m in messages)
    assert any("'c-hook'" in m and "ValueError: hook exploded" in m for m in messages)
    report = cableformat.plugin_report()
    assert [p.name for p in report.loaded] == ["b-good"]
    assert {p.name: p.error for p in report.failed} == {
        "a-import": "RuntimeError: cannot start",
        "c-hook": "ValueError: hook exploded",
    }
    assert isinstance(report.failed[0].exception, RuntimeError)
    assert [p.name for p in report.plugins] == ["a-import", "b-good", "c-hook"]


def test_strict_mode_turns_a_failure_into_an_error(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CABLEFORMAT_STRICT_PLUGINS", "1")
    with pytest.raises(cableformat.PluginError, match=r"'a-import' \(fake-mixed 2.5\)") as info:
        cableformat.exporters()
    assert isinstance(info.value.__cause__, RuntimeError)
    # A failed load is not cached: without strict mode the next call loads what it can.
    monkeypatch.setenv("CABLEFORMAT_STRICT_PLUGINS", "0")
    with pytest.warns(cableformat.PluginWarning):
        assert list(cableformat.exporters()) == ["upper"]


@pytest.mark.parametrize(
    ("source", "why"),
    [
        (
            "import cableformat\n@cableformat.hookimpl\ndef register_exporters(register):\n"
            "    register(object())\n",
            "TypeError: register() takes an exporter",
        ),
        (
            "import cableformat\n@cableformat.hookimpl\ndef register_exporter(register):\n"
            "    pass\n",
            "unknown hook 'register_exporter'",
        ),
        (
            "import cableformat\n@cableformat.hookimpl\ndef register_exporters(register, extra):\n"
            "    pass\n",
            "Argument(s) {'extra'} are declared in the hookimpl",
        ),
        (
            "import cableformat\ncableformat.exporters()\n",
            "while plugins were loading",
        ),
        (
            GOOD + "    register(Upper())\n",
            "exporter 'upper' is registered twice",
        ),
        (
            GOOD.replace('name = "upper"', 'name = "two words"'),
            "an exporter name is one word",
        ),
        (
            GOOD.replace('suffix = ".txt"', 'suffix = "/../../ESCAPED.txt"'),
            "suffix is a short extension",
        ),
        (GOOD.replace('suffix = ".txt"', 'suffix = "txt"'), "suffix is a short extension"),
        ("import sys\nsys.exit(3)\n", "sys.exit(3) in the plugin"),
    ],
    ids=[
        "not-an-exporter",
        "misspelt-hook",
        "bad-signature",
        "reentrant",
        "twice",
        "name",
        "escaping-suffix",
        "suffix-without-dot",
        "sys-exit",
    ],
)
def test_a_misbehaving_plugin_is_isolated(plugins_dir: Path, source: str, why: str) -> None:
    make_distribution(
        plugins_dir,
        "fake-two",
        {"bad": f"{FAKE}bad", "good": f"{FAKE}good"},
        {f"{FAKE}bad": source, f"{FAKE}good": GOOD.replace('"upper"', '"other"')},
    )
    with pytest.warns(cableformat.PluginWarning, match="'bad'"):
        assert list(cableformat.exporters()) == ["other"]
    (failed,) = cableformat.plugin_report().failed
    assert failed.name == "bad"
    assert failed.error is not None and why in failed.error
    assert failed.exporters == ()


def two_uppers(plugins_dir: Path) -> None:
    """Two plugins that both register ``upper``, and a third with another exporter."""
    make_distribution(plugins_dir, "fake-one", {"one": f"{FAKE}one"}, {f"{FAKE}one": GOOD})
    make_distribution(plugins_dir, "fake-two", {"two": f"{FAKE}two"}, {f"{FAKE}two": GOOD})
    other = GOOD.replace('name = "upper"', 'name = "other"')
    make_distribution(plugins_dir, "fake-three", {"three": f"{FAKE}three"}, {f"{FAKE}three": other})


def test_a_name_two_plugins_register_fails_only_where_it_is_used(plugins_dir: Path) -> None:
    two_uppers(plugins_dir)
    with pytest.warns(cableformat.PluginWarning, match="'upper' is provided by 2 plugins"):
        assert list(cableformat.exporters()) == ["other"]
    cable = cableformat.loads("SUBJECT: X\n")
    assert cableformat.export(cable, "other")  # the other exporters work
    with pytest.raises(cableformat.PluginError) as info:
        cableformat.exporter("upper")
    message = str(info.value)
    assert "'upper'" in message
    assert "'one' (fake-one 1.0)" in message and "'two' (fake-two 1.0)" in message
    assert "CABLEFORMAT_LOAD_PLUGINS" in message
    report = cableformat.plugin_report()
    assert report.conflicts == (("upper", ("'one' (fake-one 1.0)", "'two' (fake-two 1.0)")),)
    assert not report.failed


def test_strict_mode_refuses_a_name_two_plugins_register(
    plugins_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_uppers(plugins_dir)
    monkeypatch.setenv("CABLEFORMAT_STRICT_PLUGINS", "1")
    with pytest.raises(cableformat.PluginError, match="'upper' is provided by 2 plugins"):
        cableformat.exporters()


def test_the_plugins_command_shows_a_name_two_plugins_register(
    plugins_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cableformat._cli import main

    two_uppers(plugins_dir)
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("other")
    assert "upper: 'one' (fake-one 1.0), 'two' (fake-two 1.0)" in out
    assert main(["plugins", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["conflicts"] == [
        {"exporter": "upper", "plugins": ["'one' (fake-one 1.0)", "'two' (fake-two 1.0)"]}
    ]
    assert [e["name"] for e in listing["exporters"]] == ["other"]
    # The command that needs the name fails with the reason; one that does not, works.
    out_dir = str(tmp_path / "out")
    assert main(["convert", "--example", "--to", "upper", "-o", out_dir, "--jobs", "1"]) != 0
    assert "provided by 2 plugins" in capsys.readouterr().err
    assert main(["convert", "--example", "--to", "other", "-o", out_dir, "--jobs", "1"]) == 0


# --- CABLEFORMAT_LOAD_PLUGINS -----------------------------------------------------------


def test_load_plugins_limits_which_plugins_load(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CABLEFORMAT_LOAD_PLUGINS", " b-good , c-hook")
    with pytest.warns(cableformat.PluginWarning, match="c-hook"):
        assert list(cableformat.exporters()) == ["upper"]
    report = cableformat.plugin_report()
    assert report.skipped == ("a-import",)
    assert f"{FAKE}a" not in sys.modules  # a skipped plugin is not even imported
    assert [p.name for p in report.plugins] == ["b-good", "c-hook"]


def test_an_empty_load_plugins_loads_none(mixed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CABLEFORMAT_LOAD_PLUGINS", "")
    assert cableformat.exporters() == {}
    report = cableformat.plugin_report()
    assert report.plugins == ()
    assert report.skipped == ("a-import", "b-good", "c-hook")


def test_load_plugins_naming_a_missing_plugin_is_reported(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CABLEFORMAT_LOAD_PLUGINS", "b-good,nosuch")
    with pytest.warns(cableformat.PluginWarning, match="'nosuch'"):
        assert list(cableformat.exporters()) == ["upper"]
    (failed,) = cableformat.plugin_report().failed
    assert failed.name == "nosuch"
    assert failed.error is not None and "no such plugin is installed" in failed.error


# --- export() ---------------------------------------------------------------------------


def test_an_unknown_exporter_names_the_available_ones(
    mixed: Path, cable: cableformat.Cable
) -> None:
    with pytest.warns(cableformat.PluginWarning):
        cableformat.exporters()
    with pytest.raises(cableformat.UnknownExporterError) as info:
        cableformat.export(cable, "pdf")
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, cableformat.CableformatError)
    assert str(info.value) == (
        "no exporter named 'pdf'; available: upper; plugins that failed: a-import, c-hook"
    )


def test_with_no_plugins_the_error_says_so(plugins_dir: Path, cable: cableformat.Cable) -> None:
    with pytest.raises(cableformat.UnknownExporterError, match="no exporters are loaded"):
        cableformat.export(cable, "tei")


def test_the_exporter_protocols() -> None:
    class Half:
        name = "half"
        media_type = "text/plain"
        suffix = ".txt"

    class Whole(Half):
        def export(self, cable: cableformat.Cable) -> str:
            return ""

    class Readable(Whole):
        def load(self, data: str | bytes) -> cableformat.Cable:
            return cableformat.loads(data if isinstance(data, str) else data.decode())

    assert not isinstance(Half(), cableformat.Exporter)
    assert isinstance(Whole(), cableformat.Exporter)
    assert not isinstance(Whole(), cableformat.ReadableExporter)
    assert isinstance(Readable(), cableformat.ReadableExporter)


# --- the example plugin -----------------------------------------------------------------


def test_the_example_plugin_is_found_through_its_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cable: cableformat.Cable
) -> None:
    # The real entry-point lookup: the example joins whatever else is installed.
    monkeypatch.syspath_prepend(str(install_project(EXAMPLE, tmp_path)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cableformat.PluginWarning)
        exporter = cableformat.exporters()["summary"]
    assert (exporter.media_type, exporter.suffix) == ("text/tab-separated-values", ".tsv")
    plugin = cableformat.plugin_report().provider("summary")
    assert (plugin.name, plugin.distribution, plugin.version) == (
        "summary",
        "cableformat-example",
        "0.1.0",
    )
    line = cableformat.export(cable, "summary")
    assert line == (
        f"07GUANGZHOU378\t2007-03-23T09:06:00+00:00\t{cable.classification}\t"
        "FACTORY WORKERS STRIKE IN GUANGZHOU\n"
    )
    header = cableformat.export(cable, "summary", header=True)
    assert header == "reference_id\tdate\tclassification\tsubject\n" + line
    # Built-in plugins may or may not be importable; either way they are in the report.
    builtin = {
        p.name: p for p in cableformat.plugin_report().plugins if p.value.startswith("cableformat_")
    }
    assert {"tei", "jsonld", "text"} <= set(builtin)
    assert {p.distribution for name, p in builtin.items() if name != "summary"} == {"cableformat"}


def test_the_example_plugin_passes_its_own_tests(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    # A copy, so that the run leaves nothing (caches, bytecode) in the source tree.
    shutil.copytree(EXAMPLE / "tests", tmp_path / "tests")
    result = run_pytest(tmp_path, install_project(EXAMPLE, site))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


@pytest.mark.parametrize(
    "path",
    sorted([*(EXAMPLE / "src").rglob("*.py"), *(EXAMPLE / "tests").rglob("*.py")]),
    ids=lambda p: p.name,
)
def test_the_example_plugin_uses_only_the_public_api(path: Path) -> None:
    tree = ast.parse(path.read_text())
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert any(name.startswith("cableformat") for name in imported)
    assert not [name for name in imported if re.match(r"cableformat\._", name)]


# --- documentation ----------------------------------------------------------------------


def hooks() -> list[tuple[str, list[str]]]:
    """Every hook in cableformat.hookspecs, with its parameter names."""
    return [
        (name, list(inspect.signature(function).parameters))
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(function, f"{hookspecs.PROJECT}_spec")
    ]


def test_hookspecs_has_hooks() -> None:
    assert ("register_exporters", ["register"]) in hooks()


@pytest.mark.parametrize(("name", "params"), hooks(), ids=[name for name, _ in hooks()])
def test_every_hook_is_documented(name: str, params: list[str]) -> None:
    reference = DOCS.read_text().split("## Hook reference", 1)[1]
    assert f"### `{name}({', '.join(params)})`" in reference


def tutorial_files() -> dict[str, str]:
    """The files the tutorial has the reader write: code blocks with a title."""
    blocks = re.findall(r'^```\w+ title="([^"]+)"\n(.*?)^```$', DOCS.read_text(), re.M | re.S)
    return dict(blocks)


def test_the_tutorial_works(tmp_path: Path) -> None:
    files = tutorial_files()
    assert set(files) == {
        "pyproject.toml",
        "src/cableformat_refs/__init__.py",
        "tests/test_refs.py",
    }
    project = tmp_path / "cableformat-refs"
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    site = tmp_path / "site"
    site.mkdir()
    install_project(project, site)

    listed = run([console_script(), "plugins", "--json"], pythonpath=site)
    assert listed.returncode == 0, listed.stderr
    (refs,) = [e for e in json.loads(listed.stdout)["exporters"] if e["name"] == "refs"]
    assert (refs["distribution"], refs["version"], refs["suffix"]) == (
        "cableformat-refs",
        "0.1.0",
        ".refs",
    )

    tested = run_pytest(project, site)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "2 passed" in tested.stdout
