"""Trained event-type classifiers: a PLOVER type for a (sentence, source, target) pair, and the
CAMEO pentaclass (0 statement, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict) for a sentence.

Both heads are linear models over hashed sparse features read from the verified spaCy parse:
words, lemmas and n-grams of the sentence; n-grams around the source and target and the words
between them; the dependency path between their heads; the verbs that govern them; negation and
modal cues; and a keyword prior, the CAMEO codes that the PETRARCH2 verb dictionary gives the
governing verbs. The weights ship in ``newsevents/data/models`` and are written by
``scripts/train_classifier.py`` (method and cross-validated figures: ``docs/classifier.md``).
A prediction is a sparse dot product and a softmax (numpy and spaCy). The shipped pair head
(``newsevents.classify_pair``) averages the linear model's probabilities with those of
all-MiniLM-L6-v2 fine-tuned on the same pairs and run with onnxruntime
(:mod:`newsevents.events.pair_transformer`); the pattern coder uses the linear model alone.

The pair head predicts one of 15 *roots*: PLOVER's 16 types with CONCEDE and RETREAT merged into
YIELD, as in the PLV gold data; :func:`yield_to_plover` splits YIELD back by a documented rule.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import numpy as np
import numpy.typing as npt

from ..models import PLOVER_TYPES

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from spacy.tokens import Doc, Span, Token

#: Bumped whenever the features change; the shipped models record the version they were fit on.
FEATURE_VERSION = 1

#: The pair head's classes: PLOVER's 16 types with CONCEDE and RETREAT merged into YIELD.
ROOTS: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "YIELD", "COOPERATE", "AID", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

#: CAMEO pentaclass labels (the ConfliBERT CAMEO classification scheme).
PENTA_LABELS: dict[int, str] = {
    0: "statement",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

#: CAMEO two-digit root -> PLV root, after PLOVER's CAMEO→PLOVER table (CONCEDE and RETREAT
#: merged into YIELD). The table gives no type for 01 (public statement) or 02 (appeal); we map
#: appeals to REQUEST, which PLOVER's REQUEST definition covers.
CAMEO_TO_ROOT: dict[str, str] = {
    "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE",
    "07": "AID", "08": "YIELD", "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE",
    "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION",
    "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}  # fmt: skip

#: CAMEO two-digit root -> pentaclass (01 statement; 02-05 verbal and 06-08 material
#: cooperation; 09-13 verbal and 14-20 material conflict).
CAMEO_TO_PENTA: dict[str, int] = {
    f"{k:02d}": 0 if k == 1 else 1 if k <= 5 else 2 if k <= 8 else 3 if k <= 13 else 4
    for k in range(1, 21)
}

PAIR_MODEL = "plover_pair"
PENTA_MODEL = "penta"
LEXICON = "cameo_verb_lexicon.json"

# --------------------------------------------------------------------------------------------
# YIELD -> CONCEDE / RETREAT
# --------------------------------------------------------------------------------------------

#: Lemmas of a material climb-down (PLOVER RETREAT: withdraw, release, return, disarm, ceasefire,
#: ease economic sanctions, allow access, resign).
RETREAT_LEMMAS = frozenset(
    {
        "withdraw", "retreat", "release", "free", "return", "disarm", "demobilize", "demobilise",
        "surrender", "evacuate", "resign", "ceasefire", "truce", "repatriate", "unfreeze",
        "hand", "pull", "lift", "ease", "reopen",
    }
)  # fmt: skip
#: ``pull``, ``hand``, ``lift`` and ``ease`` count only beside one of these words.
_RETREAT_NEEDS: dict[str, frozenset[str]] = {
    "pull": frozenset({"out", "back", "away"}),
    "hand": frozenset({"over", "back"}),
    "lift": frozenset({"sanction", "embargo", "blockade", "siege", "curfew", "restriction"}),
    "ease": frozenset({"sanction", "embargo", "blockade", "siege", "curfew", "restriction"}),
}
#: Words that make a climb-down a promise (PLOVER: promised retreats are CONCEDE).
PROMISE_LEMMAS = frozenset(
    {
        "will", "would", "shall", "promise", "pledge", "agree", "offer", "vow", "plan",
        "intend", "consider", "propose", "commit", "ready", "willing", "prepare",
    }
)  # fmt: skip


def yield_to_plover(lemmas: Iterable[str]) -> tuple[str, str]:
    """Split the YIELD root into PLOVER's CONCEDE or RETREAT; returns ``(type, reason)``.

    Rule: RETREAT when the sentence has a material climb-down lemma (withdraw, retreat, release,
    free, return, disarm, surrender, evacuate, resign, ceasefire, pull out/back, hand over, lift
    or ease sanctions/embargo/blockade, ...) and no promise cue (will, would, promise, pledge,
    agree, offer, vow, plan, ...); otherwise CONCEDE (a verbal or promised concession).
    """
    words = [w.lower() for w in lemmas]
    present = set(words)
    trigger = ""
    for word in words:
        if word in RETREAT_LEMMAS:
            needs = _RETREAT_NEEDS.get(word)
            if needs is None or present & needs:
                trigger = word
                break
    if not trigger:
        return "CONCEDE", "YIELD→CONCEDE: no withdraw/release/return lemma"
    promise = sorted(present & PROMISE_LEMMAS)
    if promise:
        return "CONCEDE", f"YIELD→CONCEDE: '{trigger}' is only promised ('{promise[0]}')"
    return "RETREAT", f"YIELD→RETREAT: '{trigger}'"


# --------------------------------------------------------------------------------------------
# Keyword prior: the PETRARCH2 CAMEO verb dictionary, reduced to lemmas
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lexicon:
    """CAMEO two-digit codes for verb lemmas and for ``"verb word"`` pairs (a verb with its
    object, particle or preposition), each the codes holding at least a quarter of the entry's
    patterns in the PETRARCH2 CAMEO verb dictionary."""

    verbs: dict[str, tuple[str, ...]]
    pairs: dict[str, tuple[str, ...]]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Lexicon:
        """Build from the shipped JSON shape ``{"verbs": {lemma: [code]}, "pairs": {...}}``."""
        return cls(
            verbs={k: tuple(v) for k, v in data["verbs"].items()},
            pairs={k: tuple(v) for k, v in data["pairs"].items()},
        )

    @classmethod
    def load(cls) -> Lexicon:
        """The shipped lexicon (loaded once per process)."""
        return _load_lexicon()


@lru_cache(maxsize=1)
def _load_lexicon() -> Lexicon:
    return Lexicon.from_json(json.loads((_model_dir() / LEXICON).read_text("utf-8")))


def _model_dir() -> Traversable:
    """The packaged folder holding the weights: ``newsevents/data/models``."""
    return resources.files("newsevents") / "data" / "models"


# --------------------------------------------------------------------------------------------
# Features
# --------------------------------------------------------------------------------------------

_NUM = re.compile(r"^[\d.,:/-]+$")
_MODALS = frozenset({"will", "would", "shall", "may", "might", "could", "can", "should", "must"})
_NEG_WORDS = frozenset({"not", "no", "never", "n't", "neither", "nor"})
_SKIP_POS = frozenset({"PUNCT", "SPACE", "DET"})
_PAIR_DEPS = frozenset({"dobj", "prep", "xcomp", "prt"})


def _norm(tok: Token) -> str:
    """Lower-cased lemma; numbers collapse to <num>."""
    lemma = tok.lemma_.lower() or tok.lower_
    return "<num>" if _NUM.match(lemma) else lemma


def _span_head(tokens: list[Token]) -> Token:
    """The first token of a span whose head lies outside it."""
    ids = {t.i for t in tokens}
    for tok in tokens:
        if tok.head.i not in ids or tok.head.i == tok.i:
            return tok
    return tokens[0]


def _verb_chain(tok: Token, limit: int = 3) -> list[Token]:
    """The verbs at and above ``tok``, nearest first (auxiliaries skipped)."""
    out: list[Token] = []
    cur = tok
    for _ in range(12):
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("aux", "auxpass"):
            out.append(cur)
            if len(out) >= limit:
                break
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return out


def _cues(verbs: list[Token], prefix: str) -> list[str]:
    """Negation, modal/future and passive cues attached to the first two verbs."""
    feats: list[str] = []
    for depth, verb in enumerate(verbs[:2]):
        for child in verb.children:
            low = child.lower_
            if child.dep_ == "neg" or low in _NEG_WORDS:
                feats += [f"{prefix}neg", f"{prefix}neg{depth}:{_norm(verb)}"]
            elif child.dep_ in ("aux", "auxpass") and low in _MODALS:
                feats += [f"{prefix}mod:{low}", f"{prefix}mod{depth}:{_norm(verb)}"]
            elif child.dep_ == "auxpass":
                feats.append(f"{prefix}passive")
    return feats


def _lexicon_codes(tok: Token, lexicon: Lexicon) -> tuple[tuple[str, ...], list[str]]:
    """CAMEO codes of a verb lemma, and of its ``verb word`` pairs."""
    lemma = tok.lemma_.lower()
    pair_codes: list[str] = []
    for child in tok.children:
        if child.dep_ in _PAIR_DEPS:
            pair_codes += lexicon.pairs.get(f"{lemma} {child.lemma_.lower()}", ())
    return lexicon.verbs.get(lemma, ()), pair_codes


def _sentence_features(tokens: list[Token]) -> list[str]:
    """Bag of words, lemmas and lemma bigrams, verb lemmas with their objects, the root."""
    feats: list[str] = []
    content = [t for t in tokens if t.pos_ not in ("PUNCT", "SPACE")]
    lemmas = [_norm(t) for t in content]
    feats += ["w:" + t.lower_ for t in content]
    feats += ["l:" + w for w in lemmas]
    feats += [f"l2:{a}_{b}" for a, b in pairwise(lemmas)]
    for tok in content:
        if tok.pos_ == "VERB":
            feats.append("v:" + _norm(tok))
            for child in tok.children:
                if child.dep_ in ("dobj", "prt", "attr", "acomp"):
                    feats.append(f"vo:{_norm(tok)}_{_norm(child)}")
        if tok.dep_ == "ROOT":
            feats.append("root:" + _norm(tok))
            feats += _cues([tok], "r")
    return feats


def _abstracted(tokens: list[Token], roles: list[str]) -> list[str]:
    """Lemma sequence with the source and target collapsed to <S> and <T>."""
    seq: list[str] = []
    prev = ""
    for tok, role in zip(tokens, roles, strict=True):
        if role:
            if role != prev:
                seq.append(f"<{role}>")
        elif tok.pos_ not in _SKIP_POS:
            seq.append(_norm(tok))
        prev = role
    return seq


def _path(a: Token, b: Token) -> tuple[list[Token], list[Token]]:
    """Tokens from ``a`` up to the lowest common ancestor, and from ``b`` up to it."""
    up_a = [a, *a.ancestors]
    ids_a = {t.i: k for k, t in enumerate(up_a)}
    up_b: list[Token] = []
    for tok in [b, *b.ancestors]:
        up_b.append(tok)
        if tok.i in ids_a:
            return up_a[: ids_a[tok.i] + 1], up_b
    return up_a, up_b


def _roles(
    tokens: list[Token], s_range: tuple[int, int] | None, t_range: tuple[int, int] | None
) -> list[str]:
    base = tokens[0].idx if tokens else 0
    roles: list[str] = []
    for tok in tokens:
        start, end = tok.idx - base, tok.idx - base + len(tok.text)
        if s_range and start < s_range[1] and end > s_range[0]:
            roles.append("S")
        elif t_range and start < t_range[1] and end > t_range[0]:
            roles.append("T")
        else:
            roles.append("")
    return roles


def pair_features(
    sent: Span | Doc,
    s_range: tuple[int, int] | None,
    t_range: tuple[int, int] | None,
    lexicon: Lexicon,
) -> list[str]:
    """Feature strings for a pair; ranges are character offsets into ``sent.text``."""
    tokens = list(sent)
    roles = _roles(tokens, s_range, t_range)
    feats = _sentence_features(tokens)

    # Lemma n-grams touching the collapsed source and target, and their neighbours.
    seq = _abstracted(tokens, roles)
    for n in (2, 3):
        for k in range(len(seq) - n + 1):
            gram = seq[k : k + n]
            if "<S>" in gram or "<T>" in gram:
                feats.append(f"a{n}:" + "_".join(gram))
    for name in ("<S>", "<T>"):
        if name in seq:
            k = seq.index(name)
            feats += [f"{name}L:{w}" for w in seq[max(0, k - 3) : k]]
            feats += [f"{name}R:{w}" for w in seq[k + 1 : k + 4]]

    s_toks = [t for t, r in zip(tokens, roles, strict=True) if r == "S"]
    t_toks = [t for t, r in zip(tokens, roles, strict=True) if r == "T"]
    if not s_toks:
        feats.append("noS")
    if not t_toks:
        feats.append("noT")
    if s_toks and t_toks:
        # Between the two: order, distance and lemmas.
        first, second = (s_toks, t_toks) if s_toks[0].i < t_toks[0].i else (t_toks, s_toks)
        order = "ST" if first is s_toks else "TS"
        gap = sent.doc[first[-1].i + 1 : second[0].i]
        between = [_norm(t) for t in gap if t.pos_ not in _SKIP_POS]
        feats.append("order:" + order)
        feats.append(f"dist:{order}{min(len(between), 8)}")
        feats += [f"b:{w}" for w in between]
        feats += [f"b2:{a}_{b}" for a, b in pairwise(between)]
        if len(between) <= 6:
            feats.append(f"bs:{order}:" + "_".join(between))
    s_head = _span_head(s_toks) if s_toks else None
    t_head = _span_head(t_toks) if t_toks else None

    # The dependency path between the two heads.
    if s_head is not None and t_head is not None:
        up_s, up_t = _path(s_head, t_head)
        lca = up_s[-1]
        deps = [t.dep_ for t in up_s[:-1]] + ["^"] + [t.dep_ for t in reversed(up_t[:-1])]
        feats.append("dp:" + "_".join(deps))
        feats.append(f"dpl:{'_'.join(deps)}:{_norm(lca)}")
        feats.append("lca:" + _norm(lca))
        for tok in [*up_s[1:-1], *up_t[1:-1]]:
            if tok.pos_ in ("VERB", "NOUN", "ADP", "ADJ"):
                feats.append("pw:" + _norm(tok))

    # What governs the target and the source.
    t_verbs: list[Token] = []
    t_cues: list[str] = []
    for prefix, head in (("t", t_head), ("s", s_head)):
        if head is None:
            continue
        feats.append(f"{prefix}dep:{head.dep_}")
        up = head.head
        if head.dep_ == "pobj" and up.pos_ == "ADP":
            feats.append(f"{prefix}prep:{up.lower_}")
            feats.append(f"{prefix}g1:{_norm(up.head)}_{up.lower_}")
            feats.append(f"{prefix}g1w:{_norm(up.head)}")
        elif up.i != head.i:
            feats.append(f"{prefix}g1:{_norm(up)}_{head.dep_}")
            feats.append(f"{prefix}g1w:{_norm(up)}")
        verbs = _verb_chain(head.head if head.head.i != head.i else head)
        for depth, verb in enumerate(verbs):
            feats.append(f"{prefix}v{depth}:{_norm(verb)}")
            feats.append(f"{prefix}v:{_norm(verb)}")
        if verbs:
            feats.append(f"{prefix}vd:{_norm(verbs[0])}_{head.dep_}")
        if len(verbs) > 1:
            feats.append(f"{prefix}v01:{_norm(verbs[1])}_{_norm(verbs[0])}")
        cues = _cues(verbs, prefix)
        feats += cues
        if prefix == "t":
            t_verbs, t_cues = verbs[:2], cues

    # Keyword prior: the CAMEO codes of the target's verbs and of the sentence root.
    future = any(c.startswith("tmod") for c in t_cues)
    negated = any(c.startswith("tneg") for c in t_cues)
    roots = [t for t in tokens if t.dep_ == "ROOT"]
    for tag, group in (("kt", t_verbs), ("kr", roots)):
        for verb in group:
            codes, _ = _lexicon_codes(verb, lexicon)
            for root in {CAMEO_TO_ROOT[c] for c in codes if c in CAMEO_TO_ROOT}:
                feats.append(f"{tag}:{root}")
                if future:
                    feats.append(f"{tag}fut:{root}")
                if negated:
                    feats.append(f"{tag}neg:{root}")
    for tok in tokens:
        if tok.pos_ == "VERB":
            _, pair_codes = _lexicon_codes(tok, lexicon)
            feats += [f"kp:{CAMEO_TO_ROOT[c]}" for c in pair_codes if c in CAMEO_TO_ROOT]
    return feats


def penta_features(sent: Span | Doc, lexicon: Lexicon) -> list[str]:
    """Feature strings for the pentaclass head (the sentence alone)."""
    tokens = list(sent)
    feats = _sentence_features(tokens)
    content = [_norm(t) for t in tokens if t.pos_ not in _SKIP_POS]
    feats += [f"l3:{a}_{b}_{c}" for a, b, c in zip(content, content[1:], content[2:], strict=False)]
    for tok in tokens:
        if tok.pos_ != "VERB":
            continue
        cues = _cues([tok], "c")
        feats += cues
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                feats.append(f"sv:{child.dep_}_{_norm(tok)}")
            if child.dep_ == "prep":
                feats.append(f"vp:{_norm(tok)}_{child.lower_}")
        codes, pair_codes = _lexicon_codes(tok, lexicon)
        tag = "kr" if tok.dep_ == "ROOT" else "kv"
        for code in codes:
            feats += [f"{tag}:{code}", f"{tag}q:{CAMEO_TO_PENTA.get(code, -1)}"]
            if any(c.startswith("cmod") for c in cues):
                feats.append(f"{tag}fut:{code}")
            if any(c.startswith("cneg") for c in cues):
                feats.append(f"{tag}neg:{code}")
        feats += [f"kp:{code}" for code in pair_codes]
        feats += [f"kpq:{CAMEO_TO_PENTA.get(code, -1)}" for code in pair_codes]
    return feats


def hash_features(feats: Iterable[str]) -> npt.NDArray[np.uint32]:
    """Sorted unique crc32 hashes of feature strings (stable across processes and machines)."""
    return np.unique(np.fromiter((zlib.crc32(f.encode("utf-8")) for f in feats), dtype=np.uint32))


def locate(
    sentence: str, source: str, target: str
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Character ranges of ``source`` and ``target`` in ``sentence``.

    The source is its first occurrence; the target the occurrence nearest the source that does
    not overlap it. An empty string means "not mentioned" and gives ``None``. Raises ValueError
    naming the argument that is not a substring of the sentence.
    """
    for name, value in (("source", source), ("target", target)):
        if not isinstance(value, str):
            raise ValueError(f"{name} must be a string, not {type(value).__name__}")
        if value and value not in sentence:
            raise ValueError(f"{name} {value!r} is not a substring of the sentence {sentence!r}")
    s_range: tuple[int, int] | None = None
    if source:
        s = sentence.index(source)
        s_range = (s, s + len(source))
    t_range: tuple[int, int] | None = None
    if target:
        starts = [m.start() for m in re.finditer(re.escape(target), sentence)]
        if s_range is not None:
            lo, hi = s_range
            free = [p for p in starts if p + len(target) <= lo or p >= hi] or starts
            starts = sorted(free, key=lambda p: min(abs(p - hi), abs(lo - p - len(target))))
        t_range = (starts[0], starts[0] + len(target))
    return s_range, t_range


