"""The PETRARCH-pattern coder's rules on sentences written for these tests (real parser, real
dictionaries). Its events are the learned coder's hints and candidates (docs/classifier.md), so
its rules are tested on their own, with ``CoderOptions(learned=False)``."""

from __future__ import annotations

from functools import lru_cache

import pytest

from newsevents.events.coder import Coder, CoderOptions
from newsevents.models import Event


@lru_cache(maxsize=1)
def pattern_coder() -> Coder:
    return Coder(CoderOptions(learned=False))


def code(text: str) -> list[Event]:
    return pattern_coder().code_text(text, published="2024-03-06")


def triples(events: list[Event]) -> set[tuple[str, str, str, str]]:
    return {
        (s.country or "-", t.country or "-", e.plover_type, e.modality)
        for e in events
        for s in e.sources
        for t in (e.targets or [])
    }


def test_future_cooperation_is_agree_with_asserted_code_kept() -> None:
    (ev,) = [e for e in code("The United States will supply arms to Israel.") if e.targets]
    assert ev.plover_type == "AGREE" and ev.modality == "intended"
    assert ev.cameo_code.startswith("03")
    assert ev.extra["cameo_asserted_code"].startswith("07")


def test_refused_cooperation_is_reject() -> None:
    events = code("Germany said it would not provide support to Hungary.")
    assert ("DEU", "HUN", "REJECT", "asserted") in triples(events)


def test_shared_future_auxiliary_in_coordination() -> None:
    events = code(
        "Turkey has said it will invade and destroy the Kurdish enclave of Rojava in Syria."
    )
    assert events and all(e.modality == "intended" for e in events)


def test_rejecting_is_not_denial() -> None:
    events = code(
        "A Turkish court has rejected Australia's request for the extradition of a suspect."
    )
    assert events and all(e.modality == "asserted" for e in events)


def test_object_control_is_a_request_not_the_act() -> None:
    events = code("The European Union urged Serbia to recognise Kosovo.")
    assert all(not (e.plover_type == "SUPPORT" and e.sources[0].country == "SRB") for e in events)


def test_receive_from_makes_the_giver_the_source() -> None:
    events = code("Ukraine received tanks from Germany.")
    assert any(e.sources[0].country == "DEU" and e.targets[0].country == "UKR" for e in events)


def test_compound_subject_without_object_is_reciprocal() -> None:
    t = triples(code("Brazil and Argentina signed a trade agreement on Monday."))
    assert ("BRA", "ARG", "SUPPORT", "asserted") in t and ("ARG", "BRA", "SUPPORT", "asserted") in t


def test_negotiations_with_a_preposition_are_consult() -> None:
    events = code("Rebel fighters are trying to negotiate with Russia.")
    assert any(
        e.plover_type in ("CONSULT", "AGREE") and e.targets[0].country == "RUS" for e in events
    )


@pytest.mark.parametrize(
    "text",
    ["The weather in Paris was mild on Monday.", "", "   ", "Markets rose and fell."],
)
def test_no_actors_no_events(text: str) -> None:
    assert code(text) == []


def test_repeats_in_one_article_are_merged() -> None:
    events = code(
        "Russia shelled Kharkiv on Monday. Officials said the shelling continued. "
        "Russia shelled Kharkiv again, the mayor said."
    )
    shelling = [e for e in events if e.plover_type == "ASSAULT"]
    assert len(shelling) == 1 and shelling[0].mentions >= 2


def test_passive_harm_takes_its_source_from_the_event_noun_once() -> None:
    events = code("Three Israeli soldiers were killed in a Hamas attack near Gaza.")
    assert ("PSE", "ISR", "ASSAULT", "asserted") in triples(events)
    (ev,) = [e for e in events if e.plover_type == "ASSAULT"]  # the noun is not coded again
    assert ev.targets[0].sectors == ["MIL"] and "of 'attack'" in ev.why
    # an event noun as the subject of a coded verb: one event, carried by the verb
    events = code("A Taliban attack killed ten Afghan soldiers in Kandahar.")
    assert [(e.plover_type, e.evidence.trigger) for e in events] == [("ASSAULT", "killed")]
    # ... but when the verb codes nothing (no placeable victims), the noun's own event stays
    (ev,) = code("A Russian missile attack on Kyiv killed five people.")
    assert ev.evidence.trigger == "attack" and ev.targets[0].country == "UKR"


def test_victims_without_a_country_take_the_event_place() -> None:
    (ev,) = code("Ten soldiers were killed in a Taliban attack in Kandahar.")
    assert ev.targets[0].country == "AFG" and ev.targets[0].actor_id == "AFGMIL"
    assert "of the event's place" in ev.targets[0].why
    # no place in the clause: an unplaceable generic target is still no dyad
    assert code("Ten soldiers were killed in a Taliban attack.") == []


def test_force_on_an_object_targets_the_object_place() -> None:
    (ev,) = code("Ukrainian drones hit an oil refinery in Russia's Krasnodar region.")
    assert (ev.sources[0].country, ev.targets[0].country) == ("UKR", "RUS")
    assert "target: the place" in ev.why
    # a domestic attack keeps its place target ('a Taliban attack in Kandahar')
    events = code("Taliban fighters bombed a checkpoint in Kandahar.")
    assert ("AFG", "AFG", "ASSAULT", "asserted") in triples(events)


def test_unknown_place_names_take_the_geoparsed_country() -> None:
    (ev,) = code("Israeli aircraft bombed a house in Rafah.")
    assert (ev.sources[0].country, ev.targets[0].country) == ("ISR", "PSE")


def test_generic_domestic_sources_take_the_event_place_but_armed_ones_do_not() -> None:
    (ev,) = code("Thousands of demonstrators protested in Tbilisi against the new law.")
    assert ev.plover_type == "PROTEST" and ev.sources[0].actor_id == "GEOOPP"
    (ev,) = code("Soldiers killed five civilians in Rafah.")
    assert ev.sources[0].country is None and ev.targets[0].country == "PSE"
