"""The trained toponym recogniser (geo/recogniser.py, geo/toponym_model.py): gazetteer names the
NER did not label as places, found with the real spaCy model and the shipped gazetteer and
kept only where the article backs their reading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsevents.geo import Mention, geoparse, load_gazetteer, resolve_mentions
from newsevents.geo.api import _ner_pipeline, _person_words, place_mentions
from newsevents.geo.recogniser import candidates
from newsevents.geo.resolver import RECOGNISED, resolvable_spans
from newsevents.geo.toponym_model import Model, load_model
from newsevents.models import Place

ROOT = Path(__file__).resolve().parents[1]


def place_at(places: list[Place], text: str, name: str) -> Place | None:
    i = text.index(name)
    return next((p for p in places if p.start < i + len(name) and i < p.end), None)


def test_town_inside_an_organisation_entity_is_found() -> None:
    text = "A Laconia man was arrested on Route 3 in Belmont, New Hampshire, police said."
    doc = _ner_pipeline()(text)
    assert "Laconia" not in {e.text for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")}
    labels = {text[m.start : m.end]: m.label for m in place_mentions(doc, extended=True)}
    assert labels.get("Laconia") == RECOGNISED
    p = place_at(geoparse(text), text, "Laconia")
    assert p is not None and p.text == "Laconia"
    assert (p.name, p.country, p.admin1) == ("Laconia", "USA", "New Hampshire")


def test_county_inside_a_place_entity_the_gazetteer_lacks_is_found() -> None:
    # the NER tags the jail as GPE; the whole name resolves to nothing, its county does
    text = "Officers from the Henderson County Jail took the inmate to Athens, Texas, on Monday."
    p = place_at(geoparse(text), text, "Henderson County")
    assert p is not None and p.text == "Henderson County"
    assert (p.precision, p.admin1) == ("admin2", "Texas")


def test_legislator_home_town_after_party_letter_is_found() -> None:
    text = "Rep. Charles Rangel, D-N.Y., spoke in Washington. Rep. Barbara Lee, D-Oakland, agreed."
    p = place_at(geoparse(text), text, "Oakland")
    assert p is not None and (p.name, p.admin1) == ("Oakland", "California")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Parker (Colorado, 50,000 people) is the speaker's surname, even tagged ORG
        (
            "Sharon Parker said the plan works. Parker has lived in Columbus, Ohio, for years.",
            "Parker",
        ),
        # Horton, Kansas: part of the mayor's name
        ("Mayor Bobby E. Horton said the council in Gadsden, Alabama, would vote.", "Horton"),
        # a person's name after 'The' needs a locative word like any one-word name
        ("The Clinton administration raised the issue in Washington.", "Clinton"),
    ],
)
def test_surname_that_is_also_a_town_is_not_a_place(text: str, name: str) -> None:
    places = geoparse(text)
    assert places, "the article's real places are still found"
    assert place_at(places, text, name) is None


def test_the_event_coder_mentions_have_no_recognised_names() -> None:
    text = "A Laconia man was arrested on Route 3 in Belmont, New Hampshire, police said."
    doc = _ner_pipeline()(text)
    assert all(m.label != RECOGNISED for m in place_mentions(doc))
    assert any(m.label == RECOGNISED for m in place_mentions(doc, extended=True))
    # training switches the recogniser off
    assert all(m.label != RECOGNISED for m in place_mentions(doc, extended=True, recogniser=False))


def test_candidates_carry_the_context_the_model_reads() -> None:
    text = (
        "She studied at the University of Nebraska and lived on Cooper Street. "
        "Rep. Barbara Lee, D-Oakland, agreed."
    )
    doc = _ner_pipeline()(text)
    gaz = load_gazetteer()
    base = place_mentions(doc, gaz=gaz, extended=True, recogniser=False)
    taken = resolvable_spans(text, base, gaz)
    got = {
        text[c.start : c.end]: c.features
        for c in candidates(doc, gaz, taken, person_words=_person_words(doc), known=set())
    }
    assert got["Nebraska"]["of_before"] == 1.0 and got["Nebraska"]["kind_region"] == 1.0
    assert got["Cooper"]["street_after"] == 1.0 and got["Cooper"]["run_continues"] == 1.0
    assert got["Oakland"]["party_before"] == 1.0 and got["Oakland"]["kind_city"] == 1.0
    assert "Lee" not in got or got["Lee"].get("person_word") == 1.0


def test_backing_model_decides_whether_a_recognised_reading_is_kept() -> None:
    text = "Police in Laconia and Belmont, New Hampshire, closed the road."
    i = text.index("Laconia")
    mentions = [
        Mention(i, i + len("Laconia"), RECOGNISED, 0.9),
        Mention(text.index("Belmont"), text.index("Belmont") + 7, "GPE"),
        Mention(text.index("New Hampshire"), text.index("New Hampshire") + 13, "GPE"),
    ]
    reject_all = Model({}, -10.0, 0.5)
    accept_all = Model({}, 0.0, 0.0)
    kept = {p.text for p in resolve_mentions(text, mentions, backing=accept_all)}
    dropped = {p.text for p in resolve_mentions(text, mentions, backing=reject_all)}
    assert "Laconia" in kept and "Laconia" not in dropped
    assert {"Belmont", "New Hampshire"} <= dropped  # the NER's own mentions are never gated
    # the shipped model keeps a confident name whose town lies in the state the article names
    assert "Laconia" in {p.text for p in resolve_mentions(text, mentions)}


def test_shipped_models_load_and_weigh_the_article_sensibly() -> None:
    rec, back = load_model("recogniser"), load_model("backing")
    assert 0 < rec.threshold < 1 and 0 < back.threshold < 1
    # a name in a person's name or before a title is less likely a place; a county more likely
    assert rec.weights["person_word"] < 0 < rec.weights["kind_county"]
    # a reading in the article's main country, with a place nearby, is more likely right
    assert back.weights["same"] > 0 and back.weights["near50"] > 0 and back.weights["logit"] > 0
    raw = json.loads((ROOT / "src/newsevents/data/geo/toponym_model.json").read_text())
    cv = raw["cross_validated"]
    assert {"lgl", "lgl_step2", "geovirus"} <= set(cv)
    assert all(0 < cv[k]["recall"] <= 1 for k in cv)


@pytest.mark.parametrize("content", [None, "{not json", '{"recogniser": {}}'])
def test_a_missing_or_corrupt_model_file_is_a_coded_error(
    tmp_path: Path, content: str | None
) -> None:
    from newsevents.errors import ErrorCode
    from newsevents.geo.gazetteer import GeoError
    from newsevents.geo.toponym_model import read_models

    path = tmp_path / "toponym_model.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(GeoError) as info:
        read_models(path)
    assert info.value.code == ErrorCode.E023
    assert str(path) in str(info.value) and "train_toponym_model.py" in str(info.value)
    shipped = ROOT / "src/newsevents/data/geo/toponym_model.json"
    assert set(read_models(shipped)) == {"recogniser", "backing"}
