"""Coder 0.5.0's rules on real parses (spaCy model, actor dictionaries, shipped models): personal
pronouns stand for the person named before them, two clauses are two events, an agency's tag is
no actor, and a yes/no question reports no event."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources

from spacy.tokens import Token

import newsevents
from newsevents.actors.resolve import ActorMention
from newsevents.events.assemble import record_mode
from newsevents.events.detect import (
    Detection,
    conditional_warning,
    criticism_of_words,
    demand_of_a_protest,
    existential_passive,
    forces_arriving,
    forces_moved,
    forces_sent,
    forces_withdrawing,
    hardship_warning,
    harm_by_accident,
    leaving_no_visit,
    load_detector,
    measure_lifted,
    names_not_asks,
    ordered_thing,
    reported_that,
    response_by,
    retreat_told,
    ruled_out_by_object,
    sibling_object,
    spoils_of_battle,
    thing_received,
    victims_owning,
    vote_for_act,
)
from newsevents.events.features import DocContext
from newsevents.events.modality import (
    modality_of,
    refused,
    requested,
    threatened_if,
    vowed_harm,
)
from newsevents.events.prepare import prepare
from newsevents.events.pronouns import pronoun_mentions
from newsevents.events.records import (
    Party,
    Record,
    article_countries,
    build_records,
    by_the_dead,
    home_or_border,
    in_yes_no_question,
    is_habitual,
    the_dead,
    the_late,
    unarmed_flight,
)
from newsevents.events.set_phrases import (
    blamed_for,
    deadly_act,
    military_drill,
    received_from,
    reduced_relative_head,
    show_of_force,
    weapon_hit,
)
from newsevents.pipeline import process_coder


def context(text: str, *, pronouns: bool = True) -> DocContext:
    coder = process_coder()
    return prepare(coder.nlp, coder.resolver, text, None, pronouns=pronouns)


def word(ctx: DocContext, text: str) -> Token:
    return next(t for t in ctx.doc if t.text == text)


def named(ctx: DocContext, text: str) -> ActorMention:
    return next(m for m in ctx.mentions if m.actor.text == text)


def types_of_records(
    ctx: DocContext, first: tuple[str, str], second: tuple[str, str]
) -> list[Record]:
    """Build records from two detections (word, type), the first the more confident, both with
    the text's first two named actors as source and target."""
    src = [(ctx.mentions[0], 0.9)]
    tgt = [(ctx.mentions[1], 0.9)]
    dets = [
        Detection(word(ctx, w), t, conf, "asserted", 0.9, src, tgt)
        for (w, t), conf in ((first, 0.9), (second, 0.7))
    ]
    return build_records(dets, ctx)


def test_pronouns_stand_for_the_person_named_before() -> None:
    text = (
        "Zelensky met Trump in Geneva on Monday.\n\n"
        "Later he said Trump was wrong, and Starmer told him so too."
    )
    ctx = context(text)
    by_word = {ctx.doc[m.head].text: m for m in ctx.mentions if ctx.doc[m.head].tag_ == "PRP"}
    # 'he', a subject, is the earlier subject (Zelensky), not the nearest person (Trump)
    assert by_word["he"].actor.name == named(ctx, "Zelensky").actor.name
    assert by_word["he"].actor.country == "UKR"
    # 'him', the object of 'told', is never its own clause's subject (Starmer)
    assert by_word["him"].actor.country == "USA"
    assert "pronoun 'him'" in by_word["him"].actor.why
    # only the coder's arguments see them: without, the resolver's mentions alone
    plain = context(text, pronouns=False)
    assert all(plain.doc[m.head].tag_ != "PRP" for m in plain.mentions)
    assert len(plain.mentions) == len(ctx.mentions) - 2


def test_no_pronoun_mention_without_a_person_before_it() -> None:
    ctx = context("He said the talks would resume.\n\nIran and the US met in Oman.", pronouns=False)
    assert pronoun_mentions(ctx.doc, list(ctx.mentions)) == []


def test_a_pronoun_gives_an_event_its_target() -> None:
    """'Zelensky says Trump ... pressuring him' style: the coder codes the accusation with the
    pronoun's person as the target's country."""
    coder = process_coder()
    events = coder.code_text(
        "Zelensky met Trump in Washington.\n\nAfterwards he accused him of betraying Ukraine."
    )
    accuse = [e for e in events if e.plover_type == "ACCUSE"]
    assert accuse, [(e.plover_type, e.why) for e in events]
    assert {a.country for a in accuse[0].sources} == {"UKR"}
    assert {a.country for a in accuse[0].targets} == {"USA"}


def test_an_adverbial_clause_is_its_own_event() -> None:
    """'gives Trump her prize as she presses him': the request is not the gift said again."""
    ctx = context("Machado gives Trump her prize as she presses him to act.")
    gives, presses = word(ctx, "gives"), word(ctx, "presses")
    assert presses.head.i == gives.i and presses.dep_ == "advcl"
    assert [m.actor.text for m in ctx.mentions[:2]] == ["Machado", "Trump"]
    records = types_of_records(ctx, ("gives", "SUPPORT"), ("presses", "REQUEST"))
    assert [r.plover_type for r in records] == ["SUPPORT", "REQUEST"]


def test_one_phrase_is_still_one_event() -> None:
    """'imposed sanctions': the object noun says the verb's event again."""
    ctx = context("The United States imposed sanctions on Venezuela.")
    imposed, sanctions = word(ctx, "imposed"), word(ctx, "sanctions")
    assert sanctions.head.i == imposed.i and sanctions.dep_ == "dobj"
    assert [m.actor.country for m in ctx.mentions[:2]] == ["USA", "VEN"]
    records = types_of_records(ctx, ("imposed", "COERCE"), ("sanctions", "SANCTION"))
    assert [r.plover_type for r in records] == ["COERCE"]
    assert len(records[0].mentions()) == 2


def test_an_agency_tag_and_its_dateline_are_no_actors() -> None:
    ctx = context(
        "Kenya: Traders Warn Tobacco Bill May Fuel Illicit Trade.\n\n"
        "[Capital FM] Nairobi -- Nairobi traders have urged the Senate to reconsider the bill."
    )
    texts = [m.actor.text for m in ctx.mentions]
    assert not any("Capital" in t or "]" in t for t in texts), texts
    assert "Nairobi traders" in texts
    assert any(t.endswith("Senate") for t in texts)


def test_a_yes_no_question_reports_no_event() -> None:
    ctx = context("Can India strike a deal on Russian oil?\n\nWho are the hostages freed by Hamas?")
    assert in_yes_no_question(word(ctx, "strike"))
    assert not in_yes_no_question(word(ctx, "freed"))  # a wh-question reports its event
    # as the coder reads a headline: 'Title.' and a blank line, so a question ends '?.'
    ctx = context("Will the army hold up the reforms?.\n\nThe army has held firm.")
    assert in_yes_no_question(word(ctx, "hold"))
    assert not in_yes_no_question(word(ctx, "held"))
    assert not coded_types("Will Russia attack Ukraine again?.\n\nAnalysts are divided.")
    # the same words as a statement report an event: an announced attack, a threat (0.6.36)
    statement = "Russia will attack Ukraine again.\n\nAnalysts are divided."
    assert coded_types(statement) == ["THREATEN"]


def test_a_supposition_is_no_report_of_its_event() -> None:
    # GUIDELINES: hypotheticals are no events; 'the theory that ...' supposes, it does not report
    ctx = context("Police are working on the theory that the minister has been kidnapped.")
    mode, why = modality_of(word(ctx, "kidnapped"))
    assert mode == "conditional" and "theory" in why
    # confirmed rumours are facts
    ctx = context("Santos confirmed rumours that the gang leaders are negotiating with the US.")
    assert modality_of(word(ctx, "negotiating"))[0] == "asserted"


def test_an_object_that_says_nothing_was_done_negates_its_verb() -> None:
    ctx = context("Lawmakers and the White House offered no signs of compromise on Sunday.")
    mode, why = modality_of(word(ctx, "offered"))
    assert mode == "negated" and "offered" in why
    # a pledge of nothing is a pledge; 'nothing but praise' is praise
    assert modality_of(word(context("Truss pledges no spending cuts."), "pledges"))[0] != "negated"
    ctx = context("The minister has heard nothing but praise for the ceasefire.")
    assert modality_of(word(ctx, "heard"))[0] != "negated"


