"""Trends and the stories/trends CLI, on a store built from known articles by the real coder."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsevents.cli.main import cli
from newsevents.errors import ErrorCode, NewsEventsError
from newsevents.store import Store
from newsevents.store.records import COLUMN_NAMES
from newsevents.trends import period_of, period_range, sparkline, trends

ATTACK = (
    "Russian forces attacked the Ukrainian city of Kharkiv on Monday, killing three people, "
    "Ukrainian officials said."
)
ARTICLES = [
    # an attack (QuadClass 4, Goldstein -10) carried by two outlets: one story, two mentions
    {"id": "jan-a", "published": "2024-01-15", "url": "https://a.example/1", "text": ATTACK},
    {"id": "jan-b", "published": "2024-01-15", "url": "https://b.example/2", "text": ATTACK},
    {
        "id": "mar-a",
        "published": "2024-03-20",
        "url": "https://a.example/3",
        "text": "Russia accused Ukraine of shelling the border region of Belgorod on Tuesday.",
    },
    {
        "id": "mar-b",
        "published": "2024-03-25",
        "url": "https://c.example/4",
        "text": "Ukraine's President Volodymyr Zelensky met Russian negotiators in Istanbul on "
        "Monday.",
    },
]


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the articles ingested and coded through the CLI (which builds stories)."""
    tmp = tmp_path_factory.mktemp("trends")
    src = tmp / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    db = tmp / "store.db"
    assert run(db, "ingest", "-q", str(src)).exit_code == 0
    result = run(db, "code", "--workers", "1")
    assert result.exit_code == 0, result.stderr
    assert "Stories: 3 from 4 events" in result.stderr
    return db


def test_monthly_series_zero_filled_with_quadclass_and_goldstein(coded_db: Path) -> None:
    with Store(coded_db) as store:
        rows = trends(store, source="RUS", by="month")
        assert [(r.period, r.count, r.q3, r.q4, r.goldstein_sum) for r in rows] == [
            ("2024-01", 1, 0, 1, -10.0),
            ("2024-02", 0, 0, 0, 0.0),  # an empty month inside the range
            ("2024-03", 1, 1, 0, -2.0),
        ]
        assert rows[0].goldstein_mean == -10.0 and rows[1].goldstein_mean is None
        # mentions count each article's report: the attack was reported twice
        mentions = trends(store, source="RUS", by="month", count="mentions")
        assert [r.count for r in mentions] == [2, 0, 1]
        assert mentions[0].goldstein_sum == -20.0
        # either side: the March talks add a cooperative story
        both = trends(store, actor="RUS", by="month")
        march = both[-1]
        assert (march.count, march.q1, march.q3, march.net_cooperation) == (2, 1, 1, 0)
        assert march.goldstein_sum == -1.0 and march.goldstein_mean == -0.5
        assert trends(store, source="RUS", target="BFA") == []
        typed = trends(store, source="RUS", plover_type="ASSAULT", since="2024-01", until="2024-04")
        assert [(r.period, r.count) for r in typed] == [
            ("2024-01", 1),
            ("2024-02", 0),
            ("2024-03", 0),
        ]


def test_iso_weeks_and_days(coded_db: Path) -> None:
    with Store(coded_db) as store:
        rows = trends(store, source="RUS", by="week", since="2024-01-01", until="2024-01-29")
        assert [r.period for r in rows] == ["2024-W01", "2024-W02", "2024-W03", "2024-W04"]
        assert [r.count for r in rows] == [0, 0, 1, 0]
        days = trends(store, source="RUS", by="day", since="2024-01-14", until="2024-01-17")
        assert [(r.period, r.count) for r in days] == [
            ("2024-01-14", 0),
            ("2024-01-15", 1),
            ("2024-01-16", 0),
        ]
    assert period_of("2024-12-30", "week") == "2025-W01"  # ISO year differs from calendar year
    assert period_of("2024-06", "week") is None  # a month-only date has no week
    assert list(period_range("2024-W52", "2025-W02", "week")) == [
        "2024-W52",
        "2025-W01",
        "2025-W02",
    ]
    assert list(period_range("2024-11", "2025-02", "month")) == [
        "2024-11",
        "2024-12",
        "2025-01",
        "2025-02",
    ]


def test_bad_values_raise_coded_errors(coded_db: Path) -> None:
    with Store(coded_db) as store:
        with pytest.raises(NewsEventsError) as exc:
            trends(store, by="year")
        assert exc.value.code is ErrorCode.E026
        with pytest.raises(NewsEventsError):
            trends(store, since="June")


