"""Measure coder rules out of fold on events_train, one variant at a time (development tool).

Fits the five fold detectors of scripts/train_coder.py once per fold seed, then for each variant
re-runs detection, records (less those the product leaves out of its counts: negated, denied,
conditional) and the cross-validated record verifier and prints F1 at the best verifier
threshold, the feed items' F1 there, and both at the shipped 0.20 (the feed items' figure at
the best threshold moves with that threshold); the mean over seeds closes the run. A
variant is a name and environment flags: ``NAME=FLAG1,FLAG2`` sets ``NE_EXP_FLAG1=1`` ... while
it runs, for code under test to read (``os.environ.get("NE_EXP_FLAG1")``; remove the flag when
the rule ships or is dropped); ``FLAG:VALUE`` sets ``NE_EXP_FLAG=VALUE`` instead, for a number
under test (``TGT=TGT:0.15``). ``base`` (no flags) is the code as it is. Differences under about
0.003 F1 at one seed did not reproduce in 2026-12 sessions: use two seeds or more. Reads only
eval/events_train; never newsfeeds_dev.

    SEEDS=0,1 .venv/bin/python scripts/oof_variants.py base OPC=OPC PRON2=PRON2
    CODING_FLAG=NEG_X SEEDS=0,1 .venv/bin/python scripts/oof_variants.py base  # code with NEG_X=1

A parse-time rule (read when the texts are parsed, before the folds are fit) cannot be a variant:
set its flag for the whole run to train and code with it, or name it in ``CODING_FLAG`` to train
on the parses without it and code the held-out folds with it.

``TRAIN_ADD=FILE`` (an offsets file of scripts/train_data) adds its items to every fold's
training, never to the held-out folds, to measure new training data.

``ALT_FLAG=NE_EXP_X`` parses the items a second time with that parse-time flag set, and a
variant with the flag ``ALT`` (``base CHANGE=ALT``) codes the held-out folds from those parses:
the fold models learn from the parses without it, as a parse rule ships without a retrain, and
base and change are scored by the same models (with ``FIXED_VERIFIER``, the same verifiers),
where two ``CODING_FLAG`` runs differ by a verifier refit too.

``FIXED_VERIFIER=1`` scores every variant's records with the fold verifiers fit on the first
variant's records (name ``base`` first), as a rule ships without a verifier refit: a rule that
changes a few records then moves the figure by those records, not by a refit's noise.

``PER_TYPE=A,B`` prints those types' precision and recall at the chosen threshold.

``DUMP=path`` appends every out-of-fold record (item, the variant's flags, label, verifier
probability, type, whether a set phrase told it, parties, trigger words) to ``path`` as JSON
lines, to read a rule against the training data before writing it.

Needs the ``train`` extra's scikit-learn; about 4 minutes per seed for the folds and 15 s per
variant on 2 cores.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_coder as T

from newsevents.evaluate.newsfeeds import UNCOUNTED
from newsevents.events import classifier as clf
from newsevents.events.assemble import record_mode
from newsevents.events.detect import Detector
from newsevents.events.lexicon import load_lexicon
from newsevents.events.records import Record, build_records
from newsevents.events.set_phrases import set_phrase_type
from newsevents.events.verify import record_features

Rows = tuple[list[Any], list[int], list[int]]


def fold_detectors(
    items: list[T.Item],
    rows: tuple[Rows, Rows, Rows],
    fold_of: Any,
    added: tuple[Rows, Rows, Rows] | None = None,
) -> list[Any]:
    """The detector fit on all folds but each one, in fold order; ``added``: rows of items
    outside events_train that every fold trains on."""
    lex = T.Lexicons(clf.Lexicon.load(), load_lexicon())
    out = []
    for fold in range(T.FOLDS):

        def part(r: Rows, more: Rows | None) -> tuple[list[Any], list[int]]:
            keep = [k for k, o in enumerate(r[2]) if fold_of[o] != fold]  # noqa: B023
            x, y = [r[0][k] for k in keep], [r[1][k] for k in keep]
            return (x + more[0], y + more[1]) if more is not None else (x, y)

        tr, ar, mr = rows
        out.append(
            Detector(
                T.fit(*part(tr, added and added[0]), T.TRIGGER_LABELS, T.C["trigger"]),
                T.fit(*part(ar, added and added[1]), T.ARG_LABELS, T.C["args"]),
                T.fit(*part(mr, added and added[2]), T.MODES, T.C["mode"]),
                lex,
                T.DETECTION,
            )
        )
    return out


#: Item id -> the parse coded with ``ALT_FLAG`` set (see the module docstring).
ALT_CODING: dict[str, Any] = {}


def coding(item: T.Item) -> Any:
    """The parse a variant codes: ``ALT_FLAG``'s for a variant with the flag ``ALT``."""
    if os.environ.get("NE_EXP_ALT") and item.item_id in ALT_CODING:
        return ALT_CODING[item.item_id]
    return item.coding or item.ctx