def test_a_subject_that_says_no_one_acted_negates_its_verb() -> None:
    for text, verb in [
        ("Maduro and Ali agreed that neither country would threaten the other.", "threaten"),
        ("No country will recognise the annexation.", "recognise"),
        ("A bomb exploded near the embassy but no one was injured.", "injured"),
        ("Nobody was arrested after the protest.", "arrested"),
    ]:
        assert modality_of(word(context(text), verb))[0] == "negated", text
    # someone acting: 'no doubt' is no subject
    for text, verb in [
        ("Iran will no doubt threaten the ships.", "threaten"),
        ("One country threatened the other.", "threatened"),
    ]:
        assert modality_of(word(context(text), verb))[0] != "negated", text


def test_an_action_kept_from_happening_is_negated() -> None:
    # GUIDELINES: events the item says did not happen are no events
    for text, verb, head in (
        ("Chinese police have put pressure on their families to stop them protesting.",
         "protesting", "stop"),
        ("The court barred the union from striking.", "striking", "barred"),
        ("Police prevented protesters from marching to parliament.", "marching", "prevented"),
    ):  # fmt: skip
        mode, why = modality_of(word(context(text), verb))
        assert mode == "negated" and head in why, (text, mode, why)
    # 'stop attacking' says the attacks went on; the ban itself happened
    assert modality_of(word(context("Russia must stop attacking Ukraine."), "attacking"))[0] != (
        "negated"
    )
    ctx = context("A town has banned male refugees from a swimming pool.")
    assert modality_of(word(ctx, "banned"))[0] == "asserted"
    ctx = context("The rebels will keep them fighting until the end.")
    assert modality_of(word(ctx, "fighting"))[0] != "negated"


def test_an_action_ruled_out_is_not_done_and_one_not_ruled_out_only_possible() -> None:
    # GUIDELINES: events the item says did not happen, and hypotheticals, are no events
    cases = [
        ("Trump ruled out using military force to take Greenland.", "using", "negated"),
        ("He was ruling out any further talks with the government.", "talks", "negated"),
        ("Japan has not ruled out sending troops to the region.", "sending", "conditional"),
        ("Japan sent troops to the region after it ruled out talks.", "sent", "asserted"),
    ]
    for text, w, expected in cases:
        mode, why = modality_of(word(context(text), w))
        assert mode == expected, (text, mode, why)
    # to the record: without the rule, the troops not ruled out were a MOBILIZE counted as done
    # (the record, with no target since 0.6.35, now scores under the verifier's threshold)
    ctx = context("Japan has not ruled out sending troops to the region.")
    recs = build_records(load_detector().detect(ctx), ctx)
    assert [record_mode(r)[0] for r in recs if r.plover_type == "MOBILIZE"] == ["conditional"]


def test_calling_something_a_name_judges_and_asks_nothing() -> None:
    # 'call X Y' names or judges X; 'call for', 'call on X to' and 'call X to do' ask
    for text in (
        'Iran calls talks with U.S. "more constructive" as the deadline looms.',
        "EU calls annexation illegal.",
        "The union called this a lie.",
        "She called Israel an apartheid state.",
    ):
        verb = next(t for t in context(text).doc if t.lemma_ == "call")
        assert names_not_asks(verb), text
    for text in (
        "The UN called for a ceasefire.",
        "Iran called on the US to lift sanctions.",
        "He called the union leaders to a meeting.",
        "The president called new elections.",
        "The ambassador was called home for consultations.",
    ):
        verb = next(t for t in context(text).doc if t.lemma_ == "call")
        assert not names_not_asks(verb), text
    # end to end: no REQUEST from a verb of naming; its judgement stays an accusation
    coded = newsevents.code_text(
        "Trump calls Herzog disgraceful.\n\n"
        "President Trump called Israel's president Isaac Herzog disgraceful on Thursday.",
        published="2026-02-17",
    )
    assert coded and all(e.plover_type != "REQUEST" for e in coded), [
        (e.plover_type, e.why) for e in coded
    ]
    assert any(e.plover_type == "ACCUSE" for e in coded)


def test_the_object_of_a_conjoined_verb_is_not_the_target() -> None:
    ctx = context("Israel imposes restrictions, deploys police around the mosque.")
    police = word(ctx, "police")
    assert sibling_object(word(ctx, "imposes"), police)
    assert not sibling_object(word(ctx, "deploys"), police)  # its own object
    # a shared object hangs from the last verb, and the first has no object of its own
    ctx = context("Police arrested and charged the man.")
    assert not sibling_object(word(ctx, "arrested"), word(ctx, "man"))
    # end to end: without the rule, the police were the target of the restrictions
    coded = newsevents.code_text(
        "Israel imposes restrictions, deploys police around the Old City.", published="2026-02-17"
    )
    assert all(a.text != "police" for e in coded for a in e.targets), [
        (e.plover_type, [a.text for a in e.targets]) for e in coded
    ]


def coded_types(text: str) -> list[str]:
    """The types of the events ``newsevents.code_text`` codes in ``text``."""
    return [e.plover_type for e in newsevents.code_text(text, published="2026-02-17")]


def detected(text: str, w: str) -> list[str]:
    """The types the shipped detector gives the word ``w`` of ``text``."""
    return [d.plover_type for d in load_detector().detect(context(text)) if d.trigger.text == w]


def said_of(rule: Callable[[Token], bool], cases: list[tuple[str, str, bool]]) -> None:
    """Each (sentence, word, expected): ``rule`` of that word in that sentence's parse."""
    for text, w, expected in cases:
        assert rule(word(context(text), w)) is expected, (text, w)


def test_what_happens_as_a_rule_is_no_event() -> None:
    # GUIDELINES: analysis and background are no events; 'repeatedly' reports events
    said_of(is_habitual, [
        ("Hundreds of thousands of Palestinians traditionally attend prayers at Al-Aqsa.",
         "attend", True),
        ("Local police officers often find themselves outgunned by drug gangs.", "find", True),
        ("Iran has repeatedly threatened to block the waterway.", "threatened", False),
        ("Police arrested 20 protesters in Nairobi on Monday.", "arrested", False),
    ])  # fmt: skip
    # end to end: without the rule, a custom was a CONSULT of Turkey with Saudi Arabia
    assert not coded_types(
        "Turkish pilgrims in Mecca.\n\nTurkish pilgrims usually meet Saudi officials in Mecca "
        "during the Hajj."
    )


def test_launching_a_plan_is_no_attack() -> None:
    ctx = context("Mark Carney launched a multi-billion dollar plan to strengthen the military.")
    assert ruled_out_by_object(word(ctx, "launched")) == "ASSAULT"
    for text in (
        "Israel launched a new offensive in Gaza.",
        "Russia launched missiles at Ukraine.",
        "The rebels launched an attack on the base.",
        "The army launched a military operation against the rebels.",
    ):
        assert ruled_out_by_object(word(context(text), "launched")) is None, text
    # the trigger model alone reads this 'launched' as an ASSAULT (p 0.23)
    assert not detected(
        "Germany launches big defence plan to cut reliance on U.S.\n\nGerman Chancellor "
        "Friedrich Merz on Monday launched a multi-billion euro plan to strengthen the German "
        "army and depend less on the United States.",
        "launched",
    )


def test_stepping_up_efforts_mobilises_no_forces() -> None:
    # forces and security stepped up are a mobilisation; efforts are what they are for
    said_of(lambda tok: ruled_out_by_object(tok) == "MOBILIZE", [
        ("The African Union has stepped up efforts to secure ceasefires in Sudan.", "stepped",
         True),
        ("The Trump administration has ramped up efforts to deport migrants.", "ramped", True),
        ("Rio de Janeiro stepped up security after the murder.", "stepped", False),
        ("Denmark increased its military presence in Greenland.", "increased", False),
        ("Israel intensified its campaign in September.", "intensified", False),
    ])  # fmt: skip
    # the trigger model alone reads this 'stepped' as a MOBILIZE (p 0.21)
    text = "The African Union has stepped up efforts to secure ceasefires in Sudan and Congo."
    assert not detected(text, "stepped")


