"""Wire-style datelines: 'OUAGADOUGOU, June 5 (Reuters) -', 'LANCASTER, Pa. —', 'MOSCOW:'."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?"
)
#: An all-capitals place at the start of a line, an optional ', Qualifier' (state or country),
#: an optional date and agency, then a dash or a colon.
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][A-Z'\u2019.\-]+(?:[ ][A-Z][A-Z'\u2019.\-]+){0,3})"
    r"(?:,[ ]*(?P<qual>[A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+){0,2}?))?"
    rf"(?:,?[ ]*{_MONTH})?"
    r"(?:[ ]*\([A-Za-z .&-]{2,30}\))?"
    r"[ ]*(?::|--|[\u2014\u2013-])[ ]"
)
#: How far into the article a dateline may stand (after a title, a date line, share buttons).
SEARCH_CHARS = 600


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline's place (offsets into the text) and its qualifier, if any."""

    start: int
    end: int
    place: str
    qualifier: str | None
    qual_start: int | None


def find_dateline(text: str) -> Dateline | None:
    """The first wire-style dateline in the article's opening, or None."""
    for m in _DATELINE.finditer(text, 0, min(len(text), SEARCH_CHARS)):
        place = m.group("place").rstrip(".-'\u2019")
        if len(place.replace(" ", "")) < 3:
            continue
        qual = m.group("qual")
        return Dateline(
            m.start("place"),
            m.start("place") + len(place),
            place,
            qual,
            m.start("qual") if qual else None,
        )
    return None
