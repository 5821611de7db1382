"""Text in, parsed context out: headline detection and case, the spaCy parse, actor mentions.

Training (scripts/train_coder.py) and coding go through the same function, so the models see
the same parses they were trained on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from ..actors.dictionary import fold_name, given_names
from .english import english_words
from .features import DocContext
from .headline import (
    in_capitals,
    is_caps_text,
    is_lower_text,
    mark_headline_passives,
    sentence_case_body,
    sentence_case_title,
)
from .headline_verbs import repair_headline_verb, repair_infinitives, verb_lemmas
from .pronouns import pronoun_mentions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..actors.resolve import ActorMention, ActorResolver
    from ..models import Event
    from .detect import Detection

#: The pattern coder as a signal: (doc, mentions, published) -> its events on that doc.
RuleCoder = Callable[["Doc", "list[ActorMention]", "date | None"], "list[Event]"]

__all__ = [
    "cased_text",
    "headline_end",
    "prepare",
    "prepare_parsed",
    "rule_detections",
    "rule_hints",
    "visible_text",
]

#: A first line is a headline when it is at most this many words and holds one sentence.
HEADLINE_WORDS = 30
#: A sentence end inside a line (an acronym's dots, as in "U.S. and Iran", are not one).
_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{2})[.!?][\"'’”)]*\s+\S")
#: The shortest word of a text in capitals kept capitalised as a name when it is no English
#: word (shorter ones are acronyms, handled apart, or noise).
_MIN_NAME = 3
#: Invisible characters feeds leave at a word's edge (Reuters' zero-width spaces and
#: non-joiners: `tanker\u200b in`, `\u200cWashington`); read as the space they stand for.
_INVISIBLE_CHARS = "[\u200b-\u200d\u2060\ufeff]"
_ANY_INVISIBLE = re.compile(_INVISIBLE_CHARS)
_INVISIBLE = re.compile(rf"(?<!\w){_INVISIBLE_CHARS}|{_INVISIBLE_CHARS}(?!\w)")


def visible_text(text: str) -> str:
    """``text`` with an invisible character at a word's edge as a space: the same length, so
    every offset stays; one inside a word (a joiner in a script that needs it) stays."""
    return _INVISIBLE.sub(" ", text) if _ANY_INVISIBLE.search(text) else text


def headline_end(text: str) -> int:
    """Length of the headline that opens ``text`` (its first line, when short and a single
    sentence, followed by a blank line or newline), or 0."""
    cut = text.find("\n")
    if cut <= 0:
        return 0
    first = text[:cut].rstrip()
    if not first or len(first.split()) > HEADLINE_WORDS or _SENTENCE_END.search(first):
        return 0
    return len(first)


def cased_text(
    text: str, resolver: ActorResolver, *, headline: bool = True, nlp: Language | None = None
) -> tuple[str, int]:
    """``text`` as the learned coder parses it (an opening headline in sentence case, and a body
    written in capitals, or in lower case, in sentence case too, names the actor dictionaries
    know keeping their capitals, and with ``nlp``'s lexicon, words that are no English word as
    well) and the headline's end (0: none; ``headline=False`` for a later chunk of an article,
    which opens with no headline)."""
    text = visible_text(text)
    end = headline_end(text) if headline else 0
    dictionary = resolver.dictionary

    def is_name(word: str) -> bool:
        return any(c.entry.kind != "agent" for c in dictionary.lookup(word))

    body = text[end:]
    if is_lower_text(body):
        body = in_capitals(body)  # names lost their capitals as in an all-caps text
    if is_caps_text(body):
        from spacy.lang.en.stop_words import STOP_WORDS as stop

        def name_form(phrase: str) -> str | None:
            for c in dictionary.lookup(phrase):
                pattern = c.pattern
                if c.entry.kind == "agent" or pattern.lower() != phrase.lower():
                    continue
                if pattern.islower() or (pattern.isupper() and phrase.lower() in stop):
                    continue  # 'WHO', 'IS', 'US' are words before they are acronyms
                return pattern
            # a word that is no English word is a name the dictionaries lack ('MONTOYA'),
            # kept capitalised for the parser and the entity recogniser (``nlp``'s lexicon)
            if is_english is None:
                return None
            if phrase.isalpha() and len(phrase) >= _MIN_NAME and not is_english(phrase.lower()):
                return phrase.capitalize()
            # a given name that is also a word, before such a name ('HECTOR AREVALO')
            words = phrase.split(" ")
            if (
                len(words) == 2
                and all(w.isalpha() and len(w) >= _MIN_NAME for w in words)
                and fold_name(words[0]) in given_names()
                and not is_english(words[1].lower())
            ):
                return " ".join(w.capitalize() for w in words)
            return None

        is_english = english_words(nlp) if nlp is not None else None
        text = text[:end] + sentence_case_body(body, name_form)
    if not end:
        return text, 0
    return sentence_case_title(text, end, is_name), end


def parse_text(nlp: Language, resolver: ActorResolver, text: str) -> tuple[Doc, int]:
    """The parse of ``text`` with its headline in sentence case; returns (doc, headline end)."""
    cased, end = cased_text(text, resolver, nlp=nlp)
    return nlp(cased), end


def rule_hints(
    doc: Doc, mentions: Sequence[ActorMention], events: Sequence[Event]
) -> tuple[dict[int, set[str]], dict[tuple[int, int], str]]:
    """Trigger types and argument roles of the pattern coder's events, by token."""
    by_char = {t.idx: t.i for t in doc}
    types: dict[int, set[str]] = {}
    roles: dict[tuple[int, int], str] = {}
    for ev in events:
        ti = by_char.get(ev.evidence.trigger_start or -1)
        if ti is None:
            continue
        types.setdefault(ti, set()).add(ev.plover_type)
        for role, actors in (("SOURCE", ev.sources), ("TARGET", ev.targets)):
            for a in actors:
                if a.start is None or a.end is None:
                    continue
                for m in mentions:
                    m0 = doc[m.token_start].idx
                    last = doc[m.token_end - 1]
                    if m0 < a.end and a.start < last.idx + len(last.text):
                        roles.setdefault((ti, m.head), role)
    return types, roles


