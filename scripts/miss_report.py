#!/usr/bin/env python
"""Why each gold event of a newsfeeds set is missed: not detected, wrong parties, or dropped by
the verifier (development tool for error analysis; it chooses nothing).

The set's items are coded through the product coder with the record verifier's threshold set to
0, so every record it formed comes out with its confidence. Each required gold event is then:

- ``kept``: matched (GUIDELINES rules) by a record at or above the shipped threshold;
- ``verifier``: matched only by records below it (the best one's confidence is shown);
- ``parties``: no record matches, but one of its type (or alternative type) exists: the
  detector found the event and got its source or target countries wrong;
- ``detection``: no record of its type at all.

Here one record may count for several gold events (score.py pairs them one to one), so ``kept``
can exceed score.py's true positives. Records at or above the threshold that match no gold
event are listed as ``extra``. Measuring
on newsfeeds_dev is allowed; training or tuning on it is not (this reads no weights back).

    .venv/bin/python scripts/miss_report.py [../shared/eval/newsfeeds_dev] [--extras]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from newsevents.dates import parse_datetime
from newsevents.evaluate.newsfeeds import UNCOUNTED, matches, prediction_of
from newsevents.events.verify import Verifier
from newsevents.pipeline import process_coder

CATEGORIES = ("kept", "verifier", "parties", "detection")


def _day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        value = parse_datetime(published)
    except ValueError:
        return None
    return value.date() if isinstance(value, datetime) else value


def report(folder: Path, *, extras: bool) -> collections.Counter[str]:
    """Print one line per gold event that is not kept (and per extra record with ``extras``);
    return the count of each category."""
    items = json.loads((folder / "items.json").read_text("utf-8"))
    gold: dict[str, list[dict[str, Any]]] = json.loads((folder / "gold.json").read_text("utf-8"))
    coder = process_coder()
    if coder.verifier is None:
        raise SystemExit("the product coder has no record verifier")
    threshold = coder.verifier.threshold
    coder.verifier = Verifier(coder.verifier.model, 0.0)
    counts: collections.Counter[str] = collections.Counter()
    by_type: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for item in items:
        item_id = str(item["item_id"])
        text = f"{item.get('title') or ''}.\n\n{item.get('summary') or ''}"
        events = coder.code_text(text, published=_day(item.get("published")), article_id=item_id)
        preds = [
            (prediction_of(ev), ev.confidence) for ev in events if ev.modality not in UNCOUNTED
        ]
        used: set[int] = set()
        for g in gold.get(item_id, []):
            if g.get("optional"):
                continue
            hits = [(k, c) for k, (p, c) in enumerate(preds) if matches(p, g)]
            types = {g["plover_type"], *(g.get("alt_types") or [])}
            if hits and max(c for _, c in hits) >= threshold:
                category = "kept"
                used.update(k for k, c in hits if c >= threshold)
            elif hits:
                category = "verifier"
            elif any(p["plover_type"] in types for p, _ in preds):
                category = "parties"
            else:
                category = "detection"
            counts[category] += 1
            by_type[g["plover_type"]][category] += 1
            if category != "kept":
                best = f" (best {max(c for _, c in hits):.2f})" if hits else ""
                print(f"{category:9s} {item_id} {g['plover_type']:9s} {g.get('note', '')}{best}")
        if extras:
            for k, (p, c) in enumerate(preds):
                if c >= threshold and k not in used:
                    src = [a.get("country") for a in p["sources"]]
                    tgt = [a.get("country") for a in p["targets"]]
                    print(f"extra     {item_id} {p['plover_type']:9s} {src} -> {tgt} ({c:.2f})")
    total = sum(counts.values())
    print(f"\n{total} required gold events; verifier threshold {threshold:.2f}")
    for name in CATEGORIES:
        print(f"  {name:9s} {counts[name]:4d}")
    print("\nper type: " + " / ".join(CATEGORIES))
    for t, c in sorted(by_type.items(), key=lambda x: -sum(x[1].values())):
        print(f"  {t:9s} " + " / ".join(str(c[name]) for name in CATEGORIES))
    return counts


def main() -> int:
    shared = Path(os.environ.get("NEWSEVENTS_SHARED", "../shared"))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(shared / "eval" / "newsfeeds_dev"))
    ap.add_argument("--extras", action="store_true", help="also list records that match no gold")
    a = ap.parse_args()
    report(Path(a.folder), extras=a.extras)
    return 0


if __name__ == "__main__":
    sys.exit(main())
