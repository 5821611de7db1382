"""Events the trigger model seldom reads, told by set phrases (coders 0.6.37 to 0.6.39): a labour
strike is a PROTEST (called off, a CONCEDE; only threatened, a THREATEN), forces put on alert or
a force's presence stepped up is a MOBILIZE, a threat someone received has an unnamed source,
people released are a RETREAT, and people arrested, captured or deported, or a curfew or state
of emergency imposed, are a COERCE (one declared for a storm is no event), and so is a person
removed from office (coders 0.6.39 and 0.6.40)."""

from __future__ import annotations

from spacy.tokens import Token

import newsevents
from coded_texts import PUBLISHED, context, records
from newsevents.events.detect import load_detector
from newsevents.events.features import DocContext
from newsevents.events.set_phrases import (
    arrest_warrant,
    captives_released,
    emergency_declared,
    in_disaster,
    labour_strike,
    people_held,
    property_seized,
    raised_readiness,
    received_threat,
    removed_from_office,
    set_phrase_type,
    weapon_strike,
)


def word_in(text: str, w: str) -> tuple[Token, DocContext]:
    """The word ``w`` of ``text`` and the text's context, for rules that read both."""
    ctx = context(text)
    return next(t for t in ctx.doc if t.text == w), ctx


def word_of(text: str, w: str) -> Token:
    return word_in(text, w)[0]


def test_a_labour_strike_is_a_protest_and_an_air_strike_is_not() -> None:
    cases = [
        ("Lufthansa pilots, crew to strike on Thursday.", "strike", "PROTEST"),
        ("A pilots' trade union has called a 24-hour strike over pensions.", "strike", "PROTEST"),
        ("Colombian teachers will hold a nationwide 48-hour strike.", "strike", "PROTEST"),
        ("Pilots warn of fatigue amid industrial action by airport workers.", "action",
         "PROTEST"),
        ("The jailed activist stepped up his hunger strike.", "strike", "PROTEST"),
        # ended: the strikers concede
        ("Aviation workers suspended their strike on Monday.", "strike", "CONCEDE"),
        ("The union called off the strike after talks.", "strike", "CONCEDE"),
        # only threatened
        ("Union leaders warn of a strike threat over pension plans.", "strike", "THREATEN"),
        ("Talks aimed at averting national strikes over pensions have ended.", "strikes",
         "THREATEN"),
        ("Workers will strike if the government cuts pensions.", "strike", "THREATEN"),
        # attacks, deals and strikes with no labour word are left to the trigger model
        ("Israeli air strikes killed 12 people in Gaza.", "strikes", None),
        ("General Petraeus ordered a strike on the compound.", "strike", None),
        ("The two sides struck a deal on Monday.", "struck", None),
        ("The industrial output of the region fell.", "output", None),
    ]  # fmt: skip
    for text, w, expected in cases:
        assert labour_strike(word_of(text, w)) == expected, (text, w)


def test_a_strike_made_by_a_weapon_is_an_attack_never_a_walkout() -> None:
    cases = [
        ("Two nurses were killed in an air strike near the hospital.", "strike", True),
        ("The army carried out drone strikes on the camp.", "strikes", True),
        ("A missile strike hit the port city.", "strike", True),
        ("Airstrikes pounded the town overnight.", "Airstrikes", True),
        ("Doctors began a nationwide strike on Monday.", "strike", False),
        ("The general strike shut the capital.", "strike", False),
    ]
    for text, w, expected in cases:
        assert weapon_strike(word_of(text, w)) is expected, (text, w)
    # before: the trigger model read the air strike as a PROTEST by the forces, a record of
    # its own beside the attack
    assert records(
        "Two nurses were killed in an air strike by Sudanese government forces near the "
        "hospital, officials said."
    ) == [("ASSAULT", ["SDN"], ["SDN"])]


def test_a_strike_is_coded_by_type_end_to_end() -> None:
    # before: the walkout read as an attack (ASSAULT), and the strike called off as one held
    assert records(
        "French rail workers strike over pension reform.\n\nFrench rail workers began a 48-hour "
        "strike on Monday against the government's pension reform."
    ) == [("PROTEST", ["FRA"], ["FRA"])]
    assert records(
        "Kenyan doctors call off strike.\n\nDoctors in Kenya called off their strike after the "
        "government agreed to raise pay."
    ) == [("CONCEDE", ["KEN"], ["KEN"])]


