"""Headline case for the parser: title-case and all-caps headlines are rewritten in sentence case,
names kept, every character offset unchanged."""

from __future__ import annotations

import pytest

import newsevents
from newsevents.events.english import english_words
from newsevents.events.headline import (
    in_capitals,
    is_caps_text,
    is_headline_case,
    is_lower_text,
    sentence_case_body,
    sentence_case_title,
)
from newsevents.events.prepare import cased_text, headline_end, visible_text
from newsevents.pipeline import process_coder

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


def test_a_body_that_repeats_the_headline_says_nothing_of_its_case() -> None:
    # InSight Crime's leads open with the headline again, in title case: its words were all
    # 'capitalised in the body', so the headline kept every capital and spaCy read 'Threaten'
    # as part of a name; the repeat is cased as the headline is, the rest of the body still counts
    title = "Zetas Threaten Attacks on Civilians in North Guatemala"
    body = f"{title}. Banners signed by the Zetas have appeared in Peten."
    text = f"{title}.\n\n{body}"
    out = sentence_case_title(text, headline_end(text), (NAMES | {"Guatemala"}).__contains__)
    assert len(out) == len(text) and out.lower() == text.lower()
    repeat = "Zetas threaten attacks on civilians in north Guatemala"
    assert out == f"{repeat}.\n\n{repeat}. Banners signed by the Zetas have appeared in Peten."
    # a name the rest of the body capitalises keeps its capitals in both
    body = f"{title}. Banners signed by the Zetas in North Guatemala have appeared."
    assert cased(title, body) == "Zetas threaten attacks on civilians in North Guatemala"
    # the coder now reads the threat and its parties in the headline
    events = newsevents.code_text(text)
    coded = [(e.plover_type, [a.country for a in e.sources]) for e in events]
    assert ("THREATEN", ["MEX"]) in coded


