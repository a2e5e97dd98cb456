"""`annotator review ...` through the parser the lead wires into annotator/cli.py."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import pytest

from annotator.config import Settings
from annotator.operations import History
from annotator.review.review_command import add_review_parser, run_review
from annotator.store import Store
from tests.review_fixtures import annotated_article


def _run(store: Store, user: str, *argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="annotator")
    add_review_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["review", *argv])
    out = io.StringIO()
    settings = Settings(database_url=store.url, user_name=user)
    return run_review(args, store, settings, out=out), out.getvalue()


def test_queue_accept_reject_and_sent_back(sqlite_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    store = sqlite_store
    _, quotes = annotated_article(store, user="ana")
    first = store.quotes.confirm_quote(quotes[0].id, user="ana", expected_version=quotes[0].version)
    second = store.quotes.confirm_quote(quotes[1].id, user="ana", expected_version=quotes[1].version)

    code, text = _run(store, "ben", "queue", "--user", "ana", "--since", "2000-01-01")
    assert code == 0
    assert "article 1: Council vote" in text and f"quote {first.id}" in text and "ana:" in text

    assert _run(store, "ben", "accept", str(first.id))[0] == 0
    assert _run(store, "ben", "reject", str(second.id), "--comment", "Not Bo")[0] == 0
    assert store.quotes.get_quote(first.id).review_status == "accepted"
    code, text = _run(store, "ana", "sent-back")
    assert code == 0 and "ben: Not Bo" in text
    assert "nothing to review" in _run(store, "ben", "queue", "--pending")[1]

    # refusals: one line on stderr, exit code 1
    code, _ = _run(store, "ana", "accept", str(first.id))
    assert code == 1
    assert capsys.readouterr().err.strip().count("\n") == 0
    assert _run(store, "ben", "queue", "--since", "yesterday")[0] == 1
    assert _run(store, "ben", "agreement", "--user", "ana")[0] == 1


def test_import_conflicts_resolve_and_agreement_csv(sqlite_store: Store, tmp_path: Path) -> None:
    store = sqlite_store
    _, mine = annotated_article(store, user="ana")
    store.quotes.confirm_quote(mine[0].id, user="ana", expected_version=mine[0].version)
    ben_path = tmp_path / "ben.db"
    ben = Store.open(f"sqlite:///{ben_path}")
    _, theirs = annotated_article(ben, user="ben")
    ben.quotes.update_quote(theirs[0].id, {"kind": "partial"}, user="ben", expected_version=theirs[0].version)
    ben.close()

    code, text = _run(store, "ana", "import", str(ben_path))
    assert code == 0 and "1 conflicts" in text
    code, text = _run(store, "ana", "conflicts")
    [conflict] = store.review.review_conflicts()
    assert f"conflict {conflict.id}" in text and "partial" in text
    code, text = _run(store, "ana", "agreement", "--user", "ana", "--user", "ben", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert code == 0 and rows[-1]["article_title"] == "overall" and rows[-1]["exact_f1"] == "1.0000"
    assert _run(store, "ana", "resolve", str(conflict.id), "--keep", "theirs")[0] == 0
    assert store.quotes.get_quote(mine[0].id).kind == "partial"
    assert "no open conflicts" in _run(store, "ana", "conflicts")[1]


def test_review_decisions_check_the_version_and_are_undone_like_any_decision(
    sqlite_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    store = sqlite_store
    _, quotes = annotated_article(store, user="ana")
    decided = store.quotes.confirm_quote(quotes[0].id, user="ana", expected_version=quotes[0].version)
    store.quotes.update_quote(decided.id, {"note": "ana changed her mind"}, user="ana", action="note")

    code, text = _run(store, "ben", "accept", str(decided.id), "--expect-version", str(decided.version))
    assert code == 1  # Ben saw an older version: refused, with the quote as it is now
    assert "changed by ana" in capsys.readouterr().err
    assert f"quote {decided.id} is now at version {decided.version + 1}" in text
    assert store.quotes.get_quote(decided.id).review_status is None

    code, text = _run(store, "ben", "send-back", str(decided.id), "--comment", "Not Ana", "--expect-version", "3")
    assert code == 0 and "sent back to ana" in text
    History(store, "ben").undo()
    assert store.quotes.get_quote(decided.id).review_status is None
