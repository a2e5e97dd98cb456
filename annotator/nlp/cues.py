"""Words that introduce speech: the cue verbs, their inflected forms, and the nouns that name a venue."""

from __future__ import annotations

from annotator.nlp.lexicon import BELIEF_FORMS, CHARACTERISING_FORMS, PHRASAL_FORMS, SPEECH_FORMS, words

# The reporting verbs and their inflected forms live in the lexicon; they are re-exported here for the cue
# finder.
__all__ = [
    "ADDRESSEE_VERBS",
    "BELIEF_FORMS",
    "CHARACTERISING_FORMS",
    "PHRASAL_FORMS",
    "SPEECH_FORMS",
    "VENUE_NOUNS",
    "words",
]

# Nouns that name where something was said or written: "in a Facebook post", "in an interview with CNN".
VENUE_NOUNS = frozenset(
    words(
        """
post tweet statement interview call speech conference briefing appearance show program programme podcast
letter email e-mail memo op-ed oped column editorial article blog video message note press release hearing
rally event forum debate session meeting town-hall townhall broadcast radio television tv episode segment
documentary book essay filing testimony remarks address declaration thread livestream stream
"""
    )
)
# Verbs whose object is the addressee ("told journalists", "assured voters").
ADDRESSEE_VERBS = frozenset({"tell", "warn", "assure", "remind", "inform", "urge", "ask", "promise", "answer"})
