"""The DocBin export to a folder: numbered parts of bounded size that spaCy reads back as one corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.export import ExportCancelled, ExportFilter, export_quotes, parse_statuses
from annotator.export.spacy_export import write_docbin_parts
from annotator.store import Store
from tests.unit.export_data import VERIFIED, Sample, build

EVERY_QUOTE = ExportFilter(statuses=parse_statuses("all"))


@pytest.fixture
def sample(store: Store) -> Sample:
    return build(store)


def _docs(path: Path) -> list:  # type: ignore[type-arg]
    import spacy
    from spacy.training import Corpus

    nlp = spacy.blank("en")
    return [example.reference for example in Corpus(path)(nlp)]


def _spans(docs: list) -> list[tuple[int, list[tuple[str, int, int]]]]:  # type: ignore[type-arg]
    return sorted(
        (doc.user_data["article_id"], sorted((s.id_, s.start_char, s.end_char) for s in doc.spans["quotes"]))
        for doc in docs
    )


def test_a_folder_gets_parts_that_read_back_as_the_single_file(store: Store, sample: Sample, tmp_path: Path) -> None:
    single = tmp_path / "quotes.spacy"
    export_quotes(store, single, format="spacy", filters=EVERY_QUOTE)
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "part-00009.spacy").write_bytes(b"an old part")  # replaced, not left to spoil the corpus
    count = write_docbin_parts(folder, store, EVERY_QUOTE, part_articles=1)

    parts = sorted(p.name for p in folder.iterdir())
    assert parts == [f"part-{n:05d}.spacy" for n in range(1, len(sample.articles) + 1)]  # one article each
    assert _spans(_docs(folder)) == _spans(_docs(single))
    assert count == sum(len(spans) for _, spans in _spans(_docs(single)))


def test_export_quotes_to_a_folder_writes_parts(store: Store, sample: Sample, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    assert export_quotes(store, folder, format="spacy") == len(VERIFIED)
    assert [p.name for p in folder.iterdir()] == ["part-00001.spacy"]  # three articles: one part


def test_a_cancelled_folder_export_keeps_the_old_parts(store: Store, sample: Sample, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    export_quotes(store, folder, format="spacy")
    before = (folder / "part-00001.spacy").read_bytes()
    with pytest.raises(ExportCancelled):
        export_quotes(store, folder, format="spacy", filters=EVERY_QUOTE, progress=lambda done, _t, _l: done == 0)
    assert [p.name for p in folder.iterdir()] == ["part-00001.spacy"]
    assert (folder / "part-00001.spacy").read_bytes() == before


def _archive(store: Store, articles: int) -> list[int]:
    """`articles` articles of ten suggested quotes each (quote marks and all), stored as the engine would."""
    from annotator.nlp.types import Annotations, QuoteGuess
    from annotator.store import NewArticle

    ids = []
    for n in range(articles):
        text = "".join(f"“We will cut costs in ward {n}-{k},” the mayor told the council. " for k in range(10))
        summary, _ = store.articles.add_article(NewArticle(title=f"Council story {n}", text=text), user="importer")
        quotes, position = [], 0
        for _ in range(10):
            start = text.index("“", position)
            position = text.index("”", start) + 1
            quotes.append(QuoteGuess(start, position, text[start:position], "direct", 0.9))
        store.articles.save_annotations(summary.id, Annotations(quotes=tuple(quotes), model="a model"), user="model")
        ids.append(summary.id)
    return ids


def test_a_folder_export_keeps_memory_flat_as_the_archive_grows(
    sqlite_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracemalloc

    import spacy

    from annotator.export import spacy_export

    monkeypatch.setattr(spacy_export, "ARTICLE_BATCH", 10)  # read in small batches, so a few hundred articles are many
    spacy.blank("en")  # the tokenizer's one-off tables are not the export's
    ids = _archive(sqlite_store, 120)

    def peak(articles: int, target: Path) -> int:
        chosen = ExportFilter(statuses=parse_statuses("all"), article_ids=tuple(ids[:articles]))
        tracemalloc.start()
        try:
            if target.suffix == ".spacy":
                export_quotes(sqlite_store, target, format="spacy", filters=chosen)
            else:
                target.mkdir()
                write_docbin_parts(target, sqlite_store, chosen, part_articles=10)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(20, tmp_path / "small"), peak(120, tmp_path / "large")
    assert len(list((tmp_path / "large").iterdir())) == 12
    assert large < small * 1.5  # six times the articles, about the same memory (a generous bound)
    # the measure tells: one .spacy file, a single blob, grows with the articles
    assert peak(120, tmp_path / "all.spacy") > peak(20, tmp_path / "some.spacy") * 2
