"""Texts written for the coder's rule tests, parsed and coded by the real pipeline."""

from __future__ import annotations

from newsevents import code_text
from newsevents.events.features import DocContext
from newsevents.events.prepare import prepare
from newsevents.pipeline import process_coder

PUBLISHED = "2026-02-17"


def context(text: str) -> DocContext:
    """The text as the learned coder parses it, with its actor mentions."""
    coder = process_coder()
    return prepare(coder.nlp, coder.resolver, text, None)


def records(text: str) -> list[tuple[str, list[str | None], list[str | None]]]:
    """(type, source countries, target countries) of each record the coder keeps."""
    return [
        (e.plover_type, [a.country for a in e.sources], [a.country for a in e.targets])
        for e in code_text(text, published=PUBLISHED)
    ]
