"""Place names the NER missed: capitalised word runs that name a prominent gazetteer entry, inside
organisation names ('the Mansfield Police Department'), as one-word PERSON entities ('Alexandria')
or outside any entity ('flights from Fargo'). Used for geoparse output only, not event locations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .gazetteer import Gazetteer
from .names import name_key

#: A town must have this many people to be found without the NER's help.
MIN_POPULATION = 15_000
#: Capitalised words (with inner hyphens/apostrophes and a trailing dot: 'Mt.', 'Winston-Salem').
_RUN = re.compile(
    r"[A-Z][a-z]+(?:[-'\u2019][A-Za-z]+)*\.?(?:[ ][A-Z][a-z]+(?:[-'\u2019][A-Za-z]+)*\.?)*"
)
#: Capitalised words that are never place names here (calendar words, titles, address words).
_NOT_PLACES = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr st mt gov sen rep
    president mayor police city county state university college church street avenue road
    north south east west new""".split()  # noqa: SIM905
)
_COUNTY = ("county", "parish", "borough", "co")
#: Words before a one-word place name found outside the NER's entities.
CUES = frozenset(
    """in at from to near outside into toward towards around across through throughout via
    between inside""".split()  # noqa: SIM905
)
#: Words after a one-word place that opens an organisation's name ('Mansfield Police').
INSTITUTIONS = frozenset(
    """police department fire sheriff sheriff's city county town township village council
    commission board school schools district high elementary middle library hospital chamber
    public community area regional municipal metropolitan mayor mayor's parks water housing
    utilities airport port symphony museum""".split()  # noqa: SIM905
)
#: Capitalised articles that open a run but not a name.
_ARTICLES = frozenset({"The", "A", "An", "THE"})
#: The label of a mention this module found.
FOUND = "FOUND"


def prominent(gaz: Gazetteer, key: str) -> bool:
    """Whether ``key`` names a country, a major region, a county or a town of
    :data:`MIN_POPULATION` people (by its main name)."""
    if not key or key in _NOT_PLACES:
        return False
    if key in gaz.country_keys:
        return True
    if key.endswith(_COUNTY) and key in gaz.admin2_keys:
        return True
    if key in gaz.region_keys and len(key) > 3:
        return True
    return any(not alt and c.population >= MIN_POPULATION for c, alt in gaz.cities(key))


def names_in(
    gaz: Gazetteer,
    text: str,
    base: int,
    *,
    cue: bool,
    skip: frozenset[str] | set[str] = frozenset(),
    first_only: bool = False,
    known: frozenset[str] | set[str] = frozenset(),
) -> Iterable[tuple[int, int]]:
    """Spans (offsets + ``base``) of prominent names in ``text``: in each capitalised run, the
    longest match (up to 3 words) from left to right. With ``cue`` a one-word name needs a
    locative word before it ('in Fargo', 'from Moorhead'); words in ``skip`` (the article's
    person names) are never places; ``first_only`` (an organisation's name) looks at the first run
    only, where a one-word name must be followed by an institution word ('Mansfield Police') or
    be among the article's ``known`` place keys."""
    for m in _RUN.finditer(text):
        if first_only and m.start() > 4:  # 'the Mansfield Police Department'
            break
        words = [(w.start(), w.end()) for w in re.finditer(r"\S+", m.group())]
        i = 0
        while i < len(words):
            if m.group()[words[i][0] : words[i][1]] in _ARTICLES:
                i += 1  # 'The Clinton administration': not a two-word name that needs no cue
                continue
            for n in range(min(3, len(words) - i), 0, -1):
                s = m.start() + words[i][0]
                e = m.start() + words[i + n - 1][1]
                surface = text[s:e].removesuffix("'s").removesuffix("\u2019s")
                if surface.endswith(".") and len(surface.rsplit(" ", 1)[-1]) > 4:
                    surface = surface[:-1]  # a full stop, not 'Mt.' or 'St.'
                e = s + len(surface)
                if n == 1 and (surface in skip or (cue and not _cued(text, s))):
                    continue
                key = name_key(surface)
                if n == 1 and first_only and key not in known:
                    after = text[e:].split(maxsplit=1)
                    if not after or after[0].lower() not in INSTITUTIONS:
                        continue
                if prominent(gaz, key):
                    yield base + s, base + e
                    i += n
                    break
            else:
                i += 1


def _cued(text: str, pos: int) -> bool:
    before = text[max(0, pos - 12) : pos].split()
    return bool(before) and before[-1].lower() in CUES
