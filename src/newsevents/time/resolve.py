"""Resolving date expressions against the article's publication date (the anchor).

Values follow TIMEX3: ``2024-06-05`` (day), ``2024-W23`` (ISO week), ``2024-W22-WE`` (weekend),
``2024-06`` (month), ``2024-Q2`` / ``2024-H1`` (quarter / half), ``2024-SU`` (season), ``2024``
(year), ``199`` (decade), ``19`` (century), ``2024-06-05TMO`` (part of day), ``PRESENT_REF`` /
``PAST_REF`` / ``FUTURE_REF`` and durations such as ``P3Y``. Where a relative expression can point
either way (a bare weekday, month, month-day or quarter), the tense of the governing verb decides:
from the spaCy parse when one is given, else from nearby auxiliaries and past-tense verb forms.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .calendar import (
    SEASON_CODE,
    Direction,
    Published,
    anchor_date,
    clock_suffix,
    holiday,
    iso_day,
    iso_week,
    mod_of,
    month_value,
    number_of,
    offset_of,
    pick_date,
    pick_month,
    pick_season,
    pod_suffix,
    safe_date,
    spelled_year,
    unit_of,
)
from .expressions import (
    DECADE_WORDS,
    MONTHS,
    ORDINALS,
    WEEKDAYS,
    Candidate,
    find_candidates,
)
from .tense import doc_judge, doc_tense, lexical_cue

if TYPE_CHECKING:
    from spacy.tokens import Doc


# How many days (month-day dates) a date on the side the tense contradicts is penalised: the
# parse's tense is trusted more than the lexical cue.
PENALTY_PARSED_DAYS = 240
PENALTY_LEXICAL_DAYS = 60
PENALTY_LEXICAL_MONTHS = 4
NEAR_CUE_CHARS = 12
QUARTER_FOCUS_CHARS = 1500  # a lexical cue this close (e.g. "ended March 31") counts as sure

PRECISIONS = ("day", "week", "month", "quarter", "year", "decade", "unknown")


@dataclass(slots=True)
class TimeExpr:
    """One date expression: ``text == source[start:end]``, its TIMEX3 ``value`` (None when it
    needs an anchor and none was given) and ``precision``; ``type`` is the TIMEX3 type (DATE,
    TIME for part-of-day values, DURATION), ``mod`` the TIMEX3 mod (START, MID, END) if any and
    ``kind`` the pattern that found it."""

    start: int
    end: int
    text: str
    value: str | None
    precision: str
    type: str = "DATE"
    mod: str | None = None
    kind: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- resolution


class _Resolver:
    __slots__ = ("anchor", "doc", "last_quarter_pos", "quarters", "reference", "text")

    def __init__(self, text: str, anchor: date | None, doc: Doc | None) -> None:
        self.text = text
        self.anchor = anchor
        self.doc = doc
        # Quarters mentioned so far: (year, quarter) -> (mentions, last position). The one in
        # focus (most mentioned, then most recent) anchors "a year earlier", "the quarter", ...
        self.quarters: dict[tuple[int, int], tuple[int, int]] = {}
        self.last_quarter_pos = -(10**9)
        # The last calendar date/month/year resolved: the antecedent of "that day", "the
        # following year", ...
        self.reference: tuple[int, int | None, int | None] | None = None

    def note_quarter(self, year: int, quarter: int, pos: int) -> None:
        count = self.quarters.get((year, quarter), (0, 0))[0]
        self.quarters[(year, quarter)] = (count + 1, pos)
        self.last_quarter_pos = pos

    def focus_quarter(self, pos: int) -> tuple[int, int] | None:
        """The quarter under discussion, if one was mentioned in the last ~1,500 characters."""
        if not self.quarters or pos - self.last_quarter_pos > QUARTER_FOCUS_CHARS:
            return None
        return max(self.quarters.items(), key=lambda kv: kv[1])[0]

    def tense(self, c: Candidate) -> tuple[Direction, bool]:
        """The governing tense and whether it is trustworthy (from the parse, or a cue within
        a couple of words); far lexical cues are only a weak preference."""
        if self.doc is not None:
            d = doc_tense(self.doc, c.start, c.end)
            if d is not None:
                return d, True
        direction, dist = lexical_cue(self.text, c.start, c.end)
        return direction, dist <= NEAR_CUE_CHARS

    def direction(self, c: Candidate) -> Direction:
        return self.tense(c)[0]

    def resolve(self, c: Candidate) -> TimeExpr | None:
        method = getattr(self, "_" + c.kind)
        out: tuple[str | None, ...] | None = method(c)
        if out is None:
            return None
        value, precision = out[0], out[1] or "unknown"
        mod = out[2] if len(out) > 2 else None
        if value and c.kind not in ("ref", "dur", "rel"):
            m = _CALENDAR.match(value)
            if m:
                y, mo, d = m.groups()
                self.reference = (int(y), int(mo) if mo else None, int(d) if d else None)
        typ = out[3] if len(out) > 3 else None
        if typ is None:
            typ = "TIME" if value and _TIMED.match(value) else "DATE"
        return TimeExpr(
            c.start, c.end, self.text[c.start : c.end], value, precision, typ, mod, c.kind
        )

    # absolute forms ------------------------------------------------------------------------

    def _iso(self, c: Candidate) -> tuple[str | None, str] | None:
        g = c.groups
        d = safe_date(int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"]))
        return (iso_day(d), "day") if d else None

    def _slash(self, c: Candidate) -> tuple[str | None, str] | None:
        g = c.groups
        a, b, ys = int(g["sl_a"]), int(g["sl_b"]), g["sl_y"]
        year = int(ys)
        if len(ys) == 2:
            base = self.anchor.year if self.anchor else 1970
            year = min(
                (cent + year for cent in (base // 100 * 100 - 100, base // 100 * 100)),
                key=lambda y: abs(y - base) + (100 if y > base + 5 else 0),
            )
        m, d = (a, b) if a <= 12 else (b, a)
        dt = safe_date(year, m, d)
        return (iso_day(dt), "day") if dt else None

    def _monthday(self, c: Candidate, p: str) -> tuple[str | None, str] | None:
        g = c.groups
        month = MONTHS[g[f"{p}_m"].lower().rstrip(".")]
        day = int(re.sub(r"\D", "", g[f"{p}_d"]))
        if g.get(f"{p}_y"):
            dt = safe_date(int(g[f"{p}_y"]), month, day)
            return (iso_day(dt), "day") if dt else None
        if safe_date(2000, month, day) is None:
            return None
        if self.anchor is None:
            return None, "day"
        wd = g.get(f"{p}_wd")
        if wd:  # "Thursday, April 6": the year in which the weekday fits, nearest first
            iso = WEEKDAYS[wd.lower().rstrip(".")]
            for k in (0, -1, 1):
                dt = safe_date(self.anchor.year + k, month, day)
                if dt and dt.isoweekday() == iso:
                    return iso_day(dt), "day"
        direction, sure = self.tense(c)
        dt = pick_date(
            lambda y: safe_date(y, month, day),
            self.anchor,
            direction,
            penalty=PENALTY_PARSED_DAYS if sure else PENALTY_LEXICAL_DAYS,
        )
        return (iso_day(dt), "day") if dt else None

    def _mdy(self, c: Candidate) -> tuple[str | None, str] | None:
        return self._monthday(c, "mdy")

    def _wko(self, c: Candidate) -> tuple[str | None, str] | None:
        """ "the week of March 6": the ISO week of that day."""
        out = self._monthday(c, "wko")
        if out is None or out[0] is None:
            return (None, "week") if out else None
        return iso_week(date.fromisoformat(out[0])), "week"

    def _dmy(self, c: Candidate) -> tuple[str | None, str] | None:
        return self._monthday(c, "dmy")

    def _my(self, c: Candidate) -> tuple[str | None, str, str | None]:
        g = c.groups
        month = MONTHS[g["my_m"].lower().rstrip(".")]
        year = int(g["my_y"]) if g.get("my_y") else spelled_year(g["my_sy"])
        return f"{year:04d}-{month:02d}", "month", mod_of(g.get("my_mod"))

    def _dec(self, c: Candidate) -> tuple[str | None, str, str | None]:
        g = c.groups
        v = g["dec_v"].lower().replace("'", "")
        if v[:1].isdigit() and len(v) >= 5:
            value = v[:3]
        else:
            word = v.split()[-1].split("-")[-1]
            tens = DECADE_WORDS.get(word) if not word[:1].isdigit() else int(word[0])
            if tens is None:
                return None, "decade", None
            century = 19
            if self.anchor is not None and "nineteen" not in v:
                century = self.anchor.year // 100
                if century * 100 + tens * 10 > self.anchor.year:
                    century -= 1
            value = f"{century}{tens}"
        return value, "decade", mod_of(g.get("dec_mod"))

    def _cen(self, c: Candidate) -> tuple[str | None, str, str | None]:
        g = c.groups
        words = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}
        n = c.groups["cen_n"].lower()
        num = words.get(n) or int(re.sub(r"\D", "", n))
        return f"{num - 1:02d}", "unknown", mod_of(g.get("cen_mod"))

    def _q(self, c: Candidate) -> tuple[str | None, str, str | None] | None:
        g = c.groups
        anchor = self.anchor
        focus = self.focus_quarter(c.start)
        if g.get("q_yp"):  # "the 1988 period": the quarter under discussion, in that year
            if focus is not None:
                return f"{g['q_yp']}-Q{focus[1]}", "quarter", None
            return g["q_yp"], "year", None
        if g.get("q_bare"):
            bare = g["q_bare"].lower()
            latest = "latest" in bare or "recent" in bare
            # The latest reported quarter has ended: at most the last completed one.
            done = (anchor.year * 4 + (anchor.month - 1) // 3 - 1) if anchor else None
            if focus is not None:
                y, q = focus
                idx = y * 4 + q - 1
                if latest and done is not None and idx > done:
                    idx = done
                idx -= 4 if g.get("q_bpost") else 0
                return f"{idx // 4}-Q{idx % 4 + 1}", "quarter", None
            if anchor is None or done is None:
                return None, "quarter", None
            if latest:
                return f"{done // 4}-Q{done % 4 + 1}", "quarter", None
            if bare.endswith("period"):
                return None
            idx = done + (1 if self.direction(c) == "future" else 0)
            return f"{idx // 4}-Q{idx % 4 + 1}", "quarter", None
        if g.get("q_q") or g.get("q_h"):
            unit, n = ("Q", int(g["q_q"][1])) if g.get("q_q") else ("H", int(g["q_h"][1]))
            ys = g.get("q_y3")
        else:
            unit = "Q" if g["q_u"].lower() == "quarter" else "H"
            n = ORDINALS[g["q_n"].lower()]
            ys = g.get("q_y1") or g.get("q_y2")
            if unit == "H" and n > 2:
                return None
        year: int | None = int(ys) if ys else None
        if year is None and anchor is not None:
            rel = (g.get("q_rel") or g.get("q_post") or g.get("q_ago") or "").lower()
            if rel:
                year = anchor.year + (
                    -1
                    if ("last" in rel or "ago" in rel or "earlier" in rel)
                    else 1
                    if "next" in rel
                    else 0
                )
            else:
                per = 4 if unit == "Q" else 2
                cur = (anchor.month - 1) // (12 // per) + 1
                direction, sure = self.tense(c)
                penalty = per if sure else per // 2

                def cost(y: int) -> tuple[int, int]:
                    steps = (y - anchor.year) * per + n - cur
                    wrong = (direction == "past" and steps > 0) or (
                        direction == "future" and steps < 0
                    )
                    return abs(steps) + (penalty if wrong else 0), abs(y - anchor.year)

                year = min((anchor.year - 1, anchor.year, anchor.year + 1), key=cost)
        if year is None:
            return None, "quarter" if unit == "Q" else "year", None
        if unit == "Q":
            self.note_quarter(year, n, c.start)
            return f"{year}-Q{n}", "quarter", None
        return f"{year}-H{n}", "year", None

    def _ana(self, c: Candidate) -> tuple[str | None, str] | None:
        """ "A year earlier", "the year-ago period": the quarter in focus one year back, unless
        the sentence is about a longer period ("the nine months", "the fiscal year")."""
        focus = self.focus_quarter(c.start)
        sentence = self.text[max(0, c.start - 200) : c.start]
        cut = max(sentence.rfind(". "), sentence.rfind("\n"))
        longer = _LONGER_PERIOD.search(sentence[cut + 1 :]) if cut >= 0 else None
        if focus is not None and longer is None:
            return f"{focus[0] - 1}-Q{focus[1]}", "quarter"
        if self.anchor is None:
            return None, "year"
        return str(self.anchor.year - 1), "year"

    def _dur(self, c: Candidate) -> tuple[str | None, str, str | None, str]:
        g = c.groups
        n = number_of(g["dur_n"])
        return f"P{n if n is not None else 'X'}{unit_of(g['dur_u'])}", "unknown", None, "DURATION"

    def _ago(self, c: Candidate) -> tuple[str | None, str] | None:
        g = c.groups
        future = not g["ago_dir"].lower().startswith("ago")
        n = number_of(g["ago_n"])
        if n is None:
            return ("FUTURE_REF" if future else "PAST_REF"), "unknown"
        unit = unit_of(g["ago_u"])
        if self.anchor is None:
            return None, {"D": "day", "W": "week", "M": "month", "Q": "quarter"}.get(unit, "year")
        sign = 1 if future else -1
        a = self.anchor
        if unit in ("D", "W"):
            d = a + timedelta(days=sign * n * (1 if unit == "D" else 7))
            return (iso_day(d), "day") if unit == "D" else (iso_week(d), "week")
        if unit == "M":
            return month_value(a.year * 12 + a.month - 1 + sign * n), "month"
        if unit == "Q":
            idx = a.year * 4 + (a.month - 1) // 3 + sign * n
            return f"{idx // 4}-Q{idx % 4 + 1}", "quarter"
        if unit == "Y":
            return str(a.year + sign * n), "year"
        if unit == "DE":
            return str((a.year + sign * 10 * n) // 10), "decade"
        return f"{(a.year + sign * 100 * n) // 100:02d}", "unknown"

    def _ur(self, c: Candidate) -> tuple[str | None, str, str | None] | None:
        g = c.groups
        pre = g["ur_pre"].lower()
        unit = g["ur_u"].lower()
        mod = mod_of(pre)
        off = offset_of(pre)
        precision = {
            "week": "week",
            "weekend": "week",
            "month": "month",
            "year": "year",
            "quarter": "quarter",
            "decade": "decade",
        }.get(unit, "quarter" if unit in SEASON_CODE else "unknown")
        a = self.anchor
        if a is None:
            return None, precision, mod
        if unit == "week":
            return iso_week(a + timedelta(days=7 * off)), "week", mod
        if unit == "weekend":
            in_weekend = a.isoweekday() >= 6
            if off < 0:  # last / this past weekend: the one before the current one
                base = a - timedelta(days=7)
            elif off > 0:  # next / this coming weekend
                base = a + timedelta(days=7) if in_weekend else a
            elif in_weekend:
                base = a
            else:
                default = "future" if pre.startswith("this") else "past"
                past = (self.direction(c) or default) == "past"
                base = a - timedelta(days=7) if past else a
            return iso_week(base) + "-WE", "week", mod
        if unit == "month":
            return month_value(a.year * 12 + a.month - 1 + off), "month", mod
        if unit == "year":
            return str(a.year + off), "year", mod
        if unit == "quarter":
            idx = a.year * 4 + (a.month - 1) // 3 + off
            self.note_quarter(idx // 4, idx % 4 + 1, c.start)
            return f"{idx // 4}-Q{idx % 4 + 1}", "quarter", mod
        if unit == "decade":
            return str(a.year // 10 + off), "decade", mod
        if unit == "century":
            return f"{a.year // 100 + off:02d}", "unknown", mod
        code = SEASON_CODE[unit]
        how = "last" if off < 0 else "next" if off > 0 else "this"
        return f"{pick_season(code, a, how)}-{code}", "quarter", mod

    def _ye(self, c: Candidate) -> tuple[str | None, str, str | None]:
        return (str(self.anchor.year) if self.anchor else None), "year", "END"

    def _ym(self, c: Candidate) -> tuple[str | None, str, str | None]:
        g = c.groups
        year = int(g["ym_y"]) if g.get("ym_y") else spelled_year(g["ym_sy"])
        pre = (g.get("ym_mod") or "").lower()
        season = next((s for s in SEASON_CODE if s in pre), None)
        if season:
            return f"{year}-{SEASON_CODE[season]}", "quarter", None
        if "half" in pre or "two quarters" in pre:
            return f"{year}-H{1 if 'first' in pre else 2}", "year", None
        return str(year), "year", mod_of(pre)

    def _mrel(self, c: Candidate) -> tuple[str | None, str, str | None]:
        g = c.groups
        month = MONTHS[g["mrel_m"].lower().rstrip(".")]
        pre = (g.get("mrel_pre") or "").lower()
        post = (g.get("mrel_post") or "").lower()
        mod = mod_of(pre)
        a = self.anchor
        if a is None:
            return None, "month", mod
        if post:
            year = a.year + (-1 if "last" in post else 1 if "next" in post else 0)
            return f"{year:04d}-{month:02d}", "month", mod
        words = pre.split()
        if words[:1] == ["last"] or pre.startswith("this past"):
            idx = pick_month(month, a, "past", strict=True)
        elif words[:1] == ["next"] or pre.startswith("this coming"):
            idx = pick_month(month, a, "future", strict=True)
        elif words[:1] == ["this"]:
            idx = a.year * 12 + month - 1
        else:
            direction, sure = self.tense(c)
            if direction is None or sure:
                idx = pick_month(month, a, direction or "past")
            else:  # a far lexical cue: nearest month, the cue's side preferred by 4 months
                here = a.year * 12 + a.month - 1
                cands = [(a.year + k) * 12 + month - 1 for k in (-1, 0, 1)]

                def cost(i: int) -> tuple[int, int]:
                    wrong = (direction == "past" and i > here) or (
                        direction == "future" and i < here
                    )
                    return abs(i - here) + (PENALTY_LEXICAL_MONTHS if wrong else 0), -i

                idx = min(cands, key=cost)
        return month_value(idx), "month", mod

    def _wd(self, c: Candidate) -> tuple[str | None, str] | None:
        g = c.groups
        iso = WEEKDAYS[g["wd_d"].lower()]
        pre = (g.get("wd_pre") or "").lower()
        pod = g.get("wd_pod")
        if self.anchor is None:
            return None, "day"
        a = self.anchor
        back = (a.isoweekday() - iso) % 7
        fwd = (iso - a.isoweekday()) % 7
        if pre.startswith("the "):  # "the previous Friday": relative to the date last mentioned
            ref = self.reference
            base = date(ref[0], ref[1], ref[2]) if ref and ref[1] and ref[2] else a
            if "following" in pre:
                d = base + timedelta(days=(iso - base.isoweekday()) % 7 or 7)
            else:
                d = base - timedelta(days=(base.isoweekday() - iso) % 7 or 7)
        elif pre in ("last", "this past"):
            d = a - timedelta(days=back or 7)
        elif pre in ("next", "this coming"):
            d = a + timedelta(days=fwd or 7)
        elif back == 0:
            d = a
        else:
            direction, sure = self.tense(c)
            if not sure and self.text.startswith(("'s", "’s"), c.end):
                direction = "past"  # "Wednesday's ruling" names a known event; far cues don't bind
            direction = direction or "past"
            d = a + timedelta(days=fwd) if direction == "future" else a - timedelta(days=back)
        return iso_day(d) + (clock_suffix(g.get("wd_clock")) or pod_suffix(pod)), "day"

    def _spy(self, c: Candidate) -> tuple[str | None, str] | None:
        return str(spelled_year(c.groups["spy_w"])), "year"

    def _rd(self, c: Candidate) -> tuple[str | None, str] | None:
        g = c.groups
        if self.anchor is None:
            return None, "day"
        a = self.anchor
        clock = clock_suffix(g.get("rd_clock"))
        if clock and not g.get("pod_rel"):
            w = re.sub(r"\s+", " ", g["rd_w"].lower())
            shift = {"yesterday": -1, "tomorrow": 1}.get(w, 0)
            return iso_day(a + timedelta(days=shift)) + clock, "day"
        if g.get("pod_rel"):
            rel = g["pod_rel"].lower()
            shift = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
            return iso_day(a + timedelta(days=shift)) + pod_suffix(g["pod_p"]), "day"
        w = re.sub(r"\s+", " ", g["rd_w"].lower())
        shifts = {
            "today": 0,
            "tonight": 0,
            "yesterday": -1,
            "tomorrow": 1,
            "the day before yesterday": -2,
            "the day after tomorrow": 2,
        }
        pod = g.get("rd_pod") or ("night" if w == "tonight" else None)
        return iso_day(a + timedelta(days=shifts[w])) + pod_suffix(pod), "day"

    def _rel(self, c: Candidate) -> tuple[str | None, str] | None:
        """Anaphoric: "that day", "the following year", "earlier that month", "the previous
        night" -- relative to the last calendar value resolved before it."""
        g = c.groups
        det = g["rel_det"].lower()
        unit = g["rel_u"].lower()
        step = (
            1
            if "following" in det
            else -1
            if det.split()[-1] in ("previous", "preceding", "prior")
            else 0
        )
        ref = self.reference
        if unit == "quarter":
            focus = self.focus_quarter(c.start)
            if focus is None:
                return None, "quarter"
            idx = focus[0] * 4 + focus[1] - 1 + step
            return f"{idx // 4}-Q{idx % 4 + 1}", "quarter"
        if unit == "year":
            return (str(ref[0] + step) if ref else None), "year"
        if unit == "month":
            if ref is None or ref[1] is None:
                return None, "month"
            return month_value(ref[0] * 12 + ref[1] - 1 + step), "month"
        if ref is None or ref[1] is None or ref[2] is None:
            return None, "week" if unit == "week" else "day"
        day = date(ref[0], ref[1], ref[2])
        if unit == "week":
            return iso_week(day + timedelta(days=7 * step)), "week"
        pod = None if unit == "day" else unit
        return iso_day(day + timedelta(days=step)) + pod_suffix(pod), "day"

    def _ref(self, c: Candidate) -> tuple[str | None, str]:
        g = c.groups
        if g.get("ref_present"):
            return "PRESENT_REF", "unknown"
        if g.get("ref_past"):
            return "PAST_REF", "unknown"
        return "FUTURE_REF", "unknown"

    def _sea(self, c: Candidate) -> tuple[str | None, str, str | None]:
        g = c.groups
        code = SEASON_CODE[g["sea_s"].lower()]
        pre = g["sea_pre"].lower()
        mod = mod_of(pre)
        if self.anchor is None:
            return None, "quarter", mod
        if pre.startswith("this past"):
            how = "last"
        elif pre.startswith("this coming"):
            how = "next"
        else:
            how = self.direction(c) or "past"
        return f"{pick_season(code, self.anchor, how)}-{code}", "quarter", mod

    def _hol(self, c: Candidate) -> tuple[str | None, str] | None:
        g = c.groups
        name = g["hol_n"]
        if self.anchor is None:
            return None, "day"
        pre = (g.get("hol_pre") or "").lower()
        a = self.anchor
        if pre == "this":
            d = holiday(name, a.year)
        elif pre in ("last", "next"):
            direction: Direction = "past" if pre == "last" else "future"
            d = pick_date(lambda y: holiday(name, y), a, direction, strict=True)
        else:
            d = pick_date(lambda y: holiday(name, y), a, self.direction(c))
        return (iso_day(d), "day") if d else None


