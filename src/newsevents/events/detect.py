"""The learned event detector: which tokens report an event of which PLOVER type and mode, and
which actor mentions are its sources and targets.

Three linear models over hashed features (:mod:`newsevents.events.features`), trained on
span-level labels by scripts/train_coder.py and shipped in ``data/models``:

* ``coder_trigger``: a token's PLOVER type, or NONE;
* ``coder_args``: an actor mention's role for a trigger (SOURCE, TARGET or NONE);
* ``coder_mode``: the trigger's mode (asserted, intended, threatened).

Events told by set phrases the models have seen too seldom (drills, strikes, arrests, releases)
are typed by :mod:`newsevents.events.set_phrases`. Each weight file is checked against the
sha256 recorded beside it; the thresholds that turn probabilities into events were chosen on
cross-validated training predictions and are stored in the trigger model's metadata.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..actors.build import is_place
from ..errors import ErrorCode, NewsEventsError
from .classifier import LinearModel, _model_dir, hash_features
from .features import (
    FEATURE_VERSION,
    DocContext,
    Lexicons,
    arg_features,
    is_candidate,
    lexicon_types,
    modality_features,
    trigger_features,
)
from .modality import SPEECH, refused, requested, threatened_if, vowed_harm
from .reciprocal import reciprocal_sides, traded_act
from .set_phrases import (
    BUILDUP_NOUNS,
    DRILL_P,
    FORCE_WORDS,
    HOLD_NOUNS,
    SENT_FORCES,
    blamed_for,
    emergency_declared,
    in_disaster,
    people_held,
    property_seized,
    received_from,
    received_threat,
    reduced_relative_head,
    seized_things,
    set_phrase_type,
    unsigned_threat,
    weapon_hit,
    weapon_strike,
)

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from spacy.tokens import Doc, Token

    from ..actors.resolve import ActorMention

__all__ = [
    "IMPLIED_SOURCE_TYPES",
    "Detection",
    "Detector",
    "ModelFileError",
    "load_detector",
    "load_model",
]

MODEL_NAMES = ("coder_trigger", "coder_args", "coder_mode")
#: Types whose parties need no direction (GUIDELINES: symmetric talks and agreements).
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
#: Cooperation that, only promised or planned, PLOVER codes as AGREE ('plans to hold talks').
PROMISED_AS_AGREE = frozenset({"CONSULT", "COOPERATE", "AID", "SUPPORT"})
#: Acts of cooperation or yielding whose refusal PLOVER codes as REJECT ('will not negotiate').
REFUSABLE_TYPES = frozenset(
    {"CONSULT", "AGREE", "COOPERATE", "AID", "SUPPORT", "CONCEDE", "RETREAT"}
)
#: Hostile acts that, promised on a condition, are a threat ('will retaliate if').
THREAT_IF_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
#: Types whose intended mode is a threat ('Russia will strike the grid', 'vowed the US will
#: expel every last Iranian boot'): GUIDELINES' THREATEN; events_train codes 1 of its 515
#: attacks as intended, and every announced attack or coercion as a threat.
HARM_AS_THREAT = frozenset({"ASSAULT", "COERCE"})
#: Types where a place can stand for the party acted on ('strikes in Gaza'); in the others a
#: place in a locative phrase ('talks in Geneva') is where it happened, never a party.
PLACE_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST"})
#: Types whose source an agentless passive leaves implied ('a man was arrested', 'has been
#: charged', 'were killed', 'received death threats'): with a target, the event keeps an unnamed
#: source (GUIDELINES: an actor's text is null where implied; see
#: :func:`~newsevents.events.records.implied_source`).
IMPLIED_SOURCE_TYPES = frozenset({"COERCE", "ACCUSE", "ASSAULT", "THREATEN"})
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside"})
#: How much a PETRARCH pattern's type for the trigger word weighs in choosing its type: the
#: trigger model has seen few of the rarer verbs ('jailed' read as REQUEST, 'detained' as
#: ACCUSE), the patterns have all of them. Chosen by out-of-fold F1 on events_train (1.5: 0.318
#: -> 0.325, feed items 0.281 -> 0.296; 2 and 3 gained less there), never on newsfeeds_dev.
PATTERN_TYPE_PRIOR = 1.5


class ModelFileError(NewsEventsError):
    """A learned coder model file is missing or does not match its recorded sha256."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code=ErrorCode.E032)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Probabilities above which a trigger, a source and a target are accepted."""

    trigger: float = 0.5
    source: float = 0.3
    target: float = 0.3


@dataclass(slots=True)
class Detection:
    """One event mention: its trigger, type, mode and the chosen argument mentions."""

    trigger: Token
    plover_type: str
    p_type: float
    modality: str
    p_mode: float
    sources: list[tuple[ActorMention, float]] = field(default_factory=list)
    targets: list[tuple[ActorMention, float]] = field(default_factory=list)
    origin: str = "learned"
    """``learned`` (the models) or ``patterns`` (a PETRARCH-pattern event offered as a
    candidate; the record verifier weighs it)."""
    model_type: str = ""
    """The type the trigger model read, where a rule gave the mention another (its ``why``)."""
    rule: str = ""
    """Why the rule changed the trigger model's type ('harm promised'), else empty."""

    @property
    def confidence(self) -> float:
        """Trigger probability times the mean probability of the chosen arguments."""
        args = [p for _, p in self.sources] + [p for _, p in self.targets]
        return self.p_type * (sum(args) / len(args) if args else 0.5)


def load_model(name: str, folder: Traversable | None = None) -> LinearModel:
    """A model of the learned coder (from the package unless ``folder`` is given), checked
    against the sha256 recorded in its JSON."""
    folder = folder if folder is not None else _model_dir()
    meta_file, weights_file = folder / f"{name}.json", folder / f"{name}.npz"
    try:
        meta: dict[str, Any] = json.loads(meta_file.read_text("utf-8"))
        raw = weights_file.read_bytes()
    except (OSError, ValueError) as exc:
        raise ModelFileError(
            f"event model {name!r} cannot be read ({exc}); reinstall newsevents or rebuild it "
            "with 'python scripts/train_coder.py'"
        ) from exc
    digest = hashlib.sha256(raw).hexdigest()
    if digest != meta.get("sha256"):
        raise ModelFileError(
            f"event model {name}.npz does not match its recorded sha256 ({digest[:12]} != "
            f"{str(meta.get('sha256'))[:12]}); reinstall newsevents or rebuild it with "
            "'python scripts/train_coder.py'"
        )
    if meta.get("feature_version") != FEATURE_VERSION:
        raise ModelFileError(
            f"event model {name!r} was trained on feature version {meta.get('feature_version')}"
            f", this code makes version {FEATURE_VERSION}; rebuild it with "
            "'python scripts/train_coder.py'"
        )
    import io

    with np.load(io.BytesIO(raw)) as data:
        return LinearModel(
            labels=tuple(meta["labels"]),
            hashes=data["hashes"].astype(np.uint32),
            weights=data["weights"].astype(np.float32),
            bias=data["bias"].astype(np.float32),
            temperature=float(meta.get("temperature", 1.0)),
            meta=meta,
        )


