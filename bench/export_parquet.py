"""Benchmark: export 1,000,000 stored events to Parquet (and CSV); print rows/s, seconds, peak RSS.

Set-up (not timed): a few hundred articles spread over the shared corpus
combined_fulltext_en.jsonl.gz are ingested and coded with the real pipeline (`newsevents ingest`
and `newsevents code`), then their events are replicated with fresh ids by one INSERT ... SELECT
until the store holds the requested number of events. Each export runs as a child process timed
from the parent (peak RSS from wait4): the `newsevents export` command itself (Arrow batch read
path), and the reference path (json.loads + records.flatten per row) for comparison.

Run: .venv/bin/python bench/export_parquet.py [--events N] [--articles N] [--store FILE]
(target: 1,000,000 events to Parquet in < 30 s; --store keeps and reuses the filled store)
"""

from __future__ import annotations

import argparse
import gzip
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _machine import machine, shared_dir

PYTHON_PATH = """
import sys
from newsevents.export import iter_flat_tables, open_binary, write_parquet
from newsevents.store import Store
from newsevents.store.events import EventFilter
with Store(sys.argv[1]) as store, open_binary(sys.argv[2]) as fh:
    n = write_parquet(iter_flat_tables(store, EventFilter(limit=None), "mentions",
                                       method="python"), fh)
print(n)
"""


def _run(cmd: list[str]) -> tuple[float, float, float]:
    """Run a child process; its wall seconds, CPU seconds (user + system) and peak RSS in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def fill_store(db: Path, n_events: int, n_articles: int) -> int:
    """Ingest and code articles from the corpus, then replicate events to ``n_events``."""
    corpus = shared_dir() / "corpora" / "combined_fulltext_en.jsonl.gz"
    if not corpus.is_file():
        raise SystemExit(f"corpus not found: {corpus} (set NEWSEVENTS_SHARED)")
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        lines = fh.readlines()
    step = max(len(lines) // n_articles, 1)
    picked = lines[::step][:n_articles]
    newsevents = [sys.executable, "-m", "newsevents", "--db", str(db)]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as tmp:
        tmp.writelines(picked)
    try:
        subprocess.run([*newsevents, "ingest", "--quiet", tmp.name], check=True)
    finally:
        os.unlink(tmp.name)
    subprocess.run([*newsevents, "code", "--quiet"], check=True)
    conn = sqlite3.connect(db)
    base = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    if base == 0:
        raise SystemExit("no events coded")
    copies = -(-n_events // base) - 1
    cols = [r[1] for r in conn.execute("PRAGMA table_info(events)")]
    select = ", ".join(
        "e.event_id || '-' || k.n"
        if c == "event_id"
        else "json_set(e.record, '$.event_id', e.event_id || '-' || k.n)"
        if c == "record"
        else f"e.{c}"
        for c in cols
    )
    with conn:
        conn.execute(
            f"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ?) "
            f"INSERT INTO events ({', '.join(cols)}) SELECT {select} FROM "
            "(SELECT * FROM events ORDER BY event_id) e, k",
            (copies,),
        )
        # Trim to exactly n_events.
        conn.execute(
            "DELETE FROM events WHERE rowid IN (SELECT rowid FROM events ORDER BY rowid DESC "
            "LIMIT max((SELECT COUNT(*) FROM events) - ?, 0))",
            (n_events,),
        )
    total = int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
    conn.close()
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--store", type=Path, help="store file to fill (kept) or reuse")
    parser.add_argument("--skip-python", action="store_true", help="skip the reference path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        db = args.store or tmp / "bench.db"
        start = time.perf_counter()
        if db.exists():
            conn = sqlite3.connect(db)
            total = int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
            conn.close()
        else:
            total = fill_store(db, args.events, args.articles)
        setup = time.perf_counter() - start
        size = db.stat().st_size / 1e9
        print(f"machine: {machine()}")
        print(f"store: {total:,} events, {size:.2f} GB (set-up {setup:.0f} s)")
        base = [sys.executable, "-m", "newsevents", "--db", str(db), "export", "--quiet"]
        runs: list[tuple[str, list[str], Path]] = []
        for fmt in ("parquet", "csv"):
            out = tmp / f"events.{fmt}"
            runs.append((fmt, [*base, "--unit", "mentions", "-f", fmt, "-o", str(out)], out))
        if not args.skip_python:
            out = tmp / "events-python.parquet"
            runs.append(
                (
                    "parquet via json.loads+flatten",
                    [sys.executable, "-c", PYTHON_PATH, str(db), str(out)],
                    out,
                )
            )
        for label, cmd, out in runs:
            seconds, cpu, rss = _run(cmd)
            target = "  (target < 30 s)" if label == "parquet" else ""
            print(
                f"{label}: {total / seconds:,.0f} rows/s, {seconds:.1f} s ({cpu:.1f} s CPU), "
                f"peak RSS {rss:,.0f} MB, {out.stat().st_size / 1e6:,.0f} MB written{target}"
            )
            if cmd[1:3] == ["-m", "newsevents"]:
                print(f"  command: newsevents {' '.join(cmd[3:])}")
        print(f"command: python bench/export_parquet.py {' '.join(sys.argv[1:])}".rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
