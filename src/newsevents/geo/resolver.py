"""Place mentions -> gazetteer entries, disambiguated by the article: its dateline, 'City, State'
qualifiers, the countries and regions it names, population, and distance to its other places.

Each mention's candidates get a prior (a country name outranks a region, a region a town; a town
by its population; an alternate name less than the main one). Then three passes: (1) the article's
countries and regions, as the priors resolve them, lend weight to candidates inside them; (2) a
coherence step adds weight to candidates near the other resolved towns; (3) one sense per
article: mentions with the same name resolve alike. Only text and character offsets are used, so
the same resolver serves spaCy entities and gold spans.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..models import Place
from ..models import PlacePrecision as Precision
from .dateline import find_dateline
from .distance import haversine_km
from .gazetteer import City, Country, Division, Gazetteer, Region, load_gazetteer
from .names import DIRECTIONS, name_key
from .toponym_model import Model, load_model

#: Prior of a country name (any town's prior is below it: log10 of 30 million is 7.5).
COUNTRY_PRIOR = 10.0
REGION_PRIOR = 5.5
#: Prior of a county ('Laurel County'): only names ending in County/Parish/Borough match one.
ADMIN2_PRIOR = 3.5
#: ... plus this much per tenfold of its towns' population (a tie-break between same names).
ADMIN2_POPULATION = 0.3
MINOR_REGION_PRIOR = 4.0
CAPITAL_BONUS = 1.5
ALTERNATE_PENALTY = 3.0
#: Weight a candidate gains when all of the article's other places lie in its country.
CONTEXT_COUNTRY = 5.0
CONTEXT_REGION = 2.0
#: ... when another mention only lies in the region (a town or county of it).
CONTEXT_REGION_INSIDE = 1.0
#: A country name's own support: the share of the article's other places inside it.
CONTEXT_OWN_COUNTRY = 3.0
#: A candidate inside a region or county another mention may name, or holding another's town.
CONTEXT_CONTAIN = 2.0
#: A region candidate when the article names another region of the same country.
CONTEXT_SIBLING = 2.0
DATELINE_WEIGHT = 2.0
#: A country *name* lends this share of a place's weight as context: in news a named country is
#: mostly an actor ('U.S. and Iran make progress in Geneva talks'), not the container of the
#: article's towns, so it must not carry Geneva to Geneva, Illinois.
COUNTRY_NAME_CONTEXT = 0.1
#: A town this small, or one matched only by an alternate name, resolves only with support from
#: the article (its country, region, a qualifier, a nearby place): 'Mars' is not Mars,
#: Pennsylvania and 'Kashmir' not Cashmere, Washington, when nothing else points there.
SMALL_TOWN = 5000
#: ... and the share of the article's places in its country is no support for such a town when
#: the name is also a city of a million people (Montreal, not Montreal, Wisconsin, in a US story
#: about bike shares; LGL 161 km 0.896 -> 0.897, country 0.975 -> 0.977).
BIG_CITY = 1_000_000
#: Weight of a source's home (see :class:`Home`): its share of a candidate's region.
HOME_REGION = 3.0
#: A home this concentrated in a town's region backs the town as the article's own places do
#: (see :data:`SMALL_TOWN`): a local paper's home, not a national outlet's.
HOME_BACKS = 0.5
#: Fewer places than this in a source's other articles make no home.
HOME_MIN_PLACES = 5
NEAR_KM = ((50.0, 2.0), (200.0, 1.0), (500.0, 0.5))
MAX_CITY_CANDIDATES = 60
_MAJOR_REGION = re.compile(
    r"state|province|region|country|territory|oblast|governorate|republic|krai|prefecture|"
    r"emirate|canton|division|district of columbia|federal|autonomous|department",
    re.I,
)
#: Label of a mention that may only be a country (a country name the NER mislabelled).
COUNTRY_ONLY = "COUNTRY"
#: Label of a demonym mention ('Russian', 'Israelis'): resolved to its country only.
DEMONYM = "DEMONYM"
#: Labels whose text may be a demonym when it names no place (gold spans mark demonyms too).
_DEMONYM_LABELS = frozenset({DEMONYM, "GOLD", "GPE"})  # spaCy tags 'Sri Lankan' GPE too
#: Label of a mention the trained recogniser proposed (geo/recogniser.py): it is kept only when
#: the article backs its reading (see :func:`_backed`).
RECOGNISED = "RECOGNISED"
#: Continents and world regions: named places, but none of city, admin1 or country.
NOT_RESOLVED = frozenset(
    {
        "africa",
        "europe",
        "asia",
        "americas",
        "north america",
        "south america",
        "latin america",
        "central america",
        "antarctica",
        "oceania",
        "australasia",
        "middle east",
        "near east",
        "far east",
        "west africa",
        "east africa",
        "north africa",
        "southern africa",
        "sub saharan africa",
        "central asia",
        "south asia",
        "southeast asia",
        "east asia",
        "western europe",
        "eastern europe",
        "central europe",
        "west",
        "balkans",
        "caribbean",
        "sahel",
        "scandinavia",
        "arctic",
        "gulf",
        "persian gulf",
        "pacific",
        "atlantic",
        "mediterranean",
        "earth",
        "world",
    }
)
_QUALIFIER = re.compile(r",[ ]*([A-Z][A-Za-z.]*(?:[ ][A-Z][A-Za-z.]*){0,2})")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


@dataclass(slots=True)
class Mention:
    """A place name's character span in the text; ``label`` is the NER label (or GOLD)."""

    start: int
    end: int
    label: str = "GPE"
    confidence: float = 1.0
    """How sure the finder is that this is a place name (the recogniser's probability)."""


