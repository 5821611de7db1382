"""Every read the web app makes, shaped for its pages: through the store's query functions."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from ..models import Article
from ..store import Store, summaries
from ..store import events as stored_events
from ..store import stories as stored_stories
from ..store.actor_names import actor_names
from ..store.articles import article_titles
from ..store.events import EventFilter, Unit, iter_records
from .countries import country_names
from .params import COUNT_CAP, is_unfiltered

COOPERATION = (1, 2)
CONFLICT = (3, 4)


def has_stories(store: Store) -> bool:
    """Whether the stories table has been filled (by ``newsevents.stories``)."""
    return stored_stories.has_stories(store)


def capped_count(store: Store, flt: EventFilter, unit: Unit = "mentions") -> tuple[int, bool]:
    """(count, capped): how many records match, counting at most COUNT_CAP + 1."""
    n = stored_events.capped_count(store, flt, unit=unit, cap=COUNT_CAP + 1)
    return (min(n, COUNT_CAP), n > COUNT_CAP)


def records(store: Store, flt: EventFilter, unit: Unit = "mentions") -> list[dict[str, Any]]:
    """One page of records, with the title and outlet of each record's article."""
    rows = list(iter_records(store, flt, unit=unit))
    titles = article_titles(store, {str(r.get("article_id")) for r in rows})
    for r in rows:
        title, source = titles.get(str(r.get("article_id")), (None, None))
        r["_title"] = title
        r["_outlet"] = source
    return rows


# -- overview ----------------------------------------------------------------------------------
@dataclass(slots=True)
class Overview:
    """What the overview page shows."""

    events: int
    articles: int
    stories: int
    first: str | None
    last: str | None
    by_quad: dict[int, int]
    by_type: list[tuple[str, int]]
    dyads: list[dict[str, Any]]
    latest: list[dict[str, Any]]
    latest_are_stories: bool
    timeline: dict[str, Any] = field(default_factory=dict)
    places: list[dict[str, Any]] = field(default_factory=list)
    unplaced: dict[str, Any] = field(default_factory=dict)
    """Events the map leaves out (no place named for them): see :func:`unplaced`."""


def overview(store: Store) -> Overview:
    """Counts, timeline, map places, top dyads and latest stories, from the summary tables."""
    with store.snapshot():
        events, first, last = summaries.totals(store)
        articles = store.count()
        stories = stored_stories.count_stories(store)
        by_quad = summaries.quad_totals(store)
        by_type = summaries.type_totals(store)
        flt = EventFilter()
        latest_are_stories = stories > 0
        unit: Unit = "stories" if latest_are_stories else "mentions"
        latest = records(store, replace(flt, limit=10), unit)
        return Overview(
            events=events,
            articles=articles,
            stories=stories,
            first=first,
            last=last,
            by_quad=by_quad,
            by_type=by_type,
            dyads=top_dyads(store, flt, limit=10),
            latest=latest,
            latest_are_stories=latest_are_stories,
            timeline=timeline(store, flt),
            places=places(store, flt),
            unplaced=unplaced(store, flt),
        )


def _quads(rows: list[tuple[int, int]]) -> dict[int, int]:
    out = {1: 0, 2: 0, 3: 0, 4: 0}
    for q, n in rows:
        out[int(q)] = out.get(int(q), 0) + int(n)
    return out


def timeline(store: Store, flt: EventFilter) -> dict[str, Any]:
    """Events per month and QuadClass: {"months": ["YYYY-MM", ...], "quad": {"1": [...], ...}},
    months with events, oldest first. An event counts in the month its typed period starts in
    (``date_start``); events dated to a quarter, season, year or decade, or not at all, have no
    month and are left out (as in ``newsevents trends``)."""
    rows = summaries.month_quads(store, None if is_unfiltered(flt) else flt)
    months = sorted({r[0] for r in rows})
    index = {m: i for i, m in enumerate(months)}
    quad = {str(q): [0] * len(months) for q in (1, 2, 3, 4)}
    for month, q, n in rows:
        quad[str(q)][index[month]] += n
    return {"months": months, "quad": quad}


def top_dyads(store: Store, flt: EventFilter, *, limit: int = 10) -> list[dict[str, Any]]:
    """Most frequent (first source country, first target country) pairs with coop/conflict."""
    rows = summaries.top_dyads(store, None if is_unfiltered(flt) else flt, limit=limit)
    names = country_names()
    return [
        {
            "source": s,
            "target": t,
            "source_name": names.get(s, s),
            "target_name": names.get(t, t),
            "events": n,
            "cooperation": c,
            "conflict": n - c,
        }
        for s, t, n, c in rows
    ]