def test_forces_on_alert_or_a_presence_stepped_up_are_a_mobilization() -> None:
    cases = [
        ("British troops are on standby to evacuate citizens.", "standby", True),
        ("The army was placed on high alert.", "alert", True),
        ("Security forces declared a general alert after the threat.", "alert", True),
        ("Israel beefs up military presence near the Lebanese border.", "presence", True),
        ("Venezuela is stepping up surveillance along the border with Colombia.", "surveillance",
         True),
        ("The government strengthened police protection at the embassy.", "protection", True),
        ("The army established unprecedented security measures in Lima.", "measures", True),
        # no force: a weather alert, a company's security, a law's protection
        ("The weather service issued a storm alert.", "alert", False),
        ("Apple tightened security on its phones.", "security", False),
        ("The EU extended temporary protection for Ukrainians.", "protection", False),
        ("Residents were told to stay on alert for looters.", "alert", False),
        ("Police issued an alert for a missing child.", "alert", False),
        ("Police raised the alert after the girl vanished.", "alert", False),
    ]  # fmt: skip
    for text, w, expected in cases:
        assert raised_readiness(word_of(text, w)) is expected, (text, w)


def test_a_threat_received_has_an_unnamed_source_and_its_receiver_as_target() -> None:
    text = "Colombian opposition leader Bernardo Jaramillo received another death threat."
    assert received_threat(word_of(text, "threat")) is not None
    assert received_threat(word_of("He received threats from the cartel.", "threats")) is None
    # before: Jaramillo threatened, with no one as target
    events = newsevents.code_text(
        "Colombian politician receives death threats.\n\n" + text, published=PUBLISHED
    )
    threats = [e for e in events if e.plover_type == "THREATEN"]
    assert [([a.country for a in e.sources], [a.text for a in e.targets]) for e in threats] == [
        (["COL"], ["Colombian opposition leader Bernardo Jaramillo"])
    ]
    assert threats[0].sources[0].text == ""  # unnamed: implied by the noun


def test_unions_and_those_who_strike_are_actors() -> None:
    # GUIDELINES counts unions among actors; the dictionaries knew only 'trade union'
    ctx = context("British unions threaten strike over pensions.")
    assert [(m.actor.text, m.actor.country, m.actor.sectors) for m in ctx.mentions] == [
        ("British unions", "GBR", ["LAB"])
    ]
    ctx = context("Pilots and flight attendants are staging a walkout.")
    assert [m.actor.text for m in ctx.mentions] == ["Pilots", "flight attendants"]
    # the longer names win: 'Union' in them names no union
    ctx = context("The European Union and the Soviet Union signed a deal.")
    assert [m.actor.country for m in ctx.mentions] == ["IGO", "RUS"]
    # before: no record (no striker was an actor)
    assert records(
        "British unions threaten strike over pensions.\n\nUnions representing 4.5m workers "
        "threatened a strike if ministers scrap the pension scheme."
    ) == [("THREATEN", ["GBR"], ["GBR"])]


def test_people_released_are_a_retreat() -> None:
    # PLOVER: RETREAT holds returning or releasing persons
    cases = [
        ("Hamas released three Israeli hostages on Saturday.", "released", True),
        ("Eighteen of the prisoners of war were released on Monday.", "released", True),
        ("A judge has ordered the release of former captain Alvaro Sanabria.", "release", True),
        ("Qatar frees Dutch woman held after rape report.", "frees", True),
        ("The junta freed the former president after two years.", "freed", True),
        # things released are no people
        ("The ministry released a report on Monday.", "released", False),
        ("The group released a video of the attack.", "released", False),
        ("Police released the suspect's name.", "released", False),
        ("The government released its budget on Monday.", "released", False),
    ]  # fmt: skip
    for text, w, expected in cases:
        assert captives_released(*word_in(text, w)) is expected, (text, w)
    # the trigger model reads no event in this 'releases' (event probability 0.08)
    text = "Belarus pardons and releases 14 political prisoners."
    ctx = context(text)
    found = [d for d in load_detector().detect(ctx) if d.trigger.text == "releases"]
    assert [d.plover_type for d in found] == ["RETREAT"]
    assert records(text) == [("RETREAT", ["BLR"], ["BLR"])]


