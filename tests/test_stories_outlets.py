"""Stories across outlets: one wire under two datelines, both directions of one meeting and one
wire's sentence read differently are each one story; on a real store with the real coder."""

from __future__ import annotations

from datetime import date
from typing import Any

from newsevents.events.api import CODER_VERSION
from newsevents.models import ArticleInput
from newsevents.pipeline import process_coder
from newsevents.store import Store
from newsevents.store.events import EventFilter, iter_records, save_events
from newsevents.stories import EventRow, build_stories, cluster_events, story_events

# Texts written for these tests: one wire as two outlets run it, under different datelines.
WIRE = (
    "{dateline}, March 3 (Example Wire) - Lebanese President Joseph Aoun met Syrian President "
    "Ahmed al-Sharaa in Damascus on Tuesday to discuss border security and the return of "
    "refugees, the Lebanese presidency said. The two leaders agreed to form a joint committee "
    "on the border. Aoun's visit was the first by a Lebanese head of state to Syria in more "
    "than a decade."
)
US_MEETS_IRAN = (
    "U.S. envoy Steve Witkoff met Iranian Foreign Minister Abbas Araqchi in Muscat on Saturday, "
    "officials said."
)
IRAN_MEETS_US = (
    "Iranian Foreign Minister Abbas Araqchi met U.S. envoy Steve Witkoff on Saturday for "
    "indirect talks, Iranian state media said."
)


def add(store: Store, text: str, *, url: str, source: str, published: date) -> str:
    """Add one article and code it with the real coder; returns its id."""
    (r,) = store.add_articles(
        [ArticleInput(text=text, title=text[:40], url=url, source=source, published=published)]
    )
    article = store.get(r.id)
    assert article is not None
    events = process_coder().code_text(text, published=published, article_id=article.id)
    save_events(store, article, [e.to_dict() for e in events], coder_version=CODER_VERSION)
    return r.id


def stories(store: Store) -> list[dict[str, Any]]:
    return list(iter_records(store, EventFilter(limit=None), unit="stories"))


def test_one_wire_under_two_datelines_is_one_story_per_event(store: Store) -> None:
    beirut = add(
        store,
        WIRE.format(dateline="BEIRUT"),
        url="https://wire.example/aoun",
        source="Example Wire",
        published=date(2025, 3, 3),
    )
    dubai = add(
        store,
        WIRE.format(dateline="DUBAI"),
        url="https://gulf.example/aoun-sharaa",
        source="Gulf Daily",
        published=date(2025, 3, 3),
    )
    report = build_stories(store)
    assert report.duplicates == 1
    found = stories(store)
    agree = [s for s in found if s["plover_type"] == "AGREE"]
    assert len(agree) == 1, [s["location"] for s in agree]
    assert set(agree[0]["article_ids"]) == {beirut, dubai}
    assert agree[0]["num_sources"] == 2
    assert agree[0]["outlets"] == ["Example Wire", "Gulf Daily"]
    # both copies place the agreement where the meeting before it was (Damascus, the paragraph
    # rule), not at their datelines (Beirut, Dubai): the reporters were not where it happened
    events = story_events(store, agree[0]["story_id"])
    assert len(events) == 2
    assert {e["location"]["country"] for e in events} == {"SYR"}
    assert {e["extra"]["location_rule"] for e in events} == {"paragraph"}
    # every event type of the wire is one story with both outlets
    for story in found:
        assert story["num_sources"] == 2, story["plover_type"]


def test_both_directions_of_one_meeting_are_one_story(store: Store) -> None:
    us = add(
        store,
        US_MEETS_IRAN,
        url="https://wire.example/witkoff",
        source="Example Wire",
        published=date(2025, 4, 12),
    )
    iran = add(
        store,
        IRAN_MEETS_US,
        url="https://tehran.example/araqchi",
        source="Tehran Daily",
        published=date(2025, 4, 12),
    )
    build_stories(store)
    consult = [s for s in stories(store) if s["plover_type"] == "CONSULT"]
    assert len(consult) == 1
    assert set(consult[0]["article_ids"]) == {us, iran}
    directions = {
        (e["sources"][0]["actor_id"], e["targets"][0]["actor_id"])
        for e in story_events(store, consult[0]["story_id"])
    }
    assert directions == {
        ("USA:steve_witkoff", "IRN:abbas_araghchi"),
        ("IRN:abbas_araghchi", "USA:steve_witkoff"),
    }


def row(
    i: int,
    article: str,
    src: str,
    tgt: str,
    sentence: str,
    *,
    place: str | None = None,
    day: str = "2025-03-03",
) -> EventRow:
    """An event as clustering sees it (``place``: a country the sentence names)."""
    return EventRow(f"e{i}", article, "ACCUSE", src, tgt, place, "asserted", day, 0.5, 1, sentence)


SENTENCE = (
    "The Australian government will not repatriate from Syria a group of 34 women and children, "
    "the prime minister said."
)


def test_one_wire_sentence_read_differently_in_two_outlets_is_one_story() -> None:
    events = [
        row(0, "a", "AUS:anthony_albanese", "SYRCVL", SENTENCE),
        row(1, "b", "AUSGOV", "AUSCVL", "SYDNEY, March 3 (Example Wire) - " + SENTENCE),
        row(2, "c", "AUSGOV", "AUSCVL", SENTENCE, day="2025-04-20"),  # weeks later: apart
    ]
    outlets = {"a": "Example Wire", "b": "Example Daily", "c": "Example Post"}
    clusters = cluster_events(events, {}, outlets=outlets)
    groups = sorted(sorted(events[i].event_id for i in c.members) for c in clusters)
    assert groups == [["e0", "e1"], ["e2"]]
    # in one outlet the same sentence twice is not evidence of one happening (a template)
    same_outlet = {"a": "Example Wire", "b": "Example Wire", "c": "Example Post"}
    clusters = cluster_events(events, {}, outlets=same_outlet)
    assert len(clusters) == 3


def test_weak_keys_need_shared_words_and_stated_places_split() -> None:
    events = [
        # 'USA accuses USA' twice on one day, about different things: two stories
        row(0, "a", "USA", "USA", "Democrats condemned the remarks of a Republican congressman."),
        row(1, "b", "USA", "USA", "The film critic blamed the screenplay for its weak ending."),
        row(2, "c", "USA", "USA", "Rights groups condemned the Republican congressman's remarks."),
        # a dyad named in two places by the sentences: two stories; the dateline does not count
        row(3, "d", "RUS", "UKR", "Russia struck Kharkiv overnight.", place="UKR"),
        row(4, "e", "RUS", "UKR", "Russian drones hit a port in Romania.", place="ROU"),
        row(5, "f", "RUS", "UKR", "Russia attacked Ukraine again, officials said."),
    ]
    clusters = cluster_events(events, {}, outlets={})
    groups = sorted(sorted(events[i].event_id for i in c.members) for c in clusters)
    assert groups == [["e0", "e2"], ["e1"], ["e3", "e5"], ["e4"]]
