"""Who said it: the people and organisations of one article, and the speaker of each attribution.

The cue gives a mention (a name, a pronoun, a description, a document); this module turns it into the
canonical person or organisation the article names, and says how (`SpeakerGuess.basis`). Each step is a
function that returns a frozen `SpeakerGuess` (or None); nothing is left in flags for a later step to read.

Page furniture (bylines, captions, "continue reading" lines, related links) is recognised by its shape, a
short paragraph with no verb, and never supplies a person or an antecedent.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from annotator.nlp.attribution import Attribution, doc_text
from annotator.nlp.lexicon import (
    DOCUMENT_NOUNS,
    FIRST_SECOND_PERSON,
    GENERIC_ROLES,
    HONORIFICS,
    ORGANISATION_NOUNS,
    PERSONAL_PRONOUNS,
    PUBLICATION_WORDS,
    ROLE_NOUNS,
    SPEECH_FORMS,
    fold_name,
    words,
)
from annotator.nlp.speakers import (
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    PersonIndex,
    name_tokens,
    noun_gender,
    pronoun_gender,
)
from annotator.nlp.types import KnownPerson, SpeakerBasis, SpeakerGuess

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from annotator.nlp.attribution import Cue

FIRST_NAMES = MALE_FIRST_NAMES | FEMALE_FIRST_NAMES
ORGANISATION_LABELS = ("ORG", "NORP", "GPE")
MENTION_HONORIFIC_TOKENS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen.", "rep.", "gov."})
COPULAS = frozenset({"is", "was", "be", "been", "becomes", "became", "remains"})
INDEFINITE = frozenset({"a", "an", "some", "any", "another", "one"})
_APOSTROPHE_S = ("'s", "\u2019s", "\u2018s", "'", "\u2019", "\u2018")


# -- the article's people -----------------------------------------------------------------------------------


def known_person_mentions(text: str, known_people: Sequence[KnownPerson]) -> list[tuple[int, int, str]]:
    """Where the text names a person editors confirmed (full name or alias), with their confirmed name.
    Not inside a longer name ("Clinton" of a known Hillary Clinton in "Bill Clinton"), and not by an alias
    that only describes ("the statement", "the union"): those belong to the article they were confirmed in."""
    found: list[tuple[int, int, str]] = []
    forms = [(form, person.name) for person in known_people for form in {person.name, *person.aliases}]
    for form, name in sorted(forms, key=lambda item: -len(item[0])):
        if not form.strip() or not _names_someone(form):
            continue
        for match in re.finditer(rf"(?<![\w]){re.escape(form)}(?![\w])", text):
            if _inside_longer_name(text, match.start(), match.end()):
                continue
            if not any(s < match.end() and match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), name))
    return sorted(found)


_DETERMINERS = frozenset(words("the a an this that these those his her its their our my your"))


def _names_someone(form: str) -> bool:
    """An alias with a proper name in it ("Zuck", "Mr. Obama", "the Meta CEO"), not a bare description."""
    words = form.split()
    return any(w[:1].isupper() and (i > 0 or w.lower() not in _DETERMINERS) for i, w in enumerate(words))


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    before = re.search(r"([\w.\u2019'-]+)\s+$", text[max(0, start - 40) : start])
    after = re.match(r"\s+([\w\u2019'-]+)", text[end : end + 40])
    previous = before.group(1) if before else ""
    following = after.group(1) if after else ""
    named_before = previous[:1].isupper() and previous.lower().rstrip(".") not in HONORIFICS
    return named_before or (following[:1].isupper() and text[end : end + 1] not in ",.;:")


def strip_possessive(text: str, start: int, end: int) -> int:
    """The end of a mention without its possessive ending, whatever the apostrophe: "Roy’s" -> "Roy"."""
    for suffix in _APOSTROPHE_S:
        if text[start:end].endswith(suffix) and end - len(suffix) > start:
            return end - len(suffix)
    return end


def furniture_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Paragraphs that are page furniture by their shape: after the headline, a short line (at most twelve
    words) with no verb ("By Jane Doe, Staff Writer", "Photo: Reuters", "Related: ...", "Continue
    reading"), or a line that starts with "By" followed by a name. Names there are nobody's antecedent."""
    text = doc_text(doc)
    ranges: list[tuple[int, int]] = []
    position = 0
    first_line = True
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        if not line.strip():
            continue
        if first_line:
            first_line = False
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        tokens = [t for t in span if not t.is_space]
        word_tokens = [t for t in tokens if t.is_alpha]
        byline = bool(re.match(r"\s*(?:By|BY)\s+[A-Z]", line)) and len(word_tokens) <= 12
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in tokens)
        if byline or (len(word_tokens) <= 12 and not has_verb and not line.rstrip().endswith((".", '"', "\u201d"))):
            ranges.append((start, end))
    return ranges


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Lines written In Title Case (headlines): most words capitalised, small words aside."""
    ranges = []
    for match in re.finditer(r"[^\n]+", text):
        line_words = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", match.group(0)) if len(w) > 3]
        if len(line_words) >= 3 and sum(w[0].isupper() for w in line_words) >= 0.8 * len(line_words):
            ranges.append(match.span())
    return ranges


def entities(doc: Doc) -> tuple[Span, ...]:
    """The document's entities, built once: `Doc.ents` makes new spans on every access."""
    cached = doc.user_data.get("annotator_ents")
    if cached is None:
        cached = doc.user_data["annotator_ents"] = tuple(doc.ents)
    return tuple(cached)