class Detector:
    """Applies the three models to a parsed text; one per process (see :func:`load_detector`)."""

    def __init__(
        self,
        trigger: LinearModel,
        args: LinearModel,
        mode: LinearModel,
        lexicons: Lexicons,
        thresholds: Thresholds | None = None,
    ) -> None:
        self.trigger_model = trigger
        self.args_model = args
        self.mode_model = mode
        self.lexicons = lexicons
        if thresholds is None:
            t = trigger.meta.get("thresholds", {})
            thresholds = Thresholds(**{k: float(v) for k, v in t.items()})
        self.thresholds = thresholds

    # -- the three decisions -------------------------------------------------------------------
    def trigger_probs(self, ctx: DocContext) -> list[tuple[Token, np.ndarray]]:
        """(token, class probabilities) for every candidate trigger token."""
        cands = [t for t in ctx.doc if is_candidate(t)]
        if not cands:
            return []
        rows = [hash_features(trigger_features(t, ctx, self.lexicons)) for t in cands]
        probs = self.trigger_model.predict_proba(rows)
        return list(zip(cands, probs, strict=True))

    def arg_probs(
        self, trig: Token, ptype: str, ctx: DocContext
    ) -> list[tuple[ActorMention, float, float]]:
        """(mention, p(source), p(target)) for the mentions that may be arguments of ``trig``:
        those of its sentence, and of the headline when the trigger is in the body."""
        cands = arg_candidates(trig, ptype, ctx)
        if not cands:
            return []
        rows = [hash_features(arg_features(trig, m, ptype, ctx, r)) for r, m in cands]
        probs = self.args_model.predict_proba(rows)
        labels = self.args_model.labels
        si, ti = labels.index("SOURCE"), labels.index("TARGET")
        return [(m, float(p[si]), float(p[ti])) for (_, m), p in zip(cands, probs, strict=True)]

    def mode(self, trig: Token, ctx: DocContext) -> tuple[str, float]:
        """The trigger's mode and its probability."""
        p = self.mode_model.predict_proba([hash_features(modality_features(trig, ctx))])[0]
        k = int(np.argmax(p))
        return self.mode_model.labels[k], float(p[k])

    # -- events --------------------------------------------------------------------------------
    def detect(self, ctx: DocContext) -> list[Detection]:
        """Event mentions in a parsed text, in text order."""
        labels = self.trigger_model.labels
        none = labels.index("NONE")
        out: list[Detection] = []
        for tok, p in self.trigger_probs(ctx):
            p_event = 1.0 - float(p[none])
            q = p.copy()
            q[none] = -1.0
            read = labels[int(np.argmax(q))]  # the trigger model's type, for the why
            told = set_phrase_type(tok, ctx)
            traded = traded_act(tok) if told is None else None
            if traded is not None and traded in labels:
                # 'Iran and the U.S. traded threats': an act each way, told by the phrase when
                # its two sides are named (otherwise the trigger model judges the noun)
                each = self._each_way(
                    tok, traded, max(p_event, DRILL_P), None, ctx, read=(read, "an exchange")
                )
                if each:
                    out.extend(each)
                    continue
            if told == "COERCE" and spoils_of_battle(tok):
                continue  # 'seized Soviet weapons during the fighting': the fight is the event
            if told is not None and told in labels:
                # a type the set phrase gives, with the event probability raised to a drill's
                p_told = max(p_event, DRILL_P)
                if told == "CONCEDE":
                    # 'workers agreed to end a two-day strike': the strike was held, and ended
                    ended = self.detection(
                        tok.head, "CONCEDE", p_told, ctx, read=(read, "a strike ended")
                    )
                    if ended is not None:
                        out.append(ended)
                    told = "PROTEST"
                said = (read, "a set phrase")
                det = self.detection(tok, told, p_told, ctx, read=said)
                out.extend(self._each_way(tok, told, p_told, det, ctx, read=said))
                continue
            if p_event < self.thresholds.trigger:
                continue
            if emergency_declared(tok) and in_disaster(tok):
                continue  # 'declared a state of emergency ahead of a winter storm': no event
            for t in pattern_types(tok, self.lexicons):
                if t in labels:
                    q[labels.index(t)] *= PATTERN_TYPE_PRIOR
            if ruled_out_by_object(tok) == labels[int(np.argmax(q))]:
                continue  # 'launched a plan', 'stepped up efforts': no attack, no forces
            if thing_received(tok):
                continue  # 'received weapons from Iran': the receiving is the event
            if labels[int(np.argmax(q))] in ("SANCTION", "COERCE") and measure_lifted(tok):
                continue  # 'agreed to lift the sanctions on Iran': the lifting is the event
            if "REQUEST" in labels and names_not_asks(tok):
                # 'calls the annexation illegal' judges (ACCUSE) or says nothing; it asks nothing
                q[labels.index("REQUEST")] = -1.0
                if labels[int(np.argmax(q))] != "ACCUSE":
                    continue
            k = int(np.argmax(q))
            read = labels[k]  # with the pattern coder's types as priors
            rule = ""
            if labels[k] == "ASSAULT" and "ACCUSE" in labels and criticism_of_words(tok):
                k = labels.index("ACCUSE")  # 'slammed the decision': criticism, PLOVER's ACCUSE
                rule = "criticism in words"
            if labels[k] == "PROTEST" and "ASSAULT" in labels and weapon_strike(tok):
                k = labels.index("ASSAULT")  # 'an air strike by government forces': no walkout
                rule = "a strike with weapons"
            if told_no(tok, labels[k], ctx):
                continue  # 'announced in a press release', 'left the chamber': no such event
            warning = labels[k] in ("ACCUSE", "REQUEST") and "THREATEN" in labels
            if warning and conditional_warning(tok):
                # 'warned that it risked a confrontation if ...': a threat (PLOVER)
                k = labels.index("THREATEN")
                rule = "a warning of what follows if"
            if labels[k] == "CONSULT" and "MOBILIZE" in labels and forces_arriving(tok):
                k = labels.index("MOBILIZE")  # 'the police and army arrived': no visit
                rule = "forces arriving"
            if labels[k] in ("ASSAULT", "AID") and "MOBILIZE" in labels and forces_sent(tok):
                k = labels.index("MOBILIZE")  # 'Russia massed troops': no attack, no aid
                rule = "forces sent"
            if "RETREAT" in labels and forces_withdrawing(tok, ctx):
                k = labels.index("RETREAT")  # 'UN troops withdrew': PLOVER's RETREAT
                rule = "forces withdrawing"
            det = self.detection(tok, labels[k], p_event, ctx, read=(read, rule))
            out.extend(self._each_way(tok, labels[k], p_event, det, ctx, read=(read, rule)))
        return self._votes_as_acts(out, ctx)

    def _each_way(
        self,
        tok: Token,
        ptype: str,
        p_type: float,
        det: Detection | None,
        ctx: DocContext,
        *,
        read: tuple[str, str] = ("", ""),
    ) -> list[Detection]:
        """The mention at ``tok`` (``det``, None where its arguments named no source) as it is,
        or, for a reciprocal act (:mod:`newsevents.events.reciprocal`: 'Iran and the U.S.
        traded threats', 'an exchange of fire between Iran and Iraq'), one mention each way,
        each side the source and the others its target. A symmetric type's stays one mention
        (GUIDELINES: one record with all parties)."""
        as_detected = [det] if det is not None else []
        if det is not None:
            ptype = det.plover_type
        heads = None if ptype in SYMMETRIC_TYPES else reciprocal_sides(tok)
        if not heads:
            return as_detected
        # the words of each side, not the act's own phrase ('Trump [traded threats with ...]'
        # misparsed with 'Trump' as the root)
        act = tok.head if tok.dep_ == "amod" else tok
        act_words = {t.i for t in act.subtree}
        side_words = [_side_words(h) - (set() if h.i in act_words else act_words) for h in heads]
        within = set().union(*side_words)
        floor = self.thresholds.source
        named = [
            (m, max(ps, pt, floor))
            for m, ps, pt in self.arg_probs(tok, ptype, ctx)
            if m.head in within and not is_place(m.actor)
        ]
        sides = _one_mention_a_side(named, side_words, ctx.doc)
        if len(sides) < 2:
            return as_detected  # one side named: the act as detected
        mode, p_mode = (det.modality, det.p_mode) if det is not None else self.mode(tok, ctx)
        model_type, rule = (det.model_type, det.rule) if det is not None else read
        changed = bool(model_type) and model_type != ptype
        return [
            Detection(
                tok,
                ptype,
                p_type,
                mode,
                p_mode,
                [side],
                [o for o in sides if o is not side],
                model_type=model_type if changed else "",
                rule=rule if changed else "",
            )
            for side in sides
        ]

    def _votes_as_acts(self, dets: list[Detection], ctx: DocContext) -> list[Detection]:
        """A vote for an act (:func:`vote_for_act`) tells the act: its detection takes the type
        of the act's (a second mention of it), and without one it is none."""
        out: list[Detection] = []
        for d in dets:
            if not vote_for_act(d.trigger):
                out.append(d)
                continue
            acts = [a for a in dets if a.trigger.dep_ == "xcomp" and a.trigger.head == d.trigger]
            vote: Detection | None = d
            if acts and acts[0].plover_type != d.plover_type:
                said = (d.model_type or d.plover_type, "a vote for the act it names")
                vote = self.detection(d.trigger, acts[0].plover_type, d.p_type, ctx, read=said)
            if acts and vote is not None:
                out.append(vote)
        return out

    def detection(
        self,
        tok: Token,
        ptype: str,
        p_type: float,
        ctx: DocContext,
        *,
        read: tuple[str, str] = ("", ""),
    ) -> Detection | None:
        """The event at ``tok`` of type ``ptype`` with its arguments, or None without a source.
        ``read`` is the trigger model's type and the rule that made it ``ptype`` (for the why);
        a rule here that changes the type again names itself in its place."""
        model_type, rule = read
        args = self.arg_probs(tok, ptype, ctx)
        th = self.thresholds
        if ptype == "ASSAULT":
            args = _instrument_roles(tok, args, ctx)
            weapon = weapon_hit(tok)
            if weapon is not None:
                # 'Ukrainian drones hit a Russian refinery': the weapon's owner struck, and what
                # was hit (or who owns it) was struck
                struck = {
                    t.i for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree
                }
                args = _sides(args, _owner_words(weapon), struck)
        patient = reduced_relative_head(tok) if ptype != "MOBILIZE" else None
        held = people_held(tok, ctx) if ptype == "COERCE" else None
        if held is not None:
            # 'police arrested 29 members of Shining Path': the people held are the target
            span = {t.i for t in held.subtree} - {
                t.i for c in held.children if c.dep_ in ("relcl", "acl") for t in c.subtree
            }
            args = [
                (m, 0.0, max(ps, pt, th.target)) if m.head in span else (m, ps, pt)
                for m, ps, pt in args
            ]
        given = received_from(tok)
        if given is None and tok.dep_ == "dobj" and tok.lemma_.lower() in _RECEIVED_EVENTS:
            given = received_from(tok.head)  # 'received backlash from conservative leaders'
        if given is not None:
            # 'Ukraine received air defence systems from Germany': the giver acts, and the
            # one who receives is acted on, whatever the words' places say
            giver = {t.i for g in given[0] for t in g.subtree}
            taker = {t.i for r in given[1] for t in r.subtree}
            args = [
                (m, max(ps, pt, th.source), 0.0)
                if m.head in giver
                else (m, 0.0, max(ps, pt))
                if m.head in taker
                else (m, ps, pt)
                for m, ps, pt in args
            ]
        doers = blamed_for(tok)
        if doers:
            # 'charge a settler with killing an activist': the one blamed did the deed
            blamed = {t.i for d in doers for t in d.subtree}
            args = [
                (m, max(ps, pt, th.source), 0.0) if m.head in blamed else (m, ps, pt)
                for m, ps, pt in args
            ]
        relative = _relative_subject(tok)
        if relative is not None and (relative.dep_ == "nsubj" or ptype != "MOBILIZE"):
            # 'Modi, who criticised Pakistan': the pronoun stands for the noun its clause
            # describes, the doer ('who criticised') or the one done to ('who was arrested';
            # forces 'which were deployed' stay the movers)
            ante = {t.i for t in _noun_phrase(tok.head)}
            doer = relative.dep_ == "nsubj"
            args = [
                ((m, max(ps, pt, th.source), 0.0) if doer else (m, 0.0, max(ps, pt)))
                if m.head in ante
                else (m, ps, pt)
                for m, ps, pt in args
            ]
        if patient is not None:
            # 'ten soldiers killed in Ukraine': the noun a passive participle describes is
            # what was done to, never the doer (forces 'deployed' stand for their side)
            args = [
                (m, 0.0, max(ps, pt)) if m.head == patient else (m, ps, pt) for m, ps, pt in args
            ]
        # a city or region can be where an event happened or, for a few types, what it hit;
        # never who did it ('Kharkiv' in 'attacked Kharkiv, killing three people')
        sources = sorted(
            (
                (m, ps)
                for m, ps, pt in args
                if ps >= th.source and ps >= pt and not is_place(m.actor)
            ),
            key=lambda x: -x[1],
        )
        targets = sorted(
            ((m, pt) for m, ps, pt in args if pt >= th.target and pt > ps), key=lambda x: -x[1]
        )
        # 'Israel imposes restrictions, deploys police': the police are deployed, not restricted
        targets = [(m, p) for m, p in targets if not sibling_object(tok, ctx.doc[m.head])]
        # 'Arafat withdrew his men', 'pull US troops out of Syria': the forces moved are the
        # mover's own, never the party acted on
        targets = [(m, p) for m, p in targets if not forces_moved(tok, m)]
        if ptype == "COERCE" and property_seized(tok):
            # 'seized a tanker', 'drug seizures in the history of Cartagena': the one acted on
            # is the owner, neither the thing seized (unless it names a country, 'a Venezuelan
            # tanker') nor a place
            seized = {w.i for thing in seized_things(tok) for w in thing.subtree}
            targets = [
                (m, p)
                for m, p in targets
                if not is_place(m.actor) and not (m.head in seized and not m.actor.country)
            ]
        ranked = sources
        sources = _with_conjuncts(sources, ctx)
        targets = _with_conjuncts(targets, ctx)
        if ptype in SYMMETRIC_TYPES:
            sources = _with_hyphen_pairs(sources, ctx)
        if ptype in SYMMETRIC_TYPES and sources and all(_met_with(tok, m, ctx) for m, _ in sources):
            # 'tries to make a nuclear deal with Iran', 'after talks with Ukraine': the party
            # dealt with is no source; the next likeliest that is not one is ('the Trump
            # administration', 'Russia'), and without one the mention names no one who acted
            targets = [*sources, *[x for x in targets if all(x[0] is not m for m, _ in sources)]]
            sources = _with_conjuncts([x for x in ranked if not _met_with(tok, x[0], ctx)], ctx)
        if ptype in SYMMETRIC_TYPES and not targets:
            # 'Rusal is in negotiations with Sierra Leone': the party met 'with' is the target
            # of a directed meeting; 'Russia and Ukraine hold talks' stays symmetric
            met = [(m, p) for m, p in sources[1:] if _met_with(tok, m, ctx)]
            if met:
                sources = [x for x in sources if all(x[0] is not m for m, _ in met)]
                targets = met
        if not sources and nominal_harm(tok, ctx):
            # 'condemned the killing of the officer': its victims are named after 'of', not
            # the one who condemned it
            targets = [(m, p) for m, p in targets if m.head in _of_phrase(tok)]
        if ptype == "THREATEN":
            verb = received_threat(tok)
            if verb is not None:
                # 'Jaramillo received another death threat': who receives it is threatened
                subj = {t.i for c in verb.children if c.dep_ == "nsubj" for t in c.subtree}
                moved = [(m, p) for m, p in sources if m.head in subj]
                if moved:
                    sources = [x for x in sources if all(x[0] is not m for m, _ in moved)]
                    targets = [*moved, *[x for x in targets if x[0].head not in subj]]
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in HARM_NOUNS:
            # 'the Sikh activist's killing', 'Navalny's arrest': a person's harm, no 'of': the
            # owner is its victim
            owner = victims_owning(tok, ctx)
            moved = [(m, p) for m, p in sources if m.head in owner]
            if moved:
                sources = [x for x in sources if all(x[0] is not m for m, _ in moved)]
                targets = [*moved, *[x for x in targets if x[0].head not in owner]]
        if not sources and not (
            targets
            and ptype in IMPLIED_SOURCE_TYPES
            and _agentless(tok, ctx)
            and _no_other_actor(tok, [m for m, _ in targets], ctx)
        ):
            return None  # no source, named or implied
        mode, p_mode = self.mode(tok, ctx)
        if ptype in REFUSABLE_TYPES and refused(tok) is not None:
            # 'will not negotiate', 'refused to sign': a refusal is PLOVER's REJECT, and it
            # happened
            ptype, mode, rule = "REJECT", "asserted", "a refusal"
        if mode == "intended" and ptype in PROMISED_AS_AGREE:
            ptype = "AGREE"  # GUIDELINES / PLOVER: promised cooperation is AGREE
            rule = "cooperation promised"
        if mode == "intended" and ptype == "RETREAT" and requested(tok) is None:
            # 'Israel announced it would free 198 prisoners', 'US troops will withdraw from
            # Syria': a promise to yield, PLOVER's CONCEDE (events_train: 10 of 14 such); one
            # asked for stays a RETREAT, conditional (assemble)
            ptype, rule = "CONCEDE", "a promise to yield"
        if ptype in THREAT_IF_TYPES and threatened_if(tok) is not None:
            # 'will impose sanctions on Russia unless it withdraws': a threat (PLOVER)
            ptype, mode, rule = "THREATEN", "intended", "a measure threatened unless"
        if ptype == "AGREE" and vowed_harm(tok) is not None:
            # 'Iran vowed to retaliate against Israel', 'pledged to crush': harm promised is a
            # threat (GUIDELINES), not the promise of cooperation the trigger model reads
            ptype, mode, rule = "THREATEN", "intended", "harm promised"
        if mode == "intended" and ptype in HARM_AS_THREAT:
            ptype = "THREATEN"  # GUIDELINES: a threat of force is THREATEN ('Russia will strike')
            rule = "force intended"
        changed = bool(model_type) and model_type != ptype
        return Detection(
            tok,
            ptype,
            p_type,
            mode,
            p_mode,
            sources,
            targets,
            model_type=model_type if changed else "",
            rule=rule if changed else "",
        )


