"""The event-location step (events/locate.py), rule by rule with the real spaCy parse and coder,
and an unplaced event through the real store, CLI, web API/map and the GDELT export."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from newsevents.cli.main import cli

# Texts written for these tests (no news text is copied).
CLAUSE = "Russian forces attacked Ukrainian troops in Kherson on Tuesday, officials said."
PARAGRAPH = (
    "Fighting raged around Kharkiv for a third day. Russian troops attacked Ukrainian soldiers "
    "on Tuesday, the army said."
)
OTHER_PARAGRAPH = (
    "Fighting raged in Kharkiv for a third day. Officials in Kharkiv asked for help.\n\n"
    "Russian troops attacked Ukrainian soldiers on Tuesday, the army said."
)
#: The same place three sentences before the event: beyond the paragraph rule's two.
FAR_BACK = (
    "Fighting raged around Kharkiv for a third day. The city was calm. Many had left. "
    "Russian troops attacked Ukrainian soldiers on Tuesday, the army said."
)
#: The place in the sentence after the event's, in the same paragraph / in the next paragraph.
AFTER = "Russian troops attacked Ukrainian soldiers on Tuesday. The shelling hit central Kharkiv."
NEXT_PARAGRAPH = (
    "Russian troops attacked Ukrainian soldiers on Tuesday.\n\n"
    "The shelling hit central Kharkiv, officials said."
)
#: One meeting reported twice: the talks name no place, the visit of the same record does.
TWO_MENTIONS = (
    "The Kenyan president met the French president on Tuesday. They discussed trade.\n\n"
    "It was the Kenyan president's first visit to Paris."
)
REPORTER_LOCAL = "NAIROBI, June 5 (Reuters) - Police arrested ten protesters on Tuesday."
FOREIGN_DATELINE = (
    "DUBAI, Feb 17 (Reuters) - Hezbollah accused Israel of violating the ceasefire on Tuesday."
)
UNPLACED = "Iran condemned Israel on Tuesday."


def code(text: str) -> list[dict[str, Any]]:
    """The real coder's event records for a text."""
    from newsevents import code_text

    return [e.to_dict() for e in code_text(text, published="2026-02-17")]


def assaults(text: str) -> list[dict[str, Any]]:
    """The ASSAULT events the real coder finds in a text."""
    return [e for e in code(text) if e["plover_type"] == "ASSAULT"]


def rules(events: list[dict[str, Any]]) -> set[str]:
    return {e["extra"]["location_rule"] for e in events}


def test_a_place_earlier_in_the_paragraph_places_the_event() -> None:
    events = code(PARAGRAPH)
    assert events
    for ev in events:
        assert ev["extra"]["location_rule"] == "paragraph", ev["why"]
        assert ev["location"]["name"] == "Kharkiv" and ev["location"]["lat"] is not None
        assert "location: paragraph 'Kharkiv'" in ev["why"]
    # a place of another paragraph is no evidence for this one: only the article's focus
    other = assaults(OTHER_PARAGRAPH)
    assert other and rules(other) == {"article_focus"}
    # nor a place of another country than the named actors' (Britain condemning France)
    named = [
        e
        for e in code(PARAGRAPH.split(". ")[0] + ". Britain condemned France on Tuesday.")
        if e["plover_type"] == "ACCUSE"
    ]
    assert named and rules(named) == {"unplaced"}, [e["why"] for e in named]
    # nor one more than two sentences back (named once: not the article's focus either)
    far = assaults(FAR_BACK)
    assert far and rules(far) == {"unplaced"}, [e["why"] for e in far]


def test_a_place_in_the_next_sentence_of_the_paragraph_places_the_event() -> None:
    after = assaults(AFTER)
    assert after
    for ev in after:
        assert ev["extra"]["location_rule"] == "paragraph", ev["why"]
        assert ev["location"]["name"] == "Kharkiv" and ev["location"]["country"] == "UKR"
        assert "location: paragraph 'Kharkiv' (after the event's sentence)" in ev["why"]
    # the next paragraph is not this one's context (and Kharkiv, named once, is no focus)
    apart = assaults(NEXT_PARAGRAPH)
    assert apart and rules(apart) == {"unplaced"}, [e["why"] for e in apart]


