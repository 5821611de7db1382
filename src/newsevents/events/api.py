"""The small public coding API: ``code_text`` and ``classify_pair``."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .classifier import PairPrediction
    from .coder import Coder
    from .model import Event

CODER_VERSION = "0.1.3"
"""Bumped whenever coding output changes, so stored articles get re-coded."""


@lru_cache(maxsize=1)
def default_coder() -> Coder:
    """One coder per process with the bundled dictionaries (loaded on first use)."""
    from .coder import Coder

    return Coder()


def code_text(text: str, published: str | date | None = None) -> list[Event]:
    """Events in a text; ``published`` (ISO date or date) anchors relative dates."""
    return default_coder().code_text(text, published=published)


def classify_pair(sentence: str, source: str, target: str) -> PairPrediction:
    """PLOVER type (with confidence) of what ``source`` does to ``target`` in ``sentence``.

    ``source`` and ``target`` must be substrings of ``sentence``.
    """
    from .classifier import classify_pair as _classify

    return _classify(sentence, source, target)