def test_sparkline() -> None:
    assert sparkline([0, 4, 8]) == "▁▅█"
    assert sparkline([-2, 0, 2]) == "▁▅█"
    assert len(sparkline([3, 3])) == 2 and sparkline([]) == ""


def test_trends_cli_outputs_and_exit_codes(coded_db: Path) -> None:
    result = run(coded_db, "trends", "--source", "RUS", "--by", "month")
    assert result.exit_code == 0
    assert "2024-02" in result.stdout and "net coop" in result.stdout
    assert any(ch in result.stdout for ch in "▁█")
    as_json = json.loads(run(coded_db, "trends", "--source", "RUS", "--json").stdout)
    assert [r["count"] for r in as_json] == [1, 0, 1]
    assert as_json[0]["net_cooperation"] == -1
    mentions = json.loads(
        run(coded_db, "trends", "--source", "RUS", "--count", "mentions", "--json").stdout
    )
    assert [r["count"] for r in mentions] == [2, 0, 1]
    rows = list(
        csv.DictReader(io.StringIO(run(coded_db, "trends", "--actor", "RUS", "--csv").stdout))
    )
    assert [r["period"] for r in rows] == ["2024-01", "2024-02", "2024-03"]
    assert rows[2]["q1"] == "1"
    bad = run(coded_db, "trends", "--by", "year")
    assert bad.exit_code == 2
    assert "E026" in bad.stderr and "--by" in bad.stderr and "Traceback" not in bad.stderr
    assert run(coded_db, "trends", "--count", "articles").exit_code == 2


def test_stories_cli(coded_db: Path) -> None:
    listed = json.loads(run(coded_db, "stories", "list", "--json").stdout)
    assert len(listed) == 3
    attack = next(s for s in listed if s["plover_type"] == "ASSAULT")
    assert (attack["num_articles"], attack["num_sources"]) == (2, 2)
    assert attack["num_mentions"] >= 2  # every mention of the attack in both articles
    assert attack["outlets"] == ["a.example", "b.example"]
    table = run(coded_db, "stories", "list", "--source", "RUS")
    assert table.exit_code == 0 and attack["story_id"] in table.stdout
    assert "2 of 2 stories" in table.stderr
    rows = list(csv.DictReader(io.StringIO(run(coded_db, "stories", "list", "--csv").stdout)))
    assert tuple(rows[0]) == COLUMN_NAMES and len(rows) == 3
    shown = run(coded_db, "stories", "show", attack["story_id"])
    assert shown.exit_code == 0
    assert "a.example" in shown.stdout and "b.example" in shown.stdout
    assert shown.stdout.count("Kharkiv") == 2  # both reports' evidence
    data = json.loads(run(coded_db, "stories", "show", attack["story_id"], "--json").stdout)
    assert {e["article"]["outlet"] for e in data["evidence"]} == {"a.example", "b.example"}
    missing = run(coded_db, "stories", "show", "s-none")
    assert missing.exit_code == 1 and "no story" in missing.stderr
    rebuilt = json.loads(run(coded_db, "stories", "build", "--json").stdout)
    assert rebuilt["stories"] == 3 and rebuilt["signatures"] == 0 and rebuilt["duplicates"] == 1
    again = json.loads(run(coded_db, "stories", "list", "--json").stdout)
    assert sorted(s["story_id"] for s in again) == sorted(s["story_id"] for s in listed)


def test_demo_builds_stories(db_path: Path) -> None:
    result = run(db_path, "demo", "--quiet")
    assert result.exit_code == 0, result.stderr
    with Store(db_path) as store:
        n_events = store._execute("SELECT COUNT(*) FROM events").fetchone()[0]
        n_stories = store._execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        assert 0 < n_stories <= n_events
        assert (
            store._execute("SELECT COUNT(*) FROM events WHERE story_id IS NULL").fetchone()[0] == 0
        )
        rows = trends(
            store, source="RUS", target="BFA", by="month", since="2024-06", until="2024-07"
        )
        assert [r.period for r in rows] == ["2024-06"] and rows[0].count >= 1 and rows[0].q1 >= 1


def test_web_dyad_chart_is_the_monthly_trend_zero_filled(coded_db: Path) -> None:
    from newsevents.web.queries import dyad_profile

    with Store(coded_db) as store:
        profile = dyad_profile(store, "RUS", "UKR")
        monthly = trends(store, source="RUS", target="UKR", count="mentions", modalities=None)
    assert profile["months"] == ["2024-01", "2024-02", "2024-03"]
    conflict = profile["series"]["a_b_conflict"]
    assert conflict == [r.q3 + r.q4 for r in monthly]
    assert conflict[0] == 2 and conflict[1] == 0  # two outlets' mentions of the attack; none in Feb
