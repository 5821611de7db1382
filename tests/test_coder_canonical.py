"""The canonical example coded end to end: the events, actors and dates a user must get."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsevents.events.coder import Coder
from newsevents.ingest import IngestOptions
from newsevents.ingest.base import Source
from newsevents.ingest.text import parse_text
from newsevents.models import Event

CANONICAL = "examples/russia-burkina-faso-2024-06-05.txt"


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


@pytest.fixture(scope="module")
def article(shared_dir: Path) -> Any:
    data = (shared_dir / CANONICAL).read_bytes()
    (item,) = list(parse_text(Source.from_bytes("canonical.txt", data), IngestOptions()))
    return item


@pytest.fixture(scope="module")
def events(coder: Coder, article: Any) -> list[Event]:
    return coder.code_text(article.text, published=article.published, article_id="canonical")


def find(events: list[Event], code: str, source: str, target: str) -> Event:
    """The event with this CAMEO code from ``source`` to ``target``; a symmetric record (talks
    and agreements with every party among its sources, GUIDELINES.md) counts when it holds
    both."""
    for ev in events:
        symmetric = ev.plover_type in ("CONSULT", "AGREE", "COOPERATE")
        targets = [*ev.targets, *ev.sources] if symmetric else ev.targets
        if (
            ev.cameo_code == code
            and any(a.country == source or a.name == source for a in ev.sources)
            and any((a.country == target or a.name == target) and a.name != source for a in targets)
        ):
            return ev
    shown = "\n".join(
        f"{e.cameo_code} {[a.name for a in e.sources]} -> {[a.name for a in e.targets]}: {e.why}"
        for e in events
    )
    raise AssertionError(f"no {code} {source} -> {target} event among:\n{shown}")


def test_promise_of_military_aid_is_agree_0332(events: list[Event], article: Any) -> None:
    ev = find(events, "0332", "RUS", "BFA")
    assert ev.plover_type == "AGREE" and ev.modality == "intended"
    assert "GOV" in ev.sources[0].sectors
    assert ev.date == "2024-06-05" and ev.date_precision == "day"
    assert ev.quad_class == 1 and ev.goldstein > 0
    assert article.text[ev.evidence.start : ev.evidence.end] == ev.evidence.sentence
    assert article.text[ev.evidence.trigger_start : ev.evidence.trigger_end] == ev.evidence.trigger
    assert ev.attribution and ("Lavrov" in ev.attribution or "media" in ev.attribution)
    assert "0332" in ev.why and ev.why


def test_lavrov_visit_is_consult_042(events: list[Event]) -> None:
    ev = find(events, "042", "RUS", "BFA")
    assert ev.plover_type == "CONSULT" and ev.plover_mode == "visit"
    assert ev.date is not None and ev.date <= "2024-06-05"
    assert ev.location.country == "BFA"


def test_rusal_negotiates_with_sierra_leone_046(events: list[Event]) -> None:
    ev = find(events, "046", "Rusal", "SLE")
    assert ev.plover_type == "CONSULT"
    assert ev.sources[0].country == "RUS" and "BUS" in ev.sources[0].sectors
    sle = next(a for a in [*ev.targets, *ev.sources] if a.country == "SLE")
    assert "GOV" in sle.sectors
    assert ev.date is not None and ev.date <= "2024-06-05"
    assert ev.attribution and "RIA" in ev.attribution


def test_alrosa_plans_talks_036(events: list[Event]) -> None:
    ev = find(events, "036", "Alrosa", "SLE")
    assert ev.plover_type == "AGREE"
    assert ev.sources[0].country == "RUS" and "BUS" in ev.sources[0].sectors


def test_no_invented_events(events: list[Event], article: Any) -> None:
    for ev in events:
        src = {a.country for a in ev.sources}
        tgt = {a.country for a in ev.targets}
        assert not ("BFA" in src and "RUS" in tgt and ev.quad_class in (3, 4)), ev.why
        assert "icon-" not in ev.evidence.sentence
        assert ev.evidence.sentence in article.text
        # the story reports aid, visits and talks: no conflict, and every party has a country
        assert ev.quad_class in (1, 2), ev.why
        assert all(a.country for a in ev.sources), ev.why
    assert len(events) <= 12


def test_dates_in_the_article(coder: Coder, article: Any) -> None:
    from newsevents.time import resolve_dates

    found = {t.text: t for t in resolve_dates(article.text, article.published)}
    assert found["last August"].value == "2023-08"
    assert found["last August"].precision == "month"
    in_2022 = found.get("in 2022") or found["2022"]
    assert in_2022.value == "2022" and in_2022.precision == "year"
    assert (
        found["on Wednesday"].value == "2024-06-05"
        if "on Wednesday" in found
        else (found["Wednesday"].value == "2024-06-05")
    )
