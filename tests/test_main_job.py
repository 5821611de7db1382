"""One input, every path that codes: ``code FILE``, ``ingest`` + ``code``, the web ingest, and both
engines of ``run`` give the same event records, the same article ids and the same language rule
(newsevents.pipeline is the one main job they all call)."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from fastapi.testclient import TestClient

from newsevents.cli.main import cli
from newsevents.dates import parse_datetime
from newsevents.events.coder import CoderOptions
from newsevents.models import ArticleInput
from newsevents.pipeline import is_coded, process, process_coder
from newsevents.store import Store
from newsevents.web.app import create_app, missing_assets

pq = pytest.importorskip("pyarrow.parquet")

ARTICLES = [
    {
        "id": "wire-1",
        "title": "Kharkiv",
        "text": "Russian troops attacked Ukrainian positions near Kharkiv on Monday. The United "
        "Nations condemned Russia on Tuesday, and Ukraine accused Moscow of war crimes.",
        "published": "2024-06-05",
    },
    {
        "id": "wire-2",
        "title": "Tensions",
        "text": "Israel threatened Iran on Sunday. India accused Pakistan of shelling the border "
        "last week, and China criticised Japan.",
        "published": "2024-06-05",
    },
    {
        "id": "wire-3",
        "title": "Sommet à Paris",
        "text": "La France et l'Allemagne ont signé mardi un accord sur la coopération "
        "énergétique, a annoncé le gouvernement français à Paris.",
        "published": "2024-06-04",
    },
]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def canonical(records: list[dict[str, Any]]) -> list[str]:
    """Records as sorted-key JSON, in a fixed order, so paths that finish in any order compare."""
    return sorted(json.dumps(r, sort_keys=True) for r in records)


def store_ids() -> dict[str, str]:
    """external id -> the store's article id, by the one article-id rule."""
    ids = {}
    for a in ARTICLES:
        item = ArticleInput(text=a["text"], title=a["title"], external_id=a["id"])
        ids[a["id"]] = item.finalise()[0]
    return ids


