"""Names in the CLI's actor and country options, trend labels and stores that do not exist, through
the real entry point on a store coded by the real coder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsevents.actors.names import NameResolver, UnknownName
from newsevents.cli.main import cli

ARTICLES = [
    {
        "id": "attack",
        "published": "2024-01-15",
        "url": "https://a.example/1",
        "text": "Russian forces attacked the Ukrainian city of Kharkiv on Monday, killing three "
        "people, Ukrainian officials said.",
    },
    {
        "id": "putin",
        "published": "2024-03-20",
        "url": "https://b.example/2",
        "text": "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing "
        "on Tuesday.",
    },
    {
        "id": "sanctions",
        "published": "2024-03-25",
        "url": "https://c.example/3",
        "text": "The United States imposed new sanctions on Iran on Monday, the Treasury said.",
    },
]


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("names")
    src = tmp / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    db = tmp / "store.db"
    assert run(db, "ingest", "-q", str(src)).exit_code == 0
    result = run(db, "code", "--workers", "1", "-q")
    assert result.exit_code == 0, result.stderr
    return db


def event_ids(db: Path, *args: str) -> list[str]:
    result = run(db, "events", "--json", *args)
    assert result.exit_code == 0, result.output
    return [e["event_id"] for e in json.loads(result.stdout)]


def test_actor_names_codes_and_aliases_select_the_same_events(coded_db: Path) -> None:
    by_code = event_ids(coded_db, "--actor", "RUS")
    assert by_code
    assert event_ids(coded_db, "--actor", "Russia") == by_code
    assert event_ids(coded_db, "--actor", "russian federation") == by_code
    putin = event_ids(coded_db, "--actor", "RUS:vladimir_putin")
    assert putin and set(putin) < set(by_code)
    assert event_ids(coded_db, "--source", "Putin") == event_ids(
        coded_db, "--source", "RUS:vladimir_putin"
    )
    assert event_ids(coded_db, "--target", "Ukraine") == event_ids(coded_db, "--target", "UKR")
    assert event_ids(coded_db, "--target", "Ukraine")


def test_unknown_name_is_a_coded_usage_error_with_suggestions(coded_db: Path) -> None:
    result = run(coded_db, "events", "--actor", "Rusia")
    assert result.exit_code == 2
    assert "[E030]" in result.output and "'Rusia'" in result.output
    assert "Russia (RUS)" in result.output  # a close match is offered
    assert "of 0 events" not in result.output
    nothing = run(coded_db, "events", "--source", "Narnia")
    assert nothing.exit_code == 2 and "[E030]" in nothing.output and "'--source'" in nothing.output


def test_country_by_name_and_unknown_country(coded_db: Path) -> None:
    assert event_ids(coded_db, "--country", "Ukraine") == event_ids(coded_db, "--country", "UKR")
    result = run(coded_db, "events", "--country", "Atlantis")
    assert result.exit_code == 2 and "[E030]" in result.output and "Atlantis" in result.output


def test_names_in_stories_export_and_trends(coded_db: Path, tmp_path: Path) -> None:
    listed = run(coded_db, "stories", "list", "--json", "--source", "Russia")
    assert listed.exit_code == 0 and json.loads(listed.stdout)
    out = tmp_path / "out.jsonl"
    exported = run(coded_db, "export", "--source", "Russia", "-o", str(out))
    assert exported.exit_code == 0, exported.output
    assert out.read_text().strip()
    assert run(coded_db, "export", "--actor", "Narnia", "-o", str(out)).exit_code == 2
    trend = run(coded_db, "trends", "--source", "Russian Federation", "--json")
    assert trend.exit_code == 0 and {r["source"] for r in json.loads(trend.stdout)} == {"RUS"}
    bad = run(coded_db, "trends", "--actor", "Narnia")
    assert bad.exit_code == 2 and "[E030]" in bad.output


def test_trends_actor_series_is_labelled_either_side(coded_db: Path) -> None:
    result = run(coded_db, "trends", "--actor", "United States")
    assert result.exit_code == 0, result.output
    assert "USA<->*" in result.stdout and "USA->USA" not in result.stdout
    rows = json.loads(run(coded_db, "trends", "--actor", "USA", "--json").stdout)
    assert rows and {(r["source"], r["target"]) for r in rows} == {("USA", "*")}


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["events"],
        ["articles", "list"],
        ["articles", "search", "x"],
        ["stories", "list"],
        ["stories", "build"],
        ["trends"],
        ["export", "--format", "csv", "-o", "-"],
        ["code"],
        ["serve", "--no-browser"],
    ],
)
def test_reading_a_missing_store_is_an_error_and_creates_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "missing-dir" / "x.db"
    result = run(db, *command)
    assert result.exit_code == 3
    assert "[E017]" in result.stderr and str(db) in result.stderr
    assert not db.parent.exists()


def test_creating_commands_still_create_the_store(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Talks open in Cairo\n\nCAIRO: Delegations met.\n")
    db = tmp_path / "new-dir" / "x.db"
    assert run(db, "ingest", "-q", str(text)).exit_code == 0
    assert db.is_file()
    assert run(db, "stats").exit_code == 0


def test_resolver_is_importable_and_uses_the_store_actors() -> None:
    resolver = NameResolver(lambda: [("XYZ:custom_group", "Custom Brigade")])
    assert resolver.country("Russian Federation") == "RUS"
    assert resolver.country("ukraine") == "UKR"
    assert resolver.actor("Putin") == "RUS:vladimir_putin"
    assert resolver.actor("custom brigade") == "XYZ:custom_group"
    assert resolver.actor("XYZ:custom_group") == "XYZ:custom_group"
    assert resolver.complete("Ukr", kind="country")[0].code == "UKR"
    assert [m.code for m in resolver.complete("Custom", kind="actor")] == ["XYZ:custom_group"]
    with pytest.raises(UnknownName) as err:
        resolver.country("Ukrian")
    assert err.value.code.name == "E030"
    assert "UKR" in [m.code for m in err.value.suggestions]
