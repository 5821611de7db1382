"""Single-label classification scored on PLV (pair -> PLOVER root) and ConfliBERT's CAMEO
pentaclass, with the cross-validated accuracy recorded in the shipped models' meta beside it.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from .metrics import ClassReport, accuracy, classification_report, confusion
from .readers import read_penta, read_plv

# ------------------------------------------------------------------------------------ model meta

#: Where the shipped classifier models keep their metadata JSON (``plv_cv_accuracy`` ...).
MODELS_FOLDER = ("data", "models")


def _models_dir() -> Any:
    folder = resources.files("newsevents")
    for part in MODELS_FOLDER:
        folder = folder / part
    return folder


def _contract(module: str, name: str) -> Any:
    """``module.name`` imported at call time; ImportError when either is missing (yet)."""
    mod = importlib.import_module(module)
    try:
        return getattr(mod, name)
    except AttributeError as exc:
        raise ImportError(f"cannot import name {name!r} from {module!r}") from exc


def _find_key(data: Any, key: str) -> Any:
    if isinstance(data, dict):
        if key in data:
            return data[key]
        for value in data.values():
            found = _find_key(value, key)
            if found is not None:
                return found
    return None


def model_meta(key: str) -> tuple[float | None, str]:
    """A figure recorded in the shipped models' meta JSON: ``(value, file name)``; ``(None, "")``
    when no ``src/newsevents/data/models/*.json`` records ``key``."""
    try:
        folder = _models_dir()
        entries = sorted(folder.iterdir(), key=lambda e: e.name) if folder.is_dir() else []
    except (FileNotFoundError, NotADirectoryError):
        return None, ""
    for entry in entries:
        if not entry.name.endswith(".json"):
            continue
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        value = _find_key(data, key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value), entry.name
    return None, ""


def _meta_strings() -> set[str]:
    out: set[str] = set()

    def walk(data: Any) -> None:
        if isinstance(data, dict):
            for v in data.values():
                walk(v)
        elif isinstance(data, list):
            for v in data:
                walk(v)
        elif isinstance(data, str):
            out.add(data.lower())

    try:
        folder = _models_dir()
        if folder.is_dir():
            for entry in folder.iterdir():
                if entry.name.endswith(".json"):
                    try:
                        walk(json.loads(entry.read_text(encoding="utf-8")))
                    except (OSError, ValueError):
                        continue
    except (FileNotFoundError, NotADirectoryError):
        pass
    return out


#: Files the shipped classifiers were trained on (all of them, no hold-out).
TRAINING_FILES = {"plv": ("PLV_train.tsv",), "penta": ("cameo_class/train.tsv",)}


def training_fit(path: Path, kind: Literal["plv", "penta"]) -> bool:
    """True when ``path`` is (by name or by sha256 recorded in the model meta) the file the shipped
    model was trained on, so that scoring it measures training fit, not generalisation."""
    posix = path.resolve().as_posix()
    if any(posix.endswith("/" + name) or posix == name for name in TRAINING_FILES[kind]):
        return True
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return False
    return digest in _meta_strings()


# ---------------------------------------------------------------------------- classification


@dataclass(slots=True)
class ClassificationResult:
    """Single-label classification scores (PLV roots or ConfliBERT pentaclass)."""

    format: str
    path: str
    n: int
    accuracy: float
    report: ClassReport
    confusion: dict[str, dict[str, int]]
    training_fit: bool
    """True when the file is the data the shipped model was trained on."""
    cv_key: str
    cv_accuracy: float | None
    """The honest figure: k-fold CV accuracy recorded in the model meta (None when absent)."""
    cv_source: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        return self.report.macro_f1()

    def headline(self) -> dict[str, float | None]:
        return {"accuracy": self.accuracy, "macro_f1": self.macro_f1, self.cv_key: self.cv_accuracy}

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "path": self.path,
            "n": self.n,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "training_fit": self.training_fit,
            self.cv_key: self.cv_accuracy,
            "cv_source": self.cv_source,
            "report": self.report.to_dict(),
            "confusion": self.confusion,
            "seconds": self.seconds,
            "notes": self.notes,
        }


def _fit_notes(fit: bool, cv_key: str, cv: float | None, source: str) -> list[str]:
    honest = (
        f"the honest figure is the {cv_key.replace('_', ' ')} recorded in {source}: {cv:.3f}"
        if cv is not None
        else f"no {cv_key} is recorded in the model meta"
    )
    if fit:
        return [
            "TRAINING FIT: the shipped model was trained on all of this file, so this accuracy "
            f"measures how well it fits its training data, not how well it generalises; {honest}."
        ]
    return [f"For comparison, {honest}."]


#: PLOVER roots the PLV gold folds into YIELD.
YIELD_PARTS = {"CONCEDE", "RETREAT"}


def plv_root(root: str) -> str:
    """A PLOVER root on PLV's scale (CONCEDE and RETREAT read as YIELD)."""
    root = (root or "").strip().upper()
    return "YIELD" if root in YIELD_PARTS else root


def evaluate_plv(
    path: Path, *, classify: Callable[[str, str, str], str] | None = None
) -> ClassificationResult:
    """Accuracy and per-root P/R/F1 of ``classify_pair(sentence, source, target).root`` against the
    PLV ``gold_root`` (``classify`` replaces the classifier in tests)."""
    started = time.perf_counter()
    records = list(read_plv(path))  # a malformed file fails before the model loads
    if classify is None:
        classify_pair = _contract("newsevents.events.pair_transformer", "classify_pair")

        def classify(sentence: str, source: str, target: str) -> str:
            # PLV has placeholder actors ("a recipient") that are not in the sentence: those
            # sides count as not mentioned (the classifier's empty-string convention)
            source = source if source in sentence else ""
            target = target if target in sentence else ""
            return str(classify_pair(sentence, source, target).root)

    gold: list[str] = []
    pred: list[str] = []
    for r in records:
        gold.append(plv_root(r.gold_root))
        pred.append(plv_root(classify(r.sentence, r.source, r.target)))
    return _classification_result("plv", path, gold, pred, started)


PENTA_NAMES = {
    0: "0 statement",
    1: "1 verbal coop",
    2: "2 material coop",
    3: "3 verbal conflict",
    4: "4 material conflict",
}


def penta_name(label: int | str) -> str:
    """``3`` -> ``"3 verbal conflict"`` (unknown labels as their text)."""
    try:
        return PENTA_NAMES.get(int(label), str(label))
    except (TypeError, ValueError):
        return str(label)


def evaluate_penta(
    path: Path, *, predict: Callable[[str], int | str] | None = None
) -> ClassificationResult:
    """Accuracy and per-class P/R/F1 of ``PentaClassifier.load().predict(sentence)`` against the
    gold pentaclass (``predict`` replaces the classifier in tests)."""
    started = time.perf_counter()
    records = list(read_penta(path))  # a malformed file fails before the model loads
    if predict is None:
        model = _contract("newsevents.events.classifier", "PentaClassifier").load()

        def predict(sentence: str) -> int | str:
            label, _confidence, _scores = model.predict(sentence)
            return label if isinstance(label, int | str) else str(label)

    gold: list[str] = []
    pred: list[str] = []
    for r in records:
        gold.append(penta_name(r.label))
        pred.append(penta_name(predict(r.sentence)))
    return _classification_result("penta", path, gold, pred, started)


def _classification_result(
    kind: Literal["plv", "penta"], path: Path, gold: list[str], pred: list[str], started: float
) -> ClassificationResult:
    """Scores of a classifier run, with the recorded cross-validated figure beside them."""
    key = f"{kind}_cv_accuracy"
    cv, source = model_meta(key)
    fit = training_fit(path, kind)
    return ClassificationResult(
        format=kind,
        path=str(path),
        n=len(gold),
        accuracy=accuracy(gold, pred),
        report=classification_report(gold, pred),
        confusion=confusion(gold, pred),
        training_fit=fit,
        cv_key=key,
        cv_accuracy=cv,
        cv_source=source,
        seconds=time.perf_counter() - started,
        notes=_fit_notes(fit, key, cv, source),
    )
