"""The extra training labels (scripts/train_data/leads_extra.json) rebuild exactly from the shared
corpus: every text's sha256 matches, every span names words, and no text is kept in the repo."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip


def _extra_train() -> ModuleType:
    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    return importlib.import_module("extra_train")


def test_the_file_keeps_offsets_not_words() -> None:
    data = json.loads((ROOT / "scripts" / "train_data" / "leads_extra.json").read_text("utf-8"))
    assert len(data["items"]) == 640
    for item in data["items"]:
        assert set(item) == {"item_id", "corpus_id", "published", "sha256", "events"}
        for ev in item["events"]:
            assert "note" not in ev and ev["plover_type"] in TYPES
            assert all(isinstance(v, int) for v in ev["trigger"])
            for actor in ev["sources"] + ev["targets"]:
                assert "text" not in actor and (actor["span"] is None or len(actor["span"]) == 2)


@pytest.mark.shared
def test_every_item_rebuilds_from_the_shared_corpus(shared_dir: Path) -> None:
    extra = _extra_train()
    items, labels = extra.load_extra()  # raises on any sha256 mismatch
    assert len(items) == 640 and set(labels) == {i["item_id"] for i in items}
    train_keys = {
        i["key"] for i in json.loads((shared_dir / "eval/events_train/items.json").read_text())
    }
    assert not train_keys & {i["key"] for i in items}, "an extra lead repeats an events_train item"
    events = [ev for evs in labels.values() for ev in evs]
    assert len(events) == 885
    for item in items:
        text = extra.labelled_text(item["title"], item["text"])
        for ev in labels[item["item_id"]]:
            assert (
                ev["trigger"] and ev["trigger"].strip() == ev["trigger"] and ev["trigger"] in text
            )
            for actor in ev["sources"] + ev["targets"]:
                assert actor["text"] is None or actor["text"] in text