def test_releasing_a_document_frees_no_one_and_firing_an_aide_is_no_attack() -> None:
    # PLOVER: RETREAT releases prisoners and hostages; a post-holder fired is dismissed
    said_of(lambda tok: ruled_out_by_object(tok) == "RETREAT", [
        ("The rebels released a video showing the captured soldiers.", "released", True),
        ("The armed forces released a public message explaining their position.", "released",
         True),
        ("The guerrillas released three engineers kidnapped a month ago.", "released", False),
        ("Hamas released four Israeli soldiers on Saturday.", "released", False),
    ])  # fmt: skip
    said_of(lambda tok: ruled_out_by_object(tok) == "ASSAULT", [
        ("The president fired his chief of staff on Friday.", "fired", True),
        ("Trump fired James Comey in May.", "fired", True),
        ("Guerrillas fired a missile at the base.", "fired", False),
        ("Troops fired on the crowd.", "fired", False),
    ])  # fmt: skip
    # the trigger model alone reads these as a RETREAT and an ASSAULT
    assert not detected("The rebels released a video showing the captured soldiers.", "released")
    assert not detected("Reagan fired the aide in November.", "fired")
    assert detected("Guerrillas fired a missile at the base.", "fired") == ["ASSAULT"]


def test_a_document_released_is_read_through_participles_and_counting_nouns() -> None:
    said_of(lambda tok: ruled_out_by_object(tok) == "RETREAT", [
        # the participle's noun is what was released; a counting noun's 'of' is the thing
        ("A letter released today by the FARC was sent to the bishops.", "released", True),
        ("Santos released a series of intercepted emails between FARC leaders.", "released",
         True),
        ("The hostages released on Friday returned home.", "released", False),
        ("The rebels released a number of prisoners on Sunday.", "released", False),
    ])  # fmt: skip


def test_the_pattern_candidates_obey_the_learned_triggers_rules() -> None:
    # PETRARCH's patterns read 'released' as a release whatever is released: a RETREAT
    # candidate that the record builder now drops, as the learned trigger would
    coder = process_coder()
    for text in (
        "The Farabundo Marti National Liberation Front released a communique on the change in "
        "the military leadership and the appointment of Colonel Orlando Zepeda.",
        "Hamas released a video of the Israeli hostages.",
    ):
        ctx = prepare(coder.nlp, coder.resolver, text, None, coder.rule_events)
        assert [d.plover_type for d in ctx.rule_candidates] == ["RETREAT"], text
        assert build_records(list(ctx.rule_candidates), ctx) == [], text
    # one that sets people free stays
    ctx = prepare(
        coder.nlp, coder.resolver, "Hamas released four Israeli hostages.", None, coder.rule_events
    )
    kept = build_records(list(ctx.rule_candidates), ctx)
    assert [(r.plover_type, r.sources[0].country, r.targets[0].country) for r in kept] == [
        ("RETREAT", "PSE", "ISR")
    ]


def test_a_demand_a_protest_voices_is_the_protest() -> None:
    said_of(demand_of_a_protest, [
        ("Police fired gunshots to quell a student protest demanding the prime minister's "
         "resignation.", "demanding", True),
        ("Thousands of demonstrators took to the streets, battling riot police and demanding "
         "the resignation of the president.", "demanding", True),
        ("Protesters rallied in Nairobi, demanding the release of the activist.", "demanding",
         True),
        # a demand of its own: no protest words around it
        ("Israel took over the area, demanding the withdrawal of Hamas.", "demanding", False),
        ("Indonesia's foreign ministry is demanding an explanation.", "demanding", False),
    ])  # fmt: skip
    # before: each a REQUEST of its own beside the protest
    for text in (
        "Thousands of demonstrators took to the streets, battling riot police and demanding "
        "the resignation of the president.",
        "Protesters rallied in Nairobi, demanding the release of the activist.",
    ):
        assert "REQUEST" not in detected(text, "demanding"), text


def test_what_there_is_done_to_is_a_passive() -> None:
    said_of(existential_passive, [
        ("There were 10 Russian soldiers killed in Ukraine today.", "killed", True),
        ("There have been 40 people arrested since Monday.", "arrested", True),
        # a reduced relative clause of background stays one
        ("A Hamas member jailed a year ago was freed.", "jailed", False),
    ])  # fmt: skip
    # its author unnamed, placed where it happened (before: no record, for want of a source)
    events = newsevents.code_text("There were 10 Russian soldiers killed in Ukraine today.")
    assert [(e.plover_type, [a.country for a in e.sources], [a.country for a in e.targets])
            for e in events] == [("ASSAULT", ["UKR"], ["RUS"])]  # fmt: skip


def test_the_party_dealt_with_is_no_source() -> None:
    # 'a deal with Iran': Iran is the counterpart; the argument model made it the source (and
    # Russia, named later, the target) where the one who makes the deal is far from the noun
    text = (
        "This week, the Trump administration seeks diplomatic deals on three fronts, as it "
        "tries to make a nuclear deal with Iran, end the Russia-Ukraine war and advance a "
        "ceasefire in Gaza."
    )
    ctx = context(text)
    deal = next(t for t in ctx.doc if t.text == "deal" and t.head.text == "make")
    found = [d for d in load_detector().detect(ctx) if d.trigger.i == deal.i]
    assert all(m.actor.text != "Iran" for d in found for m, _ in d.sources), [
        (d.plover_type, [m.actor.text for m, _ in d.sources]) for d in found
    ]
    records = [
        (e.plover_type, [a.country for a in e.sources], [a.country for a in e.targets])
        for e in newsevents.code_text(text)
    ]
    assert ("AGREE", ["IRN"], ["RUS"]) not in records
    # the next likeliest source made it: the administration's deal with Iran
    assert any(m.actor.text == "the Trump administration" for d in found for m, _ in d.sources), (
        found
    )
    # 'after talks with Ukraine': Ukraine is met, Russia meets
    ctx = context("Russia did not agree to a ceasefire after talks with Ukraine in Geneva.")
    talks = [d for d in load_detector().detect(ctx) if d.trigger.text == "talks"]
    assert [([m.actor.text for m, _ in d.sources], [m.actor.text for m, _ in d.targets])
            for d in talks] == [(["Russia"], ["Ukraine"])]  # fmt: skip
    # a party named as a source beside the one met with stays: 'Rusal is in negotiations with
    # Sierra Leone' keeps Rusal the source and Sierra Leone the target
    rusal = [
        (e.plover_type, [a.country for a in e.targets])
        for e in newsevents.code_text("Russia is in negotiations with Sierra Leone over bauxite.")
    ]
    assert ("CONSULT", ["SLE"]) in rusal


def test_a_known_persons_administration_at_a_sentence_start() -> None:
    # the tagger reads a bare 'Trump' before 'administration' as a common noun
    for text, country in [
        ("Trump administration tries to resolve three crises with Iran.", "USA"),
        ("Maduro regime frees dozens of political prisoners.", "VEN"),
    ]:
        ctx = context(text)
        first = ctx.mentions[0]
        assert (first.actor.kind, first.actor.country) == ("person", country), text
    # not before any noun: a company's name is not read into 'Shell fire'
    ctx = context("Mortar fire hit the village on Monday.")
    assert all(m.actor.text != "Mortar" for m in ctx.mentions)


def test_arms_taken_in_a_battle_are_spoils_of_the_fight() -> None:
    said_of(spoils_of_battle, [
        ("The battalion inflicted casualties on the rebels and seized Soviet weapons during the "
         "latest fighting.", "seized", True),
        ("The army seized some ammunition in fighting with the rebels.", "seized", True),
        # a seizure of its own: a police raid, drugs at a port
        ("Police seized 30 rifles in a raid on the gang's house.", "seized", False),
        ("Customs officers seized 7 tons of cocaine at the port.", "seized", False),
    ])  # fmt: skip
    # before: a COERCE set phrase (arms seized) beside the fight
    text = "The rebels seized 30 rifles and war supplies during heavy fighting with the army."
    assert "COERCE" not in detected(text, "seized")
    assert detected("Police seized 30 rifles in a raid on the gang's house.", "seized") == [
        "COERCE"
    ]


