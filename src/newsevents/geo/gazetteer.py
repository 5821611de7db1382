"""The shipped gazetteer: countries, first-level regions, US counties, demonyms and GeoNames
cities, loaded once per process from ``data/geo/gazetteer.tsv.gz`` (scripts/build_gazetteer.py)."""

from __future__ import annotations

import gc
import gzip
import os
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import ErrorCode, NewsEventsError
from .names import name_key

FORMAT_VERSION = 2
#: Environment variable naming another gazetteer file (tests, custom builds).
PATH_ENV = "NEWSEVENTS_GAZETTEER"


class GeoError(NewsEventsError):
    """The gazetteer data is missing or corrupt (E023)."""

    code = ErrorCode.E023


@dataclass(frozen=True, slots=True)
class Country:
    """A country: ISO codes, English name, centroid, GeoNames population and id."""

    iso2: str
    iso3: str
    name: str
    lat: float
    lon: float
    population: int
    geonames_id: int | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Region:
    """A first-level region (state, province, ...) with its centroid."""

    iso2: str
    code: str
    name: str
    lat: float
    lon: float
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Division:
    """A second-level division (a US county, parish or borough) with a point inside it."""

    iso2: str
    admin1_code: str
    code: str
    name: str
    lat: float
    lon: float
    geonames_id: int | None
    population: int = 0
    """The summed population of its GeoNames towns."""


@dataclass(frozen=True, slots=True)
class City:
    """A GeoNames populated place."""

    geonames_id: int
    name: str
    ascii_name: str
    iso2: str
    admin1_code: str
    lat: float
    lon: float
    population: int
    feature_code: str
    admin2_code: str = ""
    """The US county's code (GeoNames admin2), where known."""


@dataclass(slots=True)
class Gazetteer:
    """Name-indexed places; cities stay unparsed lines until a look-up needs them."""

    path: str
    countries: dict[str, Country] = field(default_factory=dict)
    """By ISO alpha-2."""
    country_keys: dict[str, Country] = field(default_factory=dict)
    region_keys: dict[str, list[Region]] = field(default_factory=dict)
    regions_by_code: dict[tuple[str, str], Region] = field(default_factory=dict)
    admin1_names: dict[tuple[str, str], str] = field(default_factory=dict)
    """(ISO alpha-2, GeoNames admin1 code) -> region name."""
    admin2_keys: dict[str, list[Division]] = field(default_factory=dict)
    demonyms: dict[str, Country] = field(default_factory=dict)
    """Demonym key ('russian', 'israelis') -> its country."""
    n_divisions: int = 0
    city_keys: dict[str, list[int]] = field(default_factory=dict)
    """Key -> city rows; a row number r >= ALT marks a match on an alternate name (row r - ALT)."""
    _rows: list[str] = field(default_factory=list)
    _parsed: dict[int, City] = field(default_factory=dict)

    ALT = 1 << 30

    def city(self, row: int) -> City:
        """The city on row ``row`` (alternate-name flag ignored)."""
        row &= self.ALT - 1
        got = self._parsed.get(row)
        if got is None:
            f = self._rows[row].split("\t")
            got = _city(f)
            self._parsed[row] = got
        return got

    def iter_cities(self) -> Iterator[City]:
        """Every city, parsed afresh (not cached: for whole-gazetteer scans such as evaluation)."""
        for line in self._rows:
            yield _city(line.split("\t"))

    def cities(self, key: str) -> list[tuple[City, bool]]:
        """Cities named ``key`` (a :func:`name_key`), each with True where an alternate matched."""
        return [(self.city(r), r >= self.ALT) for r in self.city_keys.get(key, ())]

    def place_countries(self, key: str, min_population: int) -> set[str]:
        """ISO alpha-3 codes of the countries with a town named ``key`` (a :func:`name_key`;
        its own name, not an alternate) of ``min_population`` people or more, or a first-level
        region of that name: where a place name may lie ('Cordoba': Argentina, Spain, Mexico
        and Colombia's department)."""
        iso2 = {
            c.iso2
            for c, alternate in self.cities(key)
            if not alternate and c.population >= min_population
        }
        iso2 |= {r.iso2 for r in self.region_keys.get(key, [])}
        return {self.countries[c].iso3 for c in iso2 if c in self.countries}

    def country_by_iso3(self, iso3: str) -> Country | None:
        """The country with ISO alpha-3 code ``iso3``."""
        for c in self.countries.values():
            if c.iso3 == iso3:
                return c
        return None

    def admin1_name(self, city: City) -> str | None:
        """The name of a city's first-level region, where the data names it."""
        return self.admin1_names.get((city.iso2, city.admin1_code))

    def __len__(self) -> int:
        return len(self._rows) + len(self.countries) + len(self.regions_by_code) + self.n_divisions

    def __bool__(self) -> bool:  # 'gaz or load_gazetteer()' must not count the entries
        return True


