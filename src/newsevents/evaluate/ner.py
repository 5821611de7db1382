"""Named-entity recognition scored on CoNLL-2003 and re3d: the spaCy pipeline's entities on the
gold file's own tokens, both sides mapped to PER/ORG/LOC (+ MISC for CoNLL-2003, NAT for re3d).

Matching rule (docs/evaluation.md says the same): exact span and type match (conlleval); the
headline F1 is the micro average over PER, ORG and LOC.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .metrics import ClassReport, iob_spans
from .readers import read_conll

NerScheme = Literal["conll2003", "re3d"]

#: spaCy (OntoNotes) labels -> the common classes, per gold scheme. Labels not listed are dropped.
SPACY_MAP: dict[str, dict[str, str]] = {
    "conll2003": {
        "PERSON": "PER",
        "ORG": "ORG",
        "GPE": "LOC",
        "LOC": "LOC",
        "FAC": "LOC",
        "NORP": "MISC",
        "EVENT": "MISC",
        "PRODUCT": "MISC",
        "LAW": "MISC",
        "WORK_OF_ART": "MISC",
        "LANGUAGE": "MISC",
    },
    "re3d": {
        "PERSON": "PER",
        "ORG": "ORG",
        "GPE": "LOC",
        "LOC": "LOC",
        "FAC": "LOC",
        "NORP": "NAT",
    },
}

#: Gold labels -> the common classes. re3d's other classes (Temporal, Money, Quantity, Weapon,
#: MilitaryPlatform, DocumentReference) have no counterpart we use and are dropped.
GOLD_MAP: dict[str, dict[str, str]] = {
    "conll2003": {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"},
    "re3d": {"Person": "PER", "Organisation": "ORG", "Location": "LOC", "Nationality": "NAT"},
}

#: The classes the headline F1 averages over (the ones actor resolution relies on).
HEADLINE_CLASSES = ("PER", "ORG", "LOC")


def detect_ner_scheme(tags: Iterable[str]) -> NerScheme:
    """``re3d`` for Person/Organisation/Location tags, ``conll2003`` for PER/ORG/LOC/MISC."""
    labels = {t.partition("-")[2] for t in tags if t != "O"}
    if labels & set(GOLD_MAP["re3d"]):
        return "re3d"
    if labels & set(GOLD_MAP["conll2003"]):
        return "conll2003"
    raise ValueError(
        f"unknown NER tag set {sorted(labels)[:8]}: expected CoNLL-2003 (PER/ORG/LOC/MISC) "
        "or re3d (Person/Organisation/Location/Nationality) labels"
    )


@dataclass(slots=True)
class NerResult:
    """Entity-level scores of the spaCy pipeline on a CoNLL file."""

    path: str
    scheme: str
    sentences: int
    tokens: int
    subset: str
    report: ClassReport
    seconds: float = 0.0

    @property
    def f1(self) -> float:
        return self.report.micro(HEADLINE_CLASSES).f1

    @property
    def precision(self) -> float:
        return self.report.micro(HEADLINE_CLASSES).precision

    @property
    def recall(self) -> float:
        return self.report.micro(HEADLINE_CLASSES).recall

    @property
    def f1_all_mapped(self) -> float:
        return self.report.micro().f1

    def headline(self) -> dict[str, float]:
        return {
            "f1": self.f1,
            "precision": self.precision,
            "recall": self.recall,
            "f1_all_mapped": self.f1_all_mapped,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "conll",
            "path": self.path,
            "scheme": self.scheme,
            "sentences": self.sentences,
            "tokens": self.tokens,
            "subset": self.subset,
            "headline_classes": list(HEADLINE_CLASSES),
            **self.headline(),
            "spacy_map": SPACY_MAP[self.scheme],
            "gold_map": GOLD_MAP[self.scheme],
            "report": self.report.to_dict(),
            "seconds": self.seconds,
        }


def _spacy_tagger() -> Callable[[list[list[str]]], list[list[tuple[int, int, str]]]]:
    from spacy.tokens import Doc

    from ..nlp import load_nlp

    # NER has its own tok2vec in this pipeline: switching the other components off changes nothing
    # in its output and makes the run several times faster.
    nlp = load_nlp(disable=("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"))

    def tag(batch: list[list[str]]) -> list[list[tuple[int, int, str]]]:
        docs = [Doc(nlp.vocab, words=words) for words in batch]
        return [
            [(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(docs, batch_size=256)
        ]

    return tag


def evaluate_ner(
    path: Path,
    *,
    scheme: NerScheme | Literal["auto"] = "auto",
    limit: int | None = None,
    tagger: Callable[[list[list[str]]], list[list[tuple[int, int, str]]]] | None = None,
) -> NerResult:
    """Entity P/R/F1 of the verified spaCy pipeline on the file's own tokens (exact span + class).

    ``limit`` takes the first N sentences (a fixed, deterministic subset). ``tagger`` maps token
    lists to spaCy-style ``(start, end, label)`` entities (tests).
    """
    started = time.perf_counter()
    sentences = list(read_conll(path))
    if limit is not None:
        sentences = sentences[:limit]
    if scheme == "auto":
        scheme = detect_ner_scheme(t for s in sentences for t in s.tags)
    if tagger is None:
        tagger = _spacy_tagger()
    predicted = tagger([s.tokens for s in sentences])
    spacy_map, gold_map = SPACY_MAP[scheme], GOLD_MAP[scheme]
    report = ClassReport()
    for label in sorted(set(gold_map.values())):
        report.count(label)
    for sent, ents in zip(sentences, predicted, strict=True):
        gold = {(a, b, gold_map[k]) for a, b, k in iob_spans(sent.tags) if k in gold_map}
        pred = {(a, b, spacy_map[k]) for a, b, k in ents if k in spacy_map}
        for span in gold | pred:
            c = report.count(span[2])
            if span in gold and span in pred:
                c.tp += 1
            elif span in pred:
                c.fp += 1
            else:
                c.fn += 1
    total = len(list(read_conll(path))) if limit is not None else len(sentences)
    subset = f"first {len(sentences)} of {total} sentences" if limit is not None else "all"
    return NerResult(
        path=str(path),
        scheme=scheme,
        sentences=len(sentences),
        tokens=sum(len(s.tokens) for s in sentences),
        subset=subset,
        report=report,
        seconds=time.perf_counter() - started,
    )
