"""Text in, parsed context out: headline detection and case, the spaCy parse, actor mentions.

Training (scripts/train_coder.py) and coding go through the same function, so the models see
the same parses they were trained on.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from .features import DocContext
from .headline import sentence_case_title

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..actors.resolve import ActorResolver

__all__ = ["headline_end", "prepare", "prepare_parsed"]

#: A first line is a headline when it is at most this many words and holds one sentence.
HEADLINE_WORDS = 30
_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*\s+\S")


def headline_end(text: str) -> int:
    """Length of the headline that opens ``text`` (its first line, when short and a single
    sentence, followed by a blank line or newline), or 0."""
    cut = text.find("\n")
    if cut <= 0:
        return 0
    first = text[:cut].rstrip()
    if not first or len(first.split()) > HEADLINE_WORDS or _SENTENCE_END.search(first):
        return 0
    return len(first)


def parse_text(nlp: Language, resolver: ActorResolver, text: str) -> tuple[Doc, int]:
    """The parse of ``text`` with its headline in sentence case; returns (doc, headline end)."""
    end = headline_end(text)
    dictionary = resolver.dictionary

    def is_name(word: str) -> bool:
        return any(c.entry.kind != "agent" for c in dictionary.lookup(word))

    cased = sentence_case_title(text, end, is_name) if end else text
    return nlp(cased), end


def prepare_parsed(
    doc: Doc, title_end: int, resolver: ActorResolver, published: date | None
) -> DocContext:
    """The context of an already parsed text: its actor mentions resolved at ``published``."""
    mentions = resolver.resolve(doc, published=published)
    return DocContext(doc=doc, mentions=mentions, title_end=title_end)


def prepare(
    nlp: Language, resolver: ActorResolver, text: str, published: date | None
) -> DocContext:
    """Parse ``text`` (headline in sentence case) and resolve its actor mentions."""
    doc, end = parse_text(nlp, resolver, text)
    return prepare_parsed(doc, end, resolver, published)
