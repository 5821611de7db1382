"""Toponyms the NER and the finder's rules miss, chosen by a small trained classifier.

Candidates are gazetteer names (a country, a region, a US county, any GeoNames town of the
shipped file; not a demonym) in capitalised word runs: inside organisation, person and facility
entities ('Fargo Police Department', 'University of Nebraska', 'Douglas County Road'), inside
GPE/LOC entities the gazetteer cannot resolve whole ('Lamar County Elections'), and outside any
entity ('Laconia police', 'Rep. Barbara Lee, D-Oakland'). Each candidate is described by a few
features (the containing entity's label, the words around it, capitalisation, the entry's kind
and population, whether the name is part of a person's name in the article, whether the article
names the same place or the region of one of its towns elsewhere) and kept when a logistic
model's probability reaches its threshold. The weights (``data/geo/toponym_model.json``) are
learned by ``scripts/train_toponym_model.py`` on the LGL and GeoVirus gold sets.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .finder import CUES, INSTITUTIONS
from .gazetteer import Gazetteer
from .names import name_key
from .resolver import RECOGNISED, Mention
from .toponym_model import Model, load_model

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: One capitalised word: initials ('N.D.'), a word with inner apostrophes ('O'Fallon'), an
#: abbreviation with its dot ('Pa.', 'St.'), or all capitals ('CORSICANA').
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Z][A-Za-z]*(?:['\u2019][A-Za-z]+)*\.?")
#: Words joined into one run (a space or a hyphen between them).
_JOIN = re.compile(r"[ -]$|^$")
MAX_WORDS = 4
#: Capitalised words that are never a place name on their own.
_NEVER = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr gov sen rep president
    mayor police city county state university college church street avenue road north south
    east west new the a an i he she it we they this that his her our their its you
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()  # noqa: SIM905
)
_COUNTY = ("county", "parish", "borough", "co")
_PARTY = re.compile(r"(?:^|[\s(,])[DRI]-$")
#: After a dateline's place: an optional ', State', an optional '(AP)', then a dash.
_DASH_AFTER = re.compile(
    r"^(?:,[ ]*[A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+)?)?[ ]*(?:\([A-Z]+\)[ ]*)?"
    r"(?:--|[\u2014\u2013\u0097]|-[ ])"
)
_QUAL_AFTER = re.compile(r"^,[ ]*[A-Z][A-Za-z.]*")
_SENT_END = frozenset(".!?\n\"'\u201c\u201d:;")
#: Words that, before a name, make it part of an address or a person's name.
_TITLES = frozenset(
    """mr mrs ms dr sen rep gov president mayor judge officer sgt lt capt det chief coach
    pastor rev father sister brother st""".split()  # noqa: SIM905
)
_STREET = frozenset(
    """street st avenue ave road rd drive dr boulevard blvd lane ln way highway hwy court ct
    place pl parkway pkwy circle trail pike""".split()  # noqa: SIM905
)


@dataclass(slots=True)
class Candidate:
    """A gazetteer name in the text (character offsets) and its features."""

    start: int
    end: int
    key: str
    label: str
    features: dict[str, float] = field(default_factory=dict)


def _entry_features(gaz: Gazetteer, key: str, surface: str) -> dict[str, float] | None:
    """Features of the entries named ``key``; None when no entry has the name, or when it is a
    demonym ('Canadian Food Inspection Agency' is not Canadian, Texas; demonym entities are the
    finder's)."""
    if key in gaz.demonyms:
        return None
    f: dict[str, float] = {}
    if key in gaz.country_keys:
        f["kind_country"] = 1.0
    elif key.endswith(_COUNTY) and key in gaz.admin2_keys:
        f["kind_county"] = 1.0
    elif key in gaz.region_keys:
        f["kind_region"] = 1.0
        if len(key) <= 3:
            f["region_abbrev"] = 1.0
    cities = gaz.cities(key) if not f else []
    if cities:
        main = [c.population for c, alt in cities if not alt]
        pop = max(main, default=0)
        f["kind_city"] = 1.0
        f["log_population"] = math.log10(pop + 1) / 7.0
        if not main:
            f["alternate_only"] = 1.0
        f["n_towns"] = min(math.log10(len(cities)), 2.0) / 2.0
    return f or None


def _runs(text: str) -> list[list[tuple[int, int]]]:
    """Capitalised word runs of ``text``: lists of (start, end) word spans."""
    runs: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    for m in _WORD.finditer(text):
        s, e = m.span()
        if cur and (s - cur[-1][1] > 1 or text[cur[-1][1] : s] not in (" ", "-")):
            runs.append(cur)
            cur = []
        if s > 0 and text[s - 1].isalnum():
            continue  # inside a word ('McAllen' is one match; 'eBay' is none)
        cur.append((s, e))
    if cur:
        runs.append(cur)
    return runs


def _surface(text: str, s: int, e: int) -> tuple[str, int]:
    """The name's text without a possessive or a sentence's full stop, and its new end."""
    surface = text[s:e]
    for suf in ("'s", "\u2019s", "'", "\u2019"):
        if surface.endswith(suf):
            surface = surface[: -len(suf)]
            break
    if surface.endswith(".") and len(surface.rsplit(" ", 1)[-1]) > 5:
        surface = surface[:-1]
    return surface, s + len(surface)


def candidates(
    doc: Doc,
    gaz: Gazetteer,
    taken: list[tuple[int, int]],
    *,
    person_words: set[str],
    known: set[str],
) -> list[Candidate]:
    """Gazetteer names in ``doc`` outside the spans already ``taken`` (doc offsets), with their
    features; ``known`` holds the keys of the article's other place mentions."""
    text = doc.text
    segments: list[tuple[int, int, str]] = []
    prev = 0
    for ent in doc.ents:
        if ent.start_char > prev:
            segments.append((prev, ent.start_char, "NONE"))
        segments.append((ent.start_char, ent.end_char, ent.label_))
        prev = max(prev, ent.end_char)
    if prev < len(text):
        segments.append((prev, len(text), "NONE"))
    regions_named: set[tuple[str, str]] = set()
    counties_named: set[tuple[str, str, str]] = set()
    countries_named: set[str] = set()
    for k in known:
        for r in gaz.region_keys.get(k, ()):
            if len(k) > 3 or r.iso2 == "US":
                regions_named.add((r.iso2, r.code))
        for d in gaz.admin2_keys.get(k, ()) if k.endswith(_COUNTY) else ():
            counties_named.add((d.iso2, d.admin1_code, d.code))
        country = gaz.country_keys.get(k)
        if country is not None:
            countries_named.add(country.iso2)
    lower_words = {w for w in re.findall(r"\b[a-z]+\b", text)}
    out: list[Candidate] = []
    for a, b, label in segments:
        if label in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"):
            continue
        seg = text[a:b]
        ent_surface = seg.strip()
        if ent_surface.lower().startswith("the "):
            ent_surface = ent_surface[4:]
        for run in _runs(seg):
            i = 0
            while i < len(run):
                if seg[run[i][0] : run[i][1]] in ("The", "A", "An", "THE"):
                    i += 1  # 'The Fargo-Moorhead area': the name starts after the article
                    continue
                found = None
                for n in range(min(MAX_WORDS, len(run) - i), 0, -1):
                    s = a + run[i][0]
                    surface, e = _surface(text, s, a + run[i + n - 1][1])
                    key = name_key(surface)
                    if not key or (n == 1 and key in _NEVER) or len(key) < 2:
                        continue
                    if any(s < te and ts < e for ts, te in taken):
                        continue
                    f = _entry_features(gaz, key, surface)
                    if f is None:
                        continue
                    found = (n, s, e, key, surface, f)
                    break
                if found is None:
                    i += 1
                    continue
                n, s, e, key, surface, f = found
                if i > 0:
                    f["run_later"] = 1.0  # 'North Lumpkin Street', 'Sam Houston'
                if i + n < len(run):
                    f["run_continues"] = 1.0  # 'Cooper Street', 'Columbia University'
                i += n
                f |= _context_features(text, s, e, surface, label, a, ent_surface, n, lower_words)
                if "street_after" in f and "kind_county" in f:
                    del f["street_after"]
                    f["county_road"] = 1.0  # 'Douglas County Road 4' names the county
                if surface in person_words or (n == 1 and surface.rstrip(".") in person_words):
                    f["person_word"] = 1.0
                if key in known:
                    f["known"] = 1.0
                if f.get("kind_city") and (regions_named or counties_named or countries_named):
                    for town, _alt in gaz.cities(key):
                        if (town.iso2, town.admin1_code, town.admin2_code) in counties_named:
                            f["ctx_county"] = 1.0
                        if (town.iso2, town.admin1_code) in regions_named:
                            f["ctx_region"] = 1.0
                        if town.iso2 in countries_named:
                            f["ctx_country"] = 1.0
                out.append(Candidate(s, e, key, label, f))
    return out


def _context_features(
    text: str,
    s: int,
    e: int,
    surface: str,
    label: str,
    a: int,
    ent_surface: str,
    n: int,
    lower_words: set[str],
) -> dict[str, float]:
    f: dict[str, float] = {}
    group = (
        label
        if label in ("ORG", "PERSON", "FAC", "NONE", "NORP")
        else "PLACE"
        if label in ("GPE", "LOC")
        else "OTHER"
    )
    f[f"in_{group}"] = 1.0
    if group != "NONE":
        if surface == ent_surface.removesuffix("'s").removesuffix("\u2019s").rstrip(". "):
            f["whole_entity"] = 1.0
        elif text[a:s].strip().lower() in ("", "the"):
            f["entity_first"] = 1.0
        else:
            f["entity_later"] = 1.0
        f[f"{group}_whole" if "whole_entity" in f else f"{group}_part"] = 1.0
    f["words_2" if n == 2 else "words_3" if n > 2 else "words_1"] = 1.0
    letters = surface.replace(".", "").replace(" ", "").replace("-", "")
    if len(letters) > 2 and letters.isupper():
        f["all_caps"] = 1.0
    before = text[max(0, s - 30) : s]
    prev_words = before.split()
    prev = prev_words[-1].lower().rstrip(".,") if prev_words else ""
    if prev in CUES:
        f["cue_before"] = 1.0
    if prev == "of":
        f["of_before"] = 1.0
    if prev in _TITLES:
        f["title_before"] = 1.0
    if _PARTY.search(before):
        f["party_before"] = 1.0
    stripped = before.rstrip(" \t")
    if not stripped or stripped[-1] in _SENT_END:
        f["sentence_start"] = 1.0
    after = text[e : e + 40]
    nxt = after.split(maxsplit=1)
    nxt_word = nxt[0].lower().strip('.,;:!?"()') if nxt else ""
    nxt_word = nxt_word.removesuffix("'s").removesuffix("\u2019s")
    if nxt_word.isalpha():
        f[f"next={nxt_word}"] = 1.0
    if prev.isalpha():
        f[f"prev={prev}"] = 1.0
    if before.endswith("$") or after.startswith("$"):
        f["currency"] = 1.0
    if nxt_word in INSTITUTIONS:
        f["institution_after"] = 1.0
    if nxt_word in _STREET:
        f["street_after"] = 1.0
    if after.startswith(("-based", "\u2013based")):
        f["based_after"] = 1.0
    if prev.isdigit():
        f["number_before"] = 1.0
    if _QUAL_AFTER.match(after):
        f["comma_after"] = 1.0
    if s - 0 < 700 and _DASH_AFTER.match(after):
        f["dateline_dash"] = 1.0
    if n == 1 and surface.lower() in lower_words:
        f["also_lowercase"] = 1.0
    return f


def recognise(
    doc: Doc,
    gaz: Gazetteer,
    taken: list[tuple[int, int]],
    *,
    person_words: set[str],
    known: set[str],
    model: Model | None = None,
    offset: int = 0,
) -> list[Mention]:
    """Mentions (labelled ``RECOGNISED``, offsets + ``offset``) of the candidates the model
    accepts; the resolver keeps one only when the article backs its reading."""
    model = model or load_model("recogniser")
    out: list[Mention] = []
    for c in candidates(doc, gaz, taken, person_words=person_words, known=known):
        p = model.probability(c.features)
        if p >= model.threshold:
            out.append(Mention(offset + c.start, offset + c.end, RECOGNISED, p))
    return out
