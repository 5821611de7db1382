#!/usr/bin/env python
"""Train the learned event coder (trigger, argument and mode models) and write it into the package.

Data: $NEWSEVENTS_SHARED/eval/events_train (2,000 feed items and article leads with span-level
labels: trigger, source and target spans with their countries, modality), plus the 640 extra
article leads of scripts/train_data/leads_extra.json (same format, kept as offsets: see
scripts/extra_train.py; --no-extra leaves them out; --extra FILE trains on another offsets file
instead, such as leads_weak_types.json, 315 leads chosen for the weaker types). Never
newsfeeds_dev: that set measures the coder and is not read here.

Three linear models over hashed features (newsevents.events.features), logistic regression:
* trigger: each candidate token's PLOVER type or NONE (the gold trigger span's head token is the
  positive; its other words are left out of training);
* args: for each gold trigger, every actor mention of its sentence and headline as SOURCE,
  TARGET or NONE (a gold actor's text matched to the mention that overlaps it);
* mode: asserted, intended or threatened, per gold trigger.

Five folds by item give out-of-fold predictions; the thresholds (trigger, source, target) that
maximise event F1 on them, by the GUIDELINES matching rules, are stored with the trigger model.
Then the models are fit on every item and written to src/newsevents/data/models/coder_*.npz and
.json (labels, sha256, thresholds, CV figures). Only weights and hashes go into the repository.

    .venv/bin/python scripts/train_coder.py             # cross-validate, fit, write
    .venv/bin/python scripts/train_coder.py --no-write  # cross-validate only
    .venv/bin/python scripts/train_coder.py --verifier-only  # refit and write the verifier alone
    .venv/bin/python scripts/train_coder.py --no-extra --verifier-only --fold-seeds 3  # as 0.6.0
    CODER_MODEL_OUT=/tmp/trial .venv/bin/python scripts/train_coder.py ...  # write elsewhere

With ``--fold-seeds K`` the verifier's out-of-fold records come from K fold assignments (K draws
of the fold detectors), its cross-validation keeps an item's records of every draw in one fold,
and its threshold maximises the mean F1 over the draws: a refit that moves less with the draw.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from extra_train import EXTRA, load_extra  # noqa: E402  (scripts/, beside this file)

from newsevents.evaluate.newsfeeds import matches  # noqa: E402
from newsevents.events import classifier as clf  # noqa: E402
from newsevents.events.detect import Detector, Thresholds, arg_candidates  # noqa: E402
from newsevents.events.features import (  # noqa: E402
    FEATURE_VERSION,
    MODES,
    DocContext,
    Lexicons,
    arg_features,
    is_candidate,
    modality_features,
    trigger_features,
)
from newsevents.events.lexicon import load_lexicon  # noqa: E402
from newsevents.events.prepare import prepare, with_pronouns  # noqa: E402
from newsevents.events.records import Record, build_records  # noqa: E402
from newsevents.events.verify import record_features  # noqa: E402

#: Where the models are written (CODER_MODEL_OUT: elsewhere, for a trial beside the shipped ones).
OUT = Path(os.environ.get("CODER_MODEL_OUT") or ROOT / "src" / "newsevents" / "data" / "models")
SEED = 0
MIN_COUNT = 2
FOLDS = 5
C = {"trigger": 16.0, "args": 8.0, "mode": 4.0, "record": 4.0}
#: Low detection thresholds: recall first; the record verifier decides what is reported.
DETECTION = Thresholds(trigger=0.15, source=0.2, target=0.2)
VERIFY_LABELS = ("WRONG", "RIGHT")
TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
TRIGGER_LABELS = ("NONE", *TYPES)
ARG_LABELS = ("NONE", "SOURCE", "TARGET")


def shared_dir() -> Path:
    return Path(os.environ.get("NEWSEVENTS_SHARED", ROOT.parent / "shared"))


@dataclass
class Item:
    item_id: str
    text: str
    ctx: DocContext
    gold: list[dict[str, Any]]
    triggers: dict[int, dict[str, Any]]
    """Token index of each gold trigger's head -> its gold event."""
    ignore: set[int]
    feed: bool = False
    """A news-feed item (title + summary), not an article lead."""
    coding: DocContext | None = None
    """``ctx`` as the coder sees it (with pronoun mentions): for records and the verifier."""

    def __post_init__(self) -> None:
        if self.coding is None:
            self.coding = with_pronouns(self.ctx)


