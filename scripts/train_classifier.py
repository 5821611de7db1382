#!/usr/bin/env python
"""Train newsevents' event-type classifiers and write their weights into the package.

Two heads, both linear models over hashed sparse features (see newsevents.events.classifier):

* pair head: PLOVER root (15 classes, YIELD = CONCEDE + RETREAT) of a (sentence, source, target)
  triple, trained on $NEWSEVENTS_SHARED/eval/plv_train/PLV_train.tsv;
* penta head: CAMEO pentaclass of a sentence, trained on
  $NEWSEVENTS_SHARED/eval/conflibert_cameo_train/cameo_class/train.tsv.

Keyword prior: the PETRARCH2 CAMEO verb dictionary (reference/petrarch2_phoenix_MIT, MIT) reduced
to verb lemmas -> CAMEO two-digit codes, written as cameo_verb_lexicon.json.

For each head the script prints stratified 5-fold cross-validated accuracy (fixed seeds), macro-F1,
per-class precision/recall/F1 and the expected calibration error, fits a softmax temperature on
the out-of-fold scores, then fits on all the data and writes ``<head>.npz`` (hashes, weights,
bias) and ``<head>.json`` (labels, temperature, CV figures) to src/newsevents/data/models/.
Only learned weights, hashes and dictionary lemmas go into the repository, never data text.

Needs scikit-learn (a development dependency); the runtime needs only numpy and spaCy.

    .venv/bin/python scripts/train_classifier.py            # train both heads and write them
    .venv/bin/python scripts/train_classifier.py --no-write # only report cross-validation
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import json
import os
import platform
import re
import sys
import time
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsevents.events import classifier as clf  # noqa: E402
from newsevents.nlp import load_nlp  # noqa: E402

OUT = ROOT / "src" / "newsevents" / "data" / "models"
SEED = 0
FOLDS = 5
#: Fixed before measuring (chosen on PLV/ConfliBERT CV during development; see docs/classifier.md).
CONFIG: dict[str, dict[str, Any]] = {
    "pair": {"model": "svm", "C": 8.0},
    "penta": {"model": "svm", "C": 8.0, "plv_extra_weight": 0.3},
}
#: PLV root -> CAMEO pentaclass, for PLV sentences used as extra penta training data: CAMEO's
#: quad classes (SANCTION is CAMEO 16 "reduce relations", verbal conflict; COERCE 17 and
#: PROTEST 14 material conflict; REQUEST 10 verbal conflict), which is also the majority label of
#: the sentences PLV and ConfliBERT share.
ROOT_TO_PENTA = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "AID": 2, "COOPERATE": 2, "YIELD": 2,
    "ACCUSE": 3, "REJECT": 3, "REQUEST": 3, "THREATEN": 3, "SANCTION": 3,
    "COERCE": 4, "ASSAULT": 4, "MOBILIZE": 4, "PROTEST": 4,
}  # fmt: skip
#: A PLV sentence whose word set overlaps a ConfliBERT sentence's by more than this (Jaccard)
#: is a near-duplicate and is not used as extra penta data (it would leak across CV folds).
NEAR_DUPLICATE = 0.5
#: Lexicon entries keep the codes holding at least this share of an entry's patterns.
LEXICON_MIN_SHARE = 0.25
#: A block's default code counts as this many patterns.
LEXICON_DEFAULT_WEIGHT = 3


def shared_dir() -> Path:
    return Path(os.environ.get("NEWSEVENTS_SHARED") or ROOT.parent / "shared").resolve()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------------------------
# Data
# ------------------------------------------------------------------------------------------


def load_plv(path: Path) -> list[dict[str, str]]:
    """PLV rows; a source/target that is a placeholder (not in the sentence) becomes ''."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    out = []
    for r in rows:
        sentence = r["sentence"]
        out.append(
            {
                "sentence": sentence,
                "source": r["source"] if r["source"] in sentence else "",
                "target": r["target"] if r["target"] in sentence else "",
                "root": r["gold_root"],
            }
        )
    return out


