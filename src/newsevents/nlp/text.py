"""A parsed doc's text, built once: spaCy joins every token's text on each ``Doc.text`` access,
which made actor resolution quadratic in the length of an article."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["doc_text"]

_KEY = "newsevents.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed on the first call and kept in the doc's ``user_data``."""
    text = doc.user_data.get(_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_KEY] = text
    return text
