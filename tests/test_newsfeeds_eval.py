"""End-to-end scoring on news-feed items: the GUIDELINES.md matching rules, and
``newsevents evaluate`` on a newsfeeds folder through the real CLI and coder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsevents.evaluate.newsfeeds import is_newsfeeds, matches, score_newsfeeds


def ev(t: str, src: list[str | None], tgt: list[str | None], **kw: Any) -> dict[str, Any]:
    return {
        "plover_type": t,
        "sources": [{"country": c} for c in src],
        "targets": [{"country": c} for c in tgt],
        **kw,
    }


def test_type_and_countries_must_agree() -> None:
    gold = ev("ASSAULT", ["USA"], ["VEN"])
    assert matches(ev("ASSAULT", ["USA"], ["VEN"]), gold)
    assert not matches(ev("COERCE", ["USA"], ["VEN"]), gold)
    assert matches(ev("COERCE", ["USA"], ["VEN"]), {**gold, "alt_types": ["COERCE"]})
    assert not matches(ev("ASSAULT", ["VEN"], ["USA"]), gold)
    assert not matches(ev("ASSAULT", ["USA"], []), gold)
    assert matches(ev("ASSAULT", ["USA"], []), {**gold, "targets_optional": True})


def test_symmetric_types_match_on_their_parties() -> None:
    gold = ev("CONSULT", ["USA", "IRN"], [])
    assert matches(ev("CONSULT", ["IRN"], ["USA"]), gold)
    assert matches(ev("CONSULT", ["USA", "IRN"], []), gold)
    assert not matches(ev("CONSULT", ["USA"], ["CHE"]), gold)
    # a target side named without a country ("European allies") accepts any target
    assert matches(ev("SANCTION", ["USA"], ["DEU"]), ev("SANCTION", ["USA"], [None]))


def test_scores_count_required_events_and_confident_records() -> None:
    gold = {
        "A": [ev("CONSULT", ["USA", "IRN"], []), ev("THREATEN", ["USA"], ["IRN"], optional=True)],
        "B": [ev("PROTEST", ["XKX"], [])],
        "C": [],
    }
    preds = {
        "A": [
            ev("CONSULT", ["IRN"], ["USA"], confidence=0.9),
            ev("THREATEN", ["USA"], ["IRN"], confidence=0.8),  # takes the optional event
            ev("CONSULT", ["USA"], ["IRN"], confidence=0.3),  # the same talks twice
        ],
        "C": [ev("ASSAULT", ["RUS"], ["UKR"], confidence=0.75)],
    }
    r = score_newsfeeds(gold, preds)
    assert (r.tp, r.fp, r.fn) == (1, 2, 1)
    assert r.precision == pytest.approx(1 / 3) and r.recall == pytest.approx(1 / 2)
    assert r.confident == 3 and r.confident_right == 2
    assert r.by_type["PROTEST"] == {"fn": 1}
    assert any(line.startswith("C: ASSAULT") for line in r.extras)


def write_set(folder: Path) -> Path:
    """A tiny newsfeeds set written for this test (not news text)."""
    folder.mkdir()
    items = [
        {
            "item_id": "X1",
            "published": "Tue, 17 Feb 2026 10:00:00 +0000",
            "title": "Russia and China sign energy agreement",
            "summary": "Russia and China signed an agreement on gas supplies in Beijing.",
        },
        {
            "item_id": "X2",
            "published": "Tue, 17 Feb 2026 11:00:00 +0000",
            "title": "Local bakery wins prize for best bread",
            "summary": "The bakery's sourdough was praised by the judges.",
        },
    ]
    gold = {"X1": [ev("AGREE", ["RUS", "CHN"], [])], "X2": []}
    (folder / "items.json").write_text(json.dumps(items), "utf-8")
    (folder / "gold.json").write_text(json.dumps(gold), "utf-8")
    return folder


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsevents", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_evaluate_reads_a_newsfeeds_folder(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "feeds")
    assert is_newsfeeds(folder) and is_newsfeeds(folder / "gold.json")
    out = run_cli("evaluate", str(folder), "--json", "--failures")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["items"] == 2
    assert data["tp"] + data["fn"] == 1  # one required gold event
    assert data["tp"] == 1, data  # the signed agreement is found
    assert data["fp"] == len(data["extras"])
    assert not any(x.startswith("X2") for x in data["extras"])  # no event in the bakery item
    text = run_cli("evaluate", str(folder))
    assert text.returncode == 0 and "precision / recall" in text.stdout
    # the records can be written for the set's own score.py, and they score the same
    preds = tmp_path / "preds.json"
    assert run_cli("evaluate", str(folder), "--predictions", str(preds)).returncode == 0
    written = json.loads(preds.read_text("utf-8"))
    assert set(written) == {"X1", "X2"}
    gold = json.loads((folder / "gold.json").read_text("utf-8"))
    again = score_newsfeeds(gold, written)
    assert (again.tp, again.fp, again.fn) == (data["tp"], data["fp"], data["fn"])


def test_evaluate_refuses_a_folder_that_is_not_a_newsfeeds_set(tmp_path: Path) -> None:
    (tmp_path / "items.json").write_text("[]", "utf-8")
    out = run_cli("evaluate", "--format", "newsfeeds", str(tmp_path))
    assert out.returncode == 2
    assert "not a newsfeeds set" in out.stderr
