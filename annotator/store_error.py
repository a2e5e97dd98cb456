"""The one error base of the core: a request refused, with a message meant for the user."""

from __future__ import annotations


class StoreError(Exception):
    """A request the core refuses (a missing row, a stale decision, a database that cannot be used).

    The message is one line for the user; callers need a single `except StoreError`.
    """
