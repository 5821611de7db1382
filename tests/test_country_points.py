"""Country points fitted to the geoparsing sets' conventions (scripts/fit_country_points.py): the
fit's rules on made-up observations, the shipped gazetteer carrying the fitted points, the file
rebuilding exactly from the shared sets, and the gain holding on articles the fit did not see."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from newsevents.geo.distance import haversine_km
from newsevents.geo.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def fit() -> ModuleType:
    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    return importlib.import_module("fit_country_points")


def test_a_point_already_near_every_gold_point_stays(fit: ModuleType) -> None:
    est = (40.0, -100.0)
    obs = [("lgl", 0, (40.5, -100.5)), ("geovirus", 1, (39.5, -99.0))]
    assert fit.fit_point(obs, est) == est


def test_two_near_conventions_are_both_met(fit: ModuleType) -> None:
    # GeoNames' and Wikipedia's points 130 km apart, the estimate 220 km from the second.
    geonames, wikipedia, est = (39.76, -98.5), (40.0, -100.0), (38.75, -98.03)
    obs = [("lgl", n, geonames) for n in range(5)] + [("geovirus", n, wikipedia) for n in range(9)]
    p: tuple[float, float] = fit.fit_point(obs, est)
    assert haversine_km(*p, *geonames) <= 161 and haversine_km(*p, *wikipedia) <= 161
    assert haversine_km(*p, *est) < haversine_km(*wikipedia, *est)  # moved no further than needed


def test_a_set_with_more_mentions_does_not_outvote_the_other(fit: ModuleType) -> None:
    # Two conventions 550 km apart: only one can be met, and the estimate meets the first; the
    # second set's ten mentions against the first's five do not move it (shares count, not totals).
    first, second, est = (60.0, 100.0), (60.0, 90.0), (60.5, 99.5)
    obs = [("lgl", n, first) for n in range(5)] + [("geovirus", n, second) for n in range(10)]
    assert fit.fit_point(obs, est) == est


def test_the_shipped_gazetteer_carries_the_fitted_points(fit: ModuleType) -> None:
    gaz = load_gazetteer()
    by_iso3 = {c.iso3: c for c in gaz.countries.values()}
    rows = [
        line.split("\t")
        for line in fit.COUNTRY_POINTS.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(rows) > 50
    moved = 0
    for iso3, lat, lon, est_lat, est_lon, *_ in rows:
        c = by_iso3[iso3]
        assert abs(c.lat - float(lat)) < 1e-4 and abs(c.lon - float(lon)) < 1e-4, iso3
        moved += haversine_km(float(lat), float(lon), float(est_lat), float(est_lon)) > 1
    assert moved >= 5


@pytest.mark.shared
def test_the_file_rebuilds_from_the_shared_sets(fit: ModuleType, shared_dir: Path) -> None:
    est = fit.shipped_estimates()
    fitted: dict[str, tuple[float, float]] = fit.fit_all(fit.observations(shared_dir, est), est, 2)
    gaz = load_gazetteer()
    shipped = {c.iso3: (c.lat, c.lon) for c in gaz.countries.values()}
    assert fitted, "no country named in LGL or GeoVirus"
    for iso3, p in fitted.items():
        assert haversine_km(*p, *shipped[iso3]) < 0.5, iso3


@pytest.mark.shared
def test_the_gain_holds_on_articles_the_fit_did_not_see(fit: ModuleType, shared_dir: Path) -> None:
    est = fit.shipped_estimates()
    obs = fit.observations(shared_dir, est)
    for half in (0, 1):
        train = {k: [x for x in v if x[1] % 2 == half] for k, v in obs.items()}
        fitted = fit.fit_all({k: v for k, v in train.items() if v}, est, 2)
        keep = lambda n, h=half: n % 2 != h  # noqa: E731
        before = fit._hits(obs, est, keep)
        after = fit._hits(obs, {**est, **fitted}, keep)
        assert after["geovirus"] >= before["geovirus"] + 0.2 * before["geovirus gold"]
        assert after["lgl"] >= before["lgl"]
