"""Trigger lexicon: which words say which CAMEO event.

Two sources, both bundled data: the PETRARCH CAMEO 2.0 verb dictionary converted to JSON
(verbs, their blocks' default codes and object/subject patterns), and newsevents' own
``triggers.tsv`` (verb code overrides and nominal triggers such as "visit", "talks", "sanctions").
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass(slots=True, frozen=True)
class TriggerMatch:
    """A trigger word with its CAMEO code (None: the dictionary says 'no event') and the reason."""

    code: str | None
    why: str
    specific: bool
    """True when a multi-word pattern (verb + object words) decided the code."""


_PREPS = {"with", "to", "from", "on", "over", "against", "for", "between", "by", "at", "in"}
_AID_KINDS = (
    ("072", {"military", "arms", "weapon", "weapons", "ammunition", "troops", "instructors"}),
    ("073", {"humanitarian", "food", "medical", "relief", "medicine", "medicines"}),
    ("071", {"economic", "financial", "loan", "loans", "budget", "cash"}),
)


#: A compiled pattern word: its alternatives, each a tuple of (part, part less a final s).
_Word = tuple[tuple[tuple[str, str], ...], ...]
#: A compiled pattern word as it is matched: the forms of its one-word alternatives as one set
#: (any of them among the words will do: one set test), and its alternatives of several words.
_Fast = tuple[frozenset[str], _Word]


#: A block's pattern as it is matched: its words before and after the verb (compiled), its code,
#: the codes of the lines written for particular verbs, and its words as written.
_Pattern = tuple[
    tuple[_Fast, ...], tuple[_Fast, ...], Any, dict[str, Any], tuple[str, ...], tuple[str, ...]
]


def _unique_patterns(
    block: dict[str, Any],
) -> dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[Any, dict[str, Any]]]:
    """A block's patterns, each once in the file's order: ``(code, {verb: code})``. A pattern
    the dictionary lists more than once with different codes (``APPROVE * &TREATY`` 031 beside
    ``RATIFY * &TREATY`` 057) takes the first line's code, and for a verb a line's comment
    names, the first line written for that verb."""
    out: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[Any, dict[str, Any]]] = {}
    for pre, post, code, named in block["patterns"]:
        if not pre and not post:
            continue
        key = (tuple(pre), tuple(post))
        for_verb = out.setdefault(key, (code, {}))[1]
        for verb in named:
            for_verb.setdefault(verb, code)
    return out


def _words_of(tokens: list[Token]) -> set[str]:
    out: set[str] = set()
    for t in tokens:
        out.add(t.lower_)
        out.add(t.lemma_.lower())
    return out


class Lexicon:
    """Verb and noun triggers with PETRARCH-style patterns; build with :func:`load_lexicon`."""

    def __init__(self, verbs_json: dict[str, Any], triggers: list[tuple[str, str, str, str]]):
        self._synsets: dict[str, list[str]] = verbs_json["synsets"]
        self._verbs: dict[str, list[dict[str, Any]]] = verbs_json["verbs"]
        self._blocks: list[dict[str, Any]] = verbs_json["blocks"]
        self.verb_overrides: dict[str, tuple[str, str]] = {}
        self.nouns: dict[str, tuple[str, str]] = {}
        self._local = threading.local()
        for pos, lemma, code, note in triggers:
            target = self.verb_overrides if pos == "VERB" else self.nouns
            target[lemma] = (code, note)
        self._compiled: dict[str, _Word] = {}
        self._fast: dict[str, _Fast] = {}
        # every pattern compiled once: they are tried for every verb of every text; longest
        # first (a stable sort, so equal lengths keep the file's order), so the first pattern
        # that matches is the block's best and the search can stop there
        self._patterns: list[list[_Pattern]] = [
            sorted(
                (
                    (
                        tuple(self._fast_word(w) for w in pre),
                        tuple(self._fast_word(w) for w in post),
                        code,
                        for_verb,
                        pre,
                        post,
                    )
                    for (pre, post), (code, for_verb) in _unique_patterns(block).items()
                ),
                key=lambda pattern: -(len(pattern[4]) + len(pattern[5])),
            )
            for block in self._blocks
        ]

    def _compile(self, word: str, seen: frozenset[str] = frozenset()) -> _Word:
        """A pattern word as its alternatives (a synset's members), each a tuple of (part, part
        less a final s) pairs, all of which must be among the words."""
        found = self._compiled.get(word)
        if found is not None:
            return found
        if word.startswith("&"):
            alts: list[tuple[tuple[str, str], ...]] = []
            if word not in seen:
                for member in self._synsets.get(word, []):
                    alts.extend(self._compile(member, seen | {word}))
            out: _Word = tuple(alts)
        else:
            out = (tuple((p, p.rstrip("s")) for p in word.split()),)
        self._compiled[word] = out
        return out

    def _fast_word(self, word: str) -> _Fast:
        found = self._fast.get(word)
        if found is None:
            alts = self._compile(word)
            single = frozenset(form for alt in alts if len(alt) == 1 for form in alt[0])
            found = (single, tuple(alt for alt in alts if len(alt) > 1))
            self._fast[word] = found
        return found

    @staticmethod
    def _present(word: _Fast, words: set[str]) -> bool:
        """True when one of the word's alternatives has all its parts (or each part less a
        final s) among ``words``."""
        single, several = word
        return not single.isdisjoint(words) or any(
            all(p in words or q in words for p, q in alt) for alt in several
        )

    def match_verb(self, verb: Token) -> TriggerMatch | None:
        """The code a verb (with the words around it) says, or None when it is not a trigger.

        Kept per doc (and thread): the learned coder's features and the pattern coder ask
        about the same verbs."""
        cache = self._cache_for(verb.doc)
        if verb.i not in cache:
            cache[verb.i] = self._match_verb(verb)
        return cache[verb.i]

    def _cache_for(self, doc: Doc) -> dict[int, TriggerMatch | None]:
        local = self._local
        if getattr(local, "doc", None) is not doc:
            local.doc = doc
            local.cache = {}
        cache: dict[int, TriggerMatch | None] = local.cache
        return cache

    def _match_verb(self, verb: Token) -> TriggerMatch | None:
        lemma = verb.lemma_.lower()
        if lemma not in self._verbs and lemma not in self.verb_overrides:
            # the small model mislemmatises some verbs ('staged' -> 'stag'): try base forms
            low = verb.lower_
            for suffix, add in (
                ("ed", "e"),
                ("ed", ""),
                ("d", ""),
                ("ing", "e"),
                ("ing", ""),
                ("s", ""),
            ):
                base = low[: -len(suffix)] + add if low.endswith(suffix) else ""
                if base and (base in self._verbs or base in self.verb_overrides):
                    lemma = base
                    break
        entries = self._verbs.get(lemma)
        override = self.verb_overrides.get(lemma)
        if not entries and not override:
            return None
        subtree = list(verb.subtree)
        after = _words_of([t for t in subtree if t.i > verb.i])
        before = _words_of([t for t in subtree if t.i < verb.i])
        best: tuple[int, str | None, str, set[str]] | None = None
        default: tuple[str | None, str] | None = None
        present = self._present
        for entry in entries or []:
            if entry["with"] and not all(present(self._fast_word(w), after) for w in entry["with"]):
                continue
            block = self._blocks[entry["block"]]
            if default is None or entry["with"]:
                name = f"{lemma}_{'_'.join(entry['with'])}" if entry["with"] else lemma
                default = (entry["code"], f"verb '{name}' in PETRARCH block {block['name']}")
            for cpre, cpost, code, for_verb, pre, post in self._patterns[entry["block"]]:
                score = len(pre) + len(post)
                if best is not None and score <= best[0]:
                    break  # longest first: nothing after this one beats the best so far
                if all(present(w, after) for w in cpost) and all(present(w, before) for w in cpre):
                    shown = " ".join([*pre, "*", *post])
                    best = (
                        score,
                        for_verb.get(lemma, code),
                        f"PETRARCH pattern '{shown}' in block {block['name']}",
                        set(pre) | set(post),
                    )
                    break  # the block's longest pattern that matches
        if best is not None and override is not None and best[0] <= 1 and best[3] <= _PREPS:
            best = None  # a bare preposition pattern ("negotiate * (WITH)") says less than ours
        if best is not None:
            return TriggerMatch(best[1], f"verb '{verb.text}': {best[2]}", True)
        if override is not None:
            return TriggerMatch(
                override[0], f"verb '{verb.text}' (newsevents lexicon: {override[1]})", False
            )
        if default is not None:
            return TriggerMatch(default[0], f"{default[1]}", False)
        return None

    def match_noun(self, noun: Token) -> TriggerMatch | None:
        """The code a nominal trigger ("visit", "talks", "sanctions") says, or None."""
        for key in (noun.lower_, noun.lemma_.lower()):
            found = self.nouns.get(key)
            if found is not None:
                code, why = found[0], f"noun '{noun.text}' (newsevents lexicon: {found[1]})"
                if code == "070":  # aid: what kind, from the words around it
                    words = _words_of(list(noun.subtree))
                    for kind, cues in _AID_KINDS:
                        hit = words & cues
                        if hit:
                            code = kind
                            why += f"; '{sorted(hit)[0]}' -> {kind}"
                            break
                return TriggerMatch(code, why, False)
        return None


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The bundled lexicon (cached per process)."""
    base = resources.files("newsevents") / "data" / "lexicon"
    verbs = json.loads((base / "verbs.json").read_text("utf-8"))
    rows: list[tuple[str, str, str, str]] = []
    for line in (base / "triggers.tsv").read_text("utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("pos\t"):
            continue
        pos, lemma, code, note = line.split("\t")
        rows.append((pos, lemma, code, note))
    return Lexicon(verbs, rows)
