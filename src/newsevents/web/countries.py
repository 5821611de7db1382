"""Country names and map positions: ISO alpha-3 codes matched to the world-atlas basemap.

Events the geography stage has not placed yet (no lat/lon) are drawn at their country's position:
the centre of the bounding box of the country's largest polygon in world-atlas ``countries-110m``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

#: world-atlas abbreviates some names; these are matched by hand.
_ALIASES = {
    "W. Sahara": "ESH",
    "Dem. Rep. Congo": "COD",
    "Dominican Rep.": "DOM",
    "Falkland Is.": "FLK",
    "Fr. S. Antarctic Lands": "ATF",
    "Côte d'Ivoire": "CIV",
    "Bosnia and Herz.": "BIH",
    "S. Sudan": "SSD",
    "N. Cyprus": "CYP",
}

BASEMAP = Path(__file__).parent / "static" / "vendor" / "world-atlas" / "countries-110m.json"


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO alpha-3 code -> English name, from the bundled actor dictionary."""
    names: dict[str, str] = {}
    path = resources.files("newsevents") / "data" / "actors" / "countries.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            names[str(rec["id"])] = str(rec["name"])
    return names


def _lookup() -> dict[str, str]:
    """Lower-cased name or pattern -> ISO alpha-3 code."""
    index: dict[str, str] = {}
    path = resources.files("newsevents") / "data" / "actors" / "countries.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            for pattern in [rec["name"], *rec.get("patterns", [])]:
                index.setdefault(str(pattern).lower(), str(rec["id"]))
    return index


def _decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs (quantised, delta-encoded) as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        x = y = 0
        points: list[tuple[float, float]] = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        points.extend(arcs[i] if i >= 0 else list(reversed(arcs[~i])))
    return points


def _area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)))


@lru_cache(maxsize=1)
def country_positions() -> dict[str, tuple[float, float]]:
    """ISO alpha-3 code -> (lat, lon) of the country on the basemap (empty if it is missing)."""
    if not BASEMAP.is_file():
        return {}
    topo = json.loads(BASEMAP.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topo)
    index = _lookup()
    out: dict[str, tuple[float, float]] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        name = str((geom.get("properties") or {}).get("name", ""))
        code = _ALIASES.get(name) or index.get(name.lower())
        if code is None or code in out:
            continue
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        rings = [_ring(arcs, poly[0]) for poly in polygons if poly]
        if not rings:
            continue
        ring = max(rings, key=_area)
        lons = [p[0] for p in ring]
        lats = [p[1] for p in ring]
        if max(lons) - min(lons) > 180:  # crosses the antimeridian (Russia, Fiji)
            lons = [x + 360 if x < 0 else x for x in lons]
        lon = (min(lons) + max(lons)) / 2
        out[code] = ((min(lats) + max(lats)) / 2, lon - 360 if lon > 180 else lon)
    return out
