"""Benchmark: peak memory of one coding process on the corpus' longest articles.

Codes lines START..START+N of ``combined_fulltext_en.jsonl.gz`` (by default the stretch holding its
longest articles, 36k-58k characters) in spaCy memory zones as the engines do, with a given
``nlp.pipe`` batch size, and prints VmRSS/VmHWM after each zone, the seconds, the command and the
machine. Run:  .venv/bin/python bench/peak_memory.py [--start 21850] [--n 100] [--batch-size 8]
Target: peak RSS per worker under 1 GB.

``--passes K`` codes the same stretch K times in the one process and prints RSS after each pass:
memory that keeps growing pass after pass would grow with the corpus (a leak); a flat line after
the first passes means it is bounded (e.g. ``--start 0 --n 2000 --passes 5``).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time

from _machine import machine, shared_dir


def _status(key: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key):
                return int(line.split()[1]) // 1024
    return -1


def main() -> None:
    """Code the stretch and print the memory figures."""
    from newsevents.events.coder import Coder, CoderOptions
    from newsevents.models import Article
    from newsevents.pipeline import zone_chunks

    ap = argparse.ArgumentParser()
    ap.add_argument("--start", type=int, default=21850)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--batch-size", type=int, default=CoderOptions().batch_size)
    ap.add_argument("--passes", type=int, default=1, help="code the stretch this many times")
    args = ap.parse_args()
    corpus = shared_dir() / "corpora" / "combined_fulltext_en.jsonl.gz"
    print(f"command: python {' '.join(sys.argv)}")
    print(f"machine: {machine()}")
    coder = Coder(CoderOptions(batch_size=args.batch_size))
    articles = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(itertools.islice(fh, args.start, args.start + args.n)):
            d = json.loads(line)
            articles.append(
                Article(
                    f"a{i}",
                    1,
                    d.get("title"),
                    d.get("text") or "",
                    None,
                    None,
                    None,
                    "en",
                    "",
                    "",
                    "",
                )
            )
    longest = max(len(a.text) for a in articles)
    print(f"articles {args.start}..{args.start + args.n}: longest {longest:,} characters")
    started = time.perf_counter()
    done = 0
    for n_pass in range(1, args.passes + 1):
        for chunk in zone_chunks(iter(articles)):
            with coder.nlp.memory_zone():
                done += sum(1 for _ in coder.code_articles(iter(chunk)))
        if args.passes > 1:
            print(f"pass {n_pass}: RSS {_status('VmRSS')} MB, peak RSS {_status('VmHWM')} MB")
    print(
        f"batch size {args.batch_size}: {done} articles in {time.perf_counter() - started:.1f} s; "
        f"RSS {_status('VmRSS')} MB, peak RSS {_status('VmHWM')} MB (target < 1,024 MB)"
    )


if __name__ == "__main__":
    main()
