"""Review: a second person accepts or sends back decisions; colleague decisions and conflicts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from annotator.db.models import (
    Article,
    Edit,
    Person,
    Quote,
    QuoteDecision,
    ReviewConflict,
    User,
    utc_now,
)
from annotator.decision_records import (
    QuoteDecisionRecord,
    ReviewConflictRecord,
)
from annotator.decision_rules import is_deletion, jsonable, parse_time
from annotator.records import (
    DECIDED_STATUSES,
    VERIFIED_STATUSES,
    EditRecord,
    QuoteRecord,
)
from annotator.store.audit import AuditLog
from annotator.store.database import Database
from annotator.store.errors import NotFound, QuoteConflict, StoreError
from annotator.store.orm_records import (
    MERGED_QUOTE_FIELDS,
    check_span,
    chunks,
    conflict_record,
    decision_record,
    edit_record,
    fitted_pieces,
    loaded_quote_record,
    quote_record,
    who_and_when,
)
from annotator.store.people_repository import PeopleRepository, person_named
from annotator.store.quote_repository import QuoteRepository


class ReviewRepository:
    """Review actions (accept, send back, comment), the queries behind the review queue, and conflicts with a
    colleague's decisions. The rules themselves (replay, matching, "verified") live in decision_rules."""

    def __init__(self, db: Database, audit: AuditLog, people: PeopleRepository, quotes: QuoteRepository) -> None:
        self.db = db
        self.audit = audit
        self.people = people
        self.quotes = quotes

    def accept_quote(
        self,
        quote_id: int,
        *,
        reviewer: str,
        expected_version: int | None,
        allow_self_review: bool = False,
        comment: str | None = None,
    ) -> QuoteRecord:
        """A second person agrees with the decision: with it the quote is verified."""
        changes: dict[str, Any] = {"review_status": "accepted"}
        if comment and comment.strip():
            changes["review_comment"] = comment.strip()
        return self._review_quote(
            quote_id,
            changes,
            reviewer=reviewer,
            action="accept",
            expected_version=expected_version,
            allow_self_review=allow_self_review,
        )

    def send_back_quote(
        self, quote_id: int, *, reviewer: str, comment: str, expected_version: int | None
    ) -> QuoteRecord:
        """Disagree with the decision: it goes back to whoever made it, with the reason."""
        if not comment or not comment.strip():
            raise StoreError("say why the quote goes back: a comment is required")
        return self._review_quote(
            quote_id,
            {"review_status": "rejected", "review_comment": comment.strip()},
            reviewer=reviewer,
            action="send_back",
            expected_version=expected_version,
            allow_self_review=False,
        )

    def comment_quote(self, quote_id: int, *, user: str, comment: str, expected_version: int | None) -> QuoteRecord:
        """A remark on the quote that leaves its review status as it is (the log keeps every comment)."""
        if not comment or not comment.strip():
            raise StoreError("an empty comment says nothing")
        return self._review_quote(
            quote_id,
            {"review_comment": comment.strip()},
            reviewer=user,
            action="comment",
            expected_version=expected_version,
            allow_self_review=True,
            needs_decision=False,
        )

    def _review_quote(
        self,
        quote_id: int,
        changes: dict[str, Any],
        *,
        reviewer: str,
        action: str,
        expected_version: int | None,
        allow_self_review: bool,
        needs_decision: bool = True,
    ) -> QuoteRecord:
        reviewer = reviewer.strip()
        if not reviewer:
            raise StoreError("a reviewer needs a name")
        try:
            with self.db.transaction() as session:
                quote = session.get(Quote, quote_id)
                if quote is None:
                    raise NotFound(f"there is no quote {quote_id}")
                if expected_version is not None and quote.version != expected_version:
                    raise QuoteConflict(loaded_quote_record(quote))
                if needs_decision and quote.status not in DECIDED_STATUSES:
                    raise StoreError(f"quote {quote_id} has not been decided yet: there is nothing to review")
                if action == "accept" and _agreed_by_colleague(session, quote, reviewer):
                    # they verified it independently and a colleague's same decision accepted it: nothing to do
                    return loaded_quote_record(quote)
                if needs_decision and not allow_self_review and quote.verified_by == reviewer:
                    raise StoreError(f"quote {quote_id} was decided by {reviewer}: a second person has to review it")
                if action != "comment":
                    changes = {**changes, "reviewed_by": reviewer, "reviewed_at": utc_now()}
                before = {key: getattr(quote, key) for key in changes}
                for key, value in changes.items():
                    setattr(quote, key, value)
                self.audit.log_quote_change(session, quote, user=reviewer, action=action, before=before, after=changes)
        except StaleDataError as exc:
            raise QuoteConflict(self.quotes.current_or_none(quote_id)) from exc
        return self.quotes.get_quote(quote_id)

    def record_agreement(self, session: Session, quote: Quote, *, colleague: str, at: datetime, user: str) -> bool:
        """A colleague decided the quote as it stands here, on their own: the second person's review is done.

        The quote is accepted with the colleague as its reviewer (so it counts as verified and the CSV names
        both people); a review already given here (accepted or sent back) is left as it is. Returns whether
        anything changed.
        """
        if quote.review_status in ("accepted", "rejected") or quote.verified_by == colleague:
            return False
        before = {"review_status": quote.review_status, "reviewed_by": quote.reviewed_by}
        quote.review_status = "accepted"
        quote.reviewed_by = colleague
        quote.reviewed_at = at
        self.audit.log_quote_change(
            session,
            quote,
            user=user,
            action="agree",
            before=before,
            after={"review_status": "accepted", "reviewed_by": colleague},
        )
        return True

    def editors(self) -> list[str]:
        """Everyone who decided or reviewed anything: registered users, authors of quote edits, colleagues
        whose decisions were imported. The review view offers them as colleagues."""
        with self.db.read() as session:
            names = set(session.scalars(select(User.name)))
            names.update(session.scalars(select(Edit.user).where(Edit.target == "quote").distinct()))
            names.update(session.scalars(select(QuoteDecision.user).distinct()))
        return sorted(names, key=str.casefold)

    def sent_back_quotes(self, user: str) -> list[QuoteRecord]:
        """Quotes `user` decided that a reviewer sent back, with the reviewer's comment."""
        query = (
            select(Quote, Person.name)
            .outerjoin(Person, Person.id == Quote.person_id)
            .where(Quote.review_status == "rejected", Quote.verified_by == user)
            .order_by(Quote.reviewed_at.desc(), Quote.id)
        )
        with self.db.read() as session:
            return [quote_record(quote, name) for quote, name in session.execute(query)]

    def quotes_by_ids(self, quote_ids: Iterable[int] = (), uids: Iterable[str] = ()) -> dict[int, QuoteRecord]:
        """The quotes with these ids or uids (gone ones are simply missing), by id."""
        found: dict[int, QuoteRecord] = {}
        with self.db.read() as session:
            for column, values in ((Quote.id, quote_ids), (Quote.uid, uids)):
                for chunk in chunks(sorted(set(values))):
                    query = (
                        select(Quote, Person.name)
                        .outerjoin(Person, Person.id == Quote.person_id)
                        .where(column.in_(chunk))
                    )
                    found.update({q.id: quote_record(q, name) for q, name in session.execute(query)})
        return found

    def article_titles(self, article_ids: Iterable[int]) -> dict[int, str]:
        ids = sorted(set(article_ids))
        with self.db.read() as session:
            return {
                row[0]: row[1]
                for chunk in chunks(ids)
                for row in session.execute(select(Article.id, Article.title).where(Article.id.in_(chunk)))
            }

    def local_quote_edits(
        self,
        *,
        users: Sequence[str] | None = None,
        exclude_user: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        uids: Iterable[str] | None = None,
    ) -> list[EditRecord]:
        """Quote edits made in this database (imported ones are left out), oldest first."""
        conditions: list[Any] = [
            Edit.target == "quote",
            Edit.source.is_(None),
            *who_and_when(Edit.user, Edit.at, users=users, exclude_user=exclude_user, since=since, until=until),
        ]
        with self.db.read() as session:
            if uids is None:
                query = select(Edit).where(*conditions).order_by(Edit.at, Edit.id)
                return [edit_record(row) for row in session.scalars(query)]
            rows: list[Edit] = []
            for chunk in chunks(sorted(set(uids))):
                rows.extend(session.scalars(select(Edit).where(*conditions, Edit.target_uid.in_(chunk))))
            rows.sort(key=lambda row: (row.at, row.id))
            return [edit_record(row) for row in rows]

    def quote_decisions(
        self,
        *,
        users: Sequence[str] | None = None,
        exclude_user: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        quote_ids: Iterable[int] | None = None,
    ) -> list[QuoteDecisionRecord]:
        """Colleague decisions brought in from other databases."""
        conditions = who_and_when(
            QuoteDecision.user,
            QuoteDecision.decided_at,
            users=users,
            exclude_user=exclude_user,
            since=since,
            until=until,
        )
        query = select(QuoteDecision).where(*conditions).order_by(QuoteDecision.decided_at, QuoteDecision.id)
        with self.db.read() as session:
            if quote_ids is None:
                return [decision_record(row) for row in session.scalars(query)]
            rows = [
                decision_record(row)
                for chunk in chunks(sorted(set(quote_ids)))
                for row in session.scalars(query.where(QuoteDecision.quote_id.in_(chunk)))
            ]
            return sorted(rows, key=lambda row: (row.decided_at, row.id))

    def review_conflicts(
        self, *, open_only: bool = True, conflict_ids: Iterable[int] | None = None
    ) -> list[ReviewConflictRecord]:
        """Conflicts from colleague imports in article order (only the open ones, or only these ids)."""
        query = (
            select(ReviewConflict, Quote.article_id, Quote.version, Article.title)
            .join(Quote, Quote.id == ReviewConflict.quote_id)
            .join(Article, Article.id == Quote.article_id)
            .order_by(Quote.article_id, Quote.start, ReviewConflict.id)
        )
        if open_only:
            query = query.where(ReviewConflict.resolution.is_(None))
        if conflict_ids is not None:
            query = query.where(ReviewConflict.id.in_(list(conflict_ids)))
        with self.db.read() as session:
            return [
                conflict_record(conflict, article_id, version, title)
                for conflict, article_id, version, title in session.execute(query)
            ]

    def resolve_conflict(
        self, conflict_id: int, *, user: str, keep: str, expected_version: int | None = None
    ) -> ReviewConflictRecord:
        """Settle a conflict from a colleague import: keep "mine" as is, or take "theirs" onto the quote."""
        if keep not in ("mine", "theirs"):
            raise StoreError(f"keep 'mine' or 'theirs', not {keep!r}")
        try:
            with self.db.transaction() as session:
                conflict = session.get(ReviewConflict, conflict_id)
                if conflict is None:
                    raise NotFound(f"there is no conflict {conflict_id}")
                if conflict.resolution is not None:
                    raise StoreError(
                        f"conflict {conflict_id} was already settled by {conflict.resolved_by} ({conflict.resolution})"
                    )
                quote = session.get(Quote, conflict.quote_id)
                assert quote is not None  # the conflict row goes with its quote
                if expected_version is not None and quote.version != expected_version:
                    raise QuoteConflict(loaded_quote_record(quote))
                before: dict[str, Any] = {}
                after: dict[str, Any] = {"conflict": conflict_id, "their_user": conflict.their_user}
                if self._chose_deletion(quote, conflict, keep):
                    # the conflict's row goes with its quote: the answer is read first, the log keeps the rest
                    article = session.get(Article, quote.article_id)
                    settled = replace(
                        conflict_record(conflict, quote.article_id, quote.version, article.title if article else ""),
                        resolution=keep,
                        resolved_by=user,
                        resolved_at=utc_now(),
                    )
                    self.audit.log_quote(
                        session, quote, user=user, action=_SETTLED[keep], after={**after, "deleted": True}
                    )
                    self._remove_with_its_conflicts(session, quote, user=user)
                    return settled
                if keep == "theirs":
                    before, changed = self.apply_state(session, quote, conflict.theirs, user=user)
                    after.update(changed)
                    quote.updated_by = user
                    quote.updated_at = utc_now()
                conflict.resolution = keep
                conflict.resolved_by = user
                conflict.resolved_at = utc_now()
                session.flush()
                self.audit.log_quote(
                    session,
                    quote,
                    user=user,
                    action=_SETTLED[keep],
                    before=before,
                    after=after,
                )
        except StaleDataError as exc:
            raise QuoteConflict(None) from exc
        return self.review_conflicts(open_only=False, conflict_ids=[conflict_id])[0]

    @staticmethod
    def _chose_deletion(quote: Quote, conflict: ReviewConflict, keep: str) -> bool:
        """Whether the side kept is a deletion: theirs, or mine while the quote still stands as my deletion
        (a decision of mine since, on the quote brought back, is what "mine" keeps then)."""
        if keep == "theirs":
            return is_deletion(conflict.theirs)
        return is_deletion(conflict.mine) and quote.status == "rejected" and quote.verified_by == conflict.my_user

    def _remove_with_its_conflicts(self, session: Session, quote: Quote, *, user: str) -> None:
        """The quote goes, and with it the colleague decisions and conflicts on it: each row deleted on its
        own (before the quote's cascade could), so that undo brings every one of them back."""
        for model in (ReviewConflict, QuoteDecision):
            for row in session.scalars(select(model).where(model.quote_id == quote.id)):
                session.delete(row)
            session.flush()
        self.quotes.remove_quote(session, quote, user=user)

    def apply_state(
        self, session: Session, quote: Quote, state: Mapping[str, Any], *, user: str
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Make a quote show another database's decision; returns the (before, after) of what changed."""
        article = session.get(Article, quote.article_id)
        assert article is not None
        updates: dict[str, Any] = {
            key: state.get(key) for key in MERGED_QUOTE_FIELDS if key in state and key != "verified_at"
        }
        updates["verified_at"] = parse_time(state.get("verified_at"))
        start, end = int(updates.get("start", quote.start)), int(updates.get("end", quote.end))
        check_span(start, end, len(article.text))
        updates["text"] = article.text[start:end]
        kind = str(updates.get("kind", quote.kind))
        updates["pieces"] = fitted_pieces(updates.get("pieces"), quote.pieces or (), kind, start, end, article.text)
        name = state.get("speaker_name")
        if not name:
            updates["person_id"] = None
        elif state.get("status") in VERIFIED_STATUSES:
            updates["person_id"] = self.people.person_for_name(session, name, user=user)
        else:  # a mere suggestion names a person only if they are already known here
            updates["person_id"] = person_named(session, name, aliases=True)
        self.quotes.reset_review_on_change(quote, updates)
        before = {k: jsonable(getattr(quote, k)) for k, v in updates.items() if getattr(quote, k) != v}
        after = {k: jsonable(updates[k]) for k in before}
        for key in before:
            setattr(quote, key, updates[key])
        return before, after


_SETTLED = {"mine": "keep_mine", "theirs": "take_theirs"}


def _agreed_by_colleague(session: Session, quote: Quote, reviewer: str) -> bool:
    """The reviewer decided the quote and a colleague's same, independent decision accepted it (an import)."""
    if quote.verified_by != reviewer or quote.review_status != "accepted" or quote.reviewed_by in (None, reviewer):
        return False
    last_review = session.scalar(
        select(Edit.action)
        .where(Edit.target == "quote", Edit.target_id == quote.id, Edit.action.in_(("accept", "send_back", "agree")))
        .order_by(Edit.id.desc())
        .limit(1)
    )
    return last_review == "agree"
