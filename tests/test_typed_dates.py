"""Typed event dates end to end: the time layer's periods, the store's columns and migration,
the CLI's filters and order, trends, the web timeline and every export read back by pandas and
DuckDB. The date values are the ones found in a store built from real feeds (issue 13)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fastapi.testclient import TestClient

from newsevents.cli.main import cli
from newsevents.models import ArticleInput
from newsevents.store import Store
from newsevents.store.schema import MIGRATIONS, SCHEMA_VERSION
from newsevents.time import event_period, period_of
from newsevents.web.app import create_app
from test_store_events import make_event

PUBLISHED = date(2026, 2, 10)

#: date value -> (first day, last day, precision) of its period.
PERIODS: dict[str, tuple[str, str, str]] = {
    "203": ("2030-01-01", "2039-12-31", "decade"),
    "2026-W07": ("2026-02-09", "2026-02-15", "week"),
    "2026-02-03TAF": ("2026-02-03", "2026-02-03", "day"),
    "2025-FA": ("2025-09-01", "2025-11-30", "season"),
    "2026-Q4": ("2026-10-01", "2026-12-31", "quarter"),
    "2028": ("2028-01-01", "2028-12-31", "year"),
    "1941": ("1941-01-01", "1941-12-31", "year"),
    "2026-02-11": ("2026-02-11", "2026-02-11", "day"),
    "2026-01": ("2026-01-01", "2026-01-31", "month"),
    "2025-WI": ("2025-12-01", "2026-02-28", "season"),
    "2026-W06-WE": ("2026-02-07", "2026-02-08", "week"),
    "2024-H2": ("2024-07-01", "2024-12-31", "year"),
    "2026-02-05T09:30": ("2026-02-05", "2026-02-05", "day"),
}

#: The events of the test store (published 2026-02-10): (cameo code, source, target, date value,
#: modality).
EVENTS = [
    ("042", "USA", "IRN", "203", "intended"),  # a decade from 2030: far future, flagged
    ("043", "USA", "IRN", "2026-W07", "asserted"),
    ("044", "RUS", "UKR", "2026-02-03TAF", "asserted"),
    ("045", "RUS", "UKR", "2025-FA", "asserted"),
    ("046", "FRA", "DEU", "2026-Q4", "intended"),  # a plan within the year: kept
    ("047", "FRA", "DEU", "2026-Q4", "asserted"),  # reported as done, dated later: flagged
    ("190", "ISR", "PSE", "2028", "intended"),  # more than a year ahead: flagged
    ("036", "DEU", "POL", "1941", "asserted"),
    ("040", "CHN", "USA", "2026-02-11", "asserted"),  # a day after publication: time zones
    ("041", "CHN", "USA", None, "asserted"),
]
FLAGGED = {"042", "047", "190"}


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


# -- the time layer ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", sorted(PERIODS))
def test_every_timex_form_is_one_period(value: str) -> None:
    period = period_of(value)
    assert period is not None
    assert (period.start.isoformat(), period.end.isoformat(), period.precision) == PERIODS[value]


@pytest.mark.parametrize("value", ["19", "PRESENT_REF", "P3Y", "2026-13", "2026-W54", "", None])
def test_values_that_name_no_period(value: str | None) -> None:
    assert period_of(value) is None


def test_resolver_values_all_parse() -> None:
    """Whatever calendar value the resolver produces names a period."""
    from newsevents.time import resolve_dates

    text = (
        "On Tuesday morning, last week, in March, the first quarter of 2025, this summer, next "
        "year, the 1990s, late 2024, the weekend, two weeks ago, 3 months ago, on March 5, 2024."
    )
    values = [t.value for t in resolve_dates(text, PUBLISHED) if t.value and t.value[0].isdigit()]
    assert len(values) >= 10
    assert [v for v in values if period_of(v) is None] == []


def test_far_future_readings_fall_back_to_publication() -> None:
    future = event_period("2028", PUBLISHED)
    assert future is not None and future.flag == "future"
    assert (future.start, future.end, future.precision) == (PUBLISHED, PUBLISHED, "day")
    near = event_period("2026-Q4", PUBLISHED)  # within a year of publication: kept
    assert near is not None and near.flag is None and near.precision == "quarter"
    # an event reported as having happened cannot start after the report (a day of slack)
    done = event_period("2026-Q4", PUBLISHED, asserted=True)
    assert done is not None and done.flag == "future" and done.start == PUBLISHED
    assert event_period("2026-02-11", PUBLISHED, asserted=True) == (
        date(2026, 2, 11),
        date(2026, 2, 11),
        "day",
        None,
    )
    assert event_period("1941", PUBLISHED) == (date(1941, 1, 1), date(1941, 12, 31), "year", None)
    undated = event_period(None, PUBLISHED)
    assert undated is not None and undated.start == PUBLISHED and undated.flag is None
    assert event_period(None, None) is None
    assert event_period("2028", None) == (date(2028, 1, 1), date(2028, 12, 31), "year", None)


# -- a store with the real-world values ------------------------------------------------------------


def _fill(store: Store) -> None:
    (r,) = store.add_articles(
        [ArticleInput(text="x", title="t", published=PUBLISHED, url="https://example.org/a")]
    )
    article = store.get(r.id)
    assert article is not None
    from newsevents.store.events import save_events

    records = []
    for code, src, tgt, value, modality in EVENTS:
        ev = make_event(r.id, code, "CONSULT", 1, src, tgt, value or "")
        ev.date, ev.modality = value, modality  # type: ignore[assignment]
        ev.event_id = ev.compute_id()
        records.append(ev.to_dict())
    save_events(store, article, records, coder_version="1")


@pytest.fixture
def dated_db(tmp_path: Path) -> Path:
    db = tmp_path / "dated.db"
    with Store(db) as store:
        _fill(store)
    return db


def _codes(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [e["cameo_code"] for e in json.loads(result.output)]


def test_store_keeps_text_and_typed_columns(dated_db: Path) -> None:
    with closing(sqlite3.connect(dated_db)) as conn:
        rows = conn.execute(
            "SELECT cameo_code, date, date_start, date_end, date_precision, date_flag, record "
            "FROM events"
        ).fetchall()
    by_code = {r[0]: r[1:] for r in rows}
    for code, _src, _tgt, value, _modality in EVENTS:
        if code in FLAGGED or value is None:
            continue
        start, end, precision = PERIODS[value]
        assert by_code[code][:5] == (value, start, end, precision, None)
        record = json.loads(by_code[code][5])
        assert (record["date"], record["date_start"], record["date_end"]) == (value, start, end)
    # the decade 203 and the year 2028 start more than a year after publication, and the
    # asserted 2026-Q4 after it: flagged and dated by the publication day; the text stays
    for code in FLAGGED:
        assert by_code[code][1:5] == ("2026-02-10", "2026-02-10", "day", "future")
    assert by_code["042"][0] == "203" and by_code["190"][0] == "2028"
    assert by_code["041"][:5] == (None, "2026-02-10", "2026-02-10", "day", None)


def test_cli_filters_use_overlapping_periods(dated_db: Path) -> None:
    week = run(dated_db, "events", "--json", "--since", "2026-02-09", "--until", "2026-02-16")
    assert "043" in _codes(week)  # 2026-W07 is Feb 9-15: inside the range
    assert "044" not in _codes(week)  # Feb 3 is before it
    march = _codes(run(dated_db, "events", "--json", "--since", "2026-03-01"))
    assert "043" not in march and "044" not in march  # February weeks and days are dropped
    assert march == ["046"]  # 2026-Q4 overlaps; the flagged future readings are at publication
    # a bound of a month or year is its first day; a season overlapping the bound matches
    assert "045" in _codes(run(dated_db, "events", "--json", "--since", "2025-11"))
    assert _codes(run(dated_db, "events", "--json", "--until", "1942")) == ["036"]


def test_cli_newest_first_puts_no_decade_or_far_future_first(dated_db: Path) -> None:
    codes = _codes(run(dated_db, "events", "--json"))
    assert codes[0] == "046"  # the planned 2026-Q4 starts Oct 1, 2026: the newest reading
    assert codes[1] == "040"  # then 2026-02-11
    # the decade 203, the year 2028 and the asserted 2026-Q4 sit at the publication day (Feb 10)
    # with the undated event, before 2026-W07 (from Feb 9); 1941 comes last
    assert sorted(codes[2:6]) == ["041", "042", "047", "190"]
    assert codes[6:] == ["043", "044", "045", "036"]
    with TestClient(create_app(dated_db), base_url="http://127.0.0.1") as client:
        body = client.get("/api/events?sort=date&size=3").json()
    assert [r["cameo_code"] for r in body["records"]] == ["036", "045", "044"]


def test_cli_rejects_a_date_that_does_not_exist(dated_db: Path) -> None:
    result = run(dated_db, "events", "--since", "2026-02-30")
    assert result.exit_code == 2
    assert "--since" in result.output and "calendar" in result.output


def test_trends_place_period_dated_events(dated_db: Path) -> None:
    from newsevents.trends import trends

    with Store(dated_db) as store:
        daily = trends(store, actor="USA", by="day", count="mentions")
        weekly = trends(store, actor="USA", by="week", count="mentions")
        monthly = trends(store, actor="USA", by="month", count="mentions")
    # a week-dated event (2026-W07) has no day; the far-future reading (203) and the undated
    # event count on the publication day
    assert {r.period: r.count for r in daily if r.count} == {"2026-02-10": 2, "2026-02-11": 1}
    assert {r.period: r.count for r in weekly if r.count} == {"2026-W07": 4}
    assert {r.period: r.count for r in monthly if r.count} == {"2026-02": 4}


def test_timeline_months_come_from_typed_dates(dated_db: Path) -> None:
    with TestClient(create_app(dated_db), base_url="http://127.0.0.1") as client:
        for url in ("/api/timeline", "/api/timeline?actor=USA", "/api/overview"):
            body = client.get(url).json()
            tl = body.get("timeline", body)
            assert tl["months"] and all(
                len(m) == 7 and m[4] == "-" and m[5:].isdigit() for m in tl["months"]
            ), tl
        tl = client.get("/api/timeline").json()
    # day, week and month periods count in the month they start; coarser ones have no month
    assert tl["months"] == ["2026-02"]
    assert sum(sum(v) for v in tl["quad"].values()) == len(EVENTS) - 3


# -- exports -------------------------------------------------------------------------------------


def _export(db: Path, tmp_path: Path, fmt: str, unit: str = "mentions") -> Path:
    out = tmp_path / f"out.{unit}.{fmt}"
    result = run(db, "export", "--format", fmt, "--output", str(out), "--unit", unit, "-q")
    assert result.exit_code == 0, result.output
    return out


def _expected() -> dict[str, tuple[date | None, date | None]]:
    """cameo code -> the typed pair every export must carry."""
    out: dict[str, tuple[date | None, date | None]] = {}
    for code, _src, _tgt, value, modality in EVENTS:
        typed = event_period(value, PUBLISHED, asserted=modality == "asserted")
        assert typed is not None
        out[code] = (typed.start, typed.end)
    return out


def test_parquet_and_csv_dates_read_back_typed(dated_db: Path, tmp_path: Path) -> None:
    import duckdb
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = _export(dated_db, tmp_path, "parquet")
    schema = pq.read_schema(parquet)
    assert schema.field("date_start").type == pa.date32()
    assert schema.field("date_end").type == pa.date32()
    frame = pd.read_parquet(parquet)
    starts = pd.to_datetime(frame["date_start"])  # failed on the text column before
    assert starts.notna().all()
    got = {
        r.cameo_code: (r.date_start, r.date_end)
        for r in frame[["cameo_code", "date_start", "date_end"]].itertuples()
    }
    assert got == _expected()
    assert dict(zip(frame["cameo_code"], frame["date"], strict=True))["043"] == "2026-W07"
    assert dict(zip(frame["cameo_code"], frame["date_flag"], strict=True))["190"] == "future"
    with closing(duckdb.connect()) as con:
        kinds = dict(
            con.execute(
                "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))",
                [str(parquet)],
            ).fetchall()
        )
        assert kinds["date_start"] == "DATE" and kinds["date_end"] == "DATE"
        week = con.execute(
            "SELECT cameo_code FROM read_parquet(?) WHERE date_end >= DATE '2026-02-09' "
            "AND date_start < DATE '2026-02-16' ORDER BY 1",
            [str(parquet)],
        ).fetchall()
        assert ("043",) in week

        csv_path = _export(dated_db, tmp_path, "csv")
        rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
        assert {r["cameo_code"]: r["date_precision"] for r in rows}["045"] == "season"
        ck = dict(
            con.execute(
                "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_csv(?))",
                [str(csv_path)],
            ).fetchall()
        )
        assert ck["date_start"] == "DATE" and ck["date_end"] == "DATE"
    frame = pd.read_csv(csv_path, parse_dates=["date_start", "date_end"])
    assert str(frame["date_start"].dtype).startswith("datetime64")
    assert frame["date_start"].notna().all()


def test_jsonl_and_gdelt_dates(dated_db: Path, tmp_path: Path) -> None:
    import duckdb
    import pandas as pd

    jsonl = _export(dated_db, tmp_path, "jsonl")
    frame = pd.read_json(jsonl, lines=True)
    dates = pd.to_datetime(frame["date"])  # PLOVER date: the first day, ISO
    assert dates.notna().all()
    blocks = {b["cameo_code"]: b for b in frame["newsevents"]}
    assert blocks["043"]["date_text"] == "2026-W07"
    assert blocks["043"]["date_precision"] == "week"
    by_code = dict(
        zip([b["cameo_code"] for b in frame["newsevents"]], frame["enddate"], strict=True)
    )
    assert by_code["043"] == "2026-02-15"
    with closing(duckdb.connect()) as con:
        row = con.execute(
            "SELECT count(*) FROM read_json_auto(?) WHERE CAST(date AS DATE) IS NOT NULL",
            [str(jsonl)],
        ).fetchone()
    assert row is not None
    (n,) = row
    assert n == len(EVENTS)

    gdelt = _export(dated_db, tmp_path, "gdelt")
    from newsevents.export import GDELT_COLUMNS, read_gdelt

    rows = list(read_gdelt(gdelt))
    assert len(rows) == len(EVENTS) and all(r.SQLDATE for r in rows)
    sqldates = sorted(r.SQLDATE or 0 for r in rows)
    # 1941 is a year reading (the parse vets bare years): its first day; the far-future
    # readings and the undated event take the publication day, as GDELT dates events
    assert sqldates[0] == 19410101
    assert sqldates.count(20260210) == 4
    assert 20261001 in sqldates and 20260209 in sqldates
    gframe = pd.read_csv(gdelt, sep="\t", header=None, names=list(GDELT_COLUMNS))
    assert pd.to_datetime(gframe["SQLDATE"].astype(str), format="%Y%m%d").notna().all()


# -- a store made before typed dates -------------------------------------------------------------


def _old_store(db: Path) -> None:
    """A store at schema version 4 with text dates, written as that version wrote it."""
    from newsevents.store.schema import _split

    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        for version in range(4):
            for statement in _split(MIGRATIONS[version]):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {4}")
        conn.execute(
            "INSERT INTO articles (id, revision, text, published, ingested_at, content_hash) "
            "VALUES ('a1', 1, 'x', '2026-02-10T08:00:00+00:00', '2026-02-10', 'h')"
        )
        for code, src, tgt, value, modality in EVENTS:
            ev = make_event("a1", code, "CONSULT", 1, src, tgt, value or "")
            ev.date, ev.modality = value, modality  # type: ignore[assignment]
            # "quarter": a precision old stores held that DatePrecision no longer admits
            ev.date_precision = "quarter" if value and value[-2:] in ("FA", "Q4") else "day"  # type: ignore[assignment]
            ev.event_id = ev.compute_id()
            rec = ev.to_dict()
            conn.execute(
                "INSERT INTO events (event_id, article_id, article_revision, plover_type, "
                "plover_mode, cameo_code, quad_class, goldstein, source_actors, target_actors, "
                "source_countries, target_countries, date, date_precision, location_country, "
                "modality, confidence, record) VALUES (?, 'a1', 1, 'CONSULT', NULL, ?, 1, 1.0, "
                "?, ?, ?, ?, ?, ?, ?, ?, 0.8, ?)",
                (
                    rec["event_id"],
                    code,
                    src,
                    tgt,
                    src,
                    tgt,
                    value,
                    ev.date_precision,
                    tgt,
                    modality,
                    json.dumps(rec),
                ),
            )
        conn.execute(
            "INSERT INTO stories (story_id, article_id, plover_type, cameo_code, quad_class, "
            "goldstein, source_actors, target_actors, source_countries, target_countries, date, "
            "date_end, date_precision, modality, confidence, num_mentions, num_articles, "
            "num_sources, record) VALUES ('s1', 'a1', 'CONSULT', '043', 1, 1.0, 'USA', 'IRN', "
            "'USA', 'IRN', '2026-W07', '2026-W07', 'week', 'asserted', 0.8, 2, 1, 1, "
            '\'{"story_id": "s1", "date": "2026-W07", "date_end": "2026-W07"}\')'
        )
        conn.execute("UPDATE events SET story_id = 's1' WHERE cameo_code IN ('043', '044')")


def test_migration_types_the_dates_of_an_old_store(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _old_store(db)
    # the CLI opens it (and brings it to the current schema) and filters on typed periods
    week = _codes(run(db, "events", "--json", "--since", "2026-02-09", "--until", "2026-02-16"))
    assert "043" in week
    assert _codes(run(db, "events", "--json", "--limit", "1")) == ["046"]
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        rows = {
            r[0]: r[1:]
            for r in conn.execute(
                "SELECT cameo_code, date_start, date_end, date_precision, date_flag, "
                "json_extract(record, '$.date_start') FROM events"
            )
        }
        # the same typed dates as a fresh store's, from the stored text
        assert rows["045"] == ("2025-09-01", "2025-11-30", "season", None, "2025-09-01")
        assert rows["046"] == ("2026-10-01", "2026-12-31", "quarter", None, "2026-10-01")
        for code in FLAGGED:
            assert rows[code] == ("2026-02-10", "2026-02-10", "day", "future", "2026-02-10")
        assert rows["041"][:2] == ("2026-02-10", "2026-02-10")
        # the story spans its events: 2026-02-03 (044) to the end of 2026-W07 (043)
        story = conn.execute(
            "SELECT date_start, date_end, json_extract(record, '$.date_end') FROM stories"
        ).fetchone()
        assert story == ("2026-02-03", "2026-02-15", "2026-02-15")
        # the day summary was rebuilt from the typed dates (the overview timeline reads it)
        days = dict(conn.execute("SELECT day, SUM(n) FROM event_summary_day GROUP BY 1"))
        assert "2026-W07" not in days and days["2026-02-09"] == 1
        plan = " ".join(
            str(r)
            for r in conn.execute(
                "EXPLAIN QUERY PLAN SELECT record FROM events WHERE date_start < '2026-03-01' "
                "ORDER BY date_start DESC LIMIT 5"
            )
        )
        assert "events_date_start" in plan
