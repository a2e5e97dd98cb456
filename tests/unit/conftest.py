from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.store import Store


@pytest.fixture(scope="session")
def nlp():
    """One loaded spaCy pipeline for the whole run: loading it takes longer than most tests."""
    from annotator.nlp.pipeline import load_pipeline

    return load_pipeline()


# A colleague's SQLite database (Ben's), for the tests that import a colleague's work
@pytest.fixture
def ben_path(tmp_path: Path) -> Path:
    return tmp_path / "ben" / "ben.db"


@pytest.fixture
def ben(ben_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{ben_path}")
    try:
        yield opened
    finally:
        opened.close()
