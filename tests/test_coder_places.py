"""Places as parties: a city the entity recogniser misreads is still its country's, and a town
the actor dictionary does not know takes its country from the gazetteer (coder 0.6.26; real
spaCy model, dictionaries and gazetteer). Texts written for these tests."""

from __future__ import annotations

from coded_texts import context, records
from newsevents.events.records import gazetteer_place


def test_a_city_read_as_a_time_or_an_organisation_is_its_countrys() -> None:
    # spaCy's small model reads 'Kyiv overnight' as one TIME and 'Odesa' as an ORG
    kyiv = context("Russia launched a massive drone attack on Kyiv overnight.")
    assert next(t for t in kyiv.doc if t.text == "Kyiv").ent_type_ == "TIME"
    assert [(m.actor.text, m.actor.country) for m in kyiv.mentions] == [
        ("Russia", "RUS"),
        ("Kyiv", "UKR"),
    ]
    odesa = context("At least 12 people were killed in a Russian drone strike on Odesa.")
    assert next(t for t in odesa.doc if t.text == "Odesa").ent_type_ == "ORG"
    assert ("Odesa", "UKR") in [(m.actor.text, m.actor.country) for m in odesa.mentions]
    # before: no target (Kyiv was no mention), and the victims took Russia's country
    assert records("Russia launched a massive drone attack on Kyiv overnight.") == [
        ("ASSAULT", ["RUS"], ["UKR"])
    ]
    assert records("At least 12 people were killed in a Russian drone strike on Odesa.") == [
        ("ASSAULT", ["RUS"], ["UKR"])
    ]


def test_a_town_the_dictionary_does_not_know_takes_the_gazetteers_country() -> None:
    ctx = context("Russia withdrew its forces from Kherson on Wednesday.")
    kherson = next(m for m in ctx.mentions if m.actor.text == "Kherson")
    assert kherson.actor.country is None  # not in the actor dictionary
    assert gazetteer_place(kherson, ctx) == ("UKR", "Kherson")
    # before: Kherson took the text's country and Russia retreated from Russia
    assert records("Russia withdrew its forces from Kherson on Wednesday.") == [
        ("RETREAT", ["RUS"], ["UKR"])
    ]
    # GeoNames' alternate spelling: 'Khan Younis' is Khan Yunis, in the Gaza Strip
    assert records("Israel withdrew its troops from Khan Younis on Sunday.") == [
        ("RETREAT", ["ISR"], ["PSE"])
    ]


def test_only_a_place_named_after_a_preposition_of_place_is_looked_up() -> None:
    # an acronym is a body, never the Brazilian town of Icó
    ctx = context("Uganda's Bomani called on the ICO to convene another meeting.")
    ico = [m for m in ctx.mentions if m.actor.text.endswith("ICO")]
    assert ico and ctx.doc[ico[0].head].dep_ == "pobj"
    assert all(gazetteer_place(m, ctx) is None for m in ico)
    # a subject is no place named after a preposition
    ctx = context("Kherson said the talks would go on.")
    assert any(m.actor.text == "Kherson" for m in ctx.mentions)
    assert all(gazetteer_place(m, ctx) is None for m in ctx.mentions)
