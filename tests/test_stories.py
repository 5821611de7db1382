"""Near-duplicate articles and stories, on a real store with events from the real coder."""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsevents.events.api import CODER_VERSION
from newsevents.models import ArticleInput
from newsevents.pipeline import process_coder
from newsevents.store import Store
from newsevents.store.events import EventFilter, count_events, iter_records, save_events
from newsevents.stories import (
    THRESHOLD,
    EventRow,
    build_stories,
    cluster_events,
    find_duplicates,
    get_story,
    signature,
    similarity,
    story_events,
    update_signatures,
)
from newsevents.stories.minhash import duplicate_pairs

WIRE = (
    "OUAGADOUGOU, June 4 - Russian Foreign Minister Sergei Lavrov met Burkina Faso's President "
    "Ibrahim Traore in Ouagadougou on Tuesday, the first visit by a Russian foreign minister to "
    "the West African country. The two men discussed security cooperation, grain deliveries and "
    "the training of Burkinabe officers, according to a statement from the presidency. Burkina "
    "Faso has been ruled by the military since a coup in 2022 and has turned away from France, "
    "its former colonial power, while seeking closer ties with Moscow. Russian instructors "
    "arrived in the capital earlier this year. Analysts say the junta hopes Russian support will "
    "help it fight Islamist insurgents who control large parts of the countryside."
)
# the same wire as another feed runs it: a few words edited and a credit line added
WIRE_COPY = (
    WIRE.replace("The two men discussed", "The two leaders discussed")
    .replace("Analysts say", "Analysts said")
    .replace("large parts", "wide areas")
    + " (Reporting by the Ouagadougou newsroom; editing by the Dakar desk)"
)
SECOND_VISIT = (
    "Sergei Lavrov met Ibrahim Traore in Ouagadougou on Tuesday during an unannounced trip, his "
    "second in little more than a month. Officials gave few details of the talks, which came as "
    "insurgents stepped up attacks in the north of the country and the junta extended its "
    "transition by five years."
)
UNRELATED = (
    "Asian stock markets fell sharply on Monday as investors worried that central banks would "
    "keep interest rates higher for longer, while weak factory data from China added to fears "
    "of slowing growth. Tokyo's Nikkei index lost two percent and Hong Kong shares dropped."
)
LAVROV_KEY = ("RUS:sergei_lavrov", "CONSULT", "BFA:ibrahim_traore")


def add(store: Store, text: str, *, url: str, source: str | None, published: date) -> str:
    """Add one article and code it with the real coder; returns its id."""
    (r,) = store.add_articles(
        [ArticleInput(text=text, title=text[:40], url=url, source=source, published=published)]
    )
    article = store.get(r.id)
    assert article is not None
    events = process_coder().code_text(text, published=published, article_id=article.id)
    save_events(store, article, [e.to_dict() for e in events], coder_version=CODER_VERSION)
    return r.id


def lavrov_stories(store: Store) -> list[dict[str, Any]]:
    records = iter_records(store, EventFilter(limit=None), unit="stories")
    return [
        s
        for s in records
        # symmetric records list every party as a source and have no target
        if (
            s["sources"][0]["actor_id"],
            s["plover_type"],
            (s["targets"] or [{}])[0].get("actor_id"),
        )
        == LAVROV_KEY
    ]


@pytest.fixture()
def wire_store(store: Store) -> dict[str, str]:
    """A store with the wire in two feeds, a second visit a month later and an unrelated story."""
    return {
        "wire": add(
            store, WIRE, url="https://wire.example/lavrov", source=None, published=date(2024, 6, 4)
        ),
        "copy": add(
            store,
            WIRE_COPY,
            url="https://www.daily.example/world/lavrov-visit",
            source=None,
            published=date(2024, 6, 5),
        ),
        "second": add(
            store,
            SECOND_VISIT,
            url="https://wire.example/lavrov-again",
            source="Wire",
            published=date(2024, 7, 10),
        ),
        "unrelated": add(
            store,
            UNRELATED,
            url="https://markets.example/a",
            source="Markets",
            published=date(2024, 6, 3),
        ),
    }


def test_minhash_finds_lightly_edited_copy_not_unrelated() -> None:
    a, b, c = signature(WIRE), signature(WIRE_COPY), signature(UNRELATED)
    assert similarity(a, b) >= THRESHOLD
    assert similarity(a, c) < 0.1
    assert similarity(a, signature(WIRE)) == 1.0
    pairs = list(duplicate_pairs(np.stack([a, c, b])))
    assert [(i, j) for i, j, _ in pairs] == [(0, 2)]


