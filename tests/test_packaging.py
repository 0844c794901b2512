"""The installed package as a user's tools see it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

USER_CODE = """\
import cableformat
import cableformat_tei

cable: cableformat.Cable = cableformat.loads("SUBJECT: X\\n")
subject: str | None = cable.subject
wrong: int = cable.subject
"""


def test_a_users_type_checker_finds_the_packages_types(tmp_path: Path) -> None:
    # Run from a folder of the user's, away from this project's mypy settings: the
    # install (editable, as the README has it, or not) must show mypy the typed package.
    (tmp_path / "user.py").write_text(USER_CODE, encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            "user.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Cannot find implementation or library stub" not in run.stdout, run.stdout
    # The one error is the deliberate one: the types were read.
    assert run.stdout.count("error:") == 1, run.stdout
    assert 'expression has type "str | None", variable has type "int"' in run.stdout
