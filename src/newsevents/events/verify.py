"""The record verifier: the probability that an article-level record is a right event.

A linear model over features of the whole record (type, mode, trigger word, how many mentions
support it, where its actors' countries came from, whether the pattern coder agrees, the words
of the text it sits in), trained on the cross-validated records the detector produces on the
training items, each labelled by whether it matches a gold event (scripts/train_coder.py). Its
probability is the record's confidence, calibrated on held-out folds, and records below the
threshold chosen on those folds are not reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from .classifier import LinearModel, hash_features
from .detect import SYMMETRIC_TYPES, load_model
from .features import DocContext
from .records import IMPLIED_KIND, Record, covers
from .set_phrases import in_military_sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Verifier", "load_verifier", "record_features", "without_repeats"]

_DOC_POS = frozenset({"NOUN", "VERB", "ADJ"})


def _bucket(p: float) -> str:
    return str(min(int(p * 10), 9))


def _lemma(tok: Token) -> str:
    return (tok.lemma_ or tok.lower_).lower()


def text_words(ctx: DocContext) -> list[str]:
    """The text's content lemmas as record features (shared by every record of the text)."""
    words = {_lemma(tok) for tok in ctx.doc if tok.pos_ in _DOC_POS and tok.is_alpha}
    return [f"w:{w}" for w in sorted(words)]


def record_features(
    rec: Record, ctx: DocContext, n_records: int, words: list[str] | None = None
) -> list[str]:
    """Features of one record in its text (``n_records``: how many the text has; ``words``:
    :func:`text_words`, computed once per text)."""
    t = rec.plover_type
    best = max(rec.detections, key=lambda d: d.confidence)
    trig = best.trigger
    n = min(len(rec.mentions()), 3)
    # a target the text leaves unnamed (records.implied_target) tells the verifier nothing
    tgts = [p for p in rec.targets if p.mention.actor.kind != IMPLIED_KIND]
    f = [
        "b",
        f"t:{t}",
        f"tm:{t}|{best.modality}",
        f"n:{n}",
        f"tn:{t}|{n}",
        f"pt:{_bucket(best.p_type)}",
        f"tpt:{t}|{_bucket(best.p_type)}",
        f"conf:{_bucket(rec.detection_confidence)}",
        f"l:{_lemma(trig)}",
        f"lt:{_lemma(trig)}|{t}",
        f"pos:{trig.pos_}",
        f"title:{int(any(ctx.in_title(d.trigger) for d in rec.detections))}",
        f"nrec:{min(n_records, 5)}",
        f"ntgt:{min(len(tgts), 2)}",
        f"nsrc:{min(len(rec.sources), 3)}",
    ]
    if (
        t == "MOBILIZE"
        and not tgts
        and any(in_military_sentence(d.trigger) for d in rec.detections)
    ):
        # a show of force need not aim at anyone (GUIDELINES; half of events_train's
        # mobilisations name no target): among words of armed force, naming none is no
        # evidence against it (the weight was learned on all types, where it is)
        f.remove("ntgt:0")
    for role, parties in (("s", rec.sources), ("o", tgts)):
        for p in parties[:2]:
            a = p.mention.actor
            f += [
                f"{role}k:{a.kind}",
                f"{role}own:{p.origin}",
                f"{role}kt:{a.kind}|{t}",
                f"{role}sec:{a.sectors[0] if a.sectors else '-'}",
            ]
            if not p.country:
                f.append(f"{role}nocountry")
    src = {p.country for p in rec.sources if p.country}
    tgt = {p.country for p in tgts if p.country}
    f.append(f"same:{int(bool(src & tgt))}|{t}")
    origins = sorted({d.origin for d in rec.detections})
    f += [f"origin:{'+'.join(origins)}", f"origint:{'+'.join(origins)}|{t}"]
    agree = any(t in ctx.rule_types.get(d.trigger.i, ()) for d in rec.detections)
    other = any(ctx.rule_types.get(d.trigger.i) for d in rec.detections)
    f += [f"rule:{int(agree)}{int(other)}", f"rulet:{int(agree)}{int(other)}|{t}"]
    f += text_words(ctx) if words is None else words
    return f


class Verifier:
    """Scores records with the ``coder_record`` model and keeps those at its threshold."""

    def __init__(self, model: LinearModel, threshold: float) -> None:
        self.model = model
        self.threshold = threshold
        self._yes = model.labels.index("RIGHT")

    def score(self, records: Sequence[Record], ctx: DocContext) -> None:
        """Set each record's ``verified`` probability."""
        if not records:
            return
        words = text_words(ctx)
        rows = [hash_features(record_features(r, ctx, len(records), words)) for r in records]
        probs = self.model.predict_proba(rows)
        for rec, p in zip(records, probs, strict=True):
            rec.verified = float(p[self._yes])

    def keep(self, records: Sequence[Record], ctx: DocContext) -> list[Record]:
        """The records whose verified probability reaches the threshold."""
        self.score(records, ctx)
        return without_repeats([r for r in records if (r.verified or 0.0) >= self.threshold])


def without_repeats(records: Sequence[Record]) -> list[Record]:
    """The records less any symmetric one whose parties all take part in a more probable record
    of its type ('Iran agreed' beside 'the US and Iran agreed'): it repeats that event. Its
    mentions join that record as evidence."""
    order = sorted(records, key=lambda r: -r.confidence)
    dropped: set[int] = set()
    for k, rec in enumerate(order):
        if rec.plover_type not in SYMMETRIC_TYPES:
            continue
        parties = [*rec.sources, *rec.targets]
        for better in order[:k]:
            if id(better) in dropped or better.plover_type != rec.plover_type:
                continue
            if covers([*better.sources, *better.targets], parties):
                better.detections.extend(rec.detections)
                dropped.add(id(rec))
                break
    return [r for r in records if id(r) not in dropped]


@lru_cache(maxsize=1)
def load_verifier() -> Verifier:
    """The shipped record verifier (once per process); raises
    :class:`~newsevents.events.detect.ModelFileError` when its file is missing or corrupt."""
    model = load_model("coder_record")
    return Verifier(model, float(model.meta.get("threshold", 0.5)))
