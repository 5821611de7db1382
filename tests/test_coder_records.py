"""Article-level records built from event mentions on a real parse (spaCy model, actor
dictionaries): repeats of one symmetric event are one record, and the country a text is about
leans on its headline."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

import newsevents
from newsevents.actors.resolve import LEAD_COUNTRY, ActorMention
from newsevents.events.detect import Detection
from newsevents.events.features import DocContext
from newsevents.events.prepare import prepare
from newsevents.events.records import (
    IMPLIED_KIND,
    Record,
    article_countries,
    build_records,
    is_bare_region,
    is_pair_reference,
    namesake_by_date,
    party_of,
    place_namesakes,
    same_noun_country,
    seat_of_organisation,
)
from newsevents.events.verify import record_features, without_repeats
from newsevents.pipeline import process_coder


def context(text: str, published: date | None = None) -> DocContext:
    coder = process_coder()
    return prepare(coder.nlp, coder.resolver, text, published)


def mention(ctx: DocContext, text: str, nth: int = 0) -> ActorMention:
    found = [m for m in ctx.mentions if m.actor.text == text]
    assert len(found) > nth, [m.actor.text for m in ctx.mentions]
    return found[nth]


def word(ctx: DocContext, text: str) -> Token:
    return next(t for t in ctx.doc if t.text == text)


def test_a_party_repeating_a_symmetric_event_is_one_record() -> None:
    ctx = context(
        "US and Iran reach deal on guiding principles.\n\n"
        "Iran signed the principles on Tuesday, its foreign minister said."
    )
    both = Detection(
        word(ctx, "deal"),
        "AGREE",
        0.9,
        "asserted",
        0.9,
        sources=[(mention(ctx, "US"), 0.9), (mention(ctx, "Iran"), 0.9)],
    )
    one = Detection(
        word(ctx, "signed"), "AGREE", 0.6, "asserted", 0.9, [(mention(ctx, "Iran", 1), 0.8)]
    )
    records = build_records([both, one], ctx)
    assert len(records) == 2  # different words in different sentences: two candidates
    records[0].verified, records[1].verified = 0.9, 0.5
    (kept,) = without_repeats(records)
    assert {p.country for p in kept.sources} == {"USA", "IRN"}
    assert {d.trigger.text for d in kept.detections} == {"deal", "signed"}  # both as evidence
    # a directed event is not a repeat of another with the same parties
    for r in records:
        r.plover_type = "ACCUSE"
    assert len(without_repeats(records)) == 2


def test_the_headline_decides_the_country_a_text_is_about() -> None:
    ctx = context(
        "Man charged in Germany over killing.\n\n"
        "The suspect fled to Turkey and later returned, German police said, citing officials "
        "in Turkey."
    )
    counts = article_countries(ctx)
    # counted once, Germany (2 for the country, 1 for its police) would trail Turkey (2 + 2);
    # the headline's mention counts twice and Germany leads
    assert counts["TUR"] > counts["DEU"] - 2, counts
    assert counts.most_common(1)[0][0] == "DEU" and counts["DEU"] > counts["TUR"], counts


def test_a_headline_opening_with_its_country_decides_the_country_of_the_story() -> None:
    ctx = context(
        "Nigeria: Police detain journalist over story about Niger official.\n\n"
        "Police have detained a journalist over a story about a Niger Government official."
    )
    assert ctx.doc.user_data[LEAD_COUNTRY] == "NGA"
    assert all(m.actor.text != "Nigeria" for m in ctx.mentions)  # a dateline, not an actor
    counts = article_countries(ctx)
    assert counts.most_common(1)[0][0] == "NGA", counts  # 'Niger' is named more often
    # a country named before a colon inside a sentence is no dateline
    assert context("Police said: Nigeria detained him.").doc.user_data[LEAD_COUNTRY] is None


def test_an_organisations_seat_says_nothing_of_what_the_text_is_about() -> None:
    text = (
        "The Syrian Observatory for Human Rights, a UK-based group that tracks the war, said "
        "eight people were killed in an air strike by government forces."
    )
    ctx = context(text)
    assert seat_of_organisation(mention(ctx, "UK"), ctx)
    assert not seat_of_organisation(mention(ctx, "The Syrian Observatory for Human Rights"), ctx)
    # before: 'UK' (a country, counted twice) outweighed the Syrian monitor, and the
    # government forces and their victims were British
    assert article_countries(ctx).most_common(1)[0][0] == "SYR"
    assert [
        (e.plover_type, [a.country for a in e.sources], [a.country for a in e.targets])
        for e in newsevents.code_text(text, published="2015-06-09")
    ] == [("ASSAULT", ["SYR"], ["SYR"])]
    # a country that acts is counted ('the UK based its claim on ...' is no seat)
    ctx = context("The UK based its claim on a report by Syrian officials.")
    assert not seat_of_organisation(mention(ctx, "The UK"), ctx)


def test_a_directed_reading_of_a_symmetric_records_words_is_that_record() -> None:
    ctx = context(
        "Dominican Republic, Mexico sign security agreement.\n\n"
        "The governments of Mexico and the Dominican Republic signed a security agreement."
    )
    mexico, dominican = (
        mention(ctx, "The governments of Mexico"),
        mention(ctx, "the Dominican Republic"),
    )
    signed = Detection(
        word(ctx, "signed"), "AGREE", 0.85, "asserted", 0.9, [(mexico, 0.9), (dominican, 0.9)]
    )
    agreement = [t for t in ctx.doc if t.text == "agreement"][-1]
    # the pattern coder reads the agreement as a SUPPORT each way
    support = [
        Detection(agreement, "SUPPORT", 0.8, "asserted", 0.5, [(a, 0.8)], [(b, 0.8)], "patterns")
        for a, b in ((mexico, dominican), (dominican, mexico))
    ]
    (record,) = build_records([signed, *support], ctx)
    assert record.plover_type == "AGREE" and len(record.detections) == 3
    assert {p.country for p in record.sources} == {"MEX", "DOM"} and not record.targets
    # a directed act in words of its own stays a record of its own
    ctx = context("Mexico and the Dominican Republic signed a deal, and Mexico praised the deal.")
    mexico, dominican = mention(ctx, "Mexico"), mention(ctx, "the Dominican Republic")
    signed = Detection(
        word(ctx, "signed"), "AGREE", 0.85, "asserted", 0.9, [(mexico, 0.9), (dominican, 0.9)]
    )
    praised = Detection(
        word(ctx, "praised"), "SUPPORT", 0.8, "asserted", 0.9,
        [(mention(ctx, "Mexico", 1), 0.8)], [(dominican, 0.8)],
    )  # fmt: skip
    assert [r.plover_type for r in build_records([signed, praised], ctx)] == ["AGREE", "SUPPORT"]


def test_unnamed_actors_in_the_same_words_are_one_actor() -> None:
    ctx = context(
        "Australia won't repatriate 34 women and children from Syria.\n\n"
        "The Australian government will not repatriate 34 women and children, officials said."
    )
    women = [m for m in ctx.mentions if m.actor.text == "34 women"]
    repatriate = [t for t in ctx.doc if t.text == "repatriate"]
    title = Detection(
        repatriate[0], "REJECT", 0.8, "asserted", 0.9,
        [(mention(ctx, "Australia"), 0.9)], [(women[0], 0.8)],
    )  # fmt: skip
    body = Detection(
        repatriate[1], "REJECT", 0.6, "asserted", 0.9,
        [(mention(ctx, "The Australian government"), 0.9)], [(women[1], 0.8)],
    )  # fmt: skip
    (record,) = build_records([title, body], ctx)
    # 'from Syria' gives the headline's women SYR, the summary's take the story's country:
    # still the same 34 women, so one event
    assert {p.country for p in record.targets} == {"SYR"}
    assert len(record.detections) == 2


def test_the_two_leaders_are_the_parties_named_before() -> None:
    from newsevents import code_text

    text = (
        "Kenyan President William Ruto met Ugandan President Yoweri Museveni in Kampala on "
        "Monday, officials said. The two leaders agreed to build a new railway line."
    )
    ctx = context(text)
    pair = mention(ctx, "The two leaders")
    assert is_pair_reference(pair, ctx)
    assert not is_pair_reference(mention(ctx, "Kenyan President William Ruto"), ctx)
    agree = [e for e in code_text(text, published="2026-02-17") if e.plover_type == "AGREE"]
    assert agree, "no AGREE record"
    assert {a.country for a in agree[0].sources} == {"KEN", "UGA"}
    assert "'The two leaders': the parties named before" in agree[0].why, agree[0].why
    # 'two soldiers' are two people of their own, not the parties of the meeting
    soldiers = context("Two soldiers were killed near the border on Monday.")
    assert not any(is_pair_reference(m, soldiers) for m in soldiers.mentions)


def test_a_regions_adjective_alone_is_no_party() -> None:
    ctx = context(
        "Closer security ties between Russia and African countries, including Mali, have "
        "worried Western governments, notably the U.S."
    )
    african = mention(ctx, "African")
    assert is_bare_region(african)
    assert not is_bare_region(mention(ctx, "Russia"))
    worried = word(ctx, "worried")
    det = Detection(
        worried, "ACCUSE", 0.5, "asserted", 0.9, [(african, 0.8)], [(mention(ctx, "the U.S."), 0.8)]
    )
    # 'African' is a word of 'African countries', not an actor: the mention makes no record
    assert build_records([det], ctx) == []
    # a region's group named in full keeps its words and may act ('Arab states condemned ...')
    arab = context("Arab states condemned the strike on Monday.")
    assert not any(is_bare_region(m) for m in arab.mentions)


def test_conjoined_country_words_qualifying_an_actor_are_one_party_each() -> None:
    """'US and British activists' are activists of two countries: two parties, one of each
    (GUIDELINES names every member of a collective actor it names); one country word alone
    gives the actor that country once."""
    ctx = context("US and British activists staged a protest in Beijing on Wednesday.")
    activists = mention(ctx, "activists")
    det = Detection(word(ctx, "protest"), "PROTEST", 0.8, "asserted", 0.9, [(activists, 0.9)])
    (rec,) = build_records([det], ctx)
    assert sorted(p.country or "" for p in rec.sources) == ["GBR", "USA"]
    assert all(p.mention is activists for p in rec.sources)
    assert all("in its phrase" in p.why for p in rec.sources)
    ctx = context("British activists staged a protest in Beijing on Wednesday.")
    det = Detection(word(ctx, "protest"), "PROTEST", 0.8, "asserted", 0.9, [(ctx.mentions[0], 0.9)])
    (rec,) = build_records([det], ctx)
    assert [p.country for p in rec.sources] == ["GBR"]


def test_a_noun_conjoined_with_a_qualified_one_shares_its_countries() -> None:
    """'US and British warplanes and warships': the warships are of both countries too, so the
    record keeps two parties, not a third of the text's country."""
    ctx = context("US and British warplanes and warships struck Houthi targets in Yemen.")
    planes, ships = mention(ctx, "warplanes"), mention(ctx, "warships")
    det = Detection(
        word(ctx, "struck"), "ASSAULT", 0.8, "asserted", 0.9, [(planes, 0.9), (ships, 0.8)]
    )
    (rec,) = build_records([det], ctx)
    assert sorted(p.country or "" for p in rec.sources) == ["GBR", "USA"]