def rule_detections(
    doc: Doc, mentions: Sequence[ActorMention], events: Sequence[Event]
) -> list[Detection]:
    """The pattern coder's events as candidate detections (its actors as the mentions that
    cover them), for the record verifier to weigh beside the learned ones."""
    from ..actors.build import is_place
    from .detect import PLACE_TARGET_TYPES, Detection, forces_moved

    by_char = {t.idx: t.i for t in doc}

    def covering(start: int | None, end: int | None) -> ActorMention | None:
        if start is None or end is None:
            return None
        for m in mentions:
            last = doc[m.token_end - 1]
            if doc[m.token_start].idx < end and start < last.idx + len(last.text):
                return m
        return None

    out: list[Detection] = []
    for ev in events:
        ti = by_char.get(ev.evidence.trigger_start or -1)
        if ti is None:
            continue
        sources = [(m, ev.confidence) for a in ev.sources if (m := covering(a.start, a.end))]
        targets = [(m, ev.confidence) for a in ev.targets if (m := covering(a.start, a.end))]
        if ev.plover_type not in PLACE_TARGET_TYPES:
            # PETRARCH makes the place of a targetless event its target ('talks in Geneva'); a
            # record keeps places as locations, never parties (GUIDELINES)
            targets = [(m, p) for m, p in targets if not is_place(m.actor)]
        # the forces a verb moves are the mover's own ('withdrew his men'), as for the learned
        targets = [(m, p) for m, p in targets if not forces_moved(doc[ti], m)]
        if not sources:
            continue
        mode = "intended" if ev.modality == "intended" else "asserted"
        out.append(
            Detection(
                doc[ti], ev.plover_type, ev.confidence, mode, 0.5, sources, targets, "patterns"
            )
        )
    return out


def prepare_parsed(
    doc: Doc,
    title_end: int,
    resolver: ActorResolver,
    published: date | None,
    rules: RuleCoder | None = None,
    *,
    pronouns: bool = True,
    nlp: Language | None = None,
) -> DocContext:
    """The context of an already parsed text: its actor mentions resolved at ``published``,
    and, given the pattern coder ``rules``, its events as hints; with ``pronouns``, personal
    pronouns as mentions of the person each stands for (added after the pattern coder ran);
    given ``nlp`` (the pipeline that parsed ``doc``), a headline verb it read as a noun is read
    again (:func:`~newsevents.events.headline_verbs.repair_headline_verb`), and an infinitive it
    tagged a noun is a verb (:func:`~newsevents.events.headline_verbs.repair_infinitives`)."""
    if nlp is not None:
        repair_headline_verb(doc, title_end, nlp, verb_lemmas(nlp))
        repair_infinitives(doc, verb_lemmas(nlp))
    mark_headline_passives(doc, title_end)
    mentions = resolver.resolve(doc, published=published)
    ctx = DocContext(doc=doc, mentions=mentions, title_end=title_end)
    if rules is not None:
        events = rules(doc, mentions, published)
        ctx.rule_events = list(events)
        ctx.rule_types, ctx.rule_roles = rule_hints(doc, mentions, events)
        ctx.rule_candidates = rule_detections(doc, mentions, events)
    return with_pronouns(ctx) if pronouns else ctx


def with_pronouns(ctx: DocContext) -> DocContext:
    """``ctx`` with personal pronouns as mentions of the person each stands for
    (:func:`~newsevents.events.pronouns.pronoun_mentions`), after the pattern coder has run."""
    extra = pronoun_mentions(ctx.doc, list(ctx.mentions))
    if not extra:
        return ctx
    mentions = sorted([*ctx.mentions, *extra], key=lambda m: (m.token_start, m.token_end))
    return replace(ctx, mentions=mentions, by_token={})  # the token index is built anew


def prepare(
    nlp: Language,
    resolver: ActorResolver,
    text: str,
    published: date | None,
    rules: RuleCoder | None = None,
    *,
    pronouns: bool = True,
) -> DocContext:
    """Parse ``text`` (headline in sentence case), resolve its actor mentions, add the pattern
    coder's hints (and pronoun mentions: see :func:`prepare_parsed`)."""
    doc, end = parse_text(nlp, resolver, text)
    return prepare_parsed(doc, end, resolver, published, rules, pronouns=pronouns, nlp=nlp)