def _find(text: str, needle: str, near: int | None = None) -> tuple[int, int] | None:
    if not needle:
        return None
    starts, k = [], text.find(needle)
    while k != -1:
        starts.append(k)
        k = text.find(needle, k + 1)
    if not starts:
        return None
    s = starts[0] if near is None else min(starts, key=lambda p: abs(p - near))
    return s, s + len(needle)


def _span_tokens(ctx: DocContext, span: tuple[int, int]) -> list[Any]:
    return [t for t in ctx.doc if t.idx < span[1] and span[0] < t.idx + len(t.text)]


def _head(tokens: list[Any]) -> Any:
    ids = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    pref = [t for t in heads if is_candidate(t)] or [t for t in tokens if is_candidate(t)]
    return pref[0] if pref else None


def load_items(limit: int | None, *, extra: bool = True, files: Sequence[Path] = ()) -> list[Item]:
    """events_train's items, and the extra leads of ``files`` (default: leads_extra.json)
    unless ``extra`` is false."""
    base = shared_dir() / "eval" / "events_train"
    items = json.loads((base / "items.json").read_text("utf-8"))
    labels = json.loads((base / "labels.json").read_text("utf-8"))
    for path in (files or [EXTRA]) if extra else []:
        more_items, more_labels = load_extra(path)
        items += more_items
        labels.update(more_labels)
    return make_items(items[:limit], labels)


def make_items(items: list[dict[str, Any]], labels: dict[str, list[dict[str, Any]]]) -> list[Item]:
    """Parsed training items (events_train's format) with their gold triggers by token."""
    from newsevents.dates import parse_datetime
    from newsevents.events.coder import Coder, CoderOptions

    coder = Coder(CoderOptions(learned=False))  # the pattern coder's events are hints
    out: list[Item] = []
    for it in items:
        text = f"{it['title']}.\n\n{it['text']}" if it["title"] else it["text"]
        pub = None
        if it.get("published"):
            try:
                d = parse_datetime(it["published"])
                pub = d.date() if hasattr(d, "date") else d
            except ValueError:
                pub = None
        # the detection models learn from the resolver's mentions; pronoun mentions (coding
        # only: their words are not the gold actor's) join for the records and the verifier
        ctx = prepare(coder.nlp, coder.resolver, text, pub, coder.rule_events, pronouns=False)
        gold = labels[it["item_id"]]
        triggers: dict[int, dict[str, Any]] = {}
        ignore: set[int] = set()
        for ev in gold:
            span = _find(text, ev.get("trigger") or "")
            if span is None:
                continue
            toks = _span_tokens(ctx, span)
            head = _head(toks)
            if head is None:
                continue
            ignore.update(t.i for t in toks if t.i != head.i)
            if head.i not in triggers or not ev.get("optional"):
                triggers.setdefault(head.i, ev)
        # a repeat of a labelled trigger word elsewhere (headline and summary) is no negative
        lemmas = {ctx.doc[i].lemma_.lower() for i in triggers}
        ignore.update(t.i for t in ctx.doc if t.lemma_.lower() in lemmas)
        # the headline restates the text's event, and a coder marked one mention of each event,
        # mostly in the text: when one is marked there, the headline's words are no negatives
        # ('Police detain journalist' over a marked 'have detained'; out of fold, two fold seeds,
        # with the headline verb repair: feed items 0.320 -> 0.335, all items 0.350 -> 0.352)
        title_end = len(it["title"]) if it["title"] else 0
        if title_end and any(ctx.doc[i].idx >= title_end for i in triggers):
            ignore.update(t.i for t in ctx.doc if t.idx < title_end)
        ignore -= set(triggers)
        feed = str(it.get("source", "")).startswith("news_feeds")
        out.append(Item(it["item_id"], text, ctx, gold, triggers, ignore, feed))
    return out


def trigger_rows(
    items: Sequence[Item], lex: Lexicons
) -> tuple[list[np.ndarray], list[int], list[int]]:
    rows, ys, owner = [], [], []
    for n, item in enumerate(items):
        for tok in item.ctx.doc:
            if not is_candidate(tok) or tok.i in item.ignore:
                continue
            ev = item.triggers.get(tok.i)
            rows.append(clf.hash_features(trigger_features(tok, item.ctx, lex)))
            ys.append(TRIGGER_LABELS.index(ev["plover_type"]) if ev else 0)
            owner.append(n)
    return rows, ys, owner


