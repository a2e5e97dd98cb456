"""Attribution: which cue introduces each quote, who the source is, where it was said, and indirect speech.

An attribution is a source, a cue and some content. Quote marks give the content of direct and partial
quotes (found by quotes.py); the dependency parse gives the cue's subject (the source, whatever its entity
label), its addressee or venue, and the content of indirect speech. Quote marks confuse the parser, so the
link between a quote and its cue is made on characters (the cue right after the quote, or before it in the
same sentence), and the parse is only asked about the cue's own clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.nlp.cues import (
    ADDRESSEE_VERBS,
    BELIEF_FORMS,
    CHARACTERISING_FORMS,
    PHRASAL_FORMS,
    SPEECH_FORMS,
    VENUE_NOUNS,
    words,
)
from annotator.nlp.quotes import QuoteSpan
from annotator.nlp.types import QuoteKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Full stops after these are not sentence ends ("Mr. Barrett said", "U.S. officials").
_ABBREVIATIONS = words(
    """
    Mr Ms Dr St Mrs Sen Rep Gov Gen Lt Col Sgt Jr Sr Rev Prof Capt Adm Ft Mt No vs Del Inc Corp Co Ltd
    Jan Feb Mar Apr Aug Sept Sep Oct Nov Dec Ala Ariz Ark Calif Colo Conn Fla Ga Ill Ind Kan Ky La Md Mass
    Mich Minn Miss Mo Mont Neb Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo
    """
)
_NOT_AFTER = "".join(rf"(?<!\b{abbreviation})" for abbreviation in (*_ABBREVIATIONS, "[A-Z]"))
SENTENCE_BREAK = re.compile(
    _NOT_AFTER + r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9\u2592])|\n"
)
TRAILING_DASH_NAME = re.compile(
    r"\s*[-\u2013\u2014\u2015]+\s*"
    r"((?:[A-Z][\w.\u2019'\-]*)(?:[ \u00a0]+(?:[A-Z][\w.\u2019'\-]*|de|van|von|bin|al)){0,4})"
)
MENTION_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
FIRST_SECOND_PERSON = frozenset({"i", "we", "you", "me", "us"})
CONNECTORS_OR_MARKS = re.compile(r"[\s,;:\"'\u201c\u201d\u2018\u2019\u2014\u2013-]+|\b(?:and|or|but)\b")
CONNECTORS = re.compile(r"^[\s,;:\u2014\u2013-]*(?:and|or|but|as well as|,|;)?[\s,;:\u2014\u2013-]*$")


@dataclass
class Cue:
    token_index: int  # the cue verb (or "according")
    start: int
    end: int
    text: str
    lemma: str
    speaker_tokens: tuple[int, int] | None = None  # token range [first, last+1) of the source mention
    venue: tuple[int, int] | None = None  # character range
    content: tuple[int, int] | None = None  # character range of clausal content (indirect speech)
    used: bool = False


@dataclass
class Attribution:
    start: int
    end: int
    kind: QuoteKind
    confidence: float
    cue: Cue | None = None
    inherited_from: Attribution | None = None  # a quote with no cue of its own continues an earlier speaker's
    dash_name: tuple[int, int] | None = None  # "-Name" after the quote
    flags: set[str] = field(default_factory=set)
    # The quoted stretches this attribution was built from (none for indirect speech); see pieces.py
    pieces: list[tuple[int, int]] = field(default_factory=list)


def doc_text(doc: Doc) -> str:
    """The document's text, built once: `Doc.text` joins every token again on each access."""
    cached = doc.user_data.get("annotator_text")
    if cached is None:
        cached = doc.user_data["annotator_text"] = doc.text
    return str(cached)


# -- cue discovery --------------------------------------------------------------------------------


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _cue_lemma(token: Token) -> str | None:
    word = token.lower_
    if word == "according":
        following = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return "according to" if following is not None and following.lower_ == "to" else None
    if not token.tag_.startswith("VB"):
        return None
    if word in PHRASAL_FORMS and token.i + 1 < len(token.doc):
        # "chimed in", "pointed out", "fired back": the particle must follow.
        particle, lemma = PHRASAL_FORMS[word]
        if token.doc[token.i + 1].lower_ == particle:
            return lemma
    return SPEECH_FORMS.get(word) or BELIEF_FORMS.get(word) or CHARACTERISING_FORMS.get(word)


