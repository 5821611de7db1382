"""Which lower-case words are English words, from the pipeline's own lemmatizer tables.

A word of a text written in capitals that is no English word (`MONTOYA`, `GACHA`, `BUSCHMANN`)
is most likely a name: :func:`~newsevents.events.prepare.cased_text` keeps it capitalised, so
that the parser and the entity recogniser still see a name once the text is in sentence case.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["english_words"]

#: Endings of inflected forms whose stem doubles its last consonant ('kidnapped', 'shelling').
_DOUBLING = ("ed", "ing")


@lru_cache(maxsize=4)
def english_words(nlp: Language) -> Callable[[str], bool]:
    """A test for lower-case English words: spaCy's stop words, WordNet's lemmas and irregular
    forms (the rule lemmatizer's ``lemma_index`` and ``lemma_exc``, about 90,000 words) and
    the forms its suffix rules reduce to one of them. Without the tables every word counts as
    English (nothing is kept capitalised)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    try:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        index = lookups.get_table("lemma_index")
        exceptions = lookups.get_table("lemma_exc")
        rule_table = lookups.get_table("lemma_rules")
    except (KeyError, AttributeError, ValueError):
        return lambda word: True
    words: set[str] = set(STOP_WORDS)
    for pos in index:
        words.update(index[pos])
    for pos in exceptions:
        words.update(exceptions[pos].keys())
    rules = sorted({(old, new) for pos in rule_table for old, new in rule_table[pos]})
    known = frozenset(words)

    def is_english(word: str) -> bool:
        if word in known:
            return True
        if any(
            word.endswith(old) and word[: len(word) - len(old)] + new in known for old, new in rules
        ):
            return True
        return any(
            word.endswith(end)
            and len(word) > len(end) + 2
            and word[-len(end) - 1] == word[-len(end) - 2]
            and word[: -len(end) - 1] in known
            for end in _DOUBLING
        )

    return is_english
