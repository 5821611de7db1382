"""The PETRARCH verb lexicon: a pattern listed more than once takes the line for its verb."""

from __future__ import annotations

from spacy.tokens import Token

from newsevents.events.lexicon import _unique_patterns, load_lexicon
from newsevents.nlp import load_nlp


def _verb(text: str, word: str) -> Token:
    doc = load_nlp()(text)
    return next(t for t in doc if t.text == word)


def test_a_repeated_pattern_takes_the_line_for_its_verb() -> None:
    lexicon = load_lexicon()
    ratified = lexicon.match_verb(_verb("Ukraine ratified the treaty with Poland.", "ratified"))
    approved = lexicon.match_verb(_verb("Ukraine approved the treaty with Poland.", "approved"))
    assert ratified is not None and approved is not None
    # CAMEO 2.0 lists '* &TREATY' three times in the ALLOW block: 031 (# APPROVE), 057
    # (# APPROVE), 057 (# RATIFY)
    assert ratified.code == "057" and "&treaty" in ratified.why
    assert approved.code == "031"
    deployed = lexicon.match_verb(_verb("Russia deployed troops to the border.", "deployed"))
    sent = lexicon.match_verb(_verb("Russia sent troops to the border.", "sent"))
    assert deployed is not None and sent is not None
    # the SEND block: 062 (# SEND), 072:086 (# SEND), 072 (# SEND , DEPLOY), 154 (# DEPLOY)
    assert (deployed.code, sent.code) == ("072", "062")


def test_unique_patterns_keep_the_first_line_and_each_verbs_first() -> None:
    block = {
        "patterns": [
            [[], ["&treaty"], "031", ["approve"]],
            [[], ["deal"], "051", []],
            [[], ["&treaty"], "057", ["approve"]],
            [[], ["&treaty"], "057", ["ratify"]],
            [[], ["&treaty"], "030", ["ratify", "sign"]],
            [[], [], "080", []],
        ]
    }
    out = _unique_patterns(block)
    assert list(out) == [((), ("&treaty",)), ((), ("deal",))]  # the file's order, once each
    assert out[((), ("&treaty",))] == ("031", {"approve": "031", "ratify": "057", "sign": "030"})
    assert out[((), ("deal",))] == ("051", {})


def test_the_bundled_patterns_name_their_verbs() -> None:
    lexicon = load_lexicon()
    allow = next(b for b in lexicon._blocks if b["name"] == "allow")
    assert all(len(p) == 4 for p in allow["patterns"])
    assert [[], ["&treaty"], "057", ["ratify"]] in allow["patterns"]
