"""The store (SQLite + FTS5) and every SQL statement of the package.

:class:`Store` holds the connection, transactions and the article methods; the other reads and
writes are typed functions in query modules by concern — ``articles``, ``events``, ``stories``,
``summaries``, ``exports`` — so callers never see the schema (``schema`` migrates it).
"""

from .sqlite import AddResult, SearchHit, Store, default_db_path

__all__ = ["AddResult", "SearchHit", "Store", "default_db_path"]
