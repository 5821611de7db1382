"""The recogniser's two logistic models (``data/geo/toponym_model.json``, written by
``scripts/train_toponym_model.py``): ``recogniser`` scores a gazetteer name found in the text
(geo/recogniser.py), ``backing`` scores the reading the resolver gave it in the article
(geo/resolver.py). Kept apart from both so that each can load them without importing the other.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


@dataclass(frozen=True, slots=True)
class Model:
    """Logistic weights over named features and the acceptance threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        """P(positive | features)."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, features: dict[str, float]) -> bool:
        """Whether the probability reaches the threshold."""
        return self.probability(features) >= self.threshold


def model_from_json(d: dict[str, Any]) -> Model:
    """A :class:`Model` from its JSON form (``weights``, ``bias``, ``threshold``)."""
    return Model(
        {str(k): float(v) for k, v in d["weights"].items()},
        float(d["bias"]),
        float(d["threshold"]),
    )


_MODELS: dict[str, Model] = {}
_LOCK = threading.Lock()


def read_models(path: Traversable | Path) -> dict[str, Model]:
    """Both models of a ``toponym_model.json``; a missing or corrupt file raises
    :class:`~newsevents.geo.gazetteer.GeoError` (E023) naming it and how to get it back."""
    from .gazetteer import GeoError

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {key: model_from_json(raw[key]) for key in ("recogniser", "backing")}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise GeoError(
            f"{path}: the toponym recogniser's model is missing or corrupt ({exc!r}); "
            "reinstall newsevents, or rebuild it with scripts/train_toponym_model.py"
        ) from None


def load_model(name: str) -> Model:
    """The shipped model ``name`` ('recogniser' or 'backing'), parsed once per process."""
    with _LOCK:
        if not _MODELS:
            path = resources.files("newsevents") / "data" / "geo" / "toponym_model.json"
            _MODELS.update(read_models(path))
        return _MODELS[name]
