"""The one write path of the web app (``--allow-ingest``): store pasted text or a URL, code it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..errors import NewsEventsError
from ..ingest import IngestOptions, ingest
from ..models import ArticleInput
from ..store import Store
from ..store.events import save_events


def ingest_and_code(
    db_path: Path,
    *,
    text: str | None,
    title: str | None,
    published: str | None,
    url: str | None,
) -> dict[str, Any]:
    """Store the text (or the page at ``url``), code the new articles and report what happened."""
    from ..events.api import CODER_VERSION, default_coder

    with Store(db_path) as store:
        before = int(store.execute("SELECT COALESCE(MAX(rowid), 0) FROM articles").fetchone()[0])
        errors: list[str] = []
        if text and text.strip():
            day = date.fromisoformat(published[:10]) if published else None
            store.add_articles([ArticleInput(text=text, title=title, published=day, origin="web")])
        elif url:
            report = ingest([url], store=store, options=IngestOptions(timeout=15.0))
            errors = [str(e) for e in report.errors]
        ids = [
            (str(r[0]), int(r[1]))
            for r in store.execute(
                "SELECT id, revision FROM articles WHERE rowid > ? ORDER BY rowid", [before]
            ).fetchall()
        ]
        articles = [a for a in (store.get(i, revision=r) for i, r in ids) if a is not None]
        coded: list[dict[str, Any]] = []
        try:
            for article, events in default_coder().code_articles(articles):
                records = [e.to_dict() for e in events]
                save_events(store, article, records, coder_version=CODER_VERSION)
                coded.append({"article_id": article.id, "events": len(records)})
        except NewsEventsError as exc:
            errors.append(str(exc))
        if coded:
            from ..stories import build_stories

            build_stories(store)  # the new events join (or start) stories, as after `code`
    return {"articles": coded, "errors": errors}