def _subject(verb: Token) -> Token | None:
    if verb.lower_ == "according":
        to = verb.nbor(1)
        for child in to.children:
            if child.dep_ == "pobj":
                return child
        return to.nbor(1) if to.i + 1 < len(verb.doc) else None
    if verb.tag_ == "VBG" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        # "Clegg also discussed ... -- over which the company has faced criticism -- saying ...": the one
        # saying is the subject of the sentence, not of the nearest clause.
        root = verb.sent.root
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i < verb.i:
                return child
    content = _content_range(verb, SPEECH_FORMS.get(verb.lower_, ""))
    head = verb
    for _ in range(4):
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS and not (content and content[0] <= child.idx < content[1]):
                if child.lower_ in RELATIVE_PRONOUNS and head.dep_ == "relcl":
                    return head.head
                if child.lower_ in RELATIVE_PRONOUNS and child.i > 0 and child.nbor(-1).pos_ in ("PROPN", "NOUN"):
                    return child.nbor(-1)  # "the Chicago Police Department which reported": a missed relcl
                if child.lower_ in _DEMONSTRATIVES:
                    break  # "that was not her view and dismissed ...": a clause of what was said, go up
                return child
        else:
            if head.dep_ == "xcomp" and (obj := next((c for c in head.head.children if c.dep_ == "dobj"), None)):
                return obj  # "led the journalist Dainis Ivans to fear ...": the one led is the one who fears
            if head.dep_ == "relcl":
                return head.head
            if (
                head.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp", "dep", "ccomp", "advmod")
                and head.head.i != head.i
            ):
                head = head.head
                continue
            break
        # A demonstrative subject: the clause is content; its governing verb's subject speaks.
        if head.head.i != head.i:
            head = head.head
            continue
        break
    return None


def _adjacent_source(verb: Token, quote_ranges: list[tuple[int, int]]) -> Token | None:
    """When the parse gives no subject (quote marks confuse it): a name or pronoun right after the cue
    ("said Leslie Wimes"), else right before it ("Chief Chuck Jordan said")."""
    doc = verb.doc
    after = verb.i + 1
    if (
        after < len(doc)
        and doc[after].ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "GPE", "LOC")
        and (doc[after].ent_type_ == "PERSON" or doc[after].pos_ == "PROPN" or doc[after].lower_ in ("he", "she"))
    ):
        token = doc[after]
        while token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN" and doc[token.i + 1].ent_iob_ == "I":
            token = doc[token.i + 1]
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        # "said he." / "said Leslie Wimes, a ..." but not "to say he'd jail him".
        if following is None or following.is_punct or following.ent_type_ in ("DATE", "TIME"):
            return token
    before = verb.i - 1
    while before >= 0 and doc[before].pos_ in ("ADV", "AUX", "PART") and verb.i - before <= 3:
        before -= 1
    if before >= 0 and doc[before].text == ")":
        # "Rep. Elijah E. Cummings (D-Md.) said": step over the party and state.
        opening = before
        while opening > 0 and doc[opening].text != "(" and before - opening < 8:
            opening -= 1
        before = opening - 1 if doc[opening].text == "(" else before
    if before >= 0 and doc[before].text == ",":
        # "Flynn, a top Trump surrogate, said": the name before the apposition.
        opening = before - 1
        while opening > 0 and doc[opening].text != "," and before - opening < 10 and doc[opening].text != "\n":
            opening -= 1
        if opening > 0 and doc[opening].text == "," and doc[opening - 1].ent_type_ == "PERSON":
            before = opening - 1
    if before >= 0 and not _inside(doc[before].idx, quote_ranges):
        token = doc[before]
        if token.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"):
            return None
        if token.ent_type_ == "PERSON" or (
            token.pos_ in ("PROPN", "PRON", "NOUN") and token.lower_ not in RELATIVE_PRONOUNS | {"it"}
        ):
            return token
    return None


