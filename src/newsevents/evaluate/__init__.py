"""Evaluation against gold sets: readers for their formats, metrics, and runners per task."""

from .classification import ClassificationResult, evaluate_penta, evaluate_plv
from .event_coding import PetrarchResult, evaluate_petrarch
from .metrics import PRF, ClassReport, accuracy, classification_report, confusion, set_report
from .ner import NerResult, evaluate_ner
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
