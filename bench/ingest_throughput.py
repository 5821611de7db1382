"""Benchmark: ingest the 27,780-article corpus into a fresh store; print articles/s and peak RSS.

Run: .venv/bin/python bench/ingest_throughput.py [CORPUS]   (targets: >= 2,000 articles/s, < 500 MB)
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _machine import machine, shared_dir


def main() -> int:
    corpus = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else (shared_dir() / "corpora" / "combined_fulltext_en.jsonl.gz")
    )
    if not corpus.is_file():
        print(f"corpus not found: {corpus} (set NEWSEVENTS_SHARED)", file=sys.stderr)
        return 2
    with gzip.open(corpus, "rb") as fh:
        n = sum(1 for line in fh if line.strip())
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        cmd = [
            sys.executable,
            "-m",
            "newsevents",
            "--db",
            str(db),
            "ingest",
            "--quiet",
            str(corpus),
        ]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            print(f"ingest failed with status {status}", file=sys.stderr)
            return 1
        db_mb = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
    rss_mb = usage.ru_maxrss / 1024
    print(f"command: {' '.join(cmd[1:3])} --db DB ingest --quiet {corpus.name}")
    print(f"machine: {machine()}")
    print(f"articles: {n:,} in {elapsed:.1f} s = {n / elapsed:,.0f} articles/s (target >= 2,000)")
    print(f"peak RSS: {rss_mb:,.0f} MB (target < 500 MB); store size {db_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