def _mention_range(subject: Token) -> tuple[int, int]:
    """Token range of the source mention: a PERSON in apposition beats the title it explains."""
    doc = subject.doc

    def entity_range(token: Token) -> tuple[int, int, str] | None:
        if not token.ent_type_:
            return None
        start = token.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = token.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return start, end, token.ent_type_

    own = entity_range(subject)
    if own and own[2] == "PERSON":
        start = own[0]
        # Keep the honorific the article uses: "Ms. Moore", "Mr Zuckerberg".
        if start > 0 and doc[start - 1].lower_.rstrip(".") in MENTION_HONORIFICS:
            start -= 1
        return start, own[1]
    for child in list(subject.children) + ([subject.head] if subject.dep_ == "appos" else []):
        is_head = child.i == subject.head.i
        if child.dep_ == "appos" or is_head:
            for token in [child] if is_head else child.subtree:
                found = entity_range(token)
                if found and found[2] == "PERSON":
                    return found[0], found[1]
    if own:
        return own[0], own[1]
    if subject.pos_ == "PRON":
        return subject.i, subject.i + 1
    # A common noun phrase: its left modifiers, and an "of ..." phrase ("the founder and CEO of Facebook").
    first = subject.left_edge.i
    last = subject.i
    for child in subject.rights:
        if child.dep_ in ("prep", "cc", "conj", "compound", "flat") and child.lower_ not in (",",):
            if child.dep_ == "prep" and child.lower_ not in ("of", "for", "at", "from"):
                break
            last = max(last, child.right_edge.i)
        else:
            break
    while first < subject.i and doc[first].is_punct:
        first += 1
    return first, last + 1


def _addressee(verb: Token) -> Token | None:
    """The noun right after "told": "told Axios", "told the media", "told CBS' 'This Morning'"."""
    doc = verb.doc
    if verb.i + 1 >= len(doc):
        return None
    token = doc[verb.i + 1]
    while token.dep_ in ("det", "amod", "compound", "poss", "nummod", "case") and token.head.i > token.i:
        token = token.head
    # The small model tags some outlet names as adverbs ("told Axios"): a capitalised word counts too.
    if (
        token.pos_ in ("NOUN", "PROPN", "PRON")
        or token.dep_ in ("dobj", "dative", "iobj")
        or (token.is_alpha and token.text[:1].isupper())
    ):
        if token.lower_ in ("that", "it", "this") or token.tag_ in ("WDT", "WP"):
            return None
        return token
    return None


def _venue_range(verb: Token, lemma: str) -> tuple[int, int] | None:
    doc = verb.doc
    if lemma in ADDRESSEE_VERBS:
        addressee = _addressee(verb)
        if addressee is not None:
            start = doc[verb.i + 1].idx
            last = addressee
            while (
                last.i + 1 < len(doc)
                and doc[last.i + 1].pos_ == "PROPN"
                and doc[last.i + 1].dep_ in ("compound", "flat", "appos", "npadvmod")
            ):
                last = doc[last.i + 1]
            return start, _with_quoted_title(doc_text(doc), last.idx + len(last.text))
    for child in verb.children:
        # "wrote in a Facebook post", "said on Fox News", "In an interview, the CEO said"
        if child.dep_ == "prep" and child.lower_ in ("in", "on", "during", "at", "to"):
            for obj in child.children:
                if obj.dep_ == "pobj" and (
                    obj.lower_ in VENUE_NOUNS
                    or (child.lower_ in ("on", "to") and obj.ent_type_ in ("ORG", "WORK_OF_ART"))
                ):
                    return obj.left_edge.idx, _with_quoted_title(
                        doc_text(doc), obj.right_edge.idx + len(obj.right_edge.text)
                    )
    return None


QUOTED_TITLE = re.compile(
    r"(?:[\u2019']s?)?\s*[\"'\u2018\u201c]([^\"'\u2018\u2019\u201c\u201d\n]{1,40})[.,]?[\"'\u2019\u201d]"
)


def _with_quoted_title(text: str, end: int) -> int:
    """Stretch a venue over a programme title quoted right after it: "told CBS' 'This Morning.'",
    "said on CNN's "State of the Union.""."""
    title = QUOTED_TITLE.match(text, end)
    if title and all(word[:1].isupper() or word in TITLE_SMALL_WORDS for word in title.group(1).split()):
        return title.end()
    return end


TITLE_SMALL_WORDS = frozenset({"of", "the", "and", "a", "an", "in", "on", "for", "to", "with", "at"})


