"""TimeML reader and the TIMEX3 DATE evaluation of :func:`newsevents.time.resolve_dates`.

:func:`read_timeml` turns one ``.tml`` file into the plain text of its ``<TEXT>`` element (tags
stripped, nothing else changed) with the character spans of its TIMEX3 tags, and the document
creation time (the TIMEX3 with ``functionInDocument="CREATION_TIME"``).

:func:`evaluate_timeml` runs the resolver on each document's plain text, anchored at the DCT's
date, and scores it against the gold TIMEX3 tags inside ``<TEXT>``:

* **value accuracy** — over every gold ``type="DATE"`` TIMEX3: take our expression (any type)
  overlapping its span by the most characters (ties: the first); correct iff our value equals the
  gold value after :func:`normalize_value` (upper case; ISO week numbers zero-padded, so
  ``2000-W7`` = ``2000-W07``). A gold DATE with no overlapping expression counts as wrong.
* **span P/R/F1 (DATE)** — overlap-based: precision = our ``type="DATE"`` expressions that
  overlap at least one gold DATE TIMEX3 / all our DATE expressions; recall = gold DATE TIMEX3s
  overlapped by at least one of our DATE expressions / all gold DATEs.
* **span P/R/F1 (all types)** — the same with every expression of ours against every gold TIMEX3
  (DATE, TIME, DURATION, SET).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from .calendar import anchor_date
from .resolve import TimeExpr, resolve_dates, resolve_in_doc


@dataclass(slots=True)
class Timex:
    """One gold TIMEX3: ``text == document.text[start:end]``."""

    tid: str
    type: str
    value: str
    start: int
    end: int
    text: str
    mod: str | None = None


@dataclass(slots=True)
class TimeMLDocument:
    doc_id: str
    path: Path
    text: str
    dct: date | None
    dct_value: str
    timexes: list[Timex] = field(default_factory=list)


def _walk(el: ET.Element, parts: list[str], pos: int, out: list[Timex]) -> int:
    if el.text:
        parts.append(el.text)
        pos += len(el.text)
    for child in el:
        start = pos
        pos = _walk(child, parts, pos, out)
        if child.tag == "TIMEX3":
            text = "".join(parts)[start:pos]
            out.append(
                Timex(
                    child.get("tid", ""),
                    child.get("type", ""),
                    child.get("value", ""),
                    start,
                    pos,
                    text,
                    child.get("mod"),
                )
            )
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    return pos


def read_timeml(path: str | Path) -> TimeMLDocument:
    """Parse one TimeML file (TBAQ-cleaned / TempEval-3 layout)."""
    path = Path(path)
    root = ET.parse(path).getroot()
    dct_value = ""
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            dct_value = t.get("value", "")
            break
    doc_id_el = root.find("DOCID")
    doc_id = (doc_id_el.text or "").strip() if doc_id_el is not None else path.stem
    text_el = root.find("TEXT")
    parts: list[str] = []
    timexes: list[Timex] = []
    if text_el is not None:
        _walk(text_el, parts, 0, timexes)
    return TimeMLDocument(doc_id, path, "".join(parts), anchor_date(dct_value), dct_value, timexes)


def iter_timeml(folder: str | Path) -> Iterator[TimeMLDocument]:
    """Every ``*.tml`` file under ``folder`` (recursively, sorted by path); a file is read alone."""
    root = Path(folder)
    paths = [root] if root.is_file() else sorted(root.rglob("*.tml"))
    for path in paths:
        yield read_timeml(path)


_WEEK = re.compile(r"-W(\d)(?!\d)")
_DECADE_X = re.compile(r"^(\d{2,3})X+$")


def normalize_value(value: str | None) -> str:
    """Comparison form of a TIMEX3 value: stripped, upper case, week numbers zero-padded, and
    decades/centuries in TimeML's form: TIDES writes the 1980s as ``198X`` and the 20th century
    as ``19XX``, TimeML 1.2 as ``198`` and ``19`` (the same value, two notations)."""
    if value is None:
        return ""
    v = _WEEK.sub(r"-W0\1", value.strip().upper())
    return _DECADE_X.sub(r"\1", v)


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return min(a1, b1) - max(a0, b0)


def _prf(pred_hit: int, pred: int, gold_hit: int, gold: int) -> dict[str, float | int]:
    p = pred_hit / pred if pred else 0.0
    r = gold_hit / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "predicted": pred,
        "predicted_matched": pred_hit,
        "gold": gold,
        "gold_matched": gold_hit,
    }


@dataclass(slots=True)
class _Tally:
    gold: int = 0
    correct: int = 0
    found: int = 0


def evaluate_timeml(
    folder: str | Path, *, use_nlp: bool = False, details: bool = False
) -> dict[str, Any]:
    """Score DATE value accuracy and span P/R/F1 on every TimeML file under ``folder``.

    ``use_nlp`` parses each text with the verified spaCy pipeline and calls
    :func:`resolve_in_doc` (tense and disambiguation from the parse); the default is the regex
    path, :func:`resolve_dates`. ``details`` adds an ``errors`` list (one entry per gold DATE not
    resolved correctly). See the module docstring for exact definitions.
    """
    docs = list(iter_timeml(folder))
    predictions: list[list[TimeExpr]]
    if use_nlp:
        from ..nlp import load_nlp

        nlp = load_nlp()
        parsed = nlp.pipe([d.text for d in docs], batch_size=16)
        predictions = [resolve_in_doc(doc, d.dct) for doc, d in zip(parsed, docs, strict=True)]
    else:
        predictions = [resolve_dates(d.text, d.dct) for d in docs]

    total = _Tally()
    by_corpus: dict[str, _Tally] = {}
    date_pred = date_pred_hit = date_gold = date_gold_hit = 0
    all_pred = all_pred_hit = all_gold = all_gold_hit = 0
    errors: list[dict[str, Any]] = []
    for doc, preds in zip(docs, predictions, strict=True):
        corpus = doc.path.parent.name
        tally = by_corpus.setdefault(corpus, _Tally())
        gold_dates = [t for t in doc.timexes if t.type == "DATE"]
        our_dates = [e for e in preds if e.type == "DATE"]
        for t in gold_dates:
            best: TimeExpr | None = None
            best_ov = 0
            for e in preds:
                ov = _overlap(e.start, e.end, t.start, t.end)
                if ov > best_ov:
                    best, best_ov = e, ov
            ok = best is not None and normalize_value(best.value) == normalize_value(t.value)
            for tl in (total, tally):
                tl.gold += 1
                tl.found += best is not None
                tl.correct += ok
            if details and not ok:
                errors.append(
                    {
                        "doc": doc.doc_id,
                        "dct": doc.dct_value,
                        "gold_text": t.text,
                        "gold_value": t.value,
                        "our_text": best.text if best else None,
                        "our_value": best.value if best else None,
                        "context": doc.text[max(0, t.start - 60) : t.end + 60].replace("\n", " "),
                    }
                )
        date_gold += len(gold_dates)
        date_gold_hit += sum(
            any(_overlap(e.start, e.end, t.start, t.end) > 0 for e in our_dates) for t in gold_dates
        )
        date_pred += len(our_dates)
        date_pred_hit += sum(
            any(_overlap(e.start, e.end, t.start, t.end) > 0 for t in gold_dates) for e in our_dates
        )
        all_gold += len(doc.timexes)
        all_gold_hit += sum(
            any(_overlap(e.start, e.end, t.start, t.end) > 0 for e in preds) for t in doc.timexes
        )
        all_pred += len(preds)
        all_pred_hit += sum(
            any(_overlap(e.start, e.end, t.start, t.end) > 0 for t in doc.timexes) for e in preds
        )

    def acc(t: _Tally) -> dict[str, Any]:
        return {
            "gold_dates": t.gold,
            "correct": t.correct,
            "found": t.found,
            "value_accuracy": round(t.correct / t.gold, 4) if t.gold else 0.0,
        }

    result: dict[str, Any] = {
        "folder": str(folder),
        "mode": "spacy" if use_nlp else "regex",
        "documents": len(docs),
        **acc(total),
        "value_accuracy_when_found": round(total.correct / total.found, 4) if total.found else 0.0,
        "span_date": _prf(date_pred_hit, date_pred, date_gold_hit, date_gold),
        "span_all_types": _prf(all_pred_hit, all_pred, all_gold_hit, all_gold),
        "by_corpus": {name: acc(t) for name, t in sorted(by_corpus.items())},
    }
    if details:
        result["errors"] = errors
    return result