def test_talks_the_headline_and_the_body_name_differently_are_one_record() -> None:
    # GUIDELINES: the same event said twice is one record, whatever parties each mention names
    ctx = context(
        "Expectations are low for US-brokered talks between Russia and Ukraine.\n\n"
        "A Ukrainian delegation is heading to Geneva for U.S.-brokered talks with Russian "
        "officials."
    )
    title, body = [t for t in ctx.doc if t.text == "talks"]
    dets = [
        Detection(body, "CONSULT", 0.9, "asserted", 0.9,
                  [(mention(ctx, "U.S."), 0.9), (mention(ctx, "Russian officials"), 0.8)]),
        Detection(title, "CONSULT", 0.8, "asserted", 0.9,
                  [(mention(ctx, "Russia"), 0.9), (mention(ctx, "Ukraine"), 0.9)]),
    ]  # fmt: skip
    (rec,) = build_records(dets, ctx)
    assert {p.country for p in rec.sources} == {"USA", "RUS", "UKR"} and not rec.targets
    assert {d.trigger.i for d in rec.detections} == {title.i, body.i}
    # two talks of the body alone stay two records: only the headline repeats the body
    ctx = context(
        "Talks in Geneva.\n\n"
        "Russia held talks with Ukraine. Later, Russia held talks with the United States."
    )
    first, second = [t for t in ctx.doc if t.lower_ == "talks" and not ctx.in_title(t)]
    dets = [
        Detection(first, "CONSULT", 0.9, "asserted", 0.9,
                  [(mention(ctx, "Russia"), 0.9), (mention(ctx, "Ukraine"), 0.9)]),
        Detection(second, "CONSULT", 0.8, "asserted", 0.9,
                  [(mention(ctx, "Russia", 1), 0.9), (mention(ctx, "the United States"), 0.9)]),
    ]  # fmt: skip
    assert len(build_records(dets, ctx)) == 2


