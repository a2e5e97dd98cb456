"""The only door to the database.

Queries return frozen records (annotator/records.py). Every mutation is one short transaction that also
appends a row to the audit log (who, when, what, before, after), and is committed before the call returns,
so a decision is on disk before the app handles the next key press.

The Store is made of small repositories over one session factory (store/database.py), composed here:
`store.audit`, `store.people`, `store.articles`, `store.quotes`, `store.review`, `store.colleagues` (the merge
of a colleague's database), `store.history` (undo/redo) and `store.exports` (the exporter's batched reads).
The methods on Store itself forward to them, so older callers keep `store.confirm_quote(...)`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy.engine import Engine

from annotator.config import sqlite_url as sqlite_url_for
from annotator.db.opening import describe_url
from annotator.store.article_repository import ArticleRepository, NewArticle, content_hash
from annotator.store.audit import AuditLog
from annotator.store.colleague_merge import ColleagueMerge, colleague_copy
from annotator.store.database import Database
from annotator.store.errors import ChangedMeanwhile, DatabaseProblem, NotFound, QuoteConflict, StoreError
from annotator.store.export_reads import ExportReads
from annotator.store.history_repository import HistoryRepository, HistoryStep
from annotator.store.people_repository import PeopleRepository
from annotator.store.quote_repository import CORRECTING_FIELDS, EDITABLE_QUOTE_FIELDS, QuoteRepository, quote_state
from annotator.store.review_repository import ReviewRepository

__all__ = [
    "CORRECTING_FIELDS",
    "EDITABLE_QUOTE_FIELDS",
    "ChangedMeanwhile",
    "DatabaseProblem",
    "HistoryStep",
    "NewArticle",
    "NotFound",
    "QuoteConflict",
    "Store",
    "StoreError",
    "content_hash",
    "quote_state",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _forward(part: str, method: Callable[Concatenate[Any, _P], _R]) -> Callable[Concatenate[Store, _P], _R]:
    """A Store method that hands the call to the same-named method of one of its parts."""
    name = method.__name__

    def forwarded(self: Store, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        result: _R = getattr(getattr(self, part), name)(*args, **kwargs)
        return result

    forwarded.__name__ = name
    forwarded.__doc__ = method.__doc__
    return forwarded


class Store:
    """Everything the app and the command line may ask of the database, as parts over one session factory."""

    def __init__(self, engine: Engine) -> None:
        self.db = Database(engine)
        self.audit = AuditLog(self.db)
        self.people = PeopleRepository(self.db, self.audit)
        self.articles = ArticleRepository(self.db, self.audit)
        self.quotes = QuoteRepository(self.db, self.audit, self.people)
        self.review = ReviewRepository(self.db, self.audit, self.people, self.quotes)
        self.colleagues = ColleagueMerge(self.db, self.audit, self.people, self.review)
        self.history = HistoryRepository(self.db, self.audit, self.quotes, self.articles, self.people)
        self.exports = ExportReads(self.db)

    @classmethod
    def open(cls, url: str) -> Store:
        """Open (creating if needed) and migrate the database at `url`; DatabaseProblem says what is wrong."""
        return cls(Database.open(url).engine)

    @classmethod
    def open_colleague_copy(cls, path_or_url: str, folder: Path) -> Store:
        """Open a colleague's database for reading without ever writing to their file (see colleague_copy)."""
        try:
            return cls.open(colleague_copy(path_or_url, folder))
        except DatabaseProblem as exc:
            copy = sqlite_url_for(folder / "colleague.db")
            raise StoreError(str(exc).replace(describe_url(copy), str(path_or_url))) from exc

    def close(self) -> None:
        self.db.close()

    @property
    def engine(self) -> Engine:
        return self.db.engine

    @property
    def url(self) -> str:
        return self.db.url

    @property
    def display_url(self) -> str:
        return self.db.display_url

    @property
    def dialect(self) -> str:
        return self.db.dialect

    # ---- forwarded to the parts (kept for the callers written before the split) ----------------------------
    ensure_user = _forward("audit", AuditLog.ensure_user)
    users = _forward("audit", AuditLog.users)
    editor_ids = _forward("audit", AuditLog.editor_ids)
    edits = _forward("audit", AuditLog.edits)

    find_or_create_person = _forward("people", PeopleRepository.find_or_create_person)
    add_alias = _forward("people", PeopleRepository.add_alias)
    get_person = _forward("people", PeopleRepository.get_person)
    list_people = _forward("people", PeopleRepository.list_people)
    search_people = _forward("people", PeopleRepository.search_people)
    people_in_article = _forward("people", PeopleRepository.people_in_article)
    find_speakers = _forward("people", PeopleRepository.find_speakers)
    known_people = _forward("people", PeopleRepository.known_people)

    add_article = _forward("articles", ArticleRepository.add_article)
    list_articles = _forward("articles", ArticleRepository.list_articles)
    count_articles = _forward("articles", ArticleRepository.count_articles)
    outlets = _forward("articles", ArticleRepository.outlets)
    article_summary = _forward("articles", ArticleRepository.article_summary)
    get_article = _forward("articles", ArticleRepository.get_article)
    find_article_by_hash = _forward("articles", ArticleRepository.find_article_by_hash)
    article_ids = _forward("articles", ArticleRepository.article_ids)
    set_article_status = _forward("articles", ArticleRepository.set_article_status)
    next_article_with_work = _forward("articles", ArticleRepository.next_article_with_work)
    save_annotations = _forward("articles", ArticleRepository.save_annotations)
    mentions_for_article = _forward("articles", ArticleRepository.mentions_for_article)

    quotes_for_article = _forward("quotes", QuoteRepository.quotes_for_article)
    get_quote = _forward("quotes", QuoteRepository.get_quote)
    find_quote_by_uid = _forward("quotes", QuoteRepository.find_quote_by_uid)
    update_quote = _forward("quotes", QuoteRepository.update_quote)
    confirm_quote = _forward("quotes", QuoteRepository.confirm_quote)
    reject_quote = _forward("quotes", QuoteRepository.reject_quote)
    set_speaker = _forward("quotes", QuoteRepository.set_speaker)
    add_quote = _forward("quotes", QuoteRepository.add_quote)
    delete_quote = _forward("quotes", QuoteRepository.delete_quote)
    restore_quote = _forward("quotes", QuoteRepository.restore_quote)

    accept_quote = _forward("review", ReviewRepository.accept_quote)
    send_back_quote = _forward("review", ReviewRepository.send_back_quote)
    comment_quote = _forward("review", ReviewRepository.comment_quote)
    editors = _forward("review", ReviewRepository.editors)
    sent_back_quotes = _forward("review", ReviewRepository.sent_back_quotes)
    quotes_by_ids = _forward("review", ReviewRepository.quotes_by_ids)
    article_titles = _forward("review", ReviewRepository.article_titles)
    local_quote_edits = _forward("review", ReviewRepository.local_quote_edits)
    quote_decisions = _forward("review", ReviewRepository.quote_decisions)
    review_conflicts = _forward("review", ReviewRepository.review_conflicts)
    resolve_conflict = _forward("review", ReviewRepository.resolve_conflict)

    merge_people = _forward("colleagues", ColleagueMerge.merge_people)
    merge_colleague_article = _forward("colleagues", ColleagueMerge.merge_colleague_article)
    record_merge = _forward("colleagues", ColleagueMerge.record_merge)
