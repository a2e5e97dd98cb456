"""A spaCy DocBin of the annotated articles, for training.

Which articles: those holding at least one exported quote (the same filters as the CSV). An article with
nothing verified would teach a model that it has no quotes, so it stays out; pass `--status all` to include
articles with suggestions only. Within an article, only the exported quotes become spans.

Per doc (tokenised by `spacy.blank("en")`, no trained model needed):
- doc.ents: the article's mentions (PERSON, ORG, ...); overlapping mentions keep the longest
  (`spacy.util.filter_spans`), as doc.ents cannot overlap.
- doc.spans["quotes"]: each quote span with its marks, label = kind, span id = the quote's uid.
- doc.spans["speakers"]: the speaker as written, label "SPEAKER", kb_id = the canonical name, span id = uid.
- doc.spans["cues"]: the cue ("said", "told"), label "CUE", span id = uid.
- doc.user_data: article id, title, outlet, published, url and the quotes' ids, speakers and statuses.
Character offsets become tokens with `doc.char_span(..., alignment_mode="expand")`.

The articles are read ARTICLE_BATCH at a time (their ids too, by keyset pages), and each doc is added to
the DocBin as it is built. A DocBin is one serialised blob, so a single .spacy file still grows in memory
with the articles exported (the DocBin keeps each doc's token arrays until it is written). For an
archive, export to a folder instead:
`write_docbin_parts` writes part-00001.spacy, part-00002.spacy, ... of at most PART_ARTICLES articles each,
so memory stays bounded by one part; `spacy train` and `spacy.training.Corpus` read such a folder as one
corpus. The parts are written beside the folder's old ones and replace them only once all are on disk.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from annotator.export.quote_rows import (
    ArticleDocRow,
    ExportFilter,
    QuoteRow,
    article_id_pages,
    articles_for_docs,
    count_articles_with_quotes,
    quotes_in_articles,
)
from annotator.store import Store

ARTICLE_BATCH = 200


def _char_span(doc: Any, start: int | None, end: int | None, **kwargs: Any) -> Any:
    if start is None or end is None or not (0 <= start < end <= len(doc.text)):
        return None
    return doc.char_span(start, end, alignment_mode="expand", **kwargs)


def build_doc(nlp: Any, article: ArticleDocRow, quotes: list[QuoteRow]) -> Any:
    from spacy.util import filter_spans

    doc = nlp.make_doc(article.text)
    entities = [_char_span(doc, start, end, label=label) for start, end, label in article.mentions]
    doc.ents = filter_spans([span for span in entities if span is not None])
    quote_spans, piece_spans, speaker_spans, cue_spans = [], [], [], []
    for q in quotes:
        span = _char_span(doc, q.start, q.end, label=q.kind, span_id=q.quote_id)
        if span is not None:
            quote_spans.append(span)
        for piece_start, piece_end in q.pieces:
            piece = _char_span(doc, piece_start, piece_end, label="PIECE", span_id=q.quote_id)
            if piece is not None:
                piece_spans.append(piece)
        speaker = _char_span(
            doc, q.speaker_start, q.speaker_end, label="SPEAKER", kb_id=q.speaker or "", span_id=q.quote_id
        )
        if speaker is not None:
            speaker_spans.append(speaker)
        cue = _char_span(doc, q.cue_start, q.cue_end, label="CUE", span_id=q.quote_id)
        if cue is not None:
            cue_spans.append(cue)
    doc.spans["quotes"] = quote_spans
    doc.spans["quote_pieces"] = piece_spans
    doc.spans["speakers"] = speaker_spans
    doc.spans["cues"] = cue_spans
    doc.user_data.update(
        {
            "article_id": article.id,
            "title": article.title,
            "outlet": article.outlet,
            "published": article.published,
            "url": article.url,
            "quotes": [
                {
                    "quote_id": q.quote_id,
                    "start": q.start,
                    "end": q.end,
                    "pieces": [[s, e] for s, e in q.pieces],
                    "words": q.quote,
                    "kind": q.kind,
                    "speaker": q.speaker,
                    "speaker_id": q.speaker_id,
                    "status": q.status,
                }
                for q in quotes
            ],
        }
    )
    return doc


def iter_docs(
    store: Store,
    filters: ExportFilter,
    after_batch: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[Any, int]]:
    """(doc, quotes in it) for each exported article in id order, read ARTICLE_BATCH articles at a time.

    `after_batch(articles_done, articles_total)` is called after each batch of articles.
    """
    import spacy

    nlp = spacy.blank("en")
    total = count_articles_with_quotes(store, filters) if after_batch is not None else 0
    done = 0
    for chunk in article_id_pages(store, filters, ARTICLE_BATCH):
        by_article: dict[int, list[QuoteRow]] = {}
        for row in quotes_in_articles(store, filters, chunk):
            by_article.setdefault(row.article_id, []).append(row)
        for article in articles_for_docs(store, chunk):
            quotes = by_article.get(article.id, [])
            yield build_doc(nlp, article, quotes), len(quotes)
        done += len(chunk)
        if after_batch is not None:
            after_batch(done, max(total, done))


def write_docbin(
    stream: IO[bytes],
    store: Store,
    filters: ExportFilter,
    after_batch: Callable[[int, int], None] | None = None,
) -> int:
    """Build one DocBin and write its bytes; returns the number of quote spans exported."""
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=True)
    quotes_written = 0
    for doc, quotes in iter_docs(store, filters, after_batch):
        docbin.add(doc)
        quotes_written += quotes
    stream.write(docbin.to_bytes())
    return quotes_written


PART_ARTICLES = 1_000
PART_PATTERN = "part-*.spacy"


def write_docbin_parts(
    folder: Path,
    store: Store,
    filters: ExportFilter,
    after_batch: Callable[[int, int], None] | None = None,
    *,
    part_articles: int = PART_ARTICLES,
) -> int:
    """Write the DocBin as numbered parts of at most `part_articles` articles into `folder`; returns the
    number of quote spans exported. Earlier parts in the folder are replaced only once every new one is
    written; a failed or cancelled export leaves them as they were."""
    from spacy.tokens import DocBin

    staging = Path(tempfile.mkdtemp(prefix=".parts-", dir=folder))
    try:
        docbin = DocBin(store_user_data=True)
        parts = quotes_written = 0

        def flush() -> None:
            nonlocal docbin, parts
            parts += 1
            docbin.to_disk(staging / f"part-{parts:05d}.spacy")
            docbin = DocBin(store_user_data=True)

        for doc, quotes in iter_docs(store, filters, after_batch):
            docbin.add(doc)
            quotes_written += quotes
            if len(docbin) >= part_articles:
                flush()
        if len(docbin) or not parts:
            flush()  # an empty export is one empty part: the folder still reads as a (small) corpus
        for old in folder.glob(PART_PATTERN):
            old.unlink()
        for new in sorted(staging.glob(PART_PATTERN)):
            os.replace(new, folder / new.name)
        return quotes_written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