def test_a_visit_to_a_place_places_the_whole_record() -> None:
    (meeting,) = [e for e in code(TWO_MENTIONS) if e["plover_type"] == "CONSULT"]
    assert meeting["mentions"] == 2 and meeting["evidence"]["trigger"] == "met"
    assert meeting["extra"]["location_rule"] == "clause", meeting["why"]
    assert meeting["location"]["name"] == "Paris" and meeting["location"]["country"] == "FRA"
    assert meeting["why"].endswith("location: clause 'to Paris' (in another mention: 'visit')")
    # only a movement crosses mentions: two reports of an attack may be two incidents
    lone = assaults(
        "Russian troops attacked Ukrainian soldiers on Tuesday, the army said.\n\nThe army said "
        "Russian troops attacked Ukrainian soldiers in Kherson with drones."
    )
    assert lone and all("another mention" not in e["why"] for e in lone), [e["why"] for e in lone]


def test_the_clause_reads_through_of_a_visits_object_and_places_only_the_recogniser_finds() -> None:
    # 'on the outskirts of Kyiv': through 'of'; spaCy labels no place there (the recogniser does)
    (outskirts,) = assaults(
        "On the outskirts of Kyiv in 1941, the death squads killed 33,000 prisoners."
    )
    assert outskirts["extra"]["location_rule"] == "clause", outskirts["why"]
    assert outskirts["location"]["name"] == "Kyiv" and outskirts["location"]["country"] == "UKR"
    assert outskirts["why"].endswith("location: clause 'On Kyiv'")
    # the object of a movement verb is where it went
    (visit,) = [
        e
        for e in code("Secretary of State Marco Rubio visited Hungary on Monday.")
        if e["plover_type"] == "CONSULT"
    ]
    assert visit["extra"]["location_rule"] == "clause", visit["why"]
    assert visit["location"]["country"] == "HUN" and visit["location"]["precision"] == "country"
    # 'on' a country names a target, not a place
    sanctions = [
        e
        for e in code("The United States imposed sanctions on Russia on Monday.")
        if e["plover_type"] == "SANCTION"
    ]
    assert sanctions and rules(sanctions) == {"unplaced"}, [e["why"] for e in sanctions]


def test_the_recogniser_adds_whole_names_only_as_event_places() -> None:
    from newsevents.events.where_when import ArticlePlaces
    from newsevents.nlp import load_nlp

    nlp = load_nlp()

    def found(text: str) -> list[str]:
        where = ArticlePlaces()
        where.update(nlp(text), first_chunk=True)
        return [p.text for p in where.recognised]

    assert found("On the outskirts of Kyiv in 1941, the squads killed the prisoners.") == ["Kyiv"]
    # part of a longer name ('Latin America', 'Eastern Europe') or of an organisation's name
    for text in (
        "The general in Latin America and the Caribbean praised the region's armies.",
        "Support for the alliance, above all in Eastern Europe, stopped them from seeing it.",
        "A whistleblower told The Washington Post that the firm helped the contractor.",
    ):
        assert found(text) == [], text


def test_a_place_after_a_place_noun_and_of_is_a_location() -> None:
    # 'in the central city of Cordoba' inside the source's words: still where it happened
    events = code("Rebellious troops in the central city of Cordoba attacked a police station.")
    assert events and {e["location"]["name"] for e in events} == {"Córdoba"}, [
        e["why"] for e in events
    ]
    assert rules(events) <= {"clause", "sentence"}