def load_penta(path: Path) -> list[tuple[str, int]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            text, label = line.rsplit("\t", 1)
            out.append((text, int(label)))
    return out


def plv_penta_extra(plv: Sequence[dict[str, str]], penta_texts: Sequence[str]) -> list[int]:
    """Indices of distinct PLV sentences that are not near-duplicates of a ConfliBERT one."""

    def words(text: str) -> set[str]:
        return set(re.findall(r"\w+", text.lower()))

    penta_words = [words(t) for t in penta_texts]
    seen: set[str] = set()
    out = []
    for i, r in enumerate(plv):
        if r["sentence"] in seen:
            continue
        seen.add(r["sentence"])
        w = words(r["sentence"])
        if all(len(w & p) <= NEAR_DUPLICATE * len(w | p) for p in penta_words):
            out.append(i)
    return out


# ------------------------------------------------------------------------------------------
# Keyword lexicon from the PETRARCH2 CAMEO verb dictionary
# ------------------------------------------------------------------------------------------


def build_lexicon(
    verb_file: Path, lemmatize: Callable[[list[str]], dict[str, str]]
) -> dict[str, Any]:
    """Verb lemma -> CAMEO two-digit codes, and "verb word" -> codes, from the verb patterns.

    Each verb block lists synonyms and patterns such as ``- * SANCTIONS [163]``; every pattern
    counts once for every verb of its block (and for the pair verb + first plain word after
    ``*``), the block's default code counts LEXICON_DEFAULT_WEIGHT times.
    """
    verbs: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    pairs_raw: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    block: list[str] = []
    default_code: str | None = None
    for raw in verb_file.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        head = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", line)
        if head:
            block = []
            default = head.group(2).strip()
            default_code = default[:2] if default[:2].isdigit() else None
            continue
        if line.startswith("- "):
            found = re.search(r"\[([^\]]+)\]", line)
            if not found or "*" not in line[: found.start()]:
                continue
            code = found.group(1).split(":")[0].strip()[:2]
            if not code.isdigit():
                continue
            after = line[: found.start()].split("*", 1)[1]
            words = [w for w in re.findall(r"[&$+]?[A-Za-z_]+", after) if w[0] not in "&$+"]
            for verb in block:
                verbs[verb][code] += 1
                if words:
                    pairs_raw[(verb, words[0].split("_")[0].lower())][code] += 1
            continue
        if line[0].isalpha():
            verb = line.split("{")[0].split()[0].lower()
            if "_" in verb:
                continue
            block.append(verb)
            if default_code:
                verbs[verb][default_code] += LEXICON_DEFAULT_WEIGHT

    lemmas = lemmatize(sorted({w for _, w in pairs_raw}))
    pairs: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for (verb, word), counts in pairs_raw.items():
        pairs[f"{verb} {lemmas.get(word, word)}"].update(counts)

    def keep(counts: collections.Counter[str]) -> list[str]:
        total = sum(counts.values())
        return sorted(c for c, n in counts.items() if n / total >= LEXICON_MIN_SHARE)

    verb_codes = {v: keep(c) for v, c in sorted(verbs.items()) if c}
    # A pair is kept only where it says something its verb alone does not.
    pair_codes = {}
    for key, counts in sorted(pairs.items()):
        codes = keep(counts)
        if codes and codes != verb_codes.get(key.split()[0]):
            pair_codes[key] = codes
    return {"verbs": {k: v for k, v in verb_codes.items() if v}, "pairs": pair_codes}


# ------------------------------------------------------------------------------------------
# Learning
# ------------------------------------------------------------------------------------------


def design(rows: Sequence[np.ndarray]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """CSR matrix over the hashes seen (binary features, unit L2 row norm) and those hashes."""
    vocab = np.unique(np.concatenate([r for r in rows if len(r)]))
    indptr, indices, values = [0], [], []
    for row in rows:
        cols = np.searchsorted(vocab, row)
        indices.append(cols)
        values.append(np.full(len(cols), 1.0 / np.sqrt(max(len(row), 1))))
        indptr.append(indptr[-1] + len(cols))
    matrix = sparse.csr_matrix(
        (np.concatenate(values), np.concatenate(indices), np.array(indptr)),
        shape=(len(rows), len(vocab)),
    )
    return matrix, vocab


def make_model(config: dict[str, Any]) -> Any:
    if config["model"] == "svm":
        return LinearSVC(C=config["C"], random_state=SEED, max_iter=20000)
    return LogisticRegression(C=config["C"], max_iter=5000)


def scores_of(model: Any, x: sparse.csr_matrix) -> np.ndarray:
    return np.asarray(model.decision_function(x), dtype=np.float64)


def nll(logits: np.ndarray, y: np.ndarray, temperature: float) -> float:
    p = clf.softmax(logits / temperature)
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None))))


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """Temperature minimising the negative log-likelihood (golden-section search on log T)."""
    lo, hi = np.log(0.01), np.log(100.0)
    g = (np.sqrt(5) - 1) / 2
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    for _ in range(80):
        if nll(logits, y, float(np.exp(a))) < nll(logits, y, float(np.exp(b))):
            hi, b = b, a
            a = hi - g * (hi - lo)
        else:
            lo, a = a, b
            b = lo + g * (hi - lo)
    return float(np.exp((lo + hi) / 2))