@dataclass(slots=True)
class _Cand:
    kind: str  # country | admin1 | admin2 | city
    entry: Country | Region | Division | City
    prior: float
    alternate: bool = False
    score: float = 0.0
    why: list[str] = field(default_factory=list)
    base_why: int = 0
    """How many of ``why`` the prior and the qualifier gave (a context pass redoes the rest)."""
    home_why: int = 0
    """How many of ``why`` the source's home gave (no support by themselves)."""
    home_backs: bool = False
    """Whether the source's home is concentrated in this candidate's region."""

    @property
    def iso2(self) -> str:
        return self.entry.iso2

    @property
    def latlon(self) -> tuple[float, float]:
        return (self.entry.lat, self.entry.lon)

    def ident(self) -> tuple[str, str]:
        e = self.entry
        if isinstance(e, City):
            return ("city", str(e.geonames_id))
        if isinstance(e, Region):
            return ("admin1", f"{e.iso2}.{e.code}")
        if isinstance(e, Division):
            return ("admin2", f"{e.iso2}.{e.admin1_code}.{e.code}")
        return ("country", e.iso2)


@dataclass(slots=True)
class _Item:
    start: int
    end: int
    key: str
    cands: list[_Cand]
    dateline: bool = False
    constraint: tuple[str, Region | None] | None = None
    constraint_text: str = ""
    stripped: str = ""
    best: _Cand | None = None
    label: str = ""
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Home:
    """Where a source's other articles are (a local paper's "local lexicon", Lieberman et al.
    2010): the share of their towns, counties and regions in each first-level region
    ('ISO2|name'). A prior for its next article's ambiguous names ('Alexandria' in a Louisiana
    paper); a country's share is no evidence (a national outlet's home is its whole country)."""

    regions: dict[str, float]
    places: int
    """How many places the shares come from."""


def place_counts(gaz: Gazetteer, places: Sequence[Place]) -> Counter[str]:
    """What one article adds to its source's :class:`Home`: its towns, counties and regions
    counted by country ('US') and by region ('US|Texas'); a named country is mostly an actor,
    not where the paper is."""
    counts: Counter[str] = Counter()
    for p in places:
        if p.precision == "country":
            continue
        c = gaz.country_by_iso3(p.country or "")
        if c is None:
            continue
        counts[c.iso2] += 1
        if p.admin1:
            counts[f"{c.iso2}|{p.admin1}"] += 1
    return counts


def home_from_counts(counts: Mapping[str, int]) -> Home | None:
    """The :class:`Home` of summed :func:`place_counts`; None with fewer than
    :data:`HOME_MIN_PLACES` places."""
    n = sum(v for k, v in counts.items() if "|" not in k)
    if n < HOME_MIN_PLACES:
        return None
    regions = {k: v / n for k, v in counts.items() if "|" in k and v > 0}
    return Home(regions, n)


