"""GDELT 2.0 event table: read and write its 61-column rows, and turn our records into them.

The reader and writer are lossless on GDELT's own files: values are typed (ints, floats,
strings) and written back in GDELT's per-column number formats (``FractionDate`` with four
decimals, ``GoldsteinScale`` always with a decimal point, tone and coordinates in their shortest
form), so a real export file read and written again is byte-for-byte the same. Our own rows
follow the same types and formats; the column mapping and its known differences from GDELT are
in docs/export.md.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import resources
from typing import IO, Any, NamedTuple

from ..errors import ErrorCode, InputError
from ..store.exports import ArticleMeta
from .source import ExportItem


class GdeltRow(NamedTuple):
    """One row of GDELT 2.0's event table (field names and order as GDELT's header)."""

    GLOBALEVENTID: int | None
    SQLDATE: int | None
    MonthYear: int | None
    Year: int | None
    FractionDate: float | None
    Actor1Code: str
    Actor1Name: str
    Actor1CountryCode: str
    Actor1KnownGroupCode: str
    Actor1EthnicCode: str
    Actor1Religion1Code: str
    Actor1Religion2Code: str
    Actor1Type1Code: str
    Actor1Type2Code: str
    Actor1Type3Code: str
    Actor2Code: str
    Actor2Name: str
    Actor2CountryCode: str
    Actor2KnownGroupCode: str
    Actor2EthnicCode: str
    Actor2Religion1Code: str
    Actor2Religion2Code: str
    Actor2Type1Code: str
    Actor2Type2Code: str
    Actor2Type3Code: str
    IsRootEvent: int | None
    EventCode: str
    EventBaseCode: str
    EventRootCode: str
    QuadClass: int | None
    GoldsteinScale: float | None
    NumMentions: int | None
    NumSources: int | None
    NumArticles: int | None
    AvgTone: float | None
    Actor1Geo_Type: int | None
    Actor1Geo_FullName: str
    Actor1Geo_CountryCode: str
    Actor1Geo_ADM1Code: str
    Actor1Geo_ADM2Code: str
    Actor1Geo_Lat: float | None
    Actor1Geo_Long: float | None
    Actor1Geo_FeatureID: str
    Actor2Geo_Type: int | None
    Actor2Geo_FullName: str
    Actor2Geo_CountryCode: str
    Actor2Geo_ADM1Code: str
    Actor2Geo_ADM2Code: str
    Actor2Geo_Lat: float | None
    Actor2Geo_Long: float | None
    Actor2Geo_FeatureID: str
    ActionGeo_Type: int | None
    ActionGeo_FullName: str
    ActionGeo_CountryCode: str
    ActionGeo_ADM1Code: str
    ActionGeo_ADM2Code: str
    ActionGeo_Lat: float | None
    ActionGeo_Long: float | None
    ActionGeo_FeatureID: str
    DATEADDED: int | None
    SOURCEURL: str


GDELT_COLUMNS: tuple[str, ...] = GdeltRow._fields
"""The 61 column names in order (GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016)."""


def _annotation(name: str) -> str:
    """The declared type of a GdeltRow field as text ('int | None', 'float | None', 'str')."""
    ann = GdeltRow.__annotations__[name]
    return str(getattr(ann, "__forward_arg__", ann))


_INT = frozenset(n for n in GDELT_COLUMNS if _annotation(n).startswith("int"))
_FLOAT = frozenset(n for n in GDELT_COLUMNS if _annotation(n).startswith("float"))
#: Number formats GDELT uses per float column (checked on the shared sample files).
_FIXED4 = frozenset({"FractionDate"})
_REPR = frozenset({"GoldsteinScale"})

#: Events whose evidence sentence starts within this many characters count as the lead
#: (GDELT's IsRootEvent marks events from the lead paragraph; we keep offsets, not paragraphs).
LEAD_CHARS = 500

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_ADM1 = re.compile(r"^[A-Z0-9]{1,3}$")


def _format_value(name: str, value: Any) -> str:
    """One field as GDELT writes it."""
    if value is None:
        return ""
    if name in _FLOAT:
        x = float(value)
        if name in _FIXED4:
            return f"{x:.4f}"
        text = repr(x)
        if name not in _REPR and text.endswith(".0"):
            text = text[:-2]
        return text
    if name in _INT:
        return str(int(value))
    return str(value)


def format_gdelt_row(row: GdeltRow) -> str:
    """A row as one tab-separated line (no line end)."""
    return "\t".join(
        _format_value(name, value) for name, value in zip(GDELT_COLUMNS, row, strict=True)
    )


def parse_gdelt_line(line: str, *, where: str) -> GdeltRow:
    """One tab-separated line as a typed row; E025 naming ``where`` (file:line) when malformed."""
    fields = line.split("\t")
    if len(fields) != len(GDELT_COLUMNS):
        raise InputError(
            where,
            f"expected {len(GDELT_COLUMNS)} tab-separated columns, found {len(fields)}",
            code=ErrorCode.E025,
        )
    values: list[Any] = []
    for name, text in zip(GDELT_COLUMNS, fields, strict=True):
        if name in _INT or name in _FLOAT:
            if not text:
                values.append(None)
                continue
            try:
                values.append(int(text) if name in _INT else float(text))
            except ValueError:
                kind = "an integer" if name in _INT else "a number"
                raise InputError(
                    where, f"column {name} must be {kind}, got {text[:40]!r}", code=ErrorCode.E025
                ) from None
        else:
            values.append(text)
    return GdeltRow(*values)


def read_gdelt(path: str | os.PathLike[str]) -> Iterator[GdeltRow]:
    """Rows of a GDELT 2.0 event file (tab-separated, no header), streamed."""
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw[:-1] if raw.endswith(b"\n") else raw
            if not line:
                continue
            where = f"{path}:{lineno}"
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(
                    where, f"not valid UTF-8 ({exc.reason})", code=ErrorCode.E025
                ) from None
            yield parse_gdelt_line(text, where=where)


def write_gdelt(rows: Iterable[GdeltRow], out: IO[str], *, progress: Any = None) -> int:
    """Write rows as GDELT lines ending in a newline; returns rows."""
    n = 0
    for row in rows:
        out.write(format_gdelt_row(row))
        out.write("\n")
        n += 1
        if progress is not None:
            progress.update(1)
    return n


# -- our records as GDELT rows ---------------------------------------------------------------


@lru_cache(maxsize=1)
def iso3_fips() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 (CAMEO country) -> (FIPS 10-4 code, country name), from the bundled table."""
    text = (
        resources.files("newsevents")
        .joinpath("data/export/iso3_fips.tsv")
        .read_text(encoding="utf-8")
    )
    table: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("iso3\t"):
            continue
        iso3, fips, name = line.split("\t")
        table[iso3] = (fips, name)
    return table


