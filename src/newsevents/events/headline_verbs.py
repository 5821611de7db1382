"""Headline verbs the parser read as nouns: 'Police detain journalist over story' -> 'detain' is the
verb, 'Police' its subject and 'journalist' its object.

Headlines drop auxiliaries and articles, and spaCy's small model reads a bare or -s verb between two
nouns as one more noun ('Police/compound detain/compound journalist/ROOT', 'U.S. military
boards/ROOT another oil tanker'), so the event's word is never a verb and its actors never its
subject or object. With a modal before it ('Police will detain journalist ...') the same model
parses the headline right. So, for a headline with no finite verb, the first word that can be a verb
(a verb lemma of spaCy's own lemmatizer tables, bare or with -s), after a noun and before more
words, is read with 'will' before it in a parse of the headline alone; when that parse makes it a
verb with a subject before it that agrees with its form (a bare verb wants a plural subject, 'Police
detain', an -s verb a singular one, 'Navy boards'; not 'One man dead'), its heads, dependencies,
parts of speech and lemmas replace the headline's (the inserted word dropped: it has no children,
and nothing marks the headline as intended). The text and every offset stay as they were.

Anywhere in a text, an infinitive the model tagged a noun ('votes to impeach/NN President Jeri')
is tagged a verb (:func:`repair_infinitives`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = ["repair_headline_verb", "repair_infinitives", "verb_base", "verb_lemmas"]

#: Tags of a finite verb: a headline with one has its verb already.
_FINITE = frozenset({"VBZ", "VBP", "VBD", "MD"})
#: At most this many words are tried, each with a parse of the headline.
_TRIES = 3
#: What may stand right before the verb (its subject's last word) and right after it.
_BEFORE = frozenset({"NOUN", "PROPN", "PRON", "NUM", "ADJ"})
_AFTER = frozenset({"DET", "NOUN", "PROPN", "ADJ", "NUM", "ADP", "PRON", "ADV", "PART"})


@lru_cache(maxsize=4)
def verb_lemmas(nlp: Language) -> frozenset[str]:
    """The verb lemmas of the pipeline's rule lemmatizer (WordNet's, about 8,700), or none."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
        return frozenset(table["verb"])
    except (KeyError, AttributeError, ValueError):
        return frozenset()


def verb_base(word: str, verbs: Collection[str]) -> str | None:
    """The verb lemma of a bare or third-person -s form ('boards' -> 'board', 'intensifies' ->
    'intensify', 'detain' -> 'detain'), or None when ``word`` is no such form."""
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    return next((f for f in forms if f in verbs), None)


#: Subjects that take a plural verb without a plural tag ('Police detain ...').
_PLURAL_WORDS = frozenset({"police", "they", "we", "i", "you", "people"})


def _plural(tok: Token) -> bool:
    """Whether a subject takes a bare verb ('Protesters storm', 'Police detain')."""
    if tok.lower_ in _PLURAL_WORDS or tok.tag_ in ("NNS", "NNPS"):
        return True
    # 'Mali and Niger sign'; 'Mali, Burkina Faso and Niger sign' (the conjunct under an apposition)
    todo = [tok]
    while todo:
        kids = [c for c in todo.pop().children if c.dep_ in ("conj", "appos")]
        if any(c.dep_ == "conj" for c in kids):
            return True
        todo.extend(kids)
    return False