# --------------------------------------------------------------------------------------------
# Linear model
# --------------------------------------------------------------------------------------------


def softmax(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Row-wise softmax."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: npt.NDArray[np.float64] = e / e.sum(axis=1, keepdims=True)
    return out


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A linear classifier over hashed features, stored sparsely.

    ``hashes`` (sorted uint32) are the features seen in training and ``weights`` their rows of
    class weights. A row's features are binary, scaled to unit L2 norm; the logits are divided by
    the calibration ``temperature`` (fit on out-of-fold predictions) before the softmax.
    """

    labels: tuple[str, ...]
    hashes: npt.NDArray[np.uint32]
    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    temperature: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)

    def logits(self, rows: Sequence[npt.NDArray[np.uint32]]) -> npt.NDArray[np.float64]:
        """Raw class scores for rows of hashed features (from :func:`hash_features`)."""
        out = np.tile(self.bias.astype(np.float64), (len(rows), 1))
        lens = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        if not lens.sum():
            return out
        # all rows at once (one search, one gather); each row's weights still summed in order
        # in float64, as a row at a time did, so the scores are the same to the last bit
        flat = np.concatenate(rows)
        owner = np.repeat(np.arange(len(rows)), lens)
        hit = np.searchsorted(self.hashes, flat)
        inside = hit < len(self.hashes)
        found = np.zeros(len(flat), dtype=bool)
        found[inside] = self.hashes[hit[inside]] == flat[inside]
        hit, owner = hit[found], owner[found]
        if not len(hit):
            return out
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        sums = np.add.reduceat(self.weights[hit].astype(np.float64), starts, axis=0)
        who = owner[starts]
        out[who] += sums / np.sqrt(lens[who])[:, None]
        return out

    def predict_proba(self, rows: Sequence[npt.NDArray[np.uint32]]) -> npt.NDArray[np.float64]:
        """Calibrated class probabilities (each row sums to 1)."""
        return softmax(self.logits(rows) / self.temperature)

    @classmethod
    def load(cls, name: str) -> LinearModel:
        """Load ``<name>.npz`` and ``<name>.json`` from the package's model folder."""
        folder = _model_dir()
        meta: dict[str, Any] = json.loads((folder / f"{name}.json").read_text("utf-8"))
        if meta.get("feature_version") != FEATURE_VERSION:
            raise RuntimeError(
                f"{name}: model was fit on feature version {meta.get('feature_version')}, this "
                f"code makes version {FEATURE_VERSION}; retrain with scripts/train_classifier.py"
            )
        with (folder / f"{name}.npz").open("rb") as fh, np.load(fh) as data:
            hashes = data["hashes"].astype(np.uint32)
            weights = data["weights"].astype(np.float32)
            bias = data["bias"].astype(np.float32)
        return cls(
            labels=tuple(meta["labels"]),
            hashes=hashes,
            weights=weights,
            bias=bias,
            temperature=float(meta.get("temperature", 1.0)),
            meta=meta,
        )


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------


def parse(texts: Iterable[str], batch_size: int = 64) -> list[Doc]:
    """Parse with the verified pipeline (NER off: the features do not use it)."""
    from ..nlp import load_nlp

    nlp = load_nlp()
    off = [name for name in ("ner",) if name in nlp.pipe_names]
    return list(nlp.pipe(texts, disable=off, batch_size=batch_size))


def _check_doc(doc: Doc | Span, sentence: str) -> Doc | Span:
    if doc.text != sentence:
        raise ValueError(
            f"doc text {doc.text[:80]!r} does not match the sentence {sentence[:80]!r}"
        )
    return doc


def _docs(sentences: Sequence[str], docs: Sequence[Doc | Span] | None) -> list[Doc | Span]:
    if docs is None:
        return list(parse(sentences))
    if len(docs) != len(sentences):
        raise ValueError(f"{len(docs)} docs given for {len(sentences)} sentences")
    return [_check_doc(d, s) for d, s in zip(docs, sentences, strict=True)]


# --------------------------------------------------------------------------------------------
# Pair head
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PairPrediction:
    """The event type for a (sentence, source, target) pair.

    ``plover_type`` is one of PLOVER's 16 types; ``root`` the model's YIELD-level label (what
    PLV gold compares against); ``confidence`` the calibrated probability of ``root``;
    ``scores`` the probabilities of all 16 PLOVER types (summing to 1; YIELD's probability goes
    to whichever of CONCEDE or RETREAT the YIELD rule picks, the other gets 0); ``why`` says how
    the type was reached.
    """

    plover_type: str
    confidence: float
    scores: dict[str, float]
    root: str
    why: str = ""


class RootScorer(Protocol):
    """A second pair model whose root probabilities the linear model's are averaged with."""

    def predict_proba(self, items: Sequence[tuple[str, str, str]]) -> npt.NDArray[np.float64]:
        """Rows in ROOTS order, each summing to 1, for ``(sentence, source, target)`` items."""
        ...


class PairClassifier:
    """PLOVER event type for a source acting on a target in a sentence: the linear model, or
    its average with a ``transformer`` (:class:`RootScorer`) when one is given."""

    def __init__(
        self, model: LinearModel, lexicon: Lexicon, transformer: RootScorer | None = None
    ) -> None:
        if tuple(model.labels) != ROOTS:
            raise ValueError(f"pair model labels {model.labels} are not the 15 PLV roots")
        self.model = model
        self.lexicon = lexicon
        self.transformer = transformer

    @classmethod
    def load(cls) -> PairClassifier:
        """The shipped linear model alone (loaded once per process), as the pattern coder uses
        it; :func:`newsevents.events.pair_transformer.load_pair_classifier` gives the shipped
        pair head, which averages it with the fine-tuned transformer."""
        return _load_pair()

    def features(self, doc: Doc | Span, sentence: str, source: str, target: str) -> list[str]:
        """Feature strings of one pair in a parsed sentence."""
        s_range, t_range = locate(sentence, source, target)
        return pair_features(doc, s_range, t_range, self.lexicon)

    def predict(
        self, sentence: str, source: str, target: str, doc: Doc | Span | None = None
    ) -> PairPrediction:
        """Classify one pair. ``source`` and ``target`` must be substrings of ``sentence`` (an
        empty string means that side is not mentioned); ``doc`` is an optional spaCy parse
        (Doc or sentence Span) of exactly ``sentence``, to avoid parsing twice."""
        docs = None if doc is None else [doc]
        return self.predict_batch([(sentence, source, target)], docs)[0]

    def predict_batch(
        self,
        items: Sequence[tuple[str, str, str]],
        docs: Sequence[Doc | Span] | None = None,
    ) -> list[PairPrediction]:
        """Classify many ``(sentence, source, target)`` triples; sentences are parsed together
        (each distinct sentence once) unless ``docs`` gives their parses."""
        for sentence, source, target in items:
            locate(sentence, source, target)
        if docs is None:
            distinct = list(dict.fromkeys(s for s, _, _ in items))
            parsed = dict(zip(distinct, parse(distinct), strict=True))
            use: list[Doc | Span] = [parsed[s] for s, _, _ in items]
        else:
            use = _docs([s for s, _, _ in items], docs)
        rows = [
            hash_features(self.features(d, s, src, tgt))
            for d, (s, src, tgt) in zip(use, items, strict=True)
        ]
        linear = self.model.predict_proba(rows)
        if self.transformer is None:
            return [self._prediction(p, d) for p, d in zip(linear, use, strict=True)]
        tuned = self.transformer.predict_proba(items)
        return [
            self._prediction((lp + tp) / 2, d, (lp, tp))
            for lp, tp, d in zip(linear, tuned, use, strict=True)
        ]

    def _prediction(
        self,
        probs: npt.NDArray[np.float64],
        doc: Doc | Span,
        parts: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]] | None = None,
    ) -> PairPrediction:
        best = int(np.argmax(probs))
        root = ROOTS[best]
        scores = dict.fromkeys(PLOVER_TYPES, 0.0)
        plover_type, why = root, f"model: {root} p={probs[best]:.2f}"
        if parts is not None:
            lin, tuned = (int(np.argmax(p)) for p in parts)
            why = (
                f"linear + MiniLM heads: {root} p={probs[best]:.2f} (linear {ROOTS[lin]} "
                f"{parts[0][lin]:.2f}, MiniLM {ROOTS[tuned]} {parts[1][tuned]:.2f})"
            )
        yield_type, yield_why = yield_to_plover(t.lemma_ for t in doc)
        for label, p in zip(ROOTS, probs, strict=True):
            scores[yield_type if label == "YIELD" else label] = float(p)
        if root == "YIELD":
            plover_type, why = yield_type, f"{why}; {yield_why}"
        return PairPrediction(plover_type, float(probs[best]), scores, root, why)