def gdelt_event_id(record_id: str) -> int:
    """Stable GLOBALEVENTID for an event or story id: 53 bits of its SHA-256 (exact as a double)."""
    digest = hashlib.sha256(record_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> 11


def event_day(rec: Mapping[str, Any], article: ArticleMeta) -> str | None:
    """The day a GDELT row dates an event by: its typed ``date_start`` (the first day of the
    period it is dated to, so a year reading ``1941`` is 1941-01-01), else the article's
    publication date (as GDELT dates every event), else the day it was coded."""
    for value in (rec.get("date_start"), article.published, article.coded_at):
        if value and _DAY.match(str(value)):
            return str(value)[:10]
    return None


def _date_fields(date: str | None) -> tuple[int | None, int | None, int | None, float | None]:
    """SQLDATE, MonthYear, Year and FractionDate (GDELT's (month-1)*30+day over 365)."""
    m = _DATE.match(date or "")
    if not m:
        return None, None, None, None
    year = int(m.group(1))
    month = int(m.group(2) or 1)
    day = int(m.group(3) or 1)
    fraction = round(year + ((month - 1) * 30 + day) / 365, 4)
    return year * 10000 + month * 100 + day, year * 100 + month, year, fraction


def _actor(actor: Mapping[str, Any] | None) -> list[Any]:
    """Actor{n}Code .. Actor{n}Type3Code (10 fields) for the first actor on a side."""
    if not actor:
        return [""] * 10
    country = str(actor.get("country") or "")
    sectors = [str(s) for s in actor.get("sectors") or []]
    code = country + (sectors[0] if sectors else "")
    cameo_country = country if len(country) == 3 and country != "IGO" else ""
    types = [*sectors[:3], "", "", ""][:3]
    name = str(actor.get("name") or "").upper()
    return [code, name, cameo_country, "", "", "", "", *types]


def _country_geo(country: str | None) -> list[Any]:
    """Actor{n}Geo_* (8 fields) at country level from an actor's country, GDELT style."""
    info = iso3_fips().get(country or "")
    if info is None:
        return [0, "", "", "", "", None, None, ""]
    fips, name = info
    return [1, name, fips, fips, "", None, None, fips]


def _action_geo(loc: Mapping[str, Any]) -> list[Any]:
    """ActionGeo_* (8 fields) from the event location."""
    info = iso3_fips().get(str(loc.get("country") or ""))
    name = loc.get("name")
    if info is None and not name:
        return [0, "", "", "", "", None, None, ""]
    fips, country_name = info if info else ("", "")
    precision = loc.get("precision")
    us = fips == "US"
    admin1 = str(loc.get("admin1") or "")
    adm1 = fips + admin1 if fips and _ADM1.match(admin1) else fips
    lat, lon = loc.get("lat"), loc.get("lon")
    geonames = loc.get("geonames_id")
    if precision in ("city", "admin2"):
        # GDELT has no county type: a county is a located point like a city (US 3, world 4).
        geo_type = 3 if us else 4
        parts = [str(name or ""), admin1, country_name]
        full = ", ".join(p for p in parts if p)
        feature = "" if geonames is None else str(geonames)
    elif precision == "admin1":
        geo_type = 2 if us else 5
        full = ", ".join(p for p in (str(name or ""), country_name) if p)
        feature = adm1
    else:
        geo_type = 1
        full = country_name or str(name or "")
        feature = fips
    return [geo_type, full, fips, adm1, "", lat, lon, feature]


def _dateadded(coded_at: str | None) -> int | None:
    digits = re.sub(r"\D", "", (coded_at or "")[:19])
    return int(digits) if len(digits) == 14 else None


def to_gdelt_row(item: ExportItem) -> GdeltRow:
    """One event or story record as a GDELT 2.0 event row (first source and target only)."""
    rec = item.record
    story = item.unit == "stories"
    record_id = str(rec.get("story_id") if story else rec.get("event_id"))
    sources = rec.get("sources") or []
    targets = rec.get("targets") or []
    src = sources[0] if sources else None
    tgt = targets[0] if targets else None
    cameo = str(rec.get("cameo_code") or "")
    ev = rec.get("evidence") or {}
    start = ev.get("start")
    if story:
        counts = [rec.get("num_mentions"), rec.get("num_sources"), rec.get("num_articles")]
    else:
        counts = [rec.get("mentions") or 1, 1, 1]
    goldstein = rec.get("goldstein")
    values: list[Any] = [
        gdelt_event_id(record_id),
        *_date_fields(event_day(rec, item.article)),
        *_actor(src),
        *_actor(tgt),
        1 if isinstance(start, int) and start < LEAD_CHARS else 0,
        cameo,
        cameo[:3],
        cameo[:2],
        rec.get("quad_class"),
        None if goldstein is None else float(goldstein),
        *counts,
        0.0,  # AvgTone: newsevents does not score tone
        *(_country_geo(src.get("country")) if src else _country_geo(None)),
        *(_country_geo(tgt.get("country")) if tgt else _country_geo(None)),
        *_action_geo(rec.get("location") or {}),
        _dateadded(item.article.coded_at),
        item.article.url or "",
    ]
    return GdeltRow(*values)