_LONGER_PERIOD = re.compile(
    r"\b(?:nine|six)\s+months|\b(?:the|full|fiscal)\s+year\b|\bannual|\bfirst\s+half",
    re.IGNORECASE,
)
_TIMED = re.compile(r"\d{4}-\d\d-\d\dT")
_CALENDAR = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:T|$)")


# --------------------------------------------------------------------------- public API


def resolve_dates(text: str, published: Published, *, doc: Doc | None = None) -> list[TimeExpr]:
    """Date expressions in ``text`` with TIMEX3 values resolved against ``published``.

    ``published`` is the article's publication date (date, datetime or ISO string); with None
    only expressions that carry their own year (and PRESENT_REF-style references and durations)
    get a value; the rest are returned with ``value=None``. ``doc`` is an optional spaCy parse of
    exactly ``text``; when given, it decides tense and vetoes bare years/months that are numbers,
    modal verbs or names. Offsets index ``text``.
    """
    anchor = anchor_date(published)
    judge = doc_judge(doc) if doc is not None else None
    resolver = _Resolver(text, anchor, doc)
    out: list[TimeExpr] = []
    for cand in find_candidates(text, judge):
        expr = resolver.resolve(cand)
        if expr is not None:
            out.append(expr)
    return out


def resolve_in_doc(doc: Doc, published: Published) -> list[TimeExpr]:
    """:func:`resolve_dates` on a spaCy ``Doc`` the caller already has (no second parse)."""
    return resolve_dates(doc.text, published, doc=doc)