#: Acts a warning can announce against someone ('warned it would retaliate', 'may break off
#: talks', 'will pay a heavy price'): such a warning is a threat whoever is named.
_THREAT_ACTS = frozenset(
    {"retaliate", "respond", "strike", "attack", "hit", "punish", "sanction", "cut", "break",
     "close", "withdraw", "expel", "ban", "suspend", "halt", "impose", "target", "fight",
     "shoot", "fire", "invade", "destroy", "block", "sever", "pay", "regret", "face", "act",
     "kill", "arrest", "prosecute", "boycott", "quit", "resign", "veto", "reject", "stand",
     "consequence", "war", "force", "measure", "action", "reprisal", "retaliation"}
)  # fmt: skip
_MODALS = frozenset({"will", "would", "may", "might", "could", "shall", "can", "'ll"})
_SPEAKERS = frozenset({"it", "we", "they", "i", "he", "she"})


#: Numbers whose 'of' names who they count ('thousands of troops').
_NUMBERS = frozenset({"thousand", "hundred", "dozen", "score", "million"})
#: Nouns of people held: an order for them is the coercion ('ordered the arrest of ...').
_HELD_NOUNS = HOLD_NOUNS | {"capture", "extradition", "eviction"}


def ordered_thing(tok: Token, ctx: DocContext) -> bool:
    """True for an order whose object is a thing or an act, not people ('ordered an
    investigation', 'ordered three days of national mourning', 'ordered a full withdrawal of
    US troops'): no coercion of its own; what is ordered, where it is an event, is coded at its
    own word. Not 'ordered the arrest of ...' nor 'ordered troops to ...'."""
    if tok.lemma_.lower() != "order" or tok.pos_ != "VERB":
        return False
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    if not objs or any(c.dep_ in ("xcomp", "ccomp") for c in tok.children):
        return False
    # 'thousands of troops': the people a number names are after 'of'
    named = [
        w
        for o in objs
        for w in (
            o,
            *(
                p
                for c in o.children
                if o.lemma_.lower() in _NUMBERS and c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
            ),
        )
    ]
    return all(o.pos_ == "NOUN" for o in objs) and not any(
        ctx.mention_at(w) is not None
        or w.lemma_.lower() in SENT_FORCES
        or w.lemma_.lower() in _HELD_NOUNS
        for w in named
    )


def reported_that(tok: Token) -> bool:
    """True for a report of what happened ('authorities reported today that the senator was
    killed', 'the police reported that over 15,000 people have been arrested'): the report
    tells the news and accuses no one (out of fold, an ACCUSE at *reported* was wrong 7 times
    against 1 right); what it reports is coded on its own. Not a report made to someone or of
    something ('reported the mistake to officials')."""
    return (
        tok.lemma_.lower() == "report"
        and tok.pos_ == "VERB"
        and any(c.dep_ == "ccomp" for c in tok.children)
        and not any(c.dep_ in ("dobj", "dative") for c in tok.children)
    )


