"""The pure rules of review: when a quote counts as verified, how spans match, and how the audit log is
replayed into "who decided what". No database and no Qt here, so every rule is tested on plain values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from annotator.decision_records import DECISION_FIELDS, DecisionState
from annotator.nlp.lexicon import fold_name
from annotator.records import DECIDED_STATUSES, VERIFIED_STATUSES, EditRecord, QuoteRecord

# Actions a reviewer takes; they never count as (or reset) the decision under review.
REVIEW_ACTIONS = frozenset({"accept", "send_back", "comment", "agree", "undo_review", "redo_review"})
# Actions that bring a quote into existence here ("merge_add": a colleague's own quote, merged in)
CREATION_ACTIONS = frozenset({"add", "merge_add"})


def is_verified(quote: QuoteRecord, *, require_second_reviewer: bool = True) -> bool:
    """Verified = confirmed or corrected by one person and accepted by another.

    A one-person newsroom relaxes the rule (Settings.require_second_reviewer False): the confirmation alone
    verifies, unless a reviewer has sent the quote back.
    """
    if quote.status not in VERIFIED_STATUSES:
        return False
    if require_second_reviewer:
        return quote.review_status == "accepted"
    return quote.review_status != "rejected"


def span_overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters two half-open spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def pieces_overlap(a: Sequence[Sequence[int]], b: Sequence[Sequence[int]]) -> int:
    """Characters two quotes' verbatim pieces share."""
    return sum(span_overlap((x[0], x[1]), (y[0], y[1])) for x in a for y in b)


def same_quote_overlap(
    a: tuple[int, int], a_pieces: Sequence[Sequence[int]], b: tuple[int, int], b_pieces: Sequence[Sequence[int]]
) -> tuple[int, int] | None:
    """How strongly two quotes of the same article are one quote, None when they are two.

    They are the same quote as soon as their content spans (or pieces) share a character: an editor who
    trims a headline quote to its last words still has the colleague's untouched quote, a disagreement on
    bounds to settle, not a second quote. The key ranks candidates: shared piece text first, then span.
    """
    spans = span_overlap(a, b)
    pieces = pieces_overlap(a_pieces, b_pieces)
    if spans == 0 and pieces == 0:
        return None
    return pieces, spans


def differences(mine: DecisionState, theirs: DecisionState) -> list[str]:
    """What two decisions on one quote differ in, as the conflicts tab names it: bounds, speaker, kind, status."""
    found: list[str] = []
    if mine.is_quote and theirs.is_quote:
        if (mine.start, mine.end) != (theirs.start, theirs.end):
            found.append("bounds")
        if fold_name(mine.speaker) != fold_name(theirs.speaker):
            found.append("speaker")
        if mine.kind != theirs.kind:
            found.append("kind")
    if _verdict(mine) != _verdict(theirs):
        found.append("status")
    return found


def _verdict(state: DecisionState) -> str:
    """What a status says about the quote: confirmed and corrected both say "a quote, checked"."""
    if state.status in VERIFIED_STATUSES:
        return "quote"
    return state.status


def jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def parse_time(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def state_of(quote: QuoteRecord) -> dict[str, Any]:
    """A quote's decision as plain JSON values; the speaker by name, since person ids are per database."""
    state = {name: jsonable(getattr(quote, name)) for name in DECISION_FIELDS}
    state["speaker_name"] = quote.speaker
    return state


# Marks a decision state that is a deletion (mine, brought back for a conflict, or a colleague's): the quote
# is "not a quote" while the conflict is open, and choosing that side removes it instead of leaving it rejected
DELETION_MARK = "deleted"


def as_deletion(state: Mapping[str, Any]) -> dict[str, Any]:
    return {**state, DELETION_MARK: True}


def is_deletion(state: Mapping[str, Any]) -> bool:
    return bool(state.get(DELETION_MARK))


def decision_state(
    state: Mapping[str, Any], *, user: str | None, at: datetime | None, source: str | None = None
) -> DecisionState:
    return DecisionState(
        status=str(state.get("status") or "suggested"),
        start=int(state.get("start") or 0),
        end=int(state.get("end") or 0),
        text=str(state.get("text") or ""),
        kind=str(state.get("kind") or "direct"),
        speaker=state.get("speaker_name"),
        speaker_text=state.get("speaker_text"),
        speaker_start=state.get("speaker_start"),
        speaker_end=state.get("speaker_end"),
        user=user,
        at=at,
        source=source,
    )


@dataclass(frozen=True, slots=True)
class QuoteHistory:
    """A quote's audit log replayed: the state it started in and each person's latest decision."""

    # The first state the log knows: the model's suggestion, or None when a person added the quote
    origin: dict[str, Any] | None
    # user -> (their decided state, when); a person who undid their decision has none
    decisions: dict[str, tuple[dict[str, Any], datetime]] = field(default_factory=dict)


def replay(current: Mapping[str, Any], edits: Sequence[EditRecord]) -> QuoteHistory:
    """Walk one quote's local edits (oldest first) back from its current state.

    Each edit stores the old and new values of the fields it changed, so undoing them newest-first yields
    the state after every edit and, at the end, the state the quote started in. A person's decision is the
    state after their last edit that left the quote decided with them as the one who verified it; it is
    gone only when an edit of theirs leaves the quote undecided again (an undo).
    """
    state: dict[str, Any] | None = {k: jsonable(v) for k, v in current.items()}
    after: list[dict[str, Any] | None] = [None] * len(edits)
    for index in range(len(edits) - 1, -1, -1):
        edit = edits[index]
        if edit.action == "delete":
            state = dict(edit.before or {})  # deleted here: before holds the whole quote
            continue
        if state is None:
            break  # an edit from before a deletion we cannot see: stop rather than guess
        after[index] = dict(state)
        if edit.action in CREATION_ACTIONS:
            state = None  # a person added it: there was no suggestion before
            continue
        state.update(edit.before or {})
    origin = state
    decisions: dict[str, tuple[dict[str, Any], datetime]] = {}
    for edit, snapshot in zip(edits, after, strict=True):
        if edit.action in REVIEW_ACTIONS or snapshot is None:
            continue
        if snapshot.get("status") in DECIDED_STATUSES and snapshot.get("verified_by") == edit.user:
            decisions[edit.user] = (snapshot, edit.at)
        elif edit.user in decisions and snapshot.get("status") not in DECIDED_STATUSES:
            # they undid their decision; taking a colleague's decision over (take_theirs) is no undo:
            # what they had decided on their own still counts, for agreement above all
            del decisions[edit.user]
    return QuoteHistory(origin=origin, decisions=decisions)
