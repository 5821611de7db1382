"""Per-doc caches on the hot path (a doc's text, the verb lexicon's matches) give what the
uncached code gives, and never leak from one doc into another."""

from __future__ import annotations

from newsevents.events.lexicon import load_lexicon
from newsevents.nlp import load_nlp
from newsevents.nlp.text import doc_text


def test_doc_text_is_the_doc_text_and_kept() -> None:
    doc = load_nlp()("Russia attacked Ukraine on Monday.")
    first = doc_text(doc)
    assert first == doc.text
    assert doc_text(doc) is first  # built once


def test_verb_matches_are_kept_per_doc() -> None:
    nlp = load_nlp()
    lexicon = load_lexicon()
    a = nlp("Russia attacked Ukraine.")
    b = nlp("Russia praised Ukraine.")
    assert a[1].pos_ == b[1].pos_ == "VERB"
    ma, mb = lexicon.match_verb(a[1]), lexicon.match_verb(b[1])
    assert ma is not None and mb is not None and ma.code != mb.code
    assert ma.code is not None and ma.code[:2] in ("18", "19")  # an attack
    assert lexicon.match_verb(a[1]) == ma  # back to the first doc: its own answer
    assert lexicon._match_verb(b[1]) == mb  # the cached answer is the uncached one
