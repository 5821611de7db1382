"""Headline case for the parser: title-case and all-caps headlines are rewritten in sentence case,
names kept, every character offset unchanged."""

from __future__ import annotations

import pytest

from newsevents.events.headline import is_headline_case, sentence_case_title
from newsevents.events.prepare import headline_end

NAMES = {"Iran", "Hormuz", "Strait", "Trump", "European", "Libya", "Chad", "Geneva"}


def cased(title: str, body: str = "x") -> str:
    text = f"{title}.\n\n{body}"
    out = sentence_case_title(text, headline_end(text), NAMES.__contains__)
    assert len(out) == len(text)  # offsets hold
    assert out.lower() == text.lower()  # only letter case changes
    return out.split(".\n\n")[0]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Iran Temporarily Closes Strait Of Hormuz", "Iran temporarily closes Strait of Hormuz"),
        ("LIBYA SAYS CHAD FIGHTING TO CONTINUE", "Libya says Chad fighting to continue"),
        (
            "Trump Announces Tariffs On European Allies",
            "Trump announces tariffs on European allies",
        ),
        (
            "U.S. and Iran Make Progress in Geneva Talks",
            "U.S. and Iran make progress in Geneva talks",
        ),
    ],
)
def test_title_case_headlines_become_sentence_case(title: str, expected: str) -> None:
    assert cased(title) == expected


def test_words_capitalised_in_the_body_keep_their_capitals() -> None:
    assert cased("Rusal Signs Bauxite Deal", "Rusal, the Russian firm, said.") == (
        "Rusal signs bauxite deal"
    )
    assert cased("Kosovo Protesters Rally In Pristina", "Crowds filled Pristina.") == (
        "Kosovo protesters rally in Pristina"
    )


def test_sentence_case_headlines_and_plain_text_are_left_alone() -> None:
    assert not is_headline_case("US kills 11 people in three strikes on vessels")
    assert not is_headline_case("Thousands in Kosovo rally against war crimes trial")
    assert cased("Thousands in Kosovo rally against war crimes trial") == (
        "Thousands in Kosovo rally against war crimes trial"
    )
    text = "Russia and China signed a deal. Officials said so."
    assert headline_end(text) == 0


def test_a_long_or_multi_sentence_first_line_is_no_headline() -> None:
    assert headline_end("One Two Three. Four Five Six.\n\nBody") == 0
    assert headline_end(" ".join(["Word"] * 40) + "\n\nBody") == 0
    assert headline_end("Short Headline Here\n\nBody text.") == len("Short Headline Here")