def test_people_arrested_captured_or_deported_are_held_and_the_target() -> None:
    # PLOVER: COERCE holds arresting, detaining and deporting people
    cases = [
        ("Peruvian police arrested 29 Shining Path members in Lima.", "arrested", "members"),
        ("The police presented 29 rebels who were arrested in Lima.", "arrested", "rebels"),
        ("Colombian army captures Peruvian drug trafficker.", "captures", "trafficker"),
        ("Two journalists were detained in Iran.", "detained", "journalists"),
        ("The court ordered the arrest of the former president.", "arrest", "president"),
        ("Authorities rounded up dozens of protesters.", "rounded", "protesters"),
        ("Turkey deported 30 Syrian refugees.", "deported", "refugees"),
        ("Russia detains Wall Street Journal reporter.", "detains", "reporter"),
        # things and places taken hold no one
        ("Police seized two tons of cocaine.", "seized", None),
        ("The rebels captured the town of Goma.", "captured", None),
        ("The government seized the company's assets.", "seized", None),
    ]  # fmt: skip
    for text, w, expected in cases:
        held = people_held(*word_in(text, w))
        assert (held.text if held is not None else None) == expected, (text, w)
    # the people arrested are the target, never the source: before, Shining Path arrested no
    # one named, and no COERCE record was kept
    text = (
        "Peru police present 29 rebels.\n\nThe police presented to the press 29 Shining Path "
        "members who were arrested in different operations in Lima."
    )
    ctx = context(text)
    [det] = [d for d in load_detector().detect(ctx) if d.trigger.text == "arrested"]
    assert det.plover_type == "COERCE"
    assert [ctx.doc[m.head].text for m, _ in det.sources] == ["police"]
    assert [ctx.doc[m.head].text for m, _ in det.targets] == ["Path"]
    assert ("COERCE", ["PER"], ["PER"]) in records(text)


def test_a_curfew_or_state_of_emergency_imposed_is_coercion_and_a_storm_is_none() -> None:
    cases = [
        ("The government decreed a state of siege throughout the country.", "decreed", True),
        ("A curfew was imposed in Niamey after the protests.", "imposed", True),
        ("The army declared martial law in the province.", "declared", True),
        ("The president declared a state of emergency after gang attacks.", "declared", True),
        # no emergency rule
        ("The government declared its support for the plan.", "declared", False),
        ("The state of Texas imposed new taxes.", "imposed", False),
    ]  # fmt: skip
    for text, w, expected in cases:
        assert emergency_declared(word_of(text, w)) is expected, (text, w)
    storm = "The governor declared a state of emergency ahead of a winter storm."
    assert in_disaster(word_of(storm, "declared"))
    assert not in_disaster(word_of(cases[3][0], "declared"))
    coup = "The junta declared a state of emergency after the army seized power."
    assert emergency_declared(word_of(coup, "declared"))
    assert not in_disaster(word_of(coup, "declared"))
    # before: a storm's state of emergency was the governor coercing the United States
    assert records("Texas governor declares emergency.\n\n" + storm) == []


def test_diplomats_expelled_are_a_sanction_and_people_deported_a_coercion() -> None:
    # PLOVER: the expulsion of diplomats reduces relations (SANCTION); expelling or deporting
    # other people is COERCE
    cases = [
        ("Canada expelled six Indian diplomats on Monday.", "expelled", "SANCTION"),
        ("Mali expelled the French ambassador.", "expelled", "SANCTION"),
        ("Nicaragua expelled the guerrilla leaders.", "expelled", "COERCE"),
        ("Turkey deported 30 Syrian refugees.", "deported", "COERCE"),
        ("The junta imposed a curfew in Niamey.", "imposed", "COERCE"),
    ]  # fmt: skip
    for text, w, expected in cases:
        assert set_phrase_type(*word_in(text, w)) == expected, (text, w)
    # before: one COERCE with both as its sources, a RETREAT of Canada's
    coded = records(
        "Canada and India expel each other's diplomats.\n\nCanada expelled six Indian "
        "diplomats on Monday. India responded by expelling six Canadian diplomats."
    )
    assert [r for r in coded if r[0] in ("SANCTION", "COERCE", "RETREAT")] == [
        ("SANCTION", ["CAN"], ["IND"]),
        ("SANCTION", ["IND"], ["CAN"]),
    ]


