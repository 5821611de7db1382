"""JSONL export in PLOVER's event-record shape (PLOVER manual, ch. 6 "Data fields").

Every PLOVER field we can fill is filled under PLOVER's name; what PLOVER has no field for
(CAMEO code, Goldstein score's source, modality, confidence, evidence offsets, the coder's
``why``, story counts) stays under the ``newsevents`` key of the record and of each entity.
The mapping is documented in docs/export.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

from .source import ExportItem

#: PLOVER's location ``resolution``: 5 sub-city, 4 city, 3 district, 2 province, 1 country.
RESOLUTION = {"city": 4, "admin2": 3, "district": 3, "admin1": 2, "country": 1}

CODEBOOK = "PLOVER event and mode (CAMEO2PLOVER-2021), with CAMEO event codes"


def _entity(actor: Mapping[str, Any]) -> dict[str, Any]:
    """A PLOVER entity object (Table 6.2) from one of our actors."""
    sectors = list(actor.get("sectors") or [])
    return {
        "code": actor.get("country"),
        "sector": sectors[0] if sectors else None,
        "entity_text": actor.get("text"),
        "identifier_id": actor.get("actor_id"),
        "identifier_text": actor.get("name"),
        "newsevents": {
            "kind": actor.get("kind"),
            "sectors": sectors,
            "start": actor.get("start"),
            "end": actor.get("end"),
            "why": actor.get("why"),
        },
    }


def _location(loc: Mapping[str, Any]) -> dict[str, Any] | None:
    """A PLOVER location object (Table 6.6) from our event location; None when there is none."""
    if not any(loc.get(k) is not None for k in ("name", "country", "lat", "lon")):
        return None
    precision = loc.get("precision")
    return {
        "extracted_place": loc.get("name"),
        "resolved_place": loc.get("name"),
        "geonameid": loc.get("geonames_id"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "city": loc.get("name") if precision == "city" else None,
        "province": loc.get("admin1"),
        "country_code": loc.get("country"),
        "resolution": RESOLUTION.get(str(precision)) if precision else None,
    }


def to_plover(item: ExportItem) -> dict[str, Any]:
    """One event or story record as a PLOVER JSON record plus a ``newsevents`` block."""
    rec = item.record
    art = item.article
    ev = rec.get("evidence") or {}
    story = item.unit == "stories"
    record_id = rec.get("story_id") if story else rec.get("event_id")
    coded = art.coded_at or ""
    out: dict[str, Any] = {
        "id": record_id,
        "has_event": True,
        "date": rec.get("date_start"),
        "enddate": rec.get("date_end") if rec.get("date_end") != rec.get("date_start") else None,
        "actor": [_entity(a) for a in rec.get("sources") or []],
        "recipient": [_entity(a) for a in rec.get("targets") or []],
        "event": [rec["plover_type"]] if rec.get("plover_type") else [],
        "event_loc": _location(rec.get("location") or {}),
        "event_text": [ev["trigger"]] if ev.get("trigger") else [],
        "quad_code": rec.get("quad_class"),
        "event_scale": rec.get("goldstein"),
        "mode": [rec["plover_mode"]] if rec.get("plover_mode") else [],
        "context": [],
        "link": None if story else (rec.get("story_id") or item.story_id),
        "text": ev.get("sentence"),
        "text_info": {
            "start": ev.get("start"),
            "end": ev.get("end"),
            "part": ev.get("part") or ("text" if ev else None),
        },
        "cite_info": {
            "url": art.url,
            "title": art.title,
            "publication": art.outlet,
            "language": art.language,
            "coder": f"newsevents {art.coder_version}" if art.coder_version else "newsevents",
            "codebook": CODEBOOK,
        },
        "coder": "newsevents",
        "coded_date": coded[:10] or None,
        "coded_time": coded[11:] or None,
        "comment": None,
    }
    extra: dict[str, Any] = {
        "unit": "story" if story else "mention",
        "event_id": rec.get("event_id"),
        "story_id": rec.get("story_id") or item.story_id,
        "article_id": rec.get("article_id"),
        "cameo_code": rec.get("cameo_code"),
        "goldstein": rec.get("goldstein"),
        "date_text": rec.get("date"),
        "date_precision": rec.get("date_precision"),
        "date_flag": rec.get("date_flag"),
        "modality": rec.get("modality"),
        "attribution": rec.get("attribution"),
        "confidence": rec.get("confidence"),
        "evidence": ev,
        "why": rec.get("why"),
        "location": rec.get("location"),
        "published": art.published,
        "coder_version": art.coder_version,
        "extra": rec.get("extra") or {},
    }
    if story:
        for key in ("num_mentions", "num_articles", "num_sources"):
            extra[key] = rec.get(key)
        for key in ("event_ids", "article_ids", "outlets"):
            extra[key] = list(rec.get(key) or [])
    else:
        extra["num_mentions"] = rec.get("mentions")
    out["newsevents"] = extra
    return out


def write_jsonl(items: Iterable[ExportItem], out: IO[str], *, progress: Any = None) -> int:
    """Write one PLOVER JSON record per line (UTF-8, not ASCII-escaped); returns records."""
    n = 0
    for item in items:
        out.write(json.dumps(to_plover(item), ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
        n += 1
        if progress is not None:
            progress.update(1)
    return n