def test_the_noun_a_passive_participle_describes_is_no_doer() -> None:
    # a reduced relative clause: the noun is what the verb was done to
    said_of(lambda tok: reduced_relative_head(tok) is not None, [
        ("There were 10 Russian soldiers killed in Ukraine today.", "killed", True),
        ("The Ukrainian officials accused of corruption resigned.", "accused", True),
        ("The man was arrested by police on Monday.", "arrested", False),
        ("Police arrested the man on Monday.", "arrested", False),
        # a misparsed relative clause with its own subject: the noun is its subject
        ("The note denounces the massacre of 14 fishermen, including two colombians whom the "
         "venezuelan armed forces accused of being subversives.", "accused", False),
    ])  # fmt: skip
    ctx = context("There were 10 Russian soldiers killed in Ukraine today.")
    assert reduced_relative_head(word(ctx, "killed")) == word(ctx, "soldiers").i

    def doers(text: str, w: str) -> list[str]:
        return [
            m.actor.text
            for d in load_detector().detect(context(text))
            if d.trigger.text == w
            for m, _ in d.sources
        ]

    # the argument model alone read the soldiers killed, and the officials accused, as doers
    assert not doers("Three Israeli soldiers killed in Gaza were buried on Sunday.", "killed")
    assert not doers("The Ukrainian officials accused of corruption resigned.", "accused")
    # the agent of the participle stays its doer
    text = "Hundreds of Kenyan protesters arrested by police in Nairobi were released on Monday."
    assert doers(text, "arrested") == ["police in Nairobi"]


def test_forces_withdrawing_retreat_and_leaving_is_no_visit() -> None:
    # PLOVER: RETREAT withdraws forces; a diplomat or a deal withdrawn is something else
    cases = [
        ("Hundreds of UN troops withdrew from the Golan on Monday.", "withdrew", True),
        ("Russian forces pulled back from Kherson.", "pulled", True),
        ("Britain withdrew its ambassador from Iran.", "withdrew", False),
        ("The guerrillas withdrew from the talks and demanded security.", "withdrew", False),
        ("The United States withdrew from the Paris Agreement.", "withdrew", False),
        ("Russian forces pulled a wounded man from the rubble.", "pulled", False),
        # forces withdrawn, done (RETREAT) or announced (PLOVER's CONCEDE)
        ("Israel withdrew its troops from Khan Younis on Sunday.", "withdrew", True),
        ("The US has withdrawn 2,000 soldiers from Iraq.", "withdrawn", True),
        ("Trump said the US will withdraw its troops from Syria.", "withdraw", False),
    ]
    for text, w, expected in cases:
        ctx = context(text)
        assert forces_withdrawing(word(ctx, w), ctx) is expected, text
    # the trigger model alone reads the troops' withdrawal as a SANCTION
    text = "Hundreds of UN troops withdrew from the Golan to the Israeli-occupied sector."
    assert detected(text, "withdrew") == ["RETREAT"]
    # CAMEO: travelling to meet is a visit ('left for Beijing'), a departure is not
    said_of(leaving_no_visit, [
        ("He said he left the debating chamber thinking this is not a good look.", "left",
         True),
        ("Mexican diplomatic staff would leave Ecuador.", "leave", True),
        ("President Bush left for Beijing on Thursday.", "left", False),
        ("The minister agreed to the plan.", "agreed", False),
    ])  # fmt: skip
    # the trigger model alone reads this 'left' as a CONSULT
    text = (
        "Rishi Sunak spoke to Mr Drakeford on his first day in the job. Speaking to the i, he "
        "said he left the debating chamber thinking this is not a good look."
    )
    assert "CONSULT" not in detected(text, "left")
    assert detected(text, "spoke") == ["CONSULT"]


def test_the_life_of_someone_who_died_is_no_event() -> None:
    # GUIDELINES: obituaries and history are no events; what was done to the dead stays
    ctx = context(
        "Jesse Jackson, who died Tuesday, fought for equality as a civil rights protester."
    )
    dead = the_dead(ctx.doc)
    assert dead == {"jackson"}
    assert by_the_dead(word(ctx, "protester"), dead)
    ctx = context("Robert Duvall dies at 95. Duvall protested against the war in 1970.")
    assert by_the_dead(word(ctx, "protested"), the_dead(ctx.doc))
    ctx = context("Navalny died in prison. European governments say Russia poisoned Navalny.")
    assert not by_the_dead(word(ctx, "poisoned"), the_dead(ctx.doc))
    ctx = context("Omar Khan died in a drone strike, the defence secretary said.")
    assert not by_the_dead(word(ctx, "strike"), the_dead(ctx.doc))
    # a place is not a person who died
    assert the_dead(context("Farmers in Rio Grande do Sul died in the floods.").doc) == set()
    # end to end: without the rule, the senator's old accusation was an ACCUSE
    assert not coded_types(
        "Former senator dies at 90.\n\nBob Dole, who died on Sunday, accused Democrats of "
        "weakness as a senator from Kansas."
    )


def test_people_fleeing_are_no_party_retreating() -> None:
    def flight(text: str, verb: str) -> bool:
        ctx = context(text)
        sources = [Party(ctx.mentions[0], "XXX", "test")]
        det = Detection(word(ctx, verb), "RETREAT", 0.9, "asserted", 0.9, [], [])
        return unarmed_flight(det, sources)

    assert flight("The suspect fled to Turkey in 1985.", "fled")
    assert flight("One woman fled the siege of Kadugli.", "fled")
    # forces that flee give ground: a retreat
    assert not flight("Islamic State fighters fled Baghuz.", "fled")
    assert not flight("Russian troops fled the battlefield.", "fled")
    # end to end: without the rule, the suspect's flight was a RETREAT of France on Algeria
    assert "RETREAT" not in coded_types(
        "Murder suspect held after decades.\n\nFrench police have charged a man over a killing "
        "in 1990. The suspect fled to Algeria but came back to France years later."
    )


def test_a_military_drill_one_side_holds_is_a_mobilization() -> None:
    # PLOVER: MOBILIZE is a show of military readiness short of force; joint manoeuvres are
    # cooperation, and a fire drill or the exercise of power is no force at all
    said_of(military_drill, [
        ("Iran launches military exercises near the Strait of Hormuz.", "exercises", True),
        ("The Revolutionary Guards began naval drills in the Gulf on Monday.", "drills", True),
        ("China holds live-fire drills near Taiwan.", "drills", True),
        ("Russian and Chinese warships held joint exercises in the Sea of Japan.", "exercises",
         False),
        ("The troops held drills with Polish forces near the border.", "drills", False),
        ("The school held a fire drill on Monday.", "drill", False),
        ("The exercise of power by the army worries the opposition.", "exercise", False),
        ("Officials said the exercise would cut costs.", "exercise", False),
    ])  # fmt: skip
    # the trigger model has seen three drills and reads none; the pattern coder read this one
    # as a ceasefire ('holds' ... 'fire')
    assert detected("Iran launches military exercises near the Strait of Hormuz.", "exercises") == [
        "MOBILIZE"
    ]
    found = newsevents.code_text(
        "China holds live-fire drills near Taiwan.", published="2026-02-17"
    )
    assert [(e.plover_type, [a.country for a in e.sources], [a.country for a in e.targets])
            for e in found] == [("MOBILIZE", ["CHN"], ["TWN"])]  # fmt: skip


def test_the_forces_one_moves_are_ones_own_never_the_party_acted_on() -> None:
    cases = [
        ("Arafat withdrew his men from Beirut.", "withdrew", "his men", True),
        ("Honduras deployed military police in the capital.", "deployed", "military police", True),
        ("Russia sent troops into Georgia.", "sent", "troops", True),
        ("Russia sent troops into Georgia.", "sent", "Georgia", False),
        ("Britain withdrew its ambassador from Iran.", "withdrew", "its ambassador from Iran",
         False),
    ]  # fmt: skip
    for text, w, actor, expected in cases:
        ctx = context(text)
        assert forces_moved(word(ctx, w), named(ctx, actor)) is expected, (text, actor)
    # before: the withdrawn men were the target of the retreat (the pattern coder's reading);
    # now the retreat has no target, and the verifier scores it under the threshold
    found = newsevents.code_text("Arafat withdrew his men from Beirut.")
    assert all(a.text != "his men" for e in found for a in e.targets)


