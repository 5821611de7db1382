"""Article-level records -> :class:`Event` objects: CAMEO code, actors, place, date, mode,
evidence of every mention and a ``why`` that says how each part was decided."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..models import Actor, Event, Evidence
from .cameo import intended_code, lookup
from .lexicon import Lexicon
from .locate import locate_mentions
from .modality import attribution_of, modality_of, phrase_of, requested
from .records import PAIR_NOTE, Party, Record
from .where_when import ArticlePlaces, event_date

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .detect import Detection

__all__ = ["EventContext", "record_event", "record_mode"]

#: A generic CAMEO code for each PLOVER type, used when no pattern gives a specific one.
GENERIC_CODE = {
    "AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "CONCEDE": "080", "COOPERATE": "060",
    "AID": "070", "RETREAT": "084", "REQUEST": "020", "ACCUSE": "112", "REJECT": "120",
    "THREATEN": "130", "PROTEST": "140", "SANCTION": "160", "MOBILIZE": "150", "COERCE": "170",
    "ASSAULT": "190",
}  # fmt: skip
#: Modes of the pattern rules that override the learned mode: the event is said not to happen,
#: or only on a condition (kept, out of counts).
_RULE_MODES = frozenset({"negated", "denied", "conditional"})


@dataclass(slots=True)
class EventContext:
    """The article-level state the events of one parsed chunk need."""

    article_id: str
    published: date | None
    offset: int
    """Offset of the parsed chunk in the article text."""
    where: ArticlePlaces
    times: Sequence[Any]
    lexicon: Lexicon
    rule_events: dict[int, list[Event]] = field(default_factory=dict)
    """The pattern coder's events by trigger token: their CAMEO codes (with PLOVER's intended
    conversions) are used when the learned type agrees."""
    headline_end: int = 0
    """Where the chunk's headline ends (0: none)."""
    original: str = ""
    """The chunk's text as written: evidence and actor words are quoted from it, not from the
    parse's re-cased headline (same length, same offsets)."""


def _cameo(trigger: Token, plover_type: str, lexicon: Lexicon) -> tuple[str, str]:
    """A CAMEO code of the record's type: the pattern lexicon's when it agrees, else generic."""
    match = None
    if trigger.pos_ == "VERB":
        match = lexicon.match_verb(trigger)
    elif trigger.pos_ in ("NOUN", "PROPN"):
        match = lexicon.match_noun(trigger)
    if match is not None and match.code:
        entry = lookup(match.code)
        if entry is not None and entry.plover_type == plover_type:
            return entry.code, f"CAMEO {entry.code} from {match.why}"
    code = GENERIC_CODE[plover_type]
    return code, f"generic CAMEO {code} for {plover_type}"


def _trigger_why(rec: Record, best: Detection) -> str:
    """What typed the record's likeliest mention: the trigger model, a rule that read its type
    otherwise ('learned model says AGREE (p=0.91), read as THREATEN: harm promised'), or, where
    the trigger model found no such event at that word, the pattern coder's candidate."""
    ptype = rec.plover_type
    trig = best.trigger.text
    learned = [
        d
        for d in rec.detections
        if d.origin == "learned" and d.trigger.i == best.trigger.i and d.plover_type == ptype
    ]
    if not learned:
        return f"trigger '{trig}': the pattern coder says {ptype} (p={best.p_type:.2f})"
    det = max(learned, key=lambda d: d.confidence)
    if det.model_type:
        return (
            f"trigger '{trig}': learned model says {det.model_type} (p={det.p_type:.2f}), "
            f"read as {ptype}: {det.rule}"
        )
    return f"trigger '{trig}': learned model says {ptype} (p={det.p_type:.2f})"


def _party_why(p: Party) -> str:
    """A party in the event's why: its words, or why it has none (an implied source)."""
    name = f"'{p.mention.actor.text}'" if p.mention.actor.text else p.why
    if PAIR_NOTE in p.why:  # 'the two leaders' resolved to the parties named before
        return f"{name} ({p.country or 'no country'}; {p.why.split('; ')[0]})"
    return f"{name} ({p.country or 'no country'})"


def _actor(p: Party, offset: int, original: str) -> Actor:
    a = p.mention.actor
    sectors = list(a.sectors)
    why = a.why
    if a.kind == "country" and not sectors:
        sectors = ["GOV"]
        why = (why + "; " if why else "") + "a country named as actor stands for its government"
    actor_id = a.actor_id
    if p.country != a.country:
        actor_id = f"{p.country or ''}{''.join(sectors[:1])}" or a.actor_id
        why = (why + "; " if why else "") + p.why
    text = a.text
    if original and a.start is not None and a.end is not None:
        text = original[a.start : a.end]
    return Actor(
        text=text,
        name=a.name,
        actor_id=actor_id,
        country=p.country,
        sectors=sectors,
        kind=a.kind,
        start=None if a.start is None else offset + a.start,
        end=None if a.end is None else offset + a.end,
        why=why,
    )


def _evidence(det: Detection, offset: int, original: str) -> Evidence:
    trig = det.trigger
    sent = trig.sent
    text = original[sent.start_char : sent.end_char] if original else sent.text
    lead = len(text) - len(text.lstrip())
    return Evidence(
        sentence=text.strip(),
        start=offset + sent.start_char + lead,
        end=offset + sent.start_char + len(text.rstrip()),
        trigger=original[trig.idx : trig.idx + len(trig.text)] if original else trig.text,
        trigger_start=offset + trig.idx,
        trigger_end=offset + trig.idx + len(trig.text),
    )


