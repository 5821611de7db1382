"""Features of the learned coder: what a token says about being an event trigger, what an actor
mention says about being that trigger's source or target, and what a trigger says of its mode.

Shared by training (scripts/train_coder.py) and coding, so both see exactly the same strings.
Every feature is a short string (hashed later); spaCy's parse, tags and entities, the actor
resolver's mentions and the PETRARCH-derived lexicons are the inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .classifier import Lexicon as VerbLexicon
from .lexicon import Lexicon as TriggerLexicon
from .modality import modality_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..actors.resolve import ActorMention

#: Bumped whenever a feature string changes; a model trained on another version is refused.
FEATURE_VERSION = 5

#: Parts of speech a trigger can have ("attack" the noun, "attacked" the verb, "hostile" rarely).
TRIGGER_POS = frozenset({"VERB", "NOUN", "PROPN", "ADJ"})
#: CAMEO root -> PLOVER type (the lexicon's codes as a type hint).
ROOT_TYPE = {
    "01": "STATEMENT", "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT",
    "06": "COOPERATE", "07": "AID", "08": "CONCEDE", "09": "INVESTIGATE", "10": "REQUEST",
    "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE",
    "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}  # fmt: skip
_MODALS = frozenset({"will", "would", "shall", "may", "might", "could", "can", "should", "must"})
_NEG = frozenset({"not", "no", "never", "n't", "neither", "nor", "without"})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "from"})


@dataclass(slots=True)
class DocContext:
    """What the features need of one parsed text besides the doc."""

    doc: Doc
    mentions: Sequence[ActorMention]
    title_end: int
    """Character offset where the headline ends (0: no headline)."""
    rule_types: dict[int, set[str]] = field(default_factory=dict)
    """PLOVER types the PETRARCH-pattern coder gave each trigger token (one signal of many)."""
    rule_roles: dict[tuple[int, int], str] = field(default_factory=dict)
    """(trigger token, mention head token) -> SOURCE or TARGET in the pattern coder's events."""
    rule_events: list[Any] = field(default_factory=list)
    """The pattern coder's events on this text (their CAMEO codes serve the records)."""
    rule_candidates: list[Any] = field(default_factory=list)
    """The pattern coder's events as detections (candidates for records)."""
    by_token: dict[int, int] = field(default_factory=dict)
    """Token index -> index of the actor mention covering it."""

    def __post_init__(self) -> None:
        for k, m in enumerate(self.mentions):
            for i in range(m.token_start, m.token_end):
                self.by_token.setdefault(i, k)

    def mention_at(self, tok: Token) -> ActorMention | None:
        """The actor mention covering ``tok``, if any."""
        k = self.by_token.get(tok.i)
        return None if k is None else self.mentions[k]

    def in_title(self, tok: Token) -> bool:
        """True when ``tok`` is part of the headline."""
        return tok.idx < self.title_end


@dataclass(frozen=True, slots=True)
class Lexicons:
    """The PETRARCH-derived lexicons used as features."""

    verbs: VerbLexicon
    triggers: TriggerLexicon


def _lemma(tok: Token) -> str:
    lemma = tok.lemma_.lower() or tok.lower_
    return "<num>" if lemma[:1].isdigit() else lemma


def is_candidate(tok: Token) -> bool:
    """Tokens that may be triggers: verbs, nouns, a few adjectives; never stop words alone."""
    return tok.pos_ in TRIGGER_POS and tok.is_alpha and len(tok.text) > 1 and not tok.is_stop


def lexicon_types(tok: Token, lex: Lexicons) -> list[str]:
    """PLOVER types the lexicons give ``tok`` (PETRARCH patterns and verb lemmas)."""
    out: list[str] = []
    match = None
    if tok.pos_ == "VERB":
        match = lex.triggers.match_verb(tok)
    elif tok.pos_ in ("NOUN", "PROPN"):
        match = lex.triggers.match_noun(tok)
    if match is not None and match.code:
        out.append("pat:" + ROOT_TYPE.get(match.code[:2], "?"))
        out.append("patc:" + match.code[:3])
    lemma = tok.lemma_.lower()
    for code in lex.verbs.verbs.get(lemma, ()):
        out.append("lex:" + ROOT_TYPE.get(code[:2], "?"))
    for child in tok.children:
        if child.dep_ in ("dobj", "prep", "xcomp", "prt"):
            for code in lex.verbs.pairs.get(f"{lemma} {child.lemma_.lower()}", ()):
                out.append("lexp:" + ROOT_TYPE.get(code[:2], "?"))
    return out