def hardship_warning(tok: Token) -> bool:
    """True for a warning of what may come that threatens no one ('warned of difficult
    decisions', 'warned their repatriation would be extremely difficult', 'Traders warn bill may
    fuel illicit trade'): what is warned of is said, with no one warned (no object), no
    condition (*if*, *unless*), no act announced against someone in it ('warned it will
    retaliate', 'may break off negotiations') and no act of the warner's own to come ('warned
    it will not stand by'). PLOVER's THREATEN is a coercive warning; such a one is a statement.
    A warning whose content the sentence does not give (a quote before it) the model judges."""
    if tok.lemma_.lower() != "warn" or tok.pos_ != "VERB":
        return False
    kids = list(tok.children)
    told = [c for c in kids if c.dep_ == "ccomp"] + [
        p
        for c in kids
        if c.dep_ == "prep" and c.lower_ in ("of", "about")
        for p in c.children
        if p.dep_ in ("pobj", "pcomp")
    ]
    if not told or any(c.dep_ in ("dobj", "dative", "iobj") for c in kids):
        return False
    if any(t.dep_ == "mark" and t.lower_ in ("if", "unless") for t in tok.subtree):
        return False
    for clause in told:
        if any(t.lemma_.lower() in _THREAT_ACTS for t in clause.subtree):
            return False
        own = any(c.dep_ == "nsubj" and c.lower_ in _SPEAKERS for c in clause.children)
        if own and any(c.dep_ == "aux" and c.lower_ in _MODALS for c in clause.children):
            return False
    return True


def conditional_warning(tok: Token) -> bool:
    """True for a warning of what follows if or unless ('warned that it risked a confrontation
    if it intervened'): PLOVER's THREATEN, where the trigger model reads a bare 'warned' as an
    accusation or a request."""
    if tok.lemma_.lower() != "warn":
        return False
    return any(
        t.dep_ == "mark" and t.lower_ in ("if", "unless")
        for c in tok.children
        if c.dep_ in ("ccomp", "xcomp", "advcl")
        for t in c.subtree
    )


def _agentless(tok: Token, ctx: DocContext) -> bool:
    """A passive with no 'by' agent ('a man was arrested', 'has been charged'), not in a
    relative clause ('Yaish, who had been arrested 15 months ago': background to the news); or
    a noun of harm that names no author ('the murder of six priests', :func:`nominal_harm`).
    Headlines drop the auxiliary: a participle that is the headline's predicate ('Man arrested
    after ...', 'Journalist detained over story') is such a passive too."""
    deps = {c.dep_ for c in tok.children}
    if "agent" in deps or in_accident(tok):
        return False
    if received_threat(tok) is not None or unsigned_threat(tok):
        return True  # 'received death threats', 'a bomb threat against the embassy'
    if authorless_attack(tok, ctx):
        return True  # 'a drone attack killed 28 people': as unnamed as '28 were killed'
    if "auxpass" in deps:
        return tok.dep_ != "relcl"
    if nominal_harm(tok, ctx):
        return True  # 'the murder of six priests': a noun of harm that names no author
    if existential_passive(tok):
        return True  # 'there were ten soldiers killed': as '10 soldiers were killed'
    # spaCy's small model often tags such a participle VBD ('journalist detained over')
    return tok.tag_ in ("VBN", "VBD") and ctx.in_title(tok) and _headline_predicate(tok)


def existential_passive(tok: Token) -> bool:
    """True for a participle describing what *there is* ('There were 10 Russian soldiers
    killed in Ukraine', 'there have been 40 people arrested'): the news, a passive in all
    but form, not a reduced relative clause of background ('a Hamas member jailed a year ago')."""
    if tok.dep_ != "acl" or tok.tag_ != "VBN":
        return False
    noun = tok.head
    be = noun.head
    return (
        noun.dep_ in ("attr", "nsubj", "dobj")
        and be.lemma_.lower() == "be"
        and any(c.dep_ == "expl" and c.lower_ == "there" for c in be.children)
    )


#: Accidents and disasters: harm 'in a fire' or 'in a crash' has no one who did it (GUIDELINES:
#: "accidents and natural disasters with no actor acting on another" are no events).
ACCIDENT_NOUNS = frozenset(
    {"fire", "blaze", "crash", "accident", "collision", "flood", "flooding", "earthquake",
     "quake", "landslide", "mudslide", "avalanche", "storm", "cyclone", "hurricane", "typhoon",
     "tornado", "stampede", "heatwave", "derailment", "capsizing", "sinking", "inferno"}
)  # fmt: skip


def in_accident(tok: Token) -> bool:
    """True for harm that an *in*, *during* or *after* phrase puts down to an accident or a
    disaster with no one behind it ('five people were killed in a fire', 'died in a helicopter
    crash'; not 'killed in Israeli fire', whose fire has an owner)."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "during", "after"):
            for o in c.children:
                if o.dep_ == "pobj" and o.lemma_.lower() in ACCIDENT_NOUNS:
                    return not any(
                        k.dep_ in ("amod", "compound", "poss")
                        and k.ent_type_ in ("NORP", "GPE", "ORG")
                        for k in o.children
                    )
    return False


def _accident(noun: Token) -> bool:
    """True for an accident or disaster noun, whoever's it is ('the Malaysia Airlines flight
    crash'); *fire* only bare ('killed in a fire'; not 'heavy fire', 'tank fire', 'Israeli
    fire', which have shooters)."""
    lemma = noun.lemma_.lower()
    if lemma not in ACCIDENT_NOUNS:
        return False
    if lemma in ("fire", "blaze", "inferno"):
        return not any(k.dep_ in ("amod", "compound", "poss", "nmod") for k in noun.children)
    return True


def harm_by_accident(tok: Token) -> bool:
    """True for harm an accident or a disaster did ('five people were killed in a fire',
    'victims killed by the MH17 crash', 'the earthquake killed 200'): no ASSAULT (GUIDELINES:
    accidents and natural disasters with no actor acting on another are no events)."""
    for c in tok.children:
        if c.dep_ == "nsubj" and _accident(c):
            return True
        by = c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in ("in", "during", "after"))
        if by and any(o.dep_ == "pobj" and _accident(o) for o in c.children):
            return True
    return False


#: Nouns of an attack or its weapon that, as the subject of a verb of harm, name no one who
#: acted ('a drone attack killed 28 people' says no more of its author than '28 people were
#: killed'). 'strike' only with a weapon word or a killing: 'train strikes hit commuters' is
#: a walkout.
ATTACK_NOUNS = frozenset(
    {
        "attack", "airstrike", "raid", "bombing", "shelling", "bombardment", "ambush",
        "drone", "missile", "rocket", "shell", "mortar", "bomb", "grenade", "gunfire",
        "explosive", "barrage", "strike",
    }
)  # fmt: skip
_STRIKE_WEAPONS = frozenset(
    {"air", "drone", "missile", "rocket", "artillery", "aerial", "military"}
)
#: A strike that kills is no walkout, whatever its words.
_KILL_VERBS = frozenset({"kill", "wound", "injure"})
_RELATIVES = frozenset({"that", "which"})
#: Verbs of harm an attack is the subject of ('... killed 28', 'hit a hospital').
HARM_VERBS = frozenset(
    {"kill", "hit", "strike", "wound", "injure", "destroy", "damage", "target", "claim", "leave"}
)


def authorless_attack(tok: Token, ctx: DocContext) -> bool:
    """An attack that names no author as the subject of a verb of harm, at the noun ('Drone
    attack on Sudan market kills 28', 'an attack on a mosque that killed 13') or at the verb ('A
    drone attack on a market killed 28 people'), or a weapon that went off ('a car bomb exploded
    outside the army's headquarters'), with no actor in the attack's phrase but places and what
    it was on (not 'An Israeli strike killed ...', 'Russia's attack')."""
    found = _attack_and_verb(tok)
    if found is None:
        return False
    subj, verb = found
    lemma = subj.lemma_.lower()
    went_off = lemma in WEAPON_NOUNS and _goes_off(verb)  # 'a car bomb exploded at the base'
    if not went_off and (lemma not in ATTACK_NOUNS or verb.lemma_.lower() not in HARM_VERBS):
        return False
    if (
        lemma == "strike"
        and verb.lemma_.lower() not in _KILL_VERBS
        and not any(c.lower_ in _STRIKE_WEAPONS for c in subj.children)
    ):
        return False
    # what it was on and what it did ('on a mosque that killed 13') may hold its targets
    aside = {
        t.i
        for c in subj.children
        if (c.dep_ == "prep" and c.lower_ == "on") or c.dep_ == "relcl"
        for t in c.subtree
    }
    phrase = {t.i for t in subj.subtree} - aside
    return not any(
        m.head in phrase and not (is_place(m.actor) or is_locative(m, ctx)) for m in ctx.mentions
    )


#: Weapons that, as the subject of a verb of going off, name no one who acted ('a car bomb
#: exploded outside the headquarters of ...').
WEAPON_NOUNS = frozenset(
    {"bomb", "explosive", "device", "grenade", "mine", "landmine", "dynamite", "charge",
     "rocket", "missile", "shell", "mortar", "ied"}
)  # fmt: skip


def _goes_off(verb: Token) -> bool:
    """True for a verb of a weapon going off: 'exploded', 'detonated', 'went off', 'blew up'."""
    lemma = verb.lemma_.lower()
    prt = {c.lower_ for c in verb.children if c.dep_ == "prt"}
    return (
        lemma in ("explode", "detonate", "blast")
        or (lemma == "go" and "off" in prt)
        or (lemma == "blow" and "up" in prt)
    )


#: Nouns of harm done to someone named after 'of' ('the murder of six priests', 'the arrest of
#: a judge'): with no author in their phrase, the author is unnamed.
HARM_NOUNS = frozenset(
    {"murder", "assassination", "killing", "kidnapping", "abduction", "slaying", "execution",
     "massacre", "torture", "arrest", "detention", "capture", "deportation", "expulsion"}
)  # fmt: skip