def test_an_actor_without_a_country_takes_the_one_its_namesake_nearby_says() -> None:
    # the headline drops the word the summary keeps: 'Prosecutors' are the Israeli prosecutors
    text = (
        "Prosecutors plan to charge settler with killing Palestinian activist.\n\n"
        "Israeli prosecutors said Monday that they plan to charge a settler in the killing of a "
        "Palestinian activist during a confrontation in the West Bank."
    )
    ctx = context(text)
    bare = mention(ctx, "Prosecutors")
    assert same_noun_country(bare, ctx) == ("ISR", "Israeli prosecutors")
    party = party_of(bare, ctx, "PSE")  # the text names the Palestinians most
    assert party.country == "ISR" and "Israeli prosecutors" in party.why
    assert party.origin == "place"
    # end to end: the charge is brought by Israel, not by the Palestinians the text names most
    events = newsevents.code_text(text, published="2026-02-10")
    accusers = {s.country for e in events if e.plover_type == "ACCUSE" for s in e.sources}
    assert accusers == {"ISR"}, [(e.plover_type, e.sources) for e in events]
    # namesakes that disagree lend nothing; the text's country stays the fallback
    ctx = context(
        "Officials met in Geneva.\n\nRussian officials and Ukrainian officials held talks."
    )
    bare = mention(ctx, "Officials")
    assert same_noun_country(bare, ctx) is None
    assert party_of(bare, ctx, "UKR").country == "UKR"
    # nor one of another kind: a headline misread as 'police storm embassy' is no embassy
    ctx = context(
        "Mexico cuts ties with Ecuador after police storm embassy.\n\n"
        "Ecuadorian police forced their way into the Mexican embassy in Quito on Friday."
    )
    assert same_noun_country(mention(ctx, "police storm embassy"), ctx) is None
    # nor does a namesake far away in a long text: other people
    far = " ".join(["The talks went on for hours."] * 4)
    ctx = context(f"Police arrested two men.\n\n{far} Kenyan police said it was calm.")
    assert same_noun_country(mention(ctx, "Police"), ctx) is None


