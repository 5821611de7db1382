"""Geoparsing: the gazetteer, datelines, qualifiers, context, offsets and event locations."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsevents.errors import ErrorCode
from newsevents.geo import (
    GeoError,
    Mention,
    find_dateline,
    geoparse,
    haversine_km,
    load_gazetteer,
    resolve_mentions,
)
from newsevents.geo.gazetteer import default_path
from newsevents.models import Place

ROOT = Path(__file__).resolve().parents[1]


def spans(text: str, *names: str) -> list[Mention]:
    """Gold-style mentions: the first occurrence of each name (resolution without NER)."""
    out = []
    for n in names:
        i = text.index(n)
        out.append(Mention(i, i + len(n)))
    return out


def by_text(places: list[Place]) -> dict[str, Place]:
    return {p.text: p for p in places}


def test_gazetteer_loads_with_countries_regions_and_cities() -> None:
    gaz = load_gazetteer()
    assert gaz.country_keys["burkina faso"].iso3 == "BFA"
    assert gaz.country_keys["us"].iso3 == "USA"
    assert any(r.name == "Pennsylvania" for r in gaz.region_keys["pa"])
    ouaga = [c for c, alt in gaz.cities("ouagadougou") if not alt]
    assert ouaga and ouaga[0].iso2 == "BF" and ouaga[0].population > 1_000_000
    assert default_path().stat().st_size < 15_000_000


def test_dateline_wire_forms() -> None:
    d = find_dateline("OUAGADOUGOU, June 5 (Reuters) - Russia will send instructors.")
    assert d is not None and d.place == "OUAGADOUGOU" and d.qualifier is None
    d = find_dateline("LANCASTER, Pa. \u2014 A man was arrested on Friday.")
    assert d is not None and d.place == "LANCASTER" and d.qualifier == "Pa."
    assert find_dateline("Russia will send instructors to Burkina Faso.") is None


def test_dateline_place_is_resolved_with_its_qualifier() -> None:
    text = "LANCASTER, Pa. \u2014 Police arrested a man on Friday."
    (place,) = [p for p in resolve_mentions(text, []) if p.text == "LANCASTER"]
    assert place.country == "USA" and place.admin1 == "Pennsylvania"
    assert place.why.startswith("dateline")
    # without the qualifier the larger Lancaster (England) would do as well: the state decides
    assert haversine_km(place.lat, place.lon, 40.04, -76.31) < 20


def test_paris_texas_versus_paris() -> None:
    text = "He moved from Paris, Texas, to Dallas."
    paris = by_text(resolve_mentions(text, spans(text, "Paris", "Texas", "Dallas")))["Paris"]
    assert paris.country == "USA" and paris.admin1 == "Texas" and paris.precision == "city"
    alone = "The summit opened in Paris on Monday."
    (p,) = resolve_mentions(alone, spans(alone, "Paris"))
    assert p.country == "FRA" and p.precision == "city"


def test_a_great_city_beats_its_hamlet_namesake_in_the_articles_country() -> None:
    """A US story naming Boston and Chicago is no support for Montreal, Wisconsin (783 people)
    against Montreal (1.7 million); a namesake town with its state named still wins."""
    text = (
        "Bike-share systems spread to Boston, Chicago and Denver. Montreal built its own in 2008."
    )
    got = by_text(resolve_mentions(text, spans(text, "Boston", "Chicago", "Denver", "Montreal")))
    assert got["Montreal"].country == "CAN" and got["Montreal"].admin1 == "Quebec"
    assert got["Boston"].country == "USA"
    texan = "He moved from Paris, Texas, to Dallas."
    paris = by_text(resolve_mentions(texan, spans(texan, "Paris", "Texas", "Dallas")))["Paris"]
    assert paris.admin1 == "Texas"


def test_a_demonym_tagged_as_a_place_and_a_town_named_with_city() -> None:
    text = "The Sri Lankan army moved north, Fargo City Commissioner Tim Mahoney said."
    i, j = text.index("Sri Lankan"), text.index("Fargo City")
    places = resolve_mentions(text, [Mention(i, i + 10, "GPE"), Mention(j, j + 10, "GPE")])
    found = by_text(places)
    # spaCy tags 'Sri Lankan' GPE as often as NORP: it names the country either way
    assert found["Sri Lankan"].country == "LKA" and found["Sri Lankan"].precision == "country"
    # 'Fargo City Commissioner': the town, its word 'City' dropped (Mexico City stays whole)
    fargo = found["Fargo City"]
    assert fargo.country == "USA" and fargo.admin1 == "North Dakota", fargo
    assert "'city' dropped" in fargo.why
    mexico = "Protests filled Mexico City on Sunday."
    (m,) = resolve_mentions(mexico, spans(mexico, "Mexico City"))
    assert m.name == "Mexico City" and "dropped" not in m.why


def test_us_state_abbreviations_qualify_towns() -> None:
    text = "The plant in Springfield, Ill. and the one in Springfield, Mass. will close."
    first = text.index("Springfield")
    second = text.index("Springfield", first + 1)
    places = resolve_mentions(text, [Mention(first, first + 11), Mention(second, second + 11)])
    assert [p.admin1 for p in places] == ["Illinois", "Massachusetts"]


def test_australian_and_canadian_region_short_forms() -> None:
    text = "Floods hit NSW and Qld while fires burned in B.C. and Ont. this week."
    places = by_text(resolve_mentions(text, spans(text, "NSW", "Qld", "B.C.", "Ont.")))
    assert {k: (p.name, p.country, p.precision) for k, p in places.items()} == {
        "NSW": ("New South Wales", "AUS", "admin1"),
        "Qld": ("Queensland", "AUS", "admin1"),
        "B.C.": ("British Columbia", "CAN", "admin1"),
        "Ont.": ("Ontario", "CAN", "admin1"),
    }


def test_country_mentions_and_alias_forms() -> None:
    text = "Officials from the U.S. and Burkina Faso met in Britain."
    places = by_text(resolve_mentions(text, spans(text, "U.S.", "Burkina Faso", "Britain")))
    assert {k: (p.country, p.precision) for k, p in places.items()} == {
        "U.S.": ("USA", "country"),
        "Burkina Faso": ("BFA", "country"),
        "Britain": ("GBR", "country"),
    }


def test_offsets_are_exact_end_to_end() -> None:
    text = "Protesters gathered in Ouagadougou and in northern Mali, near the border with Niger."
    places = geoparse(text)
    assert places, "no places found"
    for p in places:
        assert text[p.start : p.end] == p.text
    names = {p.name for p in places}
    assert "Ouagadougou" in names


def test_coherence_springfield_with_illinois_context() -> None:
    text = "The mayor of Springfield met farmers from Peoria and Decatur in Illinois."
    spr = by_text(
        resolve_mentions(text, spans(text, "Springfield", "Peoria", "Decatur", "Illinois"))
    )["Springfield"]
    assert spr.admin1 == "Illinois"
    # alone, the largest Springfield (Missouri) wins on population
    (alone,) = resolve_mentions("Springfield", [Mention(0, 11)])
    assert alone.admin1 != "Illinois"


def test_directional_words_and_continents() -> None:
    text = "Fighting spread across northern Iraq and into Africa."
    places = by_text(resolve_mentions(text, spans(text, "northern Iraq", "Africa")))
    assert places["northern Iraq"].country == "IRQ"
    assert "Africa" not in places  # a continent is no city, region or country


def test_corrupt_and_missing_data_file_raise_e023(tmp_path: Path) -> None:
    broken = tmp_path / "gazetteer.tsv.gz"
    broken.write_bytes(default_path().read_bytes()[:100_000])  # truncated gzip
    with pytest.raises(GeoError) as info:
        load_gazetteer(broken)
    assert info.value.code is ErrorCode.E023 and str(broken) in str(info.value)
    lines = gzip.decompress(default_path().read_bytes()).decode().split("\n")
    short = tmp_path / "short.tsv.gz"
    short.write_bytes(gzip.compress("\n".join([*lines[:1000], lines[-2]]).encode()))
    with pytest.raises(GeoError, match="record count"):
        load_gazetteer(short)
    with pytest.raises(GeoError, match="not found"):
        load_gazetteer(tmp_path / "absent.tsv.gz")


def test_coder_locates_events_of_the_bundled_sample() -> None:
    from newsevents.events.coder import Coder

    rec = json.loads(
        (ROOT / "src" / "newsevents" / "data" / "sample_corpus.jsonl").read_text().splitlines()[0]
    )
    assert rec["text"].startswith("OUAGADOUGOU")
    events = Coder().code_text(rec["text"], published=rec["published"])
    aid = [
        e
        for e in events
        if any(a.country == "RUS" for a in e.sources) and any(a.country == "BFA" for a in e.targets)
    ]
    assert aid, [e.why for e in events]
    for ev in aid:
        assert ev.location.name == "Ouagadougou" and ev.location.country == "BFA"
        assert ev.location.lat is not None and abs(ev.location.lat - 12.37) < 0.1
        assert ev.location.precision == "city" and ev.location.geonames_id
        assert "location:" in ev.why and ev.extra["location_rule"] in ("dateline", "sentence")


@pytest.mark.shared
def test_coder_locates_the_canonical_example(shared_dir: Path) -> None:
    from newsevents.events.coder import Coder

    text = (shared_dir / "examples" / "russia-burkina-faso-2024-06-05.txt").read_text()
    events = Coder().code_text(text, published="2024-06-05")
    assert events
    for ev in events:
        # a point for every placed event; none (and no country) for an unplaced one
        placed = ev.extra["location_rule"] != "unplaced"
        assert (ev.location.lat is not None and ev.location.lon is not None) == placed, ev.why
        assert placed or ev.location.country is None
    aid = next(e for e in events if e.cameo_code == "0332")
    # this copy of the story is datelined MOSCOW (the bundled sample's is OUAGADOUGOU)
    assert aid.location.name == "Moscow" and aid.extra["location_rule"] == "dateline"
    visit = next(e for e in events if e.cameo_code == "042")
    assert visit.location.country == "BFA" and visit.extra["location_rule"] == "clause"


def test_us_counties_resolve_with_their_state() -> None:
    gaz = load_gazetteer()
    # every 'Lancaster County' in the data, each with a point inside its state's area
    states = {d.admin1_code for d in gaz.admin2_keys["lancaster county"]}
    assert {"PA", "NE", "SC", "VA"} <= states
    text = "Deputies in Lancaster County, Nebraska, closed a road near Lincoln."
    places = by_text(resolve_mentions(text, spans(text, "Lancaster County", "Lincoln")))
    county = places["Lancaster County"]
    assert county.precision == "admin2" and county.admin1 == "Nebraska"
    assert county.country == "USA" and county.geonames_id
    assert haversine_km(county.lat, county.lon, 40.78, -96.69) < 60  # Lincoln, its seat
    # 'Co.' is the same county; the state named elsewhere in the article decides
    text = "A fire in Madison Co. spread toward Huntsville, Alabama."
    places = by_text(resolve_mentions(text, spans(text, "Madison Co.", "Huntsville", "Alabama")))
    assert places["Madison Co."].admin1 == "Alabama"


def test_demonyms_are_country_mentions_in_geoparse_output_only() -> None:
    text = "Russian diplomats met Israeli officials in Geneva on Monday."
    places = by_text(geoparse(text))
    assert places["Russian"].country == "RUS" and places["Russian"].precision == "country"
    assert places["Russian"].why.startswith("a demonym")
    assert places["Israeli"].country == "ISR"
    # the event coder's mentions (no demonyms) leave them out
    from newsevents.geo.api import _ner_pipeline, place_mentions

    doc = _ner_pipeline()(text)
    texts = {text[m.start : m.end] for m in place_mentions(doc)}
    assert "Russian" not in texts and "Geneva" in texts


def test_a_names_own_repeats_do_not_outvote_the_article() -> None:
    # 'Palestine' five times, 'Anderson County, Texas' once: the Texas town, not the territory
    text = (
        "A Palestine man was arrested. Palestine police said the Palestine suspect fled. "
        "He was jailed in Anderson County, Texas. Palestine officers and Palestine firemen helped."
    )
    names = ["Palestine"] * 1 + ["Anderson County", "Texas"]
    ms = spans(text, *names)
    i = 0
    while (i := text.find("Palestine", i + 1)) > 0:
        ms.append(Mention(i, i + 9))
    places = resolve_mentions(text, ms)
    pal = [p for p in places if p.text == "Palestine"]
    assert len(pal) == 5 and {(p.country, p.admin1) for p in pal} == {("USA", "Texas")}
    assert {p.admin1 for p in places if p.text == "Anderson County"} == {"Texas"}


def test_country_points_lie_on_the_main_landmass() -> None:
    gaz = load_gazetteer()
    us = gaz.country_keys["united states"]
    # the contiguous states, not the Factbook's point alone nor a pull toward Alaska
    assert 37.5 < us.lat < 41 and -101 < us.lon < -96
    boxes = {"china": (30, 40, 100, 110), "france": (44, 48, 0, 4), "russia": (55, 65, 90, 110)}
    for key, (s, n, w, e) in boxes.items():
        c = gaz.country_keys[key]
        assert s < c.lat < n and w < c.lon < e, (key, c.lat, c.lon)


def test_a_large_region_is_not_placed_at_its_namesake_city() -> None:
    gaz = load_gazetteer()
    (ny,) = [r for r in gaz.region_keys["new york"] if r.iso2 == "US"]
    # countrystatecity gives New York State New York City's point (283 km from the state's
    # centre); the build moves it to the mean of the state's towns
    assert haversine_km(ny.lat, ny.lon, 40.71, -74.01) > 100
    assert haversine_km(ny.lat, ny.lon, 42.95, -75.53) < 161  # the state's geographic centre
    place = by_text(geoparse("Flooding hit upstate New York on Monday."))["New York"]
    assert place.precision == "admin1" and (place.lat, place.lon) == (ny.lat, ny.lon)
    # a small region named like its city keeps its point: the city is as good a point for it
    (kyiv,) = [r for r in gaz.region_keys["kyiv"] if r.iso2 == "UA"]
    assert haversine_km(kyiv.lat, kyiv.lon, 50.45, 30.52) < 10


def test_finder_adds_cued_names_and_town_led_organisations_only() -> None:
    from newsevents.geo.finder import names_in

    gaz = load_gazetteer()

    def found(text: str, **kw: object) -> list[str]:
        return [text[s:e] for s, e in names_in(gaz, text, 0, **kw)]  # type: ignore[arg-type]

    # a one-word town needs a locative word before it; a person's name never counts
    assert found("Flights from Fargo and Moorhead were cancelled.", cue=True) == ["Fargo"]
    assert found("Fargo said the plan works.", cue=True) == []
    assert found("He moved to Lincoln.", cue=True, skip={"Lincoln"}) == []
    # multi-word names need no cue
    assert found("The storm hit Grand Forks overnight.", cue=True) == ["Grand Forks"]
    # organisations: a town followed by an institution word, not a brand-like first word
    org = {"cue": False, "first_only": True}
    assert found("the Mansfield Police Department", **org) == ["Mansfield"]
    assert found("Central Bank", **org) == []
    # ... unless the article names the town as a place elsewhere
    assert found("Central Bank", **org, known={"central"}) == ["Central"]


def test_event_coder_mentions_stay_conservative() -> None:
    from newsevents.geo.api import _ner_pipeline, place_mentions

    text = "Officers of the Mansfield Police Department flew from Fargo. Russian troops left."
    doc = _ner_pipeline()(text)
    plain = {text[m.start : m.end] for m in place_mentions(doc)}
    extended = {text[m.start : m.end] for m in place_mentions(doc, extended=True)}
    assert "Russian" not in plain and "Mansfield" not in plain
    assert {"Russian", "Mansfield", "Fargo"} <= extended


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # a named country is an actor, not the container of the article's towns
        (
            "U.S. and Iran make good progress in Geneva talks, foreign minister says.",
            "Geneva",
            "CHE",
        ),
        # a small town (or an alternate name) with nothing in the article behind it is no place
        ("India accused Pakistan of shelling villages in Kashmir on Monday.", "Kashmir", None),
        ("NASA and China agreed to cooperate on missions to Mars.", "Mars", None),
        # the surname of a person the article names in full is no town (Sánchez, Dominican
        # Republic, for Spain's prime minister)
        (
            "Prime Minister Pedro Sánchez met officials in Rabat. Crowds rallied against Sánchez.",
            "Sánchez",
            None,
        ),
    ],
)
def test_issue_14_listed_resolutions(text: str, name: str, expected: str | None) -> None:
    places = {p.text: p for p in geoparse(text)}
    if expected is None:
        assert name not in places, places.get(name)
    else:
        assert places[name].country == expected, places[name]


def test_a_located_place_in_the_sentence_beats_the_dateline() -> None:
    """Issue 14: a DUBAI dateline does not put a Hezbollah statement about southern Lebanon in
    the UAE; 'in southern Lebanon' places it, even inside the target's words."""
    import newsevents

    text = (
        "DUBAI, Feb 17 (Reuters) - Hezbollah accused Israel of killing two fighters in southern "
        "Lebanon on Tuesday."
    )
    events = [e.to_dict() for e in newsevents.code_text(text, published="2026-02-17")]
    assert events
    for ev in events:
        assert ev["location"]["country"] == "LBN", ev["location"]
        assert ev["extra"]["location_rule"] == "sentence"


def test_a_one_word_place_speaking_is_a_person_where_the_parse_says_so() -> None:
    """'Carney emphasized': spaCy's small model tags the surname GPE, and Carney, Maryland
    (29,000 people) would place the prime minister's words in the US; a capital speaking
    ('Moscow said') stands for its government and stays a place."""
    from newsevents import code_text
    from newsevents.geo.api import place_mentions
    from newsevents.nlp.model import load_nlp

    text = "Carney emphasized that Canada would defend its trade. Moscow said it would respond."
    doc = load_nlp()(text)
    assert "Carney" in {e.text for e in doc.ents if e.label_ == "GPE"}  # the tagger's mistake
    got = {text[m.start : m.end] for m in place_mentions(doc)}
    assert "Carney" not in got and {"Canada", "Moscow"} <= got
    events = code_text(
        "Carney emphasized that Canada would defend its trade. "
        "Carney criticized the tariffs imposed by Washington."
    )
    assert events
    assert all(e.location.name != "Carney" for e in events), [e.why for e in events]
