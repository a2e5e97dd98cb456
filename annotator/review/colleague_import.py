"""`annotator review import THEIR.db`: a colleague who worked offline sends their database, and their work
comes in as reviewable decisions without overwriting any of ours.

Their file is never written: the store copies it first (Store.open_colleague_copy). Everything is matched
on what survives between databases: articles by content hash, people by name, quotes by uid (a copy of
our database keeps them) or, when each of us ran the model separately, by a span overlapping by half. Each
article goes in as one transaction (store.colleagues.merge_colleague_article), so a cancelled or failed import leaves
whole articles, and importing the same file again finds everything already there.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from annotator.decision_records import DECISION_FIELDS, ColleagueArticle, ColleagueQuote, MergeReport
from annotator.decision_rules import replay
from annotator.records import EditRecord, QuoteRecord
from annotator.store import Store, StoreError, quote_state

Progress = Callable[[int, int, str], bool]


def import_colleague_database(
    store: Store, path_or_url: str | Path, *, user: str, progress: Progress | None = None
) -> MergeReport:
    """Merge a colleague's database (a SQLite file or URL) into `store` as `user`; see the module doc."""
    started = datetime.now(UTC)
    location = str(path_or_url)
    source = _describe(location)
    if _same_file(store, location):
        raise StoreError(f"{source} is the database you are working in: import a colleague's copy")
    with tempfile.TemporaryDirectory(prefix="annotator-merge-") as folder:
        theirs = Store.open_colleague_copy(location, Path(folder))
        try:
            report = _merge(store, theirs, user=user, source=source, progress=progress)
        finally:
            theirs.close()
    if report.changed_anything or not report.cancelled:
        # skipped when nothing is new and the file's row is there (or a run beside this one writes it)
        store.colleagues.record_merge(report, user=user, started=started)
    return report


def _merge(store: Store, theirs: Store, *, user: str, source: str, progress: Progress | None) -> MergeReport:
    their_ids = theirs.audit.editor_ids()
    labels = _colleague_labels(store.audit.editor_ids(), their_ids, user=user)
    people = theirs.people.list_people()
    people_added = store.colleagues.merge_people(people, user=user)
    names = {person.id: person.name for person in people}
    edits_by_article: dict[int, list[EditRecord]] = {}
    for edit in theirs.audit.edits():
        edit = _relabelled_edit(edit, labels)
        if edit.article_id is not None:
            edits_by_article.setdefault(edit.article_id, []).append(edit)
    histories: dict[str, list[EditRecord]] = {}
    for edit in theirs.review.local_quote_edits():
        histories.setdefault(edit.target_uid or "", []).append(edit)

    totals: dict[str, Any] = {
        "articles_added": 0,
        "articles_matched": 0,
        "quotes_added": 0,
        "decisions_added": 0,
        "decisions_adopted": 0,
        "conflicts": 0,
        "agreements": 0,
        "edits_added": 0,
    }
    summaries = theirs.articles.list_articles()
    cancelled = False
    for done, summary in enumerate(summaries):
        if progress is not None and progress(done, len(summaries), summary.title) is False:
            cancelled = True
            break
        quotes = theirs.quotes.quotes_for_article(summary.id)
        payload = ColleagueArticle(
            article=theirs.articles.get_article(summary.id),
            mentions=tuple(theirs.articles.mentions_for_article(summary.id)),
            quotes=tuple(
                ColleagueQuote(_relabelled_quote(q, labels), _origin(q, histories.get(q.uid, []))) for q in quotes
            ),
            edits=tuple(edits_by_article.get(summary.id, ())),
            person_names=names,
        )
        result = store.colleagues.merge_colleague_article(payload, user=user, source=source)
        totals["articles_added" if result.article_added else "articles_matched"] += 1
        for key in ("quotes_added", "decisions_added", "decisions_adopted", "conflicts", "agreements", "edits_added"):
            totals[key] += getattr(result, key)
    if progress is not None and not cancelled:
        progress(len(summaries), len(summaries), "")
    # their editors become known here, so the review view can offer them as colleagues
    by_label = {labels.get(name, name): their_ids.get(name) for name in their_ids}
    for name in {edit.user for edits in edits_by_article.values() for edit in edits}:
        store.audit.ensure_user(name, editor_id=by_label.get(name))
    return MergeReport(source=source, people_added=people_added, cancelled=cancelled, **totals)


def _colleague_labels(ours: dict[str, str], theirs: dict[str, str], *, user: str) -> dict[str, str]:
    """Their editor names that would pass for someone else here -> the name their decisions go under.

    An editor is who their id says: a colleague who happens to share my name (another "ana") is not me,
    so their decisions are kept under their id ("ana#5be0c1d2") and merge or conflict like anyone's. A copy
    of my own database carries my id, and my decisions in it are recognised as mine.
    """
    mine, their_id = ours.get(user), theirs.get(user)
    if mine is None or their_id is None or mine == their_id:
        return {}
    return {user: their_id}


def _relabelled_quote(quote: QuoteRecord, labels: dict[str, str]) -> QuoteRecord:
    if not labels:
        return quote
    return replace(
        quote,
        verified_by=labels.get(quote.verified_by or "", quote.verified_by),
        reviewed_by=labels.get(quote.reviewed_by or "", quote.reviewed_by),
        updated_by=labels.get(quote.updated_by or "", quote.updated_by),
    )


def _relabelled_edit(edit: EditRecord, labels: dict[str, str]) -> EditRecord:
    return replace(edit, user=labels[edit.user]) if edit.user in labels else edit


def _origin(quote: QuoteRecord, history: list[EditRecord]) -> dict[str, Any] | None:
    """What their model suggested for the quote (decision fields only), None if a person added it."""
    if not quote.origin.startswith("model"):
        return None
    origin = replay(quote_state(quote), history).origin
    if origin is None:
        return None
    return {name: origin.get(name) for name in DECISION_FIELDS}


def _describe(location: str) -> str:
    if "://" not in location:
        return str(Path(location).expanduser().resolve())
    return make_url(location).render_as_string(hide_password=True)


def _same_file(store: Store, location: str) -> bool:
    if store.dialect != "sqlite" or ("://" in location and not location.startswith("sqlite")):
        return False
    ours = make_url(store.url).database or ""
    theirs = (make_url(location).database or "") if "://" in location else location
    try:
        return Path(ours).resolve() == Path(theirs).expanduser().resolve()
    except OSError:
        return False