def _region_prior(r: Region) -> float:
    return REGION_PRIOR if _MAJOR_REGION.search(r.kind) else MINOR_REGION_PRIOR


def candidates(gaz: Gazetteer, key: str) -> list[_Cand]:
    """Every entry named ``key`` with its prior."""
    out: list[_Cand] = []
    country = gaz.country_keys.get(key)
    if country is not None:
        out.append(_Cand("country", country, COUNTRY_PRIOR, why=["a country's name"]))
    for r in gaz.region_keys.get(key, ()):
        out.append(_Cand("admin1", r, _region_prior(r), why=[f"a {r.kind or 'region'}"]))
    for d in gaz.admin2_keys.get(key, ()):
        prior = ADMIN2_PRIOR + ADMIN2_POPULATION * math.log10(d.population + 1)
        out.append(_Cand("admin2", d, prior, why=[f"a county, population {d.population:,}"]))
    cities = gaz.cities(key)
    if len(cities) > MAX_CITY_CANDIDATES:
        cities = sorted(cities, key=lambda ca: -ca[0].population)[:MAX_CITY_CANDIDATES]
    for city, alt in cities:
        prior = math.log10(city.population + 100)
        why = [f"population {city.population:,}"]
        if city.feature_code == "PPLC":
            prior += CAPITAL_BONUS
            why.append("a capital")
        if alt:
            prior -= ALTERNATE_PENALTY
            why.append("an alternate name")
        out.append(_Cand("city", city, prior, alt, why=why))
    return out


def _lookup(gaz: Gazetteer, surface: str, label: str = "") -> tuple[str, list[_Cand], str]:
    """(key, candidates, stripped words) for a surface form, retrying without 'northern' etc.;
    a demonym ('Russians') resolves to its country for the labels that allow it."""
    surface = _POSSESSIVE.sub("", surface.strip(" \t\n.,;:")).strip()
    key = name_key(surface)
    if key in NOT_RESOLVED:
        return key, [], ""
    cands = candidates(gaz, key) if key and label != DEMONYM else []
    if cands:
        return key, cands, ""
    if label in _DEMONYM_LABELS:
        country = gaz.demonyms.get(key)
        if country is not None:
            return key, [_Cand("country", country, COUNTRY_PRIOR, why=["a demonym"])], ""
    words = key.split()
    if len(words) > 1 and words[0] in DIRECTIONS:
        rest = " ".join(words[1:])
        cands = candidates(gaz, rest)
        if cands:
            return rest, cands, words[0]
    if len(words) > 1 and words[-1] == "city":
        # 'Fargo City Commissioner', 'Fargo city administrator' (Mexico City is found whole)
        rest = " ".join(words[:-1])
        cands = [c for c in candidates(gaz, rest) if c.kind == "city"]
        if cands:
            return rest, cands, words[-1]
    return key, [], ""


def resolvable_spans(
    text: str, mentions: Sequence[Mention], gaz: Gazetteer, *, offset: int = 0
) -> list[tuple[int, int]]:
    """Spans (minus ``offset``) of the mentions some entry may resolve ('Springfield, Illinois'
    counts: it is split); the others ('the Henry County Sheriff's Department' as FAC) name no
    entry whole."""
    out = []
    for m in mentions:
        s, e = m.start - offset, m.end - offset
        if ", " in text[s:e] or _lookup(gaz, text[s:e], m.label)[1]:
            out.append((s, e))
    return out


def _qualifier(gaz: Gazetteer, text: str) -> tuple[tuple[str, Region | None] | None, str]:
    """A ', Texas' / ', Pa.' / ', PA' / ', France' qualifier at the start of ``text``."""
    m = _QUALIFIER.match(text)
    if m is None:
        return None, ""
    words = m.group(1).split(" ")
    for n in range(len(words), 0, -1):
        q = " ".join(words[:n])
        if len(q) == 2 and q.isupper():
            r = gaz.regions_by_code.get(("US", q))
            if r is not None:
                return ("US", r), q
        k = name_key(q)
        country = gaz.country_keys.get(k)
        if country is not None:
            return (country.iso2, None), q
        regions = gaz.region_keys.get(k)
        if regions:
            major = [r for r in regions if _MAJOR_REGION.search(r.kind)] or regions
            us = [r for r in major if r.iso2 == "US"]
            r = (us or major)[0]
            return (r.iso2, r), q
    return None, ""


