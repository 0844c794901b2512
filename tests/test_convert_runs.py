"""Whole-collection runs that lose nothing: names that do not change between runs, a
resume that finishes what an interrupted run left, no empty or partial files, one run
at a time in an output folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import cableformat
from cableformat import CableformatError
from cableformat._cli import main
from cableformat._convert import convert

from .test_cli import CABLE, cables


def same_id_three_times(folder: Path) -> Path:
    """Three files whose cables share one reference id, and one more cable."""
    cables(folder, 2)
    for k in (1, 2):
        text = CABLE.format(n=1).replace("Text 1", f"Copy {k}")
        (folder / f"c1-copy{k}.txt").write_text(text, encoding="utf-8")
    return folder


def contents(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.txt"))}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_names_shared_by_several_cables_are_the_same_in_every_run(
    tmp_path: Path, jobs: str
) -> None:
    source = same_id_three_times(tmp_path / "in")
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert main(["convert", str(source), "--to", "text", "-o", str(out), "--jobs", jobs]) == 0
    assert contents(first) == contents(second)
    names = sorted(contents(first))
    assert names == ["08NOWHERE1-2.txt", "08NOWHERE1-3.txt", "08NOWHERE1.txt", "08NOWHERE2.txt"]
    # Input order is the folder's sorted order: c1-copy1.txt, c1-copy2.txt, c1.txt.
    written = contents(first)
    assert "Copy 1" in written["08NOWHERE1.txt"] and "Copy 2" in written["08NOWHERE1-2.txt"]
    assert "Text 1" in written["08NOWHERE1-3.txt"]


def test_a_resume_writes_the_later_cables_of_a_shared_name(tmp_path: Path) -> None:
    source = same_id_three_times(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["convert", str(source), "--to", "text", "-o", str(out), "--jobs", "1"]) == 0
    whole = contents(out)
    # As if the run had stopped after the first file of the name.
    (out / "08NOWHERE1-2.txt").unlink()
    (out / "08NOWHERE1-3.txt").unlink()
    assert main(["convert", str(source), "--to", "text", "-o", str(out), "--jobs", "2"]) == 0
    report = json.loads((out / "cableformat-report.json").read_text())
    assert (report["converted"], report["skipped"], report["failed"]) == (2, 2, [])
    assert contents(out) == whole


def test_an_interrupted_runs_temporary_files_are_cleaned(tmp_path: Path) -> None:
    source = cables(tmp_path / "in", 2)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".partial-abc123").write_bytes(b"half a file")
    assert main(["convert", str(source), "--to", "text", "-o", str(out)]) == 0
    assert not list(out.glob(".partial-*"))


class _Failing:
    name = "failing"
    media_type = "text/plain"
    suffix = ".txt"

    def __init__(self, result: object) -> None:
        self.result = result

    def export(self, cable: cableformat.Cable) -> object:
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


@pytest.mark.parametrize("result", [RuntimeError("boom"), None, 42])
def test_an_export_that_fails_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, result: object
) -> None:
    from cableformat import _convert

    monkeypatch.setattr(_convert, "exporter", lambda name: _Failing(result))
    source = cables(tmp_path / "in", 2)
    out = tmp_path / "out"
    done = convert([str(source)], "failing", out, jobs=1)
    assert done.converted == 0 and len(done.failures) == 2
    assert sorted(p.name for p in out.iterdir()) == []


def test_a_second_run_into_a_folder_in_use_is_refused(tmp_path: Path) -> None:
    source = cables(tmp_path / "in", 1)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".cableformat-lock").write_text(f"{os.getppid()}\n")  # a live process
    with pytest.raises(CableformatError, match="in use by another convert"):
        convert([str(source)], "text", out, jobs=1)
    assert not list(out.glob("*.txt"))


def test_a_killed_runs_lock_is_taken_over(tmp_path: Path) -> None:
    source = cables(tmp_path / "in", 1)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".cableformat-lock").write_text("999999999\n")  # no such process
    assert convert([str(source)], "text", out, jobs=1).converted == 1
    assert not (out / ".cableformat-lock").exists()