def _mode(det: Detection, plover_type: str) -> tuple[str, str]:
    """Event modality: negation and conditions from the parse, else the learned mode. A negated
    REJECT is the refusal itself ('will not send troops'): it happened. A RETREAT that someone
    asks for (:func:`~newsevents.events.modality.requested`) is conditional."""
    rule_mode, rule_why = modality_of(det.trigger)
    if rule_mode in _RULE_MODES and not (plover_type == "REJECT" and rule_mode == "negated"):
        return rule_mode, rule_why
    if plover_type == "RETREAT":
        # 'demanding the resignation of President Chun', 'Calls grow for Starmer to resign': the
        # request is the event; the resignation or release asked for has not happened
        asker = requested(det.trigger)
        if asker is not None:
            return "conditional", f"asked for, not done: under '{asker.text}'"
    if det.modality == "asserted":
        return "asserted", f"mode asserted (p={det.p_mode:.2f})"
    # promised and threatened actions are PLOVER's intended mode (AGREE / THREATEN carry them)
    return "intended", f"mode {det.modality} (p={det.p_mode:.2f})"


def record_mode(rec: Record) -> tuple[str, str]:
    """(modality, reason) of a record: that of its most confident mention."""
    best = max(rec.detections, key=lambda d: d.confidence)
    return _mode(best, rec.plover_type)


def record_event(rec: Record, ctx: EventContext) -> Event | None:
    """The :class:`Event` for one record (None when its CAMEO code is unknown)."""
    best = max(rec.detections, key=lambda d: d.confidence)
    trig = best.trigger
    code, code_why = _cameo(trig, rec.plover_type, ctx.lexicon)
    asserted_code: str | None = None
    # the pattern coder's code that most of the record's trigger words support, when its PLOVER
    # type is the record's (ties: a mention of the body before the headline, whose words are
    # compressed, then the most confident)
    votes: dict[str, list[Any]] = {}
    order = sorted(rec.mentions(), key=lambda d: (d.trigger.idx < ctx.headline_end, -d.confidence))
    for det in order:
        for e in ctx.rule_events.get(det.trigger.i, ()):
            if e.plover_type == rec.plover_type:
                votes.setdefault(e.cameo_code, []).append(e)
                break
    if votes:
        chosen = max(votes.values(), key=len)[0]  # dicts keep insertion (confidence) order
        code = chosen.cameo_code
        asserted_code = chosen.extra.get("cameo_asserted_code")
        code_why = f"CAMEO {code} from the pattern coder ({chosen.why.split('; ')[0]})"
    modality, mode_why = record_mode(rec)
    if rec.plover_type == "CONCEDE" and modality == "intended" and not votes:
        # 'Israel will free 198 prisoners': a promise to yield, CAMEO's intent to yield (035x)
        promised = intended_code(code)
        if promised is not None:
            # the action promised stays beside it, as for the pattern coder's promises
            asserted_code = code
            code, code_why = promised, f"{code_why}; promised: CAMEO {promised}, intent to yield"
    entry = lookup(code)
    if entry is None:
        return None
    sources = [_actor(p, ctx.offset, ctx.original) for p in rec.sources]
    targets = [_actor(p, ctx.offset, ctx.original) for p in rec.targets]
    others = [d.trigger for d in rec.mentions() if d.trigger.i != trig.i]
    placement = locate_mentions(
        [trig, *others],
        ctx.where,
        offset=ctx.offset,
        targets=targets,
        sources=sources,
        plover_type=rec.plover_type,
    )
    when, precision, date_why = event_date(trig, trig.sent, ctx.published, ctx.times)
    speaker = attribution_of(trig)
    src_why = ", ".join(_party_why(p) for p in rec.sources)
    tgt_why = ", ".join(_party_why(p) for p in rec.targets) or "none"
    why = [
        _trigger_why(rec, best),
        code_why,
        f"source: {src_why}",
        f"target: {tgt_why}",
        mode_why,
        f"{len(rec.mentions())} mention(s) in the article",
        date_why,
        placement.why,
    ]
    evidence = [_evidence(d, ctx.offset, ctx.original) for d in rec.mentions()]
    extra: dict[str, Any] = {"cameo_asserted_code": asserted_code} if asserted_code else {}
    extra |= {
        "coder": "learned",
        "location_rule": placement.rule,
        "mention_evidence": [
            {
                "sentence": e.sentence,
                "start": e.start,
                "end": e.end,
                "trigger": e.trigger,
                "trigger_start": e.trigger_start,
                "trigger_end": e.trigger_end,
            }
            for e in evidence
        ],
    }
    if rec.plover_type in ("CONSULT", "AGREE", "COOPERATE") and not targets and len(sources) > 1:
        extra["symmetric"] = True
    return Event(
        article_id=ctx.article_id,
        plover_type=rec.plover_type,
        plover_mode=entry.plover_mode or None,
        cameo_code=entry.code,
        quad_class=entry.quad_class,
        goldstein=entry.goldstein,
        sources=sources,
        targets=targets,
        date=when,
        date_precision=precision,  # type: ignore[arg-type]
        location=placement.location,
        modality=modality,  # type: ignore[arg-type]
        attribution=None if speaker is None else phrase_of(speaker),
        confidence=round(min(max(rec.confidence, 0.01), 0.99), 3),
        evidence=_evidence(best, ctx.offset, ctx.original),
        why="; ".join(w for w in why if w),
        mentions=len(evidence),
        extra=extra,
    )
