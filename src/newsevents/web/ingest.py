"""The one write path of the web app (``--allow-ingest``): store pasted text or a URL, then run the
main job (:func:`newsevents.pipeline.code_store`) on the articles it stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..errors import NewsEventsError
from ..ingest import IngestOptions, ingest
from ..ingest.lang import detect_language
from ..ingest.pipeline import Stored
from ..models import Article, ArticleInput
from ..pipeline import code_store
from ..store import Store


def ingest_and_code(
    db_path: Path,
    *,
    text: str | None,
    title: str | None,
    published: str | None,
    url: str | None,
) -> dict[str, Any]:
    """Store the text (or the page at ``url``), code the new articles and report what happened.

    Articles are coded as ``newsevents code`` codes them (English only: another language is
    stored, marked by its language, with no events), in this process, and the stories are
    rebuilt when any was coded.
    """
    with Store(db_path) as store:
        stored: list[Stored] = []
        errors: list[str] = []
        if text and text.strip():
            day = date.fromisoformat(published[:10]) if published else None
            item = ArticleInput(
                text=text,
                title=title,
                published=day,
                origin="web",
                language=detect_language(text, title),
            )
            stored.extend(store.add_articles([item]))
        elif url:
            report = ingest(
                [url],
                store=store,
                # a web client's URL gets the full SSRF guard: its own host is checked too
                options=IngestOptions(timeout=15.0, untrusted_inputs=True),
                on_stored=stored.append,
            )
            errors = [str(e) for e in report.errors]
        new = [
            a
            for a in (
                store.get(s.id, revision=s.revision) for s in stored if s.status != "unchanged"
            )
            if a is not None
        ]
        coded: list[dict[str, Any]] = []

        def done(article: Article, records: list[dict[str, Any]] | None) -> None:
            coded.append(
                {
                    "article_id": article.id,
                    "language": article.language,
                    "coded": records is not None,
                    "events": len(records or []),
                }
            )

        try:
            code_store(store, articles=new, workers=1, on_article=done)
        except NewsEventsError as exc:
            errors.append(str(exc))
    return {"articles": coded, "errors": errors}
