"""Whole articles coded by GUIDELINES.md, to measure the coder on long texts (development tool).

newsfeeds_dev and events_train hold titles, summaries and leads; the store also takes whole
articles (full-text feeds, corpus dumps), where a text holds many more sentences that report no
event. `scripts/train_data/long_texts.json` keeps 36 such articles (20 full-text feed items of
`corpora/news_feeds` over 600 words, in neither newsfeeds_dev nor events_train, and 16 articles
of 300 words or more of `corpora/combined_fulltext_en.jsonl.gz`, drawn at random), each cut to
its first 800 words at a sentence end and coded in full by annotators working from GUIDELINES.md
and the PLOVER summary who never saw the coder's output: per item the article's place in the
shared corpus, the sha256 of the coded text and its events with character spans in place of
words (annotators' notes, which may quote the text, are left out).

    python scripts/long_texts.py pack ANNOTATIONS_DIR    # items.json + L*.gold.json -> the file
    python scripts/long_texts.py build OUT_DIR           # texts rebuilt and checked, as a folder
    newsevents evaluate OUT_DIR                          # scored as newsfeeds_dev is

Single-coded: a measure for development, not a gate. The texts stay with their publishers in
$NEWSEVENTS_SHARED and are rebuilt from there.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LONG = HERE / "train_data" / "long_texts.json"
FULLTEXT = "corpora/combined_fulltext_en.jsonl.gz"
FEEDS = "corpora/news_feeds/news"
#: Words of an article that are coded: the first whole sentences up to this many.
MAX_WORDS = 800

_SENT = re.compile(r'([.!?]["\u201d\u2019]?)\s+(?=["\u201c\u2018]?[A-Z0-9])')


def shared_dir() -> Path:
    """$NEWSEVENTS_SHARED, else ../shared beside the repository."""
    return Path(os.environ.get("NEWSEVENTS_SHARED") or HERE.parent.parent / "shared")


def cut(text: str, max_words: int = MAX_WORDS) -> str:
    """The article's first paragraphs up to ``max_words`` words, the last one cut at a sentence
    end; paragraphs joined by a blank line."""
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    out: list[str] = []
    n = 0
    for para in paras:
        w = len(para.split())
        if n + w > max_words:
            parts = _SENT.split(para)
            for body, end in zip(parts[::2], [*parts[1::2], ""], strict=False):
                sentence = body + end
                if n + len(sentence.split()) > max_words:
                    break
                out.append(sentence)
                n += len(sentence.split())
            break
        out.append(para)
        n += w
    return "\n\n".join(out)


def coded_text(title: str, body: str) -> str:
    """What the coder reads, as `newsevents evaluate` builds it for a newsfeeds item."""
    return f"{title}.\n\n{body}"


def _feed_article(origin: str, url: str) -> tuple[str, str, str | None]:
    """(title, text, published) of the item with link ``url`` of the feed file of ``origin``
    (``file.xml#n``), read as the store reads it."""
    from newsevents.ingest.base import IngestOptions, Source
    from newsevents.ingest.feeds import parse_feed
    from newsevents.models import ArticleInput

    name = origin.rpartition("#")[0]
    data = (shared_dir() / FEEDS / name).read_bytes()
    parsed = parse_feed(Source.from_bytes(name, data), IngestOptions())
    item = next((i for i in parsed if isinstance(i, ArticleInput) and i.url == url), None)
    if item is None:
        raise ValueError(f"{origin}: no item links to {url}")
    item.finalise()  # the text as the store keeps it
    published = item.published.isoformat() if item.published else None
    return item.title or "", item.text, published


def _fulltext() -> dict[str, dict[str, Any]]:
    with gzip.open(shared_dir() / FULLTEXT, "rt", encoding="utf-8") as fh:
        return {a["id"]: a for a in map(json.loads, fh)}


def _span(text: str, words: str | None) -> list[int] | None:
    """Where ``words`` first stand in ``text`` (spaces and line breaks alike), or None."""
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words.split())
    m = re.search(pattern, text)
    return [m.start(), m.end()] if m else None


