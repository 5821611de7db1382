"""Offline geoparsing: place mentions in news text resolved to GeoNames cities, regions and
countries with the shipped gazetteer (see docs/geo.md)."""

from .api import geoparse, geoparse_doc, place_mentions
from .dateline import Dateline, find_dateline
from .distance import haversine_km
from .gazetteer import City, Country, Gazetteer, GeoError, Region, load_gazetteer
from .resolver import Mention, resolve_mentions

__all__ = [
    "City",
    "Country",
    "Dateline",
    "Gazetteer",
    "GeoError",
    "Mention",
    "Region",
    "find_dateline",
    "geoparse",
    "geoparse_doc",
    "haversine_km",
    "load_gazetteer",
    "place_mentions",
    "resolve_mentions",
]