def _within(gaz: Gazetteer, c: _Cand, constraint: tuple[str, Region | None]) -> bool:
    iso2, region = constraint
    if c.iso2 != iso2:
        return False
    if region is None:
        return c.kind != "country"
    e = c.entry
    if isinstance(e, City):
        if e.iso2 == "US":
            return e.admin1_code == region.code
        return gaz.admin1_name(e) == region.name
    if isinstance(e, Division):
        return e.admin1_code == region.code
    return isinstance(e, Region) and e.code == region.code


def _split_commas(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """'Springfield, Illinois' as one entity becomes two mentions (the second qualifies)."""
    out: list[Mention] = []
    for m in mentions:
        surface = text[m.start : m.end]
        if ", " not in surface:
            out.append(m)
            continue
        pos = m.start
        for part in surface.split(","):
            lead = len(part) - len(part.lstrip())
            s = pos + lead
            e = pos + len(part.rstrip())
            if e > s:
                out.append(Mention(s, e, m.label))
            pos += len(part) + 1
    return out


def resolve_mentions(
    text: str,
    mentions: Sequence[Mention],
    gaz: Gazetteer | None = None,
    *,
    use_dateline: bool = True,
    backing: Model | None = None,
    home: Home | None = None,
) -> list[Place]:
    """Resolve place mentions in ``text``; mentions no entry matches are left out, and so are
    recognised mentions (label ``RECOGNISED``) whose reading the ``backing`` model (default: the
    shipped one) rejects."""
    gaz = gaz or load_gazetteer()
    items: list[_Item] = []
    dl = find_dateline(text) if use_dateline else None
    mentions = _split_commas(text, mentions)
    seen: set[tuple[int, int]] = set()
    if dl is not None and not any(m.start < dl.end and dl.start < m.end for m in mentions):
        mentions = [Mention(dl.start, dl.end, "DATELINE"), *mentions]
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if (m.start, m.end) in seen or m.end <= m.start:
            continue
        seen.add((m.start, m.end))
        key, cands, stripped = _lookup(gaz, text[m.start : m.end], m.label)
        if m.label == COUNTRY_ONLY:
            cands = [c for c in cands if c.kind == "country"]
        if not cands:
            continue
        item = _Item(
            m.start, m.end, key, cands, stripped=stripped, label=m.label, confidence=m.confidence
        )
        if dl is not None and m.start < dl.end and dl.start < m.end:
            item.dateline = True
            if dl.qualifier is not None:
                item.constraint, item.constraint_text = _qualifier(gaz, ", " + dl.qualifier)
        if item.constraint is None:
            item.constraint, item.constraint_text = _qualifier(gaz, text[m.end : m.end + 40])
        if item.constraint is not None:
            inside = [c for c in item.cands if _within(gaz, c, item.constraint)]
            if inside:
                for c in inside:
                    c.why.append(f"'{item.constraint_text}' follows it")
                item.cands = inside
        items.append(item)
    if not items:
        return []
    for it in items:
        for c in it.cands:
            c.score = c.prior
            c.base_why = len(c.why)
        it.best = max(it.cands, key=lambda c: c.score)
    for _ in range(2):  # the second pass sees the countries the first one settled
        _context_pass(gaz, items, home)
    _coherence_pass(items)
    _one_sense(items)
    kept = [it for it in items if it.best is not None and _supported(it)]
    places = [_place(gaz, text, it) for it in kept]
    if any(it.label == RECOGNISED for it in kept):
        places = _backed(places, [it.label == RECOGNISED for it in kept], kept, backing)
    return places


#: Reasons in a place's ``why`` that back a recognised mention's reading (beyond its prior and
#: its country's share of the article).
_NEAR = re.compile(r"(?:^|; )(\d+) km from another place")
_POPULATION = re.compile(r"population ([\d,]+)")


def backing_features(p: Place, confidence: float, main_country: str | None) -> dict[str, float]:
    """What the article says for a recognised mention's reading: the recogniser's confidence
    (as a logit), whether the place lies in the country most of the article's other places
    are in, the kind of entry and its population, its score, and which context reasons chose it
    (a qualifier, the dateline, the article naming its region or a containing county, a place
    within 50 km)."""
    q = min(max(confidence, 1e-6), 1 - 1e-6)
    why = p.why
    f = {
        "logit": math.log(q / (1 - q)),
        "same": float(main_country is None or p.country == main_country),
        "notop": float(main_country is None),
        f"prec_{p.precision}": 1.0,
        "score": p.score / 10,
        "names_region": float("the article names" in why),
        "qual": float("follows it" in why),
        "contain": float("inside the county" in why or "holds '" in why),
        "alt": float("an alternate name" in why),
    }
    near = _NEAR.search(why)
    f["near50"] = float(near is not None and int(near.group(1)) <= 50)
    f["strong"] = float(
        bool(near)
        or any(
            k in why
            for k in ("the article names", "lies in", "follows it", "inside the county", "holds '")
        )
        or why.startswith("dateline")
        or "another region" in why
    )
    pop = _POPULATION.search(why)
    if pop:
        f["logpop"] = math.log10(int(pop.group(1).replace(",", "")) + 1) / 7
    return f


def _backed(
    places: list[Place], recognised: list[bool], items: list[_Item], model: Model | None
) -> list[Place]:
    """The places less the recognised mentions whose reading the article does not back (the
    ``backing`` model of geo/toponym_model.py over :func:`backing_features`)."""
    model = model or load_model("backing")
    countries = Counter(p.country for p, r in zip(places, recognised, strict=True) if not r)
    main = countries.most_common(1)[0][0] if countries else None
    return [
        p
        for p, r, it in zip(places, recognised, items, strict=True)
        if not r or model.accepts(backing_features(p, it.confidence, main))
    ]


def _supported(it: _Item) -> bool:
    """False for a weak reading with nothing in the article behind it (:data:`SMALL_TOWN`)."""
    c = it.best
    assert c is not None
    e = c.entry
    if not isinstance(e, City) or not (c.alternate or e.population < SMALL_TOWN):
        return True
    own = len(c.why) - c.home_why > c.base_why
    return it.dateline or it.constraint is not None or own or c.home_backs


def _region_of(gaz: Gazetteer, c: _Cand) -> str | None:
    """'ISO2|region name' of a candidate's first-level region (the region itself for a region)."""
    e = c.entry
    if isinstance(e, Region):
        return f"{e.iso2}|{e.name}"
    if isinstance(e, City | Division):
        name = gaz.admin1_names.get((e.iso2, e.admin1_code))
        return f"{e.iso2}|{name}" if name else None
    return None


def _weights(
    gaz: Gazetteer, items: list[_Item]
) -> tuple[dict[int, dict[str, float]], dict[int, dict[str, str]]]:
    """Per item: weight of each country among the *other* items' best candidates; and the
    regions the other items name ('named') or lie in ('inside'), by 'ISO2|name'."""
    total: dict[str, float] = defaultdict(float)
    own: list[tuple[str, float]] = []
    for it in items:
        b = it.best
        assert b is not None
        margin = b.score - max((c.score for c in it.cands if c is not b), default=0.0)
        w = (DATELINE_WEIGHT if it.dateline else 1.0) * (1.0 if margin >= 1.0 else 0.5)
        if b.kind == "country" and not it.dateline:
            w *= COUNTRY_NAME_CONTEXT
        total[b.iso2] += w
        own.append((b.iso2, w))
    shares: dict[int, dict[str, float]] = {}
    regions: dict[int, dict[str, str]] = {}
    item_regions: list[tuple[str | None, str]] = []
    for it in items:
        b = it.best
        assert b is not None
        item_regions.append((_region_of(gaz, b), "named" if b.kind == "admin1" else "inside"))
    by_key: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for it, (iso, w) in zip(items, own, strict=True):
        by_key[it.key][iso] += w
    grand = sum(total.values())
    for i, it in enumerate(items):
        mine = by_key[it.key]  # the name's own mentions do not support themselves
        rest = grand - sum(mine.values())
        # at least one place's worth of evidence: a few country names alone are weak context
        shares[i] = {
            k: (v - mine.get(k, 0.0)) / max(rest, 1.0) for k, v in total.items() if rest > 0
        }
        seen: dict[str, str] = {}
        for j, (r, how) in enumerate(item_regions):
            if j == i or r is None or items[j].key == items[i].key:
                continue
            if how == "named" or r not in seen:
                seen[r] = how
        regions[i] = seen
    return shares, regions


_Boxes = tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]


