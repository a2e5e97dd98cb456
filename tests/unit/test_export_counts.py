"""What an export takes and what each choice leaves out (the export dialog's counts), on SQLite and
PostgreSQL, against the sample database of the export tests (7 confirmed or corrected quotes, 1 still to
check, 1 rejected; Erin accepted one in review, Frank sent one back)."""

from __future__ import annotations

from annotator.export import ExportFilter, export_counts, has_reviews
from annotator.store import NewArticle, Store
from tests.unit.export_data import build


def by_choice(store: Store, filters: ExportFilter) -> tuple[int, dict[str, int]]:
    counts = export_counts(store, filters)
    return counts.exported, {item.choice: item.count for item in counts.left_out}


def test_the_default_export_says_what_the_unticked_statuses_leave_out(store: Store) -> None:
    build(store)
    assert by_choice(store, ExportFilter()) == (7, {"suggested": 1, "rejected": 1})
    summary = export_counts(store, ExportFilter()).summary()
    assert summary.splitlines()[0] == "7 quotes match."
    assert "1 quote still to check (status “suggested” not ticked)." in summary


def test_only_accepted_quotes_says_how_many_await_a_second_reviewer(store: Store) -> None:
    """Ctrl+E once exported 0 of 20 confirmed quotes and said nothing of why."""
    build(store)
    filters = ExportFilter(reviewed_only=True, skip_sent_back=True)
    # the 5 confirmed quotes nobody accepted yet; the one sent back is left out by both filters, so by neither
    assert by_choice(store, filters) == (1, {"reviewed_only": 5})
    assert "5 confirmed quotes await a second reviewer" in export_counts(store, filters).summary()


def test_each_field_filter_counts_what_it_alone_leaves_out(store: Store) -> None:
    sample = build(store)
    filters = ExportFilter(outlets=("bbc news",), published_from="2024-01-01", skip_sent_back=True)
    exported, left_out = by_choice(store, filters)
    # BBC News from 2024: clegg, arabic, chinese (commas was sent back); the Guardian's two are another
    # outlet; the 2023 BBC article is outside the dates
    assert (exported, left_out) == (
        3,
        {"outlets": 2, "published": 1, "skip_sent_back": 1, "suggested": 1, "rejected": 1},
    )
    assert by_choice(store, ExportFilter(article_ids=(sample.articles[1],), speaker="Nick Clegg")) == (
        1,
        {"article_ids": 2, "speaker": 1},  # Nick Clegg's other two quotes; the Guardian's "=SUM" by Plus
    )


def test_a_database_nobody_reviewed_has_no_reviews(store: Store) -> None:
    store.articles.add_article(NewArticle(title="t", text="Nothing said.", outlet="Daily"), user="ana")
    assert not has_reviews(store)
    build(store)
    assert has_reviews(store)
