"""Benchmark: code articles of the combined corpus; print articles/s, words/s, events/s, peak RSS,
and the ratio to bare spaCy ``nlp.pipe`` on the same texts in the same run (one process, one core).

Run: .venv/bin/python bench/code_throughput.py [N]   (default N=1000; targets: >= 25 articles/s,
>= 0.7 of bare spaCy, peak RSS < 1 GB)
"""

from __future__ import annotations

import gzip
import json
import resource
import sys
import time
from dataclasses import dataclass

from _machine import machine, shared_dir


@dataclass
class Doc:
    id: str
    text: str
    published: str | None


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    corpus = shared_dir() / "corpora" / "combined_fulltext_en.jsonl.gz"
    if not corpus.is_file():
        print(f"corpus not found: {corpus} (set NEWSEVENTS_SHARED)", file=sys.stderr)
        return 2
    docs: list[Doc] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            docs.append(Doc(rec["id"], rec["text"], rec.get("date")))
            if len(docs) >= n:
                break
    words = sum(len(d.text.split()) for d in docs)

    from newsevents.events.coder import Coder

    coder = Coder()
    coder.code_text("Warm-up: Russia and China held talks in Beijing on Monday.")
    start = time.perf_counter()
    for _ in coder.nlp.pipe((d.text for d in docs), batch_size=32):
        pass
    bare = time.perf_counter() - start
    start = time.perf_counter()
    events = sum(len(evs) for _, evs in coder.code_articles(docs))
    ours = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from newsevents._pool import default_workers
    from newsevents.events.coder import CoderOptions
    from newsevents.models import Article
    from newsevents.pipeline import code_articles

    workers = default_workers()
    arts = [Article(d.id, 1, None, d.text, d.published, None, None, "en", "", "", "") for d in docs]
    start = time.perf_counter()
    par_events = sum(len(e or []) for _, e in code_articles(arts, CoderOptions(), workers=workers))
    par = time.perf_counter() - start
    print(f"command: python bench/code_throughput.py {n}")
    print(f"machine: {machine()}")
    print(f"articles: {len(docs):,} ({words:,} words) in {ours:.1f} s, one process")
    print(
        f"  {len(docs) / ours:,.1f} articles/s (target >= 25), {words / ours:,.0f} words/s, "
        f"{events / ours:,.1f} events/s ({events:,} events)"
    )
    print(
        f"  bare spaCy nlp.pipe: {len(docs) / bare:,.1f} articles/s; ratio {bare / ours:.2f} "
        "(target >= 0.7)"
    )
    print(f"  peak RSS: {rss:,.0f} MB (target < 1,024 MB)")
    print(
        f"  --workers {workers}: {len(docs) / par:,.1f} articles/s including worker start-up "
        f"({par_events:,} events; speed-up {ours / par:.2f}x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