def records_of(
    text: str, trigger: str, source: str, target: str = "", ptype: str = "REJECT"
) -> list[Record]:
    """The records of one detection at ``trigger`` with those parties, on a real parse."""
    ctx = context(text)
    parties = [[(mention(ctx, t), 0.9)] if t else [] for t in (source, target)]
    det = Detection(word(ctx, trigger), ptype, 0.9, "asserted", 0.9, parties[0], parties[1])
    return build_records([det], ctx)


def refusal(text: str, source: str, target: str = "", ptype: str = "REJECT") -> Record:
    """The one record of a detection of 'refused' with those parties."""
    (rec,) = records_of(text, "refused", source, target, ptype)
    return rec


def test_a_domestic_actor_acting_on_no_one_named_acts_on_its_own_country() -> None:
    # 'refused to drop the sales tax': who asked is left unnamed; a minister's refusal is
    # addressed at home (GUIDELINES: an implied actor keeps its country, its text is null)
    text = "The Japanese prime minister refused on Tuesday to drop the sales tax."
    minister = "The Japanese prime minister"
    (target,) = refusal(text, minister).targets
    assert target.country == "JPN" and target.mention.actor.kind == IMPLIED_KIND
    assert target.mention.actor.text == "" and "its source's country" in target.why
    # a walkout or a meeting need no one acted on; a country's refusal may be aimed abroad
    assert refusal(text, minister, ptype="PROTEST").targets == []
    assert refusal(text, minister, ptype="CONSULT").targets == []
    assert refusal("Iran refused on Tuesday to drop its demands.", "Iran").targets == []
    # a named target stays the only one
    named = "The Japanese prime minister refused the opposition's demands on Tuesday."
    rec = refusal(named, minister, "the opposition")
    assert [p.mention.actor.text for p in rec.targets] == ["the opposition"], rec.targets