def store_records(db: Path) -> list[dict[str, Any]]:
    result = run("--db", str(db), "events", "--jsonl", "--limit", "1000")
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def engine_records(out: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The events' records and the articles file's rows (by article id) of a ``run`` folder."""
    events = pq.read_table(out / "events").to_pylist()
    articles = {r["article_id"]: r for r in pq.read_table(out / "articles").to_pylist()}
    return [json.loads(r["record"]) for r in events], articles


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("main-job") / "in.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reference(corpus: Path) -> list[dict[str, Any]]:
    """``newsevents code FILE --output``: the records every other path must give."""
    out = corpus.parent / "code.jsonl"
    result = run("code", str(corpus), "--output", str(out), "--workers", "1")
    assert result.exit_code == 0, result.stderr
    assert "2 articles" in result.stderr and "1 non-English articles skipped" in result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    ids = store_ids()
    # The article id is the store's; the input's own id is kept as external_id, on every line.
    assert {(r["external_id"], r["article_id"]) for r in lines} == {
        ("wire-1", ids["wire-1"]),
        ("wire-2", ids["wire-2"]),
    }
    records = []
    for line in lines:
        line.pop("external_id")
        records.append(line)
    assert len(records) >= 5
    assert {r["plover_type"] for r in records} >= {"ASSAULT", "THREATEN", "ACCUSE"}
    # Relative dates are anchored on the publication date on this path too.
    assert "2024-06-03" in {r["date"] for r in records if r["plover_type"] == "ASSAULT"}
    return records


def test_ingest_then_code_stores_the_same_records(
    tmp_path: Path, corpus: Path, reference: list[dict[str, Any]]
) -> None:
    db = tmp_path / "cli.db"
    assert run("--db", str(db), "ingest", str(corpus)).exit_code == 0
    result = run("--db", str(db), "code", "--workers", "1")
    assert result.exit_code == 0, result.stderr
    assert "1 non-English articles skipped" in result.stderr
    assert canonical(store_records(db)) == canonical(reference)
    with Store(db) as store:
        french = store.get(store_ids()["wire-3"])
        assert french is not None and french.language == "fr"  # stored, marked by language
        assert french.external_id == "wire-3"
    # Coding again finds nothing new to code, and the French article is still not coded.
    again = run("--db", str(db), "code", "--workers", "1")
    assert "Coded 0 articles: 0 events; 1 non-English" in again.stderr


def test_code_on_two_workers_gives_the_same_records(
    tmp_path: Path, corpus: Path, reference: list[dict[str, Any]]
) -> None:
    db = tmp_path / "two.db"
    assert run("--db", str(db), "ingest", str(corpus)).exit_code == 0
    result = run("--db", str(db), "code", "--workers", "2")
    assert result.exit_code == 0, result.stderr
    assert canonical(store_records(db)) == canonical(reference)


@pytest.mark.skipif(bool(missing_assets()), reason="web assets not installed")
def test_web_ingest_stores_the_same_records(
    tmp_path: Path, reference: list[dict[str, Any]]
) -> None:
    db = tmp_path / "web.db"
    ids = store_ids()
    with TestClient(create_app(db, allow_ingest=True), base_url="http://127.0.0.1") as client:
        answers = []
        for a in ARTICLES:
            body = {"text": a["text"], "title": a["title"], "published": a["published"]}
            r = client.post("/api/ingest", json=body)
            assert r.status_code == 201, r.text
            answers.extend(r.json()["articles"])
    assert [(x["article_id"], x["coded"]) for x in answers] == [
        (ids["wire-1"], True),
        (ids["wire-2"], True),
        (ids["wire-3"], False),  # the language rule: stored, not coded
    ]
    assert canonical(store_records(db)) == canonical(reference)


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_both_engines_write_the_same_records(
    tmp_path: Path, corpus: Path, reference: list[dict[str, Any]], engine: str
) -> None:
    if engine == "dask":
        pytest.importorskip("distributed", reason="the dask extra is not installed")
    out = tmp_path / engine
    result = run("run", "--engine", engine, "-w", "1", "-o", str(out), str(corpus))
    assert result.exit_code == 0, result.stderr
    records, articles = engine_records(out)
    assert canonical(records) == canonical(reference)
    ids = store_ids()
    assert {k: (v["external_id"], v["coded"]) for k, v in articles.items()} == {
        ids["wire-1"]: ("wire-1", True),
        ids["wire-2"]: ("wire-2", True),
        ids["wire-3"]: ("wire-3", False),
    }


def test_process_applies_the_language_rule_and_gives_the_same_records(
    reference: list[dict[str, Any]],
) -> None:
    """``process`` (one article, this process's coder) agrees with every path above."""
    ids = store_ids()
    for a, language in zip(ARTICLES, ["en", "en", "fr"], strict=True):
        item = ArticleInput(
            text=a["text"],
            title=a["title"],
            published=parse_datetime(a["published"]),
            external_id=a["id"],
            language=language,
        )
        article = item.to_article()
        assert (article.id, article.external_id) == (ids[a["id"]], a["id"])
        records = process(article)
        if language == "fr":
            assert records is None and not is_coded(article)
        else:
            expected = [r for r in reference if r["article_id"] == article.id]
            assert records is not None and canonical(records) == canonical(expected)
    unknown = ArticleInput(text="Too short.", language=None).to_article()
    assert is_coded(unknown) and process(unknown) == []


def test_one_coder_per_process() -> None:
    """The holder hands out the same coder until other options replace it."""
    first = process_coder()
    assert process_coder() is first and process_coder(CoderOptions()) is first
    other = process_coder(CoderOptions(use_classifier=False))
    assert other is not first and other.options.use_classifier is False
    assert process_coder(CoderOptions(use_classifier=False)) is other
    # the loaded coder is moved out of the cyclic collector's reach (gc.freeze) ...
    assert gc.get_freeze_count() > 100_000
    gone = weakref.ref(other)
    del other
    assert process_coder() is not first  # one held at a time: the default was let go
    # ... and one that another replaces is freed all the same
    gc.collect()
    assert gone() is None
