"""Modality (asserted, intended, negated, conditional, denied) and attribution of a trigger."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

FUTURE_AUX = {"will", "shall", "'ll", "wo", "going"}
INTENT_HEADS = {
    "plan",
    "intend",
    "promise",
    "pledge",
    "vow",
    "agree",
    "offer",
    "want",
    "seek",
    "hope",
    "expect",
    "aim",
    "prepare",
    "decide",
    "propose",
    "ready",
    "willing",
    "commit",
    "set",
    "schedule",
    "due",
    "consider",
}
DENY_HEADS = {"deny", "dismiss", "refute", "reject"}
SPEECH = {
    "say",
    "tell",
    "announce",
    "report",
    "state",
    "add",
    "claim",
    "cite",
    "allege",
    "declare",
    "confirm",
    "note",
    "write",
    "insist",
    "quote",
    "disclose",
    "reveal",
    "mention",
    "explain",
    "stress",
    "emphasize",
    "emphasise",
    "accord",
}


#: Nouns whose 'that' clause is a supposition, not a report ('the theory that she has been
#: kidnapped', 'speculation that he will resign'): GUIDELINES' hypotheticals.
HYPOTHESIS_NOUNS = frozenset(
    {"theory", "hypothesis", "possibility", "speculation", "rumour", "rumor"}
)  # fmt: skip
#: Verbs that make a supposition a fact ('confirmed rumours that the gang is negotiating').
_CONFIRM = frozenset({"confirm", "prove", "verify", "corroborate", "substantiate"})
#: Verbs whose 'no' object is what was promised or said, not a sign that they did not happen
#: ('pledges no spending cuts' is a pledge).
_SAYING = frozenset({"pledge", "promise", "vow", "guarantee", "assure", "say", "see", "expect",
                     "predict", "forecast", "report", "find"})  # fmt: skip


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if any(c.dep_ == "det" and c.lower_ in ("no", "never") for c in tok.children):
        return True
    if any(_no_one(c) for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")):
        return True  # 'neither country would threaten', 'no one was hurt'
    # 'offered no signs of compromise', 'did nothing': the verb's object says it did not happen
    if tok.lemma_.lower() in _SAYING:
        return False
    return any(_nothing(c) for c in tok.children if c.dep_ == "dobj")


def _no_one(subj: Token) -> bool:
    """A subject that says no one acted: 'neither country', 'no government', 'nobody',
    'no one', 'none of the parties' (not 'no doubt', which is no actor; not 'not only')."""
    if subj.lower_ in ("nobody", "none", "noone"):
        return True
    if subj.lower_ == "one" and any(c.lower_ == "no" for c in subj.children):
        return True
    return any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in subj.children)


def _nothing(obj: Token) -> bool:
    """An object that says nothing was done: 'no signs', 'nothing' (not 'nothing but praise')."""
    if any(c.lower_ in ("but", "except", "less", "short") for c in obj.children):
        return False
    return obj.lower_ in ("nothing", "none") or any(
        c.dep_ == "det" and c.lower_ == "no" for c in obj.children
    )


#: Verbs that keep an action from happening ('stop them protesting', 'barred the union from
#: striking').
_PREVENT = frozenset({"stop", "prevent", "bar", "ban", "block", "deter", "forbid", "prohibit",
                      "keep", "dissuade", "discourage", "restrain", "hinder"})  # fmt: skip


def _prevented(tok: Token) -> Token | None:
    """The verb that keeps a verb trigger from happening, if any: its complement with a party of
    its own ('stop them protesting') or after 'from' ('prevented protesters from marching');
    not a plain 'stop attacking', which says the attacks went on until then."""
    if tok.pos_ != "VERB" or tok.tag_ not in ("VBG", "VB"):
        return None
    head = tok.head
    gov = head.head if tok.dep_ == "pcomp" and head.lower_ == "from" else head
    if gov.lemma_.lower() not in _PREVENT or gov.pos_ != "VERB" or gov.ent_type_:
        return None  # 'Just Stop Oil: Greens co-leader criticises ...' names a group
    if any(t.is_punct for t in tok.doc[gov.i + 1 : tok.i]):
        return None
    if gov is not head:
        return gov if head.dep_ == "prep" else None
    if tok.dep_ in ("ccomp", "xcomp") and gov.lemma_.lower() != "keep":  # 'keep them fighting'
        own = any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
        if own or any(c.dep_ == "dobj" for c in head.children):
            return head
    return None


#: Auxiliaries that make a negated verb a refusal ('will not negotiate', 'would not apologise').
_REFUSAL_AUX = frozenset({"will", "wo", "would", "shall", "'ll", "'d"})
#: Verbs whose negated complement, or whose complement, is refused ('decided not to attend',
#: 'refused to sign').
_REFUSAL_HEADS = frozenset({"decide", "vow", "pledge", "promise", "choose", "opt", "resolve"})
_REFUSE = frozenset({"refuse", "decline"})


def refused(tok: Token) -> Token | None:
    """The word that makes a verb trigger a refusal, if any: a negated future or volition
    ('will not negotiate', 'said it would not participate', 'decided not to attend') or the
    complement of *refuse* or *decline* ('refused to sign'). PLOVER codes a refused act of
    cooperation or yielding as REJECT; a conditional ('would not ... if') is no refusal."""
    if tok.pos_ != "VERB":
        return None
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _REFUSE:
        return tok.head
    if not any(c.dep_ == "neg" for c in tok.children):
        return None
    if _if_clause(tok) is not None or any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children
    ):
        return None  # 'would not send troops if the ceasefire failed'
    aux = next((c for c in tok.children if c.dep_ == "aux" and c.lower_ in _REFUSAL_AUX), None)
    if aux is not None:
        return aux
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _REFUSAL_HEADS:
        return tok.head
    return None


#: Modals under which a hostile act with a condition is a threat ('could strike if', 'will
#: retaliate unless', 'may put a tariff on countries if').
_THREAT_MODALS = frozenset({"will", "wo", "would", "could", "may", "might", "shall", "'ll", "'d"})


def threatened_if(tok: Token) -> Token | None:
    """The *if* or *unless* of a hostile act promised on a condition ('will impose sanctions on
    Russia unless it withdraws', 'may put a tariff on countries if they don't go along'): a
    threat, PLOVER's THREATEN, which happened even though the act has not."""
    if tok.pos_ != "VERB" or not any(
        c.dep_ == "aux" and c.lower_ in _THREAT_MODALS for c in tok.children
    ):
        return None
    return _if_clause(tok)