@lru_cache(maxsize=1)
def _load_pair() -> PairClassifier:
    return PairClassifier(LinearModel.load(PAIR_MODEL), Lexicon.load())


def classify_pair(
    sentence: str, source: str, target: str, doc: Doc | Span | None = None
) -> PairPrediction:
    """PLOVER event type of ``source`` acting on ``target`` in ``sentence`` by the linear model
    alone (the pattern coder's; ``newsevents.classify_pair`` is the shipped pair head)."""
    return PairClassifier.load().predict(sentence, source, target, doc)


# --------------------------------------------------------------------------------------------
# Pentaclass head
# --------------------------------------------------------------------------------------------


class PentaPrediction(NamedTuple):
    """CAMEO pentaclass of a sentence: ``label`` (0-4, see PENTA_LABELS), the calibrated
    probability of that label, and the probabilities of all five (summing to 1)."""

    label: int
    confidence: float
    scores: dict[int, float]


class PentaClassifier:
    """CAMEO pentaclass (statement, verbal/material cooperation, verbal/material conflict)."""

    def __init__(self, model: LinearModel, lexicon: Lexicon) -> None:
        if [int(x) for x in model.labels] != list(PENTA_LABELS):
            raise ValueError(f"penta model labels {model.labels} are not 0-4")
        self.model = model
        self.lexicon = lexicon

    @classmethod
    def load(cls) -> PentaClassifier:
        """The shipped model (loaded once per process)."""
        return _load_penta()

    def predict(self, sentence: str, doc: Doc | Span | None = None) -> PentaPrediction:
        """Classify one sentence; ``doc`` is an optional parse of exactly ``sentence``."""
        return self.predict_batch([sentence], None if doc is None else [doc])[0]

    def predict_batch(
        self, sentences: Sequence[str], docs: Sequence[Doc | Span] | None = None
    ) -> list[PentaPrediction]:
        """Classify many sentences (parsed together unless ``docs`` is given)."""
        use = _docs(sentences, docs)
        probs = self.model.predict_proba(
            [hash_features(penta_features(d, self.lexicon)) for d in use]
        )
        out: list[PentaPrediction] = []
        for p in probs:
            best = int(np.argmax(p))
            out.append(
                PentaPrediction(best, float(p[best]), {k: float(p[k]) for k in PENTA_LABELS})
            )
        return out


@lru_cache(maxsize=1)
def _load_penta() -> PentaClassifier:
    return PentaClassifier(LinearModel.load(PENTA_MODEL), Lexicon.load())


def classify_penta(sentence: str, doc: Doc | Span | None = None) -> PentaPrediction:
    """CAMEO pentaclass of ``sentence`` (shipped model)."""
    return PentaClassifier.load().predict(sentence, doc)
