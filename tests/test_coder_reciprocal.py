"""Acts two sides do to each other (coder 0.6.62): traded threats, accusations or fire, and acts
done to 'each other', are a record each way (GUIDELINES keep only meetings, talks and
agreements as one symmetric record); a symmetric type stays one record with all parties."""

from __future__ import annotations

from spacy.tokens import Token

from coded_texts import context, records
from newsevents.events.reciprocal import each_other, reciprocal_sides, traded_act


def word(text: str, w: str) -> Token:
    return next(t for t in context(text).doc if t.text == w)


def test_traded_hostile_acts_have_a_type() -> None:
    cases = [
        ("Iran and the U.S. traded threats on Monday.", "threats", "THREATEN"),
        ("India and Pakistan traded accusations over the attack.", "accusations", "ACCUSE"),
        ("Israel and Hezbollah exchanged fire across the border.", "fire", "ASSAULT"),
        ("Shells from an exchange of fire between Iran and Iraq landed in Kuwait.", "fire",
         "ASSAULT"),
        # the second of two things traded
        ("Iran and the U.S. traded threats and warnings.", "warnings", "THREATEN"),
        # nothing hostile traded, or one thing handed over
        ("Japan and China traded goods worth $300 billion.", "goods", None),
        ("The envoys exchanged gifts.", "gifts", None),
        ("The general exchanged a warning with the colonel.", "warning", None),
        ("The court heard insider trading charges.", "charges", None),
    ]  # fmt: skip
    for text, w, expected in cases:
        assert traded_act(word(text, w)) == expected, (text, w)


def test_the_sides_of_a_reciprocal_act() -> None:
    def sides(text: str, w: str) -> list[str] | None:
        heads = reciprocal_sides(word(text, w))
        return None if heads is None else [h.text for h in heads]

    assert sides("Iran and the U.S. traded threats on Monday.", "threats") == ["Iran"]
    assert sides("Thai troops exchanged fire with Cambodian soldiers.", "fire") == [
        "troops",
        "soldiers",
    ]
    assert sides("Thai troops exchanged fire with Cambodian soldiers.", "exchanged") == [
        "troops",
        "soldiers",
    ]
    assert sides("Shells from an exchange of fire between Iran and Iraq fell.", "exchange") == [
        "Iran"
    ]
    assert sides("Baku and Yerevan have accused each other of provoking hostilities.",
                 "accused") == ["Baku"]  # fmt: skip
    # no reciprocal act: one side acts on the other, or both fight on one side
    assert sides("Russia accused Ukraine of shelling the plant.", "accused") is None
    assert sides("Rebels and militias have fought alongside each other.", "fought") is None
    assert each_other(word("Both sides turned their guns on each other.", "turned"))
    assert not each_other(word("Both sides stood beside each other.", "stood"))


def test_a_reciprocal_act_is_a_record_each_way() -> None:
    # before: one threat, the U.S. against Iran (traded threats read as trade, COOPERATE)
    assert sorted(
        records(
            "Iran and the U.S. traded threats and warnings even as negotiators sat down to "
            "discuss a deal to avert a war."
        )
    ) == [("THREATEN", ["IRN"], ["USA"]), ("THREATEN", ["USA"], ["IRN"])]
    # before: one accusation with both sides as its sources and no target
    assert sorted(
        records("Baku and Yerevan have accused each other of provoking hostilities.")
    ) == [
        ("ACCUSE", ["ARM"], ["AZE"]),
        ("ACCUSE", ["AZE"], ["ARM"]),
    ]
    # before: no record (the exchange had no source)
    assert sorted(
        records("Artillery shells from an exchange of fire between Iran and Iraq landed in Kuwait.")
    ) == [("ASSAULT", ["IRN"], ["IRQ"]), ("ASSAULT", ["IRQ"], ["IRN"])]
    # one side a phrase of two countries' words: each country a side
    assert sorted(records("Israeli and Lebanese forces exchanged gunfire on Tuesday.")) == [
        ("ASSAULT", ["ISR"], ["LBN"]),
        ("ASSAULT", ["LBN"], ["ISR"]),
    ]
    # a partner after 'with', spaCy's parse of 'traded' as the noun's modifier
    assert sorted(records("Trump traded threats with Iran's supreme leader on Monday.")) == [
        ("THREATEN", ["IRN"], ["USA"]),
        ("THREATEN", ["USA"], ["IRN"]),
    ]


def test_symmetric_and_one_sided_acts_stay_one_record() -> None:
    # talks are one record with all parties (GUIDELINES), 'each other' or not
    assert records("Russia and Ukraine met each other in Geneva on Tuesday.") == [
        ("CONSULT", ["RUS", "UKR"], [])
    ]
    # one side acting on another
    assert records("Russia accused Ukraine of shelling the nuclear plant on Sunday.") == [
        ("ACCUSE", ["RUS"], ["UKR"])
    ]