#: Verbs of promising: what they promise is a promise (AGREE) when it is cooperation, a threat
#: when it is harm (GUIDELINES: 'a threat of force is THREATEN').
_PROMISE_VERBS = frozenset({"vow", "pledge", "promise", "swear"})
#: Acts of harm or force a promise can name ('vowed to retaliate', 'pledged to crush', 'vowed
#: revenge').
_HARM_ACTS = frozenset(
    {"retaliate", "retaliation", "revenge", "avenge", "vengeance", "strike", "attack", "hit",
     "punish", "destroy", "crush", "eliminate", "annihilate", "defeat", "target", "kill",
     "invade", "bomb", "wipe", "expel", "fight", "war", "smash", "eradicate", "exterminate"}
)  # fmt: skip


def vowed_harm(tok: Token) -> Token | None:
    """The act of harm a verb of promising names, as its complement or object ('Iran vowed to
    retaliate against Israel', 'Israel vowed to destroy Hamas', 'vowed revenge'), if any: the
    promise is a threat, PLOVER's THREATEN, not a promise of cooperation."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in _PROMISE_VERBS:
        return None
    for c in tok.children:
        if c.dep_ in ("xcomp", "dobj", "ccomp") and c.lemma_.lower() in _HARM_ACTS:
            if any(k.dep_ == "neg" or k.lower_ == "never" for k in c.children):
                return None  # 'pledged to never attack him': a promise of restraint
            return c
    return None


def _if_clause(tok: Token) -> Token | None:
    """The *if* or *unless* of an adverbial clause of ``tok`` ('... unless it withdraws')."""
    return next(
        (
            k
            for c in tok.children
            if c.dep_ == "advcl"
            for k in c.children
            if k.dep_ == "mark" and k.lower_ in ("if", "unless")
        ),
        None,
    )


def _ruled_out(tok: Token) -> Token | None:
    """The *rule out* whose object or complement the trigger is ('ruled out using military
    force', 'ruling out any further talks', 'has not ruled out sending troops'), if any: an
    action ruled out is not done, one not ruled out only possible."""
    head = tok.head
    if tok.dep_ not in ("xcomp", "ccomp", "dobj", "pcomp") or head.lemma_.lower() != "rule":
        return None
    return head if any(c.dep_ == "prt" and c.lower_ == "out" for c in head.children) else None


def _supposed(tok: Token) -> Token | None:
    """The supposition noun whose 'that' clause a verb trigger heads, if any ('the theory that
    the mother has been kidnapped'); not one a verb confirms."""
    clause = tok.head if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") else tok
    noun = clause.head
    if clause.dep_ not in ("acl", "ccomp") or noun.i == clause.i or noun.pos_ != "NOUN":
        return None
    if noun.lemma_.lower() not in HYPOTHESIS_NOUNS:
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        return None
    if noun.head.lemma_.lower() in _CONFIRM:
        return None
    return noun


#: Words that ask for something: what they ask for has not happened ('urged Iran to
#: negotiate', 'Calls grow for Starmer to resign', 'demanded that the president resign').
REQUEST_HEADS = frozenset(
    {"urge", "ask", "demand", "call", "press", "appeal", "request", "petition", "beg",
     "implore", "plead", "pressure", "lobby", "exhort"}
)  # fmt: skip
_REQUEST_LINKS = frozenset({"xcomp", "ccomp", "advcl", "acl", "relcl", "pobj", "prep", "dobj"})


def requested(trigger: Token) -> Token | None:
    """The word that asks for the action at ``trigger``, within three steps up its sentence
    ('negotiate' under 'urged', 'resign' under 'Calls grow for'), or None: what is asked for
    is no event of its own (GUIDELINES: the request is)."""
    cur = trigger
    for _ in range(3):
        if cur.dep_ not in _REQUEST_LINKS or cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.lemma_.lower() in REQUEST_HEADS:
            return cur
        subj = next((c for c in cur.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
        if subj is not None and subj.lemma_.lower() in REQUEST_HEADS:
            return subj  # 'Calls grow for Starmer to resign'
    return None


def _chain(tok: Token, limit: int = 6) -> list[Token]:
    """The trigger and its ancestors within the sentence, nearest first."""
    out = [tok]
    cur = tok
    for _ in range(limit):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        out.append(cur)
    return out


def modality_of(trigger: Token) -> tuple[str, str]:
    """(modality, reason) for a verb or noun trigger."""
    verb = trigger
    through_prep = False
    if trigger.pos_ == "NOUN":
        # nominal events take the modality of the clause they sit in, but not its negation
        # when they hang from a preposition: 'will not bow to threats', 'did not agree after
        # the talks' (the threats and the talks happened); 'did not hold talks' is negated
        for anc in _chain(trigger)[1:]:
            if anc.pos_ in ("VERB", "AUX"):
                verb = anc
                break
            through_prep = through_prep or anc.dep_ in ("prep", "pobj")
        through_prep = through_prep or trigger.dep_ == "pobj"
    rule = _ruled_out(trigger)
    if rule is not None:
        if _negated(rule):
            return "conditional", f"a possibility: not ruled out ('{rule.text}')"
        return "negated", f"ruled out: '{rule.text} out'"
    if _negated(trigger) or (verb.i != trigger.i and not through_prep and _negated(verb)):
        return "negated", f"negation on '{verb.text}'"
    for anc in _chain(trigger)[1:]:
        lemma = anc.lemma_.lower()
        if lemma in DENY_HEADS and anc.pos_ == "VERB":
            return "denied", f"under '{anc.text}'"
    kept_from = _prevented(trigger)
    if kept_from is not None:
        return "negated", f"kept from happening: under '{kept_from.text}'"
    supposed = _supposed(trigger)
    if supposed is not None:
        return "conditional", f"a supposition: '{supposed.text}'"
    for c in verb.children:
        if c.dep_ == "mark" and c.lower_ in ("if", "unless"):
            return "conditional", f"'{c.text}' clause"
    for anc in _chain(verb)[:3]:
        if anc.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in anc.children
        ):
            return "conditional", f"'if' clause around '{anc.text}'"
    aux_holders = [verb]
    if verb.dep_ == "conj" and not any(c.dep_ == "aux" for c in verb.children):
        aux_holders.append(verb.head)  # "will invade and destroy": 'destroy' shares 'will'
    for holder in aux_holders:
        for c in holder.children:
            if c.dep_ == "aux" and c.lower_ in FUTURE_AUX:
                return "intended", f"future '{c.text} {verb.text}'"
    for anc in _chain(trigger)[1:4]:
        if anc.lemma_.lower() in INTENT_HEADS:
            return "intended", f"under '{anc.text}'"
        if anc.dep_ == "ROOT":
            break
    return "asserted", "indicative"


def attribution_of(trigger: Token) -> Token | None:
    """The speaker of a speech verb governing the trigger ('..., TASS reported'), if any."""
    for anc in _chain(trigger)[1:]:
        if anc.lemma_.lower() in SPEECH and anc.pos_ == "VERB":
            for c in anc.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    return c
                if c.dep_ == "agent":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return p
            if anc.lemma_.lower() == "accord":
                for c in anc.children:
                    if c.dep_ == "prep":
                        for p in c.children:
                            if p.dep_ == "pobj":
                                return p
    # sentence-level sources: "according to X", "..., X reported"
    sent = trigger.sent
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end:
            nxt = tok.doc[tok.i + 1]
            for p in nxt.children:
                if p.dep_ == "pobj":
                    return p
    root = sent.root
    if root.lemma_.lower() in SPEECH and root.i != trigger.i:
        for c in root.children:
            if c.dep_ == "nsubj":
                return c
    return None


def phrase_of(tok: Token) -> str:
    """A short noun phrase for a token: its left modifiers and the head ('Russian state media')."""
    words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ != "punct"]
    return " ".join(t.text for t in words[-8:])
