"""Editing rules the app applies around a decision, as pure functions (no Qt, no database).

The window decides *when* to ask; these functions decide *what*: which quote to check next, which span a
text selection stands for, and which fields a speaker, venue, note or kind edit changes. Keeping them here
lets unit tests pin the rules and lets the command line or another front end apply the same ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from annotator.records import QUOTE_KINDS, PersonRecord, QuoteRecord

TO_CHECK = "suggested"


def next_quote_to_check(
    quotes: Sequence[QuoteRecord],
    decided: QuoteRecord,
    order: Callable[[QuoteRecord], tuple[float, ...]] | None = None,
) -> QuoteRecord | None:
    """The quote to select after `decided` was confirmed or rejected: the next one still to check in `order`
    (a sort key: the order the editor sees the quotes in; text order by default), wrapping round to the
    first; None when every quote is checked."""
    key = order or _text_order
    waiting = sorted((q for q in quotes if q.status == TO_CHECK and q.uid != decided.uid), key=key)
    later = [q for q in waiting if key(q) > key(decided)]
    following = later or waiting
    return following[0] if following else None


def quote_before(quotes: Sequence[QuoteRecord], quote: QuoteRecord) -> QuoteRecord | None:
    """The attribution a quote joins: the last quote before it in text order that is not rejected."""
    at = _text_order(quote)
    earlier = [q for q in quotes if q.uid != quote.uid and q.status != "rejected" and _text_order(q) < at]
    return max(earlier, key=_text_order) if earlier else None


def _text_order(quote: QuoteRecord) -> tuple[int, int]:
    return (quote.start, quote.id)


def trim_selection(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span a selection of text[start:end] stands for: a drag often takes a space or a line break at
    either end, which is never part of a quote. None when nothing but whitespace (or nothing) is selected."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def new_quote_status(person_id: int | None) -> str:
    """A quote the editor adds (Q) is their decision only once it has a speaker: without one it waits, to
    check, until they choose one or confirm it as "speaker unknown" (A, or the picker's last row)."""
    return "confirmed" if person_id is not None else TO_CHECK


def awaits_speaker(quote: QuoteRecord) -> bool:
    """An editor's own quote still to check: the model did not suggest it, so choosing its speaker decides it."""
    return quote.status == TO_CHECK and quote.origin.startswith("user:")


def speaker_chosen_changes(quote: QuoteRecord, user: str, at: datetime) -> dict[str, Any]:
    """What choosing a speaker (a person, or "speaker unknown") adds to the speaker change itself: an editor's
    own quote waiting for its speaker becomes confirmed; any other quote keeps the store's rule."""
    if not awaits_speaker(quote):
        return {}
    return {"status": "confirmed", "verified_by": user, "verified_at": at}


def bounds_changes(span: tuple[int, int]) -> dict[str, Any]:
    """Setting a quote's bounds changes only where it starts and ends (never its speaker)."""
    start, end = span
    return {"start": start, "end": end}


def speaker_changes(person: PersonRecord) -> dict[str, Any]:
    """A person chosen without a mention in the text: the old speaker span pointed at someone else, so the
    span, its text and the suggested name go and the person's own name is what shows."""
    return {
        "person_id": person.id,
        "speaker_name": person.name,
        "speaker_start": None,
        "speaker_end": None,
        "speaker_text": None,
    }


def venue_changes(typed: str) -> dict[str, Any]:
    """A typed venue may not be words of the text, so the old venue span no longer applies."""
    venue = typed.strip()
    return {"venue": venue or None, "venue_start": None, "venue_end": None}


def note_changes(typed: str) -> dict[str, Any]:
    """An emptied note is no note."""
    return {"note": typed if typed.strip() else None}


def next_kind(kind: str) -> str:
    """T cycles direct -> partial -> indirect -> direct; an unknown kind starts the cycle."""
    kinds = list(QUOTE_KINDS)
    return kinds[(kinds.index(kind) + 1) % len(kinds)] if kind in kinds else kinds[0]