def _containers(gaz: Gazetteer, items: list[_Item]) -> _Boxes:
    """The regions ('ISO2|region') and counties ('ISO2.admin1.county') the mentions' candidates
    could be, and those their best towns or counties lie in; each with the mentions' keys."""
    may_region: dict[str, set[str]] = defaultdict(set)
    may_county: dict[str, set[str]] = defaultdict(set)
    holds: dict[str, set[str]] = defaultdict(set)
    for it in items:
        for c in it.cands:
            e = c.entry
            if isinstance(e, Region):
                may_region[f"{e.iso2}|{e.name}"].add(it.key)
            elif isinstance(e, Division):
                may_county[f"{e.iso2}.{e.admin1_code}.{e.code}"].add(it.key)
        b = it.best
        if b is not None and b.kind in ("city", "admin2"):
            r = _region_of(gaz, b)
            if r:
                holds[r].add(it.key)
            e = b.entry
            if isinstance(e, City) and e.admin2_code:
                holds[f"{e.iso2}.{e.admin1_code}.{e.admin2_code}"].add(it.key)
    return may_region, may_county, holds


def _other(keys: set[str] | None, key: str) -> str | None:
    """A key of ``keys`` other than ``key`` (the first in order), or None."""
    if not keys:
        return None
    return min((k for k in keys if k != key), default=None)


