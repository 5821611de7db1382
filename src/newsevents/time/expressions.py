"""Finding date expressions in text: one compiled regular expression plus cheap context guards.

:func:`find_candidates` returns :class:`Candidate` spans, each with a ``kind`` (the named
alternative that matched) and the match's named groups. No value is computed here; see
:mod:`newsevents.time.resolve`. Everything in this module is pure regex and string work, so it is
cheap enough to run on every sentence of every article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

Judge = Callable[[str, int, int], "bool | None"]

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

WEEKDAYS: dict[str, int] = {  # ISO weekday numbers (Monday = 1)
    "monday": 1,
    "tuesday": 2,
    "wednesday": 3,
    "thursday": 4,
    "friday": 5,
    "saturday": 6,
    "sunday": 7,
    "mon": 1,
    "tue": 2,
    "tues": 2,
    "wed": 3,
    "thu": 4,
    "thur": 4,
    "thurs": 4,
    "fri": 5,
    "sat": 6,
    "sun": 7,
}

NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
}

ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}

DECADE_WORDS: dict[str, int] = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}

_MONTH_FULL = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_MONTH_ABBR = r"(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_MON = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
_WD_FULL = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WD_ANY = rf"(?:{_WD_FULL}|(?:mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)(?!\d|-\d)"
_NUM_WORD = (
    r"(?:\d{1,3}|a\s+couple\s+of|a\s+couple|a\s+few|an?|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|hundred|several|few|many|some)"
)
_TEENS_TENS = (
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine"
)
_SPELLED_YEAR = (
    r"nineteen[\s-](?:"
    + _TEENS_TENS
    + r")|two\s+thousand(?:\s+and)?(?:[\s-](?:"
    + _TEENS_TENS
    + r"))?"
)
_UNIT = r"(?:days?|weeks?|months?|years?|decades?|centur(?:y|ies)|quarters?)"
_POD = r"(?:morning|afternoon|evening|night)"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_BOUNDARY_OF = r"(?:the\s+)?(?:end|beginning|start|middle|close|turn)\s+of"


def _clock(prefix: str) -> str:
    """Optional clock time before a day name: "9 a.m. EST Tuesday", "noon Thursday"."""
    return (
        rf"(?:(?P<{prefix}_clock>\d{{1,2}}(?::\d\d)?\s*(?:a\.m\.?|p\.m\.?|am|pm)|noon|midnight)"
        r"(?:\s+(?-i:[ECMP][SD]T|GMT|UTC))?,?\s+(?:on\s+)?)?"
    )


# Alternatives are tried in this order at each position, so longer/more specific forms come first.
_ALTERNATIVES: list[tuple[str, str]] = [
    ("iso", r"(?P<iso_y>\d{4})-(?P<iso_m>\d\d)-(?P<iso_d>\d\d)(?![\d-])"),
    ("slash", r"(?<![\d/])(?P<sl_a>\d{1,2})/(?P<sl_b>\d{1,2})/(?P<sl_y>\d{4}|\d\d)(?![\d/])"),
    (
        "wko",
        rf"the\s+week\s+of\s+(?P<wko_m>{_MON})\s+(?P<wko_d>{_DAY})"
        rf"(?:(?:,\s*|\s+)(?P<wko_y>{_YEAR}))?(?![\d:,]\d)",
    ),
    (
        "mdy",
        rf"(?:(?P<mdy_wd>{_WD_ANY}),?\s+(?:the\s+)?)?(?P<mdy_m>{_MON})\s+(?P<mdy_d>{_DAY})"
        rf"(?:(?:,\s*|\s+)(?P<mdy_y>{_YEAR}))?(?![\d:,]\d)",
    ),
    (
        "dmy",
        rf"(?:(?P<dmy_wd>{_WD_ANY}),?\s+)?(?:the\s+)?(?P<dmy_d>{_DAY})(?:\s+of)?\s+"
        rf"(?P<dmy_m>{_MON})(?:,?\s+(?P<dmy_y>{_YEAR}))?",
    ),
    (
        "my",
        rf"(?:(?P<my_mod>early|late|mid|{_BOUNDARY_OF})[\s-]+)?(?P<my_m>{_MON})(?:\s+of)?,?\s+"
        rf"(?:(?P<my_y>{_YEAR})|(?P<my_sy>{_SPELLED_YEAR})(?!\w|-))",
    ),
    (
        "spy",
        r"(?:the\s+year\s+)?(?P<spy_w>" + _SPELLED_YEAR + r")(?!\w|-)",
    ),
    (
        "dec",
        r"(?:the\s+)?(?:(?P<dec_mod>early|mid|late)[\s-]+)?(?P<dec_v>(?:1[5-9]|20)\d0'?s|'\d0s|"
        r"(?:nineteen[\s-])?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|"
        r"nineties))(?!\w)",
    ),
    (
        "cen",
        r"(?:the\s+)?(?:(?P<cen_mod>early|mid|late)[\s-]+)?(?P<cen_n>\d{1,2}(?:st|nd|rd|th)|"
        r"nineteenth|twentieth|twenty-first|eighteenth)[\s-]+century",
    ),
    (
        "q",
        rf"(?:the\s+)?(?:(?P<q_rel>this|last|next)\s+year'?s\s+|(?P<q_y1>{_YEAR})\s+|"
        r"(?P<q_ago>year-(?:ago|earlier))\s+|"
        rf"(?P<q_cur>current|latest|most\s+recent|comparable|previous)\s+)?"
        r"(?P<q_fisc>fiscal[\s-]+)?(?P<q_n>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+"
        r"(?P<q_u>quarter|half)(?!\w)"
        rf"(?:\s+(?:of\s+(?:fiscal\s+)?(?P<q_y2>{_YEAR})|(?P<q_post>of\s+(?:this|last|next)\s+"
        r"year|of\s+the\s+year|last\s+year|this\s+year|next\s+year|a\s+year\s+(?:ago|earlier))))?"
        rf"|(?-i:(?P<q_q>Q[1-4])|(?P<q_h>H[12]))(?:\s+(?P<q_y3>{_YEAR}))?(?!\w)"
        r"|(?P<q_bare>the\s+quarter|(?:the\s+)?(?:latest|most\s+recent)\s+(?:quarter|period))"
        r"(?![\w-])"
        r"(?:\s+(?P<q_bpost>a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year))?"
        rf"|the\s+(?P<q_yp>{_YEAR})\s+(?:period|quarter)(?!\w)",
    ),
    (
        "ana",
        r"(?:the\s+)?(?:comparable\s+|same\s+)?year-(?:earlier|ago)(?:\s+(?:period|quarter))?"
        r"|(?:the\s+)?(?:same\s+)?(?:period|quarter)\s+a\s+year\s+(?:ago|earlier)"
        r"|(?:the\s+)?(?:same|corresponding|comparable)\s+(?:period|quarter)\s+"
        r"(?:a\s+year\s+(?:ago|earlier)|last\s+year|of\s+last\s+year)"
        r"|(?:just\s+)?a\s+year\s+(?:earlier|ago|before)",
    ),
    (
        "dur",
        r"(?:the\s+)?(?P<dur_dir>past|last|next|coming|previous|first|final|following)\s+"
        r"(?P<dur_n>(?!an?\s)" + _NUM_WORD + r")\s+(?P<dur_u>" + _UNIT + r")(?!\w)"
        r"(?!\s+of\s+(?:1[6-9]\d\d|20\d\d))",  # "the first two quarters of 1990" is a half
    ),
    (
        "ago",
        r"(?:(?:nearly|almost|about|some|around|roughly|more\s+than|less\s+than|over|just|only|"
        r"barely|at\s+least)\s+)?(?P<ago_n>" + _NUM_WORD + r")\s+(?P<ago_u>" + _UNIT + r")\s+"
        r"(?P<ago_dir>ago|from\s+now|hence)(?!\w)",
    ),
    (
        "rel",
        r"(?:(?P<rel_pre>earlier|later|early|late)\s+)?(?P<rel_det>that|the\s+same|the\s+following|"
        r"the\s+previous|the\s+preceding|the\s+prior)\s+(?P<rel_u>day|week|month|year|quarter|"
        + _POD
        + r")(?![\w-])",
    ),
    (
        "ur",
        r"(?P<ur_pre>(?:earlier|later|early|late)\s+(?:this|last|next)|(?:over\s+)?the(?=\s+weekend)|"
        r"(?:the\s+)?(?:end|beginning|start|middle|close|turn|rest)\s+of\s+(?:this|last|next|the)|"
        r"this\s+past|this\s+coming|the\s+past|the\s+last|the\s+coming|the\s+next|the\s+current|"
        r"the\s+latest|the\s+most\s+recent|last|this|next|past|coming|current|"
        r"(?:early|late|mid)[\s-]+(?:this|last|next))\s+"
        r"(?P<ur_fisc>fiscal\s+)?(?P<ur_u>week(?:end)?|month|year|quarter|decade|century|"
        + _SEASON
        + r")(?!\w|-)",
    ),
    ("ye", r"(?:year[-\s]end|year's\s+end)(?!\w)"),
    (
        "ym",
        rf"(?:(?P<ym_mod>early|late|mid|{_BOUNDARY_OF}|the\s+(?:first|second|last)\s+half\s+of|"
        r"(?:the\s+)?(?:first|last)\s+two\s+quarters\s+of|"
        rf"(?:the\s+)?{_SEASON}(?:\s+of)?)[\s-]+)?(?P<ym_fisc>fiscal(?:\s+year)?\s+|FY\s*)?"
        rf"(?:(?P<ym_y>{_YEAR})(?![\w%]|[.,]\d|-\d|\s?(?:%|percent))"
        rf"|(?<=\s)(?P<ym_sy>{_SPELLED_YEAR})(?!\w|-))",
    ),
    (
        "mrel",
        rf"(?:(?P<mrel_pre>this\s+past|this\s+coming|last|this|next|early|late|mid|"
        rf"earlier\s+in|later\s+in|{_BOUNDARY_OF})[\s-]+)?(?P<mrel_m>{_MONTH_FULL}|sept\.)"
        r"(?:\s+(?P<mrel_post>last\s+year|this\s+year|next\s+year))?(?!\w)",
    ),
    (
        "wd",
        _clock("wd")
        + r"(?:(?P<wd_pre>last|this\s+past|this\s+coming|this|next|early|late|earlier|later|"
        r"the\s+previous|the\s+preceding|the\s+following)\s+)?"
        rf"(?P<wd_d>{_WD_FULL})(?!\w)(?:\s+(?P<wd_pod>{_POD}))?(?!\w)",
    ),
    (
        "rd",
        _clock("rd") + r"(?:(?P<rd_pre>early|late|earlier|later)\s+)?"
        r"(?P<rd_w>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|"
        r"the\s+day\s+after\s+tomorrow)(?!\w)(?:\s+(?P<rd_pod>" + _POD + r"))?(?!\w)"
        r"|(?P<pod_rel>this|last|tomorrow|yesterday)\s+(?P<pod_p>" + _POD + r")(?!\w)",
    ),
    (
        "ref",
        r"(?:(?P<ref_present>right\s+now|now|currently|at\s+present|at\s+the\s+moment|these\s+days|"
        r"nowadays|the\s+present(?!\s+\w+ed\b)|current(?=\s+[a-z])(?!\s+account))"
        r"|(?P<ref_past>recently|lately|the\s+past|recent\s+(?:days|weeks|"
        r"months|years)|(?:several|a\s+few|many|some)\s+(?:days|weeks|months|years)\s+ago|"
        r"past\s+(?:weeks|months|quarters|years|decades)(?!\s+ago)|"
        r"recent(?=\s+[a-z]))"
        r"|(?P<ref_future>soon|the\s+(?:near\s+|distant\s+)?future|future(?!s)|the\s+(?:near|short|long)"
        r"\s+term|(?:the\s+)?(?:coming|future)\s+(?:days|weeks|months|quarters|years)))(?!\w)",
    ),
    (
        "sea",
        r"(?P<sea_pre>this\s+past|this\s+coming|early|late|mid|the)[\s-]+"
        r"(?P<sea_s>summer|winter|autumn|spring|fall)(?!\w)",
    ),
    (
        "hol",
        r"(?:(?P<hol_pre>last|this|next)\s+)?(?P<hol_n>christmas(?:\s+day|\s+eve)?|"
        r"new\s+year'?s\s+(?:day|eve)|thanksgiving(?:\s+day)?|easter(?:\s+sunday)?|halloween|"
        r"valentine'?s\s+day|independence\s+day|labou?r\s+day|memorial\s+day|boxing\s+day|"
        r"election\s+day)(?!\w)",
    ),
]

MASTER = re.compile(
    r"(?<![\w'’-])(?:" + "|".join(f"(?P<{name}>{pat})" for name, pat in _ALTERNATIVES) + ")",
    re.IGNORECASE,
)
_KINDS = frozenset(name for name, _ in _ALTERNATIVES)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that may precede a month name or a year used as a date.
_TEMPORAL_PREV = _words(
    "in since by until till through throughout during before after from of on between and or "
    "early late mid last this next around starting beginning ending end since circa to "
    "fiscal the its their his her our 's mid-"
)
# Determiners/prepositions after which "<year> <noun>" still reads as a year ("the 2024 election").
_YEAR_DET_PREV = _words(
    "the its their his her our this that in since by until till of fiscal during before after "
    "'s early late mid"
)
# Function words that may follow a bare year ("in 2022 the army ...", "1990 was ...").
_FUNCTION_NEXT = _words(
    "and or but to through when as after before the a an in on at was were is are had has have "
    "will would could should may might did does do that which who with for from by of since "
    "until while if so than then there it he she they we i you his her its their this these "
    "those be been being not also alone only too compared against versus vs levels level "
    "budget"
)
_COUNT_NOUNS = _words(
    "people police staff personnel troops men women children feet foot miles km kilometres "
    "kilometers metres meters tons tonnes barrels acres hectares yards head cattle million "
    "billion more fewer other others of"
)
_PREV_WORD = re.compile(r"([\w'’.-]+)\W*$")
_NEXT_WORD = re.compile(r"^\s+([\w'’-]+)")


@dataclass(slots=True)
class Candidate:
    """A matched span before resolution: ``kind`` names the alternative, ``groups`` its fields."""

    start: int
    end: int
    kind: str
    groups: dict[str, str]


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text, max(0, start - 24), start)
    return m.group(1) if m else ""


def _next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text[end : end + 24])
    return m.group(1) if m else ""


def _capitalized(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _year_is_number(text: str, start: int, end: int) -> bool:
    """True when a bare four-digit number reads as a count ("2000 people"), not a year: it is
    followed by a plural or count noun and not preceded by a determiner ("the 2024 elections")."""
    nxt = _next_word(text, end)
    if not nxt or not nxt[0].islower():
        return False
    low = nxt.lower()
    plural = low in _COUNT_NOUNS or (
        low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s")) and len(low) > 3
    )
    if not plural or low in _FUNCTION_NEXT:
        return False
    prev = _prev_word(text, start).lower()
    return prev not in _YEAR_DET_PREV


def _month_alone_ok(text: str, start: int, end: int, month_word: str) -> bool:
    """Context guard for a bare month name: "in May" yes, "may" / "a protest march" no."""
    if not _capitalized(month_word):
        return False
    prev = _prev_word(text, start)
    if prev.lower().rstrip(".") in _TEMPORAL_PREV:
        return True
    lower = month_word.lower().rstrip(".")
    if lower in ("may", "march"):
        return False
    if prev and _capitalized(prev) and text[start - 1 : start] == " ":
        # "Theresa May", "Ryan August": a capitalised word right before (not sentence start).
        before = text[max(0, start - len(prev) - 3) : start - len(prev) - 1]
        if not before.rstrip().endswith((".", "!", "?", '"', "“", ":")) and before.strip():
            return False
    nxt = _next_word(text, end)
    return not (nxt and _capitalized(nxt) and not nxt.isupper())


def _ambiguous(kind: str, g: dict[str, str]) -> bool:
    """Bare years and bare month names: the matches a parse may confirm or veto."""
    if kind == "ym":
        return not (g.get("ym_mod") or g.get("ym_fisc") or g.get("ym_sy"))
    return kind == "mrel" and not (g.get("mrel_pre") or g.get("mrel_post"))


def _accept(text: str, m: re.Match[str], kind: str, g: dict[str, str], judge: Judge | None) -> bool:
    """Context and capitalisation guards for one match (cheap string checks only)."""
    start, end = m.start(kind), m.end(kind)
    if judge is not None and _ambiguous(kind, g):
        verdict = judge(kind, start, end)
        if verdict is not None:
            return verdict and (kind != "mrel" or _capitalized(g["mrel_m"]))
    if kind == "wko":
        return _capitalized(g["wko_m"])
    if kind in ("mdy", "dmy"):
        wd = g.get(f"{kind}_wd")
        return _capitalized(g[f"{kind}_m"]) and (not wd or _capitalized(wd))
    if kind == "my":
        return _capitalized(g["my_m"])
    if kind == "mrel":
        month = g["mrel_m"]
        if not _capitalized(month):
            return False
        if g.get("mrel_pre") or g.get("mrel_post"):
            if month.lower() == "may" and (g.get("mrel_pre") or "").lower() in ("early", "late"):
                return _month_alone_ok(text, start + len(m.group(0)) - len(month), end, month)
            return True
        return _month_alone_ok(text, start, end, month)
    if kind == "wd":
        return _capitalized(g["wd_d"])
    if kind == "hol":
        return _capitalized(g["hol_n"])
    if kind == "ym":
        if g.get("ym_sy") and not g.get("ym_mod"):
            return False  # a bare spelled year is the "spy" pattern's job
        if g.get("ym_mod") or g.get("ym_fisc"):
            return True
        before = text[max(0, start - 2) : start]
        if before[-1:] in ("$", "£", "€", "#", "/", ".") or re.fullmatch(r"\d[.,]", before):
            return False
        return not _year_is_number(text, start, end)
    if kind == "q" and g.get("q_y1"):
        return True
    if kind == "sea":
        season = g["sea_s"].lower()
        pre = g["sea_pre"].lower()
        return not (season in ("fall", "spring") and pre == "the")
    return True


_MONTH_WORDS = " ".join(MONTHS)
_WEEKDAY_WORDS = " ".join(WEEKDAYS)
_NUMBER_STARTS = (
    "a an one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred several few many some"
)
_BOUNDARY_WORDS = "the end beginning start middle close turn"
_SEASON_WORDS = "spring summer fall autumn winter"
_HOLIDAY_WORDS = (
    "christmas new thanksgiving easter halloween valentine valentines independence labor "
    "labour memorial boxing election"
)
# The words (lower case) each alternative can start with; "#" stands for a digit or "'".
# tests/test_time.py checks that scanning only at these words finds what a full scan finds.
_START_WORDS: dict[str, str] = {
    "iso": "#",
    "slash": "#",
    "wko": "the",
    "mdy": f"{_WEEKDAY_WORDS} {_MONTH_WORDS}",
    "dmy": f"{_WEEKDAY_WORDS} the #",
    "my": f"early late mid {_BOUNDARY_WORDS} {_MONTH_WORDS}",
    "spy": "the nineteen two",
    "dec": "the early mid late # nineteen twenties thirties forties fifties sixties seventies "
    "eighties nineties",
    "cen": "the early mid late # eighteenth nineteenth twentieth twenty",
    "q": "the this last next # year current latest most comparable previous fiscal first "
    "second third fourth q h",
    "ana": "the comparable same year period quarter corresponding just a",
    "rel": "earlier later early late that the",
    "dur": "the past last next coming previous first final following",
    "ago": f"nearly almost about around roughly more less over just only barely at # "
    f"{_NUMBER_STARTS}",
    "ur": f"earlier later early late over {_BOUNDARY_WORDS} rest this past coming last next "
    "current mid",
    "ye": "year",
    "ym": f"early late mid {_BOUNDARY_WORDS} {_SEASON_WORDS} fiscal fy # first last",
    "mrel": f"this last next early late mid earlier later {_BOUNDARY_WORDS} {_MONTH_WORDS}",
    "wd": f"# noon midnight last this next early late earlier later the {_WEEKDAY_WORDS}",
    "rd": "# noon midnight early late earlier later today tonight yesterday tomorrow the this last",
    "ref": "right now currently at these nowadays the current recently lately recent several "
    "a many some past soon future coming",
    "sea": "this early late mid the",
    "hol": f"last this next {_HOLIDAY_WORDS}",
}


def _dispatch() -> dict[str, re.Pattern[str]]:
    """For each start word, MASTER restricted to the alternatives that can start with it."""
    kinds_by_word: dict[str, list[str]] = {}
    for name, _ in _ALTERNATIVES:
        for word in _START_WORDS[name].split():
            kinds_by_word.setdefault(word, []).append(name)
    patterns = dict(_ALTERNATIVES)
    compiled: dict[tuple[str, ...], re.Pattern[str]] = {}
    out: dict[str, re.Pattern[str]] = {}
    for word, kinds in kinds_by_word.items():
        key = tuple(kinds)
        if key not in compiled:
            compiled[key] = re.compile(
                r"(?<![\w'’-])(?:" + "|".join(f"(?P<{k}>{patterns[k]})" for k in key) + ")",
                re.IGNORECASE,
            )
        out[word] = compiled[key]
    return out


_BY_WORD = _dispatch()
TRIGGER_WORDS = frozenset(_BY_WORD)
_TOKEN = re.compile(r"[A-Za-z]+|\d+|'\d")
# "the" is the commonest trigger: only try the patterns when the next word can continue one.
_AFTER_THE = frozenset(
    (
        "early mid late end beginning start middle close turn rest year this last next current "
        "latest most comparable previous fiscal first second third fourth quarter quarters same "
        "period corresponding following preceding prior past coming final weekend week day present "
        "future near distant short long eighteenth nineteenth twentieth twenty twenties "
        f"thirties forties fifties sixties seventies eighties nineties {_SEASON_WORDS}"
    ).split()
)
_NEXT_TOKEN = re.compile(r"\s+([A-Za-z]+|\d|')")


def find_candidates(text: str, judge: Judge | None = None) -> list[Candidate]:
    """All candidate date expressions in ``text``, in order, non-overlapping.

    ``judge(kind, start, end)`` may settle an ambiguous match (a bare year or bare month name):
    True keeps it, False drops it, None leaves it to the lexical guards. The resolver passes one
    built from a spaCy parse when it has one.

    Only tokens that can start an expression are tried, each with just the alternatives that can
    start with it; :func:`find_candidates_exhaustive` is the slow reference that tries the whole
    pattern at every word start.
    """
    out: list[Candidate] = []
    free = 0  # first offset not covered by an accepted match
    by_word = _BY_WORD
    for tok in _TOKEN.finditer(text):
        pos = tok.start()
        if pos < free:
            continue
        word = tok.group()
        first = word[0]
        if first.isdigit():
            if len(word) > 4 or (len(word) == 4 and not ("1600" <= word < "2100")):
                continue
            key = "#"
        elif first == "'":
            key = "#"
        else:
            key = word.lower()
            if key == "the":
                nxt = _NEXT_TOKEN.match(text, tok.end())
                if nxt is None:
                    continue
                follower = nxt.group(1)
                if not (follower[0] in "0123456789'" or follower.lower() in _AFTER_THE):
                    continue
        pattern = by_word.get(key)
        if pattern is None:
            continue
        m = pattern.match(text, pos)
        if m is None:
            continue
        cand = _candidate(text, m, judge)
        if cand is not None:
            out.append(cand)
            free = m.end()
    return out


def find_candidates_exhaustive(text: str, judge: Judge | None = None) -> list[Candidate]:
    """Reference scan for tests: the full pattern tried at every token start."""
    out: list[Candidate] = []
    free = 0
    for tok in _TOKEN.finditer(text):
        if tok.start() < free:
            continue
        m = MASTER.match(text, tok.start())
        if m is None:
            continue
        cand = _candidate(text, m, judge)
        if cand is not None:
            out.append(cand)
            free = m.end()
    return out


def _candidate(text: str, m: re.Match[str], judge: Judge | None) -> Candidate | None:
    kind = m.lastgroup
    if kind is None or kind not in _KINDS:
        return None
    g = {k: v for k, v in m.groupdict().items() if v is not None and k != kind}
    if not _accept(text, m, kind, g, judge):
        return None
    return Candidate(m.start(kind), m.end(kind), kind, g)
