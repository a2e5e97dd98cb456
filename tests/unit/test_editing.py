"""The editing rules of annotator.editing: what the app selects, trims and changes around a decision."""

from __future__ import annotations

from dataclasses import replace

import pytest

from annotator.editing import (
    bounds_changes,
    next_kind,
    next_quote_to_check,
    note_changes,
    quote_before,
    speaker_changes,
    trim_selection,
    venue_changes,
)
from annotator.records import PersonRecord, QuoteRecord


def quote(id_: int, start: int, status: str = "suggested") -> QuoteRecord:
    return QuoteRecord(id_, f"uid-{id_}", 1, start, start + 5, "words", "direct", status, 0.5, "model")


def test_the_next_quote_to_check_is_the_following_one_still_suggested() -> None:
    first, second, third = quote(1, 0), quote(2, 10, "confirmed"), quote(3, 20)
    decided = replace(first, status="confirmed")
    assert next_quote_to_check([decided, second, third], decided) == third


def test_the_next_quote_to_check_wraps_round_to_the_first() -> None:
    early, late = quote(1, 0), quote(2, 50)
    decided = replace(late, status="rejected")
    assert next_quote_to_check([early, decided], decided) == early


def test_no_quote_left_to_check_is_none() -> None:
    done = quote(1, 0, "confirmed")
    assert next_quote_to_check([done, quote(2, 9, "rejected")], done) is None


def test_the_decided_quote_is_never_the_next_even_before_the_list_is_refreshed() -> None:
    stale = quote(1, 0)  # the list still shows it as suggested: the store's answer has not arrived yet
    assert next_quote_to_check([stale], stale) is None


def test_quotes_at_the_same_start_follow_their_id() -> None:
    a, b = quote(1, 10), quote(2, 10)
    assert next_quote_to_check([a, b], replace(a, status="confirmed")) == b


def least_confident_first(q: QuoteRecord) -> tuple[float, ...]:
    return (q.confidence if q.confidence is not None else float("inf"), q.start, q.id)


def test_the_next_quote_follows_the_order_the_editor_sees() -> None:
    first, second, third = (replace(quote(i, 10 * i), confidence=c) for i, c in ((1, 0.5), (2, 0.2), (3, 0.9)))
    listed = [second, first, third]  # least confident first

    decided = replace(second, status="confirmed")
    assert next_quote_to_check(listed, decided, order=least_confident_first) == first
    assert next_quote_to_check(listed, decided) == third  # in text order it would be the one after it

    decided = replace(third, status="rejected")  # the last in the list: round to its top
    assert next_quote_to_check(listed, decided, order=least_confident_first) == second
    assert next_quote_to_check(listed, decided) == first


def test_a_selection_loses_the_spaces_and_line_breaks_at_its_ends() -> None:
    text = 'He said: \n"We will build it."  \nThen'
    start = text.index("\n")
    end = text.index("Then")
    assert text[slice(*trim_selection(text, start, end))] == '"We will build it."'  # type: ignore[misc]


def test_a_selection_of_only_whitespace_is_none() -> None:
    assert trim_selection("a   b", 1, 4) is None
    assert trim_selection("abc", 2, 2) is None


def test_a_backwards_or_overlong_selection_is_put_in_order_and_inside_the_text() -> None:
    assert trim_selection("abc def", 7, 4) == (4, 7)
    assert trim_selection("abc", -3, 99) == (0, 3)


def test_bounds_change_only_start_and_end() -> None:
    assert bounds_changes((3, 9)) == {"start": 3, "end": 9}


def test_a_person_chosen_without_a_mention_drops_the_old_speaker_span() -> None:
    changes = speaker_changes(PersonRecord(7, "Nick Clegg"))
    assert changes == {
        "person_id": 7,
        "speaker_name": "Nick Clegg",
        "speaker_start": None,
        "speaker_end": None,
        "speaker_text": None,
    }


@pytest.mark.parametrize(("typed", "venue"), [("CBS' This Morning", "CBS' This Morning"), ("  ", None), ("", None)])
def test_a_typed_venue_drops_the_span_in_the_text(typed: str, venue: str | None) -> None:
    assert venue_changes(typed) == {"venue": venue, "venue_start": None, "venue_end": None}


def test_an_emptied_note_is_no_note() -> None:
    assert note_changes("") == {"note": None}
    assert note_changes(" ") == {"note": None}
    assert note_changes("checked the tape") == {"note": "checked the tape"}


def test_kinds_cycle_and_an_unknown_kind_starts_over() -> None:
    assert [next_kind(k) for k in ("direct", "partial", "indirect", "odd")] == [
        "partial",
        "indirect",
        "direct",
        "direct",
    ]


def test_a_quote_joins_the_last_one_before_it_that_is_not_rejected() -> None:
    first, rejected, third = quote(1, 0), quote(2, 10, "rejected"), quote(3, 20)
    assert quote_before([third, rejected, first], third) == first
    assert quote_before([first, third], first) is None
