"""The pure review rules: verified, span matching, and replaying a quote's audit log."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from annotator.decision_rules import is_verified, replay, same_quote_overlap, span_overlap
from annotator.records import EditRecord, QuoteRecord

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def edit(n: int, user: str, action: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> EditRecord:
    return EditRecord(
        id=n,
        at=T0 + timedelta(minutes=n),
        user=user,
        article_id=1,
        target="quote",
        target_id=1,
        target_uid="u",
        action=action,
        before=before,
        after=after,
    )


def quote(**fields: Any) -> QuoteRecord:
    values: dict[str, Any] = {
        "id": 1,
        "uid": "u",
        "article_id": 1,
        "start": 0,
        "end": 10,
        "text": "x" * 10,
        "kind": "direct",
        "status": "confirmed",
        "confidence": 0.5,
        "origin": "model:m",
    }
    values.update(fields)
    return QuoteRecord(**values)


def test_verified_needs_a_second_person_unless_relaxed() -> None:
    assert not is_verified(quote())
    assert is_verified(quote(review_status="accepted"))
    assert not is_verified(quote(review_status="pending"))
    assert is_verified(quote(), require_second_reviewer=False)
    assert not is_verified(quote(review_status="rejected"), require_second_reviewer=False)
    assert not is_verified(quote(status="rejected", review_status="accepted"))
    assert not is_verified(quote(status="suggested"), require_second_reviewer=False)


def test_span_matching() -> None:
    assert span_overlap((0, 10), (5, 20)) == 5
    assert span_overlap((0, 10), (10, 20)) == 0
    # any shared character makes one quote: a trimmed quote is still the colleague's quote
    assert same_quote_overlap((0, 40), [(0, 40)], (35, 40), [(35, 40)]) == (5, 5)
    assert same_quote_overlap((0, 10), [], (10, 20), []) is None  # touching is not sharing
    # shared verbatim pieces rank before a shared span
    assert same_quote_overlap((0, 30), [(0, 10)], (5, 30), [(20, 30)]) == (0, 25)
    assert same_quote_overlap((0, 30), [(0, 10)], (5, 30), [(5, 10)]) == (5, 25)


def test_replay_finds_the_suggestion_and_each_latest_decision() -> None:
    current = {"status": "corrected", "start": 0, "end": 9, "verified_by": "ben", "speaker_name": "B"}
    edits = [
        edit(1, "ana", "confirm", {"status": "suggested", "verified_by": None}, {"status": "confirmed"}),
        edit(2, "ben", "accept", {"review_status": None}, {"review_status": "accepted"}),
        edit(3, "ben", "edit", {"end": 10, "status": "confirmed", "verified_by": "ana"}, {"end": 9}),
        edit(4, "ben", "set_speaker", {"speaker_name": "A"}, {"speaker_name": "B"}),
    ]
    history = replay(current, edits)
    assert history.origin is not None
    assert (history.origin["status"], history.origin["end"], history.origin["speaker_name"]) == (
        "suggested",
        10,
        "A",
    )
    ana, ana_at = history.decisions["ana"]
    assert (ana["status"], ana["end"], ana["speaker_name"], ana_at) == (
        "confirmed",
        10,
        "A",
        T0 + timedelta(minutes=1),
    )
    ben, _ = history.decisions["ben"]
    assert (ben["end"], ben["speaker_name"]) == (9, "B")


def test_replay_forgets_an_undone_decision_and_knows_added_quotes() -> None:
    undone = [
        edit(1, "ana", "confirm", {"status": "suggested", "verified_by": None}, {"status": "confirmed"}),
        edit(2, "ana", "undo", {"status": "confirmed", "verified_by": "ana"}, {"status": "suggested"}),
    ]
    assert replay({"status": "suggested", "verified_by": None}, undone).decisions == {}
    added = [edit(1, "ana", "add", None, {"start": 0, "end": 10, "status": "confirmed"})]
    history = replay({"status": "confirmed", "verified_by": "ana", "start": 0, "end": 10}, added)
    assert history.origin is None and set(history.decisions) == {"ana"}
    # deleted and restored (undo of a delete): the log before the deletion still replays
    restored = [
        edit(1, "ana", "confirm", {"status": "suggested", "verified_by": None}, {"status": "confirmed"}),
        edit(2, "ana", "delete", {"status": "confirmed", "verified_by": "ana", "end": 10}, None),
        edit(3, "ana", "add", None, {"status": "confirmed"}),
    ]
    history = replay({"status": "confirmed", "verified_by": "ana", "end": 10}, restored)
    assert history.origin is not None and history.origin["status"] == "suggested"


def test_differences_name_bounds_speaker_kind_and_verdict() -> None:
    from annotator.decision_records import DecisionState
    from annotator.decision_rules import differences

    mine = DecisionState(status="corrected", start=5, end=20, text="", kind="direct", speaker="Ana Lima")
    assert differences(mine, replace(mine, status="confirmed")) == []  # both say "a quote, checked"
    assert differences(mine, replace(mine, start=0, speaker=" ana  lima ")) == ["bounds"]
    assert differences(mine, replace(mine, speaker="Bo Chen", kind="partial")) == ["speaker", "kind"]
    assert differences(mine, replace(mine, status="rejected")) == ["status"]
