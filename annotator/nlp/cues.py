"""Words that introduce speech: the cue verbs, their inflected forms, and the nouns that name a venue."""

from __future__ import annotations


def words(text: str) -> list[str]:
    """A word list written as whitespace-separated text."""
    return text.split()


# Verbs that report speech or writing: they attribute direct, partial and indirect quotes.
SPEECH_VERBS = words(
    """
say tell write add state claim argue explain note insist warn report announce declare reply respond answer ask
acknowledge admit suggest predict recall conclude concede contend assert maintain tweet post testify urge vow
promise deny confirm complain charge accuse praise criticize criticise joke quip allege stress emphasize
emphasise observe remark reveal disclose caution estimate yell shout scream cry recount pledge threaten
proclaim boast demand counter retort continue agree disagree comment signal lament acknowledge concur
reiterate
underscore highlight mention insist tout brag muse wonder blast slam attack dismiss defend question chant
liken compare quote cite echo sing proclaim decry denounce condemn hail applaud read
"""
)
# Verbs of belief or finding: they attribute indirect content (PolNeAR-style attribution of beliefs).
BELIEF_VERBS = words("think believe fear feel hope expect worry doubt find show indicate conclude rule")
# Verbs that characterise something with a quoted label: "called him a 'disgrace'". Only for partial quotes.
CHARACTERISING_VERBS = words("call describe dub label brand term deem name characterize characterise")

_IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "written", "writes", "writing"),
    "think": ("thought", "thinks", "thinking"),
    "find": ("found", "finds", "finding"),
    "feel": ("felt", "feels", "feeling"),
    "show": ("showed", "shown", "shows", "showing"),
    "cry": ("cried", "cries", "crying"),
    "reply": ("replied", "replies", "replying"),
    "deny": ("denied", "denies", "denying"),
    "testify": ("testified", "testifies", "testifying"),
    "admit": ("admitted", "admits", "admitting"),
    "quip": ("quipped", "quips", "quipping"),
    "dub": ("dubbed", "dubs", "dubbing"),
    "brand": ("branded", "brands", "branding"),
    "worry": ("worried", "worries", "worrying"),
    "signal": ("signaled", "signalled", "signals", "signaling", "signalling"),
    "slam": ("slammed", "slams", "slamming"),
    "rule": ("ruled", "rules", "ruling"),
    "read": ("reads", "reading"),  # "the letter reads"
}


def _forms(lemma: str) -> tuple[str, ...]:
    if lemma in _IRREGULAR:
        return (lemma, *_IRREGULAR[lemma])
    if lemma.endswith("e"):
        return lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return lemma, lemma + "es", lemma + "ed", lemma + "ing"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    return lemma, lemma + "s", lemma + "ed", lemma + "ing"


def _table(lemmas: list[str]) -> dict[str, str]:
    return {form: lemma for lemma in lemmas for form in _forms(lemma)}


SPEECH_FORMS = _table(SPEECH_VERBS)
BELIEF_FORMS = _table(BELIEF_VERBS)
CHARACTERISING_FORMS = _table(CHARACTERISING_VERBS)

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
