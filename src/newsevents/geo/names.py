"""Place-name keys: one normalisation shared by the gazetteer build and look-ups, so that
'St. Louis', 'Saint Louis' and 'ST LOUIS' meet."""

from __future__ import annotations

import unicodedata

#: Leading words that are not part of a place's name ('northern Iraq', 'South Texas').
DIRECTIONS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "upper",
        "lower",
        "downtown",
        "greater",
        "rural",
    }
)


def ascii_fold(s: str) -> str:
    """Accents stripped (NFKD, combining marks dropped): 'Bogotá' -> 'Bogota'."""
    if s.isascii():
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def name_key(s: str) -> str:
    """Look-up key: folded, lower case, no dots, hyphens as spaces, 'saint' as 'st', no 'the'."""
    s = ascii_fold(s).lower().replace("\u2019", "'").replace(".", " ").replace("-", " ")
    words = s.split()
    if words and words[0] == "the":
        words = words[1:]
    if words and words[0] in ("saint", "ste"):
        words[0] = "st"
    return " ".join(words)
