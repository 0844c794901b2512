"""``cableformat convert``, ``check`` and ``show`` on small inputs of the tests' own."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import cableformat
from cableformat._cli import main
from cableformat._convert import output_name
from cableformat._readers import RawRecord

from .test_readers import csv_row

CABLE = """\
R 021432Z JUN 08
FM AMEMBASSY NOWHERE
TO RUEHC/SECSTATE WASHDC 1

UNCLAS NOWHERE 000{n:03d}

SUBJECT: CABLE NUMBER {n}

1. (U) Text {n}.
"""


def cables(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, count + 1):
        (folder / f"c{n}.txt").write_text(CABLE.format(n=n), encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_convert_writes_one_file_per_cable(tmp_path: Path, jobs: str) -> None:
    source = cables(tmp_path / "in", 5)
    out = tmp_path / "out"
    assert main(["convert", str(source), "--to", "tei", "-o", str(out), "--jobs", jobs]) == 0
    names = sorted(p.name for p in out.glob("*.xml"))
    assert names == [f"08NOWHERE{n}.xml" for n in range(1, 6)]
    report = json.loads((out / "cableformat-report.json").read_text())
    assert (report["converted"], report["skipped"], report["failed"]) == (5, 0, [])
    umask = os.umask(0)
    os.umask(umask)
    assert (out / "08NOWHERE1.xml").stat().st_mode & 0o777 == 0o666 & ~umask
    tei = cableformat.exporters()["tei"]
    back = tei.load((out / "08NOWHERE3.xml").read_bytes())  # type: ignore[attr-defined]
    assert cableformat.dumps(back) == CABLE.format(n=3)


def test_convert_resumes_and_keeps_existing_output(tmp_path: Path) -> None:
    source = cables(tmp_path / "in", 3)
    out = tmp_path / "out"
    assert main(["convert", str(source), "--to", "text", "-o", str(out), "--jobs", "1"]) == 0
    kept = out / "08NOWHERE2.txt"
    kept.write_text("edited by hand\n")
    (out / "08NOWHERE3.txt").unlink()  # as if the run had stopped before it
    (out / "08NOWHERE1.txt").write_bytes(b"")  # reserved, never written
    assert main(["convert", str(source), "--to", "text", "-o", str(out), "--jobs", "1"]) == 0
    report = json.loads((out / "cableformat-report.json").read_text())
    assert (report["converted"], report["skipped"]) == (2, 1)
    assert kept.read_text() == "edited by hand\n"
    assert (out / "08NOWHERE3.txt").read_text().startswith("CABLE NUMBER 3")
    assert main(["convert", str(source), "--to", "text", "-o", str(out), "--force"]) == 0
    assert kept.read_text().startswith("CABLE NUMBER 2")


def test_same_id_twice_in_a_run_keeps_both(tmp_path: Path) -> None:
    source = cables(tmp_path / "in", 1)
    (source / "copy.txt").write_text(CABLE.format(n=1).replace("Text 1", "Other"))
    out = tmp_path / "out"
    assert main(["convert", str(source), "--to", "text", "-o", str(out), "--jobs", "1"]) == 0
    assert sorted(p.name for p in out.glob("*.txt")) == ["08NOWHERE1-2.txt", "08NOWHERE1.txt"]


def test_convert_goes_past_bad_records_and_reports_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "cables.csv"
    dump.write_text(csv_row(1) + csv_row(2, columns=7) + csv_row(3), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["convert", str(dump), "--to", "jsonld", "-o", str(out), "--jobs", "2"]) == 1
    report = json.loads((out / "cableformat-report.json").read_text())
    assert report["converted"] == 2
    [failure] = report["failed"]
    assert failure["source"] == str(dump) and failure["row"] == 2 and failure["line"] > 1
    assert failure["error"] == "expected 8 columns, found 7"
    err = capsys.readouterr().err
    assert f"cableformat: failed: {dump}, row 2, line {failure['line']}: expected 8" in err


def test_output_names_never_leave_the_folder() -> None:
    record = RawRecord("", "/x/../../etc/passwd")
    for bad in ["../../etc/passwd", "/abs/path", "..", "a/b\\c", "\x00", ""]:
        name = output_name(record, bad or None)
        assert name and "/" not in name and "\\" not in name and not name.startswith(".")
        assert os.path.basename(name) == name


def test_unknown_exporter_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", "--example", "--to", "nope", "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cableformat: error: ") and err.count("\n") == 1
    assert "tei" in err  # the message names what is there
    assert "Traceback" not in err


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    with pytest.raises(cableformat.UnknownExporterError):
        main(["convert", "--example", "--to", "nope", "-o", str(tmp_path), "--debug"])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_convert_passes_exporter_options(tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    args = ["convert", "--example", "--to", "text", "-o", str(out), "--jobs", jobs]
    assert main([*args, "-O", "summary-first"]) == 0
    text = (out / "08VALLETTA123.txt").read_text(encoding="utf-8")
    assert "\n\nSummary: The Maltese Minister" in text
    assert main([*args, "--force", "-O", "summary-first=no"]) == 0
    assert "\n\nSummary: The Maltese" not in (out / "08VALLETTA123.txt").read_text("utf-8")


def test_an_option_the_exporter_does_not_take_fails_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["convert", "--example", "--to", "tei", "-o", str(out), "-O", "summary-first"]) == 1
    assert "exporter 'tei' has no option 'summary-first'" in capsys.readouterr().err
    assert not out.exists() or not list(out.glob("*.xml"))
    assert main(["convert", "--example", "--to", "text", "-o", str(out), "-O", "=x"]) == 1
    assert "option '=x'" in capsys.readouterr().err


def test_option_values() -> None:
    from cableformat._convert import parse_options

    assert parse_options(["summary-first", "a=false", "b=Yes", "c=some text"]) == {
        "summary_first": True,
        "a": False,
        "b": True,
        "c": "some text",
    }


def test_convert_needs_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "--to", "tei", "-o", str(tmp_path)]) == 1
    assert "no input" in capsys.readouterr().err


def test_check_counts_exact_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = cables(tmp_path / "in", 4)
    (source / "odd.txt").write_bytes(b"R 320000Z JAN 08\r\nnot a cable\r")
    assert main(["check", str(source), "--json", "--jobs", "2"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["exact"] == 5 and summary["changed"] == [] and summary["failed"] == []
    assert summary["with_diagnostics"] == 1
    assert main(["check", str(source)]) == 0
    assert capsys.readouterr().out.startswith("5 exact, 0 changed")


def test_show_prints_the_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "--example", "--json"]) == 0
    fields = json.loads(capsys.readouterr().out)
    assert fields["reference_id"] == "08VALLETTA123"
    assert fields["tags"] == ["EFIS", "PREL", "SENV", "MT"]
    assert fields["tag_kinds"]["MT"] == "geography"
    assert fields["references"][0]["cable_ids"] == ["08STATE54321"]
    assert [r["kind"] for r in fields["references"]] == ["cable", "cable", "email"]
    assert fields["classified_by"]["reasons"] == ["1.4(b)", "1.4(d)"]
    assert fields["declassify_on"] == "2018-06-02"
    assert main(["show", str(cableformat.example_path())]) == 0
    out = capsys.readouterr().out
    assert "reference_id: 08VALLETTA123" in out and "signature: EXAMPLE" in out


@pytest.mark.parametrize("command", ["convert", "check", "show", "plugins"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert command in capsys.readouterr().out


def test_an_output_that_is_a_file_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.xml"
    target.write_text("not a folder")
    assert main(["convert", "--example", "--to", "tei", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err == f"cableformat: error: {target} is a file, not a folder: name a folder for -o\n"
    assert target.read_text() == "not a folder"


@pytest.mark.parametrize("jobs", ["0", "-2", "many"])
def test_jobs_below_one_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["convert", "--example", "--to", "tei", "-o", str(tmp_path), "--jobs", jobs])
    assert exit_info.value.code == 2
    assert "argument --jobs" in capsys.readouterr().err


def test_a_closed_standard_input_is_one_clear_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "cableformat"),
            *("convert", "-", "--to", "text", "-o", str(tmp_path)),
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        close_fds=True,
        preexec_fn=lambda: os.close(0),
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip().endswith(
        "standard input is closed: give a file, or pipe the cables in"
    )
    assert done.stderr.count("\n") == 1
