"""Bringing a colleague's database in beside ours, never over our decisions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from annotator.config import sqlite_url as sqlite_url_for
from annotator.db.models import (
    Article,
    Edit,
    Mention,
    Quote,
    QuoteDecision,
    ReviewConflict,
    utc_now,
)
from annotator.db.private_copy import (
    MERGE_FOLDER_PREFIX,
    claim_folder,
    clean_stale_folders,
    copy_database_file,
)
from annotator.decision_records import (
    ArticleMergeResult,
    ColleagueArticle,
    ColleagueQuote,
    MergeReport,
)
from annotator.decision_rules import as_deletion, decision_state, is_deletion, state_of
from annotator.records import (
    DECIDED_STATUSES,
    EditRecord,
    PersonRecord,
    QuoteRecord,
)
from annotator.store.audit import AuditLog
from annotator.store.database import Database
from annotator.store.errors import StoreError
from annotator.store.orm_records import best_overlap, edit_key, fields_of, loaded_quote_record
from annotator.store.people_repository import PeopleRepository, person_named, teach_alias
from annotator.store.review_repository import ReviewRepository


class ColleagueMerge:
    """A colleague's database brought in beside ours: people, articles, quotes, decisions and their log."""

    def __init__(self, db: Database, audit: AuditLog, people: PeopleRepository, review: ReviewRepository) -> None:
        self.db = db
        self.audit = audit
        self.people = people
        self.review = review

    def merge_people(self, people: Sequence[PersonRecord], *, user: str) -> int:
        """Bring a colleague's people in by name (their aliases too); returns how many were new."""
        added = 0
        with self.db.transaction() as session:
            wait_for_other_merges(session)
            for person in people:
                name = " ".join(person.name.split())
                if not name:
                    continue
                added += person_named(session, name) is None
                person_id = self.people.person_for_name(session, name, user=user)
                for alias in person.aliases:
                    teach_alias(session, person_id, alias)
        return added

    def merge_colleague_article(self, theirs: ColleagueArticle, *, user: str, source: str) -> ArticleMergeResult:
        """Bring one article of a colleague's database in, in one transaction, never overwriting a decision.

        The article is matched by content hash, each quote by uid, by an earlier merge, or by a span that
        overlaps by half. Their decision is stored (quote_decisions); it becomes the quote's state only when
        nobody here decided it; where we decided differently a conflict is recorded for the reviewer.
        Their edits join the audit log with their own users and times, marked with `source`.
        """
        counts = {"quotes_added": 0, "decisions_added": 0, "decisions_adopted": 0, "conflicts": 0, "agreements": 0}
        with self.db.transaction() as session:
            wait_for_other_merges(session)
            article, article_added = self._merge_article_row(session, theirs, user=user, source=source)
            mine = list(session.scalars(select(Quote).where(Quote.article_id == article.id)))
            by_uid = {quote.uid: quote for quote in mine}
            earlier = {
                row.their_uid: row.quote_id
                for row in session.scalars(
                    select(QuoteDecision).where(QuoteDecision.quote_id.in_([q.id for q in mine] or [-1]))
                )
            }
            by_id = {quote.id: quote for quote in mine}
            deleted_here = _deletions(session, article.id)
            deleted_by_me: set[int] = set()  # quotes brought back from a deletion here, as "not a quote"
            uid_map: dict[str, Quote] = {}
            for their in theirs.quotes:
                record = their.record
                match = by_uid.get(record.uid) or by_id.get(earlier.get(record.uid, -1))
                if match is None:
                    match = best_overlap(record, [q for q in mine if q not in uid_map.values()])
                deletion = deleted_here.get(record.uid) if match is None else None
                if deletion is not None:
                    if not _decided_by_colleague(record, user) or _seen_before(session, deletion, record):
                        continue  # deleted here, and nobody decided otherwise since: it stays deleted
                    match = self._restore_deleted(session, article, deletion, user=user)
                    mine.append(match)
                    deleted_by_me.add(match.id)
                if match is None:
                    if not article_added and record.status not in DECIDED_STATUSES:
                        # their model's suggestion, nobody's decision: ours is the one that counts here (an
                        # editor who removed it, or marked the article done, does not get it back to check)
                        continue
                    if session.scalar(select(Quote.id).where(Quote.uid == record.uid)) is not None:
                        continue  # that uid is some other article's quote here: never two rows per uid
                    match = self._merge_new_quote(session, article, their, user=user, source=source)
                    mine.append(match)
                    counts["quotes_added"] += 1
                uid_map[record.uid] = match
                # our own decisions coming back in a copy of our database are already here
                if _decided_by_colleague(record, user):
                    outcome = self._merge_decision(
                        session, match, record, user=user, source=source, mine_deleted=match.id in deleted_by_me
                    )
                    for key in outcome:
                        counts[key] += 1
            for quote, their_deletion in _their_deletions(theirs, by_uid, user=user):
                if quote in uid_map.values():
                    continue  # one of their quotes is this one: that quote is their decision on it
                # they deleted a quote we still have: "no quote" is their decision on it
                uid_map[quote.uid] = quote
                decision = _deleted_record(quote, their_deletion)
                merged = self._merge_decision(session, quote, decision, user=user, source=source, theirs_deleted=True)
                for key in merged:
                    counts[key] += 1
            edits_added = self._merge_edits(session, theirs, article, uid_map, source=source)
        return ArticleMergeResult(article_id=article.id, article_added=article_added, edits_added=edits_added, **counts)

    def _merge_article_row(
        self, session: Session, theirs: ColleagueArticle, *, user: str, source: str
    ) -> tuple[Article, bool]:
        their = theirs.article
        found = session.scalar(select(Article).where(Article.content_hash == their.content_hash))
        if found is not None:
            return found, False
        # their article as it is, but new here: our id, our import time, imported by us
        article = Article(**fields_of(their, leaving_out=("id", "imported_at")), imported_by=user)
        session.add(article)
        session.flush()
        for mention in theirs.mentions:
            name = theirs.person_names.get(mention.person_id) if mention.person_id is not None else None
            session.add(
                Mention(
                    article_id=article.id,
                    start=mention.start,
                    end=mention.end,
                    label=mention.label,
                    text=mention.text,
                    person_id=self.people.person_for_name(session, name, user=user) if name else None,
                    origin=f"merge:{source}"[:200],
                )
            )
        self.audit.log(
            session,
            user=user,
            action="import",
            target="article",
            target_id=article.id,
            article_id=article.id,
            after={"title": article.title, "source": source, "content_hash": article.content_hash},
        )
        return article, True

    def _merge_new_quote(
        self, session: Session, article: Article, their: ColleagueQuote, *, user: str, source: str
    ) -> Quote:
        record = their.record
        state = state_of(record)
        quote = Quote(
            uid=record.uid,
            article_id=article.id,
            start=record.start,
            end=record.end,
            text=article.text[record.start : record.end],
            kind=record.kind,
            confidence=record.confidence,
            origin=record.origin,
            status="suggested",
            updated_by=user,
        )
        session.add(quote)
        session.flush()
        # The quote starts here as their suggestion (or, if they added it, as their whole state); then the
        # merge edit moves it to their current state, so replaying our log finds the suggestion again.
        start_state = their.origin if their.origin is not None else state
        self.review.apply_state(session, quote, start_state, user=user)
        session.flush()
        self.audit.log_quote(
            session,
            quote,
            user=user,
            action="merge_add" if their.origin is None else "merge_suggestion",
            after={"source": source, "uid": record.uid},
        )
        if their.origin is not None:
            before, after = self.review.apply_state(session, quote, state, user=user)
            quote.updated_at = utc_now()
            session.flush()
            if before:
                self.audit.log_quote(
                    session,
                    quote,
                    user=user,
                    action="merge",
                    before=before,
                    after=after,
                )
        return quote

    def _restore_deleted(self, session: Session, article: Article, deletion: Edit, *, user: str) -> Quote:
        """A quote deleted here, back as what the deletion said: no quote, decided by whoever deleted it.

        A colleague's decision on it then meets that one as a conflict (marked as a deletion): keep mine
        deletes it again, take theirs keeps it with their decision (ReviewRepository.resolve_conflict).
        """
        kept = dict(deletion.before or {})
        start, end = int(kept["start"]), int(kept["end"])
        quote = Quote(
            uid=deletion.target_uid,
            article_id=article.id,
            start=start,
            end=end,
            text=article.text[start:end],
            kind=kept.get("kind") or "direct",
            origin=kept.get("origin") or f"user:{deletion.user}",
            status="suggested",
            updated_by=user,
        )
        session.add(quote)
        session.flush()
        state = {**kept, "status": "rejected", "verified_by": deletion.user, "verified_at": deletion.at.isoformat()}
        _, after = self.review.apply_state(session, quote, state, user=user)
        quote.updated_at = utc_now()
        session.flush()
        # its before is the state the deletion removed, so replaying the log walks back through the deletion
        self.audit.log_quote(
            session,
            quote,
            user=deletion.user,
            action="merge_deleted",
            before={key: kept.get(key) for key in after},
            after=after,
        )
        return quote

    def _merge_decision(
        self,
        session: Session,
        quote: Quote,
        record: QuoteRecord,
        *,
        user: str,
        source: str,
        mine_deleted: bool = False,
        theirs_deleted: bool = False,
    ) -> list[str]:
        """Store their decision on our quote; returns which counters it moved. `mine_deleted`: the quote is
        one we deleted, brought back; `theirs_deleted`: their decision is that they deleted it. A conflict
        remembers a deletion, so that choosing that side removes the quote."""
        colleague = record.verified_by or ""
        decided_at = record.verified_at or record.updated_at or utc_now()
        theirs = as_deletion(state_of(record)) if theirs_deleted else state_of(record)
        row = session.scalar(
            select(QuoteDecision).where(QuoteDecision.quote_id == quote.id, QuoteDecision.user == colleague)
        )
        if row is not None and row.decided_at >= decided_at:
            return []  # the same decision (or an older one) came in before
        if row is None:
            row = QuoteDecision(quote_id=quote.id, user=colleague, imported_by=user)
            session.add(row)
        row.their_uid = record.uid
        row.decided_at = decided_at
        row.state = theirs
        row.source = source
        row.imported_at = utc_now()
        session.flush()
        moved = ["decisions_added"]
        current = loaded_quote_record(quote)
        newer_own = quote.verified_by == colleague and (quote.verified_at or decided_at) < decided_at
        if quote.status not in DECIDED_STATUSES or newer_own:
            # nobody decided it here (or it is their own older decision): their decision becomes the state
            before, after = self.review.apply_state(session, quote, theirs, user=user)
            self.audit.log_quote_change(
                session, quote, user=user, action="merge", before=before, after={**after, "source": source}
            )
            return [*moved, "decisions_adopted"]
        mine = decision_state(state_of(current), user=current.verified_by, at=current.verified_at)
        if quote.verified_by == colleague:
            return moved
        if mine.agrees_with(decision_state(theirs, user=colleague, at=decided_at)):
            # two people decided the same on their own: that is what "verified" means
            if self.review.record_agreement(session, quote, colleague=colleague, at=decided_at, user=user):
                moved.append("agreements")
            return moved
        conflict = session.scalar(
            select(ReviewConflict).where(ReviewConflict.decision_id == row.id, ReviewConflict.resolution.is_(None))
        )
        mine_now = state_of(current)
        if conflict is None:
            conflict = ReviewConflict(quote_id=quote.id, decision_id=row.id, their_user=colleague)
            session.add(conflict)
        elif is_deletion(conflict.mine) and conflict.mine == as_deletion(mine_now):
            mine_deleted = True  # a newer decision of theirs on a quote that still stands as my deletion
        conflict.mine = as_deletion(mine_now) if mine_deleted else mine_now
        conflict.my_user = current.verified_by
        conflict.theirs = theirs
        return [*moved, "conflicts"]

    def _merge_edits(
        self,
        session: Session,
        theirs: ColleagueArticle,
        article: Article,
        uid_map: Mapping[str, Quote],
        *,
        source: str,
    ) -> int:
        """Their audit rows with their users and times; one already here (same who, when, what) is skipped."""
        seen = {
            edit_key(row.user, row.at, row.action, row.target, row.target_uid)
            for row in session.scalars(select(Edit).where(Edit.article_id == article.id))
        }
        added = 0
        for edit in theirs.edits:
            quote = uid_map.get(edit.target_uid or "") if edit.target == "quote" else None
            target_uid = quote.uid if quote is not None else edit.target_uid
            key = edit_key(edit.user, edit.at, edit.action, edit.target, target_uid)
            if key in seen:
                continue
            seen.add(key)
            session.add(
                Edit(
                    at=edit.at,
                    user=edit.user,
                    article_id=article.id,
                    target=edit.target,
                    target_id=quote.id if quote is not None else (article.id if edit.target == "article" else None),
                    target_uid=target_uid,
                    action=edit.action,
                    before=_people_here(session, edit.before, theirs.person_names),
                    after=_people_here(session, edit.after, theirs.person_names),
                    source=(edit.source or source)[:2000],
                )
            )
            added += 1
        return added

    def record_merge(self, report: MergeReport, *, user: str, started: datetime) -> bool:
        """One audit row for the whole import, so the log says who merged which file when.

        Written by the run that completes: a run that brought something in, or the rerun of one that was
        interrupted before its row (it finds nothing new, and no row for the file yet). A run that found
        nothing new because another import of the file, running beside it, brought it in after it
        `started` leaves the row to that one. Returns whether a row was written.
        """
        with self.db.transaction() as session:
            wait_for_other_merges(session)
            if not report.changed_anything and (
                self._merged_before(session, report.source) or _brought_in_since(session, report.source, started)
            ):
                return False
            self.audit.log(
                session,
                user=user,
                action="merge",
                target="database",
                target_id=None,
                article_id=None,
                after={
                    "source": report.source,
                    "articles_added": report.articles_added,
                    "quotes_added": report.quotes_added,
                    "decisions_added": report.decisions_added,
                    "conflicts": report.conflicts,
                    "agreements": report.agreements,
                    "edits_added": report.edits_added,
                },
            )
        return True

    @staticmethod
    def _merged_before(session: Session, source: str) -> bool:
        rows = session.scalars(
            select(Edit.after).where(Edit.action == "merge", Edit.target == "database").order_by(Edit.id.desc())
        )
        return any((after or {}).get("source") == source for after in rows)