def test_a_person_impeached_ousted_or_removed_from_office_is_coerced() -> None:
    # events_train codes removal from office as COERCE; the trigger model read 'voted to
    # remove' as a REQUEST and 'is ousted' below the verifier's threshold
    cases = [
        ("Peru's Congress voted to impeach President José Jerí.", "impeach", "Jerí"),
        ("Peru's Congress voted to remove interim President José Jerí from office.", "remove",
         "Jerí"),
        ("Yoon Suk Yeol, South Korea's disgraced president, is ousted.", "ousted", "Yeol"),
        ("The court relieved Judge Hector Larios of his duties.", "relieved", "Larios"),
        # things, forces and people moved are removed from no office
        ("The US removed sanctions on Syria.", "removed", None),
        ("Israel removed troops from the border.", "removed", None),
        ("Police removed protesters from the square.", "removed", None),
        # not yet done
        ("The court is considering whether to remove him permanently.", "remove", None),
    ]  # fmt: skip
    for text, w, expected in cases:
        tok, ctx = word_in(text, w)
        person = removed_from_office(tok, ctx)
        assert (person.text if person is not None else None) == expected, (text, w)
        assert (set_phrase_type(tok, ctx) == "COERCE") is (expected is not None), (text, w)


def test_an_arrest_warrant_issued_is_coercion_of_whom_it_names() -> None:
    # PLOVER: a warrant for someone's arrest is a step of arrest (events_train codes 'Arrest
    # warrants were issued' COERCE); the trigger model read the issuing as a REQUEST (0.6.52)
    for text, expected in (
        ("The International Criminal Court issued an arrest warrant for Vladimir Putin.", True),
        ("Arrest warrants were issued for the two men.", True),
        ("Prosecutors sought an arrest warrant for the former president.", False),  # asked
        ("Police searched the house without a warrant.", False),
    ):
        w = "warrants" if "warrants" in text else "warrant"
        assert arrest_warrant(word_of(text, w)) is expected, text
    text = "A court in Guyana has issued arrest warrants for two Brazilian men."
    tok, ctx = word_in(text, "issued")
    assert set_phrase_type(tok, ctx) == "COERCE"
    held = people_held(word_of(text, "warrants"), ctx)
    assert held is not None and held.text == "men"
    found = [
        (e.plover_type, [a.country for a in e.sources], [a.country for a in e.targets])
        for e in newsevents.code_text(text, published=PUBLISHED)
    ]
    assert ("COERCE", ["GUY"], ["BRA"]) in found
    assert all(t != "REQUEST" for t, *_ in found)


def test_arms_drugs_money_or_a_vessel_seized_are_coercion() -> None:
    # PLOVER's COERCE: events_train codes 14 seizures of property so, and the taking of ground
    # as an attack; the trigger model seldom read either (0.6.53)
    for text, w, expected in (
        ("Salvadoran troops seized 6 high-caliber rifles.", "seized", True),
        ("Police reported the seizure of 7 tons of drugs.", "seizure", True),
        ("Recent arms seizures underscore the risks.", "seizures", True),
        ("US forces boarded another oil tanker on Tuesday.", "boarded", True),
        ("Iran seized a foreign oil tanker in the Gulf.", "seized", True),
        ("Rebels seized the town of Tonacatepeque.", "seized", False),  # ground: an attack
        ("The minister boarded a plane to Paris.", "boarded", False),  # a journey
    ):
        assert property_seized(word_of(text, w)) is expected, text
    tok, ctx = word_in("Salvadoran troops seized 6 high-caliber rifles.", "seized")
    assert set_phrase_type(tok, ctx) == "COERCE"

    # the owner is acted on: a tanker that names a country is; one that names none, which took
    # the text's country, is not (before: Iran coercing Iran)
    def coded(text: str) -> list[tuple[str, list[str | None], list[str | None]]]:
        return [
            (e.plover_type, [a.country for a in e.sources], [a.country for a in e.targets])
            for e in newsevents.code_text(text, published=PUBLISHED)
        ]

    assert ("COERCE", ["USA"], ["VEN"]) in coded(
        "US forces seized a Venezuelan tanker in the Caribbean."
    )
    assert all(
        t != "COERCE" or "IRN" not in tg
        for t, _, tg in coded("Iran seized a foreign oil tanker in the Gulf, state media said.")
    )
