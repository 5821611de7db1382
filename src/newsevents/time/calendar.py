"""Calendar arithmetic for date resolution: anchors, ISO weeks, picking the nearest matching
date on the side the tense points to, holidays, seasons, and TIMEX3 value pieces."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Literal

from .expressions import NUMBER_WORDS

Direction = Literal["past", "future"] | None
Published = date | datetime | str | None


def anchor_date(published: Published) -> date | None:
    """The anchor as a date: a datetime's date, an ISO string's date; None if absent/unparseable."""
    if published is None:
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    text = str(published).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            return None


def iso_day(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def month_value(idx: int) -> str:
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def pick_date(
    make: Callable[[int], date | None],
    anchor: date,
    direction: Direction,
    strict: bool = False,
    penalty: int | None = None,
) -> date | None:
    """The date ``make(year)`` (years around the anchor's) nearest the anchor in the direction
    of the tense. With ``penalty`` (days) the direction is a soft preference: a date on the
    wrong side costs its distance plus the penalty, so a past-tense "Dec. 15" written on Nov. 2
    still means the coming Dec. 15 rather than one eleven months back."""
    cands = [d for d in (make(anchor.year + k) for k in (-1, 0, 1)) if d is not None]
    if not cands:
        return None
    if penalty is not None:

        def cost(d: date) -> tuple[int, bool]:
            days = (d - anchor).days
            wrong = (direction == "past" and days > 0) or (direction == "future" and days < 0)
            return abs(days) + (penalty if wrong else 0), days > 0

        return min(cands, key=cost)
    if direction == "past":
        past = [d for d in cands if d < anchor or (d == anchor and not strict)]
        return max(past) if past else min(cands)
    if direction == "future":
        fut = [d for d in cands if d > anchor or (d == anchor and not strict)]
        return min(fut) if fut else max(cands)
    return min(cands, key=lambda d: (abs((d - anchor).days), d > anchor))


def pick_month(month: int, anchor: date, direction: Direction, strict: bool = False) -> int:
    """Month index (year*12 + month-1): the same month as the anchor unless ``strict``, else the
    most recent past one (past, default) or the next one (future)."""
    a = anchor.year * 12 + anchor.month - 1
    same = anchor.year * 12 + month - 1
    if same == a and not strict:
        return a
    if direction == "future":
        return same if same > a else same + 12
    return same if same < a else same - 12


def _easter(year: int) -> date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """n-th ISO ``weekday`` of the month (n = -1: the last)."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def holiday(name: str, year: int) -> date | None:
    n = re.sub(r"\s+", " ", name.lower()).replace("’", "'")
    if n.startswith("christmas"):
        return date(year, 12, 24 if n.endswith("eve") else 25)
    if n.startswith("new year"):
        return date(year, 12, 31) if n.endswith("eve") else date(year, 1, 1)
    if n.startswith("thanksgiving"):
        return _nth_weekday(year, 11, 4, 4)
    if n.startswith("easter"):
        return _easter(year)
    fixed = {"halloween": (10, 31), "boxing day": (12, 26), "independence day": (7, 4)}
    if n in fixed:
        return date(year, *fixed[n])
    if n.startswith("valentine"):
        return date(year, 2, 14)
    if n in ("labor day", "labour day"):
        return _nth_weekday(year, 9, 1, 1)
    if n == "memorial day":
        return _nth_weekday(year, 5, 1, -1)
    if n == "election day":
        return _nth_weekday(year, 11, 1, 1) + timedelta(days=1)
    return None


SEASON_CODE = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # winter Y = December Y to February Y+1


def _season_bounds(code: str, year: int) -> tuple[int, int]:
    start = year * 12 + _SEASON_START[code] - 1
    return start, start + 2


def pick_season(code: str, anchor: date, how: str) -> int:
    """Year label of the season: ``how`` is last | this | next | past | future."""
    a = anchor.year * 12 + anchor.month - 1
    years = [anchor.year - 2, anchor.year - 1, anchor.year, anchor.year + 1]
    bounds = [(y, *_season_bounds(code, y)) for y in years]
    containing = [y for y, s, e in bounds if s <= a <= e]
    if how == "last":
        return max(y for y, s, e in bounds if e < a)
    if how == "next":
        return min(y for y, s, e in bounds if s > a)
    if how == "this":
        if containing:
            return containing[0]
        return anchor.year if code != "WI" or anchor.month > 2 else anchor.year - 1
    if containing:
        return containing[0]
    if how == "future":
        return min(y for y, s, e in bounds if s > a)
    return max(y for y, s, e in bounds if e < a)


def number_of(word: str) -> int | None:
    w = re.sub(r"\s+", " ", word.lower().strip())
    if w.isdigit():
        return int(w)
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    parts = re.split(r"[\s-]", w)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None  # several, few, many, some, a few


def unit_of(word: str) -> str:
    w = word.lower()
    for prefix, code in (("day", "D"), ("week", "W"), ("month", "M"), ("year", "Y")):
        if w.startswith(prefix):
            return code
    if w.startswith("decade"):
        return "DE"
    if w.startswith("quarter"):
        return "Q"
    return "CE"


_MOD_WORDS = {
    "early": "START",
    "earlier": "START",
    "beginning": "START",
    "start": "START",
    "late": "END",
    "later": "END",
    "end": "END",
    "close": "END",
    "mid": "MID",
    "middle": "MID",
}


def mod_of(pre: str | None) -> str | None:
    if not pre:
        return None
    for word in re.split(r"[\s-]+", pre.lower()):
        if word in _MOD_WORDS:
            return _MOD_WORDS[word]
    return None


def offset_of(pre: str) -> int:
    """-1 / 0 / +1 for last / this / next style modifiers."""
    p = pre.lower()
    if re.search(r"\b(?:last|past|previous|latest|recent)\b", p):
        return -1
    if re.search(r"\b(?:next|coming|following)\b", p):
        return 1
    return 0


def spelled_year(phrase: str) -> int:
    """ "nineteen ninety-six" -> 1996, "two thousand and four" -> 2004."""
    words = re.split(r"[\s-]+", phrase.lower())
    if words[0] == "nineteen":
        rest, base = words[1:], 1900
    else:
        rest, base = [w for w in words[2:] if w != "and"], 2000
    return base + sum(NUMBER_WORDS.get(w, 0) for w in rest)


def clock_suffix(clock: str | None) -> str:
    """ "9 a.m." -> "T09:00", "10:30 p.m." -> "T22:30", "noon" -> "T12:00" ("" when absent)."""
    if not clock:
        return ""
    c = clock.lower()
    if c == "noon":
        return "T12:00"
    if c == "midnight":
        return "T00:00"
    m = re.match(r"(\d{1,2})(?::(\d\d))?\s*([ap])", c)
    if not m:
        return ""
    hour, minute = int(m.group(1)) % 12, int(m.group(2) or 0)
    if m.group(3) == "p":
        hour += 12
    if hour > 23 or minute > 59:
        return ""
    return f"T{hour:02d}:{minute:02d}"


def pod_suffix(pod: str | None) -> str:
    if not pod:
        return ""
    return "T" + {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}[pod.lower()]
