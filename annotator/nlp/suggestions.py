"""`annotate(text) -> Annotations`: entities, quotes, cues, speakers and venues for one article."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from annotator.nlp.attribution import (
    TITLE_SMALL_WORDS,
    Attribution,
    doc_text,
    find_cues,
    indirect_attributions,
    link_quotes,
)
from annotator.nlp.confidence import HEADLINE_HEADER, quote_confidence
from annotator.nlp.cues import CHARACTERISING_FORMS
from annotator.nlp.piece_finding import attribution_pieces, content_without_attribution
from annotator.nlp.pipeline import load_pipeline, pipeline_info
from annotator.nlp.quotes import QuoteSpan, scan_quotes
from annotator.nlp.resolution import (
    Article,
    Organisations,
    article_people,
    has_own_source,
    known_person_mentions,
    resolve_speakers,
)
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
    phrases: list[TextSpan] = []
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
        phrases.extend(replace(p, start=p.start + start, end=p.end + start) for p in part.phrases)
        start = end
    return Annotations(entities=tuple(entities), quotes=tuple(quotes), phrases=tuple(phrases), model=model_label(nlp))


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
        pieces=tuple(replace(p, start=p.start + offset, end=p.end + offset) for p in quote.pieces),
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
            result[-1].pieces.extend(item.pieces)
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
    # Attribute values of leftover markup (<tweet author="...">) are not quotes; nicknames and titles are
    # quoted phrases.
    spans = [s for s in scan.spans if not text[: s.start].endswith("=") and not text[: s.end - 1].endswith("=")]
    nicknames = [s for s in spans if _is_nickname(text, s)]
    spans = [s for s in spans if s not in nicknames]
    quote_ranges = [(s.start, s.end) for s in spans]
    cues = find_cues(doc, quote_ranges)

    # A quoted title that names the venue ("told CBS' 'This Morning.'") is neither a quote nor a phrase.
    def in_a_venue(span: QuoteSpan) -> bool:
        return any(c.venue and c.venue[0] <= span.start and span.end <= c.venue[1] for c in cues)

    spans = [s for s in spans if not in_a_venue(s)]
    nicknames = [s for s in nicknames if not in_a_venue(s)]
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
    phrases = [TextSpan(s.start, s.end, text[s.start : s.end]) for s in nicknames]
    for attribution, speaker in zip(attributions, speakers, strict=True):
        # Whether a short quoted stretch is a phrase depends on a source the text gives it (a cue's subject, a
        # byline, the quote it continues), not on a speaker guessed for it from around it.
        if _is_phrase(text, attribution, speaker if has_own_source(attribution) else None):
            phrases.extend(attribution_pieces(text, attribution.pieces, (attribution.start, attribution.end)))
            continue
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
        attribution_words = [(s.start, s.end) for s in (cue_span, speaker) if s is not None]
        pieces = attribution_pieces(text, attribution.pieces, (attribution.start, attribution.end), attribution_words)
        if attribution.kind != "indirect" and not pieces:
            # Every quoted word was the source's own name or title ('his "Keepin' It Real" radio show said').
            phrases.extend(attribution_pieces(text, attribution.pieces, (attribution.start, attribution.end)))
            continue
        start, end = content_without_attribution(
            text, (attribution.start, attribution.end), pieces, [] if attribution.dash_name else attribution_words
        )
        guesses.append(
            QuoteGuess(
                start=start,
                end=end,
                text=text[start:end],
                kind=attribution.kind,
                confidence=confidence,
                cue=cue_span,
                speaker=speaker,
                venue=venue,
                pieces=() if attribution.kind == "indirect" else pieces,
            )
        )
    guesses.extend(_colon_headlines(text, people, guesses))
    guesses.sort(key=lambda g: g.start)
    quoted = [(p.start, p.end) for g in guesses for p in g.pieces]
    phrases = [p for p in phrases if not any(s < p.end and p.start < e for s, e in quoted)]
    return Annotations(
        entities=tuple(_entities(doc, known)),
        quotes=tuple(guesses),
        phrases=tuple(sorted(phrases, key=lambda p: p.start)),
        model=model,
    )


# Longest quoted stretch, in words, that reads as a phrase rather than speech when nobody is said to say it.
PHRASE_MAX_WORDS = 5


def _is_phrase(text: str, attribution: Attribution, speaker: SpeakerGuess | None) -> bool:
    """A quoted phrase with no speech cue and no source (a scare quote, a title, a label after "called", a
    list of quoted words) is not a quote to check. A whole quoted sentence with no source stays a quote:
    someone said it, and the editor may know who."""
    if attribution.kind == "indirect" or speaker is not None or attribution.dash_name is not None:
        return False
    short = all(len(text[start:end].split()) <= PHRASE_MAX_WORDS for start, end in attribution.pieces)
    if short and all(_is_title_case(text[start:end]) for start, end in attribution.pieces):
        return True  # a title, whatever verb is near it: 'the song "American Skin (41 Shots)" written in 2000'
    cue = attribution.cue
    if cue is not None and cue.lemma not in CHARACTERISING_FORMS.values():
        return False
    return attribution.kind == "partial" or short


def _is_title_case(quoted: str) -> bool:
    words = [w.strip("\"'\u201c\u201d\u2018\u2019.,;:!?()") for w in quoted.split()]
    words = [w for w in words if w]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in TITLE_SMALL_WORDS for w in words)


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
