"""The coder's version and the pair classifier's public entry point (``classify_pair``).

Coding itself, ``code_text`` included, goes through the main job (:mod:`newsevents.pipeline`),
which holds this process's coder."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .classifier import PairPrediction

CODER_VERSION = "0.6.84"
"""Bumped whenever coding output changes, so stored articles get re-coded."""


def classify_pair(sentence: str, source: str, target: str) -> PairPrediction:
    """PLOVER type (with confidence) of what ``source`` does to ``target`` in ``sentence``: the
    linear pair model averaged with all-MiniLM-L6-v2 fine-tuned on PLV.

    ``source`` and ``target`` must be substrings of ``sentence``.
    """
    from .pair_transformer import classify_pair as _classify

    return _classify(sentence, source, target)