def test_same_wire_in_two_feeds_is_one_story(store: Store, wire_store: dict[str, str]) -> None:
    report = build_stories(store)
    assert report.signatures == 4 and report.duplicates == 1
    dup = store._execute("SELECT article_id, duplicate_of, similarity FROM article_duplicates")
    ((article_id, duplicate_of, sim),) = dup.fetchall()
    # the copy points at the earlier article
    assert (article_id, duplicate_of) == (wire_store["copy"], wire_store["wire"])
    assert sim >= THRESHOLD

    june, july = sorted(lavrov_stories(store), key=lambda s: s["date"])
    assert june["num_articles"] == 2 and june["num_sources"] == 2
    assert sorted(june["outlets"]) == ["daily.example", "wire.example"]
    assert set(june["article_ids"]) == {wire_store["wire"], wire_store["copy"]}
    assert june["date"] == "2024-06-04" and june["date_end"] == "2024-06-04"
    # a second visit a month later is a second story
    assert july["num_articles"] == 1 and july["article_ids"] == [wire_store["second"]]
    assert july["date"] == "2024-07-09"
    assert june["story_id"] != july["story_id"]
    # every event has a story, every story's evidence is its events
    assert store._execute("SELECT COUNT(*) FROM events WHERE story_id IS NULL").fetchone()[0] == 0
    evidence = story_events(store, june["story_id"])
    assert [e["event_id"] for e in evidence] == june["event_ids"]
    # one record per article, each counting every mention of the meeting in its article
    assert len(evidence) == 2
    assert june["num_mentions"] == sum(e["mentions"] for e in evidence) >= 2
    assert {e["article_id"] for e in evidence} == set(june["article_ids"])
    assert count_events(store, unit="stories") < count_events(store)
    # the stories row carries the same counts as its record
    row = store._execute(
        "SELECT num_articles, num_sources, num_mentions, date, date_end, source_countries "
        "FROM stories WHERE story_id = ?",
        (june["story_id"],),
    ).fetchone()
    assert row == (2, 2, june["num_mentions"], "2024-06-04", "2024-06-04", "RUS")


def test_rebuild_is_idempotent_and_ids_stable(store: Store, wire_store: dict[str, str]) -> None:
    build_stories(store)

    def snapshot() -> tuple[list[Any], list[Any], list[Any]]:
        return (
            store._execute("SELECT * FROM stories ORDER BY story_id").fetchall(),
            store._execute("SELECT event_id, story_id FROM events ORDER BY event_id").fetchall(),
            store._execute("SELECT * FROM article_duplicates ORDER BY article_id").fetchall(),
        )

    first = snapshot()
    report = build_stories(store)
    assert report.signatures == 0  # signatures are kept, only new articles get one
    assert snapshot() == first
    # adding an unrelated article leaves every existing story id as it was
    add(
        store,
        "Chile and Argentina signed a trade agreement in Santiago on Friday.",
        url="https://x.example/c",
        source="X",
        published=date(2024, 8, 2),
    )
    report = build_stories(store)
    assert report.signatures == 1
    old_ids = {r[0] for r in first[0]}
    new_ids = {r[0] for r in store._execute("SELECT story_id FROM stories")}
    assert old_ids < new_ids


def test_rebuild_is_atomic_for_readers(store: Store, wire_store: dict[str, str]) -> None:
    build_stories(store)
    before = count_events(store, unit="stories")
    seen: list[int] = []
    stop = threading.Event()
    reading = threading.Event()

    def reader() -> None:
        # reads until told to stop, then once more: under load the rebuilds can otherwise
        # finish before the reader's first read, and an empty list proves nothing
        with Store(store.path) as other:
            while True:
                done = stop.is_set()
                seen.append(count_events(other, unit="stories"))
                reading.set()
                if done:
                    break

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        assert reading.wait(timeout=60)
        for _ in range(5):
            build_stories(store)
    finally:
        stop.set()
        thread.join()
    assert len(seen) >= 2 and set(seen) == {before}


def test_story_record_fields_and_iter_records(store: Store, wire_store: dict[str, str]) -> None:
    build_stories(store)
    records = list(iter_records(store, EventFilter(limit=None), unit="stories"))
    assert len(records) == count_events(store, unit="stories")
    for rec in records:
        for key in ("story_id", "num_mentions", "num_articles", "num_sources", "date_end"):
            assert key in rec
        assert rec["date"] <= rec["date_end"]
        assert rec == get_story(store, rec["story_id"])
        # the representative has the story's highest confidence
        assert rec["confidence"] == max(
            e["confidence"] for e in story_events(store, rec["story_id"])
        )
    by_source = list(iter_records(store, EventFilter(source="RUS:sergei_lavrov"), unit="stories"))
    assert len(by_source) == 2
    stored = json.loads(
        store._execute(
            "SELECT record FROM stories WHERE story_id = ?", (records[0]["story_id"],)
        ).fetchone()[0]
    )
    assert stored == records[0]