def test_striking_at_a_decision_is_criticism_not_an_attack() -> None:
    # PLOVER's ACCUSE criticises; an ASSAULT needs something that can be hit
    said_of(criticism_of_words, [
        ("The Palestinian Presidency slammed the Israeli government's decision.", "slammed",
         True),
        ("Opposition leaders attacked the government's plan to raise taxes.", "attacked", True),
        ("Hamas blasted the move as illegal.", "blasted", True),
        ("Rebels attacked a police station in the north.", "attacked", False),
        ("The guerrillas attacked positions guarded by the army.", "attacked", False),
        ("Russian forces attacked the city overnight.", "attacked", False),
    ])  # fmt: skip
    # the trigger model alone reads this 'slammed' as an ASSAULT (p 0.10 against ACCUSE's 0.04)
    text = "The Palestinian Presidency slammed the Israeli government's decision, calling it a "
    text += "serious escalation."
    assert detected(text, "slammed") == ["ACCUSE"]
    assert detected("Russian forces attacked the city overnight.", "attacked") == ["ASSAULT"]


def test_forces_arriving_mobilise_and_visit_no_one() -> None:
    said_of(forces_arriving, [
        ("The police and army arrived in the beleaguered state on Saturday.", "arrived", True),
        ("Indian troops landed in the Maldives on Monday.", "landed", True),
        ("The French president arrived in Mumbai on Monday.", "arrived", False),
        ("Troops and diplomats arrived in Juba.", "arrived", False),  # not forces only
        ("The troops visited the memorial.", "visited", False),
    ])  # fmt: skip
    # before: the trigger model read the arrival as a visit (CONSULT)
    text = (
        "Air Force F-16 fighter jets and Vermont Air National Guard troops arrived here on "
        "Saturday to join the fight against the Islamic State."
    )
    assert detected(text, "arrived") == ["MOBILIZE"]


def test_an_order_of_a_thing_or_an_act_coerces_no_one() -> None:
    for text, expected in [
        ("The president has ordered three days of national mourning.", True),
        ("The president ordered an investigation into the massacre.", True),
        ("The court ordered the release of the prisoners.", True),
        # people held, forces moved, people told to act: the order is the coercion
        ("The judge ordered the arrest of two officers.", False),
        ("The government ordered thousands of troops into the refineries.", False),
        ("The general ordered the rebels to lay down their arms.", False),
    ]:
        ctx = context(text)
        assert ordered_thing(word(ctx, "ordered"), ctx) is expected, text
    # before: each was a COERCE (the Pentagon's against the United States)
    for text in (
        "Their hopes rose further on Wednesday, with news that the Pentagon had ordered some "
        "non-essential personnel from its largest Middle East air base, a move seen as "
        "preparation for battle.",
        "The president has ordered three days of national mourning in honor of the slain minister.",
    ):
        assert "COERCE" not in detected(text, "ordered"), text


def test_a_report_of_what_happened_accuses_no_one() -> None:
    said_of(reported_that, [
        ("Authorities reported today that the senator was killed in Medellin.", "reported",
         True),
        ("The national police reported that over 15,000 people have been arrested.",
         "reported", True),
        ("She reported the mistake to officials.", "reported", False),
        ("The police accused the guerrillas of the attack.", "accused", False),
    ])  # fmt: skip
    # before: an ACCUSE by the newspaper's country against itself
    text = (
        "Newspaper Expreso today reported that the Peruvian police have announced that FPL "
        "leaders were arrested in the past few hours."
    )
    assert "ACCUSE" not in detected(text, "reported")


def test_a_warning_of_hardship_that_threatens_no_one_is_no_threat() -> None:
    # PLOVER's THREATEN is a coercive warning: someone warned, a condition, or an act announced
    said_of(hardship_warning, [
        ("Rishi Sunak warned of difficult decisions ahead.", "warned", True),
        ("Germany warned their repatriation would be extremely difficult.", "warned", True),
        ("Traders warn tobacco bill may fuel illicit trade.", "warn", True),
        # someone warned, a condition, an act against someone, the warner's own act to come
        ("Japan warned the United States it may retaliate.", "warned", False),
        ("The UN has warned of a catastrophe if the attack goes ahead.", "warned", False),
        ("The minister warned Argentina may break off negotiations.", "warned", False),
        ("Turkey has warned it will not stand by and watch the attack.", "warned", False),
        # what was warned is not said here: the trigger model judges
        ('"You will regret this," the general warned.', "warned", False),
    ])  # fmt: skip
    # before: each was a THREATEN (by the United States against itself, the text's country)
    for text in (
        "In Munich, although Rubio offered a more conciliatory tone in comparison to Vice "
        "President J.D. Vance's speech from last year's conference, he repeatedly warned of the "
        "dangers of mass migration and deindustrialisation.",
        "Rishi Sunak has pledged to fix mistakes made under Liz Truss's leadership and warned of "
        "difficult decisions ahead, in his first speech as prime minister.",
    ):
        assert "THREATEN" not in detected(text, "warned"), text


def test_a_warning_of_what_follows_if_is_a_threat() -> None:
    # PLOVER's THREATEN: a warning that names what will happen if (or unless) the other side acts
    said_of(conditional_warning, [
        ("Turkey warned Syria that it risked a military confrontation if it intervened in Afrin.",
         "warned", True),
        ("North Korea warned it would strike unless the drills were halted.", "warned", True),
        ("The WHO warned that the outbreak could spread quickly.", "warned", False),
        ("Iran warned the United States against any attack.", "warned", False),
        ("If the talks fail, the minister said, prices will rise.", "said", False),
    ])  # fmt: skip
    # the trigger model alone reads this 'warned' as an accusation (ACCUSE 0.26, THREATEN 0.19)
    text = (
        "Turkey's prime minister has warned that the country has the power to allow millions "
        "of refugees to resume their journeys to western Europe if the US and EU-backed Kurdish "
        "forces fighting in Syria are given a role in peace talks."
    )
    assert detected(text, "warned") == ["THREATEN"]


def test_forces_sent_or_massed_are_a_mobilization_not_an_attack() -> None:
    said_of(forces_sent, [
        ("Russia massed troops on the border with Ukraine.", "massed", True),
        ("Two warships were dispatched to the Gulf.", "dispatched", True),
        ("The government sent aid to the flooded region.", "sent", False),
        ("Police deployed tear gas against the protesters.", "deployed", False),
    ])  # fmt: skip
    # the trigger model reads 'massed' as an ASSAULT (0.21 against MOBILIZE's 0.20), and the
    # massed troops were its target: Russia attacking Russia
    assert detected("Russia massed troops on the border with Ukraine.", "massed") == ["MOBILIZE"]
    found = newsevents.code_text("Russia massed troops on the border with Ukraine.")
    assert all(e.plover_type != "ASSAULT" for e in found)


def test_where_forces_go_is_no_target_at_home_or_at_a_border() -> None:
    def placed(text: str, trigger: str, actor: str) -> bool:
        ctx = context(text)
        m = named(ctx, actor)
        target = Party(mention=m, country=m.actor.country, why="")
        return home_or_border(target, {ctx.mentions[0].actor.country}, word(ctx, trigger), ctx)

    assert placed("Brazil deployed 6,500 troops along its border with Paraguay.", "deployed",
                  "Paraguay")  # fmt: skip
    assert placed("Guatemala sent soldiers to the Mexican border.", "sent", "Mexican")
    assert placed("Bolivia deployed soldiers to Bolivian cities.", "deployed", "Bolivian cities")
    # another country's ground is what forces sent there are aimed at
    assert not placed("Russia is conducting military exercises in Alaska.", "conducting",
                      "Alaska")  # fmt: skip
    assert not placed("Russia sent troops into Georgia.", "sent", "Georgia")
    # before: Brazil mobilised against Paraguay, its neighbour on an anti-drug deployment
    found = newsevents.code_text(
        "Brazil deployed 6,500 troops along its border with Paraguay.", published="2026-02-17"
    )
    assert all("PRY" not in [a.country for a in e.targets] for e in found)
    found = newsevents.code_text(
        "Russia is conducting military exercises in Alaska.", published="2026-02-17"
    )
    assert [(e.plover_type, [a.country for a in e.targets]) for e in found] == [
        ("MOBILIZE", ["USA"])
    ]


