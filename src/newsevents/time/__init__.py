"""TIME: finding date expressions in news text and resolving them against the publication date.

``resolve_dates(text, published)`` is the regex-first entry point (no parse needed);
``resolve_in_doc(doc, published)`` reuses a spaCy parse for tense and disambiguation.
``period_of(value)`` turns a resolved value into typed first and last days with a precision;
``event_period(value, published)`` does so for an event date, catching far-future misreadings.
"""

from .expressions import Candidate, find_candidates
from .period import PERIOD_PRECISIONS, EventPeriod, Period, event_period, period_of
from .resolve import PRECISIONS, TimeExpr, resolve_dates, resolve_in_doc
from .tense import lexical_tense

__all__ = [
    "PERIOD_PRECISIONS",
    "PRECISIONS",
    "Candidate",
    "EventPeriod",
    "Period",
    "TimeExpr",
    "event_period",
    "find_candidates",
    "lexical_tense",
    "period_of",
    "resolve_dates",
    "resolve_in_doc",
]