def _candidates(head: list[Token], verbs: Collection[str]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    if head[0].lower_.endswith("ing") and head[0].pos_ != "PROPN":
        return out  # 'Mapping U.S. strikes in ...': a gerund leads the headline
    for i, tok in enumerate(head[1:-1], start=1):
        if head[i - 1].tag_.startswith("VB"):
            break  # a participle or gerund before it: the headline is a phrase about it
        if not (tok.is_alpha and tok.is_lower) or tok.pos_ not in ("NOUN", "ADJ", "PROPN"):
            continue
        if head[i - 1].pos_ not in _BEFORE or head[i + 1].pos_ not in _AFTER:
            continue
        base = verb_base(tok.lower_, verbs)
        if base is not None:
            out.append((i, base))
    return out


def repair_headline_verb(
    doc: Doc, title_end: int, parse: Callable[[str], Doc], verbs: Collection[str]
) -> int:
    """Re-read the verb of a headline parsed without one (see the module's docstring); ``parse``
    is the pipeline that parsed ``doc``. Returns the verb's token index, or -1 (no change)."""
    if title_end <= 0 or not verbs:
        return -1
    head = [t for t in doc if t.idx < title_end]
    if len(head) < 3 or any(t.tag_ in _FINITE or t.pos_ == "AUX" for t in head):
        return -1
    n = len(head)
    if any(not (0 <= t.head.i < n) for t in head) or any(
        t.head.i < n <= t.i and not t.is_space for t in doc
    ):
        return -1  # the headline is not a tree of its own
    text = doc.text[: head[-1].idx + len(head[-1].text)]
    for i, base in _candidates(head, verbs)[:_TRIES]:
        tok = head[i]
        start, end = tok.idx, tok.idx + len(tok.text)
        new = parse(f"{text[:start]}will {base}{text[end:]}")
        if len(new) != n + 1 or [t.text for t in new[:i]] != [t.text for t in head[:i]]:
            continue
        if [t.text for t in new[i + 2 :]] != [t.text for t in head[i + 1 :]]:
            continue
        verb = new[i + 1]
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i]
        if verb.pos_ != "VERB" or not subjects:
            continue
        if (tok.lower_ == base) != _plural(subjects[0]):
            continue  # 'One man dead': a bare form wants a plural subject, an -s form a singular
        _copy(doc, new, i, tok)
        return i
    return -1


def _copy(doc: Doc, new: Doc, i: int, tok: Token) -> None:
    """The headline's analysis from ``new`` (the headline with 'will' inserted before token
    ``i``) onto ``doc``."""

    def back(k: int) -> int:  # index in new -> index in doc ('will' is a leaf: never a head)
        return k if k < i else k - 1

    attrs: list[int | str] = ["HEAD", "DEP", "POS", "TAG", "LEMMA"]
    arr = doc.to_array(attrs)  # uint64: string ids and heads as offsets modulo 2**64
    strings = doc.vocab.strings
    for k, t in enumerate(new):
        if k == i:
            continue  # the inserted 'will'
        j = back(k)
        h = back(t.head.i) if t.head.i != i else i
        arr[j, 0] = np.uint64((h - j) % 2**64)
        arr[j, 1] = strings.add(t.dep_)
        arr[j, 2] = t.pos
        arr[j, 3] = strings.add(t.tag_)
        arr[j, 4] = strings.add(t.lemma_)
    form = tok.lower_
    arr[i, 3] = strings.add("VBP" if form == new[i + 1].lower_ else "VBZ")
    doc.from_array(attrs, cast("Any", arr))


def repair_infinitives(doc: Doc, verbs: Collection[str]) -> list[int]:
    """Read as a bare verb a noun with an infinitive's 'to' (``aux``) that is a verb's bare form
    ('Congress votes to impeach/NN President Jeri'): the parser placed it as a verb, only its
    part of speech is wrong, so rules that want a verb missed it; right after a verb it is that
    verb's complement, whose subject is the verb's. Returns the indices changed."""
    changed = [
        t.i
        for t in doc
        if t.pos_ == "NOUN"
        and t.lower_ in verbs
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in t.children)
    ]
    for i in changed:
        tok = doc[i]
        tok.pos_, tok.tag_, tok.lemma_ = "VERB", "VB", tok.lower_
        head = tok.head
        right_after = head.i < i and doc[head.i + 1].tag_ == "TO"
        if tok.dep_ == "advcl" and head.pos_ == "VERB" and right_after:
            tok.dep_ = "xcomp"  # 'votes to impeach': the verb's complement, as a verb it was
    return changed
