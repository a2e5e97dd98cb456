"""The only door to the database.

Queries return frozen records (annotator/records.py). Every mutation is one short transaction that also
appends a row to the audit log (who, when, what, before, after), and is committed before the call returns,
so a decision is on disk before the app handles the next key press.

The Store is built in layers, one concept per module, each adding to the one below it:
base (engine, transactions, audit log) -> people -> articles -> quotes -> review -> merge.
"""

from __future__ import annotations

from annotator.store.articles import NewArticle, content_hash
from annotator.store.errors import NotFound, QuoteConflict, StoreError
from annotator.store.merge import MergeStore
from annotator.store.quotes import CORRECTING_FIELDS, EDITABLE_QUOTE_FIELDS, quote_state

__all__ = [
    "CORRECTING_FIELDS",
    "EDITABLE_QUOTE_FIELDS",
    "NewArticle",
    "NotFound",
    "QuoteConflict",
    "Store",
    "StoreError",
    "content_hash",
    "quote_state",
]


class Store(MergeStore):
    """Everything the app and the command line may ask of the database."""