def _entities_in(span: Span) -> list[Span]:
    """The entities inside a span, from the cached list (`Span.ents` walks every entity of the document)."""
    return [e for e in entities(span.doc) if span.start <= e.start and e.end <= span.end]


def _inside(position: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(s <= position < e for s, e in ranges)


def looks_like_name(span: Span) -> bool:
    tokens = [t for t in span if not t.is_punct]
    return bool(tokens) and all(t.pos_ == "PROPN" or t.lower_ in MENTION_HONORIFIC_TOKENS for t in tokens)


def _is_surname_of_someone(doc: Doc, name: str) -> bool:
    tokens = name_tokens(name)
    if not tokens:
        return False
    last = tokens[-1].lower()
    return any(
        e.label_ == "PERSON" and name_tokens(e.text) and name_tokens(e.text)[-1].lower() == last for e in entities(doc)
    )


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
        end = strip_possessive(text, token.idx, last.idx + len(last.text))
        is_subject = last.dep_ in ("nsubj", "nsubjpass")
        found.append((token.idx, end, text[token.idx : end], inside(token.idx), is_subject))
    return found


# 'Robert C. "Bobby" Scott', 'Jim “Jimbo” Hale': a given name (and initial), a quoted nickname, the surname.
_NICKNAMED = re.compile(
    r"\b([A-Z][\w\u2019'-]+)((?:\s+[A-Z]\.)*)\s+[\"\u201c\u2018']([A-Z][\w\u2019'.-]*)[\"\u201d\u2019']\s+"
    r"((?:(?:de|van|von|der|den|da|di|del|la|le|bin|al)\s+)*[A-Z][\w\u2019'-]+)"
)


def _nicknamed_names(doc: Doc) -> list[tuple[int, int, str, str, str, bool]]:
    """(start, end, the name without its nickname, given name, nickname, is_subject) for each name written
    with a quoted nickname inside it, when the recogniser or the list of given names says it is a person."""
    text = doc_text(doc)
    found = []
    for match in _NICKNAMED.finditer(text):
        given, initials, nickname, _ = match.groups()
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        if given.lower() not in FIRST_NAMES and not any(t.ent_type_ == "PERSON" for t in span):
            continue
        end = strip_possessive(text, match.start(4), match.end(4))
        name = " ".join([given, *initials.split(), text[match.start(4) : end]])
        is_subject = any(t.dep_ in ("nsubj", "nsubjpass") for t in span)
        found.append((match.start(), end, name, given, nickname, is_subject))
    return found


def _part_of_an_organisation(doc: Doc, name: str) -> bool:
    """Whether a name is the start of an organisation's longer name in the article ("Peabody" of "Peabody
    Energy", "Acme" of "Acme Bank"): the short form of that organisation, not a person."""
    words = fold_name(name).split()
    return bool(words) and any(
        e.label_ == "ORG"
        and len(fold_name(e.text).split()) > len(words)
        and fold_name(e.text).split()[: len(words)] == words
        for e in entities(doc)
    )


def _given_name_left_out(doc: Doc, ent: Span) -> int:
    """Where a one-word PERSON really starts when the recogniser left out the given name before it at the
    start of a sentence or paragraph ("Amelize Joseph loves ..." tagged "Joseph"): a capitalised proper noun
    joined to it that is no title, role or entity. Inside a sentence such a word is a modifier ("the 1994
    Crime Bill", "Crooked Hillary")."""
    if len(ent) != 1 or ent.start == 0:
        return ent.start_char
    before = doc[ent.start - 1]
    word = before.lower_.rstrip(".")
    starts = before.i == 0 or before.is_sent_start or "\n" in doc[before.i - 1].text
    if (
        starts
        and before.pos_ == "PROPN"
        and before.dep_ == "compound"
        and before.head.i == ent.root.i
        and before.is_alpha
        and before.is_title
        and not before.ent_type_
        and word not in HONORIFICS
        and word not in ROLE_NOUNS
        and word not in _TITLE_ABBREVIATIONS
    ):
        return before.idx
    return ent.start_char


def _short_form_of_an_organisation(doc: Doc, name: str) -> bool:
    """One word the recogniser took for a person that starts an organisation's name in the article and is
    nobody's surname in a full name ("Peabody" after "Peabody Energy"; not "Trump" of "the Trump
    Organization" when the article names Donald Trump)."""
    tokens = name_tokens(name)
    if len(tokens) != 1 or not _part_of_an_organisation(doc, tokens[0]):
        return False
    word = fold_name(tokens[0])
    return not any(
        e.label_ == "PERSON" and len(name_tokens(e.text)) > 1 and fold_name(name_tokens(e.text)[-1]) == word
        for e in entities(doc)
    )


def _speaker_names(doc: Doc, cues: Sequence[Cue]) -> list[Span]:
    """The subject of a speech verb is a speaker whatever its entity label ("Trump" tagged ORG, or no label
    at all), unless it really is an organisation nobody in the article is named after."""
    found = []
    for cue in cues:
        if cue.speaker_tokens is None:
            continue
        span = doc[cue.speaker_tokens[0] : cue.speaker_tokens[1]]
        if (
            not looks_like_name(span)
            or any(e.label_ == "PERSON" for e in _entities_in(span))
            or not name_tokens(span.text)
        ):
            continue
        organisation = any(
            e.label_ in ("ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART") for e in _entities_in(span)
        ) or _part_of_an_organisation(doc, span.text)
        if not organisation or _is_surname_of_someone(doc, span.text):
            found.append(span)
    return found


def article_people(
    doc: Doc,
    cues: Sequence[Cue],
    quote_ranges: list[tuple[int, int]],
    known_people: Sequence[KnownPerson],
    known: list[tuple[int, int, str]],
) -> PersonIndex:
    """Every person of the article with the ways it refers to them, their roles and gender."""
    index = PersonIndex(known_people)
    text = doc_text(doc)
    furniture = furniture_ranges(doc)
    # Whoever a cue names as its source counts as the subject of a clause, also when the parse inverted it
    # ("said 9/11 widow Terry Strada").
    speaker_starts = {doc[c.speaker_tokens[0]].idx for c in cues if c.speaker_tokens is not None}
    speaker_ranges = [
        (doc[c.speaker_tokens[0]].idx, doc[c.speaker_tokens[1] - 1].idx + 1) for c in cues if c.speaker_tokens
    ]

    index.source_ranges = tuple(speaker_ranges)

    def inside(pos: int) -> bool:
        return _inside(pos, quote_ranges)

    title_case = _title_case_lines(text)
    nicknamed = [n for n in _nicknamed_names(doc) if not _inside(n[0], furniture) and not _inside(n[0], title_case)]
    for _, _, _, given, nickname, _ in nicknamed:
        index.add_nickname(given, nickname)
    names = [(start, end, name, inside(start), is_subject) for start, end, name, _, _, is_subject in nicknamed]
    for ent in entities(doc):
        if ent.label_ != "PERSON" or _inside(ent.start_char, furniture) or _inside(ent.start_char, title_case):
            continue  # in a Title Case Headline the recogniser runs names on: "Obama Says"
        end = strip_possessive(text, ent.start_char, ent.end_char)
        if _short_form_of_an_organisation(doc, text[ent.start_char : end]):
            continue
        start = _given_name_left_out(doc, ent)
        # The subject itself, a conjunct of it, or its apposition ("The minister, Mr. Guajardo, argues").
        is_subject = (
            ent.root.dep_ in ("nsubj", "nsubjpass")
            or (ent.root.dep_ in ("conj", "appos") and ent.root.head.dep_ in ("nsubj", "nsubjpass"))
            or ent.start_char in speaker_starts
            or _inside(ent.start_char, speaker_ranges)
        )
        names.append((start, end, text[start:end], inside(ent.start_char), is_subject))
    names.extend(n for n in _untagged_full_names(doc, inside) if not _inside(n[0], furniture))
    for start, end, _ in known:
        names.append((start, end, text[start:end], inside(start), False))
    for span in _speaker_names(doc, cues):
        end = strip_possessive(text, span.start_char, span.end_char)
        names.append((span.start_char, end, text[span.start_char : end], inside(span.start_char), True))
    # The pieces the recogniser made of a nicknamed name ('Robert C. "Bobby', 'Cia" Price') go.
    nicknamed_ranges = [(start, end) for start, end, *_ in nicknamed]
    names = [
        n
        for n in names
        if (n[0], n[1]) in nicknamed_ranges or not any(s < n[1] and n[0] < e for s, e in nicknamed_ranges)
    ]
    index.add_names(names)
    _complete_from_headlines(doc, index, title_case)
    _add_roles(doc, index, furniture)
    return index


def _complete_from_headlines(doc: Doc, index: PersonIndex, title_case: Sequence[tuple[int, int]]) -> None:
    """A person the body names only by surname ("Clinton said") whom a Title Case headline names in full
    ("Hillary Clinton Goes After ..."): the headline's given name completes the surname. Only a given name
    the recogniser starts a PERSON with, or a common given name; the body's own forms decide otherwise."""
    for ent in entities(doc):
        if ent.label_ != "PERSON" or not _inside(ent.start_char, title_case):
            continue
        tokens = [t for t in ent if t.text[:1].isupper()]
        for given, surname in pairwise(tokens):
            if given.i != ent.start and given.lower_ not in FIRST_NAMES:
                continue
            person = index.find_person(surname.text)
            found = index.people[person] if person is not None else None
            own_forms = {fold_name(form) for _, form in found.forms if form != found.known_name} if found else set()
            if person is not None and own_forms == {fold_name(surname.text)}:
                index.complete_surname(person, ent.start_char, f"{given.text} {surname.text}")
                break


def _add_roles(doc: Doc, index: PersonIndex, furniture: list[tuple[int, int]]) -> None:
    """Roles and descriptive words the article gives to people: "Facebook CEO Mark Zuckerberg", "Vermont
    Sen. Bernie Sanders", "Meta's president ..., Nick Clegg", "Terry Strada, a 9/11 widow"."""
    for ent in entities(doc):
        if ent.label_ != "PERSON" or _inside(ent.start_char, furniture):
            continue
        person = index.find_person(ent.text)
        if person is None:
            continue
        root = ent.root
        # Words before the name in the same noun phrase, and what the NER left outside the entity: "Mayor".
        related = [t for t in root.children if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod", "poss")]
        related += [t for t in root.children if t.dep_ == "appos"]
        if root.dep_ == "appos":
            related.append(root.head)
        if root.dep_ == "nsubj" and root.head.lower_ in COPULAS:
            # "Ann Roy is the premier": what she is, not the whole sentence.
            related += [t for t in root.head.children if t.dep_ == "attr"]
        for token in related:
            whole = token.dep_ in ("appos", "attr") or token.i == root.head.i
            scope = token.subtree if whole else [token, *token.children]
            for child in scope:
                if child.ent_type_ == "PERSON" and child.i in range(ent.start, ent.end):
                    continue
                word = child.lower_.rstrip(".")
                if child.is_alpha or word.isalpha():
                    index.add_descriptor(person, _TITLE_ABBREVIATIONS.get(word, word))
                gender = noun_gender(word)
                if gender:
                    # What the article calls them ("a 9/11 widow") outweighs a list of given names.
                    index.people[person].gender = gender
                if child.pos_ == "PROPN" and child.ent_type_ in ("ORG", "GPE", "NORP", ""):
                    # The organisation in the role: "Meta" in "Meta's president of global affairs".
                    index.add_affiliation(person, child.text)
        # Titles right before the entity that the entity leaves out: "Sen. Bernie Sanders", "Mayor Bill ..."
        for token in doc[max(0, ent.start - 3) : ent.start]:
            word = token.lower_.rstrip(".")
            if token.text[:1].isupper() and word.isalpha():
                index.add_descriptor(person, _TITLE_ABBREVIATIONS.get(word, word))


_TITLE_ABBREVIATIONS = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "pres": "president",
    "sec": "secretary",
    "supt": "superintendent",
    "insp": "inspector",
    "det": "detective",
    "prof": "professor",
    "dr": "doctor",
}


# -- the article's organisations ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrganisationMention:
    start: int
    name: str  # as the article writes it, without a leading lower-case "the"
    is_subject: bool


class Organisations:
    """Organisations the article names (ORG entities), and the fullest name of each: "the Times" -> "The New
    York Times", "the IMF" -> "International Monetary Fund" when the article spells it out."""

    def __init__(self, doc: Doc, furniture: Sequence[tuple[int, int]] = ()) -> None:
        self.mentions: list[OrganisationMention] = []
        self._text = doc_text(doc)
        for ent in entities(doc):
            if ent.label_ != "ORG" or _inside(ent.start_char, furniture):
                continue
            end = strip_possessive(doc_text(doc), ent.start_char, ent.end_char)
            name = re.sub(r"^the\s+", "", doc_text(doc)[ent.start_char : end]).strip()
            if len(name) < 2:
                continue
            self.mentions.append(OrganisationMention(ent.start_char, name, ent.root.dep_ in ("nsubj", "nsubjpass")))
        self._counts = Counter(fold_name(m.name) for m in self.mentions)

    def canonical(self, mention: str) -> str:
        """The fullest name the article gives the organisation a mention stands for, else the mention."""
        mention = re.sub(r"^(?:the|The)\s+", "", mention.strip())
        words = fold_name(mention).split()
        if not words:
            return mention
        best = mention
        for other in self.mentions:
            other_words = fold_name(other.name).split()
            if len(other_words) <= len(fold_name(best).split()):
                continue
            contained = any(other_words[i : i + len(words)] == words for i in range(len(other_words)))
            initials = "".join(w[0] for w in other_words if w not in ("of", "the", "and", "for"))
            acronym = len(words) == 1 and mention.isupper() and initials == words[0]
            if contained or acronym:
                best = other.name
        return self._with_article_as_written(best)

    def _with_article_as_written(self, name: str) -> str:
        """ "The New York Times" keeps its "The" when the article writes it so inside a sentence; "The
        International Atomic Energy Agency" at a sentence start is "International Atomic Energy Agency"."""
        bare = re.sub(r"^(?:the|The)\s+", "", name)
        folded = fold_name(bare).split()
        publication = bool(folded) and folded[-1] in PUBLICATION_WORDS
        # A newspaper's "The" also shows in its short form: "a New York Times article ... The Times wrote".
        short = re.escape(bare.split()[-1]) if bare.split() else ""
        if publication and re.search(rf"\b[Tt]he\s+(?:{re.escape(bare)}|{short}\b)", self._text):
            return "The " + bare
        # Inside a sentence: after a lower-case word, a comma or an opening mark (a straight '"' may close).
        if re.search(rf"[a-z0-9,;:(\u201c]\s+The\s+{re.escape(bare)}", self._text):
            return "The " + bare
        return bare

    def described(self, position: int, head: str) -> str | None:
        """What "the company", "the agency" or "the union" stands for: the nearest organisation before it
        whose name holds that word, else the nearest one before it that was the subject of a clause, else the
        one named most often; the first one after it when none comes before."""
        head = head.lower()
        before = [m for m in self.mentions if m.start < position]
        holding = [m for m in before if head in fold_name(m.name).split()]
        subjects = [m for m in before if m.is_subject]
        if holding:
            return self.canonical(holding[-1].name)
        if subjects:
            return self.canonical(subjects[-1].name)
        if self._counts:
            most = max(self.mentions, key=lambda m: (self._counts[fold_name(m.name)], -m.start))
            return self.canonical(most.name)
        return None


# -- one attribution's speaker ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Article:
    """What speaker resolution reads about one article."""

    doc: Doc
    people: PersonIndex
    organisations: Organisations
    known: tuple[tuple[int, int, str], ...]


def resolve_speakers(article: Article, attributions: Sequence[Attribution]) -> list[SpeakerGuess | None]:
    """The speaker of each attribution, in order: a quote with no cue continues the speaker of the one
    before it (also after indirect speech)."""
    text = doc_text(article.doc)
    resolved: dict[int, SpeakerGuess | None] = {}
    result: list[SpeakerGuess | None] = []
    for index, attribution in enumerate(attributions):
        guess = speaker_of(article, attribution, resolved)
        if guess is None and index > 0 and _continues(text, attributions[index - 1], attribution):
            # Quote marks only, after indirect speech: "Ann Roy says she has been meeting ..." then "...".
            carried = result[-1]
            guess = None if carried is None else replace(carried, basis="carried")
        resolved[id(attribution)] = guess
        result.append(guess)
    return result


def has_own_source(attribution: Attribution) -> bool:
    """Whether the text itself gives the attribution a source: a cue with a subject, a byline, or the quote
    it goes on from. Speakers found otherwise (carried over, a clause's agent) are guesses around it."""
    cue = attribution.cue
    return (
        attribution.dash_name is not None
        or attribution.inherited_from is not None
        or (cue is not None and cue.speaker_tokens is not None)
    )


def _continues(text: str, previous: Attribution, item: Attribution) -> bool:
    """A direct quote with no cue and no byline right after another attribution (at most one blank line and
    a few sentences between them) goes on with its speaker; so does a quote in the same paragraph whose cue
    has no source."""
    if item.dash_name is not None:
        return False
    gap = text[previous.end : item.start]
    if item.kind == "direct" and item.cue is None:
        return gap.count("\n") <= 2 and len(gap) < 400
    # A cue whose source the parse lost ("Sanders said, going on to say that ..."), or a partial quote with
    # no cue, in the same paragraph as the attribution before it: the same speaker.
    no_source = item.cue is None or item.cue.speaker_tokens is None
    return no_source and "\n" not in gap and len(gap) < 300


def speaker_of(
    article: Article, attribution: Attribution, resolved: dict[int, SpeakerGuess | None]
) -> SpeakerGuess | None:
    guess = _speaker_from_text(article, attribution, resolved)
    if guess is not None:
        # An alias editors confirmed ("Zuck", "the Meta CEO") names the person outright, unless the article
        # itself names someone else in full ("Bill Clinton" is not a confirmed "Hillary Clinton").
        for start, end, name in article.known:
            if start < guess.end and guess.start < end and _may_be(article.people, guess.name, name):
                return replace(guess, name=name)
    return guess


def _may_be(people: PersonIndex, found: str | None, confirmed: str) -> bool:
    """Whether a confirmed name may replace what the article gave: not when the article names a person in
    full whose name does not fit it."""
    if found is None or people.find_person(found) is None:
        return True
    if any(word in ROLE_NOUNS or word in HONORIFICS for word in fold_name(found).split()):
        return True  # "Meta CEO" is a description the parse took for a name
    found_words, confirmed_words = fold_name(found).split(), fold_name(confirmed).split()
    return len(found_words) < 2 or set(found_words) <= set(confirmed_words) or found_words == confirmed_words


def _speaker_from_text(
    article: Article, attribution: Attribution, resolved: dict[int, SpeakerGuess | None]
) -> SpeakerGuess | None:
    doc, people = article.doc, article.people
    text = doc_text(doc)
    if attribution.dash_name is not None:
        start, end = attribution.dash_name
        byline = people.canonical_name(text[start:end]) or text[start:end]
        return SpeakerGuess(byline, start, end, text[start:end], "byline")
    if attribution.inherited_from is not None:
        carried = resolved.get(id(attribution.inherited_from))
        between = _subject_between(article, attribution.inherited_from.end, attribution.start)
        if between is not None:
            return between
        return None if carried is None else replace(carried, basis="carried")
    cue = attribution.cue
    if cue is None or cue.speaker_tokens is None:
        return _clause_subject(article, attribution)
    span = doc[cue.speaker_tokens[0] : cue.speaker_tokens[1]]
    start, end = span.start_char, strip_possessive(text, span.start_char, span.end_char)
    mention = text[start:end]
    found = mention_name(article, span, start)
    if found is None:
        return SpeakerGuess(None, start, end, mention, "none")
    name, basis = found
    return SpeakerGuess(name, start, end, mention, basis)


def _subject_between(article: Article, start: int, end: int) -> SpeakerGuess | None:
    """A quote with no cue after a sentence whose subject is a person named after the attribution before it
    ("..., Pence said. / Sen. Bernie Sanders identified ... "The younger people ..."") is that person's:
    the last such subject, outside quotes, between the two."""
    people = article.people
    named = [
        m
        for m in people.mentions
        if start <= m.start < end and m.is_subject and not m.inside_quote and m.text.lower() not in PERSONAL_PRONOUNS
    ]
    if not named:
        return None
    mention = named[-1]
    return SpeakerGuess(people.people[mention.person].canonical, mention.start, mention.end, mention.text, "carried")


def _clause_subject(article: Article, attribution: Attribution) -> SpeakerGuess | None:
    """A quote inside a clause with no reporting verb ("Reid has gone after Trump as a 'human leech'",
    "The song was written by Springsteen"): the agent of that clause when it names a person or an
    organisation of the article, or is a pronoun standing for one."""
    doc = article.doc
    text = doc_text(doc)
    # The first quoted piece: a partial quote's span also holds the writer's words around it.
    piece = re.search(
        r"[\"\u201c\u2018'][^\"\u201d\u2019]+[\"\u201d\u2019']", text[attribution.start : attribution.end]
    )
    start, end = (attribution.start + piece.start(), attribution.start + piece.end()) if piece else (0, 0)
    inner = doc.char_span(start, end, alignment_mode="expand") if piece else None
    if inner is None:
        return None
    verb = inner.root
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children):
            break
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    agent = next(
        (g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"),
        next((c for c in verb.children if c.dep_ == "nsubj"), None),
    )
    if (
        agent is None
        or inner.start <= agent.i < inner.end
        or "\n" in text[min(agent.idx, verb.idx) : max(agent.idx, verb.idx)]
    ):
        return None
    named = agent.ent_type_ in ("PERSON", "ORG") or (agent.pos_ == "PROPN" and agent.ent_type_ in ("", "NORP"))
    if not (named or agent.lower_ in PERSONAL_PRONOUNS | {"it", "they"}):
        return None
    span = _entity_or_phrase(doc, agent)
    found = mention_name(article, span, span.start_char)
    if found is None or found[0] is None:
        return None
    end = strip_possessive(text, span.start_char, span.end_char)
    return SpeakerGuess(found[0], span.start_char, end, text[span.start_char : end], found[1])


def _entity_or_phrase(doc: Doc, token: Token) -> Span:
    if token.ent_type_:
        first, last = token.i, token.i
        while first > 0 and doc[first].ent_iob_ == "I":
            first -= 1
        while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
            last += 1
        span = doc[first : last + 1]
    else:
        span = doc[token.left_edge.i : token.i + 1]
        whole = doc[token.left_edge.i : token.right_edge.i + 1]
        # A name the recogniser missed runs on: "The Commission on Presidential Debates".
        if token.pos_ == "PROPN" and all(t.pos_ in ("PROPN", "ADP", "DET", "CCONJ") for t in whole):
            span = whole
    while len(span) > 1 and span[0].dep_ == "det":
        span = span[1:]
    return span


def mention_name(article: Article, span: Span, start: int) -> tuple[str, SpeakerBasis] | None:
    """(canonical name, basis) for the words that name a source, or None when the article names no one
    they could stand for."""
    doc, people = article.doc, article.people
    text = doc_text(doc)
    head = span.root
    if len(span) == 1 and span[0].lower_ in PERSONAL_PRONOUNS:
        antecedent = people.resolve_pronoun(start, span[0].lower_)
        if antecedent is None:
            return None
        people.add_resolved(start, start + len(span[0].text), span[0].text, antecedent.person)
        return people.people[antecedent.person].canonical, "pronoun"
    if len(span) == 1 and span[0].lower_ in ("it", "they"):
        group = _group_antecedent(doc, span[0])
        if group is None:
            return None
        # The antecedent named as a name, an organisation or an organisation's description.
        group_span = _entity_or_phrase(doc, group)
        found = mention_name(article, group_span, group_span.start_char)
        return (found[0], "pronoun") if found else None
    if len(span) == 1 and span[0].lower_ in FIRST_SECOND_PERSON:
        return None
    head_word = head.lower_
    persons = [e for e in _entities_in(span) if e.label_ == "PERSON"]
    possessor = persons[0] if persons and persons[0].root.dep_ == "poss" and persons[0].root.head.i == head.i else None
    if persons and possessor is None:
        # "Mr. Obama" keeps its honorific for the lookup: he is not "Michelle Obama".
        honorific = span[0].text + " " if span[0].lower_ in MENTION_HONORIFIC_TOKENS else ""
        name = people.canonical_name(honorific + persons[0].text, position=start)
        if name is None and _short_form_of_an_organisation(doc, persons[0].text):
            return article.organisations.canonical(_plain_name(persons[0].text)), "name"
        return name or _plain_name(" ".join(name_tokens(persons[0].text)) or persons[0].text), "name"
    if possessor is not None and head_word not in DOCUMENT_NOUNS and head_word not in ROLE_NOUNS:
        # "Scott's family", "Clinton's campaign": a group named after a person of the article.
        owner = people.canonical_name(possessor.text, position=start) or _plain_name(possessor.text)
        rest = _plain_name(text[possessor.end_char : span.end_char]).lstrip("'\u2019\u2018s ").strip()
        return f"{owner}\u2019s {rest}", "description"
    if looks_like_name(span) and head_word not in ROLE_NOUNS:
        name = people.canonical_name(span.text, position=start)
        if name is not None:
            return name, "name"
        organisation = article.organisations.canonical(_plain_name(span.text))
        if organisation != _plain_name(span.text) or any(e.label_ in ORGANISATION_LABELS for e in _entities_in(span)):
            return organisation, "name"
        return _plain_name(" ".join(name_tokens(span.text)) or span.text), "name"
    if (
        head.pos_ == "PROPN"
        and head_word not in ROLE_NOUNS
        and all(t.text[:1].isupper() or t.pos_ in ("ADP", "DET", "CCONJ") for t in span)
    ):
        # A proper name with small words in it that no one in the article bears: "Commission on
        # Presidential Debates", "Association of Flight Attendants".
        return article.organisations.canonical(_plain_name(span.text)), "name"
    if head_word in DOCUMENT_NOUNS:
        author = _document_author(article, span, head)
        if author is not None:
            return author, "document"
    if head_word in ROLE_NOUNS:
        person = _described_person(article, span, head, start)
        if person is not None:
            return person, "description"
    organisations = [e for e in _entities_in(span) if e.label_ in ORGANISATION_LABELS and e.label_ != "GPE"]
    if organisations:
        return article.organisations.canonical(_plain_name(organisations[0].text)), "name"
    if head_word in ORGANISATION_NOUNS and _is_definite(head, span):
        described = article.organisations.described(start, head_word)
        if described is not None:
            return described, "description"
    return None


def _is_definite(head: Token, span: Span) -> bool:
    determiners = {t.lower_ for t in head.children if t.dep_ in ("det", "poss")}
    return bool(determiners - INDEFINITE) or head.i == span.start


def _described_person(article: Article, span: Span, head: Token, start: int) -> str | None:
    """A role description: "a Meta exec" (the one person the article ties to Meta), "the Vermont senator"
    (the person the article calls a senator, from Vermont), "the premier" (also when named later)."""
    doc, people = article.doc, article.people
    text = doc_text(doc)
    role = head.lower_
    earlier = re.search(rf"\b(?:a|an)\s+((?:\S+\s+){{0,2}}){re.escape(head.text)}\b", text[:start], re.IGNORECASE)
    organisations = [t.text for t in span if t.pos_ == "PROPN" and t.i != head.i]
    if not organisations and earlier:
        organisations = [w.strip(".,'\u2019s") for w in earlier.group(1).split() if w[:1].isupper()]
    affiliated = people.affiliated(organisations)
    # A generic role ("exec", "official") fits anyone at the organisation; "the Meta CEO" only its CEO.
    if affiliated is not None and (role in GENERIC_ROLES or role in people.people[affiliated].descriptors):
        return people.people[affiliated].canonical
    if not _is_definite(head, span) or (head.pos_ == "PROPN" and not head.text.isupper()):
        return None
    # "a senior official ... the official said" was never named; "an explosion that Mayor Bill de Blasio"
    # introduces nobody: the role must be lower case and not be followed by a name.
    introduced_indefinitely = re.search(
        rf"\b[Aa]n?\s+(?:[a-z][\w-]*\s+){{0,2}}{re.escape(head.lower_)}\b(?![ \t]+[A-Z])", text[:start]
    )
    if introduced_indefinitely:
        return None  # "a senior official ... the official said": never named
    modifiers = [t.lower_.rstrip(".") for t in span if t.i != head.i and t.is_alpha]
    gender = noun_gender(role) or next((noun_gender(m) for m in modifiers if noun_gender(m)), None)
    # Every role the description gives: "the former secretary of state and current ... nominee".
    roles = [role] + [m for m in modifiers if m in ROLE_NOUNS and m != role]
    for each in roles:
        described = people.resolve_description(start, each, modifiers=modifiers, gender=gender, salient_fallback=False)
        if described is not None:
            return people.people[described.person].canonical
    # "Obama's former strategist" is one person, tied to someone the article names: not Obama himself.
    owner = next((t for t in head.children if t.dep_ == "poss" and t.pos_ == "PROPN"), None)
    owner_person = people.find_person(owner.text) if owner is not None else None
    if role in GENERIC_ROLES and owner_person is None:
        return None  # "the official", "the analyst": anyone, not the story's main person
    described = people.resolve_description(start, role, modifiers=modifiers, gender=gender, avoid=owner_person)
    return people.people[described.person].canonical if described is not None else None


def _document_author(article: Article, span: Span, head: Token) -> str | None:
    """A document stands for its author: "her statement" (the person "her" stands for), "Ivana Trump's
    brief", "the IMF report", "a statement from the EU", and "the statement" after "X issued a statement"
    or "In a statement, X said"."""
    doc = article.doc
    for child in head.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            return _token_name(article, child)
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.lower_ not in DOCUMENT_NOUNS:
                    return _token_name(article, obj)
    if not _is_definite(head, span):
        return None
    # The same document introduced earlier: its author is the subject of the verb that issued or held it.
    for token in reversed(doc[max(0, head.i - 300) : span.start]):
        if token.lower_ != head.lower_:
            continue
        verb = token.head.head if token.dep_ == "pobj" else token.head
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i != token.i:
                return _token_name(article, child)
        for child in token.children:
            # "a Times article ... the article read", "her statement ... the statement said"
            if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
                return _token_name(article, child)
    return None


def _token_name(article: Article, token: Token) -> str | None:
    """The canonical person or organisation one token (and its entity or noun phrase) stands for."""
    doc = article.doc
    if token.lower_ in PERSONAL_PRONOUNS:
        antecedent = article.people.resolve_pronoun(token.idx, token.lower_)
        return article.people.people[antecedent.person].canonical if antecedent else None
    span = _entity_or_phrase(doc, token)
    found = mention_name(article, span, span.start_char)
    return found[0] if found else None


def _group_antecedent(doc: Doc, pronoun: Token) -> Token | None:
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
    return (spoke or main_clause or candidates)[0]


def _plain_name(mention: str) -> str:
    return re.sub(r"\s+", " ", mention).strip()


def pronoun_is_unresolved(guess: SpeakerGuess) -> bool:
    return guess.text.lower() in PERSONAL_PRONOUNS and guess.name is None


__all__ = [
    "Article",
    "Organisations",
    "article_people",
    "furniture_ranges",
    "known_person_mentions",
    "pronoun_gender",
    "resolve_speakers",
]