def test_a_name_with_a_possessive_keeps_its_capitals() -> None:
    # feeds write the possessive with a curly apostrophe ('Trump’s'), which the dictionary's
    # names and the body's words ('Trump's', 'Iran') do not spell
    assert cased("Starmer Denounces Iran’s Remarks About Troops") == (
        "Starmer denounces Iran’s remarks about troops"
    )
    body = "Rusal's deal was signed in Sierra Leone."
    assert cased("Sierra Leone Backs Rusal’s Bauxite Deal", body) == (
        "Sierra Leone backs Rusal’s bauxite deal"
    )
    assert cased("IRAN'S ARMY ENTERS LIBYA'S CAPITAL") == "Iran's army enters Libya's capital"
    # a common word with a possessive is lowered as before
    assert cased("Police Arrest Man Over Neighbours’ Dispute") == (
        "Police arrest man over neighbours’ dispute"
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


# --- bodies written in capitals (old wire copy) -------------------------------------------------

FORMS = {"EL SALVADOR": "El Salvador", "PANAMA": "Panama", "UN": "UN", "SALVADORAN": "Salvadoran"}


def body_cased(body: str) -> str:
    out = sentence_case_body(body, FORMS.get)
    assert len(out) == len(body)  # offsets hold
    assert out.lower() == body.lower()  # only letter case changes
    return out


def test_a_body_in_capitals_is_detected() -> None:
    assert is_caps_text("THE ARMY SAID REBELS ATTACKED A POWER STATION IN SAN MIGUEL.")
    assert not is_caps_text("The army said rebels attacked a power station in San Miguel.")
    assert not is_caps_text("UN SAYS")  # too short to judge
    assert not is_caps_text("NATO and the UN said the EU and the US agreed on Tuesday.")


def test_a_body_in_capitals_becomes_sentence_case_with_names_and_acronyms() -> None:
    assert body_cased("SALVADORAN TROOPS ENTERED EL SALVADOR. THE UN PROTESTED.") == (
        "Salvadoran troops entered El Salvador. The UN protested."
    )
    # a dotted acronym ends no sentence; words the dictionaries do not know are lower case
    assert body_cased("THE U.S. INVASION OF PANAMA ENDED -- OFFICIALS SAID SO") == (
        "The U.S. invasion of Panama ended -- Officials said so"
    )
    # a name is matched over up to three words separated by single spaces only
    assert body_cased("EL  SALVADOR") == "El  salvador"


def test_a_word_of_a_text_in_capitals_that_is_no_english_word_stays_a_name() -> None:
    coder = process_coder()
    is_english = english_words(coder.nlp)
    # WordNet's lemmas, their inflected forms and spaCy's stop words are English
    for word in ("arrested", "kidnapped", "guerrillas", "shelling", "the", "troops", "army"):
        assert is_english(word), word
    for word in ("montoya", "gacha", "buschmann", "extraditables"):
        assert not is_english(word), word
    text = "COLOMBIAN TROOPS ARRESTED EDUARDO MARTINEZ ROMERO IN BOGOTA ON FRIDAY."
    cased, _ = cased_text(text, coder.resolver, nlp=coder.nlp)
    assert cased == "Colombian troops arrested Eduardo Martinez Romero in Bogota on friday."
    # a given name that is also an English word joins the name after it, and only such a name
    text2 = "GUERRILLAS THREATENED MAYOR HECTOR AREVALO AFTER FRANK DISCUSSIONS."
    assert cased_text(text2, coder.resolver, nlp=coder.nlp)[0] == (
        "Guerrillas threatened mayor Hector Arevalo after frank discussions."
    )
    # without the pipeline's lexicon, words the dictionaries lack are lower case, as before
    assert "eduardo martinez romero" in cased_text(text, coder.resolver)[0]
    # end to end: the arrested man is the target (he was a common noun phrase before)
    events = newsevents.code_text(text, published="1989-03-01")
    assert [(e.plover_type, [t.name for t in e.targets]) for e in events] == [
        ("COERCE", ["Romero"])
    ]


def test_a_body_in_lower_case_is_cased_as_one_in_capitals() -> None:
    # dumps lowercased for search (the corpus's Times of India police reports)
    text = "pakistan accused india of shelling border villages on tuesday, officials said."
    assert is_lower_text(text)
    assert not is_lower_text("Pakistan accused India of violating the ceasefire on Tuesday.")
    assert not is_lower_text("un says")  # too short to judge
    # a text that names no one has few capitals, but its sentences open with one
    assert not is_lower_text("The hostages are the second set to be released since the deal.")
    assert not is_caps_text(text)
    assert in_capitals("straße über") == "STRAßE ÜBER"  # same length: offsets hold
    coder = process_coder()
    cased, _ = cased_text(text, coder.resolver, nlp=coder.nlp)
    assert len(cased) == len(text)
    assert cased == "Pakistan accused India of shelling border villages on tuesday, officials said."
    # end to end (before: no event, the parser and the entity recogniser saw no names)
    events = newsevents.code_text(text, published="2002-03-10")
    assert [(e.plover_type, e.sources[0].country, e.targets[0].country) for e in events] == [
        ("ACCUSE", "PAK", "IND")
    ]
    # evidence keeps the text's own letters
    assert events[0].evidence is not None
    assert events[0].evidence.sentence.startswith("pakistan accused india of shelling")


def test_invisible_characters_at_a_word_edge_read_as_spaces() -> None:
    # feeds (Reuters') leave zero-width spaces and non-joiners glued to words
    text = "Russia accused \u200b\u200bUkraine of shelling the Zaporizhzhia plant on Friday."
    assert visible_text(text) == text.replace("\u200b", " ")
    # inside a word it stays
    assert visible_text("Hor\u200bmuz \u200cPolice") == "Hor\u200bmuz  Police"
    coder = process_coder()
    assert cased_text(text, coder.resolver, nlp=coder.nlp)[0] == visible_text(text)
    # end to end: the target was '\u200b\u200bUkraine', a word the parser could not place
    events = newsevents.code_text(text, published="2026-02-01")
    assert [(e.plover_type, e.sources[0].country, e.targets[0].text) for e in events] == [
        ("ACCUSE", "RUS", "Ukraine")
    ]
    # evidence keeps the text as written, offsets included
    evidence = events[0].evidence
    assert evidence is not None
    assert evidence.sentence == text
    assert text[evidence.trigger_start : evidence.trigger_end] == "accused"
