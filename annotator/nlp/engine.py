"""`annotate(text) -> Annotations`: entities, quotes, cues, speakers and venues for one article."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
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
from annotator.nlp.cues import CHARACTERISING_FORMS, SPEECH_FORMS, words
from annotator.nlp.pieces import attribution_pieces, content_without_attribution
from annotator.nlp.pipeline import load_pipeline, pipeline_info
from annotator.nlp.quotes import QuoteSpan, scan_quotes
from annotator.nlp.speakers import (
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    PERSONAL_PRONOUNS,
    PersonIndex,
    name_tokens,
)
from annotator.nlp.types import Annotations, EntitySpan, KnownPerson, QuoteGuess, SpeakerGuess, TextSpan

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

# Head nouns of descriptions that stand for a person named elsewhere: "the Meta CEO", "the senator".
ROLE_NOUNS = frozenset(
    words(
        """
ceo founder co-founder cofounder president chairman chairwoman chair spokesman spokeswoman spokesperson
senator
governor mayor secretary minister director executive exec chief leader candidate nominee official aide adviser
advisor lawyer attorney businessman businesswoman billionaire mogul congressman congresswoman representative
premier chancellor judge justice commissioner ambassador general officer sheriff manager owner author
professor
economist analyst strategist pollster host anchor actor actress singer star coach boss head
"""
    )
)
# Roles one person holds in a story ("the CEO", "the founder"): a definite one with no named holder is most
# likely the person the story is about. Generic roles ("the official", "the exec") are not guessed.
SINGULAR_ROLES = frozenset(
    words("ceo founder co-founder cofounder chairman chairwoman president governor mayor premier chancellor")
)
FIRST_NAMES = MALE_FIRST_NAMES | FEMALE_FIRST_NAMES
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


def _known_person_mentions(text: str, known_people: Sequence[KnownPerson]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for person in known_people:
        forms = {person.name, *person.aliases}
        for form in sorted(forms, key=len, reverse=True):
            if not form.strip():
                continue
            for match in re.finditer(rf"(?<![\w]){re.escape(form)}(?![\w])", text):
                if not any(s < match.end() and match.start() < e for s, e, _ in found):
                    found.append((match.start(), match.end(), person.name))
    return found


def _entities(doc: Doc, known: list[tuple[int, int, str]]) -> list[EntitySpan]:
    entities = [EntitySpan(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
    for start, end, _ in known:
        overlapping = [e for e in entities if e.start < end and start < e.end]
        if any(e.label == "PERSON" and e.start <= start and end <= e.end for e in overlapping):
            continue
        entities = [e for e in entities if e not in overlapping]
        entities.append(EntitySpan(start, end, "PERSON", doc_text(doc)[start:end]))
    return sorted(entities, key=lambda e: e.start)


def _strip_possessive(text: str, start: int, end: int) -> int:
    for suffix in ("'s", "\u2019s", "'", "\u2019"):
        if text[start:end].endswith(suffix) and end - len(suffix) > start:
            return end - len(suffix)
    return end


def _people(
    doc: Doc,
    quote_ranges: list[tuple[int, int]],
    known_people: Sequence[KnownPerson],
    known: list[tuple[int, int, str]],
    extra_names: list[Span],
) -> PersonIndex:
    index = PersonIndex(known_people)

    def inside(pos: int) -> bool:
        return any(s <= pos < e for s, e in quote_ranges)

    names = []
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            end = _strip_possessive(doc_text(doc), ent.start_char, ent.end_char)
            # The subject itself, a conjunct of it, or its apposition ("The minister, Mr. Guajardo, argues").
            is_subject = ent.root.dep_ in ("nsubj", "nsubjpass") or (
                ent.root.dep_ in ("conj", "appos") and ent.root.head.dep_ in ("nsubj", "nsubjpass")
            )
            names.append((ent.start_char, end, doc_text(doc)[ent.start_char : end], inside(ent.start_char), is_subject))
    names.extend(_untagged_full_names(doc, inside))
    for start, end, _ in known:
        names.append((start, end, doc_text(doc)[start:end], inside(start), False))
    for span in extra_names:
        names.append((span.start_char, span.end_char, span.text, inside(span.start_char), True))
    index.add_names(names)

    # Roles the article gives to people: "Facebook CEO Mark Zuckerberg", "Meta's president ..., Nick Clegg".
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        person = index.find_person(ent.text)
        if person is None:
            continue
        root = ent.root
        related = [t for t in root.children if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod")]
        related += [t for t in root.children if t.dep_ == "appos"]
        if root.dep_ == "appos":
            related.append(root.head)
        for token in related:
            if token.lower_ in ROLE_NOUNS:
                index.add_descriptor(person, token.lower_)
            for child in token.subtree if token.dep_ == "appos" or token.i == root.head.i else token.children:
                if child.lower_ in ROLE_NOUNS:
                    index.add_descriptor(person, child.lower_)
                if child.pos_ == "PROPN" and child.ent_type_ in ("ORG", "GPE", "NORP", ""):
                    # The organisation in the role: "Meta" in "Meta's president of global affairs".
                    index.add_affiliation(person, child.text)
    return index


def _untagged_full_names(doc: Doc, inside: Callable[[int], bool]) -> list[tuple[int, int, str, bool, bool]]:
    """Full names the entity recogniser missed: a common given name followed by one or two proper nouns
    ("Larry King" tagged ORG), so that "Mr. King" later resolves to the full name."""
    text = doc_text(doc)
    found = []
    for token in doc:
        if token.lower_ not in FIRST_NAMES or not token.text[:1].isupper() or token.ent_type_ == "PERSON":
            continue
        last = token
        while last.i + 1 < len(doc) and last.i - token.i < 2 and doc[last.i + 1].pos_ == "PROPN":
            last = doc[last.i + 1]
        if last.i == token.i or doc[last.i].ent_type_ in ("GPE", "LOC", "DATE", "FAC"):
            continue
        end = _strip_possessive(text, token.idx, last.idx + len(last.text))
        is_subject = last.dep_ in ("nsubj", "nsubjpass")
        found.append((token.idx, end, text[token.idx : end], inside(token.idx), is_subject))
    return found


def _looks_like_name(span: Span) -> bool:
    tokens = [t for t in span if not t.is_punct]
    return bool(tokens) and all(
        t.pos_ == "PROPN" or t.lower_ in ("mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.") for t in tokens
    )


def _speaker_for(
    doc: Doc,
    attribution: Attribution,
    people: PersonIndex,
    resolved: dict[int, SpeakerGuess | None],
    known: list[tuple[int, int, str]],
) -> SpeakerGuess | None:
    guess = _speaker_from_text(doc, attribution, people, resolved)
    if guess is not None:
        # An alias editors confirmed ("Zuck", "the Meta CEO") names the person outright.
        for start, end, name in known:
            if start < guess.end and guess.start < end:
                return SpeakerGuess(name, guess.start, guess.end, guess.text)
    return guess


def _speaker_from_text(
    doc: Doc, attribution: Attribution, people: PersonIndex, resolved: dict[int, SpeakerGuess | None]
) -> SpeakerGuess | None:
    text = doc_text(doc)
    if attribution.dash_name is not None:
        start, end = attribution.dash_name
        byline = people.canonical_name(text[start:end]) or text[start:end]
        return SpeakerGuess(byline, start, end, text[start:end])
    if attribution.inherited_from is not None:
        return resolved.get(id(attribution.inherited_from))
    cue = attribution.cue
    if cue is None or cue.speaker_tokens is None:
        return None
    span = doc[cue.speaker_tokens[0] : cue.speaker_tokens[1]]
    start, end = span.start_char, _strip_possessive(text, span.start_char, span.end_char)
    mention_text = text[start:end]
    if len(span) == 1 and span[0].lower_ in PERSONAL_PRONOUNS:
        antecedent = people.resolve_pronoun(start, span[0].lower_)
        if antecedent is not None:
            people.add_resolved(start, end, mention_text, antecedent.person)
        resolved_name = people.people[antecedent.person].canonical if antecedent else mention_text
        return SpeakerGuess(resolved_name, start, end, mention_text)
    if len(span) == 1 and span[0].lower_ in ("it", "they"):
        return SpeakerGuess(_group_antecedent(doc, span[0]) or mention_text, start, end, mention_text)
    persons = [e for e in span.ents if e.label_ == "PERSON"]
    if persons:
        person_name = people.canonical_name(persons[0].text) or persons[0].text
        return SpeakerGuess(person_name, start, end, mention_text)
    name = people.canonical_name(mention_text) if _looks_like_name(span) else None
    if name is None and span.root.lower_ in ROLE_NOUNS:
        # "a Meta exec said ... Meta's president of global affairs, Nick Clegg, told": the one person the
        # article ties to that organisation. "The exec" first introduced as "a Meta exec" likewise.
        earlier = re.search(
            rf"\b(?:a|an)\s+((?:\S+\s+){{0,2}}){re.escape(span.root.text)}\b", text[:start], re.IGNORECASE
        )
        organisations = [t.text for t in span if t.pos_ == "PROPN" and t.i != span.root.i]
        if not organisations and earlier:
            organisations = [w.strip(".,'\u2019s") for w in earlier.group(1).split() if w[:1].isupper()]
        affiliated = people.affiliated(organisations)
        # A generic role ("exec", "official") fits anyone at the organisation; "the Meta CEO" only its CEO.
        role = span.root.lower_
        if affiliated is not None and (role not in SINGULAR_ROLES or role in people.people[affiliated].descriptors):
            name = people.people[affiliated].canonical
    if name is None:
        head = span.root
        determiners = {t.lower_ for t in head.children if t.dep_ in ("det", "poss")}
        definite = bool(determiners - {"a", "an", "some", "any", "another", "one"}) or head.i == span.start
        introduced_indefinitely = re.search(
            rf"\b(?:a|an)\s+(?:\w+\s+){{0,2}}{re.escape(head.text)}\b", text[:start], re.IGNORECASE
        )
        if (
            head.lower_ in ROLE_NOUNS
            and definite
            and not introduced_indefinitely
            and not (head.pos_ == "PROPN" and not head.text.isupper())
        ):
            described = people.resolve_description(start, head.lower_, salient_fallback=head.lower_ in SINGULAR_ROLES)
            if described is not None:
                name = people.people[described.person].canonical
    return SpeakerGuess(name or _plain_name(mention_text), start, end, mention_text)


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


def _group_antecedent(doc: Doc, pronoun: Token) -> str | None:
    """What "it" or "they" said stands for: among the earlier subject nouns of the same number in the last
    few hundred characters, the nearest one that spoke (subject of a speech verb), else the nearest subject
    of a main clause, else the nearest subject ("The commission said ... 'There were issues,' it added")."""
    plural = pronoun.lower_ == "they"
    candidates = []
    for token in reversed(doc[max(0, pronoun.i - 80) : pronoun.i]):
        if token.idx < pronoun.idx - 400:
            break
        if token.dep_ not in ("nsubj", "nsubjpass") or token.pos_ not in ("NOUN", "PROPN"):
            continue
        if token.ent_type_ == "PERSON" or token.lower_ in ROLE_NOUNS or token.lower_ in ("lady", "woman", "man"):
            continue  # people are "he" and "she"
        if token.text.isupper() and token.i + 1 < len(doc) and doc[token.i + 1].text in ("--", "\u2014", "-"):
            continue  # a dateline: "WASHINGTON -- President Obama ..."
        is_plural = token.tag_ in ("NNS", "NNPS") or (token.ent_type_ in ("ORG", "NORP") and plural)
        if is_plural != plural and token.ent_type_ != "ORG":  # an organisation is "it" or "they"
            continue
        candidates.append(token)
    if not candidates:
        return None
    spoke = [t for t in candidates if t.head.lower_ in SPEECH_FORMS]
    main_clause = [t for t in candidates if t.head.dep_ == "ROOT"]
    chosen = (spoke or main_clause or candidates)[0]
    if chosen.ent_type_:
        first, last = chosen.i, chosen.i
        while first > 0 and doc[first].ent_iob_ == "I":
            first -= 1
        while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
            last += 1
    else:
        first, last = chosen.left_edge.i, chosen.i
    return _plain_name(doc_text(doc)[doc[first].idx : doc[last].idx + len(doc[last].text)])


def _plain_name(mention: str) -> str:
    return re.sub(r"\s+", " ", mention).strip()


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

    known = _known_person_mentions(text, known_people)
    # The subject of a speech verb is a speaker whatever its entity label ("Trump" tagged ORG), unless
    # it really is an organisation nobody in the article is named after.
    extra_names = []
    for cue in cues:
        if cue.speaker_tokens is None:
            continue
        span = doc[cue.speaker_tokens[0] : cue.speaker_tokens[1]]
        if not _looks_like_name(span) or any(e.label_ == "PERSON" for e in span.ents) or not name_tokens(span.text):
            continue
        organisation = any(e.label_ in ("ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART") for e in span.ents)
        if not organisation or _is_surname_of_someone(doc, span.text):
            extra_names.append(span)
    people = _people(doc, quote_ranges, known_people, known, extra_names)

    headline_end = _headline_end(text)
    resolved: dict[int, SpeakerGuess | None] = {}
    guesses = []
    phrases = [TextSpan(s.start, s.end, text[s.start : s.end]) for s in nicknames]
    for attribution in attributions:
        speaker = _speaker_for(doc, attribution, people, resolved, known)
        resolved[id(attribution)] = speaker
        if _is_phrase(text, attribution, speaker):
            phrases.extend(attribution_pieces(text, attribution.pieces, (attribution.start, attribution.end)))
            continue
        confidence = attribution.confidence
        if speaker is None:
            confidence = min(confidence, 0.35) * (0.5 if attribution.kind == "partial" else 1.0)
        elif speaker.text.lower() in PERSONAL_PRONOUNS and speaker.name == speaker.text:
            confidence *= 0.7
        if attribution.start < headline_end:
            confidence *= 0.5
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
                confidence=round(max(0.01, min(1.0, confidence)), 3),
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
                confidence=0.4,
                cue=TextSpan(colon, colon + 1, ":"),
                speaker=SpeakerGuess(people.people[person].canonical, match.start(1), match.end(1), match.group(1)),
            )
        )
    return found


def _is_surname_of_someone(doc: Doc, name: str) -> bool:
    tokens = name_tokens(name)
    if not tokens:
        return False
    last = tokens[-1].lower()
    return any(
        e.label_ == "PERSON" and name_tokens(e.text) and name_tokens(e.text)[-1].lower() == last for e in doc.ents
    )
