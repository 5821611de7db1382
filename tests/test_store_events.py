"""Events in the store: atomic replacement per article, filters, resumable coding state."""

from __future__ import annotations

from newsevents.models import Actor, ArticleInput, Event, Evidence, Location
from newsevents.store import Store
from newsevents.store.events import (
    EventFilter,
    count_events,
    query_events,
    save_events,
    uncoded_articles,
)


def make_event(
    article_id: str, code: str, ptype: str, quad: int, src: str, tgt: str, day: str
) -> Event:
    return Event(
        article_id=article_id,
        plover_type=ptype,
        plover_mode=None,
        cameo_code=code,
        quad_class=quad,
        goldstein=1.0,
        sources=[Actor(text=src, name=src, actor_id=src, country=src, sectors=["GOV"])],
        targets=[Actor(text=tgt, name=tgt, actor_id=tgt, country=tgt, sectors=[])],
        date=day,
        date_precision="day",
        location=Location(name=tgt, country=tgt),
        modality="asserted",
        attribution=None,
        confidence=0.8,
        evidence=Evidence(sentence="s", start=0, end=1, trigger="t"),
        why="test",
    )


def test_save_query_filter_and_replace(store: Store) -> None:
    (r,) = store.add_articles([ArticleInput(text="x", title="t")])
    article = store.get(r.id)
    assert article is not None
    assert [a.id for a in uncoded_articles(store, coder_version="1")] == [r.id]
    evs = [
        make_event(r.id, "042", "CONSULT", 1, "RUS", "BFA", "2024-06-05"),
        make_event(r.id, "190", "ASSAULT", 4, "ISR", "PSE", "2024-01-02"),
    ]
    save_events(store, article, [e.to_dict() for e in evs], coder_version="1")
    assert list(uncoded_articles(store, coder_version="1")) == []
    assert [a.id for a in uncoded_articles(store, coder_version="2")] == [r.id]
    assert count_events(store) == 2
    assert [e["cameo_code"] for e in query_events(store, EventFilter(source="RUS"))] == ["042"]
    assert [e["cameo_code"] for e in query_events(store, EventFilter(actor="pse"))] == ["190"]
    assert [e["cameo_code"] for e in query_events(store, EventFilter(quad_class=4))] == ["190"]
    assert [e["cameo_code"] for e in query_events(store, EventFilter(cameo_root="4"))] == ["042"]
    assert [e["cameo_code"] for e in query_events(store, EventFilter(since="2024-03-01"))] == [
        "042"
    ]
    assert query_events(store, EventFilter(plover_type="consult"))[0]["sources"][0]["name"] == "RUS"
    assert query_events(store, EventFilter(target="RUS")) == []
    # SQL metacharacters in a filter are data, not SQL
    assert query_events(store, EventFilter(actor="' OR 1=1 --")) == []
    # re-coding replaces the article's events atomically
    save_events(store, article, [evs[0].to_dict()], coder_version="2")
    assert count_events(store) == 1
    assert store.integrity_check() == "ok"


def test_every_coded_event_is_stored(store: Store) -> None:
    from newsevents.pipeline import process_coder

    text = (
        "Russia attacked Ukraine on Monday. Russia attacked Ukraine again on Tuesday. "
        "Ukraine did not attack Russia. Russia and Ukraine held talks in Istanbul."
    )
    (r,) = store.add_articles([ArticleInput(text=text)])
    article = store.get(r.id)
    assert article is not None
    events = process_coder().code_text(text, published="2024-03-06", article_id=r.id)
    assert len({e.event_id for e in events}) == len(events)
    save_events(store, article, [e.to_dict() for e in events], coder_version="t")
    assert count_events(store) == len(events)


def test_date_filters_keep_partial_dates_whose_period_overlaps(store: Store) -> None:
    """A month-only or year-only event date is a period: `since`/`until` keep it when the period
    overlaps [since, until), at any precision of the bounds."""
    (r,) = store.add_articles([ArticleInput(text="x", title="t")])
    article = store.get(r.id)
    assert article is not None
    days = {"Y": "2024", "M": "2024-06", "D": "2024-06-10", "L": "2024-07-02", "P": "2023-12-31"}
    evs = [make_event(r.id, "042", "CONSULT", 1, k, "BFA", d) for k, d in days.items()]
    save_events(store, article, [e.to_dict() for e in evs], coder_version="1")

    def picked(*, since: str | None = None, until: str | None = None) -> set[str]:
        flt = EventFilter(limit=None, since=since, until=until)
        assert count_events(store, flt) == len(query_events(store, flt))
        return {e["sources"][0]["name"] for e in query_events(store, flt)}

    assert picked(since="2024-06-01") == {"Y", "M", "D", "L"}
    assert picked(since="2024-06-15") == {"Y", "M", "L"}
    assert picked(since="2024-07") == {"Y", "L"}
    assert picked(since="2025") == set()
    assert picked(until="2024-06-01") == {"Y", "P"}
    assert picked(until="2024-06-11") == {"Y", "M", "D", "P"}
    assert picked(until="2024-07") == {"Y", "M", "D", "P"}
    assert picked(until="2024") == {"P"}
    assert picked(since="2024-06", until="2024-07") == {"Y", "M", "D"}
