"""The evaluation runners under their old name: the CLI and older code import them from here.
They live one module per gold-set family; new code should import from those.

* :mod:`.event_coding` - PETRARCH event coding (GigaWord GSR + functional suites)
* :mod:`.classification` - PLV pair roots and ConfliBERT pentaclass, shipped-model meta
* :mod:`.ner` - CoNLL-2003 / re3d NER
* :mod:`.geoparsing` - LGL / GeoVirus geoparsing

TimeML dates are scored by :func:`newsevents.time.timeml.evaluate_timeml`.
"""

from __future__ import annotations

from .classification import (
    MODELS_FOLDER,
    PENTA_NAMES,
    TRAINING_FILES,
    YIELD_PARTS,
    ClassificationResult,
    evaluate_penta,
    evaluate_plv,
    model_meta,
    penta_name,
    plv_root,
    training_fit,
)
from .event_coding import (
    NO_ACTOR,
    CodeFn,
    PetrarchResult,
    RecordOutcome,
    Triple,
    actor_code,
    country_level,
    evaluate_petrarch,
    event_codings,
    event_triples,
    gold_triples,
    petrarch_dictionaries,
    root_of,
)
from .geoparsing import GEO_KM, GeoFigures, GeoResult, evaluate_geoparsing
from .ner import (
    GOLD_MAP,
    HEADLINE_CLASSES,
    SPACY_MAP,
    NerResult,
    NerScheme,
    detect_ner_scheme,
    evaluate_ner,
)

__all__ = [
    "GEO_KM",
    "GOLD_MAP",
    "HEADLINE_CLASSES",
    "MODELS_FOLDER",
    "NO_ACTOR",
    "PENTA_NAMES",
    "SPACY_MAP",
    "TRAINING_FILES",
    "YIELD_PARTS",
    "ClassificationResult",
    "CodeFn",
    "GeoFigures",
    "GeoResult",
    "NerResult",
    "NerScheme",
    "PetrarchResult",
    "RecordOutcome",
    "Triple",
    "actor_code",
    "country_level",
    "detect_ner_scheme",
    "evaluate_geoparsing",
    "evaluate_ner",
    "evaluate_penta",
    "evaluate_petrarch",
    "evaluate_plv",
    "event_codings",
    "event_triples",
    "gold_triples",
    "model_meta",
    "penta_name",
    "petrarch_dictionaries",
    "plv_root",
    "root_of",
    "training_fit",
]
