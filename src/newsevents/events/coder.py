"""The event coder: spaCy parse -> actors -> triggers -> roles -> PLOVER/CAMEO events with evidence.

One ``Coder`` per process (it holds the parsed model, dictionaries and lexicon); it is cheap to
call for many articles, and ``code_articles`` streams them through ``nlp.pipe`` in batches.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ..dates import parse_datetime
from ..models import Actor, Event, Evidence, Location
from .assemble import EventContext, record_event
from .cameo import intended_code, lookup
from .detect import Detector, load_detector
from .lexicon import Lexicon, TriggerMatch, load_lexicon
from .locate import STATED, by_the_source, locate
from .modality import attribution_of, modality_of, phrase_of
from .participants import find_participants, verb_forms
from .prepare import HEADLINE_WORDS, cased_text, headline_end, prepare_parsed
from .records import build_records, place_namesakes
from .roles import LIGHT_VERBS, MentionIndex, subject_of
from .verify import Verifier, load_verifier
from .where_when import MOVES, ArticlePlaces, event_date

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

    from ..actors.resolve import ActorMention, ActorResolver
    from ..geo.resolver import Home

#: Longest piece of text parsed at once; longer articles are coded in paragraph-aligned chunks.
CHUNK_CHARS = 100_000
#: PLOVER types that need no target to be an event.
TARGETLESS = {"PROTEST", "MOBILIZE"}
#: Types where a compound subject with no object means the parties act on each other.
RECIPROCAL_TYPES = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE"}
#: Negotiations go both ways (as PETRARCH's dictionary codes "hold talks").
SYMMETRIC_CODES = {"046"}
SYMMETRIC_TRIGGERS = {"talk", "talks", "negotiate", "negotiation", "negotiations"}
#: Desire verbs: "wants to attack" is a threat in CAMEO too, unlike "will attack" or "agreed to".
_DESIRE = ("want", "hope", "seek", "wish", "aim", "consider", "propose", "willing", "ready")
_COOP_ROOTS = {"03", "04", "05", "06", "07", "08"}
#: Refused cooperation: "would not provide support" is a rejection.
_REJECT = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}
#: Sectors of generic actors that act where they are (police, protesters, civilians, courts, ...).
_DOMESTIC_SECTORS = frozenset(
    {"COP", "OPP", "CVL", "JUD", "LEG", "EDU", "MED", "LAB", "BUS", "REL"}
)
#: A generic CAMEO code for each PLOVER type, used when the classifier decides the type.
GENERIC_CODE = {
    "AGREE": "030",
    "CONSULT": "040",
    "SUPPORT": "050",
    "CONCEDE": "080",
    "COOPERATE": "060",
    "AID": "070",
    "RETREAT": "084",
    "REQUEST": "020",
    "ACCUSE": "112",
    "REJECT": "120",
    "THREATEN": "130",
    "PROTEST": "140",
    "SANCTION": "160",
    "MOBILIZE": "150",
    "COERCE": "170",
    "ASSAULT": "190",
}


class ArticleLike(Protocol):
    """What the coder needs of an article."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def published(self) -> str | None: ...


A = TypeVar("A", bound=ArticleLike)


@dataclass(kw_only=True)
class CoderOptions:
    """Options for a :class:`Coder` (one object in, so the CLI, API and workers agree)."""

    actor_files: Sequence[Path] = ()
    """Extra actor/agent dictionaries: newsevents JSONL or PETRARCH .actors/.agents files."""
    include_bundled_actors: bool = True
    use_classifier: bool = True
    """Let the trained pair classifier code verbs the lexicon does not know."""
    classifier_threshold: float = 0.75
    learned: bool = True
    """Code with the learned detector (trigger, argument and mode models, PETRARCH patterns as
    one of its signals); False codes with the patterns alone, as before version 0.2."""
    batch_size: int = 8
    """Texts parsed together by ``nlp.pipe``. Memory grows with the text in one batch: on the
    corpus' longest articles 32 peaked at 1.09 GB and 8 at 0.78 GB, at the same speed
    (bench/peak_memory.py)."""