def arg_rows(
    items: Sequence[Item], detector_like: Detector | None = None
) -> tuple[list[np.ndarray], list[int], list[int]]:
    rows, ys, owner = [], [], []
    for n, item in enumerate(items):
        ctx = item.ctx
        text = item.text
        for ti, ev in item.triggers.items():
            trig = ctx.doc[ti]
            role_of: dict[int, int] = {}
            for role, lab in (("sources", 1), ("targets", 2)):
                for a in ev.get(role) or []:
                    span = _find(text, a.get("text") or "", near=trig.idx)
                    if span is None:
                        continue
                    for k, m in enumerate(ctx.mentions):
                        a0 = ctx.doc[m.token_start].idx
                        last = ctx.doc[m.token_end - 1]
                        a1 = last.idx + len(last.text)
                        if a0 < span[1] and span[0] < a1:
                            role_of.setdefault(k, lab)
            index = {id(m): k for k, m in enumerate(ctx.mentions)}
            for rank, m in arg_candidates(trig, ev["plover_type"], ctx):
                feats = arg_features(trig, m, ev["plover_type"], ctx, rank)
                k = index[id(m)]
                rows.append(clf.hash_features(feats))
                ys.append(role_of.get(k, 0))
                owner.append(n)
    return rows, ys, owner


def mode_rows(items: Sequence[Item]) -> tuple[list[np.ndarray], list[int], list[int]]:
    rows, ys, owner = [], [], []
    for n, item in enumerate(items):
        for ti, ev in item.triggers.items():
            mode = ev.get("modality") or "asserted"
            if mode not in MODES:
                continue
            rows.append(clf.hash_features(modality_features(item.ctx.doc[ti], item.ctx)))
            ys.append(MODES.index(mode))
            owner.append(n)
    return rows, ys, owner


def design(
    rows: Sequence[np.ndarray], vocab: np.ndarray | None = None
) -> tuple[sparse.csr_matrix, np.ndarray]:
    if vocab is None:
        # features seen in at least MIN_COUNT rows: rarer ones only memorise training items
        allh, counts = np.unique(np.concatenate([r for r in rows if len(r)]), return_counts=True)
        vocab = allh[counts >= MIN_COUNT]
    indptr, indices, values = [0], [], []
    for row in rows:
        cols = np.searchsorted(vocab, row)
        ok = (cols < len(vocab)) & (vocab[np.minimum(cols, len(vocab) - 1)] == row)
        cols = cols[ok]
        indices.append(cols)
        values.append(np.full(len(cols), 1.0 / np.sqrt(max(len(row), 1))))
        indptr.append(indptr[-1] + len(cols))
    m = sparse.csr_matrix(
        (np.concatenate(values), np.concatenate(indices), np.array(indptr)),
        shape=(len(rows), len(vocab)),
    )
    return m, vocab


def fit(
    rows: Sequence[np.ndarray], ys: Sequence[int], labels: Sequence[str], c: float
) -> clf.LinearModel:
    x, vocab = design(rows)
    y = np.asarray(ys)
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x, y)
    weights = np.zeros((len(vocab), len(labels)), dtype=np.float32)
    bias = np.full(len(labels), -30.0, dtype=np.float32)
    coef = model.coef_
    if coef.shape[0] == 1:  # binary: sklearn gives one row
        coef = np.vstack([-coef / 2, coef / 2])
        intercept = np.array([-model.intercept_[0] / 2, model.intercept_[0] / 2])
    else:
        intercept = model.intercept_
    for j, cls in enumerate(model.classes_):
        weights[:, cls] = coef[j]
        bias[cls] = intercept[j]
    keep = np.abs(weights).max(axis=1) > 1e-6
    return clf.LinearModel(
        labels=tuple(labels),
        hashes=vocab[keep].astype(np.uint32),
        weights=weights[keep],
        bias=bias,
        temperature=1.0,
        meta={"labels": list(labels)},
    )