def counted(rec: Record) -> bool:
    """Whether the product counts the record (its mode, as the coder sets it, is not one that
    evaluate leaves out: negated, denied, conditional)."""
    return record_mode(rec)[0] not in UNCOUNTED


def measure(
    items: list[T.Item], dets: list[Any], fold_of: Any, verifiers: list[Any] | None = None
) -> tuple[float, float, float, float]:
    """(F1 at the best threshold, feed items' F1 there, F1 at 0.20, feed items' F1 at 0.20),
    all out of fold. ``verifiers``: fold verifiers to score the records with, as fit on another
    variant's records (``FIXED_VERIFIER``); an empty list is filled with the ones fit here."""
    golds = {it.item_id: it.gold for it in items}
    records: dict[str, list[Any]] = {}
    preds: dict[str, list[dict[str, Any]]] = {}
    for n, item in enumerate(items):
        ctx = coding(item)
        recs = build_records([*dets[fold_of[n]].detect(ctx), *ctx.rule_candidates], ctx)
        recs = [r for r in recs if counted(r)]
        records[item.item_id] = recs
        preds[item.item_id] = [T.prediction(r) for r in recs]
    labels = T.label_records(golds, preds)
    rows, ys, owner = [], [], []
    for n, item in enumerate(items):
        recs = records[item.item_id]
        for rec, y in zip(recs, labels[item.item_id], strict=True):
            rows.append(clf.hash_features(record_features(rec, coding(item), len(recs))))
            ys.append(y)
            owner.append(n)
    vp = np.zeros(len(rows))
    reuse = bool(verifiers)
    for fold in range(T.FOLDS):
        train = [k for k, o in enumerate(owner) if fold_of[o] != fold]
        test = [k for k, o in enumerate(owner) if fold_of[o] == fold]
        if verifiers and reuse:
            model = verifiers[fold]
        else:
            model = T.fit(
                [rows[k] for k in train], [ys[k] for k in train], T.VERIFY_LABELS, T.C["record"]
            )
            if verifiers is not None:
                verifiers.append(model)
        for k, p in zip(test, model.predict_proba([rows[k] for k in test]), strict=True):
            vp[k] = p[1]

    if os.environ.get("DUMP"):
        dump(os.environ["DUMP"], items, records, labels, vp)

    def kept(th: float) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        k = 0
        for item in items:
            out[item.item_id] = []
            for pred in preds[item.item_id]:
                if vp[k] >= th:
                    out[item.item_id].append(pred)
                k += 1
        return out

    scored = [(T.score(golds, kept(th))[2], float(th)) for th in np.arange(0.1, 0.61, 0.05)]
    best, th = max(scored)
    feed_ids = T.item_groups(items)["feed items"]
    feed_gold = {i: golds[i] for i in feed_ids}
    feed = T.score(feed_gold, kept(th))[2]
    at20 = next(f for f, t in scored if abs(t - 0.2) < 1e-6)
    feed20 = T.score(feed_gold, kept(0.2))[2]
    if os.environ.get("PER_TYPE"):
        # recall and precision of the named types at the chosen threshold (a gold event is
        # its type's; alt types are left aside)
        out = kept(th)
        figs = []
        for typ in os.environ["PER_TYPE"].split(","):
            g = {i: [e for e in gl if e["plover_type"] == typ] for i, gl in golds.items()}
            p = {i: [e for e in pl if e["plover_type"] == typ] for i, pl in out.items()}
            pp, rr, _ = T.score(g, p)
            figs.append(f"{typ} P {pp:.2f} R {rr:.2f}")
        print("   per type: " + "; ".join(figs), flush=True)
    return best, feed, at20, feed20