def places(store: Store, flt: EventFilter, *, limit: int = 5000) -> list[dict[str, Any]]:
    """Map markers: one per located place with its count per QuadClass.

    Events with no point (``location_rule`` ``unplaced``: no place named for them) get no
    marker, not even their country's position: :func:`unplaced` counts them. ``placed`` is
    always true (kept for clients that read it); a marker's lat/lon select its events as a
    ``bbox``."""
    rows = summaries.place_counts(store, None if is_unfiltered(flt) else flt)
    merged: dict[tuple[str, float, float, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for country, name, lat, lon, q, n in rows:
        if lat == "" or lon == "":
            continue
        key = (str(name or country), round(float(lat), 4), round(float(lon), 4), country)
        merged[key][q - 1] += n
    out: list[dict[str, Any]] = [
        {
            "name": name,
            "lat": lat,
            "lon": lon,
            "country": country,
            "placed": True,
            "n": sum(counts),
            "quad": 1 + max(range(4), key=lambda i: counts[i]),
            "by_quad": counts,
        }
        for (name, lat, lon, country), counts in merged.items()
    ]
    out.sort(key=lambda p: -sum(p["by_quad"]))
    return out[:limit]


def unplaced(store: Store, flt: EventFilter) -> dict[str, Any]:
    """How many events the map leaves out because no place was named for them (no point)."""
    rows = summaries.place_counts(store, None if is_unfiltered(flt) else flt)
    return {"events": sum(n for _c, _nm, lat, lon, _q, n in rows if lat == "" or lon == "")}


# -- event, story, article ---------------------------------------------------------------------
@dataclass(slots=True)
class Segment:
    """A piece of article text and how to mark it (``""`` for plain text)."""

    text: str
    kind: str = ""
    href: str | None = None


def highlight(text: str, spans: list[tuple[int, int, str, str | None]]) -> list[Segment]:
    """Split ``text`` at (start, end, kind, href) spans; overlapping or bad spans are dropped.

    Pieces are returned raw: the template escapes each one (Jinja2 autoescape).
    """
    out: list[Segment] = []
    pos = 0
    for start, end, kind, href in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < pos or end <= start or end > len(text):
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], kind, href))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def evidence_segments(record: dict[str, Any], text: str) -> list[Segment]:
    """An event's evidence sentence in its article, with trigger, sources and targets marked."""
    ev = record.get("evidence") or {}
    if ev.get("part", "text") != "text":
        return [Segment(text)]  # the evidence is in the headline, shown above the text
    start, end = ev.get("start"), ev.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
        return [Segment(text)]
    inner: list[tuple[int, int, str, str | None]] = []
    ts, te = ev.get("trigger_start"), ev.get("trigger_end")
    if isinstance(ts, int) and isinstance(te, int):
        inner.append((ts, te, "trigger", None))
    for side, kind in (("sources", "source"), ("targets", "target")):
        for actor in record.get(side) or []:
            a, b = actor.get("start"), actor.get("end")
            if isinstance(a, int) and isinstance(b, int):
                inner.append((a, b, kind, None))
    inner = [s for s in inner if start <= s[0] < s[1] <= end]
    out = [Segment(text[:start])] if start else []
    sentence = highlight(text[start:end], [(a - start, b - start, k, h) for a, b, k, h in inner])
    out.append(Segment("", "evidence-start"))
    out.extend(Segment(s.text, s.kind or "evidence", s.href) for s in sentence)
    out.append(Segment("", "evidence-end"))
    if end < len(text):
        out.append(Segment(text[end:]))
    return out


def get_event(store: Store, event_id: str) -> tuple[dict[str, Any], str | None, int] | None:
    """(record, story_id, article revision) of an event, or None."""
    found = stored_events.get_event(store, event_id)
    return None if found is None else (found.record, found.story_id, found.article_revision)


def get_article(store: Store, article_id: str, revision: int | None = None) -> Article | None:
    """An article revision (the current one by default)."""
    return store.get(article_id, revision=revision)


def get_story(store: Store, story_id: str) -> dict[str, Any] | None:
    """A story record, or None."""
    return stored_stories.get_story(store, story_id)


def story_mentions(store: Store, story_id: str, *, limit: int = 200) -> list[dict[str, Any]]:
    """The events of a story, with their articles' titles and outlets."""
    return _with_titles(store, stored_stories.story_mentions(store, story_id, limit=limit))


