"""Benchmark: date expressions on 1,000 real articles (regex path, no spaCy) + TimeBank accuracy.

Run: .venv/bin/python bench/time_resolution.py [CORPUS] [N]
Prints expressions/s, ms per article and per sentence for resolve_dates() on N (1,000) articles
of combined_fulltext_en.jsonl.gz spread evenly over the file (so every sub-corpus is in), each
anchored at its own date, then the TimeBank
(TBAQ-cleaned) DATE value accuracy and span P/R/F1 (see newsevents.time.timeml).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from pathlib import Path

from _machine import machine, shared_dir
from newsevents.time import resolve_dates
from newsevents.time.timeml import evaluate_timeml

_SENTENCE = re.compile(r"[.!?]+[\"'”’)]*\s+(?=[A-Z\"“(])|\n\s*\n")


def main() -> int:
    corpus = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else shared_dir() / "corpora" / "combined_fulltext_en.jsonl.gz"
    )
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    if not corpus.is_file():
        print(f"corpus not found: {corpus} (set NEWSEVENTS_SHARED)", file=sys.stderr)
        return 2
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip()]
    step = max(1, len(lines) // n)
    articles: list[tuple[str, str | None]] = []
    for line in lines[::step][:n]:
        obj = json.loads(line)
        articles.append((obj.get("text") or "", obj.get("date")))
    del lines
    chars = sum(len(t) for t, _ in articles)
    sentences = sum(len(_SENTENCE.split(t)) for t, _ in articles)
    resolve_dates(articles[0][0], articles[0][1])  # warm-up (pattern compilation is at import)
    best = float("inf")
    found = 0
    for _ in range(3):
        start = time.perf_counter()
        found = sum(len(resolve_dates(text, date)) for text, date in articles)
        best = min(best, time.perf_counter() - start)
    print(f"command: {Path(sys.executable).name} bench/time_resolution.py {corpus.name} {n}")
    print(f"machine: {machine()}")
    print(
        f"articles: {len(articles):,}, every {step}th ({chars / len(articles):,.0f} chars, "
        f"{sentences / len(articles):.1f} sentences on average); best of 3 runs"
    )
    print(
        f"regex path: {found:,} expressions in {best:.3f} s = {found / best:,.0f} expressions/s, "
        f"{best * 1000 / len(articles):.3f} ms/article, "
        f"{best * 1000 / sentences:.4f} ms/sentence (target well under 1 ms/sentence)"
    )
    timebank = shared_dir() / "eval" / "timebank" / "TBAQ-cleaned"
    if timebank.is_dir():
        r = evaluate_timeml(timebank)
        s = r["span_date"]
        print(
            f"TimeBank (TBAQ-cleaned, {r['documents']} docs, {r['gold_dates']} gold DATE timexes): "
            f"value accuracy {r['value_accuracy']:.4f}; DATE spans P {s['precision']:.3f} "
            f"R {s['recall']:.3f} F1 {s['f1']:.3f}"
        )
    else:
        print(f"TimeBank not found at {timebank}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
