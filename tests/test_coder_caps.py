"""Text written in capitals (old wire copy: MUC-4, SAPA, 1980s agencies) is coded as its
sentence-case form is: the learned coder parses it in sentence case, names the dictionaries
know keeping their capitals, and its evidence keeps the original capitals."""

from __future__ import annotations

from typing import Any

import pytest

from newsevents import code_text

SENTENCES = [
    "Thousands of workers marched in Bogota to demand higher wages from the government of "
    "Colombia.",
    "Cuba condemned the American blockade and called for its immediate end.",
    "Nicaragua accused Honduras of allowing Contra rebels to operate from its territory.",
    "The United States imposed sanctions on Venezuela and expelled two diplomats.",
]


def coded(text: str) -> list[tuple[Any, ...]]:
    return [
        (
            e.plover_type,
            e.cameo_code,
            tuple(a.country for a in e.sources),
            tuple(a.country for a in e.targets),
            round(e.confidence, 3),
        )
        for e in code_text(text, published="1990-01-12")
    ]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_text_in_capitals_is_coded_as_its_sentence_case_form(sentence: str) -> None:
    expected = coded(sentence)
    assert expected  # each sentence reports an event
    assert coded(sentence.upper()) == expected


def test_evidence_and_actor_words_keep_the_original_capitals() -> None:
    text = SENTENCES[2].upper()
    events = code_text(text, published="1990-01-12")
    accuse = next(e for e in events if e.plover_type == "ACCUSE")
    assert accuse.evidence.sentence == text
    assert [a.text for a in accuse.sources] == ["NICARAGUA"]
    assert [a.text for a in accuse.targets] == ["HONDURAS"]


def test_a_protest_march_in_capitals_is_found() -> None:
    # spaCy's small model reads an all-caps sentence as a string of names and loses 'marched'
    types = {t for t, *_ in coded(SENTENCES[0].upper())}
    assert "PROTEST" in types
