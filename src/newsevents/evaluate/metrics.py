"""Classification and set-matching metrics: per-class P/R/F1, micro/macro averages, confusion.

All figures are plain floats in [0, 1]; a ratio with a zero denominator is 0.0 (so an empty class
never raises and never flatters an average).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0.0 when both are 0)."""
    return _ratio(2 * precision * recall, precision + recall)


@dataclass(slots=True)
class PRF:
    """True positives, false positives and false negatives of one class (or of a whole run)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)

    @property
    def support(self) -> int:
        """Gold items of this class (tp + fn)."""
        return self.tp + self.fn

    def add(self, other: PRF) -> None:
        """Accumulate another count into this one."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "support": self.support,
        }


@dataclass(slots=True)
class ClassReport:
    """Per-class counts plus micro and macro averages over a chosen set of classes."""

    per_class: dict[str, PRF] = field(default_factory=dict)

    def count(self, label: str) -> PRF:
        """The (created on demand) counter of one class."""
        if label not in self.per_class:
            self.per_class[label] = PRF()
        return self.per_class[label]

    def labels(self) -> list[str]:
        return sorted(self.per_class)

    def micro(self, labels: Iterable[str] | None = None) -> PRF:
        """Summed counts over ``labels`` (default: every class seen)."""
        total = PRF()
        for label in self.labels() if labels is None else labels:
            total.add(self.per_class.get(label, PRF()))
        return total

    def macro_f1(self, labels: Iterable[str] | None = None) -> float:
        """Unweighted mean F1 over ``labels`` (default: every class seen on either side)."""
        chosen = list(self.labels() if labels is None else labels)
        return _ratio(sum(self.per_class.get(lb, PRF()).f1 for lb in chosen), len(chosen))

    def macro_precision(self, labels: Iterable[str] | None = None) -> float:
        chosen = list(self.labels() if labels is None else labels)
        return _ratio(sum(self.per_class.get(lb, PRF()).precision for lb in chosen), len(chosen))

    def macro_recall(self, labels: Iterable[str] | None = None) -> float:
        chosen = list(self.labels() if labels is None else labels)
        return _ratio(sum(self.per_class.get(lb, PRF()).recall for lb in chosen), len(chosen))

    def to_dict(self) -> dict[str, Any]:
        micro = self.micro()
        return {
            "per_class": {lb: self.per_class[lb].to_dict() for lb in self.labels()},
            "micro": micro.to_dict(),
            "macro_precision": self.macro_precision(),
            "macro_recall": self.macro_recall(),
            "macro_f1": self.macro_f1(),
        }


def classification_report(gold: Sequence[str], pred: Sequence[str]) -> ClassReport:
    """Per-class P/R/F1 for single-label classification (one gold and one predicted label each)."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    report = ClassReport()
    for g, p in zip(gold, pred, strict=True):
        report.count(g)
        report.count(p)
        if g == p:
            report.count(g).tp += 1
        else:
            report.count(g).fn += 1
            report.count(p).fp += 1
    return report


def accuracy(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Share of items whose prediction equals the gold label."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    return _ratio(sum(g == p for g, p in zip(gold, pred, strict=True)), len(gold))


def confusion(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, int]]:
    """``matrix[gold][pred]`` counts over every label seen on either side (zeros included)."""
    labels = sorted(set(gold) | set(pred))
    counts = Counter(zip(gold, pred, strict=True))
    return {g: {p: counts.get((g, p), 0) for p in labels} for g in labels}


def set_prf(gold: Iterable[Hashable], pred: Iterable[Hashable]) -> PRF:
    """Counts for one item's gold and predicted sets (duplicates collapse)."""
    g, p = set(gold), set(pred)
    return PRF(tp=len(g & p), fp=len(p - g), fn=len(g - p))


def set_report(
    pairs: Iterable[tuple[Iterable[tuple[str, ...]], Iterable[tuple[str, ...]]]],
    *,
    class_of: int = -1,
) -> tuple[PRF, ClassReport]:
    """Set-based matching summed over items: ``(overall, per-class)`` for tuples such as
    (source, target, root); the class of a tuple is its element ``class_of`` (default: last).

    For each item (sentence) the gold and predicted tuples are compared as sets; the counts are
    summed over the file (micro-averaging over triples).
    """
    overall = PRF()
    report = ClassReport()
    for gold, pred in pairs:
        g, p = set(gold), set(pred)
        overall.add(set_prf(g, p))
        for t in g | p:
            c = report.count(t[class_of])
            if t in g and t in p:
                c.tp += 1
            elif t in p:
                c.fp += 1
            else:
                c.fn += 1
    return overall, report


# -------------------------------------------------------------------------------- NER spans


def iob_spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """Entity spans ``(start, end_exclusive, type)`` from IOB1, IOB2 or BIOES/BILOU tags.

    An ``I-`` tag after ``O`` or after another type starts a new entity (IOB1 and sloppy IOB2 read
    the same way, as conlleval does).
    """
    spans: set[tuple[int, int, str]] = set()
    start: int | None = None
    kind = ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if tag == "O" or not label:
            prefix, label = "O", ""
        begins = prefix in ("B", "S", "U") or (prefix in ("I", "E", "L") and label != kind)
        if start is not None and (prefix == "O" or begins):
            spans.add((start, i, kind))
            start, kind = None, ""
        if prefix != "O" and start is None:
            start, kind = i, label
        if prefix in ("E", "L", "S", "U") and start is not None:
            spans.add((start, i + 1, kind))
            start, kind = None, ""
    return spans