@dataclass(slots=True)
class _Draft:
    """What one trigger decided, shared by the events it yields (reciprocal ones included)."""

    trigger: Token
    code: str
    base_code: str
    entry: Any
    modality: str
    reasons: list[str]
    base_conf: float
    sent: Span
    ctx: _Context
    times: Sequence[Any]


@dataclass(slots=True)
class _Context:
    article_id: str
    published: date | None
    offset: int = 0
    events: list[Event] = field(default_factory=list)
    index: MentionIndex | None = None
    """Actor mentions of the chunk being coded."""
    where: ArticlePlaces = field(default_factory=ArticlePlaces)
    consumed: set[int] = field(default_factory=set)
    """Tokens of the chunk already coded as part of another trigger's event."""
    emitted: dict[int, list[Event]] = field(default_factory=dict)
    """Events of the chunk by the index of the trigger token that coded them."""
    original: str = ""
    """The article text of the chunk as written (the parse may see its headline re-cased)."""


def _as_date(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parsed = parse_datetime(value)
    return parsed.date() if isinstance(parsed, datetime) else parsed


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, chunk) pieces of at most CHUNK_CHARS, cut at paragraph or line breaks."""
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start + CHUNK_CHARS // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + CHUNK_CHARS // 2, end)
            end = cut + 1 if cut != -1 else end
        yield start, text[start:end]
        start = end


class Coder:
    """Codes articles into events. Build once, reuse for every article."""

    def __init__(self, options: CoderOptions | None = None, *, nlp: Language | None = None):
        from ..actors.dictionary import ActorDictionary
        from ..actors.resolve import ActorResolver
        from ..nlp import load_nlp

        self.options = options or CoderOptions()
        self.nlp = nlp or load_nlp()
        dictionary = ActorDictionary.load(
            list(self.options.actor_files), include_bundled=self.options.include_bundled_actors
        )
        self.resolver: ActorResolver = ActorResolver(dictionary, place_namesakes=place_namesakes)
        self.lexicon: Lexicon = load_lexicon()
        self._classifier: Any = None
        self.detector: Detector | None = load_detector() if self.options.learned else None
        self.verifier: Verifier | None = load_verifier() if self.options.learned else None

    # -- public API ----------------------------------------------------------------------------
    def code_text(
        self, text: str, *, published: str | date | None = None, article_id: str = "text"
    ) -> list[Event]:
        """Events in one text (any length; empty text gives no events)."""
        ctx = _Context(article_id, _as_date(published))
        if not text or not text.strip():
            return []
        for offset, chunk in _chunks(text):
            ctx.offset = offset
            ctx.original = chunk
            self._code_doc(self.nlp(self._cased(chunk, offset)), ctx)
        return by_the_source(_merge(ctx.events))

    def code_articles(
        self,
        articles: Iterable[A],
        *,
        homes: Mapping[str, Home] | None = None,
        places: dict[str, Counter[str]] | None = None,
    ) -> Iterator[tuple[A, list[Event]]]:
        """Stream (article, events) pairs, parsing in batches with ``nlp.pipe``. ``homes``: by
        article id, where its source's other articles are (a prior for its place names);
        ``places``, when given, receives by article id what each adds to its source's home."""

        heads: dict[int, str] = {}

        def pieces() -> Iterator[tuple[str, tuple[int, int, A]]]:
            for n, article in enumerate(articles):
                text = article.text or ""
                if not text.strip():
                    yield "", (n, -1, article)
                    continue
                head = self._headline(article)
                if head:
                    heads[n] = head
                    text = head + text
                for offset, chunk in _chunks(text):
                    yield self._cased(chunk, offset), (n, offset, article)

        def done(n: int, article: A, ctx: _Context) -> tuple[A, list[Event]]:
            head = heads.pop(n, "")
            if places is not None:
                places[article.id] = ctx.where.local
            events = ctx.events
            merged = _merge(_to_article_offsets(events, len(head)) if head else events)
            return article, by_the_source(merged)

        current: tuple[int, A, _Context] | None = None
        for doc, (n, offset, article) in self.nlp.pipe(
            pieces(), as_tuples=True, batch_size=self.options.batch_size
        ):
            if current is not None and current[0] != n:
                yield done(*current)
                current = None
            if current is None:
                home = homes.get(article.id) if homes else None
                where = ArticlePlaces(home=home)
                current = (
                    n,
                    article,
                    _Context(article.id, _as_date(article.published), where=where),
                )
            if offset >= 0:
                coded = heads.get(n, "") + (article.text or "")
                current[2].offset = offset
                current[2].original = coded[offset : offset + len(doc.text)]
                self._code_doc(doc, current[2])
        if current is not None:
            yield done(*current)

    # -- one parsed chunk ----------------------------------------------------------------------
    def _headline(self, article: ArticleLike) -> str:
        """What the learned coder reads before an article's text: its title as a headline line
        ('Title.' and a blank line, as the coder was trained), unless the text already opens
        with it or the title is too long to be a headline."""
        title = (getattr(article, "title", None) or "").strip()
        text = (article.text or "").lstrip()
        if self.detector is None or not title or "\n" in title:
            return ""
        if text[: len(title)].lower() == title.lower() or len(title.split()) > HEADLINE_WORDS:
            return ""
        return f"{title}.\n\n"

    def _cased(self, chunk: str, offset: int) -> str:
        """The chunk as parsed (the learned coder only): an opening headline, and text written
        in capitals, in sentence case (same length, so every offset holds)."""
        if self.detector is None:
            return chunk
        return cased_text(chunk, self.resolver, headline=offset == 0, nlp=self.nlp)[0]

    def _code_learned(self, doc: Doc, ctx: _Context) -> None:
        """The learned coder: pattern events as hints, detections, article-level records."""
        from ..time import resolve_in_doc

        assert self.detector is not None
        ctx.where.update(doc, first_chunk=ctx.offset == 0)
        times = resolve_in_doc(doc, ctx.published) if ctx.published is not None else []

        def patterns(d: Doc, mentions: list[ActorMention], published: date | None) -> list[Event]:
            rules = _Context("rules", published, offset=0, where=ctx.where)
            self._code_doc(d, rules, mentions, patterns_only=True, times=times)
            return rules.events

        raw = ctx.original if len(ctx.original) == len(doc.text) else doc.text
        title_end = headline_end(raw) if ctx.offset == 0 else 0
        dctx = prepare_parsed(doc, title_end, self.resolver, ctx.published, patterns, nlp=self.nlp)
        records = build_records([*self.detector.detect(dctx), *dctx.rule_candidates], dctx)
        if self.verifier is not None:
            records = self.verifier.keep(records, dctx)
        by_trigger: dict[int, list[Event]] = {}
        starts = {t.idx: t.i for t in doc}
        for ev in dctx.rule_events:
            ti = starts.get(ev.evidence.trigger_start or -1)
            if ti is not None:
                by_trigger.setdefault(ti, []).append(ev)
        ectx = EventContext(
            ctx.article_id,
            ctx.published,
            ctx.offset,
            ctx.where,
            times,
            self.lexicon,
            by_trigger,
            dctx.title_end,
            raw,
        )
        for rec in records:
            event = record_event(rec, ectx)
            if event is not None:
                ctx.events.append(event)

    def rule_events(
        self, doc: Doc, mentions: list[ActorMention], published: date | None
    ) -> list[Event]:
        """The PETRARCH-pattern coder's events in a parsed text (offsets into ``doc.text``)."""
        ctx = _Context("rules", published)
        self._code_doc(doc, ctx, mentions, patterns_only=True)
        return ctx.events

    def _code_doc(
        self,
        doc: Doc,
        ctx: _Context,
        mentions: list[ActorMention] | None = None,
        *,
        patterns_only: bool = False,
        times: Sequence[Any] | None = None,
    ) -> None:
        from ..time import resolve_in_doc

        if self.detector is not None and not patterns_only:
            self._code_learned(doc, ctx)
            return
        if mentions is None:
            mentions = self.resolver.resolve(doc, published=ctx.published)
        index = MentionIndex(mentions, doc)
        ctx.index = index
        if times is None:
            ctx.where.update(doc, first_chunk=ctx.offset == 0)
            times = resolve_in_doc(doc, ctx.published) if ctx.published is not None else []
        ctx.consumed.clear()
        ctx.emitted.clear()
        prev_subject: ActorMention | None = None
        for sent in doc.sents:
            for tok in sent:
                if tok.i in ctx.consumed or (tok.pos_ == "VERB" and self._carried_by_object(tok)):
                    continue
                match = self._trigger(tok)
                if match is None:
                    if self.options.use_classifier and tok.pos_ == "VERB" and tok.dep_ == "ROOT":
                        self._classifier_event(tok, sent, index, ctx, times, prev_subject)
                    continue
                if match.code is None or match.code.startswith("01"):
                    continue
                self._rule_event(tok, match, sent, index, ctx, times, prev_subject)
            subj, _ = subject_of(sent.root)
            if subj is not None and index.under(subj) is not None:
                prev_subject = index.under(subj)

    def _carried_by_object(self, verb: Token) -> bool:
        """'increased its deliveries of arms to X', 'launched attacks on Y': a light verb whose
        object is itself an event noun leaves the event to that noun."""
        if verb_forms(verb).isdisjoint(LIGHT_VERBS):
            return False
        return any(
            c.dep_ in ("dobj", "obj") and self.lexicon.match_noun(c) is not None
            for c in verb.children
        )

    def _event_noun_subject(self, verb: Token) -> Token | None:
        """'A Taliban attack killed ten soldiers': the event noun that is the subject of a verb
        with an object (the verb's event, once coded, carries the noun's)."""
        if not any(c.dep_ in ("dobj", "obj") for c in verb.children):
            return None
        for c in verb.children:
            if c.dep_ == "nsubj" and self.lexicon.match_noun(c) is not None:
                return c
        return None

    def _trigger(self, tok: Token) -> TriggerMatch | None:
        if tok.pos_ == "VERB":
            return self.lexicon.match_verb(tok)
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound",):
            return self.lexicon.match_noun(tok)
        return None

    # -- events --------------------------------------------------------------------------------
    def _rule_event(
        self,
        trigger: Token,
        match: TriggerMatch,
        sent: Span,
        index: MentionIndex,
        ctx: _Context,
        times: Sequence[Any],
        prev_subject: ActorMention | None,
    ) -> None:
        assert match.code is not None
        sources, targets, why = find_participants(trigger, index, prev_subject)
        consumed = set(ctx.consumed)
        if not sources and targets and trigger.pos_ == "VERB":
            sources = self._source_from_event_noun(trigger, index, ctx, why)
        if not sources:
            return
        before = len(ctx.events)
        self._emit(
            trigger,
            match.code,
            match.why,
            0.8 if match.specific else 0.65,
            sources,
            targets,
            why,
            sent,
            ctx,
            times,
        )
        if len(ctx.events) == before:  # no event after all: the noun is coded on its own
            ctx.consumed = consumed
            return
        ctx.emitted[trigger.i] = ctx.events[before:]
        subject_noun = self._event_noun_subject(trigger) if trigger.pos_ == "VERB" else None
        if subject_noun is not None and ctx.emitted.get(subject_noun.i):
            # the noun came first and was coded; the verb's event says the same, more fully
            carried = ctx.emitted.pop(subject_noun.i)
            ctx.events = [e for e in ctx.events if not any(e is c for c in carried)]

    def _source_from_event_noun(
        self, verb: Token, index: MentionIndex, ctx: _Context, why: list[str]
    ) -> list[ActorMention]:
        """'Ten soldiers were killed in a Taliban attack': a passive verb with no agent takes its
        source from the event noun it happened in; that noun is then not coded again."""
        if not any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
            return []
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "during"):
                continue
            for noun in prep.children:
                if noun.dep_ != "pobj" or noun.pos_ not in ("NOUN", "PROPN"):
                    continue
                match = self.lexicon.match_noun(noun)
                if match is None or match.code is None:
                    continue
                sources, _, noun_why = find_participants(noun, index, None)
                if sources:
                    ctx.consumed.add(noun.i)
                    why.insert(0, f"{noun_why[0]} of '{noun.text}' ('{verb.text} {prep.text} ...')")
                    return sources
        return []

    def _classifier_event(
        self,
        verb: Token,
        sent: Span,
        index: MentionIndex,
        ctx: _Context,
        times: Sequence[Any],
        prev_subject: ActorMention | None,
    ) -> None:
        sources, targets, why = find_participants(verb, index, prev_subject)
        if not sources or not targets:
            return
        clf = self._get_classifier()
        if clf is None:
            return
        try:
            pred = clf(sent.text, *_pair_texts(sent, sources, targets), sent)
        except ValueError:
            return
        if pred.confidence < self.options.classifier_threshold:
            return
        code = GENERIC_CODE.get(pred.plover_type)
        if code is None:
            return
        reason = (
            f"verb '{verb.text}' not in the lexicon; pair classifier says {pred.plover_type} "
            f"(p={pred.confidence:.2f}), generic CAMEO {code}"
        )
        self._emit(verb, code, reason, pred.confidence, sources, targets, why, sent, ctx, times)

    def _get_classifier(self) -> Any:
        if self._classifier is None:
            try:
                from .classifier import classify_pair

                self._classifier = classify_pair
            except (ImportError, FileNotFoundError, OSError):
                self._classifier = False
        return self._classifier or None

    def _emit(
        self,
        trigger: Token,
        code: str,
        trigger_why: str,
        base_conf: float,
        sources: list[ActorMention],
        targets: list[ActorMention],
        role_why: list[str],
        sent: Span,
        ctx: _Context,
        times: Sequence[Any],
    ) -> None:
        modality, modality_why = modality_of(trigger)
        reasons = [trigger_why]
        base_code = code
        if modality == "negated" and code[:2] in _COOP_ROOTS:
            reasons.append(
                f"{modality_why}: refusing cooperation, so CAMEO {code} -> {_REJECT[code[:2]]} "
                "(REJECT)"
            )
            code = _REJECT[code[:2]]
            base_code = code
            modality = "asserted"
        elif modality == "intended":
            intent = intended_code(code)
            if intent is not None and intent != code:
                reasons.append(
                    f"{modality_why}: intended, so CAMEO {code} -> {intent} "
                    "(PLOVER codes promised cooperation as AGREE, promised force as THREATEN)"
                )
                code = intent
                if any(f"under '{w}" in modality_why.lower() for w in _DESIRE):
                    # a wish is itself the event (no action is arranged): no asserted code
                    base_code = code
            else:
                reasons.append(f"{modality_why}: intended")
        elif modality != "asserted":
            reasons.append(f"{modality_why}: {modality}")
        entry = lookup(code)
        if entry is None:
            return
        draft = _Draft(
            trigger, code, base_code, entry, modality, reasons, base_conf, sent, ctx, times
        )
        place_target = False
        if not targets:
            place = self._place_actor(trigger, sent, ctx, material_conflict=entry.quad_class == 4)
            if place is not None:
                targets = [place]
                place_target = True
                role_why = [
                    *role_why,
                    f"target: the place '{place.actor.text}' (PETRARCH codes "
                    "the location of an event without a target as its target)",
                ]
        if not targets and len(sources) > 1 and entry.plover_type in RECIPROCAL_TYPES:
            # "Brazil and the United States are seeking to deepen a partnership": each with each
            for i, one in enumerate(sources):
                others = [m for m in sources if m is not one]
                self._emit_one(draft, [one], others, [*role_why, "reciprocal: compound subject"])
                if i > 0 and len(sources) > 4:
                    break
            return
        if not targets and entry.plover_type not in TARGETLESS:
            return
        self._emit_one(draft, sources, targets, role_why, place_target=place_target)
        if (
            code in SYMMETRIC_CODES
            and trigger.lemma_.lower() in SYMMETRIC_TRIGGERS
            and len(sources) == 1
            and len(targets) == 1
        ):
            self._emit_one(draft, targets, sources, [*role_why, "reciprocal: talks go both ways"])

    @staticmethod
    def _place_actor(
        trigger: Token, sent: Span, ctx: _Context, *, material_conflict: bool
    ) -> ActorMention | None:
        """A place named as where a nominal or verbal event happened ('talks in Beijing'), or,
        for force, where its object is ('hit a refinery in Russia's Krasnodar region')."""
        index = ctx.index
        heads = [trigger, trigger.head]
        if trigger.pos_ == "VERB" and material_conflict:
            heads += [c for c in trigger.children if c.dep_ in ("dobj", "obj")]
        for tok in heads:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "at", "outside", "near"):
                    for p in c.children:
                        if p.dep_ != "pobj" or index is None:
                            continue
                        m = index.under(p)
                        if m is None:
                            continue
                        m = _with_place_country(m, ctx)
                        if (
                            m.actor.country
                            and m.actor.country != "IGO"
                            and (
                                m.actor.kind in ("country", "agent")
                                or sent.doc[m.head].ent_type_ in ("GPE", "LOC", "FAC")
                            )
                        ):
                            return m
        return None

    def _emit_one(
        self,
        draft: _Draft,
        sources: list[ActorMention],
        targets: list[ActorMention],
        role_why: list[str],
        *,
        place_target: bool = False,
    ) -> None:
        trigger, code, base_code, entry = draft.trigger, draft.code, draft.base_code, draft.entry
        modality, sent, ctx = draft.modality, draft.sent, draft.ctx
        reasons = list(draft.reasons)
        src_actors = [self._actor(m, sent.doc, ctx, role=True) for m in sources]
        src_ids = {a.actor_id for a in src_actors}
        src_countries = {a.country for a in src_actors if a.kind != "country"}
        tgt_actors = [
            a
            for a in (self._actor(m, sent.doc, ctx, role=True) for m in targets)
            if a.actor_id not in src_ids
            # a person or agent acting on their own country as a whole is a misparse, unless
            # the country is the event's place ('a Taliban attack in Kandahar')
            and (place_target or not (a.kind == "country" and a.country in src_countries))
        ]
        if targets and not tgt_actors:
            return
        placement = locate(
            trigger,
            sent,
            ctx.where,
            offset=ctx.offset,
            targets=tgt_actors,
            sources=src_actors,
            plover_type=entry.plover_type,
        )
        location = placement.location
        if location.country and placement.rule in STATED:
            # 'ten soldiers were killed in Kandahar': generic targets with no country of their own
            # are coded with the country where it happened, as PETRARCH does; so are generic
            # sources of a domestic kind ('demonstrators protested in Tbilisi') but not armed
            # ones ('soldiers fired on villagers in Gaza' need not be Palestinian soldiers)
            tgt_actors = [_placed(a, location) for a in tgt_actors]
            if trigger.lemma_.lower() not in MOVES:  # travellers come from elsewhere
                src_actors = [
                    _placed(a, location)
                    if a.sectors and _DOMESTIC_SECTORS.issuperset(a.sectors)
                    else a
                    for a in src_actors
                ]
        if tgt_actors and all(a.kind == "agent" and a.country is None for a in tgt_actors):
            # only an unplaceable generic target ("a team", "the wealthy Gulf state"): no dyad
            return
        speaker_tok = attribution_of(trigger)
        attribution = phrase_of(speaker_tok) if speaker_tok is not None else None
        when, precision, date_why = event_date(trigger, sent, ctx.published, draft.times)
        reasons.extend(role_why)
        reasons.append(date_why)
        confidence = base_conf = draft.base_conf
        clf = self._get_classifier() if self.options.use_classifier else None
        if clf is not None and sources and targets and "classifier" not in reasons[0]:
            # blend the rule's prior with the calibrated classifier's probability of this type
            try:
                pred = clf(sent.text, *_pair_texts(sent, sources, targets), sent)
                p_type = float(pred.scores.get(entry.plover_type, 0.0))
                confidence = 0.5 * base_conf + 0.5 * p_type
                reasons.append(f"classifier p({entry.plover_type})={p_type:.2f}")
            except ValueError:
                pass
        if modality in ("negated", "denied"):
            confidence *= 0.7
        if any(a.why.startswith("NER") for a in src_actors + tgt_actors):
            confidence *= 0.85
        offset = ctx.offset
        reasons.append(placement.why)
        extra: dict[str, Any] = {"cameo_asserted_code": base_code} if base_code != code else {}
        extra["location_rule"] = placement.rule
        ctx.events.append(
            Event(
                article_id=ctx.article_id,
                plover_type=entry.plover_type,
                plover_mode=entry.plover_mode or None,
                cameo_code=entry.code if len(code) > len(entry.code) else code,
                quad_class=entry.quad_class,
                goldstein=entry.goldstein,
                sources=src_actors,
                targets=tgt_actors,
                date=when,
                date_precision=precision,  # type: ignore[arg-type]
                location=location,
                modality=modality,  # type: ignore[arg-type]
                attribution=attribution,
                confidence=round(min(max(confidence, 0.05), 0.99), 3),
                evidence=Evidence(
                    sentence=sent.text.strip(),
                    start=offset + sent.start_char + (len(sent.text) - len(sent.text.lstrip())),
                    end=offset + sent.start_char + len(sent.text.rstrip()),
                    trigger=trigger.text,
                    trigger_start=offset + trigger.idx,
                    trigger_end=offset + trigger.idx + len(trigger.text),
                ),
                why="; ".join(r for r in reasons if r),
                extra=extra,
            )
        )

    def _actor(self, m: ActorMention, doc: Doc, ctx: _Context, *, role: bool) -> Actor:
        a = m.actor
        sectors = list(a.sectors)
        why = a.why
        country = a.country
        if country is None and ctx.index is not None:
            # "a court in Guyana", "the mayor of Nablus": an agent takes the country of its place
            head = doc[m.head]
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "of", "from"):
                    for p in c.children:
                        place = ctx.index.under(p) if p.dep_ == "pobj" else None
                        if place is not None and place.actor.country and place is not m:
                            country = place.actor.country
                            why = (why + "; " if why else "") + (
                                f"country from '{c.text} {place.actor.text}'"
                            )
                            break
                if country is not None:
                    break
        if country is None and a.kind == "country":
            placed = _with_place_country(m, ctx)
            if placed.actor.country is not None:
                country = placed.actor.country
                why = placed.actor.why
        if role and a.kind == "country" and not sectors:
            sectors = ["GOV"]
            why = (why + "; " if why else "") + "a country named as actor stands for its government"
        return Actor(
            text=a.text,
            name=a.name,
            actor_id=a.actor_id if country == a.country else f"{country}{''.join(sectors[:1])}",
            country=country,
            sectors=sectors,
            kind=a.kind,
            start=None if a.start is None else ctx.offset + a.start,
            end=None if a.end is None else ctx.offset + a.end,
            why=why,
        )