def test_a_domestic_actor_in_news_on_another_country_acts_on_that_country() -> None:
    # 'Trump calls for a change in leadership' in a text on Iran: Iran's leaders are the ones
    # asked of, not his own country's (0.6.82)
    text = (
        "Protests spread across Iran as Iranian security forces fired on crowds in Tehran. "
        "Trump refused on Tuesday to rule out a change in leadership."
    )
    (target,) = refusal(text, "Trump").targets
    assert target.country == "IRN" and target.mention.actor.kind == IMPLIED_KIND
    assert "the country the text is about" in target.why
    # the text about his own country: his own country's
    home = "Trump refused on Tuesday to sign the spending bill passed by the US Congress."
    (target,) = refusal(home, "Trump").targets
    assert target.country == "USA" and "its source's country" in target.why


def test_the_verifier_reads_a_record_as_if_its_implied_target_were_not_there() -> None:
    # the verifier learned from what texts name; an unnamed target adds nothing to judge by
    text = "The Japanese prime minister refused on Tuesday to drop the sales tax."
    rec = refusal(text, "The Japanese prime minister")
    assert rec.targets, rec
    ctx = context(text)
    with_target = record_features(rec, ctx, 1)
    bare = Record(rec.plover_type, rec.sources, [], rec.detections)
    assert with_target == record_features(bare, ctx, 1)
    assert "ntgt:0" in with_target


def test_a_person_acting_on_his_own_country_as_a_whole_is_a_misread() -> None:
    # 'Mr Howard said ... the UK': the country is what he speaks of, not a party he acts on
    text = "Tory leader Mr Howard warned of a threat to the UK from Brussels."
    assert records_of(text, "warned", "Tory leader Mr Howard", "the UK", "THREATEN") == []
    (rec,) = records_of(text, "warned", "Tory leader Mr Howard", "Brussels", "THREATEN")
    assert [p.country for p in rec.targets] == ["IGO"], rec.targets
    # another country is a party he may act on
    other = "Tory leader Mr Howard warned France on Tuesday."
    (rec,) = records_of(other, "warned", "Tory leader Mr Howard", "France", "THREATEN")
    assert [p.country for p in rec.targets] == ["FRA"]


def test_a_country_alone_attacking_no_one_named_is_no_event() -> None:
    # 'Second Pakistan bombing kills 22': Pakistan is where the bombs went off
    text = "The second Pakistan bombing this week was condemned on Monday."
    assert records_of(text, "bombing", "Pakistan", ptype="ASSAULT") == []
    # with a target it is an event
    aimed = "Pakistan bombing of Kabul was condemned on Monday."
    (rec,) = records_of(aimed, "bombing", "Pakistan", "Kabul", ptype="ASSAULT")
    assert [p.country for p in rec.targets] == ["AFG"]
    # an armed force named with its country is an author
    forces = "Pakistani troops began bombing on Monday."
    (rec,) = records_of(forces, "bombing", "Pakistani troops", ptype="ASSAULT")
    assert [p.country for p in rec.sources] == ["PAK"]