def dump(
    path: str,
    items: list[T.Item],
    records: dict[str, list[Any]],
    labels: dict[str, list[int]],
    vp: Any,
) -> None:
    """Append every out-of-fold record (item, label, verifier probability, type, whether a set
    phrase told it, parties, trigger words) as JSON lines to ``path``, for reading rules
    against the training data."""
    import json

    feed = set(T.item_groups(items)["feed items"])

    def party(p: Any) -> dict[str, Any]:
        a = p.mention.actor
        return {"text": a.text, "kind": a.kind, "sectors": a.sectors, "country": p.country,
                "origin": p.origin}  # fmt: skip

    flags = sorted(k for k in os.environ if k.startswith("NE_EXP_"))
    k = 0
    with open(path, "a", encoding="utf8") as out:
        for item in items:
            for rec, y in zip(records[item.item_id], labels[item.item_id], strict=True):
                row = {
                    "item": item.item_id,
                    "flags": flags,
                    "feed": item.item_id in feed,
                    "y": y,
                    "p": round(float(vp[k]), 4),
                    "type": rec.plover_type,
                    "told": any(set_phrase_type(d.trigger, coding(item)) for d in rec.detections),
                    "sources": [party(p) for p in rec.sources],
                    "targets": [party(p) for p in rec.targets],
                    "triggers": [d.trigger.lemma_ for d in rec.mentions()],
                    "trigger_text": [d.trigger.text for d in rec.mentions()],
                    "mode": record_mode(rec)[0],
                }
                out.write(json.dumps(row) + "\n")
                k += 1


def main() -> int:
    variants = [[*v.split("=", 1), ""][:2] for v in sys.argv[1:]] or [["base", ""]]
    seeds = [int(s) for s in os.environ.get("SEEDS", "0").split(",")]
    t0 = time.time()
    items = T.load_items(None, extra=False)
    lex = T.Lexicons(clf.Lexicon.load(), load_lexicon())
    rows = (T.trigger_rows(items, lex), T.arg_rows(items), T.mode_rows(items))
    coding_flag = os.environ.get("CODING_FLAG")
    if coding_flag:
        # the fold models learn from the parses as they are; the held-out folds are coded with
        # the parse-time flag set (what ships when a parse rule comes without a retrain)
        os.environ[coding_flag] = "1"
        from newsevents.actors.dictionary import bundled_dictionary

        bundled_dictionary.cache_clear()  # a dictionary-time rule too
        for item, again in zip(items, T.load_items(None, extra=False), strict=True):
            item.coding = again.coding
        del os.environ[coding_flag]
    alt_flag = os.environ.get("ALT_FLAG")
    if alt_flag:
        # the same parse-time flag as CODING_FLAG, for the variants named with the flag ALT
        # only: base and the change are then scored by the same fold models and verifiers
        os.environ[alt_flag] = "1"
        from newsevents.actors.dictionary import bundled_dictionary

        bundled_dictionary.cache_clear()
        for item, again in zip(items, T.load_items(None, extra=False), strict=True):
            ALT_CODING[item.item_id] = again.coding
        del os.environ[alt_flag]
        bundled_dictionary.cache_clear()
    added = None
    if os.environ.get("TRAIN_ADD"):
        # items of another offsets file (scripts/train_data) that every fold trains on
        from extra_train import load_extra

        more = T.make_items(*load_extra(Path(os.environ["TRAIN_ADD"])))
        added = (T.trigger_rows(more, lex), T.arg_rows(more), T.mode_rows(more))
    print(f"parsed and rows built in {time.time() - t0:.0f} s", flush=True)
    results: dict[str, list[tuple[float, float, float, float]]] = {}
    for seed in seeds:
        fold_of = np.random.default_rng(seed).permutation(len(items)) % T.FOLDS
        dets = fold_detectors(items, rows, fold_of, added)
        # FIXED_VERIFIER: every variant's records are scored by the fold verifiers fit on the
        # first variant's (as a rule ships, without a verifier refit; less refit noise)
        verifiers: list[Any] | None = [] if os.environ.get("FIXED_VERIFIER") else None
        for name, flags in variants:
            for key in [k for k in os.environ if k.startswith("NE_EXP_")]:
                del os.environ[key]
            for flag in filter(None, flags.split(",")):
                key, _, value = flag.partition(":")  # FLAG:VALUE sets a value, not "1"
                os.environ[f"NE_EXP_{key}"] = value or "1"
            figs = measure(items, dets, fold_of, verifiers)
            results.setdefault(name, []).append(figs)
            print(f"seed {seed} {name:20s} best {figs[0]:.4f}  feed {figs[1]:.4f}  "
                  f"@0.20 {figs[2]:.4f}  feed@0.20 {figs[3]:.4f}  ({time.time() - t0:.0f} s)",
                  flush=True)  # fmt: skip
    for name, figs in results.items():
        mean = np.mean(figs, axis=0)
        print(f"mean {name:20s} best {mean[0]:.4f}  feed {mean[1]:.4f}  @0.20 {mean[2]:.4f}  "
              f"feed@0.20 {mean[3]:.4f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