def test_a_capital_of_a_partys_country_beats_a_namesake_the_context_chose() -> None:
    text = (
        "Starmer to press Trump on steel tariffs\n\n"
        "LONDON, Feb 17 - British Prime Minister Keir Starmer met President Donald Trump in "
        "Washington on Monday to discuss steel tariffs, officials in London said. Starmer later "
        "travelled to Manchester and Leeds."
    )
    (consult,) = [e for e in code(text) if e["plover_type"] == "CONSULT"]
    loc = consult["location"]
    # the British places around it would make it the town in Tyne and Wear
    assert (loc["name"], loc["country"], loc["precision"]) == ("Washington", "USA", "city")
    assert abs(loc["lat"] - 38.9) < 0.1
    assert "the capital of USA, a party's country, not the namesake in GBR" in consult["why"]
    # a capital only for a party's country: a Kenyan event in a town named like no capital stays
    (arrest,) = code(REPORTER_LOCAL)
    assert "capital of" not in arrest["why"]


def test_the_dateline_places_reporter_local_events_only() -> None:
    local = code(REPORTER_LOCAL)
    assert local, "no event coded"
    for ev in local:
        assert ev["extra"]["location_rule"] == "dateline", ev["why"]
        assert ev["location"]["name"] == "Nairobi" and ev["location"]["country"] == "KEN"
    # a Lebanese party's accusation of Israel does not happen in the dateline's UAE
    foreign = code(FOREIGN_DATELINE)
    assert foreign
    for ev in foreign:
        assert ev["location"]["country"] != "ARE", ev["location"]
        assert ev["extra"]["location_rule"] == "unplaced", ev["why"]


def test_the_articles_focus_is_flagged_with_its_own_precision() -> None:
    events = assaults(OTHER_PARAGRAPH)
    assert events
    for ev in events:
        assert ev["extra"]["location_rule"] == "article_focus"
        loc = ev["location"]
        assert loc["name"] == "Kharkiv" and loc["precision"] == "city"
        assert "the article's most-named place, not a place named for this event" in ev["why"]
        assert "2 of its 2 place mentions" in ev["why"]
    # an article that names many places is about none of them: Kharkiv, named twice of five
    # or more times, places nothing
    many = assaults(
        "Fighting raged in Kharkiv for a third day. Officials in Kharkiv asked for help. "
        "Ministers met in Warsaw, Berlin and Paris to discuss aid.\n\nRussian troops attacked "
        "Ukrainian soldiers on Tuesday, the army said."
    )
    assert many and rules(many) == {"unplaced"}, [e["why"] for e in many]
    # nor does the article's Kharkiv place what Britain does to France
    foreign = code(OTHER_PARAGRAPH.split("\n\n")[0] + "\n\nBritain condemned France on Tuesday.")
    foreign = [e for e in foreign if e["plover_type"] == "ACCUSE"]
    assert foreign
    for ev in foreign:
        assert ev["extra"]["location_rule"] == "unplaced", ev["why"]
        assert ev["location"]["lat"] is None


def test_an_event_with_no_place_named_is_unplaced_without_a_point() -> None:
    """No centroid of an actor's country pretends to be the place ('Iran condemned Israel')."""
    events = code(UNPLACED)
    assert events
    for ev in events:
        assert ev["extra"]["location_rule"] == "unplaced", ev["why"]
        loc = ev["location"]
        assert loc["lat"] is None and loc["lon"] is None and loc["precision"] is None
        assert loc["country"] is None and loc["name"] is None
        assert ev["why"].endswith("location: unplaced (no place named for it)")


