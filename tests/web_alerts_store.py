"""A small real store with watchlists and the alerts they raised, for the web alert tests: the
watchlists are added and the text ingested and coded through the real CLI, then the watchlists
are run (``run_watchlists``), as a ``newsevents watch`` round does."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from newsevents.cli.main import cli
from newsevents.store import Store
from newsevents.watch.alerts import run_watchlists

NOW = datetime(2024, 6, 11, 12, 0, tzinfo=UTC)

#: The evidence sentence carries markup: the pages must show it as text.
EVIDENCE = (
    'Russia signed a defence agreement with Burkina Faso on Monday <script>alert("alert")'
    "</script> in Moscow."
)
ARTICLES = [
    {
        "id": "deal",
        "title": "Defence news",  # a headline without an event of its own
        "published": "2024-06-10T08:00:00Z",
        "url": "https://a.example/deal",
        "text": EVIDENCE + " Officials said the deal would last ten years.",
    },
    {
        "id": "energy",
        "title": "France and Germany",
        "published": "2024-06-10T09:00:00Z",
        "url": "https://b.example/energy",
        "text": "France and Germany signed an agreement on energy cooperation on Tuesday.",
    },
]


def cli_ok(db: Path, *args: str) -> str:
    """Run ``newsevents --db DB ARGS`` in-process; its output (it must succeed)."""
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output)
    return result.output


def build_alert_store(db: Path, *, watchlists: dict[str, list[str]]) -> int:
    """Add these watchlists (name -> `watch add` filter options), ingest and code the articles,
    run the watchlists once; how many alerts they raised."""
    for name, options in watchlists.items():
        cli_ok(db, "watch", "add", name, *options)
    src = db.with_name(db.stem + "-articles.jsonl")
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    cli_ok(db, "ingest", "-q", str(src))
    cli_ok(db, "code", "--workers", "1", "-q")
    cli_ok(db, "stories", "build")
    with Store(db) as store:
        return len(run_watchlists(store, now=NOW))
