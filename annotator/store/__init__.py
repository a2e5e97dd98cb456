"""The only door to the database.

Queries return frozen records (annotator/records.py). Every mutation is one short transaction that also
appends a row to the audit log (who, when, what, before, after), and is committed before the call returns,
so a decision is on disk before the app handles the next key press.

The Store is made of small repositories over one session factory (store/database.py), composed here:
`store.audit`, `store.people`, `store.articles`, `store.quotes`, `store.review`, `store.colleagues` (the merge
of a colleague's database), `store.history` (undo/redo) and `store.exports` (the exporter's batched reads).
Callers ask the part: `store.quotes.confirm_quote(...)`, `store.people.find_speakers(...)`; Store itself
holds only what is store-wide (opening, closing, the engine and the URL).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from annotator.config import sqlite_url as sqlite_url_for
from annotator.db.opening import describe_url
from annotator.progress import ProgressCallback
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
    def open(cls, url: str, progress: ProgressCallback | None = None, *, keep_copy: bool = True) -> Store:
        """Open (creating if needed) and migrate the database at `url`; DatabaseProblem says what is wrong.
        `progress` hears each step of an upgrade as it starts; `keep_copy` keeps an earlier version's SQLite
        file as it was beside it (off for files that are themselves throwaway copies)."""
        return cls(Database.open(url, progress, keep_copy=keep_copy).engine)

    @classmethod
    def open_colleague_copy(cls, path_or_url: str, folder: Path) -> Store:
        """Open a colleague's database for reading without ever writing to their file (see colleague_copy)."""
        try:
            return cls.open(colleague_copy(path_or_url, folder), keep_copy=False)  # their file is never touched
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