def test_people_of_many_countries_keep_their_words_and_no_country() -> None:
    # issue 12: 'European allies', 'Arab nations' kept with their words and no country; so are
    # 'European leaders' (who took the country the text names most: Russia accusing Russia)
    ctx = context("European leaders and world leaders accused Russia of poisoning Navalny.")
    for words in ("European leaders", "world leaders"):
        party = party_of(mention(ctx, words), ctx, "RUS")
        assert party.country is None and "no one country" in party.why, (words, party)
    # leaders of one country are its own; leaders of no place said are the story's
    own = context("Russian leaders met on Monday in Moscow.")
    assert party_of(mention(own, "Russian leaders"), own, "RUS").country == "RUS"
    home = context("Opposition leaders and senior officials met on Monday.")
    assert party_of(mention(home, "Opposition leaders"), home, "KEN").country == "KEN"
    assert party_of(mention(home, "senior officials"), home, "KEN").country == "KEN"
    (rec,) = records_of(
        "European leaders accused Russia of poisoning Navalny.",
        "accused",
        "European leaders",
        "Russia",
        "ACCUSE",
    )
    assert [p.country for p in rec.sources] == [None]
    assert [p.country for p in rec.targets] == ["RUS"]


def test_a_namesake_a_generation_from_his_roles_takes_the_country_the_text_is_about() -> None:
    # the dictionary's Jorge Rodriguez was an Argentine minister until 1999; in 2026 news on
    # Venezuela that names Argentina nowhere else he is Venezuela's, and no vote for Argentina
    text = (
        "Relatives of political prisoners in Venezuela stage hunger strike.\n\n"
        "They say Jorge Rodríguez promised their release in January."
    )
    ctx = context(text, date(2026, 2, 17))
    jr = mention(ctx, "Jorge Rodríguez")
    assert jr.actor.country == "ARG" and namesake_by_date(jr, ctx)
    counts = article_countries(ctx)
    assert "ARG" not in counts
    party = party_of(jr, ctx, counts.most_common(1)[0][0])
    assert party.country == "VEN" and "the country the text is about" in party.why
    # a text that names Argentina otherwise keeps the dictionary's Argentine
    ctx = context(text + " Argentine officials said nothing.", date(2026, 2, 17))
    jr = mention(ctx, "Jorge Rodríguez")
    assert not namesake_by_date(jr, ctx) and party_of(jr, ctx, "VEN").country == "ARG"
    # within a generation of his roles he is the dictionary's person
    ctx = context(text, date(2005, 2, 17))
    jr = mention(ctx, "Jorge Rodríguez")
    assert not namesake_by_date(jr, ctx) and party_of(jr, ctx, "VEN").country == "ARG"


def test_congress_in_news_on_another_country_is_that_countrys() -> None:
    # the dictionaries' 'Congress' is the US Congress; every country has one
    text = (
        "Honduran prosecutors seek trial of former minister.\n\n"
        "Prosecutors in Honduras asked Congress to lift the former minister's immunity."
    )
    ctx = context(text, date(2026, 2, 17))
    congress = mention(ctx, "Congress")
    assert congress.actor.country == "USA" and namesake_by_date(congress, ctx)
    counts = article_countries(ctx)
    assert "USA" not in counts
    party = party_of(congress, ctx, counts.most_common(1)[0][0])
    assert party.country == "HND" and party.why.startswith("USA named nowhere else")
    events = newsevents.code_text(text, published="2026-02-17")
    requests = [e for e in events if e.plover_type == "REQUEST"]
    assert [[t.country for t in e.targets] for e in requests] == [["HND"]]
    assert "named nowhere else" in requests[0].targets[0].why
    assert requests[0].targets[0].why.count("dictionary organisation") == 1  # said once
    # a text that names the United States otherwise keeps the US Congress
    ctx = context(text + " The White House said nothing.", date(2026, 2, 17))
    assert not namesake_by_date(mention(ctx, "Congress"), ctx)
    # a phrase that names the country says whose it is ('Peru's Congress')
    ctx = context("Peru's Congress votes on the budget.", date(2026, 2, 17))
    assert mention(ctx, "Peru's Congress").actor.country == "PER"