def test_locate_events_places_finished_records() -> None:
    """The step works on any coder's finished records: stripped of their locations, the coder's
    events get the same ones back from the parse and the article's places."""
    from newsevents.events.coder import Coder
    from newsevents.events.locate import locate_events
    from newsevents.events.where_when import ArticlePlaces
    from newsevents.models import Location

    coder = Coder()
    for text in (CLAUSE, PARAGRAPH, REPORTER_LOCAL, UNPLACED, TWO_MENTIONS):
        events = coder.code_text(text, published="2026-02-17")
        assert events, text
        bare = [
            replace(
                e,
                location=Location(),
                why="; ".join(r for r in e.why.split("; ") if not r.startswith("location:")),
                extra={k: v for k, v in e.extra.items() if k != "location_rule"},
            )
            for e in events
        ]
        doc = coder.nlp(text)
        where = ArticlePlaces()
        where.update(doc, first_chunk=True)
        again = locate_events(bare, doc, where, offset=0)
        assert [e.location for e in again] == [e.location for e in events], text
        assert [e.extra["location_rule"] for e in again] == [
            e.extra["location_rule"] for e in events
        ]
        assert [e.why for e in again] == [e.why for e in events]
        # placed again over their own locations, the whole old item goes (the focus' holds a
        # '; ' of its own: '... not a place named for this event; 2 of its 2 place mentions)')
        twice = locate_events(again, doc, where, offset=0)
        assert [e.why for e in twice] == [e.why for e in events]
    (focused,) = [e for e in coder.code_text(OTHER_PARAGRAPH) if e.plover_type == "ASSAULT"]
    doc = coder.nlp(OTHER_PARAGRAPH)
    where = ArticlePlaces()
    where.update(doc, first_chunk=True)
    (relocated,) = locate_events([focused], doc, where, offset=0)
    assert relocated.why == focused.why and relocated.why.count("place mentions") == 1
    # the clause rule is kept: 'attacked ... in Kherson' is placed by the trigger's own phrase
    (attack,) = [e for e in coder.code_text(CLAUSE) if e.plover_type == "ASSAULT"]
    assert attack.extra["location_rule"] == "clause" and attack.location.name == "Kherson"
    assert attack.why.endswith("location: clause 'in Kherson'")


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


@pytest.fixture()
def unplaced_store(tmp_path: Path) -> Path:
    """A real store holding one placed (Kherson) and one unplaced article, ingested and coded
    through the CLI."""
    db = tmp_path / "store.db"
    for name, text in (("placed.txt", CLAUSE), ("unplaced.txt", UNPLACED)):
        src = tmp_path / name
        src.write_text(text + "\n", encoding="utf-8")
        assert run(db, "ingest", str(src)).exit_code == 0
    result = run(db, "code", "--workers", "1", "--quiet")
    assert result.exit_code == 0, result.output
    return db


