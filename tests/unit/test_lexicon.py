"""The lexicon's inflection generator: every form of a reporting verb, spelt as English spells it."""

from __future__ import annotations

import pytest

from annotator.nlp.lexicon import BELIEF_FORMS, PHRASAL_FORMS, SPEECH_FORMS, inflections


@pytest.mark.parametrize(
    ("verb", "forms"),
    [
        ("say", {"says", "said", "saying"}),
        ("tell", {"tells", "told", "telling"}),
        ("write", {"writes", "wrote", "written", "writing"}),
        ("echo", {"echoes", "echoed", "echoing"}),
        ("cry", {"cries", "cried", "crying"}),
        ("stop", {"stops", "stopped", "stopping"}),
        ("quip", {"quips", "quipped", "quipping"}),
        ("admit", {"admits", "admitted", "admitting"}),
        ("agree", {"agrees", "agreed", "agreeing"}),
        ("note", {"notes", "noted", "noting"}),
        ("stress", {"stresses", "stressed", "stressing"}),
        ("reply", {"replies", "replied", "replying"}),
        ("signal", {"signals", "signaled", "signalled", "signaling", "signalling"}),
        ("shout", {"shouts", "shouted", "shouting"}),
        ("chime in", {"chimes in", "chimed in", "chiming in"}),
    ],
)
def test_every_inflection_is_generated(verb, forms):
    generated = set(inflections(verb))
    assert forms <= generated
    assert verb in generated


def test_no_misspelt_forms():
    for wrong in ("echos", "crys", "stoped", "quiped", "agreing", "shoutted", "sayed", "telled"):
        assert wrong not in SPEECH_FORMS, wrong


def test_the_inventory_covers_manner_answering_and_phrasal_verbs():
    for form in ("whispered", "retorted", "responded", "adding", "insisted", "tweeted", "vowed"):
        assert form in SPEECH_FORMS, form
    assert PHRASAL_FORMS["chimed"] == ("in", "chime in")
    assert BELIEF_FORMS["believes"] == "believe"
