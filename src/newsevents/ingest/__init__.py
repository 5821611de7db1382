"""Ingest: every common news format (text, Markdown, HTML, feeds, JSONL dumps) into the store."""

from .base import IngestOptions, ItemError, Source
from .pipeline import IngestReport, ingest

__all__ = ["IngestOptions", "IngestReport", "ItemError", "Source", "ingest"]