def pack(folder: Path) -> dict[str, Any]:
    """Annotations (``items.json`` with each item's ``origin`` and the coded text's parts, and
    ``<item>.gold.json``) -> the offsets file."""
    items = json.loads((folder / "items.json").read_text("utf-8"))
    out = []
    for item in items:
        text = coded_text(item["title"], item["summary"])
        events = []
        for ev in json.loads((folder / f"{item['item_id']}.gold.json").read_text("utf-8")):
            packed: dict[str, Any] = {
                k: v
                for k, v in ev.items()
                if k not in ("trigger", "sentence", "sources", "targets", "note")
            }
            packed["trigger"] = _span(text, ev.get("trigger"))
            for role in ("sources", "targets"):
                packed[role] = [
                    {"country": a.get("country"), "span": _span(text, a.get("text"))}
                    for a in ev.get(role) or []
                ]
            events.append(packed)
        out.append(
            {
                "item_id": item["item_id"],
                "corpus": item["corpus"],
                "origin": item["origin"],
                "url": item.get("key") if item["corpus"] == "news_feeds" else None,
                "published": item.get("published") or "",
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "events": events,
            }
        )
    return {
        "about": "Whole articles of $NEWSEVENTS_SHARED (corpora/news_feeds full-text items and "
        "corpora/combined_fulltext_en.jsonl.gz; in neither eval/newsfeeds_dev nor "
        "eval/events_train), cut to their first 800 words (scripts/long_texts.py), coded by the "
        "definitions of eval/newsfeeds_dev/GUIDELINES.md; spans index title + '.\\n\\n' + text. "
        "Single-coded, for measurement in development. Labels: ours; texts: their publishers'.",
        "items": out,
    }


def build(out: Path, path: Path = LONG) -> int:
    """Rebuild every text from the shared corpora, check it, and write a newsfeeds folder
    (``items.json``, ``gold.json``) for `newsevents evaluate`. Returns the item count."""
    data = json.loads(path.read_text("utf-8"))
    fulltext: dict[str, dict[str, Any]] | None = None
    items: list[dict[str, Any]] = []
    gold: dict[str, list[dict[str, Any]]] = {}
    for item in data["items"]:
        if item["corpus"] == "news_feeds":
            title, body, published = _feed_article(item["origin"], item["url"])
        else:
            fulltext = fulltext if fulltext is not None else _fulltext()
            article = fulltext[item["origin"]]
            title, body = article.get("title") or "", article.get("text") or ""
            published = article.get("date")
        summary = cut(body)
        text = coded_text(title, summary)
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != item["sha256"]:
            raise ValueError(f"{item['item_id']}: the shared corpus no longer gives its text")
        items.append(
            {
                "item_id": item["item_id"],
                "title": title,
                "summary": summary,
                "published": item.get("published") or published or "",
            }
        )
        events = []
        for ev in item["events"]:
            full = dict(ev)
            for role in ("sources", "targets"):
                full[role] = [
                    {"country": a["country"], "text": text[a["span"][0] : a["span"][1]]}
                    if a.get("span")
                    else {"country": a["country"]}
                    for a in ev[role]
                ]
            events.append(full)
        gold[item["item_id"]] = events
    out.mkdir(parents=True, exist_ok=True)
    (out / "items.json").write_text(json.dumps(items, ensure_ascii=False, indent=1), "utf-8")
    (out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), "utf-8")
    return len(items)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("pack", "build"):
        print(__doc__)
        return 2
    if argv[0] == "pack":
        data = pack(Path(argv[1]))
        LONG.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"{len(data['items'])} items -> {LONG}")
        return 0
    n = build(Path(argv[1]))
    print(f"{n} items rebuilt and checked -> {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