def bagged_fit(
    rows: tuple[list[np.ndarray], list[int], list[int]],
    labels: Sequence[str],
    c: float,
    bags: int,
) -> clf.LinearModel:
    """One model fit on every item, or with ``bags`` > 1 the average of fits on bootstrap
    resamples of the items (bagging: the average of linear models is a linear model, so it costs
    nothing at run time)."""
    x, y, owner = rows
    if bags <= 1:
        return fit(x, y, labels, c)
    by_item: dict[int, list[int]] = {}
    for k, o in enumerate(owner):
        by_item.setdefault(o, []).append(k)
    items = sorted(by_item)
    rng = np.random.default_rng(SEED + 1)
    models = []
    for _ in range(bags):
        picked = rng.choice(items, size=len(items), replace=True)
        idx = [k for i in picked for k in by_item[int(i)]]
        models.append(fit([x[k] for k in idx], [y[k] for k in idx], labels, c))
    hashes = np.unique(np.concatenate([m.hashes for m in models]))
    weights = np.zeros((len(hashes), len(labels)), dtype=np.float32)
    for m in models:
        weights[np.searchsorted(hashes, m.hashes)] += m.weights
    return clf.LinearModel(
        labels=tuple(labels),
        hashes=hashes.astype(np.uint32),
        weights=weights / bags,
        bias=np.mean([m.bias for m in models], axis=0).astype(np.float32),
        temperature=1.0,
        meta={"labels": list(labels), "bags": bags},
    )


def score(
    golds: dict[str, list[dict[str, Any]]], preds: dict[str, list[dict[str, Any]]]
) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for item_id, gl in golds.items():
        used: set[int] = set()
        for p in preds.get(item_id, []):
            order = sorted(range(len(gl)), key=lambda i: bool(gl[i].get("optional")))
            hit = next((i for i in order if i not in used and matches(p, gl[i])), None)
            if hit is None:
                fp += 1
            else:
                used.add(hit)
                tp += 0 if gl[hit].get("optional") else 1
        fn += sum(1 for i, g in enumerate(gl) if i not in used and not g.get("optional"))
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def prediction(r: Record) -> dict[str, Any]:
    return {
        "plover_type": r.plover_type,
        "sources": [{"country": p.country} for p in r.sources],
        "targets": [{"country": p.country} for p in r.targets],
    }


def label_records(
    golds: dict[str, list[dict[str, Any]]], preds: dict[str, list[dict[str, Any]]]
) -> dict[str, list[int]]:
    """1 for each predicted record that takes a gold event (the scorer's greedy order), else 0."""
    out: dict[str, list[int]] = {}
    for item_id, gl in golds.items():
        used: set[int] = set()
        order = sorted(range(len(gl)), key=lambda i: bool(gl[i].get("optional")))
        labels = []
        for p in preds.get(item_id, []):
            hit = next((i for i in order if i not in used and matches(p, gl[i])), None)
            if hit is not None:
                used.add(hit)
            labels.append(int(hit is not None))
        out[item_id] = labels
    return out


def item_groups(items: Sequence[Item]) -> dict[str, list[str]]:
    """Item ids by kind: news-feed items (the input the coder really gets), article leads of
    events_train, extra leads (scripts/train_data)."""
    groups: dict[str, list[str]] = {"feed items": [], "leads": [], "extra leads": []}
    for it in items:
        kind = "extra leads" if it.item_id.startswith("X") else "feed items" if it.feed else "leads"
        groups[kind].append(it.item_id)
    return {k: v for k, v in groups.items() if v}


#: What the models were trained on (set in main: with or without the extra leads).
DATA_NOTE = "eval/events_train (2,000 items; never newsfeeds_dev)"


def write_model(name: str, model: clf.LinearModel, extra: dict[str, Any]) -> None:
    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        hashes=model.hashes,
        weights=model.weights.astype(np.float16).astype(np.float32),
        bias=model.bias,
    )
    raw = buf.getvalue()
    (OUT / f"{name}.npz").write_bytes(raw)
    meta = {
        "feature_version": FEATURE_VERSION,
        "trained_with": "scripts/train_coder.py",
        "data": DATA_NOTE,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "labels": list(model.labels),
        "temperature": 1.0,
        "sha256": hashlib.sha256(raw).hexdigest(),
        **extra,
    }
    (OUT / f"{name}.json").write_text(json.dumps(meta, indent=1) + "\n", "utf-8")
    print(f"wrote {name}: {len(model.hashes)} features, {len(raw) / 1e6:.2f} MB")


