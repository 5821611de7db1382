"""Run the system on a gold file and score it: PETRARCH event coding, PLV pair roots, ConfliBERT
pentaclass, CoNLL NER. Each runner returns a result dataclass with ``to_dict()`` and ``headline()``.

Matching rules (docs/evaluation.md says the same):

* PETRARCH: every event becomes (source, target, root) triples, one per source x target pair
  (``---`` stands for a missing actor or a missing country). Actor codes are compared at the
  country/IGO level - the first three letters of the CAMEO actor code - and, in the *strict*
  variant, in full (our ``Actor.cameo_code``, country + first sector). The root is the first two
  digits of the CAMEO event code. Per sentence the gold and coded triples are compared as sets;
  true/false positives and false negatives are summed over the file (micro P/R/F1). A record
  *passes* when its coded triple set equals its gold set under the same rule.
* NER: exact span and type match (conlleval), after mapping both sides to PER/ORG/LOC (+ MISC for
  CoNLL-2003, NAT for re3d); the headline F1 is the micro average over PER, ORG and LOC.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .metrics import PRF, ClassReport, accuracy, classification_report, confusion, iob_spans
from .metrics import set_report as _set_report
from .readers import (
    Coding,
    PetrarchRecord,
    read_conll,
    read_penta,
    read_petrarch,
    read_petrarch_environment,
    read_plv,
)

if TYPE_CHECKING:
    from ..events.model import Actor, Event

NO_ACTOR = "---"
"""PETRARCH's code for an actor (or a country) that is not known."""

Triple = tuple[str, str, str]

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


# -------------------------------------------------------------------------------------- PETRARCH


def actor_code(actor: Actor | None) -> str:
    """Full CAMEO actor code of our actor (country + first sector; ``---`` for no country)."""
    if actor is None:
        return NO_ACTOR
    country = (actor.country or "").strip().upper() or NO_ACTOR
    return country + (actor.sectors[0].upper() if actor.sectors else "")


def country_level(code: str) -> str:
    """The country/IGO part of a CAMEO actor code: its first three letters (``---`` if none)."""
    code = code.strip().upper()
    return code[:3] if code else NO_ACTOR


def root_of(event_code: str) -> str:
    """CAMEO root: the first two digits of the event code (``"0841"`` -> ``"08"``)."""
    return event_code.strip()[:2]


def gold_triples(codings: Iterable[Coding], *, strict: bool = False) -> set[Triple]:
    """The gold (source, target, root) set of a record under the chosen actor rule."""
    norm = (lambda c: c.strip().upper() or NO_ACTOR) if strict else country_level
    return {(norm(s), norm(t), root_of(e)) for s, t, e in codings}


def event_triples(events: Iterable[Event], *, strict: bool = False) -> set[Triple]:
    """Our coded (source, target, root) set: one triple per source x target of each event."""
    out: set[Triple] = set()
    for ev in events:
        for sc, tc, code in event_codings(ev):
            if not strict:
                sc, tc = country_level(sc), country_level(tc)
            out.add((sc, tc, root_of(code)))
    return out


def event_codings(ev: Event) -> list[Coding]:
    """An event as PETRARCH-style codings: (source code, target code, CAMEO code) per source x
    target pair, ``---`` standing in for a missing side.

    Two coding conventions differ from PETRARCH's gold and are mapped back here, not hidden:
    PLOVER codes a promised action as AGREE/THREATEN where CAMEO gold codes the action itself, so
    the pre-PLOVER code (``extra['cameo_asserted_code']``) is compared; and negated or denied
    events, which PETRARCH does not code at all, are left out.
    """
    if ev.modality in ("negated", "denied"):
        return []
    code = str(ev.extra.get("cameo_asserted_code") or ev.cameo_code)
    sources: list[Actor | None] = list(ev.sources) or [None]
    targets: list[Actor | None] = list(ev.targets) or [None]
    return [(actor_code(s), actor_code(t), code) for s in sources for t in targets]


