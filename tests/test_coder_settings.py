"""The setting of the news is not the news: an agreement in force that other events happen under
is no AGREE, and an unnamed author acts where the event happened (coder 0.6.30; real spaCy
model and dictionaries). Texts written for these tests."""

from __future__ import annotations

from coded_texts import PUBLISHED, context, records
from newsevents import code_text
from newsevents.events.records import agreement_in_force, its_owner


def in_force(text: str, word: str) -> bool:
    ctx = context(text)
    return agreement_in_force(next(t for t in ctx.doc if t.text == word))


def test_an_agreement_named_as_the_setting_of_other_news_is_no_agreement() -> None:
    assert in_force("Israeli strikes kill 12 more people despite truce.", "truce")
    assert in_force("Under the ceasefire agreement, Hamas is to release the hostages.", "ceasefire")
    assert in_force(
        "The ceasefire between Israel and Hezbollah has held since November.", "ceasefire"
    )
    text = (
        "Despite a US-brokered truce that entered its second phase last month, violence has "
        "continued in Gaza."
    )
    assert in_force(text, "truce")
    # before: an AGREE of the United States, which brokered the truce months before
    assert all(t != "AGREE" for t, _, _ in records(text))
    # an agreement made, or a new one, is the news
    assert not in_force("Russia and Ukraine agreed to a 30-day ceasefire on Tuesday.", "ceasefire")
    assert not in_force("Israel and Hamas signed a ceasefire deal in Cairo.", "deal")
    assert not in_force(
        "Morales spoke despite a new agreement between the two countries.", "agreement"
    )
    assert records("Israel and Hamas signed a ceasefire deal in Cairo.") == [
        ("AGREE", ["ISR", "PSE"], [])
    ]


def test_an_unnamed_author_acts_where_the_event_happened() -> None:
    # before: the Americans' own country arrested them
    assert records("Two American journalists were arrested in Iran on Monday.") == [
        ("COERCE", ["IRN"], ["USA"])
    ]
    assert records("Ten Russian soldiers were killed in Ukraine on Monday.") == [
        ("ASSAULT", ["UKR"], ["RUS"])
    ]
    [event] = code_text("Two American journalists were arrested in Iran.", published=PUBLISHED)
    assert "where it happened: 'in Iran'" in event.sources[0].why
    # with no place named, the target's country as before
    assert records("Two American journalists were arrested on Monday.") == [
        ("COERCE", ["USA"], ["USA"])
    ]


def test_a_countrys_people_counted_where_it_happened_are_people() -> None:
    # the dictionary names 'Americans' as it names America: before, the arrest had no author
    assert records("Two Americans were arrested in Iran.") == [("COERCE", ["IRN"], ["USA"])]
    assert records("Three Palestinians were killed in the West Bank on Monday.") == [
        ("ASSAULT", ["PSE"], ["PSE"])
    ]
    # with no place, who acted on them is unknown (Iraq killed the Iranians here, not Iran)
    text = "Iraqi officials said hundreds of Iranians were killed in the fighting."
    assert records(text) == []
    # and a country itself still has no implied accuser
    assert records("Iran was accused in Geneva of supplying drones.") == []


def test_its_forces_are_those_of_what_its_stands_for() -> None:
    ctx = context("Iran said its forces repelled an Iraqi attack near Basra.")
    forces = next(m for m in ctx.mentions if m.actor.text == "its forces")
    assert forces.actor.country is None
    assert its_owner(forces, ctx) == ("IRN", "Iran")
    # before: the forces took the country the text names most, Iraq, and attacked themselves
    assert records("Iran said its forces repelled an Iraqi attack near Basra.") == [
        ("ASSAULT", ["IRN"], ["IRQ"])
    ]
    # the nearest actor before 'its' (Russia moves its own troops)
    ctx = context("Ukraine accused Russia of moving its troops to the border.")
    troops = next(m for m in ctx.mentions if m.actor.text == "its troops")
    assert its_owner(troops, ctx) == ("RUS", "Russia")
    # 'their' and bare nouns are left to the other rules
    ctx = context("Iran said the forces repelled an Iraqi attack near Basra.")
    forces = next(m for m in ctx.mentions if m.actor.text == "the forces")
    assert its_owner(forces, ctx) is None
