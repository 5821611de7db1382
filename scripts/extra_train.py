"""Extra training labels for the event coder: article leads from the shared IR-demo corpus, coded by
GUIDELINES.md like eval/events_train, kept here as offsets only (the texts stay with their
publishers in $NEWSEVENTS_SHARED/corpora and are rebuilt from there at training time).

`scripts/train_data/leads_extra.json` holds, per item, the corpus article id, the sha256 of the
labelled text (so a changed corpus or lead rule is caught, not silently misaligned) and its events
with character spans in place of words. :func:`load_extra` gives items and labels in the format of
eval/events_train (`items.json` / `labels.json`), so the trainer reads both the same way.

    python scripts/extra_train.py pack ITEMS.json LABELS.json...   # annotations -> offsets file
    python scripts/extra_train.py check                            # rebuild and verify every item
    python scripts/extra_train.py --to FILE pack|check ...         # another offsets file
    python scripts/extra_train.py --corpus corpora/X.jsonl.gz --to FILE pack ...  # another corpus
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
EXTRA = HERE / "train_data" / "leads_extra.json"
CORPUS = "corpora/ir_demo_candidates_en.jsonl.gz"

_SENT = re.compile(r'([.!?]["\u201d\u2019]?)\s+(?=["\u201c\u2018]?[A-Z0-9])')


def shared_dir() -> Path:
    """$NEWSEVENTS_SHARED, else ../shared beside the repository."""
    return Path(os.environ.get("NEWSEVENTS_SHARED") or HERE.parent.parent / "shared")


def lead(text: str, max_words: int = 90) -> str:
    """The first whole sentences of an article, at most ``max_words`` words (at least one
    sentence, cut at ``max_words`` when the first is longer)."""
    text = re.sub(r"\s+", " ", text).strip()
    parts = _SENT.split(text)
    ends = [*parts[1::2], ""]
    sents = [body + end for body, end in zip(parts[::2], ends, strict=False)]
    out: list[str] = []
    n = 0
    for s in sents:
        w = len(s.split())
        if out and n + w > max_words:
            break
        if not out and w > max_words:
            s = " ".join(s.split()[:max_words])
            w = max_words
        out.append(s)
        n += w
    return " ".join(out)


def title_and_body(article: dict[str, Any]) -> tuple[str, str]:
    """(title, lead) of a corpus article; labelled text is ``title + ".\\n\\n" + lead``."""
    title = (article.get("title") or "").strip()
    body = lead(article.get("text") or "")
    if title and body.startswith(title):
        body = body[len(title) :].lstrip(" .")
    return title, body


def labelled_text(title: str, body: str) -> str:
    """The text the labels' spans index (the trainer's own rule)."""
    return f"{title}.\n\n{body}" if title else body


def _corpus(name: str = CORPUS) -> dict[str, dict[str, Any]]:
    with gzip.open(shared_dir() / name, "rt", encoding="utf-8") as fh:
        return {a["id"]: a for a in map(json.loads, fh)}


def _span(text: str, words: str | None) -> list[int] | None:
    if words is None:
        return None
    start = text.find(words)
    if start < 0:
        raise ValueError(f"{words!r} is not in the text")
    return [start, start + len(words)]


def pack(items_path: Path, label_paths: list[Path], corpus_name: str = CORPUS) -> dict[str, Any]:
    """Annotations (items with ``key``/``text``, labels with words) -> the offsets file."""
    items = {i["item_id"]: i for i in json.loads(items_path.read_text("utf-8"))}
    labels: dict[str, list[dict[str, Any]]] = {}
    for path in label_paths:
        labels.update(json.loads(path.read_text("utf-8")))
    corpus = _corpus(corpus_name)
    out = []
    for item_id in sorted(labels):
        item = items[item_id]
        text = item["text"]
        if labelled_text(*title_and_body(corpus[item["key"]])) != text:
            raise ValueError(f"{item_id}: the lead rule no longer rebuilds its text")
        events = []
        for ev in labels[item_id]:
            packed: dict[str, Any] = {
                k: v for k, v in ev.items() if k not in ("trigger", "sources", "targets", "note")
            }  # notes may quote the text: left out
            packed["trigger"] = _span(text, ev["trigger"])
            for role in ("sources", "targets"):
                packed[role] = [
                    {"span": _span(text, a.get("text"))}
                    | {k: v for k, v in a.items() if k != "text"}
                    for a in ev.get(role) or []
                ]
            events.append(packed)
        out.append(
            {
                "item_id": item_id,
                "corpus_id": item["key"],
                "published": item.get("published") or "",
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "events": events,
            }
        )
    return {
        "corpus": corpus_name,
        "about": f"Article leads from $NEWSEVENTS_SHARED/{corpus_name} (not in eval/events_train), "
        "coded by the definitions of eval/newsfeeds_dev/GUIDELINES.md and the span format of "
        "eval/events_train/README.md; spans index title + '.\\n\\n' + lead "
        "(scripts/extra_train.py). Single-coded training data, not gold. "
        "Labels: ours; texts: their publishers'.",
        "items": out,
    }


def load_extra(
    path: Path = EXTRA,
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """(items, labels) in eval/events_train's format, rebuilt from the shared corpus."""
    data = json.loads(path.read_text("utf-8"))
    corpus = _corpus(data.get("corpus", CORPUS))
    items: list[dict[str, Any]] = []
    labels: dict[str, list[dict[str, Any]]] = {}
    for entry in data["items"]:
        title, body = title_and_body(corpus[entry["corpus_id"]])
        text = labelled_text(title, body)
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != entry["sha256"]:
            raise ValueError(f"{entry['item_id']}: its corpus text changed; relabel or drop it")

        def words(span: list[int] | None, text: str = text) -> str | None:
            return None if span is None else text[span[0] : span[1]]

        items.append(
            {
                "item_id": entry["item_id"],
                "source": "ir_demo_candidates_en/extra",
                "key": entry["corpus_id"],
                "published": entry["published"],
                "title": title,
                "text": body,
            }
        )
        labels[entry["item_id"]] = [
            {
                **{k: v for k, v in ev.items() if k not in ("trigger", "sources", "targets")},
                "trigger": words(ev["trigger"]),
                **{
                    role: [
                        {"text": words(a["span"]), **{k: v for k, v in a.items() if k != "span"}}
                        for a in ev[role]
                    ]
                    for role in ("sources", "targets")
                },
            }
            for ev in entry["events"]
        ]
    return items, labels


def main(argv: list[str]) -> int:
    to, corpus = EXTRA, CORPUS
    while argv[:1] in (["--to"], ["--corpus"]) and len(argv) >= 2:
        if argv[0] == "--to":
            to = Path(argv[1])
        else:
            corpus = argv[1]
        argv = argv[2:]
    if argv[:1] == ["pack"] and len(argv) >= 3:
        data = pack(Path(argv[1]), [Path(p) for p in argv[2:]], corpus)
        to.parent.mkdir(exist_ok=True)
        to.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", "utf-8")
        n = sum(len(i["events"]) for i in data["items"])
        print(f"wrote {to}: {len(data['items'])} items, {n} events")
        return 0
    if argv[:1] == ["check"]:
        items, labels = load_extra(to)
        print(f"{len(items)} items, {sum(len(v) for v in labels.values())} events rebuilt")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