def fold_assignment(n: int, seed: int) -> np.ndarray:
    """Each item's fold (0..FOLDS-1) under one fold seed."""
    return np.random.default_rng(seed).permutation(n) % FOLDS


def candidate_records(
    items: Sequence[Item],
    rows: tuple[Any, Any, Any],
    fold_of: np.ndarray,
    lex: Lexicons,
    bags: int,
    t0: float,
) -> tuple[dict[str, list[Record]], dict[str, list[dict[str, Any]]]]:
    """Out-of-fold candidate records of every item (and their predictions): each fold coded by
    the detector fit on the other folds, at the low detection thresholds."""
    tr, ar, mr = rows
    records: dict[str, list[Record]] = {}
    preds: dict[str, list[dict[str, Any]]] = {}
    for fold in range(FOLDS):

        def part(
            rows: tuple[list[np.ndarray], list[int], list[int]],
        ) -> tuple[list[np.ndarray], list[int], list[int]]:
            keep = [k for k, o in enumerate(rows[2]) if fold_of[o] != fold]  # noqa: B023
            return tuple([r[k] for k in keep] for r in rows)  # type: ignore[return-value]

        # with --bags the fold models are bagged as the shipped ones are, so the verifier and
        # its threshold are chosen on records of the same kind of model
        det = Detector(
            bagged_fit(part(tr), TRIGGER_LABELS, C["trigger"], bags),
            bagged_fit(part(ar), ARG_LABELS, C["args"], bags),
            bagged_fit(part(mr), MODES, C["mode"], bags),
            lex,
            DETECTION,
        )
        for n, item in enumerate(items):
            if fold_of[n] != fold:
                continue
            cctx = item.coding or item.ctx
            recs = build_records([*det.detect(cctx), *cctx.rule_candidates], cctx)
            records[item.item_id] = recs
            preds[item.item_id] = [prediction(r) for r in recs]
        print(f"fold {fold} done {time.time() - t0:.0f} s", flush=True)
    return records, preds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument(
        "--bags", type=int, default=1, help="average K fits on bootstrap resamples (bagging)"
    )
    ap.add_argument(
        "--no-extra", action="store_true", help="leave out scripts/train_data (events_train only)"
    )
    ap.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="train on this offsets file of scripts/train_data (repeatable; default: "
        "leads_extra.json)",
    )
    ap.add_argument(
        "--verifier-only",
        action="store_true",
        help="write only the record verifier (coder_record); the shipped trigger, argument and "
        "mode models stay as they are (their cross-validated folds still make its records)",
    )
    ap.add_argument(
        "--fold-seeds",
        type=int,
        default=1,
        help="make the verifier's out-of-fold records with K fold assignments (K detector draws)",
    )
    a = ap.parse_args()
    t0 = time.time()
    lex = Lexicons(clf.Lexicon.load(), load_lexicon())
    items = load_items(a.limit, extra=not a.no_extra, files=a.extra)
    global DATA_NOTE
    n_extra = sum(1 for it in items if it.item_id.startswith("X"))
    if n_extra:
        names = ", ".join(f"scripts/train_data/{p.name}" for p in a.extra or [EXTRA])
        DATA_NOTE = (
            f"eval/events_train (2,000 items) + {names} ({n_extra} leads); never newsfeeds_dev"
        )
    print(f"parsed {len(items)} items in {time.time() - t0:.0f} s", flush=True)
    tr, ar, mr = trigger_rows(items, lex), arg_rows(items), mode_rows(items)
    print(
        f"rows: trigger {len(tr[0])} ({sum(1 for y in tr[1] if y)} positive), "
        f"args {len(ar[0])}, mode {len(mr[0])}"
    )
    golds = {it.item_id: it.gold for it in items}
    index = {it.item_id: n for n, it in enumerate(items)}
    seeds = list(range(SEED, SEED + a.fold_seeds))
    # 1. out-of-fold candidate records from the detector (low thresholds: the verifier filters),
    # once per fold seed: with several, the verifier learns from several draws of the detector
    runs = [candidate_records(items, (tr, ar, mr), fold_assignment(len(items), s), lex, a.bags, t0)
            for s in seeds]  # fmt: skip
    for s, (_, preds) in zip(seeds, runs, strict=True):
        p, r, f = score(golds, preds)
        print(f"detector alone (OOF, fold seed {s}): P {p:.3f} R {r:.3f} F1 {f:.3f}")
    # 2. the record verifier, trained on those records labelled by matching, itself
    # cross-validated by item (the first seed's folds: an item's records of every run together)
    fold_of = fold_assignment(len(items), SEED)
    vrows: list[np.ndarray] = []
    vys: list[int] = []
    vown: list[int] = []
    vrun: list[int] = []
    for run, (records, preds) in enumerate(runs):
        labels = label_records(golds, preds)
        for item_id, recs in records.items():
            ctx = items[index[item_id]].coding or items[index[item_id]].ctx
            for rec, y in zip(recs, labels[item_id], strict=True):
                vrows.append(clf.hash_features(record_features(rec, ctx, len(recs))))
                vys.append(y)
                vown.append(index[item_id])
                vrun.append(run)
    vp = np.zeros(len(vrows))
    for fold in range(FOLDS):
        train = [k for k, o in enumerate(vown) if fold_of[o] != fold]
        test = [k for k, o in enumerate(vown) if fold_of[o] == fold]
        model = bagged_fit(
            ([vrows[k] for k in train], [vys[k] for k in train], [vown[k] for k in train]),
            VERIFY_LABELS,
            C["record"],
            a.bags,
        )
        probs = model.predict_proba([vrows[k] for k in test])
        for k, pr in zip(test, probs, strict=True):
            vp[k] = pr[1]

    def kept_at(th: float, run: int) -> dict[str, list[dict[str, Any]]]:
        kept: dict[str, list[dict[str, Any]]] = {}
        k = sum(1 for x in vrun if x < run)
        records, preds = runs[run]
        for item_id in records:
            kept[item_id] = []
            for pred in preds[item_id]:
                if vp[k] >= th:
                    kept[item_id].append(pred)
                k += 1
        return kept

    # 3. the threshold that maximises OOF F1 (the mean over the runs)
    results = []
    for th in np.arange(0.1, 0.81, 0.05):
        per_run = [score(golds, kept_at(float(th), run)) for run in range(len(runs))]
        results.append((tuple(float(x) for x in np.mean(per_run, axis=0)), float(th)))
    (bp, br, bf), best_th = max(results, key=lambda x: x[0][2])
    for (pp, rr, ff), th in results:
        print(f"verifier >= {th:.2f}: P {pp:.3f} R {rr:.3f} F1 {ff:.3f}")
    for part_name, ids in item_groups(items).items():
        figs = [
            score({i: golds[i] for i in ids}, kept_at(best_th, run)) for run in range(len(runs))
        ]
        sp, sr, sf = np.mean(figs, axis=0)
        print(f"  OOF on {part_name} ({len(ids)} items): P {sp:.3f} R {sr:.3f} F1 {sf:.3f}")
    sure = vp >= 0.7
    calib = float(np.mean(np.asarray(vys)[sure])) if sure.any() else float("nan")
    print(
        f"chosen {best_th:.2f}: OOF P {bp:.3f} R {br:.3f} F1 {bf:.3f}; "
        f"right among p >= 0.7: {calib:.3f} ({int(sure.sum())})"
    )
    if a.no_write:
        return 0
    cv = {"precision": round(bp, 4), "recall": round(br, 4), "f1": round(bf, 4)}
    det_th = {"trigger": DETECTION.trigger, "source": DETECTION.source, "target": DETECTION.target}
    bags = a.bags
    if not a.verifier_only:
        write_model(
            "coder_trigger",
            bagged_fit(tr, TRIGGER_LABELS, C["trigger"], bags),
            {"thresholds": det_th, "bags": bags},
        )
        write_model("coder_args", bagged_fit(ar, ARG_LABELS, C["args"], bags), {"bags": bags})
        write_model("coder_mode", bagged_fit(mr, MODES, C["mode"], bags), {"bags": bags})
    write_model(
        "coder_record",
        bagged_fit((vrows, vys, vown), VERIFY_LABELS, C["record"], bags),
        {
            "threshold": round(best_th, 2),
            "fold_seeds": a.fold_seeds,
            "cv": cv,
            "cv_right_at_0.7": round(calib, 4),
            "bags": bags,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
