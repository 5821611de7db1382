"""Geoparsing scored on LGL and GeoVirus: within-161-km and country accuracy of our resolved
places, end to end (spaCy NER spans) and given the gold toponym spans.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ..models import Place

#: A resolved place within this distance of the gold point is right (the customary 100 miles).
GEO_KM = 161.0


@dataclass(slots=True)
class GeoFigures:
    """Counts over gold toponyms that have coordinates."""

    gold: int = 0
    found: int = 0
    """Gold toponyms our places cover (span overlap); with gold spans: those the gazetteer knows."""
    within_161: int = 0
    country_known: int = 0
    """Found toponyms whose gold country is known (given, or from the gold point)."""
    country_right: int = 0
    places: int = 0
    """Our places (with gold spans: the gold toponyms the resolver placed)."""
    places_on_gold: int = 0
    """Our places that overlap a gold toponym (any, with or without coordinates)."""

    @property
    def precision(self) -> float:
        """Share of our places that overlap a gold toponym: a map's false places."""
        return self.places_on_gold / self.places if self.places else 0.0

    @property
    def recall(self) -> float:
        """Share of gold toponyms found."""
        return self.found / self.gold if self.gold else 0.0

    @property
    def acc_161(self) -> float:
        """Share of found toponyms resolved within 161 km of the gold point."""
        return self.within_161 / self.found if self.found else 0.0

    @property
    def country_acc(self) -> float:
        """Share of found toponyms (gold country known) resolved to the right country."""
        return self.country_right / self.country_known if self.country_known else 0.0

    @property
    def acc_161_all(self) -> float:
        """Within 161 km over every gold toponym (a missed toponym counts as wrong)."""
        return self.within_161 / self.gold if self.gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Counts and rates."""
        return {
            "gold": self.gold,
            "found": self.found,
            "recall": round(self.recall, 4),
            "acc_161km": round(self.acc_161, 4),
            "country_acc": round(self.country_acc, 4),
            "acc_161km_over_all_gold": round(self.acc_161_all, 4),
            "within_161km": self.within_161,
            "country_known": self.country_known,
            "country_right": self.country_right,
            "places": self.places,
            "precision_of_places": round(self.precision, 4),
        }


@dataclass(slots=True)
class GeoResult:
    """Geoparsing scores: end to end (spaCy NER spans) and given the gold toponym spans."""

    path: str
    fmt: str
    articles: int
    articles_total: int
    step: int
    ner: GeoFigures | None
    gold_spans: GeoFigures
    seconds: float
    ner_seconds: float = 0.0
    resolve_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    ner_alone: GeoFigures | None = None
    """NER spans resolved without the source homes (a store with no history of the feed);
    None where the corpus names no sources."""

    def headline(self) -> dict[str, Any]:
        """The gated figures."""
        out: dict[str, Any] = {
            "gold_spans_acc_161km": round(self.gold_spans.acc_161, 4),
            "gold_spans_country_acc": round(self.gold_spans.country_acc, 4),
        }
        if self.ner is not None:
            out |= {
                "acc_161km": round(self.ner.acc_161, 4),
                "country_acc": round(self.ner.country_acc, 4),
                "recall": round(self.ner.recall, 4),
            }
        return out

    def to_dict(self) -> dict[str, Any]:
        """Every figure as JSON."""
        return {
            "path": self.path,
            "format": self.fmt,
            "articles": self.articles,
            "articles_total": self.articles_total,
            "step": self.step,
            "ner": self.ner.to_dict() if self.ner is not None else None,
            "ner_no_source_history": (
                self.ner_alone.to_dict() if self.ner_alone is not None else None
            ),
            "gold_spans": self.gold_spans.to_dict(),
            "seconds": round(self.seconds, 2),
            "ner_seconds": round(self.ner_seconds, 2),
            "resolve_seconds": round(self.resolve_seconds, 2),
            "notes": self.notes,
        }


class _CountryOfPoint:
    """Gold country of a point: the country of the nearest gazetteer town within 50 km."""

    def __init__(self, gaz: Any) -> None:
        self.gaz = gaz
        self.grid: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
        for c in gaz.iter_cities():
            self.grid.setdefault((int(c.lat // 1), int(c.lon // 1)), []).append(
                (c.lat, c.lon, c.iso2)
            )

    def __call__(self, lat: float, lon: float) -> str | None:
        from ..geo.distance import haversine_km

        best: tuple[float, str] | None = None
        cy, cx = int(lat // 1), int(lon // 1)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for la, lo, iso2 in self.grid.get((cy + dy, cx + dx), ()):
                    d = haversine_km(lat, lon, la, lo)
                    if d <= 50 and (best is None or d < best[0]):
                        best = (d, iso2)
        if best is None:
            return None
        country = self.gaz.countries.get(best[1])
        return country.iso3 if country is not None else None


def _gold_country(t: Any, gaz: Any, of_point: _CountryOfPoint) -> str | None:
    from ..geo.names import name_key

    for name in (t.country, t.page.rsplit("/", 1)[-1].replace("_", " ") if t.page else None):
        if name:
            c = gaz.country_keys.get(name_key(name))
            if c is not None:
                return str(c.iso3)
    if t.lat is None or t.lon is None:
        return None
    return of_point(t.lat, t.lon)


def _score_places(
    figures: GeoFigures, gold: list[Any], places: list[Any], countries: list[str | None]
) -> None:
    from ..geo.distance import haversine_km

    for t, country in zip(gold, countries, strict=True):
        if t.lat is None or t.lon is None:
            continue
        figures.gold += 1
        best, overlap = None, 0
        for p in places:
            ov = min(t.end, p.end) - max(t.start, p.start)
            if ov > overlap:
                best, overlap = p, ov
        if best is None:
            continue
        figures.found += 1
        if haversine_km(t.lat, t.lon, best.lat, best.lon) <= GEO_KM:
            figures.within_161 += 1
        if country is not None:
            figures.country_known += 1
            figures.country_right += int(best.country == country)
    for p in places:
        figures.places += 1
        figures.places_on_gold += any(min(t.end, p.end) > max(t.start, p.start) for t in gold)


def _resolve_all(
    gaz: Any, articles: Sequence[Any], mentions: Sequence[Sequence[Any]]
) -> tuple[list[list[Place]], list[list[Place]]]:
    """Each article's places resolved alone, and (the same list where no article names its
    source) with its source's home from the places its source's *other* articles gave alone,
    as the coder takes it from a store holding them."""
    from ..geo.resolver import home_from_counts, place_counts, resolve_mentions

    alone = [resolve_mentions(a.text, m, gaz) for a, m in zip(articles, mentions, strict=True)]
    if all(a.source is None for a in articles):
        return alone, alone
    counts = [place_counts(gaz, f) for f in alone]
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for a, c in zip(articles, counts, strict=True):
        if a.source is not None:
            totals[a.source].update(c)
    found = []
    for a, m, f, c in zip(articles, mentions, alone, counts, strict=True):
        home = home_from_counts(totals[a.source] - c) if a.source is not None else None
        found.append(resolve_mentions(a.text, m, gaz, home=home) if home is not None else f)
    return alone, found


def evaluate_geoparsing(
    path: Path,
    fmt: Literal["lgl", "geovirus"],
    *,
    step: int = 1,
    ner: bool = True,
) -> GeoResult:
    """Score the geoparser on LGL or GeoVirus: within-161-km and country accuracy over the gold
    toponyms our places cover (span overlap), recall of gold toponyms, both with spaCy's NER
    spans and given the gold spans. ``step`` > 1 keeps every step-th article (a deterministic
    subsample)."""
    from ..geo.api import _ner_pipeline, place_mentions
    from ..geo.gazetteer import load_gazetteer
    from ..geo.resolver import Mention
    from .readers import read_geovirus, read_lgl

    started = time.perf_counter()
    gaz = load_gazetteer()
    reader = read_lgl if fmt == "lgl" else read_geovirus
    all_articles = list(reader(path))
    articles = all_articles[:: max(1, step)]
    of_point = _CountryOfPoint(gaz)
    countries = [[_gold_country(t, gaz, of_point) for t in a.toponyms] for a in articles]
    notes = [
        "matching: a gold toponym is found when one of our places overlaps its span; "
        f"right when within {GEO_KM:.0f} km of the gold point"
    ]
    if fmt == "geovirus":
        notes.append(
            "GeoVirus gives no gold country: it is the country named by the toponym's Wikipedia "
            "page, else that of the nearest gazetteer town within 50 km of the gold point"
        )
    gold_fig = GeoFigures()
    t0 = time.perf_counter()
    gold_mentions = [[Mention(t.start, t.end, "GOLD") for t in a.toponyms] for a in articles]
    _, found = _resolve_all(gaz, articles, gold_mentions)
    resolve_secs = time.perf_counter() - t0
    for art, places, cs in zip(articles, found, countries, strict=True):
        _score_places(gold_fig, art.toponyms, places, cs)
    ner_fig: GeoFigures | None = None
    alone_fig: GeoFigures | None = None
    ner_secs = 0.0
    if ner:
        ner_fig = GeoFigures()
        nlp = _ner_pipeline()
        t0 = time.perf_counter()
        docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
        ner_secs = time.perf_counter() - t0
        t0 = time.perf_counter()
        mentions = [place_mentions(doc, gaz=gaz, extended=True) for doc in docs]
        alone, found = _resolve_all(gaz, articles, mentions)
        resolve_secs += time.perf_counter() - t0
        for art, places, cs in zip(articles, found, countries, strict=True):
            _score_places(ner_fig, art.toponyms, places, cs)
        if found is not alone:
            alone_fig = GeoFigures()
            for art, places, cs in zip(articles, alone, countries, strict=True):
                _score_places(alone_fig, art.toponyms, places, cs)
    if alone_fig is not None:
        notes.append(
            "each article's source home (where its feed's other articles are, as the coder "
            "learns it from a store) is a prior; 'no source history' resolves without it"
        )
    return GeoResult(
        str(path),
        fmt,
        len(articles),
        len(all_articles),
        max(1, step),
        ner_fig,
        gold_fig,
        time.perf_counter() - started,
        ner_secs,
        resolve_secs,
        notes,
        alone_fig,
    )
