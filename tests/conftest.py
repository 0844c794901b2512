"""Shared fixtures: the real corpus in ../shared/corpus, and hypothesis profiles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("CABLEFORMAT_CORPUS", ROOT.parent / "shared" / "corpus"))

# CI: derandomised and bounded; "long" for runs by hand (HYPOTHESIS_PROFILE=long).
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    max_examples=60,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def need_corpus(path: Path) -> Path:
    """The corpus path; fails under CI=true when it is missing, skips elsewhere."""
    if not path.exists():
        message = f"the shared corpus is missing: {path}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def corpus() -> Path:
    return need_corpus(CORPUS)


def corpus_texts() -> list[Path]:
    """The 1,306 raw cable texts, for parametrised tests (empty when missing)."""
    folder = CORPUS / "cablegate" / "txt"
    return sorted(folder.glob("*.txt")) if folder.exists() else []


@pytest.fixture
def restore_posts() -> Iterator[None]:
    """Undo posts a test adds with ``add_posts``: the table is shared by the session."""
    from cableformat import _posts

    saved = list(_posts._extra)
    yield
    _posts._extra[:] = saved
    _posts.add_posts([])  # clears every cache built on the table
