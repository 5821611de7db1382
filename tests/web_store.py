"""A small real store for the web tests: sample articles plus XSS payloads, ingested and coded."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from newsevents.events.api import CODER_VERSION
from newsevents.events.coder import Coder
from newsevents.models import ArticleInput
from newsevents.store import Store
from newsevents.store.events import save_events

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "newsevents" / "data" / "sample_corpus.jsonl"

XSS_TITLE = '<script>alert("title")</script>"><img src=x onerror=alert(1)>'
XSS_BODY = (
    "Russia signed a defence agreement with Burkina Faso in Moscow on Monday. "
    '<script>alert("body")</script> '
    'Officials said "><img src=x onerror=alert(2)> the deal would last ten years.'
)
XSS_DUPLICATE = (
    "Russia signed a defence agreement with Burkina Faso on Monday, officials in Ouagadougou "
    "said. <b>bold</b> The deal covers training."
)


def build_web_store(path: Path, *, samples: int = 12) -> dict[str, str]:
    """Ingest ``samples`` sample articles and two XSS articles, code them; returns their ids."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:samples]
    items = []
    for line in lines:
        rec = json.loads(line)
        items.append(
            ArticleInput(
                text=rec["text"],
                title=rec["title"],
                published=date.fromisoformat(rec["published"][:10]),
                source=rec["source"],
                origin="sample",
            )
        )
    items.append(
        ArticleInput(
            text=XSS_BODY,
            title=XSS_TITLE,
            published=date(2024, 6, 10),
            source='Evil <i>Outlet</i>"',
            origin="xss",
        )
    )
    items.append(
        ArticleInput(
            text=XSS_DUPLICATE,
            title="Second report of the Russia–Burkina Faso deal",
            published=date(2024, 6, 10),
            source="Other outlet",
            origin="xss2",
        )
    )
    with Store(path) as store:
        results = store.add_articles(items)
        articles = [store.get(r.id) for r in results]
        coder = Coder()
        for article, events in coder.code_articles([a for a in articles if a is not None]):
            save_events(store, article, [e.to_dict() for e in events], coder_version=CODER_VERSION)
        try:  # the story builder, where it has landed
            from newsevents.stories import build_stories
        except ImportError:
            pass
        else:
            build_stories(store)
    return {"xss": results[-2].id, "xss2": results[-1].id}
