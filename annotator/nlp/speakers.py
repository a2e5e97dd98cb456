"""Canonical people in one article: names, surnames, honorifics, pronouns and known people.

Every way the article refers to someone ("Mark Zuckerberg", "Mr Zuckerberg", "Zuckerberg", "he") is tied to
one person whose canonical name is the fullest form the article uses (earliest among equally full ones), or
the name editors confirmed when the person is known from earlier articles.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.nlp.lexicon import (
    FEMALE_HONORIFICS,
    FEMALE_NOUNS,
    FEMALE_PRONOUNS,
    HONORIFICS,
    MALE_HONORIFICS,
    MALE_NOUNS,
    MALE_PRONOUNS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    fold_name,
    words,
)
from annotator.nlp.types import KnownPerson

# A short list of common given names with a clear usual gender in English-language news. It only breaks
# ties for pronouns; an unknown name is compatible with both.
MALE_FIRST_NAMES = frozenset(
    words(
        """
aaron adam al alan albert alex alexander ali andrew andy anthony antonio ben benjamin bernie bill bob boris
brad brian bruce carl carlos charles charlie chris christopher chuck colin dan daniel dave david dennis
dick donald doug douglas ed eddie edward elon emmanuel eric frank fred gary george gordon greg gregory harry
henry howard ian jack jacob jake james jared jason jeb jeff jeffrey jeremy jerry jim jimmy joe joel john
johnny jon jonathan jose joseph josh juan justin keith ken kevin larry lee lindsey lloyd louis luke malcolm
marco mark martin matt matthew michael mike mitch mitt muhammad narendra nathan neil nick nicholas nigel
olaf omar oliver patrick paul pete peter phil philip ralph randy ray reince richard rick rob robert roger
ron ronald roy rudy ryan sam samuel scott sean sergey simon stephen steve steven stuart ted terry thomas tim
timothy todd tom tony vladimir walter wayne william xi yuval zach
"""
    )
)
FEMALE_FIRST_NAMES = frozenset(
    words(
        """