#: Sectors of actors whose harm noun names what they did ('the army's killing of ...').
_AUTHOR_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "SPY", "REB", "UAF", "INS"})


def victims_owning(tok: Token, ctx: DocContext) -> set[int]:
    """Tokens of the possessor of a harm noun with no *of* when it is a person or people who
    act for no state or armed group ('the Sikh activist's killing', 'the journalist's arrest'):
    the one harmed; empty otherwise ('Israel's killing of ...', 'the army's raids')."""
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return set()
    out: set[int] = set()
    for c in tok.children:
        if c.dep_ != "poss":
            continue
        m = ctx.mention_at(c)
        if m is None or m.actor.kind not in ("person", "agent"):
            continue
        if set(m.actor.sectors) & _AUTHOR_SECTORS:
            continue
        out |= {t.i for t in c.subtree}
    return out


def nominal_harm(tok: Token, ctx: DocContext) -> bool:
    """A noun of harm with its victim after 'of' and no author in its phrase ('the murder of
    Emilia Quan'; not 'Israel's killing of ...', 'the Israeli arrest of ...', '... by police')."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in HARM_NOUNS or tok.dep_ == "relcl":
        return False
    kids = list(tok.children)
    if not any(c.dep_ == "prep" and c.lower_ == "of" for c in kids):
        return False
    if any(c.dep_ == "poss" for c in kids) or any(
        t.dep_ in ("prep", "agent") and t.lower_ == "by" for t in tok.subtree
    ):
        return False  # 'the army's murder of ...', 'the murder of six priests by the army'
    left = {t.i for c in kids if c.i < tok.i for t in c.subtree}
    return not any(m.head in left and not is_place(m.actor) for m in ctx.mentions)


#: Verbs whose subject suffered an attack named in their 'in', 'during', 'by' or 'after'
#: phrase ('were killed in Israeli tank shelling', 'died in a Taliban ambush').
SUFFER_VERBS = frozenset({"kill", "wound", "injure", "hurt", "die", "destroy", "damage"})
_INSTRUMENT_PREPS = frozenset({"in", "during", "by", "after"})
#: Attacks such a phrase names (the acts, not their weapons: 'killed by a bomb' names no one).
_INSTRUMENT_NOUNS = frozenset(
    {"attack", "airstrike", "raid", "bombing", "shelling", "bombardment", "ambush", "gunfire",
     "barrage", "strike", "fire", "blast", "explosion", "offensive", "assault"}
)  # fmt: skip


#: Attack nouns the parser takes for verbs after a preposition ('killed by Russian shelling').
_INSTRUMENT_GERUNDS = frozenset({"shelling", "bombing", "bombings", "shooting", "firing"})


def _suffered(verb: Token) -> bool:
    """True for a verb of suffering whose subject is the one harmed: a passive ('were killed'),
    a headline participle, or 'die'."""
    lemma = verb.lemma_.lower()
    if lemma not in SUFFER_VERBS or verb.pos_ != "VERB":
        return False
    if lemma == "die":
        return True
    deps = {c.dep_ for c in verb.children}
    return "auxpass" in deps or "nsubjpass" in deps or verb.tag_ == "VBN"


def _instrument(verb: Token) -> Token | None:
    """The attack noun in a verb of suffering's phrase of :data:`_INSTRUMENT_PREPS` ('killed
    in an [Israeli air strike]'), or None. The parser reads some such nouns as verbs: 'by
    Russian [shelling]' (a gerund under the preposition, returned) and 'in Israeli [tank]
    shelling' ('shelling' hung from the verb; the noun before it, which holds the attack's
    owner, is returned)."""
    if not _suffered(verb):
        return None
    for c in verb.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in _INSTRUMENT_PREPS:
            for o in c.children:
                if o.dep_ == "pobj" and o.lemma_.lower() in _INSTRUMENT_NOUNS:
                    return o
                if o.dep_ == "pcomp" and o.lower_ in _INSTRUMENT_GERUNDS:
                    return o  # 'killed by Russian shelling', the noun parsed as a verb
                if o.dep_ == "pobj":
                    after = verb.doc[o.i + 1] if o.i + 1 < len(verb.doc) else None
                    if (
                        after is not None
                        and after.lower_ in _INSTRUMENT_GERUNDS
                        and after.head.i == verb.i
                    ):
                        return o  # 'killed in Israeli tank shelling': 'shelling' split off
    return None


def _instrument_roles(
    tok: Token, args: list[tuple[ActorMention, float, float]], ctx: DocContext
) -> list[tuple[ActorMention, float, float]]:
    """Sides an attack named in a phrase of a verb of suffering makes plain: the actor that
    owns the attack is its source ('killed in [Israeli] tank shelling', 'died in a [Taliban]
    ambush'), the one who suffered its target ('[Two soldiers] died in a Taliban ambush'). The
    argument model's two probabilities are kept, the larger given to the side the phrase
    says."""
    if tok.pos_ == "VERB":
        verb, noun = tok, _instrument(tok)
    elif tok.dep_ == "pobj" and tok.head.head.pos_ == "VERB":
        verb, noun = tok.head.head, tok
        found = _instrument(verb)
        if found is None or found.i != noun.i:
            return args
    else:
        return args
    if noun is None:
        return args
    sufferers = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        sufferers |= {verb.head.i}
    return _sides(args, _owner_words(noun), sufferers - {noun.i})


def _owner_words(noun: Token) -> set[int]:
    """The words before an attack or weapon noun that say whose it is ('[Israeli] tank
    shelling', '[Ukrainian] drones')."""
    return {
        t.i
        for c in noun.children
        if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < noun.i
        for t in c.subtree
    }


def _sides(
    args: list[tuple[ActorMention, float, float]], doers: set[int], done_to: set[int]
) -> list[tuple[ActorMention, float, float]]:
    """The argument probabilities with the larger given to the side the words say: a mention
    headed in ``doers`` (not a place) is a source, one in ``done_to`` a target."""
    return [
        (m, max(ps, pt), 0.0)
        if m.head in doers and not is_place(m.actor)
        else (m, 0.0, max(ps, pt))
        if m.head in done_to
        else (m, ps, pt)
        for m, ps, pt in args
    ]


def _relative_subject(tok: Token) -> Token | None:
    """The relative pronoun that is the subject of a relative clause headed by ``tok`` ('Modi,
    [who] criticised Pakistan'; 'the envoy, [who] was expelled'), or None."""
    if tok.dep_ != "relcl":
        return None
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WP", "WDT"):
            return c
    return None


def _one_mention_a_side(
    named: list[tuple[ActorMention, float]], side_words: list[set[int]], doc: Doc
) -> list[tuple[ActorMention, float]]:
    """The mentions of a reciprocal act's sides, one a side: a phrase with a country of its own
    ('Iran's supreme leader') stands for the names within it; one without ('Israeli and
    Lebanese forces') for its sides' words."""

    def within(m: ActorMention, o: ActorMention) -> bool:
        # within the phrase of o's word on its side, not one of its conjuncts ('Iran and the
        # U.S.')
        own = doc[o.head]
        conjuncts = {t.i for c in own.children if c.dep_ in ("conj", "cc") for t in c.subtree}
        side = next(w for w in side_words if o.head in w)
        return o.head != m.head and m.head in (side & {t.i for t in own.subtree}) - conjuncts

    return [
        (m, p)
        for m, p in named
        if not any(within(m, o) and o.actor.country for o, _ in named)
        and not any(within(o, m) and not m.actor.country for o, _ in named)
    ]


def _side_words(head: Token) -> set[int]:
    """The tokens of the phrase ``head`` heads, its conjuncts and 'of' phrases included ('Iran
    and the U.S.', 'the armies of India and Pakistan'), not its clauses ('Iran, which ...')."""
    clauses = {t.i for c in head.children if c.dep_ in ("relcl", "acl", "advcl") for t in c.subtree}
    return {t.i for t in head.subtree} - clauses


def _noun_phrase(tok: Token) -> list[Token]:
    """``tok`` with its modifiers and appositives ('Modi, the prime minister'), not its
    clauses or prepositional phrases."""
    return [
        t
        for c in tok.children
        if c.dep_ in ("compound", "amod", "det", "poss", "nmod", "appos")
        for t in c.subtree
    ] + [tok]


def _of_phrase(tok: Token) -> set[int]:
    """The tokens of ``tok``'s 'of' phrases ('the murder of [six Jesuit priests]')."""
    return {t.i for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree}


def _attack_and_verb(tok: Token) -> tuple[Token, Token] | None:
    """(the noun, the verb it is the subject of) around ``tok``, either of them, a relative
    pronoun standing for the noun ('an attack ... which killed 52')."""
    if tok.pos_ == "NOUN":
        if tok.dep_ == "nsubj" and tok.head.pos_ == "VERB":
            return tok, tok.head
        for c in tok.children:
            if c.dep_ == "relcl" and any(
                s.dep_ == "nsubj" and s.lower_ in _RELATIVES for s in c.children
            ):
                return tok, c
        return None
    if tok.pos_ != "VERB":
        return None
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.lower_ in _RELATIVES and tok.dep_ == "relcl":
        subj = tok.head
    return (subj, tok) if subj is not None else None


def _headline_predicate(tok: Token) -> bool:
    """True for a participle that carries a headline: its root ('Man arrested'), or the
    participle hung on the root noun ('18-year-old man arrested after ...')."""
    if tok.dep_ == "ROOT":
        return not any(c.dep_ == "aux" for c in tok.children)  # 'has arrested' is active
    if tok.dep_ != "acl" or tok.head.pos_ not in ("NOUN", "PROPN"):
        return False
    head = tok.head
    if head.dep_ == "appos" and head.head.dep_ == "ROOT":
        head = head.head  # 'Nigeria: journalist detained over story'
    return head.dep_ == "ROOT"


def _no_other_actor(tok: Token, targets: list[ActorMention], ctx: DocContext) -> bool:
    """True when no actor but the targets sits in the trigger's prepositional phrases, places
    aside ('charged in Germany'): in 'were killed in Israeli tank shelling' the source is named,
    only not as its agent. An actor in a clause or phrase of its own inside it ('arrested
    after running toward the Capitol', 'detained over a story on the governor') is not."""
    inside = {t.i for c in tok.children if c.dep_ == "prep" for t in c.subtree if not _nested(t, c)}
    return not any(
        m.head in inside
        and not (is_place(m.actor) or is_locative(m, ctx))
        and all(m is not t for t in targets)
        for m in ctx.mentions
    )


def arg_candidates(trig: Token, ptype: str, ctx: DocContext) -> list[tuple[int, ActorMention]]:
    """(distance rank, mention) for the mentions that may be arguments of ``trig``: those of its
    sentence and of the headline, less places named as where it happened (see
    :data:`PLACE_TARGET_TYPES`)."""
    sent = trig.sent
    cands = [
        m
        for m in ctx.mentions
        if ((sent.start <= m.head < sent.end) or ctx.in_title(ctx.doc[m.head]))
        and (ptype in PLACE_TARGET_TYPES or not is_locative(m, ctx))
    ]
    order = sorted(
        cands, key=lambda m: abs(m.head - trig.i) + (0 if m.head >= sent.start else 1000)
    )
    return [(r, m) for r, m in enumerate(order)]


def is_locative(m: ActorMention, ctx: DocContext) -> bool:
    """True for a place named as where something happened: 'in Geneva', 'at the Kremlin' is
    not (an organ of state), 'in Kosovo' is."""
    if is_place(m.actor):
        return True  # 'Geneva talks', 'talks move to Geneva': a city is where, not who
    head = ctx.doc[m.head]
    if head.dep_ != "pobj" or head.head.lower_ not in _LOCATIVE_PREPS:
        return False
    return m.actor.kind == "country" or head.ent_type_ in ("GPE", "LOC", "FAC")


def _met_with(trig: Token, m: ActorMention, ctx: DocContext) -> bool:
    """True when ``m`` is the object of 'with' on the trigger or the verb that governs it."""
    head = ctx.doc[m.head]
    if head.dep_ != "pobj" or head.head.lower_ != "with":
        return False
    attach = head.head.head
    return attach.i == trig.i or attach.i == trig.head.i


def _with_conjuncts(
    chosen: list[tuple[ActorMention, float]], ctx: DocContext
) -> list[tuple[ActorMention, float]]:
    """The best mention, plus the others chosen that are conjoined with it or a different
    party of a symmetric event ('Russia and China', 'the US and Iran')."""
    if not chosen:
        return []
    best, p_best = chosen[0]
    out = [(best, p_best)]
    doc = ctx.doc
    best_head = doc[best.head]
    conj = {t.i for t in best_head.conjuncts}
    for m, p in chosen[1:]:
        if m.head in conj or (doc[m.head].head.i == best.head and doc[m.head].dep_ == "conj"):
            out.append((m, p))
    return out


_HYPHENS = frozenset({"-", "–", "—", "‐"})


def _with_hyphen_pairs(
    chosen: list[tuple[ActorMention, float]], ctx: DocContext
) -> list[tuple[ActorMention, float]]:
    """The chosen parties plus any mention joined to one of them by a hyphen: in 'Russia-Ukraine
    talks' and 'U.S.-Iran talks' both countries are parties."""
    out = list(chosen)
    doc = ctx.doc
    for m, p in chosen:
        for other in ctx.mentions:
            if any(other is x for x, _ in out):
                continue
            first, last = sorted((m, other), key=lambda x: x.token_start)
            if last.token_start == first.token_end + 1 and doc[first.token_end].text in _HYPHENS:
                out.append((other, p))
    return out


@lru_cache(maxsize=1)
def load_detector() -> Detector:
    """The shipped detector (once per process); raises :class:`ModelFileError` when a model
    file is missing or corrupt."""
    from .classifier import Lexicon as VerbLexicon
    from .lexicon import load_lexicon

    trigger, args, mode = (load_model(n) for n in MODEL_NAMES)
    return Detector(trigger, args, mode, Lexicons(VerbLexicon.load(), load_lexicon()))


def _nested(t: Token, top: Token) -> bool:
    """True when a verb or another preposition stands between ``t`` and ``top`` (one of its
    ancestors)."""
    while t.i != top.i and t.head.i != t.i:
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "prep":
            return True
        t = t.head
    return False


def pattern_types(tok: Token, lexicons: Lexicons) -> set[str]:
    """The PLOVER types the PETRARCH patterns give ``tok`` (its verb or noun pattern)."""
    return {t.split(":", 1)[1] for t in lexicon_types(tok, lexicons) if t.startswith("pat:")}


#: Verbs whose 'V X Y' (an object and what it is called) names or judges X and asks nothing:
#: 'calls the annexation illegal', 'called Herzog disgraceful', 'called this a lie'.
NAMING_VERBS = frozenset({"call", "label", "term", "brand", "dub"})
_ASKING_PREPS = frozenset({"for", "on", "upon"})
_PREDICATE_POS = frozenset({"ADJ", "NOUN", "PROPN"})


def names_not_asks(tok: Token) -> bool:
    """``tok`` is a verb of naming with its object and a predicate of that object ('Iran calls
    the talks "constructive"', 'EU calls annexation illegal'), not a call for or on anyone: the
    sense of *call* that judges, never a REQUEST. spaCy's small model attaches the predicate as
    ``oprd`` or, often, as an adjective after the object inside its phrase."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in NAMING_VERBS:
        return False
    kids = list(tok.children)
    if any(c.dep_ == "prep" and c.lower_ in _ASKING_PREPS and not _when(c) for c in kids):
        return False  # 'calls for talks', 'called on Iran to ...' (not 'on Thursday')
    if any(c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX") for c in kids):
        return False  # 'called the group to negotiate'
    if any(c.dep_ == "oprd" and c.pos_ in _PREDICATE_POS for c in kids):
        return True  # not 'was called home' (recalled)
    for obj in (c for c in kids if c.dep_ == "dobj"):
        for t in obj.subtree:
            # an adjective after the object that modifies nothing to its right: its predicate
            if t.i > obj.i and t.pos_ == "ADJ" and t.head.i < t.i:
                return True
    return False


def _when(prep: Token) -> bool:
    """A preposition that says when ('on Thursday', 'for two weeks')."""
    return any(c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def forces_moved(trig: Token, m: ActorMention) -> bool:
    """True when ``m`` is the armed force a verb of moving forces takes as its object ('Israel
    withdrew its troops', 'the White House decision to withdraw US troops'), or the subject of
    such a passive ('2,000 soldiers were deployed'), or the forces a noun of deployment names
    after 'of' ('the deployment of U.S. ships')."""
    head = trig.doc[m.head]
    if trig.pos_ == "NOUN" and trig.lemma_.lower() in BUILDUP_NOUNS:
        # 'the deployment of U.S. ships': the ships are the deployer's own
        if head.dep_ != "pobj" or head.head.lower_ != "of" or head.head.head.i != trig.i:
            return False
        return armed_force(m, trig.doc)
    if trig.pos_ != "VERB" or trig.lemma_.lower() not in MOVE_VERBS:
        return False
    if head.head.i != trig.i or head.dep_ not in ("dobj", "nsubjpass"):
        return False
    lemma = head.lemma_.lower()
    if lemma == "man":
        return any(c.dep_ == "poss" for c in head.children)  # 'Arafat withdrew his men'
    return bool(ARMED_SECTORS.intersection(m.actor.sectors)) or lemma in FORCE_WORDS


def sibling_object(trig: Token, head: Token) -> bool:
    """``head`` is the object of another verb conjoined with the trigger, which has an object
    of its own ('Israel imposes restrictions, deploys police': the police are deployed, not
    restricted). A shared object ('arrested and charged the man') attaches to the last verb
    only, and the trigger then has none, so it stays."""
    if trig.pos_ != "VERB" or head.dep_ not in ("dobj", "obj"):
        return False
    verb = head.head
    if verb.i == trig.i or verb.pos_ != "VERB":
        return False
    siblings = (verb.dep_ == "conj" and verb.head.i == trig.i) or (
        trig.dep_ == "conj" and trig.head.i == verb.i
    )
    return siblings and any(c.dep_ in ("dobj", "obj") for c in trig.children)


#: Verbs whose event is their object: 'launched an offensive' attacks, 'launched a plan' does not.
LAUNCH_VERBS = frozenset({"launch", "mount", "stage", "unleash", "unveil"})
#: Objects of such a verb that are no attack: plans, programmes and inquiries.
PLAN_OBJECTS = frozenset(
    {"plan", "programme", "program", "initiative", "scheme", "strategy", "policy", "reform",
     "project", "fund", "probe", "investigation", "inquiry", "review", "consultation", "bid",
     "appeal", "petition", "app", "website", "platform", "product", "service", "satellite",
     "drive", "package", "agenda", "roadmap", "framework", "proposal", "study", "survey"}
)  # fmt: skip
#: Verbs that make more of their object: 'stepped up efforts to destroy airstrips'.
INTENSIFY_VERBS = frozenset(
    {"step", "ramp", "scale", "intensify", "redouble", "boost", "increase", "heighten",
     "strengthen", "expand", "accelerate"}
)  # fmt: skip
#: Objects that are an undertaking, not forces: its event, if any, is what it undertakes (not
#: 'campaign': 'Israel intensified its campaign' is a war).
EFFORT_WORDS = frozenset(
    {"effort", "push", "drive", "bid", "attempt", "diplomacy", "work", "outreach", "engagement",
     "lobbying", "initiative"}
)  # fmt: skip
#: What is released and is no person set free: 'released photos', 'released a report'.
DOCUMENT_OBJECTS = frozenset(
    {"report", "statement", "photo", "photograph", "picture", "image", "video", "footage",
     "detail", "information", "data", "figure", "document", "email", "e-mail", "letter",
     "record", "file", "transcript", "list", "result", "finding", "study", "survey", "audio",
     "recording", "tape", "map", "budget", "forecast", "estimate", "guidance", "guideline",
     "book", "album", "song", "film", "movie", "trailer", "update", "poll", "statistic",
     "number", "account", "memo", "communique", "declaration", "text", "draft", "evidence",
     "readout", "summary", "assessment", "analysis", "paper", "dossier", "message", "note"}
)  # fmt: skip
#: Who is fired or sacked from a post (not shots or missiles): 'fired the spy chief', and any
#: named person ('fired Comey').
POST_HOLDERS = frozenset(
    {"chief", "head", "director", "minister", "secretary", "official", "aide", "adviser",
     "advisor", "coach", "manager", "commander", "spokesman", "spokeswoman", "spokesperson",
     "employee", "staff", "worker", "executive", "ceo", "editor", "governor", "ambassador",
     "deputy", "prosecutor", "judge", "president", "boss", "chairman", "chairwoman", "PERSON"}
)  # fmt: skip
#: (verbs, objects, type): a verb whose event is its object, the objects that say what it is
#: not (lower-case lemmas, or an entity label in capitals), and the type the trigger model
#: reads in the verb from its other uses.
OBJECT_RULES_OUT = (
    (LAUNCH_VERBS, PLAN_OBJECTS, "ASSAULT"),  # 'launched an offensive' in training
    (INTENSIFY_VERBS, EFFORT_WORDS, "MOBILIZE"),  # 'City Steps Up Security' in training
    (frozenset({"release"}), DOCUMENT_OBJECTS, "RETREAT"),  # 'released hostages' in training
    (frozenset({"fire", "sack"}), POST_HOLDERS, "ASSAULT"),  # 'fired a missile' in training
)


#: Verbs of pulling forces back (*pull* only with *out* or *back*).
WITHDRAW_VERBS = frozenset({"withdraw", "pull", "retreat", "retire"})
#: Sectors of armed actors.
ARMED_SECTORS = frozenset({"MIL", "REB", "UAF", "INS"})
#: Verbs that move forces: their object is the mover's own ('withdrew its troops').
MOVE_VERBS = WITHDRAW_VERBS | {
    "deploy", "send", "dispatch", "move", "redeploy", "station", "mass", "amass"
}  # fmt: skip
#: What one withdraws from that is no place: talks, a deal, an alliance, a race.
NOT_GROUND = frozenset(
    {"talk", "negotiation", "agreement", "deal", "treaty", "accord", "pact", "dialogue",
     "process", "election", "race", "convention", "coalition", "alliance", "government"}
)  # fmt: skip


def forces_withdrawing(tok: Token, ctx: DocContext) -> bool:
    """True for armed forces withdrawing ('Hundreds of UN troops withdrew from the Golan',
    'Russian forces pulled back'), or forces withdrawn, as a done deed ('Israel withdrew its
    troops from Khan Younis'; 'will withdraw its troops' announces it, PLOVER's CONCEDE, as
    the trigger model reads it): PLOVER's RETREAT, which the trigger model reads as SANCTION or
    CONCEDE from other uses ('withdrew its ambassador', 'withdraw from the deal'). Not from
    talks or a deal ('guerrillas withdrew from the talks')."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB" or lemma not in WITHDRAW_VERBS:
        return False
    parts = {c.lower_ for c in tok.children if c.dep_ in ("prt", "advmod")}
    if lemma == "pull" and not parts & {"out", "back"}:
        return False
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    if objs and not (
        all(o.lemma_.lower() in FORCE_WORDS for o in objs)
        and tok.tag_ in ("VBD", "VBN", "VBZ")
        and not any(
            c.dep_ == "aux" and c.lemma_.lower() not in ("have", "be") for c in tok.children
        )
    ):
        return False  # 'withdrew its ambassador', 'will withdraw its troops'
    if any(
        g.lemma_.lower() in NOT_GROUND
        for c in tok.subtree
        if c.dep_ == "prep" and c.lower_ == "from"
        for g in c.children
        if g.dep_ == "pobj"
    ):
        return False
    if objs:
        return True  # forces withdrawn, whoever withdrew them
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return False
    # the subject or what it counts ('hundreds of UN troops')
    heads = {subj.i} | {
        g.i
        for c in subj.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    }
    for m in ctx.mentions:
        if m.head in heads:
            return bool(ARMED_SECTORS.intersection(m.actor.sectors))
    return any(ctx.doc[h].lemma_.lower() in FORCE_WORDS for h in heads)


#: Verbs that send or gather forces: with forces as their object, PLOVER's MOBILIZE.
SEND_VERBS = frozenset(
    {"mass", "amass", "deploy", "redeploy", "dispatch", "station", "send", "move", "mobilize",
     "mobilise", "muster", "concentrate", "position", "rush"}
)  # fmt: skip


def armed_force(m: ActorMention, doc: Doc) -> bool:
    """True for a mention that is armed force: an armed sector, or forces by its head word
    (troops, warships, carriers, a brigade)."""
    return bool(ARMED_SECTORS.intersection(m.actor.sectors)) or (
        doc[m.head].lemma_.lower() in SENT_FORCES
    )


def forces_sent(tok: Token) -> bool:
    """True for forces sent, deployed or massed ('Russia massed troops near the border', 'two
    warships were dispatched'): a mobilization, where the trigger model reads some as an
    ASSAULT ('massed') or as AID ('sent')."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in SEND_VERBS:
        return False
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    return bool(objs) and all(o.lemma_.lower() in SENT_FORCES for o in objs)


#: Verbs of a journey's end ('the police and army arrived in the state').
_ARRIVAL_VERBS = frozenset({"arrive", "land", "travel", "fly", "come"})


def forces_arriving(tok: Token) -> bool:
    """True for forces arriving ('the police and army arrived in the state', 'US troops landed
    in Haiti'): a mobilization, where the trigger model reads an arrival as a visit."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in _ARRIVAL_VERBS:
        return False
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    return bool(subj) and all(
        w.lemma_.lower() in SENT_FORCES | {"police"} for s in subj for w in (s, *s.conjuncts)
    )


#: Measures that a sanction or coercion imposes, and the words that take them away ('lifted
#: sanctions on Syria', 'the easing of the embargo').
MEASURE_NOUNS = frozenset(
    {"sanction", "tariff", "embargo", "ban", "restriction", "blockade", "curfew", "boycott",
     "duty", "levy", "freeze"}
)  # fmt: skip
LIFT_VERBS = frozenset(
    {"lift", "ease", "remove", "end", "scrap", "drop", "suspend", "relax", "loosen", "waive",
     "rescind", "revoke", "repeal", "cancel", "withdraw", "roll", "unfreeze", "halt"}
)  # fmt: skip
LIFT_NOUNS = frozenset(
    {"lifting", "easing", "removal", "end", "suspension", "relaxation", "repeal", "withdrawal",
     "cancellation", "rollback", "relief", "waiver"}
)  # fmt: skip


def measure_lifted(tok: Token) -> bool:
    """True for a sanction, tariff, ban or the like that is being taken away ('agreed to lift
    the sanctions on Iran', 'the easing of the embargo', 'sanctions relief'): the lifting is
    the event (PLOVER's CONCEDE or RETREAT), not a measure imposed."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() not in MEASURE_NOUNS:
        return False
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB":
        return head.lemma_.lower() in LIFT_VERBS
    if tok.dep_ == "pobj" and head.lower_ == "of":
        return head.head.lemma_.lower() in LIFT_NOUNS
    return tok.dep_ == "compound" and head.lemma_.lower() in LIFT_NOUNS


#: Nouns received that are events of their own, from the giver to the receiver ('received
#: death threats from the cartel', 'received backlash from conservative leaders').
_RECEIVED_EVENTS = frozenset(
    {"threat", "warning", "ultimatum", "criticism", "backlash", "condemnation", "rebuke",
     "praise", "support", "backing", "endorsement"}
)  # fmt: skip


def thing_received(tok: Token) -> bool:
    """True for the noun a verb of receiving takes from a giver ('Ukraine received military aid
    from the United States', 'received weapons from Iran'): what was given, told by the verb's
    event; the trigger model read such nouns as events of their own, the wrong way round."""
    if tok.pos_ != "NOUN" or tok.dep_ != "dobj" or tok.lemma_.lower() in _RECEIVED_EVENTS:
        return False
    return received_from(tok.head) is not None


#: Nouns of a retreat that a verb of saying can take as its object ('announced his
#: resignation'): the trigger model reads the verb, not the noun.
RETREAT_NOUNS = frozenset(
    {"resignation", "withdrawal", "release", "retreat", "departure", "exit", "surrender",
     "pullout", "pull-out", "evacuation", "retirement", "abdication"}
)  # fmt: skip


def retreat_told(tok: Token) -> bool:
    """True for a verb of saying whose object is a retreat ('announced his resignation'), not a
    press release nor the release of a document ('a release of figures')."""
    return any(
        c.dep_ == "dobj"
        and c.lemma_.lower() in RETREAT_NOUNS
        and not any(
            k.lower_ in ("press", "news")
            or (k.dep_ == "prep" and any(o.lemma_.lower() in DOCUMENT_OBJECTS for o in k.children))
            for k in c.children
        )
        for c in tok.children
    )


def vote_for_act(tok: Token) -> bool:
    """True for *vote* with a verb as its complement ('Congress voted to impeach the president',
    'voted to formally ask the Senate'): the act voted is the event, which events_train types by
    its verb ('voted to remove': COERCE), and the vote only the way a body does it."""
    return tok.lemma_.lower() == "vote" and any(
        c.dep_ == "xcomp" and c.pos_ == "VERB" for c in tok.children
    )


def leaving_no_visit(tok: Token) -> bool:
    """True for *leave* with no *for* ('left the debating chamber', 'has left the Paris
    Agreement'): a departure, which is no visit, unlike 'left for Beijing' (CAMEO's travel to
    meet); the trigger model reads CONSULT in most of its uses."""
    return tok.lemma_.lower() == "leave" and not any(
        c.dep_ == "prep" and c.lower_ == "for" for c in tok.children
    )


#: Words of a protest and of those who hold one: a demand they voice is the protest's.
_PROTEST_WORDS = frozenset(
    {"protest", "rally", "demonstration", "march", "strike", "sit-in", "walkout", "vigil",
     "protester", "protestor", "demonstrator", "marcher", "striker", "picket", "crowd",
     "demonstrate", "riot", "rioter", "boycott", "blockade", "occupation", "uprising",
     "chant"}
)  # fmt: skip
_DEMAND_VERBS = frozenset({"demand", "call", "urge", "ask", "seek", "press", "insist"})


def demand_of_a_protest(tok: Token) -> bool:
    """True for a verb of demanding in a participle that describes a protest or its crowd
    ('a student protest demanding the prime minister's resignation', 'demonstrators battling
    riot police and demanding the resignation of the president'): what a protest demands is
    the protest (PROTEST), not a request of its own."""
    if tok.lemma_.lower() not in _DEMAND_VERBS or tok.tag_ != "VBG":
        return False
    if tok.dep_ not in ("acl", "advcl", "conj", "xcomp"):
        return False
    head = tok.head
    while head.dep_ in ("advcl", "conj") and head.tag_ == "VBG" and head.head.i != head.i:
        head = head.head  # 'took to the streets, battling riot police and demanding ...'
    if head.lemma_.lower() in _PROTEST_WORDS:
        return True
    if head.pos_ != "VERB":
        return False
    subj = [c for c in head.children if c.dep_ == "nsubj"]
    # 'thousands of demonstrators': the crowd counted
    subj += [g for c in subj for p in c.children if p.lower_ == "of" for g in p.children]
    return any(c.lemma_.lower() in _PROTEST_WORDS for c in subj)


#: Words of a battle: arms taken in one are spoils of the fight, not a seizure of property.
_BATTLE_WORDS = frozenset(
    {"fighting", "fight", "battle", "clash", "combat", "offensive", "assault", "attack",
     "ambush", "skirmish", "firefight", "counteroffensive", "counterattack", "casualty"}
)  # fmt: skip
_MATERIEL = frozenset(
    {"weapon", "arm", "rifle", "gun", "firearm", "pistol", "ammunition", "munition",
     "explosive", "grenade", "equipment", "tank", "supply", "materiel", "vehicle", "carrier",
     "mortar", "launcher", "artillery"}
)  # fmt: skip


def spoils_of_battle(tok: Token) -> bool:
    """True for arms or military equipment seized in a battle its sentence tells ('the FMLN
    forces seized 30 rifles and war supplies', 'seized some ammunition in fighting with the
    KIA'): events_train codes the fight (ASSAULT), not a seizure beside it."""
    if tok.lemma_.lower() not in ("seize", "capture", "take", "seizure"):
        return False
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if tok.pos_ == "NOUN":
        objs = [g for c in tok.children if c.lower_ == "of" for g in c.children] or objs
    things = [
        o
        for o in objs
        if o.lemma_.lower() in _MATERIEL
        or any(
            g.lemma_.lower() in _MATERIEL
            for c in o.children
            if c.lower_ == "of"
            for g in c.children
        )
    ]
    if not things:
        return False
    return any(t.lemma_.lower() in _BATTLE_WORDS for t in tok.sent)


#: Verbs of answering whose *by* complement is the answer ('India responded by expelling').
_RESPOND_VERBS = frozenset({"respond", "retaliate", "react", "reply", "answer", "hit"})


def response_by(tok: Token) -> bool:
    """True for a verb of answering with a *by* complement that names the act ('India responded
    by expelling six Canadian diplomats', 'retaliated by imposing tariffs'): the act is the
    event, coded at its own word; the answering tells none of its own."""
    if tok.lemma_.lower() not in _RESPOND_VERBS or tok.pos_ != "VERB":
        return False
    return any(
        c.dep_ == "prep" and c.lower_ == "by" and any(g.tag_ == "VBG" for g in c.children)
        for c in tok.children
    )


def told_no(tok: Token, ptype: str, ctx: DocContext) -> bool:
    """True where the words around a trigger read as ``ptype`` say it tells no such event: a
    verb of saying is no RETREAT unless what it tells is one ('announced in a press release';
    out of fold, 22 of 26 RETREATs at 'announced' were wrong; 'announced his resignation' is
    one), *leave* without *for* no CONSULT ('left the debating chamber'), an order of a thing
    or arms taken in a battle no COERCE ('ordered an investigation', :func:`spoils_of_battle`),
    a report of what happened no ACCUSE ('authorities reported that ...'), a demand a protest
    voices no REQUEST ('a student protest demanding the prime minister's resignation':
    :func:`demand_of_a_protest`), a warning of hardship no THREATEN ('warned of difficult
    decisions'), harm an accident did no ASSAULT ('killed in a fire':
    :func:`harm_by_accident`); an answer made by an act is that act's, none of its own ('India
    responded by expelling six Canadian diplomats': :func:`response_by`)."""
    if response_by(tok):
        return True
    if ptype == "RETREAT":
        return tok.lemma_.lower() in SPEECH and not retreat_told(tok)
    if ptype == "CONSULT":
        return leaving_no_visit(tok)
    if ptype == "COERCE":
        return spoils_of_battle(tok) or ordered_thing(tok, ctx)
    if ptype == "ACCUSE":
        return reported_that(tok)
    if ptype == "REQUEST":
        return demand_of_a_protest(tok)
    if ptype == "ASSAULT":
        return harm_by_accident(tok)
    return ptype == "THREATEN" and hardship_warning(tok)


def type_ruled_out(tok: Token, ptype: str, ctx: DocContext) -> bool:
    """True where a rule the learned trigger obeys says ``tok`` tells no event of ``ptype``
    (its object, :func:`ruled_out_by_object`: 'released a report' no RETREAT; a measure being
    lifted no SANCTION or COERCE; :func:`told_no`): the same rules for a candidate of the
    PETRARCH patterns, which reads *release* as a release whatever is released."""
    if ruled_out_by_object(tok) == ptype:
        return True
    if ptype in ("SANCTION", "COERCE") and measure_lifted(tok):
        return True
    return told_no(tok, ptype, ctx)


#: What is said or decided: a verb of force with only such objects criticises them (not
#: 'position', which armies attack as often as ministers do).
SAID_OR_DECIDED = frozenset(
    {"decision", "move", "plan", "policy", "remark", "comment", "statement", "law", "bill",
     "proposal", "report", "claim", "ruling", "verdict", "budget", "stance", "approach",
     "speech", "measure", "reform", "idea", "announcement", "order", "decree", "resolution",
     "rhetoric", "handling", "response", "call", "demand", "suggestion"}
)  # fmt: skip


def criticism_of_words(tok: Token) -> bool:
    """A verb of force whose objects are all things said or decided ('The Palestinian
    Presidency slammed the Israeli government's decision', 'attacked the plan', 'blasted
    his remarks'): criticism, PLOVER's ACCUSE, not an attack."""
    if tok.pos_ != "VERB":
        return False
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    return bool(objs) and all(o.lemma_.lower() in SAID_OR_DECIDED for o in objs)


#: Nouns that count or part what their 'of' names ('a series of emails', 'copies of the
#: report'): the thing is the 'of' object.
_PARTS_OF = frozenset(
    {"series", "set", "batch", "number", "copy", "excerpt", "part", "portion", "sample",
     "selection", "collection", "trove", "cache", "raft", "slew", "host", "pair", "couple"}
)  # fmt: skip


def _counted(noun: Token) -> Token:
    """What a counting or parting noun counts ('series' in 'a series of emails': 'emails');
    any other noun itself."""
    if noun.lemma_.lower() not in _PARTS_OF:
        return noun
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return noun


def ruled_out_by_object(tok: Token) -> str | None:
    """The type a verb's object rules out ('Carney launched a plan to strengthen the military'
    is no ASSAULT; 'The African Union has stepped up efforts to secure ceasefires' no
    MOBILIZE: the event, if any, is what the plan or effort is for; 'the army released a
    video' sets no one free, no RETREAT; 'Reagan fired the aide' or 'fired Comey' dismisses,
    no ASSAULT), or None. A participle's noun is its object ('a letter released today'), and
    what a counting noun counts is the thing ('released a series of emails')."""
    if tok.pos_ != "VERB":
        return None
    lemma = tok.lemma_.lower()
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if not objs and tok.dep_ == "acl" and tok.tag_ == "VBN":
        objs = [tok.head]  # 'a letter released today'
    objs = [_counted(o) for o in objs]  # 'a series of emails'
    for verbs, objects, ptype in OBJECT_RULES_OUT:
        if (
            lemma in verbs
            and objs
            and all(o.lemma_.lower() in objects or o.ent_type_ in objects for o in objs)
        ):
            return ptype
    return None
