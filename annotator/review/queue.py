"""Who decided what: the review queue, and each person's latest decision per quote.

Two sources feed it. In team mode everybody writes to one database, so a colleague's decision is found by
replaying the quote's audit log (annotator.decision_rules.replay). A colleague who worked offline sends their
database; `annotator review import` stores their decisions beside ours (quote_decisions). Whichever is the
newer decision of a person counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from annotator.decision_records import DecisionState, QuoteDecisionRecord, ReviewItem
from annotator.decision_rules import REVIEW_ACTIONS, decision_state, parse_time, replay
from annotator.records import EditRecord, QuoteRecord
from annotator.store import EDITABLE_QUOTE_FIELDS, Store, StoreError


@dataclass(frozen=True, slots=True)
class QuoteDecisions:
    """One quote with the model's suggestion and every person's latest decision on it."""

    quote: QuoteRecord
    model: DecisionState | None
    decisions: dict[str, DecisionState] = field(default_factory=dict)


def load_decisions(
    store: Store,
    *,
    users: Sequence[str] | None = None,
    exclude_user: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[QuoteDecisions]:
    """Quotes that `users` (None: everybody but `exclude_user`) decided in [since, until), with the
    decisions of everybody on them (decided at any time), ordered by article and position."""
    local = store.review.local_quote_edits(users=users, exclude_user=exclude_user, since=since, until=until)
    imported = store.review.quote_decisions(users=users, exclude_user=exclude_user, since=since, until=until)
    uids = {edit.target_uid for edit in local if edit.target_uid and edit.action not in REVIEW_ACTIONS}
    quotes = store.review.quotes_by_ids([row.quote_id for row in imported], uids)
    if not quotes:
        return []
    history: dict[str, list[EditRecord]] = {}
    for edit in store.review.local_quote_edits(uids=[quote.uid for quote in quotes.values()]):
        history.setdefault(edit.target_uid or "", []).append(edit)
    everyone_imported: dict[int, list[QuoteDecisionRecord]] = {}
    for row in store.review.quote_decisions(quote_ids=quotes):
        everyone_imported.setdefault(row.quote_id, []).append(row)

    found: list[QuoteDecisions] = []
    for quote in sorted(quotes.values(), key=lambda q: (q.article_id, q.start, q.end, q.id)):
        replayed = replay({name: getattr(quote, name) for name in EDITABLE_QUOTE_FIELDS}, history.get(quote.uid, []))
        decisions: dict[str, DecisionState] = {
            user: decision_state(state, user=user, at=at) for user, (state, at) in replayed.decisions.items()
        }
        for row in everyone_imported.get(quote.id, []):
            known = decisions.get(row.user)
            if known is None or (known.at or row.decided_at) <= row.decided_at:
                decisions[row.user] = decision_state(row.state, user=row.user, at=row.decided_at, source=row.source)
        model = None
        if replayed.origin is not None and quote.origin.startswith("model"):
            model = decision_state(replayed.origin, user=None, at=None, source="model")
        found.append(QuoteDecisions(quote=quote, model=model, decisions=decisions))
    return found


def review_queue(
    store: Store,
    *,
    reviewer: str,
    colleagues: list[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    pending_only: bool = False,
) -> list[ReviewItem]:
    """What `reviewer` has to look at: every quote a colleague (None: everyone else) decided in the span,
    with the model's suggestion, the colleague's decision and the reviewer's own where there is one.

    Ordered by article, then position in the text (see group_by_article). `pending_only` leaves out quotes
    already accepted or sent back whose decision has not changed since.
    """
    others = [name for name in colleagues if name != reviewer] if colleagues is not None else None
    if others is not None and not others:
        return []
    found = load_decisions(
        store,
        users=others,
        exclude_user=reviewer if others is None else None,
        since=since,
        until=until,
    )
    titles = store.review.article_titles(item.quote.article_id for item in found)
    conflicts = {(c.quote_id, c.theirs.user): c.id for c in store.review.review_conflicts(open_only=True)}
    items: list[ReviewItem] = []
    for entry in found:
        if pending_only and _reviewed(entry.quote):
            continue
        for user, theirs in sorted(entry.decisions.items()):
            if user == reviewer or (others is not None and user not in others):
                continue
            if theirs.at is None or (since and theirs.at < since) or (until and theirs.at >= until):
                continue
            items.append(
                ReviewItem(
                    quote=entry.quote,
                    article_title=titles.get(entry.quote.article_id, ""),
                    colleague=user,
                    decided_at=theirs.at,
                    theirs=theirs,
                    model=entry.model,
                    mine=entry.decisions.get(reviewer),
                    conflict_id=conflicts.get((entry.quote.id, user)),
                )
            )
    return items


def _reviewed(quote: QuoteRecord) -> bool:
    """Accepted or sent back, and not changed since (a change makes the review pending again)."""
    return quote.review_status in ("accepted", "rejected")


def after_review(items: Sequence[ReviewItem], quote: QuoteRecord, *, pending_only: bool) -> list[ReviewItem]:
    """The queue as `review_queue` would read it once `quote` was reviewed (accepted, sent back, commented),
    without reading it: the quote's rows carry its fresh state, and leave a queue of pending quotes if it is
    reviewed now. The review view moves on at once with it, however long the log."""
    if pending_only and _reviewed(quote):
        return [item for item in items if item.quote.id != quote.id]
    return [replace(item, quote=quote) if item.quote.id == quote.id else item for item in items]


def group_by_article(items: Iterable[ReviewItem]) -> list[tuple[int, str, list[ReviewItem]]]:
    """(article id, title, items) in the queue's order."""
    groups: dict[int, tuple[int, str, list[ReviewItem]]] = {}
    for item in items:
        groups.setdefault(item.article_id, (item.article_id, item.article_title, []))[2].append(item)
    return list(groups.values())


def day_span(first: date, last: date) -> tuple[datetime, datetime]:
    """The review queue's days, first through last, as [since, until): whole days in UTC, like the audit log's
    times, so the review view's date pickers and `review queue --since/--until` pick the same decisions
    wherever the editor is."""
    return datetime.combine(first, time(), UTC), datetime.combine(last, time(), UTC) + timedelta(days=1)


def parse_day(text: str, *, end: bool = False) -> datetime:
    """A date or datetime typed on the command line (UTC); a bare date at its end means "through that day"."""
    value = parse_time(text.strip())
    if value is None:
        raise StoreError(f"not a date: {text!r} (use YYYY-MM-DD or an ISO date and time)")
    if len(text.strip()) == 10:
        since, until = day_span(value.date(), value.date())
        return until if end else since
    return value
