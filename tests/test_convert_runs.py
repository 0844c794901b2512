"""Whole-collection runs that lose nothing: names that do not change between runs, a
resume that finishes what an interrupted run left, no empty or partial files, one run
at a time in an output folder."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import cableformat
from cableformat import CableformatError
from cableformat._cli import main
from cableformat._convert import convert

from .test_cli import CABLE, cables
from .test_readers import csv_row


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


def _failing_after(count: int, error: BaseException) -> Callable[..., str]:
    """An _exported that writes ``count`` files, then raises ``error``."""
    from cableformat import _convert

    real = _convert._exported
    calls = {"n": 0}

    def exported(*args: object) -> str:
        calls["n"] += 1
        if calls["n"] > count:
            raise error
        return real(*args)  # type: ignore[arg-type]

    return exported


def leftovers(out: Path) -> list[str]:
    return sorted(
        p.name for p in out.iterdir() if p.name.startswith(".partial-") or not p.stat().st_size
    )


def test_a_full_disk_stops_the_run_cleanly_and_a_later_run_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cableformat import _convert

    source = cables(tmp_path / "in", 6)
    out = tmp_path / "out"
    full = OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(_convert, "_exported", _failing_after(2, full))
    assert main(["convert", str(source), "--to", "text", "-o", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "the disk is full" in err and "stopped after 2 converted" in err
    assert err.count("\n") == 1  # one line, not one per cable
    assert leftovers(out) == []
    assert len(list(out.glob("*.txt"))) == 2
    report = json.loads((out / "cableformat-report.json").read_text())
    assert report["converted"] == 2 and "disk is full" in report["stopped"]
    monkeypatch.undo()
    assert main(["convert", str(source), "--to", "text", "-o", str(out), "--jobs", "1"]) == 0
    report = json.loads((out / "cableformat-report.json").read_text())
    assert (report["converted"], report["skipped"]) == (4, 2)


def test_ctrl_c_stops_with_one_line_and_no_leftovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cableformat import _convert

    source = cables(tmp_path / "in", 5)
    out = tmp_path / "out"
    monkeypatch.setattr(_convert, "_exported", _failing_after(3, KeyboardInterrupt()))
    assert main(["convert", str(source), "--to", "text", "-o", str(out), "--jobs", "1"]) == 130
    err = capsys.readouterr().err
    assert err == "interrupted: 3 converted; run the same command again to resume\n"
    assert leftovers(out) == [] and not (out / ".cableformat-lock").exists()
    monkeypatch.undo()
    assert main(["convert", str(source), "--to", "text", "-o", str(out)]) == 0
    assert len(list(out.glob("*.txt"))) == 5


def test_a_real_ctrl_c_with_workers_prints_no_traceback(tmp_path: Path) -> None:
    dump = tmp_path / "cables.csv"
    with dump.open("w", encoding="utf-8") as handle:
        for n in range(1, 20001):
            handle.write(csv_row(n, reference_id=f"09ATLANTIS{n}"))
    out = tmp_path / "out"
    script = str(Path(sys.executable).parent / "cableformat")
    process = subprocess.Popen(
        [script, "convert", str(dump), "--to", "tei", "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.xml"))) < 50:
        time.sleep(0.05)  # until the run is well under way
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.startswith("interrupted: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert not list(out.glob(".partial-*")) and not (out / ".cableformat-lock").exists()
    assert all(p.stat().st_size for p in out.glob("*.xml"))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB file system (tmpfs), for the full disk without a simulated writer.

    Mounting needs root; CI runs as root and must have it (set CABLEFORMAT_NO_TMPFS=1 on
    a machine that cannot mount), elsewhere the test is skipped without it.
    """
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        why = f"cannot mount a tmpfs: {mounted.stderr.strip()}"
        if os.environ.get("CI") == "true" and os.environ.get("CABLEFORMAT_NO_TMPFS") != "1":
            pytest.fail(why + " (set CABLEFORMAT_NO_TMPFS=1 where a machine cannot)")
        pytest.skip(why)
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_a_real_full_disk_stops_cleanly_and_a_later_run_finishes(
    tmp_path: Path, small_disk: Path
) -> None:
    source = cables(tmp_path / "in", 60)  # about 180 KiB of TEI: three times the disk
    out = small_disk / "out"
    command = [sys.executable, "-m", "cableformat._cli", "convert", str(source), "--to", "tei"]
    run = subprocess.run([*command, "-o", str(out)], capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "the disk is full" in run.stderr and "Traceback" not in run.stderr
    written = sorted(out.glob("*.xml"))
    assert 0 < len(written) < 60
    assert leftovers(out) == []
    tei = cableformat.exporters()["tei"]
    for path in written:  # every file whole: it reads back as its cable
        assert tei.load(path.read_bytes()).subject  # type: ignore[attr-defined]
    report = out / "cableformat-report.json"
    if report.exists():  # written whole or not at all
        assert json.loads(report.read_text())["converted"] == len(written)
    # More room, the same command: the rest is written, nothing twice.
    subprocess.run(["mount", "-o", "remount,size=4m", str(small_disk)], check=True)
    again = subprocess.run([*command, "-o", str(out)], capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert len(list(out.glob("*.xml"))) == 60 and leftovers(out) == []
    result = json.loads((out / "cableformat-report.json").read_text())
    assert (result["converted"], result["skipped"]) == (60 - len(written), len(written))