def _with_titles(store: Store, out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records with their articles' titles and outlets (``_title``, ``_outlet``) added."""
    titles = article_titles(store, {str(r["article_id"]) for r in out})
    for r in out:
        r["_title"], r["_outlet"] = titles.get(str(r["article_id"]), (None, None))
    return out


def same_event_elsewhere(
    store: Store, record: dict[str, Any], *, limit: int = 50
) -> list[dict[str, Any]]:
    """Events with the same type, dyad and date in other articles (before stories are built)."""
    src = ",".join(a.get("country") or "" for a in record.get("sources") or [])
    tgt = ",".join(a.get("country") or "" for a in record.get("targets") or [])
    found = stored_events.same_happening(
        store,
        source_countries=src,
        target_countries=tgt,
        date=record.get("date"),
        plover_type=record.get("plover_type"),
        other_than_article=record.get("article_id"),
        limit=limit,
    )
    return _with_titles(store, found)


def article_events(store: Store, article_id: str) -> list[dict[str, Any]]:
    """Every event coded from an article, in text order."""
    out = stored_events.article_events(store, article_id)
    out.sort(key=lambda r: ((r.get("evidence") or {}).get("start") or 0, r.get("event_id") or ""))
    return out


# -- actors and dyads --------------------------------------------------------------------------
#: Actor and dyad pages look at this many of the newest matching events for partners and networks.
SAMPLE = 5000


def actor_profile(store: Store, actor: str) -> dict[str, Any]:
    """Timeline, partners, cooperation vs conflict and ego network of an actor id or country."""
    flt = EventFilter(actor=actor, limit=SAMPLE)
    recs = list(iter_records(store, flt))
    names: dict[str, str] = {}
    partners: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    pair_edges: Counter[tuple[str, str]] = Counter()
    me = actor
    name = country_names().get(actor.upper(), actor)
    for r in recs:
        srcs, tgts = r.get("sources") or [], r.get("targets") or []
        for a in srcs + tgts:
            names.setdefault(str(a.get("actor_id")), str(a.get("name")))
            if a.get("actor_id") == actor:
                name = str(a.get("name"))

        def mine(a: dict[str, Any]) -> bool:
            return a.get("actor_id") == actor or (a.get("country") or "") == actor.upper()

        q = int(r.get("quad_class") or 1)
        if any(mine(a) for a in srcs):
            others = [a for a in tgts if not mine(a)]
        else:
            others = [a for a in srcs if not mine(a)]
        for o in others:
            partners[str(o.get("actor_id"))][q - 1] += 1
        for s in srcs:
            for t in tgts:
                if not mine(s) and not mine(t):
                    pair_edges[(str(s.get("actor_id")), str(t.get("actor_id")))] += 1
    top = sorted(partners.items(), key=lambda kv: (-sum(kv[1]), kv[0]))[:25]
    partner_rows = [
        {
            "actor_id": pid,
            "name": names.get(pid, pid),
            "events": sum(c),
            "cooperation": c[0] + c[1],
            "conflict": c[2] + c[3],
        }
        for pid, c in top
    ]
    ego_ids = {pid for pid, _ in top[:15]}
    nodes = [{"id": me, "label": name, "ego": True}] + [
        {"id": pid, "label": names.get(pid, pid), "ego": False} for pid in sorted(ego_ids)
    ]
    edges = [
        {
            "source": me,
            "target": pid,
            "weight": sum(c),
            "conflict": (c[2] + c[3]) > (c[0] + c[1]),
        }
        for pid, c in top[:15]
    ]
    for (s, t), n in pair_edges.items():
        if s in ego_ids and t in ego_ids and s != t:
            edges.append({"source": s, "target": t, "weight": n, "conflict": False})
    return {
        "actor": actor,
        "name": name,
        "sampled": len(recs),
        "sample_cap": SAMPLE,
        "timeline": timeline(store, EventFilter(actor=actor)),
        "by_quad": _quads(summaries.quad_counts(store, EventFilter(actor=actor))),
        "partners": partner_rows,
        "network": {"nodes": nodes, "edges": edges},
    }


def dyad_profile(store: Store, a: str, b: str) -> dict[str, Any]:
    """Cooperation and conflict between two actors (or countries), each direction, by month:
    the series of ``newsevents trends --count mentions`` (every modality), zero-filled."""
    from ..trends import period_range, trends

    ab, ba = EventFilter(source=a, target=b), EventFilter(source=b, target=a)
    rows = {
        key: {
            r.period: r
            for r in trends(store, source=src, target=tgt, count="mentions", modalities=None)
        }
        for key, src, tgt in (("ab", a, b), ("ba", b, a))
    }
    found = [m for by_month in rows.values() for m in by_month]
    months = list(period_range(min(found), max(found), "month")) if found else []

    def series(key: str, quads: tuple[int, ...]) -> list[int]:
        by_month = rows[key]
        return [
            sum(getattr(by_month[m], f"q{q}") for q in quads) if m in by_month else 0
            for m in months
        ]

    names = country_names()
    return {
        "a": a,
        "b": b,
        "a_name": names.get(a.upper(), a),
        "b_name": names.get(b.upper(), b),
        "months": months,
        "series": {
            "a_b_cooperation": series("ab", COOPERATION),
            "a_b_conflict": series("ab", CONFLICT),
            "b_a_cooperation": series("ba", COOPERATION),
            "b_a_conflict": series("ba", CONFLICT),
        },
        "latest": records(store, replace(ab, limit=25)) + records(store, replace(ba, limit=25)),
    }


# -- search ------------------------------------------------------------------------------------
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


def search(store: Store, q: str, *, limit: int = 50) -> list[dict[str, Any]]:
    """Articles matching a full-text query, with snippet pieces (matched pieces flagged)."""
    hits = store.search(q, limit=limit, mark=(MARK_OPEN, MARK_CLOSE))
    counts = stored_events.events_per_article(store, [h.article.id for h in hits])
    return [
        {
            "article": h.article,
            "snippet": list(_snippet_pieces(h.snippet)),
            "events": int(counts.get(h.article.id, 0)),
        }
        for h in hits
    ]


def _snippet_pieces(snippet: str) -> Iterator[tuple[str, bool]]:
    for i, part in enumerate(snippet.split(MARK_OPEN)):
        if i == 0:
            yield part.replace(MARK_CLOSE, ""), False
            continue
        hit, _, rest = part.partition(MARK_CLOSE)
        yield hit, True
        if rest:
            yield rest, False


# -- countries (where events happened) ---------------------------------------------------------
def country_profile(store: Store, code: str) -> dict[str, Any] | None:
    """What happened in a country (``location_country``): totals, timeline, places, latest
    events; None for a code that is not a country."""
    code = code.upper()
    name = country_names().get(code)
    if name is None:
        return None
    flt = EventFilter(country=code)
    return {
        "code": code,
        "name": name,
        "by_quad": _quads(summaries.quad_counts(store, flt)),
        "timeline": timeline(store, flt),
        "places": places(store, flt),
        "unplaced": unplaced(store, flt),
        "latest": records(store, replace(flt, limit=25)),
    }


# -- names: autocomplete -----------------------------------------------------------------------
SuggestKind = Literal["country", "actor"]


@dataclass(frozen=True, slots=True)
class NameEntry:
    """A code and the names it goes by (the first is its display name)."""

    code: str
    kind: SuggestKind
    names: tuple[str, ...]
    events: int = 0


@lru_cache(maxsize=1)
def country_entries() -> tuple[NameEntry, ...]:
    """Every country of the bundled actor dictionary with its name and aliases."""
    out: list[NameEntry] = []
    path = resources.files("newsevents") / "data" / "actors" / "countries.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            aliases = [str(p) for p in rec.get("patterns", []) if str(p) != rec["name"]]
            out.append(NameEntry(str(rec["id"]), "country", (str(rec["name"]), *aliases)))
    return tuple(out)


def actor_entries(store: Store) -> list[NameEntry]:
    """The actors the store's events name (id, name, events), most events first."""
    return [NameEntry(a.actor_id, "actor", (a.name,), a.events) for a in actor_names(store)]


def _score(entry: NameEntry, q: str) -> int | None:
    """How well ``q`` (lower case) names an entry: 0 exact code or name, 1 exact alias, 2 name
    prefix, 3 alias prefix, 4 word prefix, 5 part of a name or code; None when it does not."""
    code = entry.code.lower()
    names = [n.lower() for n in entry.names]
    if q == code or q == names[0]:
        return 0
    if q in names[1:]:
        return 1
    if names[0].startswith(q) or code.startswith(q):
        return 2
    if any(n.startswith(q) for n in names[1:]):
        return 3
    if any(w.startswith(q) for n in names for w in n.replace("_", " ").split()):
        return 4
    if any(q in n for n in names) or q in code:
        return 5
    return None


def suggest(
    q: str,
    *,
    kind: SuggestKind | None = None,
    actors: Sequence[NameEntry] = (),
    limit: int = 10,
) -> list[dict[str, Any]]:
    """Countries (by name, alias or ISO code) and actors (by name or id) matching ``q``, best
    first: ``{code, name, kind, events, exact}``. ``kind="country"`` gives countries only;
    countries count as actors too, since every actor filter takes a country code."""
    text = " ".join(q.lower().split())
    if not text:
        return []
    pool: list[NameEntry] = list(country_entries())
    if kind == "country":  # the country filter takes ISO 3166 alpha-3 codes only
        pool = [e for e in pool if len(e.code) == 3 and e.code.isalpha()]
    else:
        known = {e.code for e in pool}
        counts = {a.code: a.events for a in actors}
        pool = [replace(e, events=counts.get(e.code, 0)) for e in pool]
        pool += [a for a in actors if a.code not in known]
    scored = [(s, e) for e in pool if (s := _score(e, text)) is not None]
    scored.sort(key=lambda se: (se[0], -se[1].events, se[1].names[0], se[1].code))
    return [
        {
            "code": e.code,
            "name": e.names[0],
            "kind": e.kind,
            "events": e.events,
            "exact": s <= 1,
        }
        for s, e in scored[:limit]
    ]