def ece(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top-class probability (equal-width bins)."""
    conf = probs.max(axis=1)
    correct = probs.argmax(axis=1) == y
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in pairwise(edges):
        mask = (conf > lo) & (conf <= hi)
        if mask.any():
            total += mask.mean() * abs(conf[mask].mean() - correct[mask].mean())
    return float(total)


def per_class(
    y: np.ndarray, pred: np.ndarray, labels: Sequence[str]
) -> dict[str, dict[str, float]]:
    out = {}
    for k, name in enumerate(labels):
        tp = int(np.sum((pred == k) & (y == k)))
        p = tp / max(int(np.sum(pred == k)), 1)
        r = tp / max(int(np.sum(y == k)), 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[name] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "support": int(np.sum(y == k)),
        }
    return out


class Data:
    """Hashed feature rows and labels, plus optional extra rows that only ever train."""

    def __init__(
        self,
        rows: Sequence[np.ndarray],
        y: np.ndarray,
        extra_rows: Sequence[np.ndarray] = (),
        extra_y: Sequence[int] = (),
        extra_weight: float = 0.0,
    ) -> None:
        self.x_all, self.vocab = design([*rows, *extra_rows])
        self.n = len(rows)
        self.x = self.x_all[: self.n]
        self.y = y
        self.extra_y = np.asarray(extra_y, dtype=int)
        self.extra_weight = extra_weight

    def fit(self, config: dict[str, Any], idx: np.ndarray) -> Any:
        """Fit on rows ``idx`` plus the extra rows (at their weight)."""
        model = make_model(config)
        if len(self.extra_y) and self.extra_weight > 0:
            x = sparse.vstack([self.x[idx], self.x_all[self.n :]])
            y = np.concatenate([self.y[idx], self.extra_y])
            w = np.concatenate([np.ones(len(idx)), np.full(len(self.extra_y), self.extra_weight)])
            return model.fit(x, y, sample_weight=w)
        return model.fit(self.x[idx], self.y[idx])


def cross_validate(data: Data, config: dict[str, Any], seed: int) -> np.ndarray:
    """Out-of-fold decision scores from stratified 5-fold CV (extra rows train only)."""
    y = data.y
    out = np.zeros((len(y), int(y.max()) + 1))
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=seed)
    for train, test in folds.split(np.zeros(len(y)), y):
        out[test] = scores_of(data.fit(config, train), data.x[test])
    return out


def evaluate(
    name: str, data: Data, labels: Sequence[str], config: dict[str, Any], seeds: Sequence[int]
) -> dict[str, Any]:
    """Cross-validate, calibrate and report; returns the figures for the meta JSON."""
    x, y = data.x, data.y
    t0 = time.perf_counter()
    accs = []
    oof0 = np.zeros(0)
    for seed in seeds:
        oof = cross_validate(data, config, seed)
        accs.append(float(np.mean(oof.argmax(axis=1) == y)))
        if seed == seeds[0]:
            oof0 = oof
    pred = oof0.argmax(axis=1)
    classes = per_class(y, pred, labels)
    macro_f1 = float(np.mean([c["f1"] for c in classes.values()]))

    # Calibration: temperature fit on out-of-fold scores; the ECE reported for it is
    # cross-fitted (each fold's temperature is fit on the other folds' scores).
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=seeds[0] + 100)
    cal = np.zeros_like(oof0)
    for fit_idx, apply_idx in folds.split(np.zeros(len(y)), y):
        t = fit_temperature(oof0[fit_idx], y[fit_idx])
        cal[apply_idx] = clf.softmax(oof0[apply_idx] / t)
    temperature = fit_temperature(oof0, y)
    raw_ece = ece(clf.softmax(oof0), y)
    cal_ece = ece(cal, y)
    cal_nll = float(-np.mean(np.log(np.clip(cal[np.arange(len(y)), y], 1e-12, None))))

    extra = f" (+{len(data.extra_y)} extra training rows)" if len(data.extra_y) else ""
    print(
        f"\n== {name}: {len(y)} examples{extra}, {x.shape[1]} distinct features, "
        f"{config['model']} C={config['C']}, {FOLDS}-fold stratified CV"
    )
    print(f"accuracy (seed {seeds[0]}): {accs[0]:.4f}")
    if len(seeds) > 1:
        print(
            f"accuracy over seeds {list(seeds)}: mean {np.mean(accs):.4f}, "
            f"min {min(accs):.4f}, max {max(accs):.4f}"
        )
    print(f"macro-F1 (seed {seeds[0]}): {macro_f1:.4f}")
    print(f"{'class':<24}{'prec':>7}{'rec':>7}{'f1':>7}{'n':>6}")
    for label, c in classes.items():
        print(
            f"{label:<24}{c['precision']:>7.3f}{c['recall']:>7.3f}{c['f1']:>7.3f}{c['support']:>6d}"
        )
    print(
        f"calibration: temperature {temperature:.3f}; ECE uncalibrated softmax {raw_ece:.4f}, "
        f"temperature-scaled (cross-fitted) {cal_ece:.4f}; NLL {cal_nll:.4f}"
    )
    print(f"[{name} CV took {time.perf_counter() - t0:.1f}s]")
    return {
        "cv_accuracy": round(accs[0], 4),
        "cv_accuracy_seeds": [round(a, 4) for a in accs],
        "cv_accuracy_mean": round(float(np.mean(accs)), 4),
        "cv_macro_f1": round(macro_f1, 4),
        "cv_per_class": classes,
        "cv_folds": FOLDS,
        "cv_seeds": list(seeds),
        "temperature": round(temperature, 6),
        "ece_uncalibrated": round(raw_ece, 4),
        "ece_calibrated": round(cal_ece, 4),
        "nll_calibrated": round(cal_nll, 4),
    }


def fit_and_write(
    name: str,
    data: Data,
    labels: Sequence[str],
    config: dict[str, Any],
    meta: dict[str, Any],
    out: Path,
) -> None:
    x, y, vocab = data.x, data.y, data.vocab
    model = data.fit(config, np.arange(data.n))
    coef = np.asarray(model.coef_, dtype=np.float64).T  # (features, classes)
    used = np.any(coef != 0, axis=1)
    weights = coef[used].astype(np.float16)
    np.savez_compressed(
        out / f"{name}.npz",
        hashes=vocab[used].astype(np.uint32),
        weights=weights,
        bias=np.asarray(model.intercept_, dtype=np.float32),
    )
    meta = {**meta, "labels": list(labels), "n_features": int(used.sum())}
    (out / f"{name}.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
    train_acc = float(np.mean(model.predict(x) == y))
    size = (out / f"{name}.npz").stat().st_size
    print(
        f"wrote {out / name}.npz ({size / 1e6:.2f} MB, {used.sum()} features; "
        f"training-set accuracy {train_acc:.4f}) and {name}.json"
    )


# ------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--shared", type=Path, default=shared_dir(), help="shared data folder")
    ap.add_argument("--out", type=Path, default=OUT, help="model folder to write")
    ap.add_argument("--seeds", default="0,1,2", help="CV seeds; the first is the headline figure")
    ap.add_argument("--no-write", action="store_true", help="report cross-validation only")
    args = ap.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    started = time.perf_counter()
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, "
        f"{platform.machine()} {platform.system()}"
    )

    plv_path = args.shared / "eval" / "plv_train" / "PLV_train.tsv"
    penta_path = args.shared / "eval" / "conflibert_cameo_train" / "cameo_class" / "train.tsv"
    verb_path = args.shared / "reference" / "petrarch2_phoenix_MIT" / "CAMEO.2.0.txt"
    plv = load_plv(plv_path)
    penta = load_penta(penta_path)
    print(f"data: {len(plv)} PLV pairs, {len(penta)} ConfliBERT sentences")

    t0 = time.perf_counter()
    nlp = load_nlp()

    def lemmatize(words: list[str]) -> dict[str, str]:
        docs = nlp.pipe(words, disable=["parser", "ner"])
        return {w: (d[0].lemma_.lower() if len(d) else w) for w, d in zip(words, docs, strict=True)}

    lexicon_json = build_lexicon(verb_path, lemmatize)
    lexicon = clf.Lexicon.from_json(lexicon_json)
    print(
        f"lexicon: {len(lexicon.verbs)} verbs, {len(lexicon.pairs)} verb+word pairs "
        f"[{time.perf_counter() - t0:.1f}s]"
    )

    t0 = time.perf_counter()
    plv_docs = clf.parse([r["sentence"] for r in plv])
    penta_docs = clf.parse([t for t, _ in penta])
    n_parsed = len(plv_docs) + len(penta_docs)
    print(f"parsed {n_parsed} sentences [{time.perf_counter() - t0:.1f}s]")

    t0 = time.perf_counter()
    pair_rows = []
    for r, doc in zip(plv, plv_docs, strict=True):
        s_range, t_range = clf.locate(r["sentence"], r["source"], r["target"])
        pair_rows.append(clf.hash_features(clf.pair_features(doc, s_range, t_range, lexicon)))
    penta_rows = [clf.hash_features(clf.penta_features(d, lexicon)) for d in penta_docs]

    # PLV sentences as extra penta training rows: distinct, not near-duplicates of ConfliBERT.
    extra = plv_penta_extra(plv, [t for t, _ in penta])
    extra_rows = [clf.hash_features(clf.penta_features(plv_docs[i], lexicon)) for i in extra]
    extra_y = [ROOT_TO_PENTA[plv[i]["root"]] for i in extra]
    print(f"features [{time.perf_counter() - t0:.1f}s]")

    pair_data = Data(pair_rows, np.array([clf.ROOTS.index(r["root"]) for r in plv]))
    penta_data = Data(
        penta_rows,
        np.array([label for _, label in penta]),
        extra_rows,
        extra_y,
        CONFIG["penta"]["plv_extra_weight"],
    )
    penta_names = [f"{k} {v}" for k, v in clf.PENTA_LABELS.items()]
    pair_eval = evaluate("pair (PLV root)", pair_data, clf.ROOTS, CONFIG["pair"], seeds)
    penta_eval = evaluate("penta (ConfliBERT)", penta_data, penta_names, CONFIG["penta"], seeds)

    if args.no_write:
        print(f"\n(no files written) total {time.perf_counter() - started:.1f}s")
        return 0

    args.out.mkdir(parents=True, exist_ok=True)
    lexicon_meta = {
        "about": "Verb lemma -> CAMEO two-digit codes (and 'verb word' pairs), reduced from the "
        "PETRARCH2 CAMEO verb pattern dictionary CAMEO.2.0.txt (Open Event Data Alliance, "
        "MIT License, Copyright (c) 2015 Open Event Data Alliance); codes holding at least "
        f"{LEXICON_MIN_SHARE:.0%} of an entry's patterns.",
        "licence": "MIT",
        "source_sha256": sha256(verb_path),
    }
    (args.out / clf.LEXICON).write_text(
        json.dumps({**lexicon_meta, **lexicon_json}, separators=(",", ":"), sort_keys=True) + "\n"
    )
    print(
        f"wrote {args.out / clf.LEXICON} ({(args.out / clf.LEXICON).stat().st_size / 1e6:.2f} MB)"
    )
    common = {
        "feature_version": clf.FEATURE_VERSION,
        "trained_with": "scripts/train_classifier.py",
        "numpy": np.__version__,
    }
    fit_and_write(
        clf.PAIR_MODEL,
        pair_data,
        clf.ROOTS,
        CONFIG["pair"],
        {
            **common,
            **pair_eval,
            # the shipped pair head's figure (plv_cv_accuracy) is the ensemble's, recorded by
            # scripts/train_pair_transformer.py in plover_pair_minilm.json
            "linear_plv_cv_accuracy": pair_eval["cv_accuracy"],
            "config": CONFIG["pair"],
            "data": {"plv_train": sha256(plv_path)},
        },
        args.out,
    )
    fit_and_write(
        clf.PENTA_MODEL,
        penta_data,
        [str(k) for k in clf.PENTA_LABELS],
        CONFIG["penta"],
        {
            **common,
            **penta_eval,
            "penta_cv_accuracy": penta_eval["cv_accuracy"],
            "config": CONFIG["penta"],
            "extra_training_rows": len(extra),
            "data": {"conflibert_cameo_train": sha256(penta_path), "plv_train": sha256(plv_path)},
        },
        args.out,
    )
    print(f"\ntotal {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
