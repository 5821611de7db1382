"""Date parsing shared by every stage (ingest, the coder, loading engine output): timestamps in the
many shapes dumps and pages give them, and date lines. At the ground floor: it imports no other
newsevents module, so any stage may use it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from dateutil import parser as _dateparser

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PREFIX = re.compile(
    r"^\s*(published|updated|posted|date|dated|last updated|first published)"
    r"\s*(on|at)?\s*[:\-–]?\s*",
    re.I,
)


def parse_datetime(value: object) -> datetime | None:
    """A datetime from ISO 8601, RFC 2822, free-form English dates or a Unix epoch; else None.

    The result is timezone-aware when the value names an offset or zone, naive otherwise
    (the store then keeps it as local-to-the-article time without inventing an offset).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value) / (1000 if value > 1e11 else 1)
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text or len(text) > 80:
        return None
    if text.isdigit() and len(text) in (10, 13):
        return parse_datetime(int(text))
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    if not _YEAR.search(text):
        return None
    try:
        return _dateparser.parse(_PREFIX.sub("", text), fuzzy=False)
    except (ValueError, OverflowError):
        return None


_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b|T\d{2}", re.I)


def parse_date_line(line: str) -> date | None:
    """The date when the whole line is one ("Wed Jun 05 2024", "Published: 5 June 2024 10:30").

    A line without a time of day gives a plain date, so no precision is invented.
    """
    stripped = line.strip().strip("*_")
    if not stripped or len(stripped) > 60 or not _YEAR.search(stripped):
        return None
    if len(re.findall(r"[A-Za-z]{3,}", stripped)) > 5:
        return None
    found = parse_datetime(_PREFIX.sub("", stripped))
    if found is None:
        return None
    return found if _TIME.search(stripped) else found.date()
