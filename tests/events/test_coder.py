"""The events stage on small hand-written sentences, through the whole pipeline."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.records import DateSource, Event, Extraction, Factuality, Precision

PUBLISHED = "2024-01-28"


@pytest.fixture(scope="module")
def code(pipeline):  # type: ignore[no-untyped-def]
    def run(text: str, published: str | None = PUBLISHED) -> Extraction:
        return pipeline.extract(text, published=published)

    return run


def only(result: Extraction, event_type: str) -> Event:
    found = [e for e in result.events if e.type == event_type]
    assert found, f"no {event_type} in {[(e.type, e.trigger.text) for e in result.events]}"
    return found[0]


def countries(actors: list) -> set[str]:  # type: ignore[type-arg]
    return {a.country for a in actors if a.country}


def test_reciprocal_talks_have_both_actors_and_a_place(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("The United States and Iraq held talks in Baghdad on Monday."), "CONSULT")
    assert countries(event.actors) == {"USA", "IRQ"}
    assert event.location is not None and event.location.name == "Baghdad"
    assert event.date.start == dt.date(2024, 1, 22) and event.date.precision == Precision.DAY


def test_called_on_x_to_withdraw_is_a_request_and_a_demanded_retreat(code) -> None:  # type: ignore[no-untyped-def]
    result = code("Iraq called on the U.S. to withdraw its forces.")
    request = only(result, "REQUEST")
    assert countries(request.actors) == {"IRQ"} and countries(request.recipients) == {"USA"}
    retreat = only(result, "RETREAT")
    assert countries(retreat.actors) == {"USA"}
    assert retreat.factuality == Factuality.DEMANDED


def test_passive_voice_swaps_actor_and_recipient(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("The convoy was attacked by Houthi rebels near the port of Hodeidah."), "ASSAULT")
    assert any("REB" in a.sectors or a.country == "YEM" for a in event.actors)


@pytest.mark.parametrize(
    ("text", "event_type", "factuality"),
    [
        ("Russia denied attacking the convoy.", "ASSAULT", Factuality.NEGATED),
        ("The government will withdraw its troops from the border.", "RETREAT", Factuality.PLANNED),
        ("Officials warned that the army could attack the rebels.", "ASSAULT", Factuality.HYPOTHETICAL),
        ("The group claimed responsibility for the bombing.", "ASSAULT", Factuality.CLAIMED),
        ("Police arrested two journalists in Istanbul.", "COERCE", Factuality.ASSERTED),
    ],
)
def test_factuality(code, text: str, event_type: str, factuality: Factuality) -> None:  # type: ignore[no-untyped-def]
    assert only(code(text), event_type).factuality == factuality


def test_attribution_according_to(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Turkish jets bombed Kurdish positions in northern Iraq, according to Reuters."), "ASSAULT")
    assert event.attribution is not None and event.attribution.text == "Reuters"


def test_reporting_verb_subject_is_the_source(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Military officials said militants attacked a checkpoint in Kandahar."), "ASSAULT")
    assert event.attribution is not None and "officials" in event.attribution.text


@pytest.mark.parametrize(
    ("text", "kind", "low", "high"),
    [
        ("Gunmen attacked a bus, killing at least 12 passengers.", "killed", 12, None),
        ("Two soldiers and a civilian were killed when militants attacked the base.", "killed", 3, 3),
        ("As a result of the attacks, dozens of soldiers suffered injuries.", "injured", 24, 99),
        ("Police arrested 40 protesters after the raid.", "arrested", 40, 40),
    ],
)
def test_casualties(code, text: str, kind: str, low: int, high: int | None) -> None:  # type: ignore[no-untyped-def]
    counts = [getattr(e.casualties, kind) for e in code(text).events if getattr(e.casualties, kind)]
    assert counts, f"no {kind} count found"
    assert (counts[0].min, counts[0].max) == (low, high)


def test_background_event_keeps_its_own_date(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("The U.S. military withdrew from the country in 2011."), "RETREAT")
    assert event.date.start == dt.date(2011, 1, 1) and event.date.precision == Precision.YEAR
    assert event.date.source == DateSource.TIMEX and event.date.text == "2011"


def test_since_gives_a_range_to_publication(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Since mid-October, militants have attacked U.S. forces in Syria."), "ASSAULT")
    assert event.date.start is not None and event.date.start.year == 2023 and event.date.start.month == 10
    assert event.date.end == dt.date(2024, 1, 28)


def test_undated_event_falls_back_to_publication_and_says_so(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Protesters marched through the capital demanding new elections."), "PROTEST")
    assert event.date.source == DateSource.PUBLICATION and event.date.start == dt.date(2024, 1, 28)


def test_without_publication_date_nothing_is_invented(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Protesters marched through the capital demanding new elections.", published=None), "PROTEST")
    assert event.date.source == DateSource.NONE and event.date.start is None


def test_nominal_event_with_possessive_and_demonym(code) -> None:  # type: ignore[no-untyped-def]
    result = code("Israel's offensive in Gaza continued. The Israeli offensive drew criticism.")
    assert all(countries(e.actors) <= {"ISR"} for e in result.events if e.type == "ASSAULT")
    assert any(countries(e.actors) == {"ISR"} for e in result.events if e.type == "ASSAULT")


def test_events_carry_codes_offsets_and_ids(code) -> None:  # type: ignore[no-untyped-def]
    result = code("Rebels shelled the town of Kidal on Sunday.")
    event = only(result, "ASSAULT")
    text = result.document.text
    assert text[event.trigger.start : event.trigger.end] == event.trigger.text
    assert event.cameo.startswith(("18", "19", "20")) and event.quad_class == 4
    assert -10 <= event.intensity <= 0
    assert event.id.startswith(result.document.id)


@pytest.mark.parametrize(
    ("text", "event_type", "factuality"),
    [
        ("The army denied that its drones had struck the village.", "ASSAULT", Factuality.NEGATED),
        ("The ministry said it would send troops to the border.", "MOBILIZE", Factuality.PLANNED),
        ("The rebels claimed that they had attacked the convoy.", "ASSAULT", Factuality.CLAIMED),
        ("Officials said that militants attacked the convoy.", "ASSAULT", Factuality.ASSERTED),
    ],
)
def test_factuality_of_that_clauses(code, text: str, event_type: str, factuality: Factuality) -> None:  # type: ignore[no-untyped-def]
    assert only(code(text), event_type).factuality == factuality


def test_times_are_not_recipients(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Gunmen attacked on Sunday in Kano."), "ASSAULT")
    assert all(r.text != "Sunday" for r in event.recipients)


def test_a_negated_agreement_is_a_rejection(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Serbia and Kosovo failed to reach an agreement on Monday."), "REJECT")
    assert event.factuality == Factuality.ASSERTED


def test_the_governing_event_ranks_above_the_one_it_asks_for(code) -> None:  # type: ignore[no-untyped-def]
    result = code("The United Nations demanded that Israel withdraw its troops from Lebanon.")
    top = max(result.events, key=lambda e: e.confidence)
    assert top.type == "REQUEST"


def test_the_setting_of_an_event_dates_it(code) -> None:  # type: ignore[no-untyped-def]
    result = code("Kenya endorsed the plan at a summit in Nairobi on Wednesday.", published="2023-08-24")
    event = only(result, "SUPPORT")
    assert event.date.start == dt.date(2023, 8, 23)


def test_a_place_attacked_is_where_it_happened_and_the_outcome_merges(code) -> None:  # type: ignore[no-untyped-def]
    result = code("Russia shelled Kharkiv on Monday, killing two civilians.", published="2024-05-01")
    [event] = [e for e in result.events if e.type == "ASSAULT"]
    assert event.location is not None and event.location.name == "Kharkiv"
    assert event.casualties.killed is not None and event.casualties.killed.min == 2
    assert {r.country for r in event.recipients} == {"UKR"}


@pytest.mark.parametrize(
    ("text", "event_type", "place"),
    [
        ("The foreign minister arrived in Beijing on Sunday for talks with Chinese officials.", "CONSULT", "Beijing"),
        ("Artillery shelled residential districts of Kharkiv overnight.", "ASSAULT", "Kharkiv"),
        ("Troops clashed with rebels on the outskirts of Goma.", "ASSAULT", "Goma"),
        (
            "Taliban fighters attacked a police checkpoint in Helmand province on Tuesday, killing four officers.",
            "ASSAULT",
            "Helmand",
        ),
    ],
)
def test_event_places_through_clauses_and_place_parts(code, text: str, event_type: str, place: str) -> None:  # type: ignore[no-untyped-def]
    event = only(code(text), event_type)
    assert event.location is not None and event.location.name == place


def test_the_date_of_a_report_does_not_date_the_event(code) -> None:  # type: ignore[no-untyped-def]
    result = code(
        "Police seized four tonnes of cocaine last month, officials said on Wednesday.", published="2023-03-02"
    )
    event = only(result, "COERCE")
    assert event.date.start == dt.date(2023, 2, 1)


def test_a_unit_belongs_to_its_possessor(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("The IRA's Belfast brigade detonated twenty bombs across the city."), "ASSAULT")
    assert [a.name for a in event.actors] == ["Irish Republican Army"]


def test_events_in_separate_clauses_of_a_sentence_stay_apart(code) -> None:  # type: ignore[no-untyped-def]
    text = "Two dozen soldiers were killed in rebel attacks near Palmyra, prompting Russian airstrikes."
    assaults = [e for e in code(text).events if e.type == "ASSAULT"]
    russian = [e for e in assaults if any(a.country == "RUS" for a in e.actors)]
    assert russian and all(e.trigger.text == "airstrikes" for e in russian)


def test_the_dateline_date_does_not_date_the_events_of_its_sentence(code) -> None:  # type: ignore[no-untyped-def]
    text = (
        "KABUL, March 20 (Reuters) - Taliban fighters attacked a police checkpoint in Helmand province"
        " on Tuesday, killing four officers, officials said."
    )
    event = only(code(text, published="2013-03-20"), "ASSAULT")
    assert event.date.start == dt.date(2013, 3, 19) and event.date.source == DateSource.TIMEX


def test_a_plan_sets_no_scene_for_the_events_after_it(code) -> None:  # type: ignore[no-untyped-def]
    text = "The governor will meet tribal elders on Friday. Police arrested two suspects."
    event = only(code(text, published="2013-03-20"), "COERCE")
    assert event.date.start == dt.date(2013, 3, 20) and event.date.source == DateSource.PUBLICATION


def test_the_dateline_is_no_party_to_the_first_event(code) -> None:  # type: ignore[no-untyped-def]
    text = "GOMA, Congo (AP) \u2014 M23 rebels captured the town of Sake on Thursday, residents said Friday."
    event = only(code(text, published="2013-03-22"), "COERCE")
    assert [a.text for a in event.actors] == ["M23 rebels"]


def test_since_a_month_ranges_from_the_last_such_month(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("The rebels have been fighting the army since April.", published="2013-03-22"), "ASSAULT")
    assert (event.date.start, event.date.end) == (dt.date(2012, 4, 1), dt.date(2013, 3, 22))


def test_an_accusation_stands_when_what_it_charges_is_denied(code) -> None:  # type: ignore[no-untyped-def]
    result = code("The government accused Rwanda of backing the group, a charge Kigali denied.")
    assert only(result, "ACCUSE").factuality == Factuality.ASSERTED
    assert only(result, "SUPPORT").factuality == Factuality.NEGATED


def test_the_state_of_the_headline_and_lede_outweighs_one_named_as_often_later(code) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Cyprus's parliament has rejected a levy on bank deposits.\n\n"
        "Finance Minister Michael Sarris flew to Moscow on Tuesday and will hold talks with Russian officials. "
        "Russia lent Cyprus 2.5bn euros in 2011."
    )
    event = only(code(text, published="2013-03-19"), "CONSULT")
    assert [(a.text, a.country) for a in event.actors] == [("Finance Minister Michael Sarris", "CYP")]


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("The issue of troop withdrawal resurfaced after the offensive.", "RETREAT"),
        ("They discussed the possibility of a ceasefire with the rebels.", "RETREAT"),
    ],
)
def test_an_event_that_is_only_a_topic_is_hypothetical(code, text: str, event_type: str) -> None:  # type: ignore[no-untyped-def]
    assert only(code(text), event_type).factuality == Factuality.HYPOTHETICAL


def test_a_date_in_another_relative_clause_does_not_date_the_event(code) -> None:  # type: ignore[no-untyped-def]
    result = code("Gulen, who has lived in Pennsylvania since 1999, denies the charges.", published="2016-03-07")
    assert only(result, "REJECT").date.source == DateSource.PUBLICATION


def test_a_plan_takes_no_past_narrative_time(code) -> None:  # type: ignore[no-untyped-def]
    text = "The coalition withdrew in 2011. Officials will hold talks on ending the mission in the coming weeks."
    event = only(code(text, published="2024-01-31"), "CONSULT")
    assert event.date.start == dt.date(2024, 1, 31) and event.date.source == DateSource.PUBLICATION


@pytest.mark.parametrize(
    ("text", "published", "event_type", "day"),
    [
        # a nominal event that is the setting of this one lends it its time
        ("Ecowas suspended Guinea's membership at an emergency summit on Wednesday.", "2021-09-12", "SANCTION", 8),
        # conjoined verbs share a time named once
        (
            "Separatists kidnapped the principal of a school and seized a group of pupils on Monday night.",
            "2018-10-03",
            "ASSAULT",
            1,
        ),
        ("Military commanders met on Monday and agreed to disengage.", "2020-06-26", "AGREE", 22),
    ],
)
def test_shared_times(code, text: str, published: str, event_type: str, day: int) -> None:  # type: ignore[no-untyped-def]
    event = only(code(text, published=published), event_type)
    assert event.date.start is not None and event.date.start.day == day


def test_a_time_before_after_belongs_to_the_main_clause(code) -> None:  # type: ignore[no-untyped-def]
    text = "Turkey closed two border crossings last month after a car bomb killed 52 people in Reyhanli in May."
    result = code(text, published="2013-08-21")
    assert only(result, "COERCE").date.start == dt.date(2013, 7, 1)
    assert only(result, "ASSAULT").date.start == dt.date(2013, 5, 1)


def test_a_conjunct_with_its_own_time_keeps_it(code) -> None:  # type: ignore[no-untyped-def]
    text = "The U.S. military withdrew from the country in 2011 but returned in 2014 to assist Baghdad."
    result = code(text)
    assert only(result, "RETREAT").date.start == dt.date(2011, 1, 1)
    assert only(result, "MOBILIZE").date.start == dt.date(2014, 1, 1)


def test_a_plan_in_a_present_clause_takes_no_past_narrative_time(code) -> None:  # type: ignore[no-untyped-def]
    text = (
        "U.S. troops withdrew in 2011. The two sides are expected to hold a first round of talks"
        " in the coming weeks."
    )
    event = only(code(text, published="2024-01-31"), "CONSULT")
    assert event.date.source == DateSource.PUBLICATION


def test_an_attack_whose_relative_clause_tells_what_it_did_happened(code) -> None:  # type: ignore[no-untyped-def]
    text = "President Biden vowed to respond to a drone attack that killed three American soldiers on Sunday."
    event = only(code(text, published="2024-01-31"), "ASSAULT")
    assert event.factuality == Factuality.ASSERTED and event.date.start == dt.date(2024, 1, 28)
