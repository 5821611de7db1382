"""Article store (SQLite + FTS5)."""

from .sqlite import AddResult, SearchHit, Store, default_db_path

__all__ = ["AddResult", "SearchHit", "Store", "default_db_path"]
