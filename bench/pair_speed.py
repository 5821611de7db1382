"""Benchmark: the shipped pair head (linear + fine-tuned MiniLM) against the linear model alone.

Run: .venv/bin/python bench/pair_speed.py [N]
Times ``predict_batch`` on N (200) PLV pairs drawn at random (seed 0) from
eval/plv_train/PLV_train.tsv, with the sentences parsed beforehand (as the coder passes its
parse) and with the parse included, for the linear model alone and for the shipped pair head;
the bare spaCy parse of the same sentences is the baseline. Prints ms per pair, the command and
the machine. Models are loaded before timing (load time printed apart).
"""

from __future__ import annotations

import csv
import random
import sys
import time

from _machine import machine, shared_dir
from newsevents.events.classifier import PairClassifier, parse
from newsevents.events.pair_transformer import load_pair_classifier


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    path = shared_dir() / "eval" / "plv_train" / "PLV_train.tsv"
    if not path.is_file():
        print(f"PLV_train not found: {path} (set NEWSEVENTS_SHARED)", file=sys.stderr)
        return 2
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    rows = random.Random(0).sample(rows, min(n, len(rows)))
    items = [
        (
            r["sentence"],
            r["source"] if r["source"] in r["sentence"] else "",
            r["target"] if r["target"] in r["sentence"] else "",
        )
        for r in rows
    ]
    started = time.perf_counter()
    linear = PairClassifier.load()
    loaded_linear = time.perf_counter() - started
    started = time.perf_counter()
    both = load_pair_classifier()
    loaded_both = time.perf_counter() - started
    parse([items[0][0]])  # the spaCy pipeline loaded before timing
    started = time.perf_counter()
    docs = parse([s for s, _, _ in items])
    t_parse = time.perf_counter() - started
    figures = []
    for name, clf in (("linear model alone", linear), ("shipped pair head", both)):
        started = time.perf_counter()
        clf.predict_batch(items, docs)
        given = time.perf_counter() - started
        started = time.perf_counter()
        clf.predict_batch(items)
        whole = time.perf_counter() - started
        figures.append((name, given, whole))
    print(f"command: .venv/bin/python bench/pair_speed.py {n}")
    print(f"machine: {machine()}")
    print(f"{len(items)} random PLV pairs (seed 0)")
    print(f"load: linear {loaded_linear:.2f} s, transformer on top {loaded_both:.2f} s")
    print(f"bare spaCy parse (baseline): {1000 * t_parse / len(items):.2f} ms per pair")
    for name, given, whole in figures:
        print(
            f"{name}: {1000 * given / len(items):.2f} ms per pair with the parse given, "
            f"{1000 * whole / len(items):.2f} ms parsing too"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
