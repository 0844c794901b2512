"""The README's example runs as written, and its set-up commands are the ones CI runs."""

from __future__ import annotations

import re

import attrs

import cableformat

from .conftest import ROOT


def test_readme_example_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [block] = re.findall(r"```python\n(.*?)```", readme, re.S)
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    edited = namespace["edited"]
    assert isinstance(edited, cableformat.Cable)
    assert edited.subject == "A NEW SUBJECT"
    original = cableformat.load(cableformat.example_path())
    assert cableformat.dumps(attrs.evolve(edited, subject=original.subject)) == (
        cableformat.dumps(original)
    )
    xml = namespace["xml"]
    assert isinstance(xml, bytes) and b"A NEW SUBJECT" in xml


def test_ci_runs_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    setup = re.search(r"## Set-up on a fresh machine\n\n```sh\n(.*?)```", readme, re.S)
    assert setup is not None
    install, tests = setup[1].strip().splitlines()
    assert "pip install -e '.[test]'" in install and "-e '.[test]'" in ci
    assert "cableformat convert --example --to tei -o" in install
    assert "cableformat convert --example --to tei -o" in ci
    # The README's test command is a line of its own (the compiled reader's run follows).
    assert tests == "python -m pytest" and "\npython -m pytest\n" in ci