def _content_range(verb: Token, lemma: str) -> tuple[int, int] | None:
    """Character range of a clausal complement: "said [that the company ...]"."""
    if lemma == "according to":
        sentence = verb.sent
        phrase_end = verb.nbor(1).right_edge.i + 1
        if verb.i <= sentence.start + 1:
            tokens = [t for t in sentence if (t.i >= phrase_end and not t.is_punct) or t.i > phrase_end]
        else:
            tokens = [t for t in sentence if t.i < verb.i]
        tokens = [t for t in tokens if not (t.is_punct and t.i in (tokens[0].i, tokens[-1].i))] if tokens else []
        if len(tokens) < 3:
            return None
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = doc_text(verb.doc)
    paragraph_start = text.rfind("\n", 0, verb.idx) + 1
    paragraph_end = text.find("\n", verb.idx)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    for child in verb.children:
        if child.dep_ == "ccomp" and len(list(child.subtree)) >= 3:
            first, last = child.left_edge, child.right_edge
            # Headings and captions without a full stop run into the next paragraph in the parse.
            while last.i > first.i and (last.is_punct or last.idx >= paragraph_end):
                last = last.doc[last.i - 1]
            if first.idx < paragraph_start or last.idx >= paragraph_end:
                return None
            return first.idx, last.idx + len(last.text)
    return None


def _names_a_thing(verb: Token, lemma: str) -> bool:
    """'a group called "Parents for Parks"', 'a plan dubbed "Lift"', 'a song written in 1998': a participle
    that labels or describes a thing, with nobody said to speak. With an agent ('described by the mayor as')
    someone does."""
    return (
        lemma != "according to"
        and verb.tag_ == "VBN"
        and verb.dep_ == "acl"
        and not any(child.dep_ == "agent" for child in verb.children)
    )


def find_cues(doc: Doc, quote_ranges: list[tuple[int, int]]) -> list[Cue]:
    cues = []
    for token in doc:
        lemma = _cue_lemma(token)
        if lemma is None or _inside(token.idx, quote_ranges):
            continue  # the speaker's own "said" inside a quote is not a cue
        if any(
            child.dep_ == "neg" and token.i - 3 <= child.i < token.i and not _inside(child.idx, quote_ranges)
            for child in token.children
        ):
            continue  # "didn't say" attributes nothing; a "not" inside the quote does not count
        if _names_a_thing(token, lemma):
            continue
        subject = _subject(token)
        end_token = token.nbor(1) if lemma == "according to" else token
        cue = Cue(
            token.i,
            token.idx,
            end_token.idx + len(end_token.text),
            doc_text(doc)[token.idx : end_token.idx + len(end_token.text)],
            lemma,
        )
        if subject is not None and "\n" in doc_text(doc)[min(subject.idx, token.idx) : max(subject.idx, token.idx)]:
            subject = None  # a dateline or heading in another paragraph parsed as the subject
        behind_a_preposition = subject is not None and any(t.pos_ == "ADP" for t in doc[token.i + 1 : subject.i])
        if behind_a_preposition and lemma != "according to":
            subject = None  # "said Thursday on Fox News": a subject behind a preposition is the venue's noun
        if subject is None or _inside(subject.idx, quote_ranges):
            subject = _adjacent_source(token, quote_ranges)
        if subject is not None:
            cue.speaker_tokens = _mention_range(subject)
        cue.venue = _venue_range(token, lemma)
        cue.content = _content_range(token, lemma)
        cues.append(cue)
    return cues


# -- linking quotes to cues ----------------------------------------------------------------------


