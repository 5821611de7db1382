"""End-to-end event coding scored on news-feed items (the newsfeeds_dev format): each item's
``title + ".\\n\\n" + summary`` is coded and its event records are matched to the item's gold
events by the rules of GUIDELINES.md (the same as the set's own score.py).

Matching: a record matches an unused gold event of its item when its PLOVER type is the gold
type or an alternative, its source countries meet the gold's (or the gold has none), and its
target countries meet the gold's (or both are empty, or the gold's targets have no country, or
the gold's targets are optional and the record has none). Symmetric types (CONSULT, AGREE,
COOPERATE) also match when the record's parties hold two of the gold's (or its only one).
Required gold events count for recall; optional ones only absorb a matching record. Records the
coder marks negated, denied or conditional are out of the counts (kept in the store, not
reported as having happened).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..dates import parse_datetime
from ..models import Event

__all__ = [
    "NewsfeedsResult",
    "evaluate_newsfeeds",
    "is_newsfeeds",
    "matches",
    "prediction_of",
    "score_newsfeeds",
]

SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
#: Modalities that say the event did not (or not yet certainly) happen: out of the counts.
UNCOUNTED = frozenset({"negated", "denied", "conditional"})
#: Records at or above this confidence are checked for calibration (issue: >= 85 % right).
CONFIDENT = 0.7


def _countries(actors: Any) -> set[str]:
    return {a["country"] for a in actors or [] if isinstance(a, dict) and a.get("country")}


def matches(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    """True when a predicted record matches a gold event (GUIDELINES.md)."""
    if pred.get("plover_type") not in [gold["plover_type"], *(gold.get("alt_types") or [])]:
        return False
    gs, gt = _countries(gold.get("sources")), _countries(gold.get("targets"))
    ps, pt = _countries(pred.get("sources")), _countries(pred.get("targets"))
    if pred["plover_type"] in SYMMETRIC:
        parties = gs | gt
        if parties and len(parties & (ps | pt)) >= min(2, len(parties)):
            return True
    unknown_target = bool(gold.get("targets")) and not gt
    source_ok = not gs or bool(gs & ps)
    target_ok = (
        bool(gt & pt)
        or (not gt and not pt)
        or unknown_target
        or bool(gold.get("targets_optional") and not pt)
    )
    return source_ok and target_ok


@dataclass(slots=True)
class NewsfeedsResult:
    """Precision, recall and F1 over required gold events, per type, and calibration."""

    path: str
    items: int
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    by_type: dict[str, dict[str, int]]
    confident: int
    """Records with confidence >= :data:`CONFIDENT`."""
    confident_right: int
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def confident_precision(self) -> float | None:
        """Share of confident records that match a gold event (None when there are none)."""
        return self.confident_right / self.confident if self.confident else None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["confident_precision"] = self.confident_precision
        return data


def score_newsfeeds(
    gold: Mapping[str, Sequence[Mapping[str, Any]]],
    preds: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    path: str = "",
) -> NewsfeedsResult:
    """Score predicted records (``{item_id: [record]}``) against gold events."""
    tp = fp = fn = confident = confident_right = 0
    by_type: dict[str, Counter[str]] = {}
    misses: list[str] = []
    extras: list[str] = []
    for item_id, golds in sorted(gold.items()):
        used: set[int] = set()
        # a prediction takes a required gold event before an optional one
        order = sorted(range(len(golds)), key=lambda i: bool(golds[i].get("optional")))
        for pred in preds.get(item_id, []):
            hit = next((i for i in order if i not in used and matches(pred, golds[i])), None)
            sure = float(pred.get("confidence", 0.0)) >= CONFIDENT
            confident += sure
            if hit is None:
                fp += 1
                by_type.setdefault(str(pred.get("plover_type")), Counter())["fp"] += 1
                extras.append(
                    f"{item_id}: {pred.get('plover_type')} "
                    f"{sorted(_countries(pred.get('sources')))} -> "
                    f"{sorted(_countries(pred.get('targets')))}"
                )
                continue
            used.add(hit)
            confident_right += sure
            if not golds[hit].get("optional"):
                tp += 1
                by_type.setdefault(golds[hit]["plover_type"], Counter())["tp"] += 1
        for i, g in enumerate(golds):
            if i not in used and not g.get("optional"):
                fn += 1
                by_type.setdefault(g["plover_type"], Counter())["fn"] += 1
                misses.append(
                    f"{item_id}: {g['plover_type']} {sorted(_countries(g.get('sources')))} -> "
                    f"{sorted(_countries(g.get('targets')))} ({g.get('note', '')})"
                )
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return NewsfeedsResult(
        path=path,
        items=len(gold),
        tp=tp,
        fp=fp,
        fn=fn,
        precision=p,
        recall=r,
        f1=2 * p * r / max(p + r, 1e-9),
        by_type={t: dict(c) for t, c in sorted(by_type.items())},
        confident=confident,
        confident_right=confident_right,
        misses=misses,
        extras=extras,
    )


def prediction_of(ev: Event) -> dict[str, Any]:
    """An event as the scorer reads it: type, actors with their countries, confidence."""
    return {
        "plover_type": ev.plover_type,
        "sources": [{"country": a.country, "text": a.text} for a in ev.sources],
        "targets": [{"country": a.country, "text": a.text} for a in ev.targets],
        "confidence": ev.confidence,
        "modality": ev.modality,
    }


def is_newsfeeds(path: Path) -> bool:
    """True for a newsfeeds folder (``items.json`` and ``gold.json``) or its ``gold.json``."""
    folder = path if path.is_dir() else path.parent
    return (folder / "items.json").is_file() and (folder / "gold.json").is_file()


CodeFn = Callable[[str, str | None, str], list[Event]]


def _default_code() -> CodeFn:
    from ..pipeline import process_coder

    coder = process_coder()

    def code(text: str, published: str | None, item_id: str) -> list[Event]:
        day: date | None = None
        if published:
            try:
                value = parse_datetime(published)
            except ValueError:
                value = None
            day = value.date() if isinstance(value, datetime) else value
        return coder.code_text(text, published=day, article_id=item_id)

    return code


def evaluate_newsfeeds(
    path: Path,
    *,
    min_confidence: float = 0.0,
    code: CodeFn | None = None,
    predictions: Path | None = None,
) -> NewsfeedsResult:
    """Code every item of a newsfeeds folder and score its records (see the module doc).

    ``min_confidence`` drops records below it before scoring (the ``--min-confidence`` of the
    other commands); ``predictions`` also writes the scored records as ``{item_id: [record]}``
    JSON, the input of the set's own score.py; ``code`` replaces the coder (tests).
    """
    folder = path if path.is_dir() else path.parent
    items = json.loads((folder / "items.json").read_text("utf-8"))
    gold = json.loads((folder / "gold.json").read_text("utf-8"))
    if not isinstance(items, list) or not isinstance(gold, dict):
        raise ValueError(f"{folder}: items.json must be a list and gold.json an object")
    coder = code or _default_code()
    start = time.perf_counter()
    preds: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        item_id = str(item["item_id"])
        text = f"{item.get('title') or ''}.\n\n{item.get('summary') or ''}"
        events = coder(text, item.get("published"), item_id)
        preds[item_id] = [
            prediction_of(ev)
            for ev in events
            if ev.modality not in UNCOUNTED and ev.confidence >= min_confidence
        ]
    if predictions is not None:
        predictions.write_text(json.dumps(preds, ensure_ascii=False, indent=1) + "\n", "utf-8")
    result = score_newsfeeds({k: v for k, v in gold.items()}, preds, path=str(folder))
    result.seconds = time.perf_counter() - start
    return result
