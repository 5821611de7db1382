"""Geoparsing quality on the shared gold sets (LGL, GeoVirus) must not fall below its floors.

LGL is scored on every 2nd article and GeoVirus whole (``evaluate.figures.LGL_STEP`` /
``GEOVIRUS_STEP``), so the module takes about 30-40 s on 2 cores; floors are in
tests/quality_floors.json (measured values rounded down to 2 decimals).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsevents.evaluate.figures import FigureRunner

ROOT = Path(__file__).resolve().parents[1]
FLOORS: dict[str, float] = json.loads((ROOT / "tests" / "quality_floors.json").read_text())
GEO_FIGURES = [k for k in FLOORS if k.startswith(("lgl_", "geovirus_"))]

pytestmark = [pytest.mark.shared, pytest.mark.slow]


@pytest.fixture(scope="module")
def runner(shared_dir: Path) -> FigureRunner:
    return FigureRunner(shared_dir)


def test_geo_floors_are_set() -> None:
    assert {"lgl_161km_acc", "lgl_country_acc", "geovirus_161km_acc"} <= set(GEO_FIGURES)
    assert all(FLOORS[k] > 0 for k in GEO_FIGURES)


@pytest.mark.parametrize("name", GEO_FIGURES)
def test_geo_figure_meets_its_floor(runner: FigureRunner, name: str) -> None:
    m = runner.measure(name)
    assert m.value is not None, m.unavailable
    assert m.value >= FLOORS[name], f"{name} = {m.value:.4f} < floor {FLOORS[name]:.2f}"


def test_ner_and_gold_span_figures_are_both_reported(runner: FigureRunner) -> None:
    lgl, _ = runner.lgl()
    assert not isinstance(lgl, ImportError)
    assert lgl.ner is not None and lgl.ner.gold == lgl.gold_spans.gold > 1000
    # NER finds fewer gold toponyms than the gold spans give the resolver
    assert 0 < lgl.ner.recall < lgl.gold_spans.recall <= 1
