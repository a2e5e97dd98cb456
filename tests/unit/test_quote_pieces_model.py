"""A quote's pieces in the store and the dataset: kept through edits, exported as the quote's words, and
carried over from databases made before pieces existed without losing a decision."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from annotator.db.opening import alembic_config, make_engine
from annotator.export import ExportFilter, export_quotes
from annotator.nlp.types import Annotations, QuoteGuess, TextSpan
from annotator.pieces import default_pieces, marked_stretches, normalise_pieces, verbatim_words
from annotator.records import QUOTED_PHRASE_LABEL
from annotator.store import NewArticle, Store

TWO_PIECES = 'Rain is coming. "We are ready," she said. "The pumps work."'


def _span(text: str, words: str) -> TextSpan:
    start = text.index(words)
    return TextSpan(start, start + len(words), words)


def _article(store: Store, body: str = TWO_PIECES) -> int:
    summary, _ = store.articles.add_article(NewArticle(title="Flood", text=body), user="ana")
    return summary.id


def _two_piece_guess() -> QuoteGuess:
    content = _span(TWO_PIECES, '"We are ready," she said. "The pumps work."')
    return QuoteGuess(
        start=content.start,
        end=content.end,
        text=content.text,
        kind="direct",
        confidence=0.9,
        cue=_span(TWO_PIECES, "said"),
        pieces=(_span(TWO_PIECES, '"We are ready,"'), _span(TWO_PIECES, '"The pumps work."')),
    )


def _exported(store: Store, tmp_path: Path) -> list[dict[str, str]]:
    path = tmp_path / "quotes.csv"
    export_quotes(store, path, filters=ExportFilter(statuses=("suggested", "confirmed", "corrected")))
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_the_words_of_two_pieces_leave_out_the_cue_and_the_marks() -> None:
    start = TWO_PIECES.index('"We')
    content = TWO_PIECES[start:]
    pieces = marked_stretches(content, start)
    assert [TWO_PIECES[s:e] for s, e in pieces] == ['"We are ready,"', '"The pumps work."']
    assert verbatim_words(content, start, pieces) == "We are ready … The pumps work."


def test_pieces_are_clipped_to_the_content_and_overlaps_joined() -> None:
    assert normalise_pieces([(8, 12), (0, 3), (2, 5), (11, 30)], 1, 20) == ((1, 5), (8, 20))
    assert normalise_pieces([(5, 5), (30, 40)], 0, 20) == ()


def test_an_unclosed_mark_does_not_swallow_the_rest() -> None:
    assert marked_stretches('He said "yes and then left', 0) == ()
    assert default_pieces("indirect", 0, 10, "she agreed") == ()
    assert default_pieces("direct", 4, 9, "ready") == ((4, 9),)


def test_suggested_pieces_are_stored_and_exported_as_the_quote_words(store: Store, tmp_path: Path) -> None:
    article_id = _article(store)
    store.articles.save_annotations(article_id, Annotations(quotes=(_two_piece_guess(),)), user="model")
    (quote,) = store.quotes.quotes_for_article(article_id)
    assert [TWO_PIECES[s:e] for s, e in quote.pieces] == ['"We are ready,"', '"The pumps work."']
    (row,) = _exported(store, tmp_path)
    assert row["quote"] == "We are ready … The pumps work."
    assert "said" not in row["quote"]
    assert row["content"] == '"We are ready," she said. "The pumps work."'
    assert list(row)[-2:] == ["content", "quote_group"]  # content first among the appended columns


def test_phrases_are_kept_apart_from_quotes(store: Store) -> None:
    body = 'The so-called "reform" passed. "It works," said Ana Lima.'
    article_id = _article(store, body)
    phrase = _span(body, '"reform"')
    store.articles.save_annotations(article_id, Annotations(phrases=(phrase,)), user="model")
    assert store.quotes.quotes_for_article(article_id) == []
    labels = {(m.start, m.label) for m in store.articles.mentions_for_article(article_id)}
    assert (phrase.start, QUOTED_PHRASE_LABEL) in labels


def test_moving_the_bounds_keeps_the_pieces_inside_and_the_person(store: Store) -> None:
    article_id = _article(store)
    store.articles.save_annotations(article_id, Annotations(quotes=(_two_piece_guess(),)), user="model")
    (quote,) = store.quotes.quotes_for_article(article_id)
    person = store.people.find_or_create_person("Dana Reyes", user="ana")
    quote = store.quotes.set_speaker(quote.id, person_id=person.id, user="ana", expected_version=quote.version)
    second = TWO_PIECES.index('"The pumps')
    moved = store.quotes.update_quote(quote.id, {"start": second}, user="ana", expected_version=quote.version)
    assert [TWO_PIECES[s:e] for s, e in moved.pieces] == ['"The pumps work."']
    assert moved.person_id == person.id


def test_an_added_quote_gets_its_marked_stretch_as_its_piece(store: Store) -> None:
    article_id = _article(store)
    start = TWO_PIECES.index('"We')
    added = store.quotes.add_quote(article_id, start, len(TWO_PIECES), user="ana")
    assert [TWO_PIECES[s:e] for s, e in added.pieces] == ['"We are ready,"', '"The pumps work."']
    indirect = store.quotes.add_quote(article_id, 0, 14, user="ana", kind="indirect")
    assert indirect.pieces == ()


def test_a_database_from_before_pieces_keeps_every_decision(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0002")
    body = 'Intro. "We are ready," she said. She said the pumps work.'
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (id, title, text, content_hash, status, imported_at, extra) "
                "VALUES (1, 'Flood', :body, 'h', 'done', '2026-11-30 10:00:00', '{}')"
            ),
            {"body": body},
        )
        for quote_id, (start, end), kind, status in (
            (1, (7, 39), "direct", "corrected"),
            (2, (41, 58), "indirect", "confirmed"),
        ):
            connection.execute(
                text(
                    'INSERT INTO quotes (id, uid, article_id, start, "end", text, kind, origin, status, '
                    "verified_by, note, created_at, updated_at, version) VALUES (:id, :uid, 1, :start, :end, "
                    ":text, :kind, 'user:ana', :status, 'ana', 'checked', '2026-11-30 10:00:00', "
                    "'2026-11-30 10:00:00', 3)"
                ),
                {
                    "id": quote_id,
                    "uid": f"u{quote_id}",
                    "start": start,
                    "end": end,
                    "text": body[start:end],
                    "kind": kind,
                    "status": status,
                },
            )
    engine.dispose()
    store = Store.open(url)
    try:
        direct, indirect = store.quotes.quotes_for_article(1)
    finally:
        store.close()
    assert [body[s:e] for s, e in direct.pieces] == ['"We are ready,"']
    assert indirect.pieces == ()
    for quote, status in ((direct, "corrected"), (indirect, "confirmed")):
        assert (quote.status, quote.verified_by, quote.note, quote.version) == (status, "ana", "checked", 3)


@pytest.mark.parametrize("kind", ["direct", "partial"])
def test_changing_the_kind_to_indirect_drops_the_pieces_and_back_restores_them(store: Store, kind: str) -> None:
    article_id = _article(store)
    start = TWO_PIECES.index('"We')
    quote = store.quotes.add_quote(article_id, start, len(TWO_PIECES), user="ana", kind=kind)
    indirect = store.quotes.update_quote(quote.id, {"kind": "indirect"}, user="ana", expected_version=quote.version)
    assert indirect.pieces == ()
    again = store.quotes.update_quote(quote.id, {"kind": kind}, user="ana", expected_version=indirect.version)
    assert len(again.pieces) == 2
