"""Language identification (py3langid, model shipped inside the package; nothing downloaded)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

_SAMPLE_CHARS = 1500


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)


def detect_language(text: str, title: str | None = None) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    sample = f"{title or ''}\n{text[:_SAMPLE_CHARS]}".strip()
    if sum(ch.isalpha() for ch in sample) < 12:
        return None
    lang, _score = _identifier().classify(sample)
    return str(lang)
