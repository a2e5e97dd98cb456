"""How sure the engine is of one suggestion, in one place.

A suggestion is right when both its content span and its speaker's canonical name are. The span part comes
from the attribution (a cue found, doubtful quote marks, a headline); the speaker part from how the name
was found (`SpeakerGuess.basis`). The factors below were read off the reliability table that
`python -m bench.engine_quality` prints on the dev set: suggestions at 0.8 and above should be right at
least nine times in ten.
"""

from __future__ import annotations

from annotator.nlp.types import QuoteKind, SpeakerGuess

# The span's share: a quote whose cue was found, one continuing the quote before it, one with no cue.
WITH_CUE = 0.9
CONTINUED = 0.55
WITHOUT_CUE = 0.45
INDIRECT_SPEECH = 0.6
INDIRECT_BELIEF = 0.4
WITH_BYLINE = 0.8
HEADLINE_HEADER = 0.4  # "Zuckerberg: There's no secret deal"

# How often a name found each way is the right person, relative to a name written next to the cue.
BASIS_FACTOR = {
    "name": 1.0,
    "byline": 1.0,
    "headline": 1.0,
    "carried": 0.9,
    "pronoun": 0.85,
    "document": 0.75,
    "description": 0.7,
    "none": 0.5,
}
# A name of one word ("Obama", "Scott") is the article's surname only: an editor often has to complete it.
ONE_WORD_NAME = 0.85
NO_SPEAKER_CAP = 0.35
IN_HEADLINE = 0.5


def quote_confidence(
    span_confidence: float, kind: QuoteKind, speaker: SpeakerGuess | None, *, in_headline: bool
) -> float:
    """The confidence shown to the editor, 0.01..1, rounded to three places."""
    confidence = span_confidence
    if speaker is None:
        confidence = min(confidence, NO_SPEAKER_CAP) * (0.5 if kind == "partial" else 1.0)
    else:
        confidence *= BASIS_FACTOR.get(speaker.basis, 1.0)
        if speaker.name is not None and len(speaker.name.split()) == 1:
            confidence *= ONE_WORD_NAME
    if in_headline:
        confidence *= IN_HEADLINE
    return round(max(0.01, min(1.0, confidence)), 3)
