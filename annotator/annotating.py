"""Pre-annotating stored articles: run the engine, keep every editor decision, store the suggestions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from annotator.progress import ProgressCallback, no_progress
from annotator.quote_groups import group_article
from annotator.store import Store

if TYPE_CHECKING:
    from spacy.language import Language


class PreAnnotationUnavailable(Exception):
    """No spaCy pipeline can be loaded; manual annotation still works. The message says why."""


def load_engine(model_name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline the engine will use."""
    from annotator.nlp.pipeline import PipelineUnavailable, load_pipeline

    try:
        return load_pipeline(model_name)
    except PipelineUnavailable as exc:
        raise PreAnnotationUnavailable(str(exc)) from exc


def pipeline_status(model_name: str | None = None) -> tuple[bool, str]:
    """(available, description): "en_core_web_sm 3.8.0", or why pre-annotation is unavailable."""
    try:
        nlp = load_engine(model_name)
    except PreAnnotationUnavailable as exc:
        return False, f"pre-annotation unavailable: {exc}"
    meta = getattr(nlp, "meta", {})
    return True, f"{meta.get('lang', 'en')}_{meta.get('name', '?')} {meta.get('version', '')}".strip()


def annotate_articles(
    store: Store,
    article_ids: Sequence[int],
    *,
    user: str,
    model_name: str | None = None,
    progress: ProgressCallback | None = None,
    n_process: int = 1,
) -> int:
    """Pre-annotate the given articles; returns how many were annotated before any cancel.

    Each article is stored in its own transaction, so a cancel or crash keeps what is done.
    """
    from annotator.nlp import annotate_many

    report = progress or no_progress
    nlp = load_engine(model_name)
    total = len(article_ids)
    if not report(0, total, "pre-annotating"):
        return 0
    known = store.people.known_people()
    articles = (store.articles.get_article(article_id) for article_id in article_ids)
    pairs = ((a.id, a.text) for a in articles)
    ids: list[int] = []

    def texts() -> Iterator[str]:
        for article_id, text in pairs:
            ids.append(article_id)
            yield text

    done = 0
    for result in annotate_many(texts(), known_people=known, n_process=n_process, nlp=nlp):
        store.articles.save_annotations(ids[done], result, user=user)
        # The same words elsewhere in the archive: a few indexed look-ups per article
        group_article(store, ids[done])
        done += 1
        if not report(done, total, f"pre-annotated {done} of {total}"):
            break
    return done
