"""The CSV's `quote` cell comes from the words each quote stores (annotator/db/models.py): for quotes of every
shape at the edges of the piece rules, an editor gets the same words as annotator.pieces gives, neutralised."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annotator.export import ExportFilter, export_quotes, parse_statuses
from annotator.export.csv_export import FORMULA_STARTS
from annotator.pieces import verbatim_words
from annotator.store import NewArticle, Store

# Contents at the edges of what the database cuts itself: every pair of marks, spaces (Unicode ones too) and a
# writer's comma inside the marks, formula starts, lone or unmatched marks, two pieces, the shortest texts.
CONTENTS = (
    "“We are ready”",
    '"plain words"',
    "'single marks'",
    "«Bonjour à tous»",
    "„Wir sind bereit“",
    "「你好，世界」",
    "»Hej«",
    "“ spaced inside ”",
    "“a comma before the mark,”",
    "“=SUM(A1)”",
    "“-5 degrees”",
    '"\tafter a tab"',
    "“\u00a0after a no-break space”",
    "“before an ideographic space\u3000”",
    "“a”",
    "“”",
    "no marks at all",
    "=SUM(A1:A9) unmarked",
    "@handle unmarked",
    "“never closed",
    "closed only”",
    "“mismatched»",
    '"We are ready," she said. "The pumps work."',
    "“emoji 🎉 inside”",
    "“line one\nline two”",
    "x",
)
EVERY_QUOTE = ExportFilter(statuses=parse_statuses("all"))


def _expected(content: str, start: int, pieces: tuple[tuple[int, int], ...]) -> str:
    words = verbatim_words(content, start, pieces)
    return "'" + words if words and words[0] in FORMULA_STARTS else words


@pytest.mark.parametrize("kind", ["direct", "partial", "indirect"])
def test_quote_cell_matches_the_pieces_words_whoever_cuts_it(store: Store, tmp_path: Path, kind: str) -> None:
    text = " | ".join(CONTENTS)
    article, _ = store.articles.add_article(NewArticle(title="Edges", text=text), user="ana")
    expected: dict[str, str] = {}
    at = 0
    for content in CONTENTS:
        start = text.index(content, at)
        at = start + len(content)
        quote = store.quotes.add_quote(article.id, start, at, user="ana", kind=kind)
        expected[quote.uid] = _expected(quote.text, quote.start, quote.pieces)

    path = tmp_path / "quotes.csv"
    assert export_quotes(store, path, filters=EVERY_QUOTE) == len(CONTENTS)
    with path.open(encoding="utf-8", newline="") as handle:
        got = {row["quote_id"]: row["quote"] for row in csv.DictReader(handle)}
    assert got == expected
