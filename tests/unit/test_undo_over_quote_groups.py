"""Quote groups are derived from decisions: matching an article again after a step never blocks its undo."""

from __future__ import annotations

from annotator.operations import History, JoinQuotes, SplitQuote
from annotator.quote_groups import group_article
from annotator.store import NewArticle, Store

TEXT = (
    'Flood defences held overnight. "We know the pumps will hold the water back tonight," the engineer said. '
    '"Too often the river has taken the town by surprise in the past years," she added.'
)


def test_split_then_join_then_both_undone_with_groups_rebuilt_in_between(store: Store) -> None:
    summary, _ = store.articles.add_article(NewArticle(title="Flood", text=TEXT), user="ana")
    start = TEXT.index('"We know')
    quote = store.quotes.add_quote(summary.id, start, len(TEXT), user="ana")
    assert len(quote.pieces) == 2
    group_article(store, summary.id)  # match keys now point at the quote
    history = History(store, "ana")
    new = history.run(SplitQuote(quote.id, 1, quote.version)).result
    first = store.quotes.get_quote(quote.id)
    history.run(JoinQuotes(new.id, first.id, new.version, first.version))

    history.undo("annotation")  # the split-off quote is back, and its article matched again
    assert len(store.quotes.quotes_for_article(summary.id)) == 2
    history.undo("annotation")  # so its match keys exist: they must not count as "used by a later decision"
    (whole,) = store.quotes.quotes_for_article(summary.id)
    assert whole.pieces == quote.pieces
