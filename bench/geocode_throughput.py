"""Benchmark: geocode the places of articles from the combined corpus; print places/s for
resolution alone (given parsed spaCy docs) and end to end (NER + resolution), plus the gazetteer's
load time (one process, one core).

Run: .venv/bin/python bench/geocode_throughput.py [--limit N] [--extended]   (default N=10000;
--extended: geoparse's mentions, else the event coder's)
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time

from _machine import machine, shared_dir


def main() -> int:
    ap = argparse.ArgumentParser(description="geocoding throughput")
    ap.add_argument("--limit", type=int, default=10_000, help="articles (default 10,000)")
    ap.add_argument(
        "--extended",
        action="store_true",
        help="the extended mentions of geoparse (demonyms, finder, recogniser), not the coder's",
    )
    args = ap.parse_args()
    corpus = shared_dir() / "corpora" / "combined_fulltext_en.jsonl.gz"
    if not corpus.is_file():
        print(f"corpus not found: {corpus} (set NEWSEVENTS_SHARED)", file=sys.stderr)
        return 2
    texts: list[str] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if len(texts) >= args.limit:
                break

    t0 = time.perf_counter()
    from newsevents.geo import load_gazetteer, place_mentions, resolve_mentions

    gaz = load_gazetteer()
    load_s = time.perf_counter() - t0
    from newsevents.geo.api import _ner_pipeline

    nlp = _ner_pipeline()
    nlp("Warm-up: talks in Paris.")
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    ner_s = time.perf_counter() - start
    start = time.perf_counter()
    places = 0
    for doc in docs:
        mentions = place_mentions(doc, gaz=gaz, extended=args.extended)
        places += len(resolve_mentions(doc.text, mentions, gaz))
    resolve_s = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    flag = " --extended" if args.extended else ""
    print(f"command: python bench/geocode_throughput.py --limit {args.limit}{flag}")
    print(f"machine: {machine()}")
    print(f"gazetteer load: {load_s:.2f} s ({len(gaz):,} entries)")
    print(f"articles: {len(texts):,}; places resolved: {places:,}")
    print(
        f"  resolution only (given spaCy docs): {places / resolve_s:,.0f} places/s "
        f"({len(texts) / resolve_s:,.0f} articles/s, {resolve_s:.1f} s)"
    )
    total = ner_s + resolve_s
    print(
        f"  end to end (NER + resolution): {places / total:,.0f} places/s "
        f"({len(texts) / total:,.1f} articles/s, {total:.1f} s; NER is "
        f"{ner_s / total:.0%} of it)"
    )
    print(f"  peak RSS: {rss:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
