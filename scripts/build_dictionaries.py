#!/usr/bin/env python3
"""Build the bundled actor dictionaries (src/newsevents/data/actors/*.jsonl) from the references.

Usage::

    .venv/bin/python scripts/build_dictionaries.py     # reads $NEWSEVENTS_SHARED or ../shared
    .venv/bin/python scripts/build_dictionaries.py --shared /path/to/shared --check

Inputs (all under ``<shared>/reference``):

* ``petrarch2_phoenix_MIT/Phoenix.Countries.actors.txt`` - country synonyms, national
  institutions and people with dated roles (MIT);
* ``petrarch2_phoenix_MIT/Phoenix.International.actors.txt`` - IGOs, NGOs, companies, media (MIT);
* ``petrarch2_phoenix_MIT/Phoenix.MilNonState.actors.txt`` - armed non-state groups (MIT);
* ``petrarch2_phoenix_MIT/Phoenix.agents.txt`` and ``NGEC_MIT-per-pyproject/PLOVER_agents.txt`` -
  sector words (MIT);
* ``CountryInfo_CC-BY-SA-3.0/CountryInfo.120116.txt`` - country names, nationality forms,
  capitals, cities and regions (CC BY-SA 3.0, so ``countries.jsonl`` is CC BY-SA 3.0 too);
* ``mordecai_MIT/nat_df.csv``, ``mordecai_MIT/stopword_country_names.json`` and
  ``NGEC_MIT-per-pyproject/countries.csv`` - demonyms and English country names (MIT).

Outputs (one JSON object per line, format in docs/dictionaries.md): ``countries.jsonl``,
``igos.jsonl``, ``organisations.jsonl``, ``groups.jsonl``, ``people.jsonl`` (split into
``people-1.jsonl`` ... when over the size cap) and ``agents.jsonl``.  ``curated.jsonl`` is written
by hand and only read here: converted entries that it covers (same id, or the same name for the
same kind of actor) are left out so that one actor keeps one id.  The small tables below
(``EXTRA_COUNTRY_FORMS``, ``IRREGULAR_DEMONYMS``, ``METONYMS``, ``DROP_PATTERNS``) are
hand-written facts too.

The conversion is deterministic: running it twice gives byte-identical files.  ``--check`` fails
(exit 1) when the files on disk differ from what the references give.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsevents.actors import petrarch  # noqa: E402
from newsevents.actors.dictionary import pattern_tokens, read_jsonl  # noqa: E402

OUT_DIR = ROOT / "src" / "newsevents" / "data" / "actors"
MAX_BYTES = 1_900_000
#: People whose every dated role ended before this date are left out (they are history).
PEOPLE_CUTOFF = date(1990, 1, 1)

# ----------------------------------------------------------------- hand-written country facts

#: A country's people by a plural that no rule forms from its adjective (``Danish``: *Danes*;
#: ``plural_demonyms`` forms *Ukrainians* and *Israelis*): names of the country, as
#: *Palestinians* is ('the Danes rejected the offer', 'Greenlanders protested').
IRREGULAR_DEMONYMS: dict[str, list[str]] = {
    "DNK": ["Danes"],
    "SWE": ["Swedes"],
    "FIN": ["Finns"],
    "POL": ["Poles"],
    "TUR": ["Turks"],
    "GBR": ["Britons", "Brits", "Scots"],
    "GRC": ["Greeks"],
    "SRB": ["Serbs"],
    "HRV": ["Croats"],
    "PHL": ["Filipinos"],
    "GRL": ["Greenlanders"],
    "ISL": ["Icelanders"],
    "NZL": ["New Zealanders"],
    "ESP": ["Spaniards"],
}

#: Country forms the 2012-14 references lack (new official names, current spellings).
EXTRA_COUNTRY_FORMS: dict[str, dict[str, list[str]]] = {
    "USA": {
        "patterns": [
            "United States",
            "United States of America",
            "U.S.",
            "US",
            "USA",
            "U.S.A.",
            "America",
        ],
        "adjectives": ["American", "U.S.", "US"],
    },
    "GBR": {
        "patterns": [
            "United Kingdom",
            "Britain",
            "Great Britain",
            "UK",
            "U.K.",
            "England",
            "Scotland",
            "Wales",
            "Northern Ireland",
        ],
        "adjectives": ["British", "UK", "U.K.", "English", "Scottish", "Welsh"],
        "capitals": ["London"],
    },
    # the Soviet Union is coded as Russia (events_train's convention; PLOVER and ICEWS do
    # the same with its successor state)
    "RUS": {
        "patterns": [
            "Russia",
            "Russian Federation",
            "Soviet Union",
            "USSR",
            "U.S.S.R.",
            "Union of Soviet Socialist Republics",
            "Soviets",
        ],
        "adjectives": ["Russian", "Soviet"],
    },
    # Peking is the 1980s wires' Beijing
    "CHN": {
        "patterns": ["China", "People's Republic of China", "PRC"],
        "adjectives": ["Chinese"],
        "capitals": ["Peking"],
    },
    "UKR": {"patterns": ["Ukraine"], "adjectives": ["Ukrainian"], "capitals": ["Kyiv", "Kiev"]},
    "TUR": {"patterns": ["Turkey", "Türkiye", "Turkiye"], "adjectives": ["Turkish"]},
    # Czechoslovakia as the Czech Republic, East Germany as Germany: their successors, as the
    # Soviet Union is Russia (events_train codes 'Czechoslovak' as CZE)
    "CZE": {
        "patterns": ["Czechia", "Czech Republic", "Czechoslovakia"],
        "adjectives": ["Czech", "Czechoslovak"],
    },
    # Yugoslavia is coded as Serbia, its successor (events_train's convention, as with the Soviet
    # Union and Russia); an unknown place name would be no actor at all
    "SRB": {
        "patterns": ["Yugoslavia", "Socialist Federal Republic of Yugoslavia"],
        "adjectives": ["Yugoslav", "Yugoslavian"],
    },
    "SWZ": {"patterns": ["Eswatini", "Swaziland"], "adjectives": ["Swazi", "Emaswati"]},
    "MKD": {
        "patterns": ["North Macedonia", "Macedonia"],
        "adjectives": ["North Macedonian", "Macedonian"],
    },
    "CIV": {
        "patterns": ["Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast"],
        "adjectives": ["Ivorian"],
    },
    "COD": {
        "patterns": [
            "Democratic Republic of Congo",
            "Democratic Republic of the Congo",
            "DR Congo",
            "DRC",
            "D.R. Congo",
            "Congo-Kinshasa",
            "Congo",
        ],
        "adjectives": ["Congolese"],
    },
    # a bare 'Congo' is the Democratic Republic today (AP and Reuters style name the Republic
    # in full); before 17 May 1997, while the DRC was Zaire, it was the Republic's
    # (newsevents.actors.units, RENAMED_COUNTRIES)
    "COG": {
        "patterns": [
            "Republic of Congo",
            "Republic of the Congo",
            "Congo-Brazzaville",
            "Congo Republic",
        ]
    },
    "MMR": {
        "patterns": ["Myanmar", "Burma"],
        "adjectives": ["Myanmar", "Burmese"],
        "capitals": ["Naypyidaw", "Nay Pyi Taw"],
    },
    "PSE": {
        "patterns": ["Palestine", "State of Palestine", "Palestinian Territories"],
        "adjectives": ["Palestinian"],
        "places": ["Gaza", "Gaza Strip", "West Bank"],
    },
    "SSD": {"patterns": ["South Sudan"], "adjectives": ["South Sudanese"], "capitals": ["Juba"]},
    "SDN": {"patterns": ["Sudan"], "adjectives": ["Sudanese"], "capitals": ["Khartoum"]},
    "KOR": {
        "patterns": ["South Korea", "Republic of Korea", "ROK"],
        "adjectives": ["South Korean", "Korean"],
        "capitals": ["Seoul"],
    },
    "PRK": {
        "patterns": ["North Korea", "DPRK", "Democratic People's Republic of Korea"],
        "adjectives": ["North Korean"],
        "capitals": ["Pyongyang"],
    },
    "TWN": {"patterns": ["Taiwan"], "adjectives": ["Taiwanese"], "capitals": ["Taipei"]},
    "IRN": {
        "patterns": ["Iran", "Islamic Republic of Iran"],
        "adjectives": ["Iranian"],
        "capitals": ["Tehran", "Teheran"],
    },
    "ZWE": {"patterns": ["Zimbabwe", "Rhodesia"], "adjectives": ["Zimbabwean", "Rhodesian"]},
    "BFA": {
        "patterns": ["Burkina Faso", "Burkina", "Upper Volta"],
        "adjectives": ["Burkinabe", "Burkinabè"],
        "capitals": ["Ouagadougou"],
    },
    "NER": {
        "patterns": ["Niger", "Republic of Niger"],
        "adjectives": ["Nigerien"],
        "capitals": ["Niamey"],
    },
    "NGA": {
        "patterns": ["Nigeria"],
        "adjectives": ["Nigerian"],
        "capitals": ["Abuja"],
        "places": ["Niger Delta", "Niger State", "Lagos"],
    },
    "MLI": {"patterns": ["Mali"], "adjectives": ["Malian"], "capitals": ["Bamako"]},
    "SLE": {
        "patterns": ["Sierra Leone"],
        "adjectives": ["Sierra Leonean"],
        "capitals": ["Freetown"],
    },
    "GIN": {
        "patterns": ["Guinea", "Guinea-Conakry"],
        "adjectives": ["Guinean"],
        "capitals": ["Conakry"],
    },
    "TCD": {"patterns": ["Chad"], "adjectives": ["Chadian"], "capitals": ["N'Djamena", "Ndjamena"]},
    "SYR": {"patterns": ["Syria"], "adjectives": ["Syrian"], "capitals": ["Damascus"]},
    "ISR": {"patterns": ["Israel"], "adjectives": ["Israeli"], "capitals": ["Jerusalem"]},
    "DEU": {
        "patterns": ["Germany", "East Germany", "German Democratic Republic"],
        "adjectives": ["German", "East German"],
        "capitals": ["Berlin"],
    },
    "FRA": {"patterns": ["France"], "adjectives": ["French"], "capitals": ["Paris"]},
    "IND": {"patterns": ["India"], "adjectives": ["Indian"], "capitals": ["New Delhi"]},
    "VAT": {"patterns": ["Vatican", "Holy See", "Vatican City"], "adjectives": ["Vatican"]},
    # Kosovo has no ISO 3166 code; XKX is the one in use (the EU's, NGEC's, newsfeeds_dev's):
    # CountryInfo's KSV is read as XKX, so 'Pristina' and 'Kosovar' name the same country
    "XKX": {"patterns": ["Kosovo"], "adjectives": ["Kosovar", "Kosovan"], "capitals": ["Pristina"]},
    "CPV": {"patterns": ["Cabo Verde", "Cape Verde"], "adjectives": ["Cape Verdean"]},
    "TLS": {"patterns": ["Timor-Leste", "East Timor"], "adjectives": ["Timorese"]},
    "ARE": {
        "patterns": ["United Arab Emirates", "UAE", "U.A.E.", "Emirates"],
        "adjectives": ["Emirati"],
        "capitals": ["Abu Dhabi"],
    },
    "SAU": {"patterns": ["Saudi Arabia"], "adjectives": ["Saudi"], "capitals": ["Riyadh"]},
    "YEM": {"patterns": ["Yemen"], "adjectives": ["Yemeni"], "capitals": ["Sanaa", "Sana'a"]},
    "LBY": {"patterns": ["Libya"], "adjectives": ["Libyan"], "capitals": ["Tripoli"]},
    "AFG": {"patterns": ["Afghanistan"], "adjectives": ["Afghan"], "capitals": ["Kabul"]},
    "BLR": {
        "patterns": ["Belarus"],
        "adjectives": ["Belarusian", "Belarussian"],
        "capitals": ["Minsk"],
    },
    "NLD": {
        "patterns": ["Netherlands", "Holland"],
        "adjectives": ["Dutch"],
        "capitals": ["Amsterdam", "The Hague"],
    },
}

#: Metonyms: places or buildings whose name, used as an actor, means the government.
METONYMS: dict[str, list[str]] = {
    "RUS": ["Kremlin", "the Kremlin"],
    "USA": ["White House", "the White House", "Oval Office", "Foggy Bottom"],
    "GBR": ["Downing Street", "Number 10", "No 10", "Whitehall"],
    "FRA": ["Elysee", "Élysée", "Elysee Palace", "Élysée Palace", "Quai d'Orsay", "Matignon"],
    "CHN": ["Zhongnanhai"],
    "KOR": ["Blue House", "Cheong Wa Dae"],
    "JPN": ["Kantei"],
    "DEU": ["Chancellery"],
    "VAT": ["Holy See"],
    "IND": ["Raisina Hill", "South Block"],
    "EGY": ["Ittihadiya Palace"],
    "TUR": ["Ak Saray"],
}

#: Forms a country's entry loses though a reference gives them: a bare 'Congo' is the DRC's
#: (see its forms above), though the Republic of the Congo's short name is 'Congo'; and a form
#: two countries share stays with the one news means by it (tests/test_actors.py lists the
#: forms that stay shared).
NOT_COUNTRY_FORMS = {
    "COG": {"Congo"},
    # a form the references give to two countries names the one news means by it: a bare
    # 'Korea' is the South (Reuters' 'Bank of Korea', 'demands that Korea ...'), 'Serb',
    # 'Serbian' and 'Belgrade' are Serbia's, not Montenegro's, and 'Montenegrin' Montenegro's
    # (Serbia and Montenegro's legacy),
    # 'Sahrawi' is Western Sahara's, 'Dominican' the Dominican Republic's, 'Samoan' Samoa's
    "PRK": {"Korea"},
    "MNE": {"Serb", "Serbian", "Belgrade", "Beograd"},
    "SRB": {"Montenegrin"},
    "MAR": {"Sahrawi"},
    "DMA": {"Dominican"},
    "ASM": {"Samoan"},
}
#: Surface forms never to use as country names (too ambiguous in running text).
DROP_PATTERNS = {
    "america (country)",
    "states of america",
    "i",
    "the",
    "man",
    "jersey",
    "charlotte",
    "phoenix",
    "lawrence",
    "columbus",
    "providence",
    "richmond",
    "buffalo",
}

#: Hand fixes for the 3-letter codes of CountryInfo's territories that lack an ISO3 code.
CODE_FIX = {"TMP": "TLS", "FRNWLF": "WLF"}
#: CountryInfo's ISO 3166 alpha-3 typos, by its country code: Japan's reads JON, Guatemala's
#: GLP (Guadeloupe's), Guinea's PNG (Papua New Guinea's) and Myanmar's MOZ (Mozambique's), so
#: their names, capitals and cities joined those countries ('Yangon' was Mozambique's).
ISO3_FIX = {"JPN": "JPN", "GTM": "GTM", "GIN": "GIN", "MMR": "MMR", "KSV": "XKX"}

#: Phoenix's country codes read as another: Kosovo's World Bank code KSV as XKX (ISO_FIX above),
#: so its people and bodies take the country its names do.
PHOENIX_COUNTRY_FIX = {"KSV": "XKX"}

AGENT_CODE_MAP = {"JRN": "MED"}
#: Agent words that name places or events far more often than actors ("in the capital", "the
#: 2024 uprising", "a revolt against the junta").
AGENT_DROP = {
    "capital", "capitals", "uprising", "uprisings", "revolt", "revolts", "rebellion", "rebellions",
}  # fmt: skip


# -------------------------------------------------------------------------------- CountryInfo


@dataclass
class CIEntry:
    code: str  # CountryInfo code (coding country)
    iso3: str
    name: str
    nationality: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


def _ci_items(block: str, tag: str) -> list[str]:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
    if not m:
        return []
    items = []
    for raw in m.group(1).splitlines():
        line = raw.split("#", 1)[0].strip()
        line = re.sub(r"\[[^\]]*\]", "", line).strip()
        if not line:
            continue
        alts = re.findall(r"\{([^}]*)\}", line) or [line]
        items.extend(a.strip() for a in alts if a.strip())
    return items


def parse_countryinfo(path: Path) -> list[CIEntry]:
    text = path.read_text("utf-8", errors="replace").replace("\x00", "")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    out = []
    for block in re.findall(r"<Country>(.*?)</Country>", text, re.S):
        lines = [ln for ln in block.splitlines() if not ln.lstrip().startswith("#")]
        block = "\n".join(lines)
        code_m = re.search(r"<CountryCode>([^<]*)</CountryCode>", block)
        name_m = re.search(r"<CountryName>([^<]*)</CountryName>", block)
        iso_m = re.search(r"<ISO3166-alpha3>([^<]*)</ISO3166-alpha3>", block)
        if not code_m or not name_m:
            continue
        code = code_m.group(1).strip()
        iso3 = iso_m.group(1).strip() if iso_m else ""
        if not re.fullmatch(r"[A-Z]{3}", iso3):
            iso3 = CODE_FIX.get(code, code[-3:] if len(code) == 6 else code[:3])
        iso3 = ISO3_FIX.get(code, iso3)
        out.append(
            CIEntry(
                code=code,
                iso3=iso3,
                name=name_m.group(1).strip(),
                nationality=_ci_items(block, "Nationality"),
                capitals=_ci_items(block, "Capital"),
                places=_ci_items(block, "MajorCities")
                + _ci_items(block, "Regions")
                + _ci_items(block, "GeogFeatures"),
            )
        )
    return out


# ---------------------------------------------------------------------------------- helpers


def key(text: str) -> tuple[str, ...]:
    return pattern_tokens(text)


def nice(form: str) -> str:
    """CountryInfo/Phoenix upper-case phrase -> natural case surface form ('' when junk)."""
    cleaned = petrarch.clean_phrase(form)
    if not cleaned:
        return ""
    text = cleaned[0]
    return petrarch.natural_case(text) if text.isupper() else text


def add_unique(target: list[str], forms: Iterable[str], seen: set[tuple[str, ...]]) -> None:
    for form in forms:
        if not form:
            continue
        k = key(form)
        if not k or k in seen or " ".join(k) in DROP_PATTERNS:
            continue
        seen.add(k)
        target.append(form)


_DEMONYM = re.compile(r"(an|ian|ese|ish|i|ic|ean|ene|ais|ois|er|ite|iote|ot|ch|wegian|que)$", re.I)


# -------------------------------------------------------------------------------- countries


def build_countries(ref: Path, log: list[str]) -> tuple[list[dict[str, Any]], set[str]]:
    ci = parse_countryinfo(ref / "CountryInfo_CC-BY-SA-3.0" / "CountryInfo.120116.txt")
    ngec_names: dict[str, str] = {}
    ngec_nat: dict[str, list[str]] = defaultdict(list)
    with (ref / "NGEC_MIT-per-pyproject" / "countries.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            iso = row["CCA3"].strip()
            ngec_names[iso] = row["Name"].strip()
            ngec_nat[iso].extend(x.strip() for x in row["Nationality"].split(",") if x.strip())
    mord_nat: dict[str, list[str]] = defaultdict(list)
    with (ref / "mordecai_MIT" / "nat_df.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            iso, nat = (row.get("alpha_3_code") or "").strip(), (row.get("nationality") or "")
            if not iso and re.fullmatch(r"[A-Za-z]+[A-Z]{3}", nat.strip()):
                nat, iso = nat.strip()[:-3], nat.strip()[-3:]  # one row lacks its comma
            if iso and nat.strip():
                mord_nat[iso].append(nat.strip())
    mord_names: dict[str, list[str]] = defaultdict(list)
    # countries.json is garbled upstream; stopword_country_names.json holds the same table
    mc = json.loads((ref / "mordecai_MIT" / "stopword_country_names.json").read_text("utf-8"))
    for name, iso in mc.items():
        mord_names[iso].append(name.replace("_", " "))

    phoenix_path = ref / "petrarch2_phoenix_MIT" / "Phoenix.Countries.actors.txt"
    warns: list[str] = []
    blocks = petrarch.read_actor_blocks(
        phoenix_path.read_text("utf-8"), strict=False, warnings=warns
    )
    log.extend(f"Phoenix.Countries.actors.txt {w}" for w in warns)

    # a territory filed under its sovereign's code (Jersey and GBR, Mayotte and FRA) does not
    # take the sovereign's Phoenix names ('Briton' was Jersey's)
    by_code: dict[str, CIEntry] = {}
    for c in ci:
        if c.code not in by_code or c.iso3 == c.code:
            by_code[c.code] = c
    by_name = {key(nice(c.name)): c for c in ci}
    country_blocks: dict[str, list[petrarch.PetrarchBlock]] = defaultdict(list)
    used_blocks: set[int] = set()
    for block in blocks:
        bare = [c.code for c in block.codes if c.code in by_code]
        match = by_code[bare[-1]] if bare else by_name.get(key(nice(block.primary)))
        if match is None:
            continue
        if not bare and any(c.code != match.code for c in block.codes if not c.dated):
            continue
        country_blocks[match.iso3].append(block)
        used_blocks.add(block.line)

    isos = sorted({c.iso3 for c in ci} | set(ngec_names))
    ci_by_iso: dict[str, list[CIEntry]] = defaultdict(list)
    for c in ci:
        ci_by_iso[c.iso3].append(c)

    entries = []
    for iso in isos:
        cis = ci_by_iso.get(iso, [])
        extra = EXTRA_COUNTRY_FORMS.get(iso, {})
        name = ngec_names.get(iso) or (nice(cis[0].name) if cis else iso)
        seen: set[tuple[str, ...]] = set()
        patterns: list[str] = []
        adjectives: list[str] = []
        capitals: list[str] = []
        places: list[str] = []
        # names first, then adjectives, capitals, places: a form is kept in the first list only
        add_unique(
            patterns, [name, *extra.get("patterns", []), *IRREGULAR_DEMONYMS.get(iso, [])], seen
        )
        add_unique(adjectives, extra.get("adjectives", []), seen)
        add_unique(adjectives, mord_nat.get(iso, []), seen)
        add_unique(capitals, extra.get("capitals", []), seen)
        add_unique(places, extra.get("places", []), seen)
        capital_keys = {key(nice(x)) for c in cis for x in c.capitals}
        place_keys = {key(nice(x)) for c in cis for x in c.places}
        nat_keys = {key(nice(x)) for c in cis for x in c.nationality}
        adjective_keys = {key(x) for x in mord_nat.get(iso, [])}
        for c in cis:
            add_unique(patterns, [nice(c.name)], seen)
        add_unique(patterns, mord_names.get(iso, []), seen)
        for form in ngec_nat.get(iso, []):
            if re.search(r"[\[\]()]", form):
                continue
            demonym = key(form) in adjective_keys or (" " not in form and _DEMONYM.search(form))
            plural = form.endswith("s") and form[:-1] in ngec_nat.get(iso, [])
            if demonym and not plural:
                add_unique(adjectives, [form], seen)
        for c in cis:
            for form in c.nationality:
                f = nice(form)
                if key(f) in adjective_keys or (" " not in f and _DEMONYM.search(f)):
                    add_unique(adjectives, [f], seen)
                else:
                    add_unique(patterns, [f], seen)
            add_unique(capitals, [nice(x) for x in c.capitals], seen)
        after_capital = False
        for block in country_blocks.get(iso, []):
            for raw in [block.primary, *block.synonyms]:
                f = nice(raw)
                k = key(f)
                if not k:
                    continue
                if k in capital_keys:
                    add_unique(capitals, [f], seen)
                    after_capital = True
                elif k in place_keys:
                    add_unique(places, [f], seen)
                    after_capital = True
                elif k in nat_keys or k in adjective_keys:
                    if k in adjective_keys or (len(k) == 1 and _DEMONYM.search(f)):
                        add_unique(adjectives, [f], seen)
                    else:
                        add_unique(patterns, [f], seen)
                elif after_capital:
                    add_unique(places, [f], seen)
                else:
                    add_unique(patterns, [f], seen)
        for c in cis:
            add_unique(places, [nice(x) for x in c.places], seen)
        metonyms: list[str] = []
        add_unique(
            metonyms, [m for m in METONYMS.get(iso, []) if not m.lower().startswith("the ")], seen
        )
        entries.append(
            {
                "id": iso,
                "name": name,
                "kind": "country",
                "patterns": patterns,
                # a proto-state (Phoenix's PRE codes: Somaliland SOMPRE, Abkhazia GEOPRE) keeps
                # its code as id and is coded with the ISO 3166 country it belongs to
                "country": iso[:3],
                "sectors": [],
                "roles": [],
                "adjectives": adjectives,
                "capitals": capitals,
                "metonyms": metonyms,
                "places": places,
                "source": "CountryInfo.120116.txt; Phoenix.Countries.actors.txt; "
                "mordecai nat_df.csv; NGEC countries.csv",
            }
        )
    # a form listed for several countries ("Guinea", "Congolese") stays with the country whose
    # name it is or whose hand-written forms list it; otherwise it stays ambiguous
    owners: dict[tuple[str, ...], list[str]] = defaultdict(list)
    fields = ("patterns", "adjectives", "capitals", "metonyms", "places")
    for e in entries:
        for f in fields:
            for form in e[f]:
                owners[key(form)].append(e["id"])
    for k, isos in owners.items():
        if len(set(isos)) < 2:
            continue
        winners = {
            e["id"]
            for e in entries
            if e["id"] in isos
            and (
                key(e["name"]) == k
                or any(key(x) == k for x in e["capitals"])
                or any(
                    key(x) == k
                    for f in fields
                    for x in EXTRA_COUNTRY_FORMS.get(e["id"], {}).get(f, [])
                )
            )
        }
        if not winners:
            continue
        for e in entries:
            if e["id"] in isos and e["id"] not in winners:
                for f in fields:
                    e[f] = [x for x in e[f] if key(x) != k]
    for e in entries:
        gone = NOT_COUNTRY_FORMS.get(e["id"], set())
        for f in fields:
            e[f] = [x for x in e[f] if x not in gone]
    # Phoenix blocks used for countries are not converted again as organisations
    return entries, used_blocks


# ------------------------------------------------------------------------- other entries


def convert_actor_file(
    path: Path, *, kind_hint: str, countries: set[str], skip_lines: set[int], log: list[str]
) -> list[dict[str, Any]]:
    warns: list[str] = []
    blocks = petrarch.read_actor_blocks(path.read_text("utf-8"), strict=False, warnings=warns)
    log.extend(f"{path.name} {w}" for w in warns)
    blocks = [b for b in blocks if b.line not in skip_lines]
    for b in blocks:
        for spec in b.codes:
            if spec.code[:3] in PHOENIX_COUNTRY_FIX:
                spec.code = PHOENIX_COUNTRY_FIX[spec.code[:3]] + spec.code[3:]
    return petrarch.blocks_to_entries(
        blocks,
        source=path.name,
        countries=countries,
        kind_hint=kind_hint,
        unknown_as_country=False,
    )


def is_history(entry: dict[str, Any]) -> bool:
    """A person whose every dated role ended before PEOPLE_CUTOFF."""
    roles = entry.get("roles") or []
    if entry["kind"] != "person" or not roles:
        return False
    return all(r["end"] is not None and r["end"] < PEOPLE_CUTOFF.isoformat() for r in roles)


def split_people(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    lines = [json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in entries]
    total = sum(len(x.encode()) + 1 for x in lines)
    parts = max(1, -(-total // MAX_BYTES))
    if parts == 1:
        return {"people.jsonl": entries}
    out: dict[str, list[dict[str, Any]]] = {}
    per = -(-len(entries) // parts)
    for i in range(parts):
        out[f"people-{i + 1}.jsonl"] = entries[i * per : (i + 1) * per]
    return out


def dump(entries: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n" for e in entries)


def compact(entry: dict[str, Any]) -> dict[str, Any]:
    """Drop empty optional fields to keep files small (defaults are documented)."""
    out = {}
    for k, v in entry.items():
        if k in ("id", "name", "kind", "patterns") or v not in (None, [], ""):
            out[k] = v
    return out


# ------------------------------------------------------------------------------------- main


def build(shared: Path) -> tuple[dict[str, str], list[str]]:
    ref = shared / "reference"
    log: list[str] = []
    phoenix = ref / "petrarch2_phoenix_MIT"

    countries, used_blocks = build_countries(ref, log)
    iso_set = {c["id"] for c in countries}
    country_pattern_keys = {
        key(p): c["id"]
        for c in countries
        for p in [*c["patterns"], *c["adjectives"], *c["capitals"], *c["metonyms"]]
    }

    national = convert_actor_file(
        phoenix / "Phoenix.Countries.actors.txt",
        kind_hint="organisation",
        countries=iso_set,
        skip_lines=used_blocks,
        log=log,
    )
    international = convert_actor_file(
        phoenix / "Phoenix.International.actors.txt",
        kind_hint="organisation",
        countries=iso_set,
        skip_lines=set(),
        log=log,
    )
    groups = convert_actor_file(
        phoenix / "Phoenix.MilNonState.actors.txt",
        kind_hint="group",
        countries=iso_set,
        skip_lines=set(),
        log=log,
    )
    agent_warns: list[str] = []
    agents = petrarch.read_agents(
        (phoenix / "Phoenix.agents.txt").read_text("utf-8"),
        source="Phoenix.agents.txt",
        strict=False,
        warnings=agent_warns,
    )
    plover_agents = petrarch.read_agents(
        (ref / "NGEC_MIT-per-pyproject" / "PLOVER_agents.txt").read_text("utf-8"),
        source="PLOVER_agents.txt",
        strict=False,
        warnings=agent_warns,
        code_map=AGENT_CODE_MAP,
    )
    log.extend(f"agents {w}" for w in agent_warns)
    agent_keys = {key(p) for a in agents for p in a["patterns"]}
    for a in plover_agents:
        new = [p for p in a["patterns"] if key(p) not in agent_keys]
        if new and a["id"] not in {x["id"] for x in agents}:
            a["patterns"] = new
            agents.append(a)
            agent_keys.update(key(p) for p in new)

    # curated entries win: drop converted entries with the same id or the same name and kind
    curated_path = OUT_DIR / "curated.jsonl"
    curated = read_jsonl(curated_path.read_text("utf-8"), "curated.jsonl", priority=2)
    family = {"person": "person", "country": "country", "agent": "agent"}
    curated_ids = {c.id for c in curated}
    curated_keys: dict[tuple[tuple[str, ...], str], str] = {}
    for c in curated:
        fam = family.get(c.kind, "org")
        for p in c.patterns:
            curated_keys[(key(p), fam)] = c.id
    metonym_keys = {key(m) for ms in METONYMS.values() for m in ms}

    curated_names = {k for (k, fam) in curated_keys if fam != "agent" and len(k) > 1}

    def keep(entry: dict[str, Any]) -> bool:
        if entry["id"] in curated_ids:
            return False
        fam = family.get(entry["kind"], "org")
        if (key(entry["name"]), fam) in curated_keys:
            return False
        if fam != "agent" and key(entry["name"]) in curated_names:
            return False  # "Bashar al-Assad" listed as an organisation: the curated person wins
        if entry["kind"] != "agent" and key(entry["name"]) in metonym_keys:
            return False
        return not is_history(entry)

    from spacy.lang.en.stop_words import STOP_WORDS

    def junk_single(entry: dict[str, Any], pattern: str) -> bool:
        """Lone words that are not the entry's own name nor an acronym ("Organization",
        "Youth", "313") are alternative translations that would fire on plain English."""
        k = key(pattern)
        if len(k) != 1:
            return False
        if k[0].isdigit():
            return True
        if entry["kind"] in ("person", "country"):
            return False
        if pattern == entry["patterns"][0]:
            return False
        letters = [c for c in pattern if c.isalpha()]
        acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
        return not acronym or k[0] in STOP_WORDS

    dropped = 0
    for entry in [*national, *international, *groups]:
        if entry["kind"] == "agent":
            continue
        entry["patterns"] = [p for p in entry["patterns"] if not junk_single(entry, p)]
        # a lone generic word ("Senate", "Parliament") is an agent, not one country's institution
        before = list(entry["patterns"])
        entry["patterns"] = [
            p
            for p in entry["patterns"]
            if not (len(key(p)) == 1 and key(p) in agent_keys)
            and not (entry["kind"] != "country" and key(p) in country_pattern_keys)
        ]
        dropped += len(before) - len(entry["patterns"])
    log.append(f"dropped {dropped} generic single-word patterns from named entries")

    # "Russian Foreign Minister Sergey Lavrov": titles are composed at run time from the agent
    # and country dictionaries, so a person's title-prefixed forms are redundant
    title_tokens = {t for a in agents for p in a["patterns"] for t in key(p)}
    title_tokens |= {t for k in country_pattern_keys for t in k}
    title_tokens |= {"mr", "mrs", "ms", "dr", "sir", "gen", "general", "lt", "col", "maj", "'s"}
    redundant = 0
    for entry in [*national, *international, *groups]:
        if entry["kind"] != "person":
            continue
        keys = [key(p) for p in entry["patterns"]]
        kept = []
        for p, k in zip(entry["patterns"], keys, strict=True):
            shorter = [q for q in keys if 0 < len(q) < len(k) and k[-len(q) :] == q]
            if any(all(t in title_tokens for t in k[: len(k) - len(q)]) for q in shorter):
                redundant += 1
                continue
            kept.append(p)
        entry["patterns"] = kept
    log.append(f"dropped {redundant} title-prefixed person patterns (titles are composed)")

    # the same organisation listed twice (e.g. under NGOs and under companies): one entry
    merged: dict[tuple[str, tuple[str, ...], str | None], dict[str, Any]] = {}
    unique = []
    for entry in [*national, *international, *groups]:
        if entry["kind"] == "person":
            unique.append(entry)
            continue
        mkey = (entry["kind"], key(entry["name"]), entry["country"])
        first = merged.get(mkey)
        if first is None:
            merged[mkey] = entry
            unique.append(entry)
            continue
        seen_keys = {key(p) for p in first["patterns"]}
        first["patterns"].extend(p for p in entry["patterns"] if key(p) not in seen_keys)
        first["sectors"].extend(x for x in entry["sectors"] if x not in first["sectors"])
    log.append(
        f"merged {len(national) + len(international) + len(groups) - len(unique)} "
        "duplicate organisation entries"
    )
    national = [e for e in unique if e["source"].startswith("Phoenix.Countries")]
    international = [e for e in unique if e["source"].startswith("Phoenix.International")]
    groups = [e for e in unique if e["source"].startswith("Phoenix.MilNonState")]

    people = [e for e in national + international + groups if e["kind"] == "person"]
    orgs = [e for e in national + international if e["kind"] == "organisation"]
    igos = [e for e in national + international + groups if e["kind"] == "igo"]
    grps = [e for e in groups if e["kind"] == "group"]
    before = len(people)
    people = [e for e in people if keep(e) and e["patterns"]]
    log.append(
        f"people: {before} converted, {len(people)} kept (history before "
        f"{PEOPLE_CUTOFF}, curated duplicates and empty entries dropped)"
    )
    orgs = [e for e in orgs if keep(e) and e["patterns"]]
    igos = [e for e in igos if keep(e) and e["patterns"]]
    grps = [e for e in grps if keep(e) and e["patterns"]]
    agents = [a for a in agents if keep(a) and a["sectors"]]  # "AFRICA [~NON]" is no sector
    for a in agents:
        a["patterns"] = [p for p in a["patterns"] if p.lower() not in AGENT_DROP]
    agents = [a for a in agents if a["patterns"]]
    countries = [c for c in countries if c["id"] not in curated_ids]

    files = {
        "countries.jsonl": countries,
        "igos.jsonl": igos,
        "organisations.jsonl": orgs,
        "groups.jsonl": grps,
        "agents.jsonl": agents,
    }
    files.update(split_people(people))
    texts = {name: dump([compact(e) for e in entries]) for name, entries in files.items()}
    for name, entries in files.items():
        log.append(f"{name}: {len(entries)} entries, {len(texts[name].encode()):,} bytes")
    return texts, log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("NEWSEVENTS_SHARED") or ROOT.parent / "shared"),
        help="the shared data folder (default $NEWSEVENTS_SHARED or ../shared)",
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    parser.add_argument(
        "--check", action="store_true", help="only check that the files on disk are up to date"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print every warning")
    args = parser.parse_args(argv)
    if not (args.shared / "reference").is_dir():
        print(f"error: {args.shared}/reference not found (set NEWSEVENTS_SHARED)", file=sys.stderr)
        return 2
    texts, log = build(args.shared)
    warnings = [x for x in log if "line " in x]
    for line in log if args.verbose else [x for x in log if "line " not in x]:
        print(line)
    if not args.verbose and warnings:
        print(f"{len(warnings)} reference lines skipped or repaired (-v lists them)")
    too_big = [n for n, t in texts.items() if len(t.encode()) > MAX_BYTES]
    if too_big:
        print(f"error: over {MAX_BYTES:,} bytes: {', '.join(too_big)}", file=sys.stderr)
        return 1
    generated = set(texts)
    stale = sorted(
        p.name
        for p in args.out.glob("*.jsonl")
        if p.name != "curated.jsonl" and p.name not in generated
    )
    if args.check:
        differ = [
            n
            for n, t in texts.items()
            if not (args.out / n).is_file() or (args.out / n).read_text("utf-8") != t
        ]
        if differ or stale:
            print(f"out of date: {', '.join(differ + stale)}", file=sys.stderr)
            return 1
        print("bundled dictionaries are up to date")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (args.out / name).unlink()
    for name, text in texts.items():
        (args.out / name).write_text(text, "utf-8")
    print(f"wrote {len(texts)} files to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