def _containment(gaz: Gazetteer, key: str, c: _Cand, boxes: _Boxes) -> str | None:
    """Why candidate ``c`` of a mention named ``key`` fits another mention by containment: a town
    or county inside a county or region another mention may name ('Paris' and 'Henry County'),
    or a region or county holding another mention's town."""
    may_region, may_county, holds = boxes
    e = c.entry
    if isinstance(e, City):
        if e.admin2_code:
            other = _other(may_county.get(f"{e.iso2}.{e.admin1_code}.{e.admin2_code}"), key)
            if other is not None:
                return f"inside the county '{other}' may name"
        return None
    if isinstance(e, Division):
        region = _region_of(gaz, c)
        other = _other(may_region.get(region), key) if region else None
        if other is not None:
            return f"inside {region.split('|', 1)[1] if region else ''}, which '{other}' may name"
        other = _other(holds.get(f"{e.iso2}.{e.admin1_code}.{e.code}"), key)
        return f"holds '{other}'" if other is not None else None
    if isinstance(e, Region):
        other = _other(holds.get(f"{e.iso2}|{e.name}"), key)
        return f"holds '{other}'" if other is not None else None
    return None


def _context_pass(gaz: Gazetteer, items: list[_Item], home: Home | None = None) -> None:
    shares, regions = _weights(gaz, items)
    boxes = _containers(gaz, items)
    for i, it in enumerate(items):
        share = shares[i]
        sibling = {r.split("|")[0] for r, how in regions[i].items() if how == "named"}
        biggest = max(
            (c.entry.population for c in it.cands if isinstance(c.entry, City)), default=0
        )
        for c in it.cands:
            c.score = c.prior
            c.why = c.why[: c.base_why]
            c.home_why, c.home_backs = 0, False
            s = share.get(c.iso2, 0.0)
            if (
                isinstance(c.entry, City)
                and c.entry.population < SMALL_TOWN
                and biggest >= BIG_CITY
            ):
                s = 0.0  # a country's share is no support for a hamlet named after a great city
            if s > 0:
                weight = CONTEXT_OWN_COUNTRY if c.kind == "country" else CONTEXT_COUNTRY
                c.score += weight * s
                c.why.append(f"{s:.0%} of the article's other places are in {c.iso2}")
            region = _region_of(gaz, c)
            how = regions[i].get(region) if region else None
            if how is not None and c.kind != "admin1":
                c.score += CONTEXT_REGION if how == "named" else CONTEXT_REGION_INSIDE
                name = region.split("|", 1)[1] if region else ""
                c.why.append(
                    f"the article names {name}"
                    if how == "named"
                    else f"another place in the article lies in {name}"
                )
            if c.kind == "admin1" and c.iso2 in sibling:
                c.score += CONTEXT_SIBLING
                c.why.append(f"the article names another region of {c.iso2}")
            if c.kind != "country":
                fit = _containment(gaz, it.key, c, boxes)
                if fit is not None:
                    c.score += CONTEXT_CONTAIN
                    c.why.append(fit)
            if home is not None and c.kind != "country":
                _home_support(c, region, home)
        it.best = max(it.cands, key=lambda c: c.score)