def _to_article_offsets(events: list[Event], head: int) -> list[Event]:
    """Offsets into ``headline + text`` -> offsets into the article text; evidence in the
    headline keeps its offsets in the title and says so (``part="title"``), actor words in the
    headline lose theirs (they are not in the text)."""

    def shift(ev_start: int, ev_end: int) -> tuple[int, int, str]:
        if ev_start >= head:
            return ev_start - head, ev_end - head, "text"
        return ev_start, min(ev_end, head - 3), "title"

    for ev in events:
        e = ev.evidence
        e.start, e.end, e.part = shift(e.start, e.end)
        if e.part == "text" and e.trigger_start is not None and e.trigger_end is not None:
            e.trigger_start -= head
            e.trigger_end -= head
        if e.part == "title":
            e.sentence = e.sentence[: e.end - e.start]
        for m in ev.extra.get("mention_evidence", []):
            m["start"], m["end"], m["part"] = shift(m["start"], m["end"])
            if m["part"] == "text":
                m["trigger_start"] -= head
                m["trigger_end"] -= head
            else:
                m["sentence"] = m["sentence"][: m["end"] - m["start"]]
        in_text = [m for m in ev.extra.get("mention_evidence", []) if m["part"] == "text"]
        if e.part == "title" and in_text:
            # the text's own words as the main evidence, so it can be shown in place
            m = in_text[0]
            ev.evidence = Evidence(
                m["sentence"], m["start"], m["end"], m["trigger"], m["trigger_start"],
                m["trigger_end"],
            )  # fmt: skip
        for a in [*ev.sources, *ev.targets]:
            if a.start is not None and a.end is not None:
                a.start, a.end = (a.start - head, a.end - head) if a.start >= head else (None, None)
    return events


