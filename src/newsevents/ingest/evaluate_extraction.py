"""Scoring main-text extraction: bag-of-tokens F1 against gold text (scrapinghub AEB set)."""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import ArticleInput
from .base import IngestOptions, Source
from .html import parse_html

_TOKEN = re.compile(r"\w+")

Extractor = Callable[[bytes, str | None], str | None]
"""(html bytes, page url or None) -> extracted text or None."""


def tokens(text: str | None) -> list[str]:
    """Lower-cased ``\\w+`` tokens of a text."""
    return _TOKEN.findall(text.lower()) if text else []


def token_f1(pred: str | None, gold: str | None) -> float:
    """Bag-of-tokens F1 of predicted against gold text (1.0 when both are empty)."""
    p, g = Counter(tokens(pred)), Counter(tokens(gold))
    if not p and not g:
        return 1.0
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(p.values())
    recall = overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def parse_html_text(html: bytes, url: str | None) -> str | None:
    """The default extractor: ``parse_html``'s text, or None when it raises InputError."""
    src = Source.from_bytes(url or "page.html", html, url=url)
    try:
        for item in parse_html(src, IngestOptions()):
            if isinstance(item, ArticleInput):
                return item.text
    except InputError:
        return None
    return None


def load_scrapinghub(folder: Path) -> list[tuple[str, bytes, str, str | None]]:
    """(key, html bytes, gold articleBody, url) for every page of the scrapinghub AEB folder.

    Pages are ``html/<sha256>.html.gz``; ``ground-truth.json`` maps that hash to
    ``{"articleBody": ..., "url": ...}``.
    """
    gold: dict[str, dict[str, Any]] = json.loads(
        (folder / "ground-truth.json").read_text(encoding="utf-8")
    )
    pages = []
    for key in sorted(gold):
        path = folder / "html" / f"{key}.html.gz"
        if not path.exists():
            path = folder / "html" / f"{key}.html"
            data = path.read_bytes()
        else:
            data = gzip.decompress(path.read_bytes())
        pages.append((key, data, gold[key].get("articleBody") or "", gold[key].get("url")))
    return pages


def score_scrapinghub(
    folder: Path, extract: Extractor | None = None, *, with_url: bool = True
) -> dict[str, Any]:
    """Mean/median token-F1 of an extractor over the scrapinghub AEB pages, with timing.

    Returns ``{"n", "mean", "median", "seconds", "pages_per_s", "scores": {key: f1}}``; a page
    with no extraction scores 0. ``with_url`` passes each page's original URL to the extractor.
    """
    extractor = extract or parse_html_text
    pages = load_scrapinghub(folder)
    scores: dict[str, float] = {}
    start = time.perf_counter()
    for key, html, gold, url in pages:
        scores[key] = token_f1(extractor(html, url if with_url else None), gold)
    seconds = time.perf_counter() - start
    values = list(scores.values())
    return {
        "n": len(values),
        "mean": statistics.fmean(values) if values else 0.0,
        "median": statistics.median(values) if values else 0.0,
        "seconds": seconds,
        "pages_per_s": len(values) / seconds if seconds else 0.0,
        "scores": scores,
    }
