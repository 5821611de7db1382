"""Events: the coder, its lexicon and rules, the CAMEO/PLOVER tables and the event record."""

from .model import PLOVER_TYPES, Actor, Event, Evidence, Location

__all__ = ["PLOVER_TYPES", "Actor", "Event", "Evidence", "Location"]
