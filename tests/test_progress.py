"""The progress bar of convert and check: a total and the time left on a terminal,
nothing elsewhere, nothing with --quiet."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from cableformat._cli import main
from cableformat._convert import check, convert
from cableformat._progress import Progress, input_size

from .test_cli import cables
from .test_readers import write_csv

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def frames(stream: io.StringIO) -> list[str]:
    """The bar's successive drawings, without colours."""
    text = ANSI.sub("", stream.getvalue())
    return [part.strip() for part in re.split(r"[\r\n]", text) if part.strip()]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_terminal_gets_a_bar_with_a_total_and_the_time_left(tmp_path: Path, jobs: int) -> None:
    source = cables(tmp_path / "in", 30)
    stream = Terminal()
    result = convert([str(source)], "text", tmp_path / "out", jobs=jobs, progress=stream)
    assert result.converted == 30
    last = frames(stream)[-1]
    assert last.startswith("convert to text")
    assert "100%" in last and "30 cables" in last
    assert re.search(r"\d+:\d\d:\d\d", last)  # the time left


def test_the_bar_counts_input_bytes_of_a_csv_as_its_rows_are_done(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cables.csv", 40)
    bar = Progress(Terminal(), "x", input_size([str(path)]))
    shown = []
    for _ in range(40):
        bar.read(str(path), 100)
    for _ in range(40):
        bar.step()
        shown.append(bar._bar.tasks[0].completed)
    assert shown == sorted(shown) and shown[0] < shown[-1] <= path.stat().st_size
    bar.close()
    assert bar._bar.tasks[0].completed == path.stat().st_size


def test_an_interrupted_run_does_not_claim_its_last_file_done(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cables.csv", 10)
    bar = Progress(Terminal(), "x", input_size([str(path)]))
    bar.read(str(path), 50)
    bar.step()
    bar.close(finished=False)
    assert bar._bar.tasks[0].completed == 50


def test_no_terminal_no_bar(tmp_path: Path) -> None:
    source = cables(tmp_path / "in", 3)
    stream = io.StringIO()
    convert([str(source)], "text", tmp_path / "out", jobs=1, progress=stream)
    assert check([str(source)], jobs=1, progress=stream).exact == 3
    assert stream.getvalue() == ""


def test_check_draws_the_bar_too(tmp_path: Path) -> None:
    source = cables(tmp_path / "in", 4)
    stream = Terminal()
    assert check([str(source)], jobs=1, progress=stream).exact == 4
    assert frames(stream)[-1].startswith("check") and "4 cables" in frames(stream)[-1]


@pytest.mark.parametrize("command", ["convert", "check"])
def test_quiet_silences_the_bar_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    source = cables(tmp_path / "in", 3)
    args = [command, str(source), "--jobs", "1"]
    if command == "convert":
        args += ["--to", "text", "-o", str(tmp_path / "out")]
    for quiet, drawn in (([], True), (["--quiet"], False)):
        stream = Terminal()
        monkeypatch.setattr("sys.stderr", stream)
        monkeypatch.setattr("sys.stdout", io.StringIO())
        assert main([*args, *quiet, "--force"] if command == "convert" else [*args, *quiet]) == 0
        assert ("━" in stream.getvalue()) is drawn


def test_input_size_walks_folders_and_knows_no_size_for_standard_input(tmp_path: Path) -> None:
    source = cables(tmp_path / "in", 3)
    (source / "deeper").mkdir()
    (source / "deeper" / "more.txt").write_text("x" * 10, encoding="utf-8")
    expected = sum(p.stat().st_size for p in source.rglob("*") if p.is_file())
    assert input_size([str(source)]) == expected
    assert input_size([str(source), "-"]) is None