def _home_support(c: _Cand, region: str | None, home: Home) -> None:
    """Weight from the source's home: the share of its other articles' places in the
    candidate's region (its country alone is no evidence: a national outlet's home is the
    whole country, and 'Mexico' or 'Kashmir' would go to its namesake towns). Only a home
    concentrated in the region backs a small town (:data:`HOME_BACKS`)."""
    hr = home.regions.get(region, 0.0) if region else 0.0
    if hr <= 0 or c.kind == "admin1":
        return
    c.score += HOME_REGION * hr
    name = region.split("|", 1)[1] if region else ""
    c.why.append(f"{hr:.0%} of the source's other places are in {name}")
    c.home_why += 1
    c.home_backs = hr >= HOME_BACKS


def _coherence_pass(items: list[_Item]) -> None:
    anchors = [
        (i, it.best.latlon, it.key)
        for i, it in enumerate(items)
        if it.best is not None and it.best.kind == "city"
    ]
    if not anchors:
        return
    for i, it in enumerate(items):
        if len(it.cands) < 2:
            continue
        for c in it.cands:
            if c.kind == "country":
                continue
            lat, lon = c.latlon
            near = min(
                (
                    haversine_km(lat, lon, a[0], a[1])
                    for j, a, k in anchors
                    if j != i and k != it.key
                ),
                default=None,
            )
            if near is None:
                continue
            for km, bonus in NEAR_KM:
                if near <= km:
                    c.score += bonus
                    c.why.append(f"{near:.0f} km from another place in the article")
                    break
        it.best = max(it.cands, key=lambda c: c.score)


def _one_sense(items: list[_Item]) -> None:
    by_key: dict[str, list[_Item]] = defaultdict(list)
    for it in items:
        by_key[it.key].append(it)
    for group in by_key.values():
        if len(group) < 2:
            continue
        votes: dict[tuple[str, str], float] = defaultdict(float)
        for it in group:
            for c in it.cands:
                votes[c.ident()] += c.score
        winner = max(votes, key=lambda k: votes[k])
        for it in group:
            for c in it.cands:
                if c.ident() == winner and c is not it.best:
                    c.why.append("as the same name elsewhere in the article")
                    it.best = c
                    break


def _place(gaz: Gazetteer, text: str, it: _Item) -> Place:
    c = it.best
    assert c is not None
    e = c.entry
    why = list(c.why)
    if it.dateline:
        why.insert(0, "dateline")
    if it.stripped:
        why.append(f"'{it.stripped}' dropped")

    def iso3_of(iso2: str) -> str | None:
        return gaz.countries[iso2].iso3 if iso2 in gaz.countries else None

    # What differs by entry kind: GeoNames id, country, admin1 name and precision.
    geonames_id: int | None
    precision: Precision
    if isinstance(e, City):
        geonames_id, iso3, admin1, precision = (
            e.geonames_id,
            iso3_of(e.iso2),
            gaz.admin1_name(e),
            "city",
        )
    elif isinstance(e, Division):
        admin1 = gaz.admin1_names.get((e.iso2, e.admin1_code))
        geonames_id, iso3, precision = e.geonames_id, iso3_of(e.iso2), "admin2"
    elif isinstance(e, Region):
        geonames_id, iso3, admin1, precision = None, iso3_of(e.iso2), e.name, "admin1"
    else:
        assert isinstance(e, Country)
        geonames_id, iso3, admin1, precision = e.geonames_id, e.iso3, None, "country"
    return Place(
        it.start,
        it.end,
        text[it.start : it.end],
        e.name,
        geonames_id,
        iso3,
        admin1,
        e.lat,
        e.lon,
        precision,
        "; ".join(why),
        round(c.score, 3),
    )
