"""Evaluation against gold sets: readers for their formats, metrics, and runners per task."""

from .metrics import PRF, ClassReport, accuracy, classification_report, confusion, set_report
from .readers import (
    NerSentence,
    PairRecord,
    PentaRecord,
    PetrarchRecord,
    read_conll,
    read_penta,
    read_petrarch,
    read_plv,
)
from .runners import (
    ClassificationResult,
    NerResult,
    PetrarchResult,
    evaluate_ner,
    evaluate_penta,
    evaluate_petrarch,
    evaluate_plv,
)

__all__ = [
    "PRF",
    "ClassReport",
    "ClassificationResult",
    "NerResult",
    "NerSentence",
    "PairRecord",
    "PentaRecord",
    "PetrarchRecord",
    "PetrarchResult",
    "accuracy",
    "classification_report",
    "confusion",
    "evaluate_ner",
    "evaluate_penta",
    "evaluate_petrarch",
    "evaluate_plv",
    "read_conll",
    "read_penta",
    "read_petrarch",
    "read_plv",
    "set_report",
]