def _brought_in_since(session: Session, source: str, started: datetime) -> bool:
    """Whether an import of `source` wrote anything here since `started` (its decisions, articles, quotes)."""
    decision = select(QuoteDecision.id).where(QuoteDecision.source == source, QuoteDecision.imported_at >= started)
    if session.scalar(decision.limit(1)) is not None:
        return True
    rows = session.scalars(
        select(Edit.after).where(
            Edit.at >= started, Edit.source.is_(None), Edit.action.in_(("import", "merge_add", "merge_suggestion"))
        )
    )
    return any((after or {}).get("source") == source for after in rows)


def _people_here(
    session: Session, values: Mapping[str, Any] | None, their_names: Mapping[int, str]
) -> dict[str, Any] | None:
    """An audit row's values with their person id turned into ours (by name, as people are merged): an id
    of their database names someone else here, or no one. A person unknown here becomes None."""
    if values is None or values.get("person_id") is None:
        return dict(values) if values is not None else None
    name = their_names.get(int(values["person_id"]))
    ours = person_named(session, name, aliases=True) if name else None
    return {**values, "person_id": ours}


def _decided_by_colleague(record: QuoteRecord, user: str) -> bool:
    return record.status in DECIDED_STATUSES and record.verified_by not in (None, "", user)


def _deletions(session: Session, article_id: int) -> dict[str, Edit]:
    """The quotes of the article deleted in this database (not in a colleague's), by uid: the latest deletion."""
    rows = session.scalars(
        select(Edit)
        .where(Edit.article_id == article_id, Edit.target == "quote", Edit.action == "delete", Edit.source.is_(None))
        .order_by(Edit.id)
    )
    # a deletion keeps the whole quote in its before values; one without its span cannot be brought back
    return {row.target_uid: row for row in rows if row.target_uid and {"start", "end"} <= (row.before or {}).keys()}


