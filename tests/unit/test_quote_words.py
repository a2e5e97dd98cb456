"""A quote's words (the CSV's `quote` cell) are stored with the quote: kept by every write, given to the
quotes of an older database by migration 0011, and worked out on the side where another program left
them out, so the export never writes a stale or missing cell."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text

from annotator.db.opening import alembic_config, make_engine
from annotator.export import ExportFilter, export_quotes, parse_statuses
from annotator.operations import History
from annotator.pieces import verbatim_words
from annotator.store import Store
from tests.unit.test_piece_operations import CASES, Case, Scene, scene  # noqa: F401 (the fixture)

EVERY_QUOTE = ExportFilter(statuses=parse_statuses("all"))


def _stored(store: Store) -> dict[int, tuple[str | None, str]]:
    """Each quote's stored words beside the words its content and pieces give."""
    with store.engine.connect() as connection:
        rows = connection.execute(text("SELECT id, words, text, start, pieces FROM quotes")).all()
    found: dict[int, tuple[str | None, str]] = {}
    for quote_id, words, content, start, pieces in rows:
        parsed: Any = json.loads(pieces) if isinstance(pieces, str) else pieces
        found[quote_id] = (words, verbatim_words(content, start, parsed or ()))
    return found


def _assert_words_kept(store: Store) -> None:
    stored = _stored(store)
    assert stored
    assert {quote_id: pair[0] for quote_id, pair in stored.items()} == {
        quote_id: pair[1] for quote_id, pair in stored.items()
    }


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_piece_decision_and_its_undo_keep_the_stored_words(scene: Scene, case: Case) -> None:  # noqa: F811
    _assert_words_kept(scene.store)  # the model's quotes, and the bounds the scene set
    history = History(scene.store, "ana")
    history.run(case.build(scene))
    _assert_words_kept(scene.store)
    history.undo()
    _assert_words_kept(scene.store)
    history.redo()
    _assert_words_kept(scene.store)


def test_a_database_at_0010_upgrades_with_every_quotes_words(db_url: str) -> None:
    body = 'Intro. "We are ready," she said. "The pumps work." She said the pumps work.'
    first = (body.index('"We'), body.index(" She said"))
    pieces = [[body.index('"We'), body.index(" she")], [body.index('"The'), body.index(" She said")]]
    indirect = (body.index("the pumps work."), len(body))
    engine = make_engine(db_url)
    try:
        command.upgrade(alembic_config(engine), "0010")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO articles (id, title, text, content_hash, status, imported_at, extra) "
                    "VALUES (1, 'Flood', :body, 'h', 'done', '2026-11-30 10:00:00', '{}')"
                ),
                {"body": body},
            )
            for quote_id, (start, end), kind, quote_pieces in (
                (1, first, "direct", pieces),
                (2, indirect, "indirect", []),
            ):
                connection.execute(
                    text(
                        'INSERT INTO quotes (id, uid, article_id, start, "end", text, pieces, kind, origin, status, '
                        "verified_by, created_at, updated_at, version) VALUES (:id, :uid, 1, :start, :end, :text, "
                        ":pieces, :kind, 'user:ana', 'confirmed', 'ana', '2026-11-30 10:00:00', "
                        "'2026-11-30 10:00:00', 2)"
                    ),
                    {
                        "id": quote_id,
                        "uid": f"u{quote_id}",
                        "start": start,
                        "end": end,
                        "text": body[start:end],
                        "pieces": json.dumps(quote_pieces),
                        "kind": kind,
                    },
                )
    finally:
        engine.dispose()

    store = Store.open(db_url)  # opening migrates to the head
    try:
        assert {quote_id: pair[0] for quote_id, pair in _stored(store).items()} == {
            1: "We are ready … The pumps work.",
            2: "the pumps work.",
        }
        assert [q.version for q in store.quotes.quotes_for_article(1)] == [2, 2]  # no decision touched
    finally:
        store.close()


def test_a_quote_another_program_wrote_without_words_still_exports_its_words(
    sqlite_store: Store, tmp_path: Path
) -> None:
    from annotator.store import NewArticle

    body = '"=SUM(A1) is the plan," she said. "We are ready."'
    article, _ = sqlite_store.articles.add_article(NewArticle(title="Sheet", text=body), user="ana")
    quote = sqlite_store.quotes.add_quote(article.id, 0, len(body), user="ana")
    with sqlite_store.engine.begin() as connection:
        connection.execute(text("UPDATE quotes SET words = NULL WHERE id = :id"), {"id": quote.id})

    path = tmp_path / "quotes.csv"
    assert export_quotes(sqlite_store, path, filters=EVERY_QUOTE) == 1
    with path.open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["quote"] == "'=SUM(A1) is the plan … We are ready."
    jsonl = tmp_path / "quotes.jsonl"
    export_quotes(sqlite_store, jsonl, format="jsonl", filters=EVERY_QUOTE)
    [record] = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert record["quote"] == record["spans"]["quote"]["words"] == "=SUM(A1) is the plan … We are ready."


def test_the_json_lines_export_gives_the_stored_words(sqlite_store: Store, tmp_path: Path) -> None:
    from annotator.store import NewArticle

    body = '"We are ready," she said. "The pumps work."'
    article, _ = sqlite_store.articles.add_article(NewArticle(title="Flood", text=body), user="ana")
    sqlite_store.quotes.add_quote(article.id, 0, len(body), user="ana")
    with sqlite_store.engine.begin() as connection:
        connection.execute(text("UPDATE quotes SET words = 'as stored'"))  # what the export must read

    jsonl = tmp_path / "quotes.jsonl"
    export_quotes(sqlite_store, jsonl, format="jsonl", filters=EVERY_QUOTE)
    [record] = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert record["quote"] == "as stored"
