"""Fit the gazetteer's country points to the geoparsing sets' conventions (LGL, GeoVirus).

A country named as a place is scored by its distance to the gold set's point for the country, and
the sets follow two conventions: LGL places a country at GeoNames' feature point (United States
39.76, -98.5), GeoVirus at Wikipedia's coordinates (40, -100; smaller countries at the capital).
Our estimate (the mean of the Factbook's point and the main landmass' centroid, built by
scripts/build_gazetteer.py) matches neither closely. For every country that the two sets name at
least ``--min`` times, this picks the point that lies within 161 km of the most gold points -
each set's share counted equally, so that one set's convention does not outvote the other's -
moving the estimate as little as that needs (candidates: the estimate moved towards each gold
point and each midpoint of two, until it is 130 km from it). The points are written to
src/newsevents/data/geo/country_points.tsv, which build_gazetteer.py reads.

``--split`` measures the method honestly: fit on the even-numbered articles of both sets and score
the odd ones, then the other way round, and print the within-161-km counts before and after.

Run: .venv/bin/python scripts/fit_country_points.py [--split] [--write] (needs the gazetteer
extra and $NEWSEVENTS_SHARED, default ../shared).
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from build_gazetteer import COUNTRY_POINTS, _dist_km, _f, country_estimates  # noqa: E402

from newsevents.evaluate.readers import read_geovirus, read_lgl  # noqa: E402
from newsevents.geo.gazetteer import load_gazetteer  # noqa: E402
from newsevents.geo.names import name_key  # noqa: E402

#: A gold point is a hit within this distance (the sets' scoring radius).
HIT_KM = 161.0
#: The estimate moves towards a target until it is this far from it (a margin under HIT_KM).
MOVE_TO_KM = 130.0
#: A gold point further than this from the estimate names something else ("Georgia", "Jordan").
SAME_PLACE_KM = 1500.0

Point = tuple[float, float]
#: (set name, article number, gold point) per country.
Observations = dict[str, list[tuple[str, int, Point]]]


def observations(shared: Path, estimates: dict[str, Point]) -> Observations:
    """Every gold toponym of LGL and GeoVirus whose words name a country, with its gold point."""
    gaz = load_gazetteer()
    folder = shared / "eval" / "geoparsing"
    out: Observations = defaultdict(list)
    sets = (("lgl", read_lgl, "lgl.xml"), ("geovirus", read_geovirus, "GeoVirus.xml"))
    for name, reader, file in sets:
        for n, art in enumerate(reader(folder / file)):
            for t in art.toponyms:
                country = gaz.country_keys.get(name_key(art.text[t.start : t.end]))
                if country is None or t.lat is None or t.lon is None:
                    continue
                est = estimates.get(country.iso3)
                if est is None or _dist_km(est, (t.lat, t.lon)) > SAME_PLACE_KM:
                    continue
                out[country.iso3].append((name, n, (t.lat, t.lon)))
    return out


def _toward(origin: Point, target: Point) -> Point:
    d = _dist_km(origin, target)
    if d <= MOVE_TO_KM:
        return origin
    f = (d - MOVE_TO_KM) / d
    return (origin[0] + (target[0] - origin[0]) * f, origin[1] + (target[1] - origin[1]) * f)


def fit_point(obs: list[tuple[str, int, Point]], estimate: Point) -> Point:
    """The point within HIT_KM of the most gold points (each set's share weighted equally), the
    least move from the estimate on ties (so that where two conventions cannot both be met, the
    estimate stays with the one it meets)."""
    golds = sorted({p for _, _, p in obs})
    mids = [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in itertools.combinations(golds, 2)]
    targets = golds + mids
    per_set = Counter(s for s, _, _ in obs)

    def score(c: Point) -> tuple[float, float, int]:
        hits = Counter(s for s, _, p in obs if _dist_km(c, p) <= HIT_KM)
        share = round(sum(hits[s] / per_set[s] for s in per_set), 9)
        return (share, -round(_dist_km(c, estimate), 3), sum(hits.values()))

    return max([estimate, *(_toward(estimate, t) for t in targets)], key=score)


def fit_all(obs: Observations, estimates: dict[str, Point], minimum: int) -> dict[str, Point]:
    """Fitted points of the countries with at least ``minimum`` observations."""
    return {
        iso3: fit_point(o, estimates[iso3]) for iso3, o in sorted(obs.items()) if len(o) >= minimum
    }


def _hits(obs: Observations, points: dict[str, Point], keep: Callable[[int], bool]) -> Counter[str]:
    """Per set: gold points of the kept articles (``'<set> gold'``) and those within HIT_KM."""
    out: Counter[str] = Counter()
    for iso3, o in obs.items():
        for s, n, p in o:
            if keep(n):
                out[s + " gold"] += 1
                out[s] += int(_dist_km(points[iso3], p) <= HIT_KM)
    return out


def split_check(obs: Observations, estimates: dict[str, Point], minimum: int) -> None:
    """Fit on one half of the articles, score the other half, both ways round."""
    for fit_half, test_half in ((0, 1), (1, 0)):
        train = {k: [x for x in v if x[1] % 2 == fit_half] for k, v in obs.items()}
        fitted = fit_all({k: v for k, v in train.items() if v}, estimates, minimum)
        keep = lambda n, h=test_half: n % 2 == h  # noqa: E731
        before = _hits(obs, estimates, keep)
        after = _hits(obs, {**estimates, **fitted}, keep)
        for s in ("lgl", "geovirus"):
            g = before[s + " gold"]
            print(
                f"fit on {'even' if fit_half == 0 else 'odd'} articles, {s} "
                f"{'odd' if test_half == 1 else 'even'}: within {HIT_KM:.0f} km "
                f"{before[s]}/{g} ({before[s] / g:.3f}) -> {after[s]}/{g} ({after[s] / g:.3f})"
            )


def shipped_estimates() -> dict[str, Point]:
    """The estimates the shipped points were fitted from, without the gazetteer extra: the
    shipped gazetteer's points, with country_points.tsv's estimate where a point was fitted."""
    gaz = load_gazetteer()
    out = {c.iso3: (c.lat, c.lon) for c in gaz.countries.values()}
    for line in COUNTRY_POINTS.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            f = line.split("\t")
            out[f[0]] = (float(f[3]), float(f[4]))
    return out


def main(argv: list[str] | None = None) -> int:
    """Fit, check by halves, and write the country points."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    shared = Path(os.environ.get("NEWSEVENTS_SHARED", "../shared"))
    ap.add_argument("--shared", type=Path, default=shared)
    ap.add_argument("--min", type=int, default=2, help="fit countries named at least this often")
    ap.add_argument("--split", action="store_true", help="fit on half the articles, score the rest")
    ap.add_argument("--write", action="store_true", help=f"write {COUNTRY_POINTS.name}")
    args = ap.parse_args(argv)
    estimates = country_estimates()
    obs = observations(args.shared, estimates)
    if args.split:
        split_check(obs, estimates, args.min)
    fitted = fit_all(obs, estimates, args.min)
    before = _hits(obs, estimates, lambda n: True)
    after = _hits(obs, {**estimates, **fitted}, lambda n: True)
    for s in ("lgl", "geovirus"):
        g = before[s + " gold"]
        print(f"all articles (in sample), {s}: {before[s]}/{g} -> {after[s]}/{g}")
    moved = {k: v for k, v in fitted.items() if _dist_km(v, estimates[k]) > 0.01}
    print(f"{len(fitted)} countries fitted, {len(moved)} moved")
    if args.write:
        lines = [
            "# Country points fitted to LGL (GeoNames' points) and GeoVirus (Wikipedia's) by",
            "# scripts/fit_country_points.py; countries not listed keep the estimate.",
            "# iso3\tlat\tlon\test_lat\test_lon\tlgl_mentions\tgeovirus_mentions",
        ]
        for iso3, p in sorted(fitted.items()):
            per = Counter(s for s, _, _ in obs[iso3])
            est = estimates[iso3]
            lines.append(
                "\t".join(
                    [
                        iso3,
                        *(_f(round(x, 5)) for x in (*p, *est)),
                        *(str(per[k]) for k in ("lgl", "geovirus")),
                    ]
                )
            )
        COUNTRY_POINTS.write_text("\n".join(lines) + "\n", "utf-8")
        print(f"wrote {COUNTRY_POINTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