def _seen_before(session: Session, deletion: Edit, record: QuoteRecord) -> bool:
    """Whether their decision came in (an earlier import) before we deleted the quote: then we deleted it
    knowing their decision, and there is nothing to settle."""
    decided_at = record.verified_at or record.updated_at
    found = session.scalar(
        select(Edit.id)
        .where(
            Edit.target_uid == deletion.target_uid,
            Edit.source.is_not(None),
            Edit.user == record.verified_by,
            Edit.at >= decided_at,
            Edit.id < deletion.id,
        )
        .limit(1)
    )
    return found is not None


def _their_deletions(
    theirs: ColleagueArticle, ours: Mapping[str, Quote], *, user: str
) -> list[tuple[Quote, EditRecord]]:
    """Our quotes a colleague deleted in their database (their latest deletion of each; not ones they have back)."""
    still_there = {their.record.uid for their in theirs.quotes}
    found: dict[str, tuple[Quote, EditRecord]] = {}
    for edit in theirs.edits:
        uid = edit.target_uid or ""
        if edit.action != "delete" or edit.target != "quote" or edit.user in ("", user) or uid in still_there:
            continue
        if uid in ours:
            found[uid] = (ours[uid], edit)
    return list(found.values())


def _deleted_record(quote: Quote, deletion: EditRecord) -> QuoteRecord:
    """A colleague's deletion as a decision on our quote: "no quote", by them, when they deleted it."""
    current = loaded_quote_record(quote)
    return replace(current, status="rejected", verified_by=deletion.user, verified_at=deletion.at)


