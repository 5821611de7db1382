"""Benchmark: the event coder against bare spaCy on the same random articles, in one run.

Draws N random articles (seeded reservoir sample, never the first N) of
combined_fulltext_en.jsonl.gz, times bare spaCy ``nlp.pipe`` (the same verified model, full
pipeline) in this process, then runs ``newsevents code FILE --workers 1`` on the same articles as
a child process and reads its whole-process CPU time and peak RSS. Prints the ratio bare spaCy CPU
/ newsevents CPU (issue 12: >= 0.5, goal 0.7), articles/s, words/s and events, with the command
and the machine.

Run: .venv/bin/python bench/coder_speed.py [N] [--seed S]   (default N=300, seed 0)
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _machine import machine, shared_dir


def sample(corpus: Path, n: int, seed: int) -> list[dict[str, str]]:
    """A uniform random sample of ``n`` records (reservoir sampling, one pass)."""
    rng = random.Random(seed)
    out: list[dict[str, str]] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if len(out) < n:
                out.append(json.loads(line))
            else:
                j = rng.randrange(k + 1)
                if j < n:
                    out[j] = json.loads(line)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    corpus = shared_dir() / "corpora" / "combined_fulltext_en.jsonl.gz"
    if not corpus.is_file():
        print(f"corpus not found: {corpus} (set NEWSEVENTS_SHARED)", file=sys.stderr)
        return 2
    records = sample(corpus, a.n, a.seed)
    texts = [r["text"] for r in records]
    words = sum(len(t.split()) for t in texts)

    from newsevents.nlp import load_nlp

    nlp = load_nlp()
    list(nlp.pipe(["Warm-up: Russia and China held talks in Beijing on Monday."]))
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=8):
        pass
    bare_cpu, bare_wall = time.process_time() - cpu0, time.perf_counter() - wall0

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "sample.jsonl"
        src.write_text(
            "".join(
                json.dumps({"id": r["id"], "text": r["text"], "published": r.get("date")}) + "\n"
                for r in records
            ),
            "utf-8",
        )
        out = Path(tmp) / "events.jsonl"
        cmd = [
            sys.executable, "-m", "newsevents", "code", str(src), "--workers", "1",
            "--output", str(out),
        ]  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        wall = time.perf_counter() - wall0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        events = sum(1 for _ in out.open(encoding="utf-8"))
    ours_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_mb = after.ru_maxrss / 1024
    print(f"machine: {machine()}")
    print(f"command: .venv/bin/python bench/coder_speed.py {a.n} --seed {a.seed}")
    print(f"sample: {a.n} random articles of {corpus.name} (seed {a.seed}), {words:,} words")
    print(f"bare spaCy nlp.pipe: {bare_cpu:.1f} s CPU ({bare_wall:.1f} s wall)")
    print(
        f"newsevents code --workers 1: {ours_cpu:.1f} s CPU whole process ({wall:.1f} s wall, "
        f"model loading included), peak RSS {peak_mb:.0f} MB, {events} events"
    )
    print(f"articles/s: {a.n / wall:.1f}   words/s: {words / wall:,.0f}")
    print(f"ratio bare spaCy CPU / newsevents CPU: {bare_cpu / ours_cpu:.2f} (issue 12: >= 0.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
