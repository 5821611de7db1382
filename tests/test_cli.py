"""The CLI through its real entry point: exit codes, messages, and the rows that landed."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsevents.cli.main import cli
from newsevents.store import Store


def run(db: Path, *args: str, input: bytes | str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=input, catch_exceptions=False)


def rows(db: Path) -> list[tuple[str, int, str | None, str]]:
    with Store(db) as s:
        return [
            tuple(r)
            for r in s._execute("SELECT id, revision, title, text FROM articles ORDER BY rowid")
        ]


@pytest.fixture()
def good_text(tmp_path: Path) -> Path:
    p = tmp_path / "good.txt"
    p.write_text("Ceasefire talks open in Cairo\n\nMon Mar 03 2025\n\nCAIRO: Delegations met.\n")
    return p


def test_help_on_every_command(db_path: Path) -> None:
    for cmd in (
        [],
        ["ingest"],
        ["articles"],
        ["articles", "list"],
        ["articles", "show"],
        ["articles", "search"],
        ["stats"],
        ["demo"],
    ):
        result = run(db_path, *cmd, "--help")
        assert result.exit_code == 0, cmd
        assert "Usage:" in result.stdout
    assert "Exit codes" in run(db_path, "--help").stdout


def test_ingest_list_show_search_stats(db_path: Path, good_text: Path) -> None:
    result = run(db_path, "ingest", str(good_text))
    assert result.exit_code == 0
    assert "1 added" in result.stderr
    (row,) = rows(db_path)
    assert row[2] == "Ceasefire talks open in Cairo" and row[3] == "CAIRO: Delegations met."

    listed = run(db_path, "articles", "list", "--json")
    data = json.loads(listed.stdout)
    assert [d["title"] for d in data] == ["Ceasefire talks open in Cairo"]
    assert data[0]["published"] == "2025-03-03"

    table = run(db_path, "articles", "list").stdout
    assert "Ceasefire talks open in Cairo" in table and row[0] in table

    csv_out = run(db_path, "articles", "list", "--csv").stdout.splitlines()
    assert csv_out[0] == "id,revision,published,source,language,title,url"
    assert len(csv_out) == 2

    shown = run(db_path, "articles", "show", row[0])
    assert shown.exit_code == 0 and "CAIRO: Delegations met." in shown.stdout
    shown_json = json.loads(run(db_path, "articles", "show", row[0], "--json").stdout)
    assert shown_json["revisions"] == [1]

    missing = run(db_path, "articles", "show", "nope")
    assert missing.exit_code == 1 and "no article with id 'nope'" in missing.stderr

    hits = json.loads(run(db_path, "articles", "search", "delegations", "--json").stdout)
    assert len(hits) == 1 and "**Delegations**" in hits[0]["snippet"]
    assert "No articles match" in run(db_path, "articles", "search", "zebra").stdout

    stats = json.loads(run(db_path, "stats", "--json").stdout)
    assert stats["articles"] == 1 and stats["by_language"] == {"en": 1}


def test_second_run_adds_nothing(db_path: Path, good_text: Path) -> None:
    run(db_path, "ingest", str(good_text))
    again = run(db_path, "ingest", str(good_text), "--json")
    report = json.loads(again.stdout)
    assert again.exit_code == 0
    assert (report["added"], report["unchanged"]) == (0, 1)
    assert len(rows(db_path)) == 1


def test_stdin_and_directories(db_path: Path, tmp_path: Path) -> None:
    d = tmp_path / "dir" / "sub"
    d.mkdir(parents=True)
    (d / "a.md").write_text("# Summit in Nairobi\n\nLeaders met on Friday.\n")
    (tmp_path / "dir" / "b.jsonl").write_text(json.dumps({"text": "From a dump."}) + "\n")
    (tmp_path / "dir" / ".hidden.txt").write_text("Not ingested.")
    result = run(
        db_path, "ingest", str(tmp_path / "dir"), "-", input="Piped headline\n\nPiped body."
    )
    assert result.exit_code == 0, result.stderr
    texts = sorted(r[3] for r in rows(db_path))
    assert texts == ["From a dump.", "Leaders met on Friday.", "Piped body."]


def test_format_and_map_options(db_path: Path, tmp_path: Path) -> None:
    dump = tmp_path / "dump.data"
    dump.write_text(json.dumps({"body": "Mapped body", "when": "2024-01-02"}) + "\n")
    result = run(
        db_path, "ingest", "--format", "jsonl", "--map", "text=body,published=when", str(dump)
    )
    assert result.exit_code == 0, result.stderr
    (row,) = rows(db_path)
    assert row[3] == "Mapped body"
    bad = run(db_path, "ingest", "--map", "bogus", str(dump))
    assert bad.exit_code == 2 and "--map" in bad.stderr


# Each bad input: message naming the input and reason, exit code, stored rows intact.
BAD_CASES = {
    "latin1.txt": ("Caf\u00e9 cr\u00e8me".encode("latin-1"), "not valid UTF-8"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "looks binary"),
    "empty.txt": (b"", "input is empty"),
    "cut.jsonl.gz": (
        gzip.compress(b"".join(b'{"text": "item %d"}\n' % (i * 7919) for i in range(5000)))[:200],
        "gzip stream is truncated",
    ),
    "broken.xml": (b"<?xml version='1.0'?><rss version='2.0'><<<>>>", "not a readable feed"),
    "broken.html": (b"<html><body>" + b"<div>" * 3 + b"</body>", "E009"),
    "broken.json": (b'{"text": "unterminated', "malformed JSON"),
}


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_input_clear_message_and_store_intact(
    name: str, db_path: Path, tmp_path: Path, good_text: Path
) -> None:
    run(db_path, "ingest", str(good_text))
    before = rows(db_path)
    data, reason = BAD_CASES[name]
    bad = tmp_path / name
    bad.write_bytes(data)
    result = run(db_path, "ingest", str(bad))
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert lines and str(bad) in lines[0] and reason in lines[0]
    assert "Traceback" not in result.output
    after = rows(db_path)
    if name == "cut.jsonl.gz":  # the records before the cut are good and are kept
        assert result.exit_code == 1, result.stderr
        assert after[: len(before)] == before and len(after) > len(before)
    else:
        assert result.exit_code == 2, result.stderr
        assert after == before
    with Store(db_path) as s:
        assert s.integrity_check() == "ok"


def test_mixed_run_stores_good_items_and_exits_1(db_path: Path, tmp_path: Path) -> None:
    dump = tmp_path / "mixed.jsonl"
    dump.write_text('{"text": "good one"}\n{oops\n{"text": "good two"}\n')
    empty = tmp_path / "empty.md"
    empty.write_text("")
    result = run(db_path, "ingest", str(dump), str(empty), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert f"{dump}:2: malformed JSON" in result.stderr
    assert f"{empty}: input is empty" in result.stderr
    assert "missing.txt: no such file or directory" in result.stderr
    assert "2 added" in result.stderr and "3 errors" in result.stderr
    assert sorted(r[3] for r in rows(db_path)) == ["good one", "good two"]


def test_oversized_input_cap(db_path: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Headline\n\n" + "word " * 5000)
    result = run(db_path, "ingest", "--max-bytes", "1000", str(big))
    assert result.exit_code == 2
    assert "larger than the size cap of 1,000 bytes" in result.stderr
    assert rows(db_path) == []


def test_non_english_kept_and_flagged(db_path: Path, tmp_path: Path) -> None:
    fr = tmp_path / "fr.txt"
    fr.write_text(
        "Le ministre des affaires étrangères s'est rendu à Dakar mercredi pour des "
        "entretiens avec ses homologues sur la sécurité régionale."
    )
    result = run(db_path, "ingest", str(fr))
    assert result.exit_code == 0
    assert "not in English" in result.stderr
    listed = json.loads(run(db_path, "articles", "list", "--language", "fr", "--json").stdout)
    assert len(listed) == 1


def test_store_that_cannot_be_opened_exits_3(tmp_path: Path, good_text: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"garbage" * 1000)
    result = CliRunner().invoke(cli, ["--db", str(bogus), "ingest", str(good_text)])
    assert result.exit_code == 3
    assert result.stderr.startswith("error: [E017]") and "bogus.db" in result.stderr


def test_demo_ingests_bundled_sample(db_path: Path) -> None:
    result = run(db_path, "demo", "--quiet")
    assert result.exit_code == 0, result.stderr
    with Store(db_path) as s:
        n = s.count()
        assert 40 <= n <= 60
        assert s.stats()["by_source"] == {"newsevents sample (illustrative)": n}
    assert f"Articles: {n}" in result.stdout
    assert re.search(r"Events: [1-9]\d* from \d+ coded articles", result.stdout), result.stdout
    events = json.loads(
        run(db_path, "events", "--source", "RUS", "--target", "BFA", "--json").stdout
    )
    assert any(e["cameo_code"] == "0332" and e["plover_type"] == "AGREE" for e in events), events
    again = run(db_path, "demo", "--quiet")
    assert again.exit_code == 0 and f"{n} unchanged" in again.stderr
    with Store(db_path) as s:  # coding again adds no duplicate events
        assert s._execute("SELECT COUNT(*) FROM coded_articles").fetchone()[0] == n
