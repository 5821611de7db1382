"""Benchmark: `newsevents run` scaling on the combined corpus, local and Dask engines.

For each engine, worker count and size it runs one fresh child process (so peak memory figures
do not leak from one configuration into the next) that codes the first N articles of
``combined_fulltext_en.jsonl.gz`` into Parquet partitions in a temporary folder, and prints
articles/s (worker start-up and model loading included), scaling efficiency (2 workers over 1),
peak RSS of every worker process (VmHWM, reported by the workers themselves) and the load average
before and after (the machine may be shared). "Cores obtained" is the workers' CPU time over the
wall time: on a shared machine it shows how much of the 2 cores a configuration actually got, and
the CPU time per article (1 worker vs 2) shows the parallel overhead independently of that.

``--memory S``: memory flatness - 2 workers on the first S articles and on the same S articles
replicated 4 times (written line by line to a temporary file, never held in memory); the peak RSS
per worker of the two must match.

Run:  .venv/bin/python bench/scaling.py                      # sizes 1000,10000; 1,2 workers;
      .venv/bin/python bench/scaling.py --sizes all --workers 2 --engines local
      .venv/bin/python bench/scaling.py --sizes none --memory 2000
Targets: efficiency >= 1.7, peak RSS per worker < 1 GB, 4x corpus peak <= 1x corpus peak.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _machine import machine, shared_dir

HERE = Path(__file__).resolve().parent


def one(
    engine: str, workers: int, size: int | None, corpus: str, out: str, lines: int | None
) -> dict[str, Any]:
    """One configuration, in this process (called in a child by main)."""
    from newsevents.engine.pipeline import RunSettings
    from newsevents.engine.run import make_engine, run
    from newsevents.events.api import CODER_VERSION
    from newsevents.events.coder import CoderOptions

    load_before = os.getloadavg()
    started = time.perf_counter()
    report = run(
        [corpus],
        out,
        engine=make_engine(
            "dask" if engine == "dask" else "local", options=CoderOptions(), workers=workers
        ),
        settings=RunSettings(coder_version=CODER_VERSION),
        limit=size,
        partition_lines=lines,
    )
    wall = time.perf_counter() - started
    import resource

    return {
        "engine": engine,
        "workers": workers,
        "size": size,
        "articles": report.articles,
        "coded": report.coded,
        "events": report.events,
        "partitions": report.partitions,
        "seconds": wall,
        "articles_per_s": report.articles / wall if wall else 0.0,
        "worker_peak_rss_mb": sorted(report.peak_rss_mb.values()),
        "worker_cpu_s": sum(report.cpu_seconds.values()),
        "parent_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "errors": len(report.errors) + len(report.failures),
        "load_before": load_before,
        "load_after": os.getloadavg(),
    }


def child(
    engine: str, workers: int, size: int | None, corpus: Path, lines: int | None = None
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="newsevents-scaling-") as tmp:
        cmd = [
            sys.executable,
            str(HERE / "scaling.py"),
            "--one",
            json.dumps([engine, workers, size, str(corpus), str(Path(tmp) / "out"), lines]),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"configuration failed: {cmd}\n{proc.stderr[-3000:]}")
        result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
        return result


def show(r: dict[str, Any]) -> None:
    rss = ", ".join(f"{m:,.0f}" for m in r["worker_peak_rss_mb"])
    print(
        f"  {r['engine']:5} workers={r['workers']} size={r['articles']:>6,}: "
        f"{r['articles_per_s']:6.1f} articles/s ({r['seconds']:.1f} s, {r['events']:,} events, "
        f"{r['partitions']} partitions); peak RSS per worker MB: [{rss}]; "
        f"cores obtained {r.get('worker_cpu_s', 0.0) / r['seconds']:.2f}; "
        f"load {r['load_before'][0]:.2f} -> {r['load_after'][0]:.2f}",
        flush=True,
    )


def replicate(corpus: Path, n: int, times: int, dest: Path) -> None:
    """The first n records, ``times`` times (ids suffixed), streamed line by line to dest."""
    with dest.open("w", encoding="utf-8") as out:
        for rep in range(times):
            with gzip.open(corpus, "rt", encoding="utf-8") as fh:
                for i, line in enumerate(fh):
                    if i >= n:
                        break
                    rec = json.loads(line)
                    rec["id"] = f"{rec['id']}#r{rep}"
                    out.write(json.dumps(rec) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated; 'all'; 'none'")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--engines", default="local,dask")
    ap.add_argument("--memory", type=int, default=0, help="memory flatness check on S articles")
    ap.add_argument("--partition-lines", type=int, default=None, help="default: automatic")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        engine, workers, size, corpus, out, lines = json.loads(args.one)
        print(json.dumps(one(engine, workers, size, corpus, out, lines)))
        return 0
    corpus = shared_dir() / "corpora" / "combined_fulltext_en.jsonl.gz"
    if not corpus.is_file():
        print(f"corpus not found: {corpus} (set NEWSEVENTS_SHARED)", file=sys.stderr)
        return 2
    print(f"command: python bench/scaling.py {' '.join(sys.argv[1:])}")
    print(f"machine: {machine()}")
    print(f"corpus: {corpus}")
    sizes: list[int | None] = []
    if args.sizes != "none":
        sizes = [None if s == "all" else int(s) for s in args.sizes.split(",")]
    workers = [int(w) for w in args.workers.split(",")]
    for engine in args.engines.split(","):
        for size in sizes:
            results = {}
            for w in workers:
                results[w] = child(engine, w, size, corpus, args.partition_lines)
                show(results[w])
            if 1 in results and 2 in results:
                eff = results[2]["articles_per_s"] / results[1]["articles_per_s"]
                cpu1 = results[1].get("worker_cpu_s", 0.0) / max(results[1]["articles"], 1)
                cpu2 = results[2].get("worker_cpu_s", 0.0) / max(results[2]["articles"], 1)
                print(
                    f"  -> {engine} size={results[1]['articles']:,}: efficiency "
                    f"(2 workers / 1) = {eff:.2f} (target >= 1.7); CPU s per article "
                    f"{cpu1:.3f} (1 worker) vs {cpu2:.3f} (2 workers): on 2 free cores "
                    f"2 workers would reach {2 * cpu1 / cpu2 if cpu2 else 0:.2f}",
                    flush=True,
                )
    if args.memory:
        with tempfile.TemporaryDirectory(prefix="newsevents-replica-") as tmp:
            base, big = Path(tmp) / "x1.jsonl", Path(tmp) / "x4.jsonl"
            replicate(corpus, args.memory, 1, base)
            replicate(corpus, args.memory, 4, big)
            r1 = child("local", 2, None, base, args.partition_lines)
            show(r1)
            r4 = child("local", 2, None, big, args.partition_lines)
            show(r4)
            p1, p4 = max(r1["worker_peak_rss_mb"]), max(r4["worker_peak_rss_mb"])
            print(
                f"  -> memory: peak RSS per worker {p1:,.0f} MB at 1x ({r1['articles']:,}) vs "
                f"{p4:,.0f} MB at 4x ({r4['articles']:,}); ratio {p4 / p1:.3f} "
                f"(target <= 1, within noise); parent {r1['parent_peak_rss_mb']:,.0f} / "
                f"{r4['parent_peak_rss_mb']:,.0f} MB",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
