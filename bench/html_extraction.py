"""Benchmark: main-text extraction quality and speed on the scrapinghub AEB set (181 news pages).

Scores ``parse_html`` with bag-of-tokens F1 (lower-cased ``\\w+`` tokens) against the gold
``articleBody``; a page with no extraction scores 0. Target: mean >= 0.93.

Run: .venv/bin/python bench/html_extraction.py [FOLDER]   (reads $NEWSEVENTS_SHARED, else ../shared)
"""

from __future__ import annotations

import sys
from pathlib import Path

from _machine import machine, shared_dir
from newsevents.ingest.evaluate_extraction import score_scrapinghub
from newsevents.ingest.html import EXTRACT_SETTINGS


def main() -> int:
    folder = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else shared_dir() / "corpora" / "html_news_pages" / "scrapinghub_aeb"
    )
    if not (folder / "ground-truth.json").is_file():
        print(f"scrapinghub_aeb not found at {folder} (set NEWSEVENTS_SHARED)", file=sys.stderr)
        return 2
    result = score_scrapinghub(folder)
    worst = sorted(result["scores"].items(), key=lambda kv: kv[1])[:5]
    settings = ", ".join(f"{k}={v}" for k, v in sorted(EXTRACT_SETTINGS.items()))
    print(f"command: {Path(sys.executable).name} {' '.join(sys.argv)}")
    print(f"machine: {machine()}")
    print(f"trafilatura settings: {settings}")
    print(
        f"pages: {result['n']}  mean token-F1: {result['mean']:.4f}  "
        f"median: {result['median']:.4f}  (target mean >= 0.93)"
    )
    print(
        f"speed: {result['pages_per_s']:.1f} pages/s "
        f"({result['seconds']:.1f} s, one process; pages in memory; text, metadata and dates)"
    )
    print("lowest: " + ", ".join(f"{key[:12]}={f1:.3f}" for key, f1 in worst))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
