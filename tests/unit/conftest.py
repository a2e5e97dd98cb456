from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """One loaded spaCy pipeline for the whole run: loading it takes longer than most tests."""
    from annotator.nlp.pipeline import load_pipeline

    return load_pipeline()