class _Text:
    def __init__(self, text: str, quote_ranges: list[tuple[int, int]]) -> None:
        self.text = text
        self.quote_ranges = quote_ranges

    def paragraph_of(self, pos: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return start, len(self.text) if end < 0 else end

    def outside_quotes(self, start: int, end: int) -> str:
        """The text between two positions with quoted stretches blanked out."""
        chars = list(self.text[start:end])
        for qs, qe in self.quote_ranges:
            # The marks themselves stay: a sentence break is still seen before an opening mark.
            for pos in range(max(qs + 1, start), min(qe - 1, end)):
                chars[pos - start] = "\u2592"
        return "".join(chars)

    def sentence_start(self, pos: int) -> int:
        """Start of the sentence holding `pos`, looking only at sentence breaks outside quotes."""
        para_start, _ = self.paragraph_of(pos)
        # Look a little past `pos`: a break is recognised by what follows it.
        blanked = self.outside_quotes(para_start, min(len(self.text), pos + 3))
        start = para_start
        for match in SENTENCE_BREAK.finditer(blanked):
            if para_start + match.end() <= pos:
                start = para_start + match.end()
        return start

    def sentence_end(self, pos: int) -> int:
        _, para_end = self.paragraph_of(pos)
        blanked = self.outside_quotes(pos, para_end)
        match = SENTENCE_BREAK.search(blanked)
        end = pos + match.start() + 1 if match else para_end
        while end > pos and self.text[end - 1].isspace():
            end -= 1
        return end


def _ends_sentence(text: str, quote: tuple[int, int]) -> bool:
    inner = text[quote[0] : quote[1]].rstrip("\"'\u201d\u2019\u00bb ")
    return inner.endswith((".", "\u2026"))


def _leading_is_introduction(prefix: str) -> bool:
    """Text before a quote that hands over to it: "Trump said:", "She continued,"."""
    return prefix.rstrip().endswith((":", ",")) and not prefix.rstrip().endswith(" as,")


def _trailing_cue(view: _Text, quote: tuple[int, int], cues: list[Cue], doc: Doc) -> Cue | None:
    _, para_end = view.paragraph_of(quote[1] - 1)
    for cue in cues:
        if cue.start < quote[1] or cue.start > para_end:
            continue
        gap = view.outside_quotes(quote[1], cue.start)
        if "\u2592" in gap or "\n" in gap:
            return None
        limit = 40 if _ends_sentence(view.text, quote) else 220  # long appositions: "X, director of ..., said"
        if len(gap) > limit or SENTENCE_BREAK.search(gap) or re.search(_NOT_AFTER + r"[.!?]\s", gap):
            return None
        if cue.speaker_tokens and doc[cue.speaker_tokens[0]].lower_ in FIRST_SECOND_PERSON:
            return None
        if _ends_sentence(view.text, quote) and cue.content is not None and cue.content[0] > cue.start:
            return None  # '"..." He added the talks were ...' starts a new attribution
        return cue
    return None


def _outermost(cue: Cue, cues: list[Cue], doc: Doc) -> Cue:
    """In "Ditto said she expects the campaign 'to ...'" the source is the one who said, not who expects:
    climb to the furthest speech cue that governs the nearest one."""
    by_token = {c.token_index: c for c in cues}
    best = cue
    token = doc[cue.token_index]
    while token.head.i != token.i and token.dep_ in ("ccomp", "xcomp", "parataxis"):
        token = token.head
        outer = by_token.get(token.i)
        if (
            outer is not None
            and outer.lemma in SPEECH_FORMS.values()
            and outer.speaker_tokens is not None
            and "\n" not in doc_text(doc)[min(outer.start, cue.start) : max(outer.end, cue.end)]
        ):
            best = outer
    return best


def _leading_cue(view: _Text, quote: tuple[int, int], cues: list[Cue], doc: Doc) -> Cue | None:
    sentence_start = view.sentence_start(quote[0])
    before = [c for c in cues if sentence_start <= c.start < quote[0]]
    if before:
        return _outermost(before[-1], cues, doc)
    # "... who said in a session on Thursday:" at the end of the previous paragraph or sentence.
    lead = view.text[: quote[0]].rstrip()
    if lead.endswith(":"):
        intro_start = view.sentence_start(len(lead) - 1)
        intro = [c for c in cues if intro_start <= c.start < len(lead)]
        if intro:
            return intro[-1]
    return None


def _names_someone(doc: Doc, cue: Cue) -> bool:
    """False for a cue with no source, or one buried in a relative clause ("points that disagree with")."""
    if cue.speaker_tokens is None:
        return False
    verb = doc[cue.token_index]
    if verb.dep_ == "relcl":
        return any(child.dep_ in SUBJECT_DEPS and child.lower_ in ("who", "whom") for child in verb.children)
    return True


def _colon_introduction(view: _Text, quote: tuple[int, int], doc: Doc) -> Cue | None:
    """ "Sanders made the following comment:" or "Zuckerberg went on to list points, '...'" before a quote:
    the introducing clause's subject is the source and its verb the cue."""
    lead = view.text[: quote[0]].rstrip()
    if not lead.endswith((":", ",")):
        return None
    colon = doc.char_span(len(lead) - 1, len(lead), alignment_mode="expand")
    if colon is None:
        return None
    # The top of the introducing clause: climb from the colon while the heads stay before the quote.
    root = colon[0]
    while root.head.i != root.i and root.head.idx < quote[0] and not _inside(root.head.idx, view.quote_ranges):
        root = root.head
    if not root.tag_.startswith("VB") or _inside(root.idx, view.quote_ranges):
        return None
    subject = _subject(root)
    if subject is None or subject.pos_ not in ("PROPN", "PRON", "NOUN") or _inside(subject.idx, view.quote_ranges):
        return None
    if lead.endswith(",") and not (subject.pos_ in ("PROPN", "PRON") or subject.ent_type_ == "PERSON"):
        return None
    cue = Cue(root.i, root.idx, root.idx + len(root.text), root.text, root.lower_)
    cue.speaker_tokens = _mention_range(subject)
    return cue


def _characterising_verb(view: _Text, quote: tuple[int, int], cues: list[Cue]) -> Cue | None:
    sentence_start = view.sentence_start(quote[0])
    before = [c for c in cues if sentence_start <= c.start < quote[0] and c.lemma in CHARACTERISING_FORMS.values()]
    return before[-1] if before else None


def _content_around(view: _Text, quote: tuple[int, int], cue: Cue, doc: Doc) -> tuple[int, int]:
    """The content of a mixed quote: the cue's clausal complement, stretched to hold the quoted words."""
    # A quote whose words end the sentence ('an "outlaw nation."') ends the content too.
    sentence_end = quote[1] if _ends_sentence(view.text, quote) else view.sentence_end(quote[1])
    if cue.content and cue.content[0] <= quote[0] < cue.content[1] + 2:
        return cue.content[0], max(min(cue.content[1], sentence_end), quote[1])
    if cue.start < quote[0]:
        start = cue.end
        if cue.venue and cue.venue[0] >= cue.end and cue.venue[1] <= quote[0]:
            start = cue.venue[1]
        while start < quote[0] and not view.text[start].isalnum() and view.text[start] not in "\"'\u201c\u2018":
            start += 1
        return start, max(quote[1], sentence_end)
    return view.sentence_start(quote[0]), quote[1]


def link_quotes(doc: Doc, spans: list[QuoteSpan], cues: list[Cue]) -> list[Attribution]:
    text = doc_text(doc)
    ranges = [(s.start, s.end) for s in spans]
    view = _Text(text, ranges)
    result: list[Attribution] = []
    for span in spans:
        quote = (span.start, span.end)
        if result and result[-1].end >= quote[1]:
            result[-1].pieces.append(quote)  # inside a mixed quote's content: another of its pieces
            continue
        prefix = view.outside_quotes(view.sentence_start(quote[0]), quote[0])
        initial = (
            not prefix.strip()
            or "unopened" in span.flags  # its start was guessed at a sentence start
            or ("\u2592" in prefix and not CONNECTORS_OR_MARKS.sub("", prefix.replace("\u2592", "")))
        )
        trailing = _trailing_cue(view, quote, cues, doc)
        leading = _leading_cue(view, quote, cues, doc)
        dash = TRAILING_DASH_NAME.match(text, quote[1]) if trailing is None else None
        if dash and not re.match(r"[\s\u00a0.,]*(?:\n|$)", text[dash.end() :]):
            dash = None  # a dash that goes on with the sentence is not a byline

        kind: QuoteKind
        cue: Cue | None
        if initial or _leading_is_introduction(prefix):
            kind = "direct"
            # "Zuckerberg replied: '...'" names its source before the colon; otherwise an attribution
            # right after the quote wins over one earlier in the sentence.
            introduced_by_colon = leading is not None and prefix.rstrip().endswith(":")
            cue = leading if introduced_by_colon else trailing or leading
        else:
            kind = "partial"
            cue = leading or trailing or _characterising_verb(view, quote, cues)
        if kind == "direct" and (cue is None or (cue is leading and not _names_someone(doc, cue))):
            cue = _colon_introduction(view, quote, doc) or cue
        confidence = 0.9 if cue else 0.45
        start, end = quote
        if kind == "partial" and cue is not None:
            start, end = _content_around(view, quote, cue, doc)
            start, end = min(start, quote[0]), max(end, quote[1])
        attribution = Attribution(start, end, kind, confidence * span.confidence**0.5, cue, pieces=[quote])
        attribution.flags |= set(span.flags)
        if cue is not None:
            cue.used = True
        if dash:
            attribution.dash_name = (dash.start(1), dash.end(1))
            attribution.confidence = 0.8 * span.confidence**0.5
        result.append(attribution)
    return _merge_continuations(view, result, doc)


def _merge_continuations(view: _Text, items: list[Attribution], doc: Doc) -> list[Attribution]:
    """`"A," she said. "B."` is one attribution with its content in two pieces, and so is
    `"A" and "B," he said`."""
    merged: list[Attribution] = []
    for item in items:
        if merged:
            previous = merged[-1]
            same_paragraph = view.paragraph_of(previous.start) == view.paragraph_of(item.start)
            between = view.text[previous.end : item.start]
            connects = (
                same_paragraph
                and bool(CONNECTORS.match(between))
                and previous.kind == "direct"
                and previous.cue is None
            )
            continues = (
                same_paragraph
                and previous.kind == "direct"
                and item.kind == "direct"
                and previous.cue is not None
                and previous.cue.start > previous.end  # the attribution sits after the first piece
                and item.cue is None
                and view.sentence_start(item.start) >= previous.cue.end
                and not view.outside_quotes(previous.end, item.start).count("\u2592")
                and len(between) < 200
            )
            if connects and item.kind == "direct":
                previous.end = item.end
                previous.pieces.extend(item.pieces)
                previous.cue = item.cue
                previous.confidence = max(previous.confidence, item.confidence)
                previous.dash_name = item.dash_name
                continue
            # '"On this basis," Zero Hedge said, "true ..."': one cue between two pieces of one quote.
            shares_cue = (
                same_paragraph
                and previous.kind == "direct"
                and item.kind == "direct"
                and item.cue is not None
                and item.cue is previous.cue
                and previous.end <= item.cue.start
                and item.cue.end <= item.start
            )
            # 'Zuckerberg replied: "A!" B. "': one cue before two stretches of the paragraph.
            shares_leading_cue = (
                same_paragraph
                and previous.kind == "direct"
                and item.kind == "direct"
                and item.cue is not None
                and item.cue is previous.cue
                and item.cue.end <= previous.start
                and not between.strip()
            )
            if continues or shares_cue or shares_leading_cue:
                previous.end = item.end
                previous.pieces.extend(item.pieces)
                continue
        merged.append(item)
    _inherit_speakers(view, merged)
    return merged


def _inherit_speakers(view: _Text, items: list[Attribution]) -> None:
    """A quote with no cue of its own usually goes on with the speaker of the attribution just before it,
    direct or indirect."""
    for index, item in enumerate(items):
        if item.cue is not None or item.dash_name is not None or index == 0:
            continue
        previous = items[index - 1]
        gap = view.text[previous.end : item.start]
        # Also after indirect speech: "Health Minister Ann Roy says she has been meeting ..." and then a
        # quoted paragraph of hers.
        if gap.count("\n") <= 2 and len(gap) < 400 and item.kind == "direct":
            item.inherited_from = previous
            item.confidence = 0.55 * (item.confidence / 0.45 if item.confidence < 0.45 else 1)


def indirect_attributions(doc: Doc, cues: list[Cue], taken: list[tuple[int, int]]) -> list[Attribution]:
    """Indirect speech: a cue with a subject and a clausal complement that holds no quote marks."""
    found = []
    for cue in cues:
        if cue.used or cue.content is None or cue.speaker_tokens is None:
            continue
        if cue.lemma in CHARACTERISING_FORMS.values():
            continue
        start, end = cue.content
        if any(start < e and s < end for s, e in taken):
            continue
        if doc[cue.speaker_tokens[0]].lower_ in FIRST_SECOND_PERSON | {"it", "this", "that"}:
            continue
        confidence = 0.6 if cue.lemma in SPEECH_FORMS.values() else 0.4
        found.append(Attribution(start, end, "indirect", confidence, cue))
        taken.append((start, end))
    return found