def test_forces_deployed_told_by_a_noun_or_massing_are_a_mobilization() -> None:
    said_of(show_of_force, [
        ("Russia completed a military buildup near Ukraine.", "buildup", True),
        ("The navy announced the deployment of two aircraft carriers.", "deployment", True),
        ("Pro-government forces are massing in Syria's north-west.", "massing", True),
        ("The deployment of aid workers to the region began on Monday.", "deployment", False),
        ("A surge in prices hit the markets.", "surge", False),
        ("Protesters are massing outside parliament.", "massing", False),
        ("The two navies began a joint deployment in the Pacific.", "deployment", False),
    ])  # fmt: skip
    # the trigger model reads no event in this 'buildup' (it has seen three drills and few
    # buildups); the rule makes it a candidate, as a drill is
    assert detected("Russia completed a military buildup near Ukraine.", "buildup") == ["MOBILIZE"]
    # the forces a noun of deployment names after 'of' are the deployer's own, never its target
    ctx = context("The United States announced the deployment of two aircraft carriers.")
    assert forces_moved(word(ctx, "deployment"), named(ctx, "two aircraft carriers"))
    # nor is the record's target when it took one from another word of the phrase ('announced
    # ... carriers' read as cooperation with them): before, the United States against itself
    text = "The United States announced the deployment of two aircraft carriers to the Gulf."
    assert all(e.plover_type != "MOBILIZE" or not e.targets for e in newsevents.code_text(text))
    assert [p.country for r in build_records(load_detector().detect(context(text)), context(text))
            for p in r.targets if r.plover_type == "MOBILIZE"] == []  # fmt: skip


def test_an_attack_or_coercion_announced_is_a_threat() -> None:
    # GUIDELINES: a threat of force is THREATEN; the trigger model reads 'will strike' as an
    # attack, and the mode model as intended, which made an ASSAULT that had not happened
    text = "Russia will strike Ukraine's energy grid again, Medvedev said."
    assert detected(text, "strike") == ["THREATEN"]
    found = [
        (e.plover_type, e.modality, [a.country for a in e.sources], [a.country for a in e.targets])
        for e in newsevents.code_text(text)
    ]
    assert ("THREATEN", "intended", ["RUS"], ["UKR"]) in found
    assert all(t != "ASSAULT" for t, *_ in found)
    # an attack that happened stays one
    assert detected("Russia struck Ukraine's energy grid on Monday.", "struck") == ["ASSAULT"]


def test_a_resignation_or_release_asked_for_has_not_happened() -> None:
    # GUIDELINES: the request is the event; the resignation it asks for is not (0.6.50)
    cases = [
        ("Protesters demanded the resignation of President Chun.", "resignation", "demanded"),
        ("Calls grow for Starmer to resign.", "resign", "Calls"),
        ("Labour lawmakers urged the minister to resign.", "resign", "urged"),
        ("Galloway appealed for the release of the hostage.", "release", "appealed"),
    ]
    for text, w, asker in cases:
        found = requested(word(context(text), w))
        assert found is not None and found.text == asker, (text, found)
    # done, or only told, they happened
    for text, w in (
        ("The minister resigned on Monday.", "resigned"),
        ("Hamas released three hostages after Egypt asked.", "released"),
    ):
        assert requested(word(context(text), w)) is None, text
    # to the record: a RETREAT asked for is conditional, out of the counts
    ctx = context("Students demanded the resignation of Guinea's prime minister.")
    pm = named(ctx, "Guinea's prime minister")
    det = Detection(word(ctx, "resignation"), "RETREAT", 0.9, "asserted", 0.9, [(pm, 0.9)], [])
    (rec,) = build_records([det], ctx)
    mode, why = record_mode(rec)
    assert mode == "conditional" and "demanded" in why
    # the same words typed otherwise keep the learned mode
    det = Detection(word(ctx, "resignation"), "CONCEDE", 0.9, "asserted", 0.9, [(pm, 0.9)], [])
    (rec,) = build_records([det], ctx)
    assert record_mode(rec)[0] == "asserted"


def test_who_receives_from_another_is_acted_on() -> None:
    # 'X received Y from Z': Z gave, X received (0.6.52); the argument model read the subject as
    # the giver, so Ukraine gave Germany its own air defence
    ctx = context("Ukraine received new air defence systems from Germany on Tuesday.")
    given = received_from(word(ctx, "received"))
    assert given is not None
    assert [t.text for t in given[0]] == ["Germany"] and [t.text for t in given[1]] == ["Ukraine"]
    # 'from' on the object, not the verb ('accepted an offer from the company')
    ctx = context("The union accepted an offer from General Motors.")
    given = received_from(word(ctx, "accepted"))
    assert given is not None and [t.text for t in given[0]] == ["Motors"]
    for text, w in (
        ("Ukraine received new air defence systems on Tuesday.", "received"),  # no giver
        ("Germany sent air defence systems to Ukraine.", "sent"),  # the giver is the subject
    ):
        assert received_from(word(context(text), w)) is None, text
    found = [
        (e.plover_type, [a.country for a in e.sources], [a.country for a in e.targets])
        for e in newsevents.code_text("Kyiv has received the first F-16 jets from Denmark.")
    ]
    assert ("AID", ["DNK"], ["UKR"]) in found
    assert all(t != "AID" or s != ["UKR"] for t, s, _ in found)


def test_cooperation_refused_is_a_rejection() -> None:
    # PLOVER: refusing to meet, help or yield is REJECT, and the refusal happened; before 0.6.52
    # 'will not negotiate' was a negated CONSULT, out of the counts
    cases = [
        ("Hamas will not negotiate with Israel under fire.", "negotiate", "will"),
        ("Obama said he would not provide support to Israel.", "provide", "would"),
        ("Putin won't meet Zelensky, the Kremlin said.", "meet", "wo"),
        ("The union decided not to attend the talks.", "attend", "decided"),
        ("The Kremlin refused to sign the agreement.", "sign", "refused"),
    ]
    for text, w, by in cases:
        found = refused(word(context(text), w))
        assert found is not None and found.text == by, (text, found)
    for text, w in (
        ("Hamas did not negotiate with Israel.", "negotiate"),  # not done, nothing refused
        ("Germany would not send troops if the ceasefire failed.", "send"),  # a condition
        ("Hamas will negotiate with Israel.", "negotiate"),
    ):
        assert refused(word(context(text), w)) is None, text
    coded = [
        (e.plover_type, e.modality, [a.country for a in e.sources], [a.country for a in e.targets])
        for e in newsevents.code_text("Putin won't meet Zelensky, the Kremlin said.")
    ]
    assert ("REJECT", "asserted", ["RUS"], ["UKR"]) in coded
    assert all(t != "CONSULT" for t, *_ in coded)


def test_a_sanction_lifted_is_not_imposed() -> None:
    # 'agreed to lift the sanctions on Iran' was a CONCEDE and a SANCTION imposed on Iran (0.6.52)
    said_of(measure_lifted, [
        ("Obama has agreed to lift the sanctions on Iran.", "sanctions", True),
        ("The EU announced the easing of the embargo on Cuba.", "embargo", True),
        ("Iran demanded sanctions relief from the United States.", "sanctions", True),
        ("The US imposed sanctions on Iran.", "sanctions", False),
        ("The EU extended its ban on Russian oil.", "ban", False),
    ])  # fmt: skip
    found = [
        e.plover_type
        for e in newsevents.code_text("Obama has agreed to lift the sanctions on Iran.")
    ]
    assert "CONCEDE" in found and "SANCTION" not in found
    found = [e.plover_type for e in newsevents.code_text("The US imposed sanctions on Iran.")]
    assert "SANCTION" in found


def test_a_retreat_promised_is_a_concession() -> None:
    # PLOVER / events_train (10 of 14): a promised release or withdrawal is CONCEDE, not a
    # RETREAT that happened (0.6.52)
    assert detected("Trump said US troops will withdraw from Syria.", "withdraw") == ["CONCEDE"]
    found = [
        (e.plover_type, e.modality)
        for e in newsevents.code_text("Trump said US troops will withdraw from Syria.")
    ]
    assert ("CONCEDE", "intended") in found and all(t != "RETREAT" for t, _ in found)
    # done, it is a RETREAT
    assert detected("US troops withdrew from Syria on Monday.", "withdrew") == ["RETREAT"]


def test_a_promised_concession_has_cameos_code_of_intent() -> None:
    # CAMEO 035: express intent to yield; the action promised kept beside it (0.6.71)
    promised = [
        (e.plover_type, e.modality, e.cameo_code, e.extra.get("cameo_asserted_code"))
        for e in newsevents.code_text("Israel will release 198 Palestinian prisoners next week.")
    ]
    assert promised == [("CONCEDE", "intended", "035", "080")]
    done = newsevents.code_text("Hamas released four Israeli hostages on Saturday.")
    assert [(e.plover_type, e.cameo_code[:2]) for e in done] == [("RETREAT", "08")]


