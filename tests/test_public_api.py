"""The small public API named in ``newsevents.__all__``: each name exists and does its job."""

from __future__ import annotations

import newsevents


def test_all_names_exist() -> None:
    for name in newsevents.__all__:
        assert hasattr(newsevents, name), name


def test_resolve_dates_at_top_level() -> None:
    text = "Lavrov arrived on Wednesday; talks resume next week."
    found = newsevents.resolve_dates(text, "2024-06-05")
    assert [(e.text, e.value, e.precision) for e in found] == [
        ("Wednesday", "2024-06-05", "day"),
        ("next week", "2024-W24", "week"),
    ]
    assert all(text[e.start : e.end] == e.text for e in found)


def test_geoparse_at_top_level() -> None:
    text = "OUAGADOUGOU, June 5 - Ministers met in Ouagadougou, the capital of Burkina Faso."
    places = newsevents.geoparse(text)
    assert places, "expected the capital and the country"
    for p in places:
        assert text[p.start : p.end] == p.text
    by_text = {p.text: p for p in places}
    city = by_text["Ouagadougou"]
    assert (city.country, city.precision) == ("BFA", "city")
    assert city.lat is not None and abs(city.lat - 12.37) < 0.5
    assert by_text["Burkina Faso"].precision == "country"
