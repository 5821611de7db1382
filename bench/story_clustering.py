"""Benchmark: near-duplicate detection and story clustering of 100,000 stored events.

Workload: the first N articles of ``ir_demo_candidates_en.jsonl.gz`` (diplomacy, conflict,
protest) are coded by the real coder; their events are then replicated into synthetic articles
until there are TARGET events. Each replica gets its own outlet (one of 40), a publication date
shifted by a random offset within +/- 2 years (event dates shift with it), a text made of the
base article's first 150 words in a random order (so replicas are not near-duplicates of each
other), and confidences jittered by +/- 0.05; 30% of replicas are syndicated to 1-3 further
outlets the same or the next day with the same text (one word changed), which is what the
near-duplicate stage must catch and the clustering must merge.

Run: .venv/bin/python bench/story_clustering.py [N] [TARGET]   (defaults 300, 100000;
target: clustering 100,000 events in under 60 s on one core)
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from _machine import machine, shared_dir


def _shift(value: str | None, days: int) -> str | None:
    if not value or len(value) < 10:
        return value
    try:
        return (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return value


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    target = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    corpus = shared_dir() / "corpora" / "ir_demo_candidates_en.jsonl.gz"
    if not corpus.is_file():
        print(f"corpus not found: {corpus} (set NEWSEVENTS_SHARED)", file=sys.stderr)
        return 2
    docs: list[dict[str, Any]] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            docs.append(json.loads(line))
            if len(docs) >= n:
                break

    from newsevents.events.coder import Coder
    from newsevents.models import ArticleInput
    from newsevents.store import Store
    from newsevents.store.articles import duplicates
    from newsevents.store.events import add_events
    from newsevents.stories import build_stories, update_signatures
    from newsevents.stories.build import _load_events
    from newsevents.stories.cluster import cluster_events

    coder = Coder()
    t0 = time.perf_counter()
    base: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for d in docs:
        evs = [e.to_dict() for e in coder.code_text(d["text"], published=d.get("date"))]
        if evs:
            base.append((d, evs))
    coding = time.perf_counter() - t0
    n_base = sum(len(e) for _, e in base)
    rng = random.Random(7)
    outlets = [f"outlet{i:02d}.example" for i in range(40)]
    tmp = Path(tempfile.mkdtemp(prefix="bench-stories-"))
    store = Store(tmp / "bench.db")
    articles: list[ArticleInput] = []
    events: list[tuple[int, dict[str, Any]]] = []  # (index into articles, record)
    replica = 0
    while len(events) < target:
        d, evs = base[replica % len(base)]
        replica += 1
        shift = rng.randint(-730, 730)
        published = date.fromisoformat((d.get("date") or "2020-01-01")[:10]) + timedelta(shift)
        words = d["text"].split()[:150]
        rng.shuffle(words)
        text = " ".join(words)
        copies = [(text, 0)]
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                w = list(words)
                w[rng.randrange(len(w))] = "edited"
                copies.append((" ".join(w), rng.randint(0, 1)))
        for text_i, lag in copies:
            outlet = rng.choice(outlets)
            articles.append(
                ArticleInput(
                    text=text_i,
                    title=d.get("title"),
                    published=published + timedelta(lag),
                    source=outlet,
                    url=f"https://{outlet}/{replica}/{len(articles)}",
                )
            )
            for ev in evs:
                rec = dict(ev)
                rec["date"] = _shift(ev["date"], shift)
                rec["confidence"] = round(
                    min(1.0, max(0.05, ev["confidence"] + rng.uniform(-0.05, 0.05))), 3
                )
                events.append((len(articles) - 1, rec))
    events = events[:target]
    ids = [r.id for r in store.add_articles(articles)]
    rows = []
    for ai, rec in events:
        aid = ids[ai]
        rec["article_id"] = aid
        rec["event_id"] = "e" + hashlib.sha256(f"{aid}|{rec['event_id']}".encode()).hexdigest()[:20]
        rows.append((aid, 1, rec))
    add_events(store, rows)
    t0 = time.perf_counter()
    signed = update_signatures(store)
    sig_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = build_stories(store)
    build_s = time.perf_counter() - t0
    loaded, _ = _load_events(store)
    dup_root: dict[str, str] = {}
    for a, b, _sim in duplicates(store):
        dup_root[a] = b
        dup_root[b] = b
    t0 = time.perf_counter()
    clusters = cluster_events(loaded, dup_root)
    cluster_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    build_stories(store)
    rebuild_s = time.perf_counter() - t0
    store.close()
    shutil.rmtree(tmp, ignore_errors=True)

    print(f"command: python bench/story_clustering.py {n} {target}")
    print(f"machine: {machine()}")
    print(
        f"workload: {len(base)} of the first {n} ir_demo articles coded ({n_base} events, "
        f"{coding:.1f} s), replicated {replica} times into {len(articles):,} articles "
        f"(30% syndicated to 1-3 more outlets, dates shifted +/- 2 years, 40 outlets) "
        f"and {len(events):,} events"
    )
    print(f"signatures: {signed:,} articles in {sig_s:.1f} s ({signed / sig_s:,.0f} articles/s)")
    print(
        f"build_stories (duplicates + clustering + atomic write): {report.events:,} events -> "
        f"{report.stories:,} stories, {report.duplicates:,} near-duplicate articles, "
        f"{build_s:.2f} s ({report.events / build_s:,.0f} events/s; target < 60 s)"
    )
    print(
        f"  clustering alone: {cluster_s:.2f} s ({len(loaded) / cluster_s:,.0f} events/s, "
        f"{len(clusters):,} stories); idempotent rebuild: {rebuild_s:.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