def test_a_hostile_act_promised_on_a_condition_is_a_threat() -> None:
    # PLOVER: threatening sanctions or force is THREATEN; 'will impose sanctions ... unless' was
    # a SANCTION promised (0.6.54)
    cases = [
        ("The United States will impose sanctions on Russia unless it withdraws.", "impose", True),
        ("Workers could strike if ministers scrap the pension scheme.", "strike", True),
        ("The United States imposed sanctions on Russia.", "imposed", False),
        ("The United States will impose sanctions on Russia.", "impose", False),
    ]
    for text, w, expected in cases:
        assert (threatened_if(word(context(text), w)) is not None) is expected, text
    text = "The United States will impose sanctions on Russia unless it withdraws its troops."
    assert detected(text, "impose") == ["THREATEN"]


def test_harm_promised_is_a_threat_not_an_agreement() -> None:
    # GUIDELINES: promised cooperation is AGREE, a threat of force THREATEN; the trigger model
    # read 'vowed to retaliate' as a promise like 'pledged to boost cooperation' (0.6.80)
    said_of(lambda t: vowed_harm(t) is not None, [
        ("Iran vowed to retaliate against Israel for the strike.", "vowed", True),
        ("Israel vowed to destroy Hamas.", "vowed", True),
        ("China pledged to crush any move toward Taiwan independence.", "pledged", True),
        ("The militia vowed revenge for the killing of its commander.", "vowed", True),
        ("Britain pledged to boost cooperation with France on migrant crossings.", "pledged",
         False),
        ("The rebels promised to release the hostages.", "promised", False),
        ("Iran threatened to retaliate against Israel.", "threatened", False),
        ("The prime minister pledged never to attack his rival over his faith.", "pledged",
         False),
    ])  # fmt: skip
    assert detected("Iran vowed to retaliate against Israel for the strike.", "vowed") == [
        "THREATEN"
    ]
    assert detected("Britain pledged to boost cooperation with France.", "pledged") == ["AGREE"]


def test_whom_a_charge_blames_did_the_deed() -> None:
    # 'charge X with killing Y', 'X was arrested for attacking Y': X did it (0.6.54); the
    # argument model took the charged or arrested as the deed's target, or no one
    cases = [
        ("Prosecutors plan to charge Israeli settler with killing Palestinian activist.",
         "killing", ["settler"]),
        ("Two Iranian men were arrested for attacking the British embassy.", "attacking",
         ["men"]),
        ("Russia accused Ukraine of shelling the plant.", "shelling", ["Ukraine"]),
        ("Police fired tear gas while dispersing the protesters.", "dispersing", []),
    ]  # fmt: skip
    for text, w, doers in cases:
        assert [t.text for t in blamed_for(word(context(text), w))] == doers, text
    found = [
        (e.plover_type, [a.country for a in e.sources], [a.country for a in e.targets])
        for e in newsevents.code_text(
            "Two Iranian men were arrested for attacking the British embassy in Tehran."
        )
    ]
    assert ("ASSAULT", ["IRN"], ["GBR"]) in found


def test_saying_is_no_retreat() -> None:
    # the trigger model read 'announced ... in a press release' as a RETREAT (0.6.54); the
    # resignation announced is told by its own word
    text = "The ministry announced in a press release that it had opened an investigation."
    assert detected(text, "announced") == []
    # a resignation announced is one: the trigger model reads it at the verb
    text = "The prime minister announced his resignation on Monday."
    assert detected(text, "announced") == ["RETREAT"]
    assert retreat_told(word(context(text), "announced"))
    assert not retreat_told(word(context("They announced a release of figures."), "announced"))


def test_what_is_received_is_no_event_of_its_own() -> None:
    # 'received military aid from the United States': the trigger model also read 'aid' as an
    # AID of Ukraine to the United States, the wrong way round, and 'weapons' as a threat (0.6.55)
    for text, w, expected in (
        ("Ukraine received military aid from the United States.", "aid", True),
        ("The rebels received weapons from Iran.", "weapons", True),
        ("The journalist received death threats from the cartel.", "threats", False),
        ("The United States sent military aid to Ukraine.", "aid", False),
    ):
        assert thing_received(word(context(text), w)) is expected, text
    found = [
        (e.plover_type, [a.country for a in e.sources], [a.country for a in e.targets])
        for e in newsevents.code_text("The rebels received weapons from Iran, officials said.")
    ]
    assert all(s != ["IRN"] or t != ["IRN"] for _, s, t in found)
    assert all(typ != "THREATEN" for typ, *_ in found)
    # a noun of an act received, whoever gives it, is that act, from the giver to the receiver
    found = [
        (e.plover_type, [a.country for a in e.sources], [a.country for a in e.targets])
        for e in newsevents.code_text("Ukraine received strong support from the European Union.")
    ]
    assert ("SUPPORT", ["IGO"], ["UKR"]) in found


def test_the_act_voted_is_the_event_not_the_vote() -> None:
    # events_train types 'voted to formally ask', 'voted to remove' by the act voted
    text = "Chile's Senate voted to formally ask Argentina to hand over the suspect."
    ctx = context(text)
    assert vote_for_act(word(ctx, "voted"))
    assert not vote_for_act(word(context("The vote came on Tuesday."), "vote"))
    assert not vote_for_act(word(context("Lawmakers voted on the budget."), "voted"))
    # the vote is a second mention of the act's event, of its type
    events = newsevents.code_text(text, published="2026-02-17")
    assert [(e.plover_type, e.sources[0].country, e.targets[0].country) for e in events] == [
        ("REQUEST", "CHL", "ARG")
    ]
    assert {m["trigger"] for m in events[0].extra["mention_evidence"]} == {"voted", "ask"}
    # a vote for an act that is no event is none: the AU's suspension of Niger was an AGREE
    # of the vote alone
    events = newsevents.code_text("The African Union voted to suspend Niger after the coup.")
    assert all(e.evidence.trigger != "voted" for e in events), events
    ctx = context("The Senate voted to confirm Kelly's appointment on Tuesday.")
    dets = load_detector().detect(ctx)
    assert all(d.trigger.text != "voted" for d in dets)


def test_a_relative_pronoun_stands_for_the_noun_its_clause_describes() -> None:
    # 'Modi, who criticised Pakistan': the argument model took the main clause's subject as
    # the critic (0.6.59), and the record fell as one of Pakistan against Pakistan
    text = "The president met Modi, who criticised Pakistan on Sunday."
    found = [
        (e.plover_type, [a.text for a in e.sources], [a.country for a in e.targets])
        for e in newsevents.code_text(text, published="2026-02-17")
    ]
    assert ("ACCUSE", ["Modi"], ["PAK"]) in found
    # a relative pronoun that is a passive's subject is the one done to
    ctx = context("Pakistan condemned the envoy, who was expelled by India on Sunday.")
    dets = [d for d in load_detector().detect(ctx) if d.trigger.text == "expelled"]
    assert dets and all(
        [m.actor.text for m, _ in d.targets] == ["the envoy"]
        and "the envoy" not in [m.actor.text for m, _ in d.sources]
        for d in dets
    )


def test_harm_an_accident_did_is_no_assault() -> None:
    # GUIDELINES: accidents and natural disasters with no actor acting on another are no events
    said_of(harm_by_accident, [
        ("Russia said 40 people were killed by the Aeroflot crash in Moscow.", "killed", True),
        ("Five soldiers were killed in a fire at their base.", "killed", True),
        ("The earthquake killed 200 people in Turkey.", "killed", True),
        # fire with a shooter: an attack
        ("Two Palestinians were killed in Israeli fire on Tuesday.", "killed", False),
        ("Two Palestinians were killed by tank fire in Gaza.", "killed", False),
        ("Gunmen killed five villagers in Zamfara.", "killed", False),
    ])  # fmt: skip
    # before: the pattern coder's candidate made the airline the attacker of the 40 people
    coder = process_coder()
    for text, kept in [
        ("Russia said 40 people were killed by the Aeroflot crash in Moscow.", []),
        ("Russia said 40 people were killed by the Ukrainian drone in Moscow.", ["ASSAULT"]),
    ]:
        ctx = prepare(coder.nlp, coder.resolver, text, None, coder.rule_events)
        assert [d.plover_type for d in ctx.rule_candidates] == ["ASSAULT"], text
        assert [r.plover_type for r in build_records(list(ctx.rule_candidates), ctx)] == kept


