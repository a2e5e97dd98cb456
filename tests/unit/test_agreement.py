"""Agreement figures against small examples worked out by hand (the working is in the comments)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from annotator.decision_records import DecisionState
from annotator.review.agreement import (
    agreement,
    cohens_kappa,
    compare_article,
    format_table,
    kappa_undefined_because,
    overall,
    to_csv,
)
from annotator.review.colleague_import import import_colleague_database
from annotator.store import Store, StoreError
from tests.review_fixtures import annotated_article, span


def q(start: int, end: int, speaker: str | None, status: str = "confirmed") -> DecisionState:
    return DecisionState(status=status, start=start, end=end, text="", kind="direct", speaker=speaker)


def test_hand_computed_example() -> None:
    # Article 1
    #   A: [0,10) X   [20,30) Y   [40,50) X   [60,70) unknown                         -> 4 quotes
    #   B: [0,10) X   [22,30) Y   [45,55) Y   [80,90) X   [28,38) X   [60,70) rejected -> 5 quotes
    #   exact: only [0,10)                                   -> 1;  F1 = 2*1 / (4+5) = 2/9
    #   overlap pairs, largest first: a1-b1 (10), a2-b2 (8), a3-b3 (5); b5 touches a2 by 2 chars but a2 is
    #   taken, a4 overlaps nothing B calls a quote            -> 3;  F1 = 2*3 / 9 = 2/3
    #   speakers on the pairs: (x,x) (y,y) (x,y)             -> 2/3 = 66.67 %
    #   kappa: A labels x2 y1, B labels x1 y2: p_e = (2*1 + 1*2)/9 = 4/9, p_o = 6/9,
    #          kappa = (6/9 - 4/9) / (1 - 4/9) = (2/9) / (5/9) = 0.4
    a1 = [q(0, 10, "X"), q(20, 30, "Y"), q(40, 50, "X"), q(60, 70, None)]
    b1 = [
        q(0, 10, "X"),
        q(22, 30, "Y"),
        q(45, 55, "Y"),
        q(80, 90, "X"),
        q(28, 38, "X"),
        q(60, 70, None, status="rejected"),
    ]
    first = compare_article(1, "one", a1, b1)
    assert (first.quotes_a, first.quotes_b, first.exact_matches, first.overlap_matches) == (4, 5, 1, 3)
    assert first.exact_f1 == pytest.approx(2 / 9)
    assert first.overlap_f1 == pytest.approx(2 / 3)
    assert first.speaker_percent == pytest.approx(200 / 3)
    assert first.speaker_kappa == pytest.approx(0.4)

    # Article 2: A [0,10) Z, B [0,10) " z " (same name once spaces and case are ignored)
    #   exact 1, overlap 1: both F1 = 2*1/2 = 1; speakers 1/1 = 100 %;
    #   kappa: p_e = (1*1)/1 = 1 -> undefined (None)
    second = compare_article(2, "two", [q(0, 10, "Z")], [q(0, 10, " z ")])
    assert (second.exact_f1, second.overlap_f1, second.speaker_percent) == (1.0, 1.0, 100.0)
    assert second.speaker_kappa is None

    # Overall (pooled): A 5, B 6, exact 2 -> 4/11, overlap 4 -> 8/11; speakers (x,x)(y,y)(x,y)(z,z): 3/4
    #   kappa: A x2 y1 z1, B x1 y2 z1: p_e = (2*1 + 1*2 + 1*1)/16 = 5/16, p_o = 12/16,
    #          kappa = (12/16 - 5/16) / (11/16) = 7/11
    total = overall([first, second])
    assert (total.article_id, total.quotes_a, total.quotes_b) == (None, 5, 6)
    assert total.exact_f1 == pytest.approx(4 / 11)
    assert total.overlap_f1 == pytest.approx(8 / 11)
    assert total.speaker_percent == pytest.approx(75.0)
    assert total.speaker_kappa == pytest.approx(7 / 11)


def test_kappa_edge_cases() -> None:
    assert cohens_kappa([]) is None
    # complete disagreement between two labels used equally: p_o 0, p_e 1/2 -> -1
    assert cohens_kappa([("a", "b"), ("b", "a")]) == pytest.approx(-1.0)
    assert compare_article(None, "none", [], []).exact_f1 is None


def test_kappa_is_undefined_in_words_when_one_editor_uses_one_speaker() -> None:
    # 6 of 7 the same speaker (85.7 %), but A named Ana Lima every time: chance explains it all
    pairs = [("ana lima", "ana lima")] * 6 + [("ana lima", "bo chen")]
    assert cohens_kappa(pairs) is None  # was 0.000
    reason = kappa_undefined_because(pairs)
    assert reason is not None and "editor A gave every quote the same speaker" in reason
    assert "both editors" in (kappa_undefined_because([("x", "x")] * 3) or "")
    assert kappa_undefined_because([("a", "b"), ("b", "a")]) is None


def test_agreement_from_the_database_and_as_csv(store: Store, tmp_path: Path) -> None:
    # Ana decides in this database; Ben works offline and his database is imported.
    _, mine = annotated_article(store, user="ana")
    for quote in mine[:3]:
        store.quotes.confirm_quote(quote.id, user="ana", expected_version=quote.version)
    store.quotes.reject_quote(mine[3].id, user="ana", expected_version=mine[3].version)
    ben_path = tmp_path / "ben.db"
    ben = Store.open(f"sqlite:///{ben_path}")
    ben_article, theirs = annotated_article(ben, user="ben")
    ben.quotes.confirm_quote(theirs[0].id, user="ben", expected_version=theirs[0].version)
    carla = ben.people.find_or_create_person("Carla Diaz", user="ben")
    ben.quotes.set_speaker(theirs[1].id, carla.id, user="ben", expected_version=theirs[1].version)
    ben.quotes.update_quote(theirs[2].id, {"end": theirs[2].end - 1}, user="ben", expected_version=theirs[2].version)
    start, end = span('"unfunded"')
    ben.quotes.add_quote(ben_article, start, end, user="ben")
    ben.close()
    import_colleague_database(store, ben_path, user="ana")

    rows = agreement(store, "ana", "ben")

    # Ana: quotes 1, 2, 3 (the 4th rejected).  Ben: 1, 2 (other speaker), 3 shortened by one, "unfunded".
    #   exact: 1 and 2 -> 2; F1 = 2*2 / (3+4) = 4/7.  overlap: 1, 2, 3 -> 3; F1 = 6/7.
    #   speakers: (ana lima, ana lima) (bo chen, carla diaz) (bo chen, bo chen) -> 2/3
    #   kappa: Ana ana1 bo2, Ben ana1 carla1 bo1: p_e = (1*1 + 2*1)/9 = 3/9, p_o = 6/9 -> (3/9)/(6/9) = 0.5
    article, total = rows
    assert article.article_id == mine[0].article_id and total.article_id is None
    for row in rows:
        assert (row.quotes_a, row.quotes_b, row.exact_matches, row.overlap_matches) == (3, 4, 2, 3)
        assert row.exact_f1 == pytest.approx(4 / 7)
        assert row.overlap_f1 == pytest.approx(6 / 7)
        assert row.speaker_percent == pytest.approx(200 / 3)
        assert row.speaker_kappa == pytest.approx(0.5)

    parsed = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert [r["article_title"] for r in parsed] == ["Council vote", "overall"]
    assert parsed[1]["article_id"] == ""
    assert parsed[0]["exact_f1"] == "0.5714" and parsed[0]["speaker_kappa"] == "0.5000"
    assert "overall" in format_table(rows)
    with pytest.raises(StoreError):
        agreement(store, "ana", "ana")


def test_csv_neutralises_formula_titles() -> None:
    row = compare_article(1, "=HYPERLINK(1)", [q(0, 5, "x")], [q(0, 5, "x")])
    [parsed] = list(csv.DictReader(io.StringIO(to_csv([row]))))
    assert parsed["article_title"] == "'=HYPERLINK(1)"