def trigger_features(tok: Token, ctx: DocContext, lex: Lexicons) -> list[str]:
    """Features of ``tok`` as a possible event trigger."""
    lemma = _lemma(tok)
    pos = tok.pos_
    head = tok.head
    f = [
        "b",
        f"l:{lemma}",
        f"lp:{lemma}|{pos}",
        f"p:{pos}",
        f"t:{tok.tag_}",
        f"d:{tok.dep_}",
        f"hd:{tok.dep_}|{_lemma(head)}",
        f"hp:{head.pos_}",
        f"ld:{lemma}|{tok.dep_}",
    ]
    if ctx.in_title(tok):
        f += ["title", f"tl:{lemma}"]
    if tok.ent_type_:
        f.append(f"ent:{tok.ent_type_}")
    if ctx.mention_at(tok) is not None:
        f.append("in_actor")
    has_subj = has_obj = False
    for c in tok.children:
        dep = c.dep_
        if dep in ("punct", "det", "cc"):
            continue
        cl = _lemma(c)
        f.append(f"cd:{dep}")
        if dep in ("aux", "auxpass", "neg", "prt", "dobj", "nsubj", "nsubjpass", "xcomp", "amod"):
            f.append(f"c:{dep}:{cl}")
            f.append(f"lc:{lemma}|{dep}:{cl}")
        m = ctx.mention_at(c)
        if dep in ("nsubj", "nsubjpass", "poss", "agent", "compound", "amod") and m is not None:
            has_subj = has_subj or dep in ("nsubj", "poss", "compound", "amod")
            f.append(f"actor:{dep}:{m.actor.kind}")
        if dep in ("dobj", "obj", "dative") and m is not None:
            has_obj = True
            f.append(f"actor:{dep}:{m.actor.kind}")
        if dep == "prep":
            f.append(f"pr:{cl}")
            f.append(f"lpr:{lemma}|{cl}")
            for p in c.children:
                if p.dep_ == "pobj":
                    f.append(f"pro:{cl}:{_lemma(p)}")
                    pm = ctx.mention_at(p)
                    if pm is not None:
                        f.append(f"actor:prep:{cl}:{pm.actor.kind}")
                        if cl in ("against", "with", "on", "to", "for"):
                            has_obj = True
                    if cl == "by" and pm is not None:
                        has_subj = True
        if dep == "agent":
            for p in c.children:
                if ctx.mention_at(p) is not None:
                    has_subj = True
    if has_subj:
        f.append("has_subj")
    if has_obj:
        f.append("has_obj")
    f.append(f"so:{int(has_subj)}{int(has_obj)}|{pos}")
    if tok.dep_ in ("xcomp", "ccomp", "advcl", "conj", "acl", "relcl", "pcomp", "pobj", "dobj"):
        f.append(f"gov:{tok.dep_}:{_lemma(head)}")
    if tok.dep_ == "compound":
        f.append(f"cmp:{_lemma(head)}")
    hm = ctx.mention_at(head)
    if tok.dep_ == "amod" and hm is not None:
        f.append("amod_actor")
    for t in lexicon_types(tok, lex):
        f.append(t)
        f.append(f"{t}|{pos}")
    for t in ctx.rule_types.get(tok.i, ()):
        f += ["rule", f"rule:{t}"]
    doc = ctx.doc
    if tok.i > 0:
        prev = doc[tok.i - 1]
        f.append(f"w-1:{_lemma(prev)}")
    if tok.i + 1 < len(doc):
        f.append(f"w+1:{_lemma(doc[tok.i + 1])}")
    return f


def _path(a: Token, b: Token) -> tuple[list[str], list[str]]:
    """Dependency labels from ``a`` up to the common ancestor, then down to ``b``."""
    up_a: list[Token] = [a]
    while up_a[-1].head.i != up_a[-1].i and len(up_a) < 12:
        up_a.append(up_a[-1].head)
    seen = {t.i: n for n, t in enumerate(up_a)}
    down: list[Token] = [b]
    while down[-1].i not in seen and down[-1].head.i != down[-1].i and len(down) < 12:
        down.append(down[-1].head)
    if down[-1].i not in seen:
        return [], []
    top = seen[down[-1].i]
    ups = [t.dep_ if t.dep_ != "prep" else f"prep:{t.lower_}" for t in up_a[:top]]
    downs = [t.dep_ if t.dep_ != "prep" else f"prep:{t.lower_}" for t in reversed(down[:-1])]
    return ups, downs


