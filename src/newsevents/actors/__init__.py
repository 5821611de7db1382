"""Actors: bundled and user dictionaries, and the resolver that finds actors in a parsed text."""

from .dictionary import ActorDictionary, ActorEntry, DictionaryError
from .resolve import ActorMention, ActorResolver

__all__ = ["ActorDictionary", "ActorEntry", "ActorMention", "ActorResolver", "DictionaryError"]
