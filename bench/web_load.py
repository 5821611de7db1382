"""Benchmark: the web app at a million events. Fills a store by replicating the real coded events of
a few hundred articles of the combined corpus (fresh ids, dates spread over ten years; bulk SQL
insert, so the v4 summary triggers run), starts ``newsevents serve`` on 127.0.0.1, and has 10
concurrent clients (threads, httpx) make a bounded number of requests to the overview and to a
filtered explorer page; prints p50/p95 per page, the command and the machine.

Run: .venv/bin/python bench/web_load.py [EVENTS] [REQUESTS_PER_CLIENT]
     (NEWSEVENTS_BENCH_DB=path reuses a store filled by an earlier run)
     (default 1,000,000 events, 40 requests per client per page; target p95 < 300 ms)
"""

from __future__ import annotations

import gzip
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from _machine import machine, shared_dir

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 300
CLIENTS = 10
PAGES = {
    "overview": "/",
    "explorer (type=ASSAULT, since 2020, page 2)": "/events?type=ASSAULT&since=2020-01-01&page=2",
    "explorer (quad_class=4, country=UKR, by confidence)": (
        "/events?quad_class=4&country=UKR&sort=-confidence"
    ),
}


def fill(db: Path, n_events: int) -> float:
    """Code ARTICLES corpus articles, then replicate their events to ``n_events`` rows."""
    from newsevents.events.api import CODER_VERSION
    from newsevents.events.coder import Coder
    from newsevents.models import ArticleInput
    from newsevents.store import Store
    from newsevents.store.events import add_events, save_events

    corpus = shared_dir() / "corpora" / "combined_fulltext_en.jsonl.gz"
    items = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            day = (rec.get("date") or "")[:10]
            items.append(
                ArticleInput(
                    text=rec["text"],
                    title=rec.get("title"),
                    published=date.fromisoformat(day) if day else None,
                    source=rec.get("source"),
                    origin=rec["id"],
                )
            )
            if len(items) >= ARTICLES:
                break
    start = time.perf_counter()
    with Store(db) as store:
        results = store.add_articles(items)
        arts = [a for a in (store.get(r.id) for r in results) if a is not None]
        seeds: list[tuple[object, dict[str, object]]] = []
        for article, events in Coder().code_articles(arts):
            recs = [e.to_dict() for e in events]
            save_events(store, article, recs, coder_version=CODER_VERSION)
            seeds.extend((article, r) for r in recs)
        rng = random.Random(5)
        base = date(2015, 1, 1)
        rows: list[tuple[str, int, dict[str, object]]] = []
        for i in range(n_events - len(seeds)):
            article, ev = seeds[i % len(seeds)]
            rec = dict(ev)
            rec["event_id"] = f"b{i:09d}"
            rec["date"] = (base + timedelta(days=rng.randrange(3650))).isoformat()
            rows.append((str(rec["article_id"]), 1, rec))
            if len(rows) >= 50_000:
                add_events(store, rows)
                rows = []
        if rows:
            add_events(store, rows)
    return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load(base: str, path: str, per_client: int) -> list[float]:
    """Latencies (s) of CLIENTS threads each making ``per_client`` requests to ``path``."""
    out: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(base_url=base, timeout=60) as c:
            for _ in range(per_client):
                t = time.perf_counter()
                r = c.get(path)
                dt = time.perf_counter() - t
                r.raise_for_status()
                with lock:
                    out.append(dt)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def main() -> int:
    n_events = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    per_client = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    reuse = os.environ.get("NEWSEVENTS_BENCH_DB")  # a store this script filled before
    if reuse:
        db = Path(reuse)
        print(f"store: {db} (reused)")
    else:
        db = Path(tempfile.mkdtemp(prefix="newsevents-web-bench-")) / "bench.db"
        took = fill(db, n_events)
        print(f"store: {n_events:,} events from {ARTICLES} coded articles, filled in {took:.0f} s")
    port = free_port()
    exe = ROOT / ".venv" / "bin" / "newsevents"
    cmd = [str(exe), "--db", str(db), "serve", "--port", str(port), "--no-browser"]
    server = subprocess.Popen(cmd, env=dict(os.environ), stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/api/health", timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        print(f"command: {' '.join(sys.argv)}; {CLIENTS} clients x {per_client} requests per page")
        print(f"machine: {machine()}")
        print(f"{'page':55} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, path in PAGES.items():
            load(base, path, 2)  # warm-up
            lat = sorted(load(base, path, per_client))
            p50 = statistics.median(lat) * 1000
            p95 = lat[int(0.95 * (len(lat) - 1))] * 1000
            print(f"{name:55} {p50:8.1f} {p95:8.1f} {lat[-1] * 1000:8.1f}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