def _with_place_country(m: ActorMention, ctx: _Context) -> ActorMention:
    """A place name the actor dictionaries do not know ('Rafah', 'Mandera') takes the country of
    the place the geoparser resolved there (context-aware: datelines, the article's countries)."""
    a = m.actor
    if a.country is not None or a.kind != "country" or a.start is None or a.end is None:
        return m
    for p in ctx.where.places:
        if p.start <= a.start < p.end and p.country:
            why = (a.why + "; " if a.why else "") + f"country {p.country} of the place '{p.name}'"
            return replace(m, actor=replace(a, country=p.country, why=why))
    return m


def _placed(a: Actor, location: Location) -> Actor:
    """A generic agent with no country ('ten soldiers') coded with the event's country."""
    if a.kind != "agent" or a.country is not None or not location.country:
        return a
    why = (a.why + "; " if a.why else "") + (
        f"country {location.country} of the event's place '{location.name}'"
    )
    sector = "".join(a.sectors[:1])
    return replace(a, country=location.country, actor_id=f"{location.country}{sector}", why=why)


def _pair_texts(
    sent: Span, sources: list[ActorMention], targets: list[ActorMention]
) -> tuple[str, str]:
    """Surface texts of the first source and target, as the pair classifier takes them."""
    doc = sent.doc
    return (
        doc[sources[0].token_start : sources[0].token_end].text,
        doc[targets[0].token_start : targets[0].token_end].text,
    )


def _merge(events: list[Event]) -> list[Event]:
    """Merge repeats of one event inside an article: same actors, code, and date."""
    merged: dict[tuple[Any, ...], Event] = {}
    for ev in events:
        key = (
            tuple(sorted(a.actor_id for a in ev.sources)),
            tuple(sorted(a.actor_id for a in ev.targets)),
            ev.cameo_code,
            ev.modality,
        )
        found = merged.get(key)
        if found is None:
            merged[key] = ev
            continue
        found.mentions += 1
        if ev.confidence > found.confidence:
            ev.mentions = found.mentions
            merged[key] = ev
    out = list(merged.values())
    seen: set[str] = set()
    for ev in out:
        ev.event_id = ev.compute_id()
        while ev.event_id in seen:  # two distinct events with one key: keep both, ids apart
            ev.event_id = "e" + ev.event_id
        seen.add(ev.event_id)
    return out