def test_an_unplaced_event_through_store_web_map_and_gdelt(
    unplaced_store: Path, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from newsevents.web.app import create_app, missing_assets

    stored = json.loads(run(unplaced_store, "events", "--json").stdout)
    unplaced = [e for e in stored if e["extra"]["location_rule"] == "unplaced"]
    placed = [e for e in stored if e["extra"]["location_rule"] != "unplaced"]
    assert unplaced and placed, [e["why"] for e in stored]
    assert all(e["location"]["lat"] is None for e in unplaced)

    # GDELT export: the unplaced event's ActionGeo fields are empty, the placed one's are not
    out = tmp_path / "events.tsv"
    result = run(
        unplaced_store, "export", "--format", "gdelt", "--unit", "mentions", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8")), delimiter="\t"))
    assert len(rows) == len(stored)
    geo = [r[51:59] for r in rows]  # ActionGeo_Type .. ActionGeo_FeatureID
    empty = [g for g in geo if g[0] == "0"]
    assert len(empty) == len(unplaced) and all(x in ("", "0") for g in empty for x in g), geo
    assert any(g[1].startswith("Kherson") and g[5] and g[6] for g in geo), geo

    if missing_assets():
        pytest.skip("web assets not installed (bash scripts/web_assets.sh)")
    with TestClient(create_app(unplaced_store), base_url="http://127.0.0.1") as client:
        markers = client.get("/api/map").json()
        # no marker for the unplaced event: not at Iran's, Israel's or any country's centre
        assert sum(m["n"] for m in markers) == len(placed)
        assert all(m["name"] == "Kherson" and m["placed"] for m in markers), markers
        assert client.get("/api/map/unplaced").json() == {"events": len(unplaced)}
        assert client.get("/api/map/unplaced?type=ASSAULT").json() == {"events": 0}
        page = client.get("/").text
        assert f"<b>{len(unplaced)}</b> event" in page and "not on the map" in page
        events_page = client.get("/events").text
        assert 'data-source="/api/map/unplaced"' in events_page


def test_a_statement_is_placed_by_the_focus_only_for_a_speaker_of_its_country() -> None:
    """An accusation, a rejection, a threat, an appeal or a word of support happens where its
    speaker said it: a story about Kharkiv does not place Washington's words about Ukraine."""
    story = OTHER_PARAGRAPH.split("\n\n")[0] + "\n\n"
    abroad = [
        e
        for e in code(story + "The United States accused Ukraine of corruption on Tuesday.")
        if e["plover_type"] == "ACCUSE"
    ]
    assert abroad and [a["country"] for a in abroad[0]["targets"]] == ["UKR"]
    for ev in abroad:
        assert ev["extra"]["location_rule"] == "unplaced", ev["why"]
        assert ev["location"]["lat"] is None
    appeal = [
        e
        for e in code(story + "The United States urged Ukraine to hold elections on Tuesday.")
        if e["plover_type"] == "REQUEST" and e["sources"][0]["country"] == "USA"
    ]
    assert appeal and rules(appeal) == {"unplaced"}, [e["why"] for e in appeal]
    # a speaker of the focus' country is placed there, and what is done (not said) still is
    home = [
        e
        for e in code(story + "Ukraine accused Russia of war crimes on Tuesday.")
        if e["plover_type"] == "ACCUSE"
    ]
    assert home and rules(home) == {"article_focus"}, [e["why"] for e in home]
    assert home[0]["location"]["name"] == "Kharkiv"
    done = assaults(story + "American troops attacked Ukrainian soldiers on Tuesday.")
    assert done and rules(done) == {"article_focus"}, [e["why"] for e in done]


#: A story about Kharkiv; Zelensky met officials in CITY, then accused Russia.
KHARKIV_STORY = (
    "Fighting raged in Kharkiv for a third day. Officials in Kharkiv asked for help. "
    "The army said Kharkiv was calm.\n\nZelensky met Polish officials in {city} on Monday.\n\n"
    "Zelensky accused Russia of war crimes on Tuesday."
)


def accusation_after_a_meeting_in(city: str) -> dict[str, Any]:
    """The one ACCUSE record the real coder finds in KHARKIV_STORY with ``city``."""
    (accusation,) = [
        e for e in code(KHARKIV_STORY.format(city=city)) if e["plover_type"] == "ACCUSE"
    ]
    return accusation


def test_a_sources_stated_place_in_the_focus_country_replaces_the_focus() -> None:
    """Zelensky met officials in Lviv: his accusation later in a story about Kharkiv is placed
    where the article places him, not at its most-named place; a place in another country than
    the focus' is no evidence either way, and the focus stays."""
    accusation = accusation_after_a_meeting_in("Lviv")
    assert accusation["extra"]["location_rule"] == "source_place", accusation["why"]
    assert accusation["location"]["name"] == "Lviv"
    assert accusation["why"].endswith(
        "location: source_place 'Lviv' (where Zelensky is placed in the article: 'met', sentence "
        "rule; not the article's focus)"
    )
    assert "place mentions)" not in accusation["why"]  # the focus' item is gone whole
    kept = accusation_after_a_meeting_in("Warsaw")
    assert kept["extra"]["location_rule"] == "article_focus", kept["why"]
    assert kept["location"]["name"] == "Kharkiv"


def test_the_store_places_by_the_sources_stated_place_too(tmp_path: Path) -> None:
    """The same rule on the store's path (articles coded in batches), through the CLI."""
    db = tmp_path / "store.db"
    src = tmp_path / "lviv.txt"
    src.write_text(KHARKIV_STORY.format(city="Lviv") + "\n", encoding="utf-8")
    assert run(db, "ingest", str(src)).exit_code == 0
    assert run(db, "code", "--workers", "1", "--quiet").exit_code == 0
    out = tmp_path / "events.jsonl"
    result = run(db, "export", "--unit", "mentions", "-o", str(out))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    (accusation,) = [r for r in records if r["event"] == ["ACCUSE"]]
    ours = accusation["newsevents"]
    assert ours["extra"]["location_rule"] == "source_place", ours["why"]
    assert accusation["event_loc"]["resolved_place"] == "Lviv"