def _event_code_triples(pairs: Iterable[tuple[str, str, str]]) -> set[Triple]:
    return {(country_level(s), country_level(t), e.strip()) for s, t, e in pairs}


def _parse_date(value: str) -> dt.date | None:
    value = value.strip()
    if len(value) != 8 or not value.isdigit():
        return None
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


@dataclass(slots=True)
class RecordOutcome:
    """One evaluated record: gold and coded triples (country level) and whether it passed."""

    id: str
    category: str
    text: str
    gold: list[Triple]
    coded: list[Triple]
    passed: bool
    strict_passed: bool
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "text": self.text,
            "gold": [list(t) for t in self.gold],
            "coded": [list(t) for t in self.coded],
            "passed": self.passed,
            "strict_passed": self.strict_passed,
            "error": self.error,
        }


@dataclass(slots=True)
class PetrarchResult:
    """Scores of the coder on one PETRARCH validation file."""

    path: str
    dictionaries: list[str]
    bundled_actors: bool
    records_total: int
    records_evaluated: int
    skipped: dict[str, int]
    root: PRF
    """(source, target, root) with country-level actor codes: the headline."""
    root_by_class: ClassReport
    strict: PRF
    """(source, target, root) with full actor codes."""
    event_code: PRF
    """(source, target, full CAMEO event code) with country-level actor codes."""
    dyad: PRF
    """(source, target) pairs, country level, event code ignored: actor resolution alone."""
    no_event_total: int
    no_event_empty: int
    passed: int
    strict_passed: int
    dyad_passed: int
    by_category: dict[str, tuple[int, int]]
    """category -> (passed, evaluated)"""
    coder_errors: int
    bad_dates: list[str]
    first_error: str = ""
    """The first exception the coder raised (``Type: message``), if any."""
    outcomes: list[RecordOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def no_event_empty_rate(self) -> float:
        return self.no_event_empty / self.no_event_total if self.no_event_total else 0.0

    @property
    def pass_rate(self) -> float:
        return self.passed / self.records_evaluated if self.records_evaluated else 0.0

    @property
    def strict_pass_rate(self) -> float:
        return self.strict_passed / self.records_evaluated if self.records_evaluated else 0.0

    @property
    def dyad_pass_rate(self) -> float:
        return self.dyad_passed / self.records_evaluated if self.records_evaluated else 0.0

    def headline(self) -> dict[str, float]:
        return {
            "root_f1": self.root.f1,
            "root_precision": self.root.precision,
            "root_recall": self.root.recall,
            "strict_root_f1": self.strict.f1,
            "event_code_f1": self.event_code.f1,
            "dyad_f1": self.dyad.f1,
            "no_event_empty_rate": self.no_event_empty_rate,
            "pass_rate": self.pass_rate,
            "strict_pass_rate": self.strict_pass_rate,
            "dyad_pass_rate": self.dyad_pass_rate,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "petrarch",
            "path": self.path,
            "dictionaries": self.dictionaries,
            "bundled_actors": self.bundled_actors,
            "records_total": self.records_total,
            "records_evaluated": self.records_evaluated,
            "skipped": self.skipped,
            "matching": "actor codes compared at country/IGO level (first 3 letters); root = "
            "first two digits of the CAMEO code; strict = full actor codes",
            **self.headline(),
            "root": self.root.to_dict(),
            "root_by_class": self.root_by_class.to_dict(),
            "strict": self.strict.to_dict(),
            "event_code": self.event_code.to_dict(),
            "dyad": self.dyad.to_dict(),
            "no_event_total": self.no_event_total,
            "no_event_empty": self.no_event_empty,
            "passed": self.passed,
            "strict_passed": self.strict_passed,
            "dyad_passed": self.dyad_passed,
            "by_category": {
                k: {"passed": p, "evaluated": n, "pass_rate": p / n if n else 0.0}
                for k, (p, n) in sorted(self.by_category.items())
            },
            "coder_errors": self.coder_errors,
            "first_error": self.first_error,
            "bad_dates": self.bad_dates,
            "seconds": self.seconds,
            "records": [o.to_dict() for o in self.outcomes],
        }


CodeFn = Callable[[PetrarchRecord], "list[Event]"]


def petrarch_dictionaries(path: Path) -> list[Path] | None:
    """The actor and agent files a PETRARCH file's ``<Environment>`` names, when they all lie beside
    it (the functional suites); ``None`` otherwise (GigaWord names Phoenix files kept elsewhere)."""
    env = read_petrarch_environment(path)
    names = env.actor_files + env.agent_files
    if not names:
        return None
    files = [path.parent / n for n in names]
    return files if all(f.is_file() for f in files) else None


def _make_coder(dictionaries: Sequence[Path] | None, bundled: bool) -> CodeFn:
    from ..events.coder import Coder, CoderOptions

    coder = Coder(
        CoderOptions(actor_files=list(dictionaries or []), include_bundled_actors=bundled)
    )

    def code(record: PetrarchRecord) -> list[Event]:
        return coder.code_text(
            record.text, published=_parse_date(record.date), article_id=record.id
        )

    return code


def _skip_reason(record: PetrarchRecord, include: set[str]) -> str:
    if not record.evaluate:
        return 'evaluate="false" in the file'
    if include and record.category not in include:
        return "category not in the file's <Include>"
    if record.errors:
        return "error-handling test (<EventCoding error=...>)"
    if any(" " in c for s, t, _ in record.codings for c in (s, t)):
        return "gold names a new actor by its words (PETRARCH new_actor_length)"
    if not record.text:
        return "no text"
    return ""


def evaluate_petrarch(
    path: Path,
    *,
    dictionaries: Sequence[Path] | None = None,
    include_bundled_actors: bool | None = None,
    code: CodeFn | None = None,
) -> PetrarchResult:
    """Code every record of a PETRARCH validation file and score it (see module doc for rules).

    ``dictionaries``: actor/agent files for the coder. By default the files the XML's
    ``<Environment>`` names are used when they lie beside it (the functional suites, whose actors
    are fictional), with the bundled actors off; otherwise the coder's bundled dictionaries.
    ``code`` replaces the coder (tests). Records the file marks ``evaluate="false"``, categories
    outside its ``<Include>``, error-handling records and records whose gold names new actors by
    their words are skipped and counted.
    """
    started = time.perf_counter()
    env = read_petrarch_environment(path)
    include = {c for c in env.include if c != "valid"}
    if dictionaries is None:
        dictionaries = petrarch_dictionaries(path)
    bundled = include_bundled_actors if include_bundled_actors is not None else not dictionaries
    records = list(read_petrarch(path))
    if code is None:
        code = _make_coder(dictionaries, bundled)
    skipped: Counter[str] = Counter()
    root_pairs: list[tuple[set[Triple], set[Triple]]] = []
    strict_pairs: list[tuple[set[Triple], set[Triple]]] = []
    code_pairs: list[tuple[set[Triple], set[Triple]]] = []
    dyad_pairs: list[tuple[set[tuple[str, str]], set[tuple[str, str]]]] = []
    outcomes: list[RecordOutcome] = []
    by_category: dict[str, list[int]] = {}
    no_event_total = no_event_empty = passed = strict_passed = dyad_passed = errors = 0
    bad_dates: list[str] = []
    for record in records:
        reason = _skip_reason(record, include)
        if reason:
            skipped[reason] += 1
            continue
        if _parse_date(record.date) is None:
            bad_dates.append(f"{record.id}: {record.date!r}")
        error = ""
        try:
            events = code(record)
        except Exception as exc:  # one bad record must not stop the evaluation
            events, error = [], f"{type(exc).__name__}: {exc}"
            errors += 1
        gold = gold_triples(record.codings)
        coded = event_triples(events)
        gold_s = gold_triples(record.codings, strict=True)
        coded_s = event_triples(events, strict=True)
        root_pairs.append((gold, coded))
        strict_pairs.append((gold_s, coded_s))
        code_pairs.append(
            (
                _event_code_triples(record.codings),
                _event_code_triples(c for ev in events for c in event_codings(ev)),
            )
        )
        dyads = ({(s, t) for s, t, _ in gold}, {(s, t) for s, t, _ in coded})
        dyad_pairs.append(dyads)
        ok, ok_s = gold == coded, gold_s == coded_s
        passed += ok
        strict_passed += ok_s
        dyad_passed += dyads[0] == dyads[1]
        cat = by_category.setdefault(record.category or "-", [0, 0])
        cat[0] += ok
        cat[1] += 1
        if record.no_event:
            no_event_total += 1
            no_event_empty += not events
        outcomes.append(
            RecordOutcome(
                id=record.id,
                category=record.category,
                text=record.text,
                gold=sorted(gold),
                coded=sorted(coded),
                passed=ok,
                strict_passed=ok_s,
                error=error,
            )
        )
    root, root_by_class = _set_report(root_pairs)
    strict, _ = _set_report(strict_pairs)
    event_code, _ = _set_report(code_pairs)
    dyad, _ = _set_report(dyad_pairs)
    return PetrarchResult(
        path=str(path),
        dictionaries=[str(p) for p in dictionaries or []],
        bundled_actors=bundled,
        records_total=len(records),
        records_evaluated=len(outcomes),
        skipped=dict(skipped),
        root=root,
        root_by_class=root_by_class,
        strict=strict,
        event_code=event_code,
        dyad=dyad,
        no_event_total=no_event_total,
        no_event_empty=no_event_empty,
        passed=passed,
        strict_passed=strict_passed,
        dyad_passed=dyad_passed,
        by_category={k: (v[0], v[1]) for k, v in by_category.items()},
        coder_errors=errors,
        bad_dates=bad_dates,
        first_error=next((o.error for o in outcomes if o.error), ""),
        outcomes=outcomes,
        seconds=time.perf_counter() - started,
    )


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
        classify_pair = _contract("newsevents.events.classifier", "classify_pair")

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


# ------------------------------------------------------------------------------------------- NER

NerScheme = Literal["conll2003", "re3d"]

#: spaCy (OntoNotes) labels -> the common classes, per gold scheme. Labels not listed are dropped.
SPACY_MAP: dict[str, dict[str, str]] = {
    "conll2003": {
        "PERSON": "PER",
        "ORG": "ORG",
        "GPE": "LOC",
        "LOC": "LOC",
        "FAC": "LOC",
        "NORP": "MISC",
        "EVENT": "MISC",
        "PRODUCT": "MISC",
        "LAW": "MISC",
        "WORK_OF_ART": "MISC",
        "LANGUAGE": "MISC",
    },
    "re3d": {
        "PERSON": "PER",
        "ORG": "ORG",
        "GPE": "LOC",
        "LOC": "LOC",
        "FAC": "LOC",
        "NORP": "NAT",
    },
}

#: Gold labels -> the common classes. re3d's other classes (Temporal, Money, Quantity, Weapon,
#: MilitaryPlatform, DocumentReference) have no counterpart we use and are dropped.
GOLD_MAP: dict[str, dict[str, str]] = {
    "conll2003": {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"},
    "re3d": {"Person": "PER", "Organisation": "ORG", "Location": "LOC", "Nationality": "NAT"},
}

#: The classes the headline F1 averages over (the ones actor resolution relies on).
HEADLINE_CLASSES = ("PER", "ORG", "LOC")


def detect_ner_scheme(tags: Iterable[str]) -> NerScheme:
    """``re3d`` for Person/Organisation/Location tags, ``conll2003`` for PER/ORG/LOC/MISC."""
    labels = {t.partition("-")[2] for t in tags if t != "O"}
    if labels & set(GOLD_MAP["re3d"]):
        return "re3d"
    if labels & set(GOLD_MAP["conll2003"]):
        return "conll2003"
    raise ValueError(
        f"unknown NER tag set {sorted(labels)[:8]}: expected CoNLL-2003 (PER/ORG/LOC/MISC) "
        "or re3d (Person/Organisation/Location/Nationality) labels"
    )


@dataclass(slots=True)
class NerResult:
    """Entity-level scores of the spaCy pipeline on a CoNLL file."""

    path: str
    scheme: str
    sentences: int
    tokens: int
    subset: str
    report: ClassReport
    seconds: float = 0.0

    @property
    def f1(self) -> float:
        return self.report.micro(HEADLINE_CLASSES).f1

    @property
    def precision(self) -> float:
        return self.report.micro(HEADLINE_CLASSES).precision

    @property
    def recall(self) -> float:
        return self.report.micro(HEADLINE_CLASSES).recall

    @property
    def f1_all_mapped(self) -> float:
        return self.report.micro().f1

    def headline(self) -> dict[str, float]:
        return {
            "f1": self.f1,
            "precision": self.precision,
            "recall": self.recall,
            "f1_all_mapped": self.f1_all_mapped,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "conll",
            "path": self.path,
            "scheme": self.scheme,
            "sentences": self.sentences,
            "tokens": self.tokens,
            "subset": self.subset,
            "headline_classes": list(HEADLINE_CLASSES),
            **self.headline(),
            "spacy_map": SPACY_MAP[self.scheme],
            "gold_map": GOLD_MAP[self.scheme],
            "report": self.report.to_dict(),
            "seconds": self.seconds,
        }


def _spacy_tagger() -> Callable[[list[list[str]]], list[list[tuple[int, int, str]]]]:
    from spacy.tokens import Doc

    from ..nlp import load_nlp

    # NER has its own tok2vec in this pipeline: switching the other components off changes nothing
    # in its output and makes the run several times faster.
    nlp = load_nlp(disable=("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"))

    def tag(batch: list[list[str]]) -> list[list[tuple[int, int, str]]]:
        docs = [Doc(nlp.vocab, words=words) for words in batch]
        return [
            [(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(docs, batch_size=256)
        ]

    return tag


def evaluate_ner(
    path: Path,
    *,
    scheme: NerScheme | Literal["auto"] = "auto",
    limit: int | None = None,
    tagger: Callable[[list[list[str]]], list[list[tuple[int, int, str]]]] | None = None,
) -> NerResult:
    """Entity P/R/F1 of the verified spaCy pipeline on the file's own tokens (exact span + class).

    ``limit`` takes the first N sentences (a fixed, deterministic subset). ``tagger`` maps token
    lists to spaCy-style ``(start, end, label)`` entities (tests).
    """
    started = time.perf_counter()
    sentences = list(read_conll(path))
    if limit is not None:
        sentences = sentences[:limit]
    if scheme == "auto":
        scheme = detect_ner_scheme(t for s in sentences for t in s.tags)
    if tagger is None:
        tagger = _spacy_tagger()
    predicted = tagger([s.tokens for s in sentences])
    spacy_map, gold_map = SPACY_MAP[scheme], GOLD_MAP[scheme]
    report = ClassReport()
    for label in sorted(set(gold_map.values())):
        report.count(label)
    for sent, ents in zip(sentences, predicted, strict=True):
        gold = {(a, b, gold_map[k]) for a, b, k in iob_spans(sent.tags) if k in gold_map}
        pred = {(a, b, spacy_map[k]) for a, b, k in ents if k in spacy_map}
        for span in gold | pred:
            c = report.count(span[2])
            if span in gold and span in pred:
                c.tp += 1
            elif span in pred:
                c.fp += 1
            else:
                c.fn += 1
    total = len(list(read_conll(path))) if limit is not None else len(sentences)
    subset = f"first {len(sentences)} of {total} sentences" if limit is not None else "all"
    return NerResult(
        path=str(path),
        scheme=scheme,
        sentences=len(sentences),
        tokens=sum(len(s.tokens) for s in sentences),
        subset=subset,
        report=report,
        seconds=time.perf_counter() - started,
    )


# ------------------------------------------------------------------------------------ geoparsing

#: A resolved place within this distance of the gold point is right (the customary 100 miles).
GEO_KM = 161.0


@dataclass(slots=True)
class GeoFigures:
    """Counts over gold toponyms that have coordinates."""

    gold: int = 0
    found: int = 0
    """Gold toponyms our places cover (span overlap); with gold spans: those the gazetteer knows."""
    within_161: int = 0
    country_known: int = 0
    """Found toponyms whose gold country is known (given, or from the gold point)."""
    country_right: int = 0

    @property
    def recall(self) -> float:
        """Share of gold toponyms found."""
        return self.found / self.gold if self.gold else 0.0

    @property
    def acc_161(self) -> float:
        """Share of found toponyms resolved within 161 km of the gold point."""
        return self.within_161 / self.found if self.found else 0.0

    @property
    def country_acc(self) -> float:
        """Share of found toponyms (gold country known) resolved to the right country."""
        return self.country_right / self.country_known if self.country_known else 0.0

    @property
    def acc_161_all(self) -> float:
        """Within 161 km over every gold toponym (a missed toponym counts as wrong)."""
        return self.within_161 / self.gold if self.gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Counts and rates."""
        return {
            "gold": self.gold,
            "found": self.found,
            "recall": round(self.recall, 4),
            "acc_161km": round(self.acc_161, 4),
            "country_acc": round(self.country_acc, 4),
            "acc_161km_over_all_gold": round(self.acc_161_all, 4),
            "within_161km": self.within_161,
            "country_known": self.country_known,
            "country_right": self.country_right,
        }


@dataclass(slots=True)
class GeoResult:
    """Geoparsing scores: end to end (spaCy NER spans) and given the gold toponym spans."""

    path: str
    fmt: str
    articles: int
    articles_total: int
    step: int
    ner: GeoFigures | None
    gold_spans: GeoFigures
    seconds: float
    ner_seconds: float = 0.0
    resolve_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def headline(self) -> dict[str, Any]:
        """The gated figures."""
        out: dict[str, Any] = {
            "gold_spans_acc_161km": round(self.gold_spans.acc_161, 4),
            "gold_spans_country_acc": round(self.gold_spans.country_acc, 4),
        }
        if self.ner is not None:
            out |= {
                "acc_161km": round(self.ner.acc_161, 4),
                "country_acc": round(self.ner.country_acc, 4),
                "recall": round(self.ner.recall, 4),
            }
        return out

    def to_dict(self) -> dict[str, Any]:
        """Every figure as JSON."""
        return {
            "path": self.path,
            "format": self.fmt,
            "articles": self.articles,
            "articles_total": self.articles_total,
            "step": self.step,
            "ner": self.ner.to_dict() if self.ner is not None else None,
            "gold_spans": self.gold_spans.to_dict(),
            "seconds": round(self.seconds, 2),
            "ner_seconds": round(self.ner_seconds, 2),
            "resolve_seconds": round(self.resolve_seconds, 2),
            "notes": self.notes,
        }


class _CountryOfPoint:
    """Gold country of a point: the country of the nearest gazetteer town within 50 km."""

    def __init__(self, gaz: Any) -> None:
        self.gaz = gaz
        self.grid: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
        for c in gaz.iter_cities():
            self.grid.setdefault((int(c.lat // 1), int(c.lon // 1)), []).append(
                (c.lat, c.lon, c.iso2)
            )

    def __call__(self, lat: float, lon: float) -> str | None:
        from ..geo.distance import haversine_km

        best: tuple[float, str] | None = None
        cy, cx = int(lat // 1), int(lon // 1)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for la, lo, iso2 in self.grid.get((cy + dy, cx + dx), ()):
                    d = haversine_km(lat, lon, la, lo)
                    if d <= 50 and (best is None or d < best[0]):
                        best = (d, iso2)
        if best is None:
            return None
        country = self.gaz.countries.get(best[1])
        return country.iso3 if country is not None else None


def _gold_country(t: Any, gaz: Any, of_point: _CountryOfPoint) -> str | None:
    from ..geo.names import name_key

    for name in (t.country, t.page.rsplit("/", 1)[-1].replace("_", " ") if t.page else None):
        if name:
            c = gaz.country_keys.get(name_key(name))
            if c is not None:
                return str(c.iso3)
    if t.lat is None or t.lon is None:
        return None
    return of_point(t.lat, t.lon)


def _score_places(
    figures: GeoFigures, gold: list[Any], places: list[Any], countries: list[str | None]
) -> None:
    from ..geo.distance import haversine_km

    for t, country in zip(gold, countries, strict=True):
        if t.lat is None or t.lon is None:
            continue
        figures.gold += 1
        best, overlap = None, 0
        for p in places:
            ov = min(t.end, p.end) - max(t.start, p.start)
            if ov > overlap:
                best, overlap = p, ov
        if best is None:
            continue
        figures.found += 1
        if haversine_km(t.lat, t.lon, best.lat, best.lon) <= GEO_KM:
            figures.within_161 += 1
        if country is not None:
            figures.country_known += 1
            figures.country_right += int(best.country == country)


def evaluate_geoparsing(
    path: Path,
    fmt: Literal["lgl", "geovirus"],
    *,
    step: int = 1,
    ner: bool = True,
) -> GeoResult:
    """Score the geoparser on LGL or GeoVirus: within-161-km and country accuracy over the gold
    toponyms our places cover (span overlap), recall of gold toponyms, both with spaCy's NER
    spans and given the gold spans. ``step`` > 1 keeps every step-th article (a deterministic
    subsample)."""
    from ..geo.api import _ner_pipeline, place_mentions
    from ..geo.gazetteer import load_gazetteer
    from ..geo.resolver import Mention, resolve_mentions
    from .readers import read_geovirus, read_lgl

    started = time.perf_counter()
    gaz = load_gazetteer()
    reader = read_lgl if fmt == "lgl" else read_geovirus
    all_articles = list(reader(path))
    articles = all_articles[:: max(1, step)]
    of_point = _CountryOfPoint(gaz)
    countries = [[_gold_country(t, gaz, of_point) for t in a.toponyms] for a in articles]
    notes = [
        "matching: a gold toponym is found when one of our places overlaps its span; "
        f"right when within {GEO_KM:.0f} km of the gold point"
    ]
    if fmt == "geovirus":
        notes.append(
            "GeoVirus gives no gold country: it is the country named by the toponym's Wikipedia "
            "page, else that of the nearest gazetteer town within 50 km of the gold point"
        )
    gold_fig = GeoFigures()
    resolve_secs = 0.0
    for art, cs in zip(articles, countries, strict=True):
        t0 = time.perf_counter()
        places = resolve_mentions(
            art.text, [Mention(t.start, t.end, "GOLD") for t in art.toponyms], gaz
        )
        resolve_secs += time.perf_counter() - t0
        _score_places(gold_fig, art.toponyms, places, cs)
    ner_fig: GeoFigures | None = None
    ner_secs = 0.0
    if ner:
        ner_fig = GeoFigures()
        nlp = _ner_pipeline()
        t0 = time.perf_counter()
        docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
        ner_secs = time.perf_counter() - t0
        for art, doc, cs in zip(articles, docs, countries, strict=True):
            t0 = time.perf_counter()
            places = resolve_mentions(art.text, place_mentions(doc, gaz=gaz, extended=True), gaz)
            resolve_secs += time.perf_counter() - t0
            _score_places(ner_fig, art.toponyms, places, cs)
    return GeoResult(
        str(path),
        fmt,
        len(articles),
        len(all_articles),
        max(1, step),
        ner_fig,
        gold_fig,
        time.perf_counter() - started,
        ner_secs,
        resolve_secs,
        notes,
    )
