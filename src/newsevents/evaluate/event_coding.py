"""PETRARCH event coding scored on the PETRARCH-2 GigaWord GSR and the PETRARCH functional
suites: the coder's events against the gold (source, target, CAMEO) codings of each record.

Matching rules (docs/evaluation.md says the same): every event becomes (source, target, root)
triples, one per source x target pair (``---`` stands for a missing actor or a missing country).
Actor codes are compared at the country/IGO level - the first three letters of the CAMEO actor
code - and, in the *strict* variant, in full (our ``Actor.cameo_code``, country + first sector).
The root is the first two digits of the CAMEO event code. Per sentence the gold and coded triples
are compared as sets; true/false positives and false negatives are summed over the file (micro
P/R/F1). A record *passes* when its coded triple set equals its gold set under the same rule.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .metrics import PRF, ClassReport
from .metrics import set_report as _set_report
from .readers import Coding, PetrarchRecord, read_petrarch, read_petrarch_environment

if TYPE_CHECKING:
    from ..models import Actor, Event

NO_ACTOR = "---"
"""PETRARCH's code for an actor (or a country) that is not known."""

Triple = tuple[str, str, str]


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

    Four coding conventions differ from PETRARCH's gold and are mapped back here, not hidden:
    PLOVER codes a promised action as AGREE/THREATEN where CAMEO gold codes the action itself, so
    the pre-PLOVER code (``extra['cameo_asserted_code']``) is compared; negated or denied
    events, which PETRARCH does not code at all, are left out; and a symmetric record (talks or
    an agreement with every party among its sources, ``extra['symmetric']``) is PETRARCH's pair
    of codings A -> B and B -> A for each two parties; and talks held with someone (CAMEO 046
    told by *talks* or *negotiate*), one directed record by GUIDELINES (the initiator as source),
    are CAMEO's negotiation both ways, as PETRARCH codes them.
    """
    if ev.modality in ("negated", "denied"):
        return []
    code = str(ev.extra.get("cameo_asserted_code") or ev.cameo_code)
    if ev.extra.get("symmetric") and len(ev.sources) > 1 and not ev.targets:
        return [
            (actor_code(s), actor_code(t), code)
            for s in ev.sources
            for t in ev.sources
            if s is not t
        ]
    sources: list[Actor | None] = list(ev.sources) or [None]
    targets: list[Actor | None] = list(ev.targets) or [None]
    out = [(actor_code(s), actor_code(t), code) for s in sources for t in targets]
    if code.startswith(NEGOTIATION_CODE) and ev.sources and ev.targets and _told_as_talks(ev):
        # 'Petraeus held talks with President Suleiman': CAMEO codes negotiations both ways
        out += [(actor_code(t), actor_code(s), code) for s in ev.sources for t in ev.targets]
    return out


#: CAMEO's 'engage in negotiation'; PETRARCH codes talks held with someone as this code both
#: ways, as the pattern coder does (``events.coder.SYMMETRIC_CODES``).
NEGOTIATION_CODE = "046"


def _told_as_talks(ev: Event) -> bool:
    """True when a mention of the event says talks or negotiations ('held talks with',
    'negotiated with'), not a visit or a meeting, which CAMEO codes one way."""
    words = [ev.evidence.trigger, *(str(m.get("trigger", "")) for m in _mentions(ev))]
    return any(w.lower().startswith(("talk", "negotiat")) for w in words)


def _mentions(ev: Event) -> list[dict[str, Any]]:
    found = ev.extra.get("mention_evidence")
    return [m for m in found if isinstance(m, dict)] if isinstance(found, list) else []


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


def _make_coder(dictionaries: Sequence[Path] | None, bundled: bool, learned: bool) -> CodeFn:
    from ..events.coder import CoderOptions
    from ..pipeline import process_coder

    # This process's coder, from the main job's holder (gold sets are English sentences, so the
    # article language rule does not apply; each record's own id is kept to match the gold).
    coder = process_coder(
        CoderOptions(
            actor_files=list(dictionaries or []), include_bundled_actors=bundled, learned=learned
        )
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
    learned: bool = True,
    code: CodeFn | None = None,
) -> PetrarchResult:
    """Code every record of a PETRARCH validation file and score it (see module doc for rules).

    ``dictionaries``: actor/agent files for the coder. By default the files the XML's
    ``<Environment>`` names are used when they lie beside it (the functional suites, whose actors
    are fictional), with the bundled actors off; otherwise the coder's bundled dictionaries.
    ``learned=False`` scores the PETRARCH-pattern coder alone (the learned coder's pattern
    signal) instead of the product coder. ``code`` replaces the coder (tests). Records the file
    marks ``evaluate="false"``, categories outside its ``<Include>``, error-handling records and
    records whose gold names new actors by their words are skipped and counted.
    """
    started = time.perf_counter()
    env = read_petrarch_environment(path)
    include = {c for c in env.include if c != "valid"}
    if dictionaries is None:
        dictionaries = petrarch_dictionaries(path)
    bundled = include_bundled_actors if include_bundled_actors is not None else not dictionaries
    records = list(read_petrarch(path))
    if code is None:
        code = _make_coder(dictionaries, bundled, learned)
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