# Any fixed number: the PostgreSQL advisory lock every colleague import takes for its transactions.
_MERGE_LOCK_KEY = 0x51A0_7E


def wait_for_other_merges(session: Session) -> None:
    """Let one colleague import write at a time: a second import of the same file waits, then finds
    everything there (instead of both inserting the same rows and one failing on a unique constraint).

    Must be the transaction's first statement, so what it reads afterwards is what the other one committed.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MERGE_LOCK_KEY})
    else:  # a write that changes nothing takes SQLite's write lock (waiting out the busy timeout)
        session.execute(text("UPDATE users SET name = name WHERE 0 = 1"))


def colleague_copy(path_or_url: str, folder: Path) -> str:
    """The URL to open a colleague's database at without ever writing to their file.

    A SQLite file is first copied into `folder` (never opened by SQLite where it is: nothing is written
    beside it, see db/private_copy.py), and the copy is what gets migrated and read.
    """
    if "://" in path_or_url and not path_or_url.startswith("sqlite"):
        return path_or_url
    is_url = path_or_url.startswith("sqlite")
    path = Path((make_url(path_or_url).database or "") if is_url else path_or_url).expanduser()
    if not path.is_file():
        raise StoreError(f"there is no database file at {path}")
    claim_folder(folder)
    clean_stale_folders(folder, prefix=MERGE_FOLDER_PREFIX)
    copy = folder / "colleague.db"
    copy_database_file(path, copy)
    return sqlite_url_for(copy)
