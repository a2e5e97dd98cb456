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

A DocBin is one serialised blob, so it is built in memory: its size grows with the articles exported (the
quote rows are still read in batches).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from annotator.export.quote_rows import (
    ArticleDocRow,
    ExportFilter,
    QuoteRow,
    article_ids_with_quotes,
    articles_for_docs,
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


def write_docbin(
    stream: IO[bytes],
    store: Store,
    filters: ExportFilter,
    after_batch: Callable[[int, int], None] | None = None,
) -> int:
    """Build the DocBin and write its bytes; returns the number of quote spans exported.

    `after_batch(articles_done, articles_total)` is called after each batch of articles.
    """
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    docbin = DocBin(store_user_data=True)
    ids = article_ids_with_quotes(store, filters)
    quotes_written = 0
    for first in range(0, len(ids), ARTICLE_BATCH):
        chunk = tuple(ids[first : first + ARTICLE_BATCH])
        by_article: dict[int, list[QuoteRow]] = {}
        for row in quotes_in_articles(store, filters, chunk):
            by_article.setdefault(row.article_id, []).append(row)
        for article in articles_for_docs(store, chunk):
            quotes = by_article.get(article.id, [])
            docbin.add(build_doc(nlp, article, quotes))
            quotes_written += len(quotes)
        if after_batch is not None:
            after_batch(min(first + ARTICLE_BATCH, len(ids)), len(ids))
    stream.write(docbin.to_bytes())
    return quotes_written