def _bucket(n: int) -> str:
    for limit in (1, 2, 4, 7, 12, 20):
        if n <= limit:
            return str(limit)
    return "far"


def arg_features(trig: Token, m: ActorMention, ptype: str, ctx: DocContext, rank: int) -> list[str]:
    """Features of mention ``m`` as the source or target of a ``ptype`` event at ``trig``;
    ``rank`` is the mention's distance rank from the trigger (0: nearest)."""
    doc = ctx.doc
    head = doc[m.head]
    same_sent = head.sent.start == trig.sent.start
    before = m.token_end <= trig.i
    inside = m.token_start <= trig.i < m.token_end
    kind = m.actor.kind or "?"
    tl = _lemma(trig)
    f = ["b", f"k:{kind}", f"t:{ptype}", f"kt:{kind}|{ptype}", f"rank:{min(rank, 5)}"]
    f.append(f"country:{int(m.actor.country is not None)}")
    if m.actor.sectors:
        f.append(f"sec:{m.actor.sectors[0]}")
        f.append(f"sect:{m.actor.sectors[0]}|{ptype}")
    pos = "in" if inside else ("before" if before else "after")
    f += [f"pos:{pos}", f"post:{pos}|{ptype}", f"same:{int(same_sent)}"]
    dist = 0 if inside else (trig.i - m.token_end + 1 if before else m.token_start - trig.i)
    f.append(f"dist:{_bucket(dist)}")
    f.append(f"ttl:{int(ctx.in_title(trig))}{int(ctx.in_title(head))}")
    if head.ent_type_:
        f.append(f"ent:{head.ent_type_}")
    f.append(f"hdep:{head.dep_}")
    if head.dep_ == "pobj":
        prep = head.head.lower_
        f += [f"prep:{prep}", f"prept:{prep}|{ptype}"]
        if prep in _LOCATIVE and (head.ent_type_ in ("GPE", "LOC", "FAC") or kind == "country"):
            f.append("locative")
    if same_sent and not inside:
        ups, downs = _path(trig, head)
        if ups or downs or trig.i == head.i:
            p = "^".join(ups) + "|" + "v".join(downs)
            short = (ups[:1], downs[-1:])
            f += [
                f"path:{p}",
                f"patht:{p}|{ptype}",
                f"pathl:{p}|{tl}",
                f"pl:{len(ups)},{len(downs)}",
                f"sp:{short}",
                f"spt:{short}|{ptype}",
            ]
        else:
            f.append("nopath")
    if inside:
        f.append(f"inside:{head.dep_}")
    nominal = trig.pos_ in ("NOUN", "PROPN")
    if nominal and head.head.i == trig.i and head.dep_ in ("poss", "compound", "amod"):
        f.append(f"nmod:{head.dep_}")
    f.append(f"tp:{trig.pos_}")
    if trig.i in ctx.rule_types:
        role = ctx.rule_roles.get((trig.i, m.head), "NONE")
        f += [f"rule:{role}", f"rulet:{role}|{ptype}"]
    return f


MODES = ("asserted", "intended", "threatened")


def modality_features(trig: Token, ctx: DocContext) -> list[str]:
    """Features of the mode of an event at ``trig`` (asserted, intended or threatened)."""
    f = ["b", f"l:{_lemma(trig)}", f"p:{trig.pos_}", f"t:{trig.tag_}"]
    if ctx.in_title(trig):
        f.append("title")
    chain: list[Token] = [trig]
    cur = trig
    for _ in range(4):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        chain.append(cur)
    for depth, tok in enumerate(chain[:3]):
        for c in tok.children:
            low = c.lower_
            if c.dep_ in ("aux", "auxpass") and low in _MODALS | {"going", "to"}:
                f.append(f"aux{min(depth, 1)}:{low}")
            if c.dep_ == "neg" or low in _NEG:
                f.append(f"neg{min(depth, 1)}")
        if depth > 0:
            f.append(f"up{depth}:{_lemma(tok)}")
    f.append(f"dep:{trig.dep_}")
    rule_mode, _ = modality_of(trig)
    f.append(f"rule_mode:{rule_mode}")
    return f