def row(i: int, day: str | None, article: str, *, modality: str = "asserted") -> EventRow:
    return EventRow(f"e{i}", article, "CONSULT", "RUS", "BFA", "BFA", modality, day, 0.5)


def test_cluster_window_modality_and_duplicates() -> None:
    events = [
        row(0, "2024-06-04", "a"),
        row(1, "2024-06-06", "b"),  # within 3 days: same story
        row(2, "2024-06-08", "c"),  # beyond the window anchored at 06-04: a new story
        row(3, "2024-06-05", "d", modality="intended"),  # a promise is another story
        row(4, "2024-07-04", "e"),
        row(5, "2024-07-20", "f"),  # a near-duplicate of e, dated otherwise: still e's story
        row(6, None, "g"),
        row(7, None, "h"),  # undated events stay apart
        row(8, "2024-06", "i"),
        row(9, "2024-06", "j"),  # month-only dates of the same month join each other
    ]
    clusters = cluster_events(events, {"e": "e", "f": "e"}, window_days=3)
    groups = sorted(sorted(events[i].event_id for i in c.members) for c in clusters)
    assert groups == [
        ["e0", "e1"],
        ["e2"],
        ["e3"],
        ["e4", "e5"],
        ["e6"],
        ["e7"],
        ["e8", "e9"],
    ]
    # ids depend only on the key and the first event
    again = cluster_events(list(reversed(events)), {"e": "e", "f": "e"}, window_days=3)
    assert {c.story_id for c in clusters} == {c.story_id for c in again}


def test_signatures_only_for_current_articles(store: Store) -> None:
    store.add_articles([ArticleInput(text=WIRE, url="https://a.example/1")])
    store.add_articles([ArticleInput(text=WIRE_COPY, url="https://a.example/1")])  # revision 2
    assert update_signatures(store) == 1
    assert store._execute("SELECT revision FROM article_signatures").fetchall() == [(2,)]
    with store.transaction() as conn:
        assert find_duplicates(conn) == []


def test_same_text_weeks_apart_is_not_a_duplicate(store: Store) -> None:
    """A template reused weeks later reports another happening; a copy days later is a dup."""
    for url, day in (
        ("https://t.example/1", 1),
        ("https://t.example/2", 3),
        ("https://t.example/3", 28),
    ):
        store.add_articles([ArticleInput(text=WIRE, url=url, published=date(2024, 6, day))])
    update_signatures(store)
    with store.transaction() as conn:
        dups = find_duplicates(conn)
    ids = {r[0]: r[1] for r in store._execute("SELECT url, id FROM articles")}
    assert [(d.article_id, d.duplicate_of, d.similarity) for d in dups] == [
        (ids["https://t.example/2"], ids["https://t.example/1"], 1.0)
    ]


@pytest.mark.shared
@pytest.mark.slow
def test_shared_feeds_every_event_has_a_story(shared_dir: Path, store: Store) -> None:
    from newsevents.ingest import IngestOptions, ingest
    from newsevents.store.events import uncoded_articles

    feeds = sorted((shared_dir / "corpora" / "news_feeds" / "news").glob("*.xml"))[:6]
    assert feeds, "no feeds in the shared corpus"
    ingest([str(p) for p in feeds], store=store, options=IngestOptions())
    coder = process_coder()
    articles = [a for a in uncoded_articles(store, coder_version=CODER_VERSION)][:150]
    for article in articles:
        if article.language not in (None, "en"):
            continue
        evs = coder.code_text(article.text, published=article.published, article_id=article.id)
        save_events(store, article, [e.to_dict() for e in evs], coder_version=CODER_VERSION)
    report = build_stories(store)
    n_events = count_events(store)
    assert n_events > 0
    assert 0 < report.stories <= n_events == report.events
    assert store._execute("SELECT COUNT(*) FROM events WHERE story_id IS NULL").fetchone()[0] == 0
    orphans = store._execute(
        "SELECT COUNT(*) FROM events e LEFT JOIN stories s ON s.story_id = e.story_id "
        "WHERE s.story_id IS NULL"
    ).fetchone()[0]
    assert orphans == 0
    total = store._execute("SELECT SUM(num_mentions) FROM stories").fetchone()[0]
    mentions = store._execute(
        "SELECT SUM(COALESCE(json_extract(record, '$.mentions'), 1)) FROM events"
    ).fetchone()[0]
    assert total == mentions
