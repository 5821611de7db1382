"""Code a fixed random sample of corpus articles with the public coder and write the events, so a
refactor can be checked byte for byte against the commit before it.

    python scripts/compare_coder_output.py OUT.jsonl                  # code the sample
    python scripts/compare_coder_output.py --compare OLD.jsonl NEW.jsonl

The sample is ``SAMPLE_SIZE`` articles drawn with a fixed seed from the whole corpus (not its first
lines). They are coded by the public entry point, ``newsevents code FILE --output`` in one
process, and every event is written as JSON with sorted keys, in input order.

``--compare`` reports whether the two files are byte-identical and, where they are not, whether
the only differences are the article-id rule of issue 11 (``article_id`` was the input's own id and
is now the store's id, the input's id kept as ``external_id``; ``event_id`` hashes the article id,
so it changes with it). Exit status 0 when identical up to that rule, 1 otherwise.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

SHARED = Path(os.environ.get("NEWSEVENTS_SHARED", "../shared"))
CORPUS = SHARED / "corpora" / "ir_demo_candidates_en.jsonl.gz"
SAMPLE_SIZE = 397
SEED = 11
#: Fields that issue 11's article-id rule changes (the id, and the event id hashed from it).
ID_FIELDS = ("article_id", "event_id", "external_id")


def sample_lines(corpus: Path, size: int = SAMPLE_SIZE, seed: int = SEED) -> list[bytes]:
    """``size`` lines of ``corpus`` drawn with ``seed``, kept in corpus order."""
    with gzip.open(corpus, "rb") as fh:
        lines = [line for line in fh if line.strip()]
    picked = sorted(random.Random(seed).sample(range(len(lines)), size))
    return [lines[i] for i in picked]


def code_sample(out: Path, corpus: Path) -> int:
    """Code the sample through ``newsevents code FILE --output`` and write sorted-key JSON."""
    with tempfile.TemporaryDirectory(prefix="compare-coder-") as tmp:
        sample = Path(tmp) / "sample.jsonl"
        sample.write_bytes(b"".join(sample_lines(corpus)))
        coded = Path(tmp) / "events.jsonl"
        command = [sys.executable, "-m", "newsevents", "code", str(sample)]
        command += ["--output", str(coded), "--workers", "1", "--quiet"]
        subprocess.run(command, check=True)
        records = [json.loads(line) for line in coded.read_text(encoding="utf-8").splitlines()]
    with out.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"{len(records)} events from {SAMPLE_SIZE} articles (seed {SEED}) -> {out}")
    return 0


def _without_ids(rec: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in rec.items() if k not in ID_FIELDS}, sort_keys=True)


def compare(old: Path, new: Path) -> int:
    """Byte comparison, then the same comparison with the article-id fields left out."""
    a = old.read_bytes()
    b = new.read_bytes()
    if a == b:
        print(f"byte-identical: {old} == {new} ({len(a.splitlines())} events)")
        return 0
    olds = [json.loads(line) for line in a.splitlines()]
    news = [json.loads(line) for line in b.splitlines()]
    if len(olds) != len(news):
        print(f"DIFFERENT: {len(olds)} events before, {len(news)} after")
        return 1
    differ = [i for i, (x, y) in enumerate(zip(olds, news, strict=True)) if x != y]
    beyond_ids = [i for i in differ if _without_ids(olds[i]) != _without_ids(news[i])]
    pairs = zip(olds, news, strict=True)
    ids = {(o["article_id"], n["article_id"], n.get("external_id")) for o, n in pairs}
    kept = all(ext == old_id for old_id, _, ext in ids)
    one_to_one = len({o for o, _, _ in ids}) == len({n for _, n, _ in ids}) == len(ids)
    print(
        f"{len(olds)} events; {len(differ)} lines differ; {len(beyond_ids)} differ beyond "
        f"{', '.join(ID_FIELDS)}; article ids map one to one: {one_to_one}; the old id is the "
        f"new external_id: {kept}"
    )
    if beyond_ids:
        i = beyond_ids[0]
        print(f"first difference, event {i}:\n  before {olds[i]}\n  after  {news[i]}")
        return 1
    return 0 if one_to_one and kept else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--compare", action="store_true", help="compare two outputs")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    if args.compare:
        if len(args.paths) != 2:
            parser.error("--compare takes OLD and NEW")
        return compare(*args.paths)
    return code_sample(args.paths[0], args.corpus)


if __name__ == "__main__":
    raise SystemExit(main())