def _city(f: list[str]) -> City:
    return City(int(f[1]), f[2], f[3], f[4], f[5], float(f[6]), float(f[7]), int(f[8]), f[9], f[12])


def default_path() -> Path:
    """$NEWSEVENTS_GAZETTEER, else the file shipped in the package."""
    env = os.environ.get(PATH_ENV)
    if env:
        return Path(env)
    return Path(str(resources.files("newsevents") / "data" / "geo" / "gazetteer.tsv.gz"))


def _parse(path: Path) -> Gazetteer:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise GeoError(
            f"{path}: gazetteer file not found (rebuild it with scripts/build_gazetteer.py)"
        ) from None
    except OSError as exc:
        raise GeoError(f"{path}: cannot read the gazetteer ({exc})") from None
    try:
        text = gzip.decompress(raw).decode("utf-8")
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise GeoError(f"{path}: gazetteer file is corrupt ({exc})") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or not lines[0].startswith("#newsevents-gazetteer\t"):
        raise GeoError(f"{path}: not a newsevents gazetteer file (bad header)")
    if f"version={FORMAT_VERSION}" not in lines[0].split("\t"):
        raise GeoError(f"{path}: unsupported gazetteer version ({lines[0].split(chr(9))[1]})")
    end = lines[-1].split("\t")
    if end[0] != "#end" or len(end) != 2 or not end[1].isdigit() or int(end[1]) != len(lines) - 2:
        raise GeoError(f"{path}: gazetteer file is truncated or corrupt (record count mismatch)")
    gaz = Gazetteer(str(path))
    ck = gaz.city_keys
    alt = Gazetteer.ALT
    rows = gaz._rows
    demonyms: list[tuple[str, str]] = []
    try:
        for line in lines[1:-1]:
            kind = line[0]
            if kind == "P":
                f = line.split("\t")
                row = len(rows)
                rows.append(line)
                got = ck.get(f[11])
                if got is None:
                    ck[f[11]] = [row]
                else:
                    got.append(row)
                if f[10]:
                    row |= alt
                    for k in f[10].split(";"):
                        got = ck.get(k)
                        if got is None:
                            ck[k] = [row]
                        else:
                            got.append(row)
            elif kind == "C":
                f = line.split("\t")
                c = Country(
                    f[1],
                    f[2],
                    f[3],
                    float(f[4]),
                    float(f[5]),
                    int(f[6]),
                    int(f[7]) or None,
                    tuple(a for a in f[8].split(";") if a),
                )
                gaz.countries[c.iso2] = c
                for n in (c.name, *c.aliases):
                    gaz.country_keys.setdefault(name_key(n), c)
            elif kind == "A":
                f = line.split("\t")
                r = Region(
                    f[1],
                    f[2],
                    f[3],
                    float(f[4]),
                    float(f[5]),
                    f[6],
                    tuple(a for a in f[7].split(";") if a),
                )
                gaz.regions_by_code[(r.iso2, r.code)] = r
                for k in {name_key(n) for n in (r.name, *r.aliases)}:
                    gaz.region_keys.setdefault(k, []).append(r)
            elif kind == "M":
                f = line.split("\t")
                gaz.admin1_names[(f[1], f[2])] = f[3]
            elif kind == "D":
                f = line.split("\t")
                d = Division(
                    f[1], f[2], f[3], f[4], float(f[5]), float(f[6]), int(f[7]) or None, int(f[8])
                )
                gaz.n_divisions += 1
                for k in f[9].split(";"):
                    gaz.admin2_keys.setdefault(k, []).append(d)
            elif kind == "N":
                f = line.split("\t")
                demonyms.append((f[1], f[2]))
            else:
                raise ValueError(f"unknown record type {kind!r}")
        for key, iso2 in demonyms:
            gaz.demonyms[key] = gaz.countries[iso2]
    except (ValueError, IndexError, KeyError) as exc:
        raise GeoError(f"{path}: gazetteer file is corrupt ({exc})") from None
    if not gaz.countries or not rows:
        raise GeoError(f"{path}: gazetteer file has no countries or no cities")
    return gaz


_CACHE: dict[str, Gazetteer] = {}
_LOCK = threading.Lock()


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer (parsed once per process and path); raises :class:`GeoError` (E023) when
    the file is missing or corrupt."""
    p = Path(path) if path is not None else default_path()
    key = str(p.resolve()) if p.exists() else str(p)
    with _LOCK:
        gaz = _CACHE.get(key)
        if gaz is None:
            gaz = _parse_without_gc(p)
            _CACHE[key] = gaz
        return gaz


def _parse_without_gc(path: Path) -> Gazetteer:
    """:func:`_parse` with the cyclic collector paused: the half million key lists it makes hold
    no cycles, and the collector's passes over them took more than half the parse's time."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        return _parse(path)
    finally:
        if was_on:
            gc.enable()
