"""`newsevents code`, `events` and bad input to the coder, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from newsevents.cli.main import cli
from newsevents.store import Store

TEXT = (
    "Talks in Doha\n\nMon Mar 03 2025\n\n"
    "DOHA: Qatar hosted talks between Israel and Hamas on Monday. "
    "The European Union imposed new sanctions on Iran on Tuesday.\n"
)


def run(db: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=input, catch_exceptions=False)


def test_code_file_writes_jsonl_without_store(tmp_path: Path, db_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT)
    out = tmp_path / "events.jsonl"
    result = run(db_path, "code", "--workers", "1", str(src), "--output", str(out))
    assert result.exit_code == 0, result.stderr
    events = [json.loads(line) for line in out.read_text().splitlines()]
    codes = {
        (e["sources"][0]["country"], t["country"], e["plover_type"])
        for e in events
        for t in e["targets"] or [{"country": None}]
    }
    assert ("IGO", "IRN", "COERCE") in codes or ("IGO", "IRN", "SANCTION") in codes, codes
    for e in events:
        for key in (
            "article_id",
            "event_id",
            "plover_type",
            "plover_mode",
            "cameo_code",
            "quad_class",
            "goldstein",
            "sources",
            "targets",
            "date",
            "date_precision",
            "location",
            "modality",
            "attribution",
            "confidence",
            "evidence",
            "why",
        ):
            assert key in e
        assert e["external_id"] is None  # a text file has no id of its own
        assert e["date"] == "2025-03-04" or e["date"] <= "2025-03-03"
    assert not db_path.exists()  # nothing stored


def test_min_confidence_filters_code_output_and_code_text(tmp_path: Path, db_path: Path) -> None:
    from newsevents import code_text

    src = tmp_path / "a.txt"
    src.write_text(TEXT)
    every = run(db_path, "code", "-w", "1", str(src))
    assert every.exit_code == 0, every.stderr
    confs = sorted(json.loads(line)["confidence"] for line in every.stdout.splitlines())
    assert len(confs) >= 2, confs
    cut = (confs[0] + confs[-1]) / 2  # between the least and the most confident event
    some = run(db_path, "code", "-w", "1", str(src), "--min-confidence", str(cut))
    assert some.exit_code == 0, some.stderr
    kept = [json.loads(line)["confidence"] for line in some.stdout.splitlines()]
    assert sorted(kept) == [c for c in confs if c >= cut]
    assert 0 < len(kept) < len(confs)
    assert f"{len(kept)} with confidence >= {float(cut):g} written" in some.stderr
    bad = run(db_path, "code", "-w", "1", str(src), "--min-confidence", "1.5")
    assert bad.exit_code == 2 and "--min-confidence" in bad.stderr
    everything = code_text(TEXT, published="2025-03-03")
    assert len(everything) == len(confs)
    sure = code_text(TEXT, published="2025-03-03", min_confidence=cut)
    assert [e.event_id for e in sure] == [e.event_id for e in everything if e.confidence >= cut]
    assert 0 < len(sure) < len(everything)


def test_code_jsonl_with_bad_lines_and_empty_text(tmp_path: Path, db_path: Path) -> None:
    dump = tmp_path / "in.jsonl"
    dump.write_text(
        json.dumps(
            {"id": "a1", "text": "Russia attacked Ukraine on Monday.", "published": "2024-03-05"}
        )
        + "\n{broken\n"
        + json.dumps({"id": "a2", "text": "   "})
        + "\n"
        + json.dumps({"id": "a3", "text": "No actors here at all, just weather."})
        + "\n"
    )
    result = run(db_path, "code", "-w", "1", str(dump))
    assert result.exit_code == 1
    assert f"{dump}:2: malformed JSON" in result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    # The article id is the store's (a content hash here: no URL); the record's id is external_id.
    assert {(e["external_id"], e["article_id"][0]) for e in events} == {("a1", "h")}
    (ev,) = events
    assert ev["plover_type"] == "ASSAULT" and ev["date"] == "2024-03-04"


def test_code_store_then_events_filters(tmp_path: Path, db_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT)
    assert run(db_path, "ingest", str(src)).exit_code == 0
    first = run(db_path, "code", "-w", "1")
    assert first.exit_code == 0 and "Coded 1 articles" in first.stderr
    again = run(db_path, "code", "-w", "1")
    assert "Coded 0 articles" in again.stderr  # resumable: nothing coded twice
    listed = json.loads(run(db_path, "events", "--json").stdout)
    assert listed
    iran = json.loads(run(db_path, "events", "--target", "IRN", "--json").stdout)
    assert iran and all(any(t["country"] == "IRN" for t in e["targets"]) for e in iran)
    csv_out = run(db_path, "events", "--csv").stdout.splitlines()
    assert csv_out[0].startswith("event_id,article_id,date,plover_type")
    table = run(db_path, "events")
    assert "of" in table.stderr and "evidence" in table.stdout
    with Store(db_path) as s:
        assert s._execute("SELECT COUNT(*) FROM events").fetchone()[0] == len(listed)
    # the filters shared with the web: where it happened, full text, a location box
    qatar = json.loads(run(db_path, "events", "--country", "qat", "--json").stdout)
    assert qatar and all(e["location"]["country"] == "QAT" for e in qatar)
    located = {e["location"]["country"] for e in listed}
    assert json.loads(run(db_path, "events", "--country", "NOR", "--json").stdout) == []
    assert "NOR" not in located
    sanctions = json.loads(run(db_path, "events", "--text", "sanctions", "--json").stdout)
    assert len(sanctions) == len(listed)  # one article: every event's article has the word
    assert json.loads(run(db_path, "events", "--text", "zeppelin", "--json").stdout) == []
    boxed = json.loads(run(db_path, "events", "--bbox", "50,24,52,27", "--json").stdout)
    assert [e["event_id"] for e in boxed] == [e["event_id"] for e in qatar]
    bad = run(db_path, "events", "--quad-class", "7")
    assert bad.exit_code == 2 and "'--quad-class'" in bad.stderr
    assert "a number from 1 to 4" in bad.stderr
    bad = run(db_path, "stories", "list", "--type", "HUG")
    assert bad.exit_code == 2 and "a PLOVER type" in bad.stderr
    recode = run(db_path, "code", "--recode", "-w", "1")
    assert "Coded 1 articles" in recode.stderr
    assert len(json.loads(run(db_path, "events", "--json").stdout)) == len(listed)


def test_long_and_non_english_text(tmp_path: Path, db_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    filler = "The weather was mild and markets were calm. " * 25_000  # about 1 MB
    big.write_text(
        json.dumps({"id": "big", "text": filler + "Russia attacked Ukraine on Monday."})
        + "\n"
        + json.dumps({"id": "fr", "text": "La Russie a attaqué l'Ukraine lundi matin, selon Kiev."})
        + "\n"
    )
    result = run(db_path, "code", "-w", "1", str(big))
    assert result.exit_code == 0, result.stderr
    assert "non-English articles skipped" in result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["external_id"] for e in events] == ["big"]
    assert events[0]["evidence"]["start"] > 1_000_000


def test_two_workers_code_the_same_events_as_one(tmp_path: Path, db_path: Path) -> None:
    dump = tmp_path / "many.jsonl"
    lines = []
    for i, (a, b) in enumerate(
        [("Russia", "Ukraine"), ("Israel", "Iran"), ("India", "Pakistan")] * 4
    ):
        text = f"{a} attacked {b} on Monday. {a} and {b} later held talks in Geneva."
        lines.append(json.dumps({"id": f"d{i}", "text": text, "published": "2024-03-05"}))
    dump.write_text("\n".join(lines) + "\n")
    one = run(db_path, "code", "-w", "1", str(dump))
    two = run(db_path, "code", "-w", "2", str(dump))
    assert one.exit_code == 0 and two.exit_code == 0, two.stderr

    def keys(out: str) -> list[tuple[str, str]]:
        return sorted((e["external_id"], e["event_id"]) for e in map(json.loads, out.splitlines()))

    assert keys(one.stdout) == keys(two.stdout)
    assert len({k[0] for k in keys(two.stdout)}) == 12
    # Equal texts are one article by the article-id rule (three texts, four copies each).
    assert len({json.loads(line)["article_id"] for line in two.stdout.splitlines()}) == 3


def test_classify_pair_command_and_api(db_path: Path) -> None:
    import newsevents

    sentence = "Israeli jets bombed Hamas positions in Gaza overnight, the army said."
    result = run(db_path, "classify-pair", sentence, "Israeli jets", "Hamas positions", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["plover_type"] == "ASSAULT"
    assert 0 < data["confidence"] <= 1
    assert abs(sum(data["scores"].values()) - 1) < 1e-6
    api = newsevents.classify_pair(sentence, "Israeli jets", "Hamas positions")
    assert api.plover_type == data["plover_type"]
    bad = run(db_path, "classify-pair", sentence, "Russia", "Hamas positions")
    assert bad.exit_code == 2 and "Russia" in bad.stderr and "substring" in bad.stderr


def test_an_implied_source_is_stored_listed_and_exported(tmp_path: Path, db_path: Path) -> None:
    src = tmp_path / "charged.txt"
    src.write_text(
        "German man charged over nurse killing\n\nTue Feb 17 2026\n\n"
        "A man has been charged with murder in Germany decades after a nurse was killed.\n"
    )
    assert run(db_path, "ingest", str(src)).exit_code == 0
    assert run(db_path, "code", "-w", "1").exit_code == 0
    events = json.loads(run(db_path, "events", "--json").stdout)
    coerce = [e for e in events if e["plover_type"] == "COERCE"]
    assert coerce, events
    (source,) = coerce[0]["sources"]
    # GUIDELINES: an implied actor has no words; its country is its target's
    assert source["text"] == "" and source["kind"] == "implied" and source["country"] == "DEU"
    assert "implied by the passive 'charged'" in coerce[0]["why"]
    for fmt in ("csv", "gdelt", "jsonl"):
        out = tmp_path / f"events.{fmt}"
        result = run(db_path, "export", "--format", fmt, "--output", str(out))
        assert result.exit_code == 0, result.output
        assert "DEU" in out.read_text()
    # a passive with its agent named takes the agent, a country accused by no one is no event
    named = code_events("A man was arrested by German police in Berlin on Monday.")
    assert all(a["kind"] != "implied" for e in named for a in e["sources"]), named
    assert code_events("Iran has been accused of hiding uranium.") == []
    # nor where the source is named in a phrase, nor in a relative clause (background)
    for text in (
        "Four children were killed in Israeli tank shelling in Gaza on Friday.",
        "The release of Adli Yaish, who had been arrested 15 months ago, came on Monday.",
    ):
        events = code_events(text)
        assert all(a["kind"] != "implied" for e in events for a in e["sources"]), events


def code_events(text: str) -> list[dict[str, Any]]:
    from newsevents import code_text

    return [e.to_dict() for e in code_text(text, published="2026-02-17")]
