"""`annotate(text) -> Annotations`: entities, quotes, cues, speakers and venues for one article."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from annotator.nlp.attribution import Attribution, doc_text, find_cues, indirect_attributions, link_quotes
from annotator.nlp.confidence import HEADLINE_HEADER, quote_confidence
from annotator.nlp.pipeline import load_pipeline, pipeline_info
from annotator.nlp.quotes import QuoteSpan, scan_quotes
from annotator.nlp.resolution import Article, Organisations, article_people, known_person_mentions, resolve_speakers
from annotator.nlp.speakers import PersonIndex
from annotator.nlp.types import Annotations, EntitySpan, KnownPerson, QuoteGuess, SpeakerGuess, TextSpan

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

NICKNAME_CUES = re.compile(r"(?:nicknamed|nickname|dubbed|known as|so-called|aka|a\.k\.a\.)\s*$", re.IGNORECASE)
# A short Title Case quote after these names a programme, book or publication, not speech:
# 'broadcast of "Fox News Sunday,"', 'On "Face the Nation,"', 'wrote in "The Art of the Deal"'.
TITLE_LEAD = re.compile(r"(?:\b(?:of|on|in|at|to|from|for|via)|[\u2019']s?)\s*$", re.IGNORECASE)


def model_label(nlp: Language) -> str:
    name, version = pipeline_info(nlp)
    return f"{name} {version}".strip()


def annotate(text: str, *, known_people: Sequence[KnownPerson] = (), nlp: Language | None = None) -> Annotations:
    nlp = nlp if nlp is not None else load_pipeline()
    if len(text) >= nlp.max_length:
        return _annotate_in_parts(text, nlp, known_people)
    return annotate_doc(nlp(text), known_people=known_people, model=model_label(nlp))


def annotate_many(
    texts: Iterable[str],
    *,
    known_people: Sequence[KnownPerson] = (),
    n_process: int = 1,
    batch_size: int = 16,
    nlp: Language | None = None,
) -> Iterator[Annotations]:
    """Annotations for each text, in order; `n_process=2` parses on two cores."""
    nlp = nlp if nlp is not None else load_pipeline()
    model = model_label(nlp)
    too_long: dict[int, str] = {}

    def parseable() -> Iterator[str]:
        for index, text in enumerate(texts):
            if len(text) >= nlp.max_length:
                too_long[index] = text
                yield ""  # keeps the order; the text is annotated in parts below
            else:
                yield text

    for index, doc in enumerate(nlp.pipe(parseable(), n_process=n_process, batch_size=batch_size)):
        if index in too_long:
            yield _annotate_in_parts(too_long.pop(index), nlp, known_people)
        else:
            yield annotate_doc(doc, known_people=known_people, model=model)


def _annotate_in_parts(text: str, nlp: Language, known_people: Sequence[KnownPerson]) -> Annotations:
    """A text longer than the pipeline accepts (nlp.max_length), annotated paragraph block by block."""
    limit = max(1000, nlp.max_length // 2)
    entities: list[EntitySpan] = []
    quotes: list[QuoteGuess] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        part = annotate_doc(nlp(text[start:end]), known_people=known_people)
        entities.extend(replace(e, start=e.start + start, end=e.end + start) for e in part.entities)
        quotes.extend(_shifted(q, start) for q in part.quotes)
        start = end
    return Annotations(entities=tuple(entities), quotes=tuple(quotes), model=model_label(nlp))


def _shifted(quote: QuoteGuess, offset: int) -> QuoteGuess:
    def span(part: TextSpan | None) -> TextSpan | None:
        return None if part is None else replace(part, start=part.start + offset, end=part.end + offset)

    speaker = quote.speaker
    return replace(
        quote,
        start=quote.start + offset,
        end=quote.end + offset,
        cue=span(quote.cue),
        venue=span(quote.venue),
        speaker=None if speaker is None else replace(speaker, start=speaker.start + offset, end=speaker.end + offset),
    )


# -- one document -------------------------------------------------------------------------------------------


def _entities(doc: Doc, known: list[tuple[int, int, str]]) -> list[EntitySpan]:
    entities = [EntitySpan(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
    for start, end, _ in known:
        overlapping = [e for e in entities if e.start < end and start < e.end]
        if any(e.label == "PERSON" and e.start <= start and end <= e.end for e in overlapping):
            continue
        entities = [e for e in entities if e not in overlapping]
        entities.append(EntitySpan(start, end, "PERSON", doc_text(doc)[start:end]))
    return sorted(entities, key=lambda e: e.start)


def _without_overlaps(attributions: list[Attribution]) -> list[Attribution]:
    """Sorted and disjoint: a span that runs into the one before it is folded into it."""
    result: list[Attribution] = []
    for item in sorted(attributions, key=lambda a: (a.start, -a.end)):
        if item.end <= item.start:
            continue
        if result and item.start < result[-1].end:
            result[-1].end = max(result[-1].end, item.end)
            continue
        result.append(item)
    return result


def _headline_end(text: str) -> int:
    """End of the first non-blank line when it reads as a headline (no closing full stop)."""
    match = re.match(r"\s*([^\n]*)", text)
    if not match:
        return 0
    line = match.group(1).rstrip()
    return match.end(1) if line and not line.endswith((".", "!", "?", "\u201d", '"', "'", "\u2019")) else 0


def _is_nickname(text: str, span: QuoteSpan) -> bool:
    inner = text[span.start + 1 : span.end - 1].strip()
    words = inner.split()
    if not words or len(words) > 4:
        return False
    before = text[max(0, span.start - 30) : span.start]
    after = text[span.end : span.end + 30]
    between_names = bool(re.search(r"[A-Z][a-z]+\s$", before) and re.match(r"\s[A-Z][a-z]+", after))
    title_case = all(w[:1].isupper() or w.lower() in ("of", "the", "and", "a", "in", "on", "for") for w in words)
    is_title = title_case and bool(TITLE_LEAD.search(before))
    return between_names or is_title or bool(NICKNAME_CUES.search(before))


def annotate_doc(doc: Doc, *, known_people: Sequence[KnownPerson] = (), model: str = "") -> Annotations:
    text = doc_text(doc)
    scan = scan_quotes(text)
    # Nicknames and attribute values of leftover markup (<tweet author="...">) are not quotes.
    spans = [s for s in scan.spans if not _is_nickname(text, s) and not text[: s.start].endswith("=")]
    quote_ranges = [(s.start, s.end) for s in spans]
    cues = find_cues(doc, quote_ranges)
    # A quoted title that names the venue ("told CBS' 'This Morning.'") is not a quote.
    spans = [s for s in spans if not any(c.venue and c.venue[0] <= s.start and s.end <= c.venue[1] for c in cues)]
    attributions = link_quotes(doc, spans, cues)
    taken = [(a.start, a.end) for a in attributions]
    attributions += indirect_attributions(doc, cues, taken)
    attributions = _without_overlaps(attributions)

    known = known_person_mentions(text, known_people)
    people = article_people(doc, cues, quote_ranges, known_people, known)

    article = Article(doc, people, Organisations(doc), tuple(known))
    speakers = resolve_speakers(article, attributions)

    headline_end = _headline_end(text)
    guesses = []
    for attribution, speaker in zip(attributions, speakers, strict=True):
        confidence = quote_confidence(
            attribution.confidence, attribution.kind, speaker, in_headline=attribution.start < headline_end
        )
        attribution_cue = attribution.cue
        cue_span = (
            TextSpan(attribution_cue.start, attribution_cue.end, text[attribution_cue.start : attribution_cue.end])
            if attribution_cue
            else None
        )
        if attribution.dash_name is not None:
            dash_start = text.rfind("\u2014", attribution.end, attribution.dash_name[0])
            for dash in ("\u2015", "\u2013", "-"):
                dash_start = max(dash_start, text.rfind(dash, attribution.end, attribution.dash_name[0]))
            if dash_start >= 0:
                cue_span = TextSpan(dash_start, dash_start + 1, text[dash_start : dash_start + 1])
        venue = None
        if attribution_cue is not None and attribution_cue.venue is not None and attribution.inherited_from is None:
            venue_start, venue_end = attribution_cue.venue
            venue = TextSpan(venue_start, venue_end, text[venue_start:venue_end])
        guesses.append(
            QuoteGuess(
                start=attribution.start,
                end=attribution.end,
                text=text[attribution.start : attribution.end],
                kind=attribution.kind,
                confidence=confidence,
                cue=cue_span,
                speaker=speaker,
                venue=venue,
            )
        )
    guesses.extend(_colon_headlines(text, people, guesses))
    guesses.sort(key=lambda g: g.start)
    return Annotations(entities=tuple(_entities(doc, known)), quotes=tuple(guesses), model=model)


COLON_HEADLINE = re.compile(r"^([A-Z][\w.\u2019'\-]*(?: [A-Z][\w.\u2019'\-]*){0,3}): +(\S[^\n]{5,200})$", re.MULTILINE)


def _colon_headlines(text: str, people: PersonIndex, taken: list[QuoteGuess]) -> list[QuoteGuess]:
    """Headlines that attribute with a colon and no quote marks: "Zuckerberg: There's no secret deal".
    Only when the part before the colon names a person of the article."""
    found = []
    for match in COLON_HEADLINE.finditer(text):
        person = people.find_person(match.group(1))
        start, end = match.span(2)
        if person is None or any(q.start < end and start < q.end for q in taken):
            continue
        colon = match.end(1)
        found.append(
            QuoteGuess(
                start=start,
                end=end,
                text=text[start:end],
                kind="indirect",
                confidence=HEADLINE_HEADER,
                cue=TextSpan(colon, colon + 1, ":"),
                speaker=SpeakerGuess(
                    people.people[person].canonical, match.start(1), match.end(1), match.group(1), "headline"
                ),
            )
        )
    return found
