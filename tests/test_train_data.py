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


#: The offsets files and their item counts.
FILES = {"leads_extra.json": 640, "leads_weak_types.json": 315}


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_file_keeps_offsets_not_words(name: str) -> None:
    data = json.loads((ROOT / "scripts" / "train_data" / name).read_text("utf-8"))
    assert len(data["items"]) == FILES[name]
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


@pytest.mark.shared
def test_the_weak_type_leads_rebuild_and_repeat_no_other_item(shared_dir: Path) -> None:
    extra = _extra_train()
    path = ROOT / "scripts" / "train_data" / "leads_weak_types.json"
    items, labels = extra.load_extra(path)  # raises on any sha256 mismatch
    assert len(items) == 315 and set(labels) == {i["item_id"] for i in items}
    assert sum(len(v) for v in labels.values()) == 715
    others, _ = extra.load_extra()
    train = json.loads((shared_dir / "eval/events_train/items.json").read_text())
    keys = {i["key"] for i in items}
    assert not keys & {i["key"] for i in train} and not keys & {i["key"] for i in others}
    assert not {i["item_id"] for i in items} & {i["item_id"] for i in others}
    # chosen for the types the coder finds least: they hold more of them than events_train
    required = [e["plover_type"] for evs in labels.values() for e in evs if not e.get("optional")]
    weak = sum(t in ("MOBILIZE", "COERCE", "RETREAT", "THREATEN") for t in required)
    assert weak / len(required) > 0.25  # events_train: 289 of 1,597 (0.18)


def _long_texts() -> ModuleType:
    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    return importlib.import_module("long_texts")


def test_the_long_texts_keep_offsets_not_words() -> None:
    data = json.loads((ROOT / "scripts" / "train_data" / "long_texts.json").read_text("utf-8"))
    assert len(data["items"]) == 36
    for item in data["items"]:
        assert set(item) == {"item_id", "corpus", "origin", "url", "published", "sha256", "events"}
        for ev in item["events"]:
            assert not {"note", "sentence"} & set(ev) and ev["plover_type"] in TYPES
            assert all(isinstance(v, int) for v in ev["trigger"])
            for actor in ev["sources"] + ev["targets"]:
                assert "text" not in actor and (actor["span"] is None or len(actor["span"]) == 2)


def test_an_article_is_cut_at_a_sentence_end_after_its_first_paragraphs() -> None:
    cut = _long_texts().cut
    text = "One two three.\nFour five six. Seven eight nine. Ten eleven.\n\nTwelve."
    assert cut(text, 3) == "One two three."
    assert cut(text, 9) == "One two three.\n\nFour five six.\n\nSeven eight nine."
    assert (
        cut(text, 100)
        == "One two three.\n\nFour five six. Seven eight nine. Ten eleven.\n\nTwelve."
    )


@pytest.mark.shared
def test_the_long_texts_rebuild_from_the_shared_corpora(shared_dir: Path, tmp_path: Path) -> None:
    long_texts = _long_texts()
    assert long_texts.build(tmp_path) == 36  # raises on any sha256 mismatch
    items = json.loads((tmp_path / "items.json").read_text("utf-8"))
    gold = json.loads((tmp_path / "gold.json").read_text("utf-8"))
    assert set(gold) == {i["item_id"] for i in items}
    assert sum(len(v) for v in gold.values()) == 208
    dev = json.loads((shared_dir / "eval/newsfeeds_dev/items.json").read_text())
    train = json.loads((shared_dir / "eval/events_train/items.json").read_text())
    data = json.loads((ROOT / "scripts" / "train_data" / "long_texts.json").read_text("utf-8"))
    keys = {i["url"] or i["origin"] for i in data["items"]}
    assert not keys & ({i["key"] for i in dev} | {i["key"] for i in train})
    # whole articles: every item is longer than newsfeeds_dev's longest summary
    assert min(len(i["summary"].split()) for i in items) > max(
        len(i["summary"].split()) for i in dev
    )
    # every actor span names words of the coded text (the gold's actors carry them back)
    assert sum(1 for v in gold.values() for e in v for a in e["sources"] if "text" in a) > 150
