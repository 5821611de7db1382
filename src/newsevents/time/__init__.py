"""TIME: finding date expressions in news text and resolving them against the publication date.

``resolve_dates(text, published)`` is the regex-first entry point (no parse needed);
``resolve_in_doc(doc, published)`` reuses a spaCy parse for tense and disambiguation.
"""

from .expressions import Candidate, find_candidates
from .resolve import PRECISIONS, TimeExpr, resolve_dates, resolve_in_doc
from .tense import lexical_tense

__all__ = [
    "PRECISIONS",
    "Candidate",
    "TimeExpr",
    "find_candidates",
    "lexical_tense",
    "resolve_dates",
    "resolve_in_doc",
]