def test_a_text_that_names_no_country_is_where_its_places_are() -> None:
    text = (
        "Over 500 guerrilla fighters attacked two towns in Chalatenango department hours before "
        "the presidential elections started."
    )
    assert article_countries(context(text)) == {"SLV": 1}
    (event,) = [e for e in newsevents.code_text(text) if e.plover_type == "ASSAULT"]
    assert [a.country for a in event.sources] == ["SLV"]
    # a country named in the text is what it is about, whatever its places
    named_one = "Rebels from Honduras attacked two towns in Chalatenango department."
    assert article_countries(context(named_one)).most_common(1)[0][0] == "HND"


def test_the_places_of_a_text_that_names_no_country_lie_in_one_country_together() -> None:
    # the dictionary codes Cordoba as Spain's city; with Antioquia beside it, both lie in
    # Colombia (Cordoba is also one of its departments), and so do the text's actors
    text = (
        "Fighting between army troops and rebels broke out near Cordoba on Monday. The army "
        "said the rebels had also attacked a police post in Antioquia."
    )
    assert article_countries(context(text)).most_common(1)[0][0] == "COL"
    fights = [e for e in newsevents.code_text(text) if e.plover_type == "ASSAULT"]
    assert fights
    assert {a.country for e in fights for a in e.sources} == {"COL"}
    # one place name alone is where it was read to lie
    assert article_countries(context("Rebels attacked an army post near Usulutan.")) == {"SLV": 1}
    # a word inside a longer place name is no place of its own ('Island': not Iceland)
    island = "Police arrested a man on Elcho Island on Saturday after a stabbing."
    assert "ISL" not in article_countries(context(island))


def test_a_mention_of_other_actors_of_one_country_keeps_the_records_own_parties() -> None:
    # merged at the country level (Venezuela on both sides), but the protesters' target is not
    # whom Maduro accused: the record keeps its own target
    ctx = context(
        "Maduro accused the opposition of plotting a coup. Protesters denounced the electoral "
        "council in Caracas."
    )
    maduro, opposition = named(ctx, "Maduro"), named(ctx, "the opposition")
    protesters, council = named(ctx, "Protesters"), named(ctx, "the electoral council in Caracas")
    dets = [
        Detection(word(ctx, "accused"), "ACCUSE", 0.9, "asserted", 0.9, [(maduro, 0.9)],
                  [(opposition, 0.9)]),
        Detection(word(ctx, "denounced"), "ACCUSE", 0.8, "asserted", 0.9, [(protesters, 0.9)],
                  [(council, 0.9)]),
    ]  # fmt: skip
    (rec,) = build_records(dets, ctx)  # one record: both sides Venezuela's
    assert [p.country for p in rec.targets] == ["VEN"]
    assert [p.mention.actor.text for p in rec.targets] == ["the opposition"]
    assert len(rec.detections) == 2


def test_a_person_the_text_calls_the_late_is_no_party() -> None:
    ctx = context(
        "Protesters pulled down statues of the late President Hugo Chávez. Maduro met "
        "President Lula in Brasilia."
    )
    chavez = next(m for m in ctx.mentions if "Chávez" in m.actor.text)
    assert the_late(chavez, ctx)
    assert not the_late(next(m for m in ctx.mentions if "Lula" in m.actor.text), ctx)
    protesters = named(ctx, "Protesters")
    det = Detection(word(ctx, "pulled"), "PROTEST", 0.9, "asserted", 0.9, [(protesters, 0.9)],
                    [(chavez, 0.9)])  # fmt: skip
    (rec,) = build_records([det], ctx)  # the protest stays, with no one as its target
    assert rec.plover_type == "PROTEST" and rec.targets == []


def test_an_answer_by_an_act_is_that_act() -> None:
    said_of(response_by, [
        ("India responded by expelling six Canadian diplomats.", "responded", True),
        ("China retaliated by imposing tariffs on US goods.", "retaliated", True),
        ("Israel responded with air strikes on Gaza.", "responded", False),
        ("Iran will respond to any attack.", "respond", False),
    ])  # fmt: skip
    # before: 'responded' was an ASSAULT of India on the diplomats beside the expulsion
    text = "India responded by expelling six Canadian diplomats on Monday."
    assert detected(text, "responded") == []
    assert detected(text, "expelling") == ["SANCTION"]


def test_a_person_whose_killing_it_is_is_its_victim() -> None:
    ctx = context("Canada and India expel diplomats over the Sikh activist's killing.")
    killing = word(ctx, "killing")
    owner = victims_owning(killing, ctx)
    assert {ctx.doc[i].text for i in owner} >= {"activist"}
    # an author's harm, or one whose victim follows 'of', is not its owner's
    assert victims_owning(word(context("The army's killing of six priests."), "killing"),
                          context("The army's killing of six priests.")) == set()  # fmt: skip
    army = context("The army's killings continued in the north.")
    assert victims_owning(word(army, "killings"), army) == set()
    # the bundled sample article's headline: before, the activist killed the Sikhs
    sample = next(
        json.loads(line)
        for line in (resources.files("newsevents") / "data" / "sample_corpus.jsonl")
        .read_text("utf-8")
        .splitlines()
        if json.loads(line)["id"] == "sample-029"
    )
    ctx = context(f"{sample['title']}.\n\n{sample['text']}")
    killings = [d for d in load_detector().detect(ctx) if d.trigger.text == "killing"]
    assert killings  # the body's 'killing of Sikh separatist leader Hardeep Singh Nijjar'
    assert all("activist" not in m.actor.text for d in killings for m, _ in d.sources)


def test_a_weapon_that_hits_something_is_an_attack() -> None:
    # the trigger model reads 'hit' as no event (0.99 for 'Ukraine hits Russian oil refinery
    # with drones': 'hit by tariffs', 'hit a record'); a weapon striking something is an attack,
    # its owner the source and what it hit the target (0.6.83)
    said_of(lambda t: weapon_hit(t) is not None, [
        ("Ukrainian drones hit a Russian oil refinery on Sunday.", "hit", True),
        ("Ukraine hits a Russian oil refinery with drones.", "hits", True),
        ("A Russian oil refinery was struck by Ukrainian drones on Sunday.", "struck", True),
        ("Russian missiles pounded Kharkiv overnight.", "pounded", True),
        ("New tariffs hit Chinese exporters hard.", "hit", False),
        ("Rail strikes hit commuters in London on Monday.", "hit", False),
        ("The storm hit the coast with heavy rain.", "hit", False),
        ("Oil prices hit a record on Monday.", "hit", False),
    ])  # fmt: skip
    text = "A Russian oil refinery was struck by Ukrainian drones on Sunday."
    (det,) = [d for d in load_detector().detect(context(text)) if d.trigger.text == "struck"]
    assert det.plover_type == "ASSAULT"
    assert [m.actor.country for m, _ in det.sources] == ["UKR"]
    assert [m.actor.country for m, _ in det.targets] == ["RUS"]
    assert detected("Ukraine hits a Russian oil refinery with drones.", "hits") == ["ASSAULT"]


def test_an_actor_that_kills_people_attacks_them() -> None:
    # the trigger model reads 'kills' as no event where a country kills (0.92 for 'The United
    # States kills 11 people in three new strikes'); an actor killing or wounding people is an
    # attack, an accident or a disease no actor (0.6.84)
    said_of(deadly_act, [
        ("The United States kills 11 people in three new strikes on drug boats.", "kills", True),
        ("Gunmen shot two police officers in Kano on Monday.", "shot", True),
        ("Russian forces wounded six civilians in Kherson.", "wounded", True),
        ("A fire killed ten people in Lagos on Monday.", "killed", False),
        ("The virus has killed 300 people this year.", "killed", False),
        ("Ten people were killed in Kano on Monday.", "killed", False),
        ("The soldier shot himself in the barracks.", "shot", False),
        ("Mosseri allegedly killed the project last year.", "killed", False),
        ("A drone attack on a market killed 30 people on Sunday.", "killed", False),
        ("They killed two soldiers near the border.", "killed", False),
    ])  # fmt: skip
    text = "The United States kills 11 people in three new strikes on drug boats."
    assert "ASSAULT" in detected(text, "kills")
