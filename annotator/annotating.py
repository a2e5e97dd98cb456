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
    again: bool = True,
) -> list[int]:
    """Pre-annotate the given articles; returns the ids annotated here, in order, before any cancel.

    Each article is stored in its own transaction, so a cancel or crash keeps what is done. With `again`
    False an article that has suggestions by its turn is skipped (it was listed as pending, and someone did
    it since). On PostgreSQL an article without suggestions is annotated only under a claim of the shared
    queue (annotator.annotation_queue), like a worker's: one a worker holds is left to it, and no worker takes
    one held here, so each article is annotated once however many apps and workers run.
    """
    from annotator.annotation_queue import AnnotationQueue
    from annotator.nlp import annotate_many

    report = progress or no_progress
    nlp = load_engine(model_name)
    total = len(article_ids)
    if not report(0, total, "pre-annotating"):
        return []
    known = store.people.known_people()
    queue = AnnotationQueue(store) if store.dialect == "postgresql" else None
    handed: list[tuple[int, bool]] = []  # (article, claimed here) in the order the engine got the texts
    held: set[int] = set()  # claimed here and not yet stored: given back if the run stops

    def texts() -> Iterator[str]:
        for article_id in article_ids:
            article = store.articles.get_article(article_id)
            if article.annotated_at is not None:
                if not again:
                    continue
                claimed = False  # re-annotating on request: workers never take an article with suggestions
            elif queue is not None:
                if not queue.claim_articles([article_id]):
                    continue  # a worker holds it, or has just stored it
                claimed = True
                held.add(article_id)
            else:
                claimed = False
            handed.append((article_id, claimed))
            yield article.text

    stored: list[int] = []
    try:
        for position, result in enumerate(annotate_many(texts(), known_people=known, n_process=n_process, nlp=nlp)):
            article_id, claimed = handed[position]
            if claimed and queue is not None and not queue.renew(article_id):
                held.discard(article_id)
                continue  # our claim expired and a worker took it over: it stores the article
            store.articles.save_annotations(article_id, result, user=user)
            if claimed and queue is not None:
                queue.finish(article_id)
                held.discard(article_id)
            # The same words elsewhere in the archive: a few indexed look-ups per article
            group_article(store, article_id)
            stored.append(article_id)
            if not report(len(stored), total, f"pre-annotated {len(stored)} of {total}"):
                break
    finally:
        if queue is not None:
            queue.release(sorted(held))  # cancelled or failed: the workers take these at once
    return stored
