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
from typing import Any


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


def load_model(name: str) -> Model:
    """The shipped model ``name`` ('recogniser' or 'backing'), parsed once per process."""
    with _LOCK:
        if not _MODELS:
            path = resources.files("newsevents") / "data" / "geo" / "toponym_model.json"
            raw = json.loads(path.read_text(encoding="utf-8"))
            for key in ("recogniser", "backing"):
                _MODELS[key] = model_from_json(raw[key])
        return _MODELS[name]
