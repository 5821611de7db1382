"""Who did it and to whom: dependency rules that find a trigger's source and target actors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..actors.resolve import ActorMention

#: Prepositions whose object is the target of a verb or nominal event.
TARGET_PREPS = {
    "to",
    "with",
    "against",
    "on",
    "at",
    "toward",
    "towards",
    "into",
    "upon",
    "over",
    "for",
}
#: Verbs whose subject performs the event named by their object noun ("held talks").
LIGHT_VERBS = {
    "hold",
    "conduct",
    "launch",
    "carry",
    "make",
    "pay",
    "begin",
    "start",
    "continue",
    "have",
    "lead",
    "stage",
    "impose",
    "open",
    "resume",
    "mount",
    "announce",
    "sign",
    "reach",
    "give",
    "issue",
    "level",
    "file",
    "step",
    "intensify",
    "escalate",
    "unleash",
    "join",
    "attend",
    "increase",
    "boost",
    "expand",
    "deliver",
    "offer",
}
POSSESSIVE_PRONOUNS = {"his", "her", "its", "their"}


class MentionIndex:
    """Finds the actor mention at, or nearest below, a token."""

    def __init__(self, mentions: Sequence[ActorMention], doc: Doc) -> None:
        self.doc = doc
        self.mentions = list(mentions)
        self._by_token: dict[int, ActorMention] = {}
        for m in self.mentions:
            for i in range(m.token_start, m.token_end):
                self._by_token[i] = m

    def doc_token(self, m: ActorMention) -> Token:
        """The head token of a mention."""
        return self.doc[m.head]

    def at(self, token: Token) -> ActorMention | None:
        """The mention covering this token."""
        return self._by_token.get(token.i)

    def under(self, token: Token, *, max_depth: int = 3) -> ActorMention | None:
        """The mention at this token, or the shallowest one in its subtree (e.g. 'the government
        of Sierra Leone' -> Sierra Leone's government mention)."""
        found = self.at(token)
        if found is not None:
            return found
        frontier = [token]
        for _ in range(max_depth):
            nxt: list[Token] = []
            for t in frontier:
                for c in t.children:
                    if c.dep_ not in ("compound", "poss", "amod", "nmod", "pobj", "prep"):
                        continue
                    if c.dep_ == "prep" and c.lower_ != "of":
                        continue
                    m = self.at(c)
                    if m is not None:
                        return m
                    nxt.append(c)
            frontier = nxt
        return None

    def with_conjuncts(self, token: Token) -> list[ActorMention]:
        """The mention for a token plus those of its conjuncts ('Russia and China', 'the US,
        Russia, and Switzerland'), following conjunctions from any token of the mention and
        list-like appositions (an apposition that itself has a conjunct)."""
        doc = token.doc
        out: list[ActorMention] = []
        seen: set[int] = set()
        stack = [token]
        while stack:
            t = stack.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            m = self.under(t)
            if m is not None:
                if m not in out:
                    out.append(m)
                stack.extend(doc[i] for i in range(m.token_start, m.token_end) if i not in seen)
            for c in t.children:
                if c.dep_ == "conj" or (
                    c.dep_ == "appos" and any(g.dep_ in ("conj", "cc") for g in c.children)
                ):
                    stack.append(c)
        return sorted(out, key=lambda m: m.token_start)


def subject_of(verb: Token) -> tuple[Token | None, str]:
    """The token doing the action of a verb, and the rule that found it."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c, "nsubj"
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p, "passive agent 'by'"
    if verb.dep_ == "xcomp" and verb.head.i != verb.i:
        # object control: "asked Obama to help", "urged Iran to stop": the object acts
        for c in verb.head.children:
            if c.dep_ in ("dobj", "obj") and c.i < verb.i:
                return c, f"object of '{verb.head.text}' (object control)"
    if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        tok, rule = subject_of(verb.head)
        if tok is not None and verb.head.lemma_ != "be":
            return tok, f"{rule} of '{verb.head.text}' ({verb.dep_})"
    if verb.dep_ == "relcl":
        return verb.head, "relative clause head"
    return None, ""


#: Verbs whose object is asked or told to act: the embedded action has not happened.
REQUEST_HEADS = {
    "ask",
    "urge",
    "call",
    "order",
    "want",
    "demand",
    "push",
    "press",
    "pressure",
    "encourage",
    "invite",
    "request",
    "tell",
    "force",
    "persuade",
    "convince",
    "instruct",
    "beg",
}
#: Verbs of leaving: "withdrew from Syria" acts on Syria.
AWAY_VERBS = {"withdraw", "retreat", "pull", "evacuate", "expel", "oust", "leave", "exit", "flee"}
#: "receive X from Y": Y is the one who acts.
RECEIVE_VERBS = {"receive", "accept", "get", "obtain", "win"}


def requested(verb: Token) -> bool:
    """True for an action someone is asked or told to do ('asked Obama to help Iran')."""
    if verb.head.lemma_.lower() not in REQUEST_HEADS or verb.head.i == verb.i:
        return False
    if verb.dep_ == "xcomp":
        return any(c.dep_ in ("dobj", "obj") and c.i < verb.i for c in verb.head.children)
    # "wants Putin to attack": the parser may give the embedded verb its own subject
    return (
        verb.dep_ in ("ccomp", "xcomp")
        and any(c.dep_ == "nsubj" and c.i < verb.i for c in verb.children)
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def objects_of(verb: Token) -> list[tuple[Token, str]]:
    """Tokens receiving a verb's action: passive subject, direct/dative object, target preps."""
    out: list[tuple[Token, str]] = []
    for c in verb.children:
        if c.dep_ in ("nsubjpass",):
            out.append((c, "passive subject"))
    for c in verb.children:
        if c.dep_ in ("dobj", "dative", "obj"):
            out.append((c, c.dep_))
    away = verb.lemma_.lower() in AWAY_VERBS
    for c in verb.children:
        if c.dep_ == "prep" and (c.lower_ in TARGET_PREPS or (away and c.lower_ == "from")):
            for p in c.children:
                if p.dep_ == "pobj":
                    out.append((p, f"'{c.lower_}' object"))
    # objects of the object ("imposed sanctions on Iran")
    for tok, _rule in list(out):
        if tok.dep_ in ("dobj", "obj"):
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            out.append((p, f"'{c.lower_}' object of '{tok.text}'"))
    return out


def noun_roles(noun: Token) -> tuple[list[tuple[Token, str]], list[tuple[Token, str]]]:
    """Candidate (source, target) tokens of a nominal event from its own modifiers."""
    sources: list[tuple[Token, str]] = []
    targets: list[tuple[Token, str]] = []
    for c in noun.children:
        if c.dep_ == "poss":
            sources.append((c, "possessor"))
        elif c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i:
            sources.append((c, "modifier"))
        elif c.dep_ == "prep":
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                if c.lower_ == "between":
                    conj = [p, *p.conjuncts]
                    if len(conj) >= 2:
                        sources.append((conj[0], "'between' first"))
                        for other in conj[1:]:
                            targets.append((other, "'between' second"))
                    else:
                        sources.append((p, "'between'"))
                elif c.lower_ in ("by", "from"):
                    sources.append((p, f"'{c.lower_}' object"))
                elif c.lower_ in TARGET_PREPS or c.lower_ == "of":
                    targets.append((p, f"'{c.lower_}' object"))
    return sources, targets