abby alexandria alice alicia amanda amy andrea angela ann anna anne barbara betsy betty beyonce brenda
carly carol caroline catherine cheryl chelsea christina christine claire cynthia dana debbie deborah diana
diane donna dorothy elizabeth ellen emily emma eva grace hannah heather helen hillary huma ivanka jacinda
jane janet jennifer jessica jill joan joanna judith judy julia julie karen kate katherine kathleen kathy
kayleigh kellyanne kim kimberly kamala laura lauren linda lisa liz lori lynn margaret maria marie marine
martha mary megan melania melissa michelle monica nancy natalie nicola nikki olivia pamela patricia paula
rachel rebecca rose ruth sandra sarah sharon sheryl stephanie susan susana suzanne tammy teresa theresa
tiffany tulsi valerie victoria virginia wendy
"""
    )
)

# How far back (characters) a full name still decides which of two people sharing a surname a bare surname is.
SHARED_SURNAME_WINDOW = 1500

_APOSTROPHES = "'\u2019\u2018\u02bc"
_TOKEN = re.compile(rf"[A-Za-z\u00c0-\u024f][\w.\-{_APOSTROPHES}]*")
_POSSESSIVE = re.compile(rf"[{_APOSTROPHES}]s?$")


def name_tokens(name: str) -> list[str]:
    """The words of a name without titles, possessive endings (any apostrophe) or suffixes.

    "Mr. Zuckerberg's" -> ["Zuckerberg"], "Health Minister Ann Roy" -> ["Ann", "Roy"]."""
    words = [_POSSESSIVE.sub("", word) for word in _TOKEN.findall(name)]
    words = [word for word in words if word and word.lower().rstrip(".") not in NAME_SUFFIXES]
    bare = [word.lower().rstrip(".") for word in words]
    # Everything up to the last title word goes when a name follows it ("Health Minister Ann Roy",
    # "Senate Minority Leader Harry Reid"); a title alone stays: "King" may be a surname.
    titles = [index for index, word in enumerate(bare) if word in HONORIFICS and index + 1 < len(words)]
    first = titles[-1] + 1 if titles and all(b not in NAME_PARTICLES for b in bare[: titles[-1]]) else 0
    if first and not all(w[:1].isupper() or b in HONORIFICS for w, b in zip(words[:first], bare[:first], strict=True)):
        first = 0
    return [word.rstrip(".") if len(bare[i]) > 1 else word for i, word in enumerate(words) if i >= first]


def surname_of(tokens: Sequence[str]) -> tuple[str, ...]:
    """The surname, particles included: "Bill de Blasio" -> ("de", "blasio"), "Van der Berg" -> all three,
    "Mary Ann Okafor" -> ("okafor",). Lower-cased and folded."""
    folded = [fold_name(token) for token in tokens]
    for index, token in enumerate(folded[:-1]):
        if token in NAME_PARTICLES:
            return tuple(folded[index:])
    return tuple(folded[-1:])


def gender_of(name: str, honorific_hint: str | None = None) -> str | None:
    """'m', 'f' or None from an honorific or a given name."""
    first_word = (honorific_hint or name.split(" ", 1)[0]).lower().rstrip(".")
    if first_word in MALE_HONORIFICS:
        return "m"
    if first_word in FEMALE_HONORIFICS:
        return "f"
    tokens = name_tokens(name)
    if tokens:
        given = tokens[0].lower()
        if given in MALE_FIRST_NAMES:
            return "m"
        if given in FEMALE_FIRST_NAMES:
            return "f"
    return None


def noun_gender(word: str) -> str | None:
    """The gender a noun for a person gives: "widow" -> 'f', "businessman" -> 'm'."""
    lowered = word.lower()
    if lowered in MALE_NOUNS:
        return "m"
    if lowered in FEMALE_NOUNS:
        return "f"
    return None


def honorific_gender(text: str) -> str | None:
    first = text.split(" ", 1)[0].lower().rstrip(".") if text else ""
    return "m" if first in MALE_HONORIFICS else "f" if first in FEMALE_HONORIFICS else None


def pronoun_gender(word: str) -> str | None:
    lowered = word.lower()
    if lowered in MALE_PRONOUNS:
        return "m"
    if lowered in FEMALE_PRONOUNS:
        return "f"
    return None


@dataclass
class Person:
    forms: list[tuple[int, str]] = field(default_factory=list)  # (position of first use, name without titles)
    gender: str | None = None
    known_name: str | None = None
    descriptors: set[str] = field(default_factory=set)  # role nouns the article attaches to them: ceo, senator
    affiliations: set[str] = field(default_factory=set)  # organisations named in those roles: meta, facebook

    @property
    def surname(self) -> str:
        return self.canonical.split()[-1].lower()

    @property
    def canonical(self) -> str:
        if self.known_name:
            return self.known_name
        # The fullest form, and the earliest among equally full ones.
        _, best = min(self.forms, key=lambda item: (-len(item[1].split()), item[0]))
        return best


@dataclass(frozen=True, slots=True)
class PersonMention:
    start: int
    end: int
    text: str
    person: int  # index into PersonIndex.people
    inside_quote: bool = False
    is_subject: bool = False


def _compatible_given(a: str, b: str, nicknames: frozenset[tuple[str, str]] = frozenset()) -> bool:
    a, b = fold_name(a), fold_name(b)
    return (
        a == b
        or (len(a) == 1 and b.startswith(a))
        or (len(b) == 1 and a.startswith(b))
        or (a, b) in nicknames
        or (b, a) in nicknames
    )


class PersonIndex:
    """People of one article, built from name mentions; resolves any mention to a canonical name."""

    def __init__(self, known_people: Sequence[KnownPerson] = ()) -> None:
        self.people: list[Person] = []
        self.mentions: list[PersonMention] = []
        self._known = list(known_people)
        # Given names and the nicknames the article gives them ('Robert "Bobby" Scott'), folded.
        self._nicknames: frozenset[tuple[str, str]] = frozenset()
        # Where the article's cues name their sources (character ranges): who speaks, not who is spoken of.
        self.source_ranges: tuple[tuple[int, int], ...] = ()

    def add_nickname(self, given: str, nickname: str) -> None:
        """The article calls someone by a nickname ('Robert C. "Bobby" Scott'): "Bobby Scott" is Robert."""
        self._nicknames |= {(fold_name(given), fold_name(nickname))}

    # -- building --------------------------------------------------------------------------------
    def add_names(self, names: Iterable[tuple[int, int, str, bool, bool]]) -> None:
        """Add (start, end, text, inside_quote, is_subject) name mentions; full names first, so a surname seen
        before the full name still joins it."""
        items = sorted(set(names), key=lambda item: item[0])
        full = [item for item in items if len(name_tokens(item[2])) >= 2]
        single = [item for item in items if len(name_tokens(item[2])) == 1]
        for item in full + single:
            self._add(*item)
        self.mentions.sort(key=lambda m: m.start)

    def _add(self, start: int, end: int, text: str, inside_quote: bool, is_subject: bool) -> None:
        tokens = name_tokens(text)
        if not tokens:
            return
        person_index = self.find_person(text, position=start)
        honorific = text.split(" ", 1)[0] if len(text.split()) > 1 else None
        if person_index is not None and (hinted := honorific_gender(text)) is not None:
            self.people[person_index].gender = self.people[person_index].gender or hinted
        if person_index is None:
            person = Person()
            known = self._known_match(tokens)
            if known is not None:
                person.known_name = known.name
                person.forms.append((start, known.name))
            self.people.append(person)
            person_index = len(self.people) - 1
        person = self.people[person_index]
        person.forms.append((start, " ".join(tokens)))
        if person.gender is None:
            person.gender = gender_of(" ".join(tokens), honorific) or gender_of(person.canonical)
        self.mentions.append(PersonMention(start, end, text, person_index, inside_quote, is_subject))

    def _known_match(self, tokens: list[str]) -> KnownPerson | None:
        joined = " ".join(tokens).lower()
        for known in self._known:
            forms = [known.name, *known.aliases]
            for form in forms:
                form_tokens = name_tokens(form)
                if not form_tokens:
                    continue
                if " ".join(form_tokens).lower() == joined:
                    return known
            known_tokens = name_tokens(known.name)
            if (
                known_tokens
                and not re.search(r"\s(?:and|&)\s", known.name)  # two people confirmed together share no surname
                and known_tokens[-1].lower() == tokens[-1].lower()
                and (len(tokens) == 1 or _compatible_given(tokens[0], known_tokens[0]))
            ):
                return known
        return None

    def find_person(self, text: str, gender: str | None = None, position: int | None = None) -> int | None:
        """The person a name refers to: same full name, or the same surname (particles included) with a
        compatible given name and gender ("Mr. Obama" is not "Michelle Obama"). A surname several people
        share is the one named in full most recently before `position`, within a few paragraphs ("Gary
        Johnson ... Jeh Johnson said ... Johnson added"), else the one the article names most often."""
        tokens = name_tokens(text)
        if not tokens:
            return None
        folded = [fold_name(t) for t in tokens]
        surname = surname_of(tokens)
        given = folded[: len(folded) - len(surname)]
        wanted = gender or honorific_gender(text)
        candidates: list[int] = []
        for index, person in enumerate(self.people):
            if wanted is not None and person.gender not in (None, wanted):
                continue
            forms = [fold_name(form).split() for _, form in person.forms]
            if len(folded) >= 2 and folded in forms:
                return index
            if len(folded) >= 2 and any(len(f) > len(folded) and f[-len(folded) :] == folded for f in forms):
                # The end of a longer name: "Suu Kyi" of "Aung San Suu Kyi".
                candidates.append(index)
                continue
            same_surname = [f for f in forms if tuple(f[-len(surname) :]) == surname]
            if not same_surname:
                continue
            full = [f for f in same_surname if len(f) > len(surname)]
            # "Jane Zuckerberg" is not "Mark Zuckerberg"; with only "Zuckerberg" seen, it may be.
            if not given or not full or any(_compatible_given(f[0], given[0], self._nicknames) for f in full):
                candidates.append(index)
        best = self._nearest_full_name(candidates, position) if len(candidates) > 1 else None
        if best is None and candidates:
            # A bare surname shared by several people ("Trump") is the one the article names most often.
            best = max(candidates, key=lambda i: (len(self.people[i].forms), -i))
        if best is None and len(folded) == 1:
            # A given name alone ("Mark is very keen") may refer to someone named in full.
            for index, person in enumerate(self.people):
                if any(len(f.split()) >= 2 and fold_name(f.split()[0]) == folded[0] for _, f in person.forms):
                    return index
        return best

    def _nearest_full_name(self, candidates: Sequence[int], position: int | None) -> int | None:
        """Among people who share a surname, the one most recently named in full as a cue's source before
        `position`, when that was at most SHARED_SURNAME_WINDOW characters before it ("Jeh Johnson said ...
        Johnson added"; not "his wife, Heidi Cruz ... Cruz said", nor "Rakeyia Scott can be heard ... Scott")."""
        if position is None or not any(s <= position < e for s, e in self.source_ranges):
            return None  # only a surname that is itself a cue's source continues that speaker
        latest = {
            m.person: m.start
            for m in self.mentions
            if m.person in candidates
            and m.start < position
            and any(s <= m.start < e for s, e in self.source_ranges)
            and len(name_tokens(m.text)) >= 2
        }
        if not latest:
            return None
        best = max(latest, key=lambda i: latest[i])
        return best if position - latest[best] <= SHARED_SURNAME_WINDOW else None

    def complete_surname(self, person_index: int, position: int, full_name: str) -> None:
        """A full name found outside the body's name mentions (a headline) for someone the body names only
        by surname: it becomes their canonical name, not a mention."""
        person = self.people[person_index]
        if person.known_name and fold_name(person.known_name) != fold_name(full_name):
            # A confirmed person who only shares the surname: the article's own full name is better evidence.
            person.forms = [(start, form) for start, form in person.forms if form != person.known_name]
            person.known_name = None
        person.forms.append((position, full_name))
        if person.gender is None:
            person.gender = gender_of(full_name)

    def add_descriptor(self, person_index: int, word: str) -> None:
        self.people[person_index].descriptors.add(word.lower())

    def add_affiliation(self, person_index: int, organisation: str) -> None:
        self.people[person_index].affiliations.add(organisation.lower())

    def affiliated(self, organisations: Iterable[str]) -> int | None:
        """The only person the article ties to one of these organisations, if there is exactly one."""
        wanted = {o.lower() for o in organisations if o}
        matches = [i for i, p in enumerate(self.people) if p.affiliations & wanted]
        return matches[0] if len(matches) == 1 else None

    # -- resolving --------------------------------------------------------------------------------
    def canonical_name(self, text: str, position: int | None = None) -> str | None:
        index = self.find_person(text, position=position)
        if index is not None:
            return self.people[index].canonical
        tokens = name_tokens(text)
        known = self._known_match(tokens) if tokens else None
        return known.name if known else None

    def resolve_pronoun(
        self, position: int, pronoun: str, avoid: Iterable[int] = (), window: int = 600
    ) -> PersonMention | None:
        """A sieve over earlier mentions of people whose gender fits the pronoun: the nearest one that was
        the subject of its clause within `window` characters, else the nearest one outside quotes, else
        the nearest one inside a quote. Pronouns resolved before count as mentions (see `add_resolved`)."""
        wanted = pronoun_gender(pronoun)
        avoided = set(avoid)
        compatible = [
            m
            for m in self.mentions
            if m.start < position
            and m.person not in avoided
            and (wanted is None or self.people[m.person].gender in (None, wanted))
        ]
        outside = [m for m in compatible if not m.inside_quote]
        subjects = [m for m in outside if m.is_subject and position - m.start <= window]
        for group in (subjects, outside, compatible):
            if group:
                return group[-1]
        return None

    def add_resolved(self, start: int, end: int, text: str, person: int) -> None:
        """A pronoun now known to refer to `person` becomes a mention of them: the next "he" can chain to it."""
        bisect.insort(self.mentions, PersonMention(start, end, text, person, False, True), key=lambda m: m.start)
        if self.people[person].gender is None:
            # Someone whose given name told nothing is now known as "he" or "she".
            self.people[person].gender = pronoun_gender(text)

    def resolve_description(
        self,
        position: int,
        head: str,
        *,
        modifiers: Iterable[str] = (),
        gender: str | None = None,
        salient_fallback: bool = True,
        avoid: int | None = None,
    ) -> PersonMention | None:
        """A definite role description ("the Meta CEO", "the Vermont senator", "the premier"): the person the
        article gave that role to, the one whose other words match best ("Vermont"), nearest before the
        description, else the first one named after it. With no holder of that role, for roles one person
        holds (CEO, premier), the nearest earlier person of a fitting gender mentioned as a subject."""
        head = head.lower()
        wanted_words = {m.lower() for m in modifiers} - {head}

        def fits(person: int) -> bool:
            return person != avoid and (gender is None or self.people[person].gender in (None, gender))

        described = [m for m in self.mentions if head in self.people[m.person].descriptors and fits(m.person)]
        if described:
            best = max(len(self.people[m.person].descriptors & wanted_words) for m in described)
            described = [m for m in described if len(self.people[m.person].descriptors & wanted_words) == best]
            earlier = [m for m in described if m.start < position]
            return earlier[-1] if earlier else described[0]
        if not salient_fallback:
            return None
        for mention in reversed(self.mentions):
            if mention.start < position and mention.is_subject and not mention.inside_quote and fits(mention.person):
                return mention
        return None
