"""Benchmark: which rule placed each event, on a store built from real news.

Workload: the 28 shared feeds (``corpora/news_feeds/news``) and a seeded random 1,000 articles of
``corpora/ir_demo_candidates_en.jsonl.gz`` ingested into a fresh store, coded with
``newsevents code --workers 1``. Prints the share of each ``extra.location_rule`` among all events
and among located events (those with a point), the command and the machine. Issue 14's target: at
most 20% of located events placed by the article's focus.

Run: .venv/bin/python bench/location_rules.py [--db PATH] [--n 1000] [--seed 14] [--rebuild]
[--recode] (an existing coded store at --db is read as it is; the ingested, uncoded store is kept
beside it as PATH.ingested so that another coder's run codes the very same articles). ``--recode``
then codes the store again (``code --recode``), so that each article takes its source's home
learned from the first coding (coder 0.5.11), and reports the shares, the seconds and how many
events changed their location's country or rule.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _machine import machine, shared_dir

#: Rules that give an event no point on the map.
UNPLACED = frozenset({"unplaced", "unknown", None})


def _run(db: Path, *args: str) -> None:
    """One ``newsevents`` command on the store (the importable newsevents, as PYTHONPATH says)."""
    cmd = [sys.executable, "-m", "newsevents", "--db", str(db), *args]
    print("$", " ".join(cmd[1:]), file=sys.stderr, flush=True)
    subprocess.run(cmd, check=False, env=os.environ.copy())


def _sample(corpus: Path, n: int, seed: int, out: Path) -> None:
    """A seeded random ``n`` records of the candidates file, written as JSONL for ingest."""
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip()]
    picked = sorted(random.Random(seed).sample(range(len(lines)), min(n, len(lines))))
    with out.open("w", encoding="utf-8") as fh:
        for i in picked:
            rec = json.loads(lines[i])
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def build(db: Path, *, n: int, seed: int) -> float:
    """Ingest (or reuse the kept ingested copy) and code; returns the coding seconds."""
    ingested = db.with_name(db.name + ".ingested")
    if not ingested.is_file():
        feeds = shared_dir() / "corpora" / "news_feeds" / "news"
        corpus = shared_dir() / "corpora" / "ir_demo_candidates_en.jsonl.gz"
        if not feeds.is_dir() or not corpus.is_file():
            sys.exit(f"shared corpora not found under {shared_dir()} (set NEWSEVENTS_SHARED)")
        tmp = Path(tempfile.mkdtemp(prefix="bench-locrules-"))
        sample = tmp / f"ir_demo_candidates_{n}_seed{seed}.jsonl"
        _sample(corpus, n, seed, sample)
        fresh = tmp / "ingested.db"
        _run(fresh, "ingest", str(feeds))
        _run(fresh, "ingest", str(sample))
        shutil.copyfile(fresh, ingested)
        shutil.rmtree(tmp, ignore_errors=True)
    shutil.copyfile(ingested, db)
    t0 = time.perf_counter()
    _run(db, "code", "--workers", "1", "--quiet")
    return time.perf_counter() - t0


def shares(db: Path) -> tuple[Counter[str], int, int]:
    """Events per location rule, the number of events and of located events."""
    from newsevents.store import Store
    from newsevents.store.stories import cluster_inputs

    rows = cluster_inputs(Store(db))
    rules: Counter[str] = Counter(r.location_rule or "none" for r in rows)
    located = sum(1 for r in rows if r.location_rule not in UNPLACED)
    return rules, len(rows), located


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--db", type=Path, default=Path("/tmp/bench-location-rules.db"))
    ap.add_argument("--n", type=int, default=1000, help="candidate articles to sample")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--rebuild", action="store_true", help="code the store again")
    ap.add_argument("--recode", action="store_true", help="then recode it with source homes")
    args = ap.parse_args()
    seconds = None
    if args.rebuild or not args.db.is_file():
        seconds = build(args.db, n=args.n, seed=args.seed)
    print(f"command: {' '.join(sys.argv)}")
    print(f"machine: {machine()}")
    if seconds is not None:
        print(f"coding: {seconds:.0f} s (--workers 1)")
    report(args.db)
    if args.recode:
        before = places(args.db)
        t0 = time.perf_counter()
        _run(args.db, "code", "--recode", "--workers", "1", "--quiet")
        print(f"\nrecoded with source homes: {time.perf_counter() - t0:.0f} s (--workers 1)")
        after = places(args.db)
        same = before.keys() & after.keys()
        moved = sum(1 for k in same if before[k][:2] != after[k][:2])
        country = sum(1 for k in same if before[k][1] != after[k][1])
        ruled = sum(1 for k in same if before[k][2] != after[k][2])
        print(
            f"events in both codings: {len(same):,}; location changed: {moved:,} (its country: "
            f"{country:,}); location rule changed: {ruled:,}"
        )
        report(args.db)
    return 0


def places(db: Path) -> dict[str, tuple[Any, Any, Any]]:
    """event id -> (location name, location country, location rule) of every stored event."""
    from newsevents.store import Store
    from newsevents.store.stories import cluster_inputs, event_records

    store = Store(db)
    ids = [r.event_id for r in cluster_inputs(store)]
    out: dict[str, tuple[Any, Any, Any]] = {}
    for event_id, rec in event_records(store, ids).items():
        loc = rec.get("location") or {}
        out[event_id] = (
            loc.get("name"),
            loc.get("country"),
            rec.get("extra", {}).get("location_rule"),
        )
    return out


def report(db: Path) -> None:
    """Print the store's events per location rule and the article-focus verdict."""
    rules, total, located = shares(db)
    print(f"events: {total:,}; located (with a point): {located:,}")
    print(f"{'rule':<20} {'events':>7} {'of all':>7} {'of located':>10}")
    for rule, count in rules.most_common():
        of_located = f"{count / located:.1%}" if located and rule not in UNPLACED else "-"
        print(f"{rule:<20} {count:>7,} {count / max(total, 1):>7.1%} {of_located:>10}")
    focus = rules.get("article_focus", 0) + rules.get("focus", 0)
    share = focus / located if located else 0.0
    verdict = "met" if share <= 0.20 else "NOT met"
    print(f"article focus among located events: {share:.1%} (target <= 20%: {verdict})")


if __name__ == "__main__":
    raise SystemExit(main())