def test_a_city_the_text_places_in_another_country_is_that_countrys() -> None:
    # the actor dictionary places Cordoba and Cartagena in Spain; the gazetteer knows
    # Colombia's department of Cordoba and its city of Cartagena
    assert {"ARG", "ESP", "COL"} <= place_namesakes("Cordoba")
    assert {"ESP", "COL"} <= place_namesakes("Cartagena")
    text = "Guerrillas attacked a police post in Cordoba, Colombian army officials said."
    ctx = context(text)
    assert mention(ctx, "a police post in Cordoba").actor.country == "COL"
    ctx = context("Protesters marched in Cartagena against the Colombian government.")
    cartagena = mention(ctx, "Cartagena")
    assert cartagena.actor.country == "COL" and "in Colombia" in cartagena.actor.why
    # a text that names Spain, or no other country, keeps the dictionary's city
    ctx = context("Police in Cordoba arrested three men, Spanish media said.")
    assert mention(ctx, "Police in Cordoba").actor.country == "ESP"
    ctx = context("Police in Cordoba arrested three men.")
    assert mention(ctx, "Police in Cordoba").actor.country == "ESP"


def test_a_place_the_dictionaries_also_list_as_an_organisation_acts_on_no_one() -> None:
    # Phoenix lists 'Gaza' as an organisation beside the Gaza Strip, a place of Palestine; as a
    # source it was wrong in every out-of-fold record (8 of 8 accusations) (0.6.54)
    from newsevents.actors.build import is_named_place
    from newsevents.actors.dictionary import place_organisations

    assert "PSE:gaza" in place_organisations()
    ctx = context("Gaza accused Israel of blocking aid.")
    gaza, israel = mention(ctx, "Gaza"), mention(ctx, "Israel")
    assert is_named_place(gaza.actor) and not is_named_place(israel.actor)
    trig = next(t for t in ctx.doc if t.text == "accused")
    det = Detection(trig, "ACCUSE", 0.9, "asserted", 0.9, [(gaza, 0.9)], [(israel, 0.9)])
    assert build_records([det], ctx) == []
    # as what is acted on it stays Palestine's ('strikes on Gaza')
    found = [
        (e.plover_type, [a.country for a in e.targets])
        for e in newsevents.code_text("Israeli strikes on Gaza killed 12 people.")
    ]
    assert ("ASSAULT", ["PSE"]) in found


def test_a_show_of_force_is_not_held_against_for_naming_no_target() -> None:
    # GUIDELINES: a mobilisation may have no target (half of events_train's name none); the
    # verifier's weight for 'no target' was learned on all types, where it tells a misread
    text = "Iran's Revolutionary Guards began military drills in the Strait of Hormuz on Monday."
    (drill,) = records_of(text, "drills", "Iran's Revolutionary Guards", ptype="MOBILIZE")
    ctx = context(text)
    assert not drill.targets and "ntgt:0" not in record_features(drill, ctx, 1)
    # other types, and a MOBILIZE among no words of armed force, keep it
    (attack,) = records_of(text, "drills", "Iran's Revolutionary Guards", ptype="ASSAULT")
    assert "ntgt:0" in record_features(attack, ctx, 1)
    civil = "Meta began new drills of its apps in Menlo Park on Monday."
    (other,) = records_of(civil, "drills", "Meta", ptype="MOBILIZE")
    assert "ntgt:0" in record_features(other, context(civil), 1)
    # end to end: the drills pass the verifier (0.15 before)
    events = newsevents.code_text(
        "U.S. and Iran hold second round of talks as Iran launches military drills.\n\n"
        "Iran's Revolutionary Guards began military drills in the Strait of Hormuz on Monday, "
        "as negotiators met in Geneva."
    )
    assert [(e.sources[0].country, e.targets) for e in events if e.plover_type == "MOBILIZE"] == [
        ("IRN", [])
    ]
