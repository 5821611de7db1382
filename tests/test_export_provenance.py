"""Provenance in every export: each CSV, Parquet and JSONL row cites its article (URL, outlet,
title, publication time) and its evidence sentence with offsets, read back with the csv module,
pandas, pyarrow and json; GDELT keeps its 61 columns with the URL in SOURCEURL."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from newsevents.cli.main import cli
from newsevents.export import GDELT_COLUMNS
from newsevents.store import Store
from newsevents.store.records import COLUMN_NAMES

# Short articles written for these tests; the last has no outlet name, so its URL's host is.
ARTICLES = [
    {
        "id": "prov-1",
        "url": "https://wire.example/2024/06/05/russia-china-talks",
        "source": "Example Wire",
        "published": "2024-06-05T09:30:00Z",
        "title": "Russia and China hold talks",
        "text": "MOSCOW, June 5 (Example Wire) - Russian Foreign Minister Sergei Lavrov met "
        "Chinese Foreign Minister Wang Yi in Moscow on Wednesday. Russia will provide military "
        "aid to Burkina Faso, officials said.",
    },
    {
        "id": "prov-2",
        "url": "https://daily.example/world/ukraine-accuses",
        "source": "Example Daily",
        "published": "2024-02-01T18:00:00Z",
        "title": "Ukraine accuses Russia",
        "text": "KYIV, Feb 1 (Example Daily) - Ukraine accused Russia of shelling the city of "
        "Kharkiv on Thursday. The United States imposed sanctions on Russia.",
    },
    {
        "id": "prov-3",
        "url": "https://www.noname.example/news/egypt-israel",
        "published": "2024-03-10T07:15:00Z",
        "title": "Egypt urges Israel",
        "text": "CAIRO, March 10 - Egypt urged Israel to accept a ceasefire. The United Nations "
        "condemned the strikes on Gaza.",
    },
]
BY_URL = {a["url"]: a for a in ARTICLES}
OUTLET = {a["url"]: a.get("source") or "noname.example" for a in ARTICLES}


def run(db: Path, *args: str) -> Result:
    """Invoke the CLI on a store, keeping stdout and stderr apart."""
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the articles above ingested and coded by the real coder."""
    tmp = tmp_path_factory.mktemp("provenance")
    dump = tmp / "articles.jsonl"
    dump.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db = tmp / "store.db"
    assert run(db, "ingest", "--quiet", str(dump)).exit_code == 0
    coded = run(db, "code", "--workers", "1")
    assert coded.exit_code == 0, coded.stderr
    with Store(db) as store:
        urls = {
            r[0]
            for r in store._execute(
                "SELECT DISTINCT a.url FROM events e JOIN articles a ON a.id = e.article_id"
            )
        }
    assert urls == set(BY_URL), "every article should give events"
    return db


def stored_texts(db: Path) -> dict[str, tuple[str, str]]:
    """article id -> (text, title) as the store keeps them (what evidence offsets point into)."""
    with Store(db) as store:
        rows = store._execute("SELECT id, text, title FROM articles WHERE is_current = 1")
        return {str(a): (str(t), str(h or "")) for a, t, h in rows}


def check_row(row: dict[str, Any], texts: dict[str, tuple[str, str]]) -> None:
    """A flat row's provenance columns hold its article's values, and the offsets its sentence."""
    art = BY_URL[row["url"]]
    assert row["title"] == art["title"]
    assert row["outlet"] == OUTLET[row["url"]]
    assert str(row["published"])[:10] == art["published"][:10]
    text, title = texts[row["article_id"]]
    assert art["text"][:40] in text  # the row's article_id is the article at that URL
    source = title if row["evidence_part"] == "title" else text
    assert row["evidence_part"] in ("text", "title")
    start, end = int(row["evidence_start"]), int(row["evidence_end"])
    assert source[start:end] == row["sentence"] and row["sentence"]


@pytest.mark.parametrize("unit", ["mentions", "stories"])
def test_csv_rows_cite_their_article(coded_db: Path, tmp_path: Path, unit: str) -> None:
    pd = pytest.importorskip("pandas")
    out = tmp_path / f"{unit}.csv"
    result = run(coded_db, "export", "--unit", unit, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    texts = stored_texts(coded_db)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and list(rows[0]) == list(COLUMN_NAMES)
    for row in rows:
        check_row(row, texts)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(frame) == len(rows)
    for row in frame.to_dict("records"):
        check_row(row, texts)
    assert pd.to_datetime(frame["published"], utc=True).notna().all()
    assert {r["outlet"] for r in rows} == set(OUTLET.values())


@pytest.mark.parametrize("unit", ["mentions", "stories"])
def test_parquet_rows_cite_their_article(coded_db: Path, tmp_path: Path, unit: str) -> None:
    pd = pytest.importorskip("pandas")
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / f"{unit}.parquet"
    result = run(coded_db, "export", "--unit", unit, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    texts = stored_texts(coded_db)
    table = pq.read_table(out)
    for name in ("url", "outlet", "title", "published", "evidence_part", "sentence"):
        assert str(table.schema.field(name).type) == "string", name
    rows = table.to_pylist()
    assert rows
    for row in rows:
        check_row(row, texts)
    frame = pd.read_parquet(out)
    assert frame["url"].tolist() == [r["url"] for r in rows]
    assert pd.to_datetime(frame["published"], utc=True).notna().all()


def test_jsonl_records_cite_their_article(coded_db: Path) -> None:
    result = run(coded_db, "export", "--unit", "mentions", "-f", "jsonl", "-o", "-")
    assert result.exit_code == 0, result.stderr
    texts = stored_texts(coded_db)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    for rec in records:
        cite = rec["cite_info"]
        check_row(
            {
                "url": cite["url"],
                "title": cite["title"],
                "outlet": cite["publication"],
                "published": rec["newsevents"]["published"],
                "article_id": rec["newsevents"]["article_id"],
                "evidence_part": rec["text_info"]["part"],
                "evidence_start": rec["text_info"]["start"],
                "evidence_end": rec["text_info"]["end"],
                "sentence": rec["text"],
            },
            texts,
        )


def test_gdelt_keeps_61_columns_and_sourceurl(coded_db: Path) -> None:
    result = run(coded_db, "export", "--unit", "mentions", "-f", "gdelt", "-o", "-")
    assert result.exit_code == 0, result.stderr
    lines = [line.split("\t") for line in result.stdout.splitlines() if line]
    assert lines and len(GDELT_COLUMNS) == 61
    assert all(len(cols) == 61 for cols in lines)
    assert {cols[GDELT_COLUMNS.index("SOURCEURL")] for cols in lines} == set(BY_URL)
