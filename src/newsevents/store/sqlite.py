"""The article store: SQLite in WAL mode, FTS5 search, revisions; one writer, many readers."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from ..errors import ErrorCode, NewsEventsError, StoreError
from ..models import Article, ArticleInput
from .connection import StoreConnection, StoreMode, connect, store_error, writable_problem
from .schema import check_version, migrate

DEFAULT_DB = "newsevents.db"

_COLUMNS = (
    "id, revision, title, text, published, source, url, language, "
    "ingested_at, content_hash, origin, external_id"
)

AddStatus = Literal["added", "revised", "unchanged"]


@dataclass(slots=True, frozen=True)
class AddResult:
    """What happened to one article handed to :meth:`Store.add_articles`."""

    id: str
    revision: int
    status: AddStatus
    origin: str


@dataclass(slots=True, frozen=True)
class SearchHit:
    """One full-text search result with a highlighted snippet."""

    article: Article
    snippet: str
    rank: float


def default_db_path() -> Path:
    """The store file: $NEWSEVENTS_DB, else ./newsevents.db."""
    return Path(os.environ.get("NEWSEVENTS_DB") or DEFAULT_DB)


def _row_to_article(row: sqlite3.Row | tuple[Any, ...]) -> Article:
    return Article(*row)


class Store:
    """An open article store. Use as a context manager; one instance per thread."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = 30.0,
        mode: StoreMode = "write",
        max_page_count: int | None = None,
    ) -> None:
        """Open (``write``: create and migrate) the store at ``path``.

        ``mode`` is ``write``, ``read`` (read-only: any write is refused) or ``auto`` (write when
        the file and its folder may be written, read otherwise); ``timeout`` is how long to wait
        for another process's lock; ``max_page_count`` caps the file's size in pages (SQLite
        then fails as on a full disk). Every failure is a :class:`StoreError` with a hint.
        """
        self.path = Path(path)
        self._depth = 0
        """How many :meth:`transaction` blocks are open (nested ones join the outermost)."""
        self._conn: StoreConnection
        problem = writable_problem(self.path)
        if mode == "auto":
            mode = "read" if problem is not None and self.path.is_file() else "write"
        if mode == "write" and problem is not None:
            raise StoreError(
                f"{self.path}: cannot write the store: {problem}",
                hint=f"check the permissions of {self.path} and its folder, or point --db at "
                "a writable copy; reading commands still work on a read-only store",
            )
        self.readonly = mode == "read"
        """Whether this store was opened read-only (every write fails with E017)."""
        try:
            if mode == "read":
                if not self.path.is_file():
                    raise StoreError(
                        f"{self.path}: no store here to read",
                        hint="check the --db path (or $NEWSEVENTS_DB)",
                    )
                self._conn = connect(self.path, mode="read", timeout=timeout)
            else:
                if self.path.parent and not self.path.parent.exists():
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                self._conn = connect(self.path, mode="write", timeout=timeout)
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if max_page_count is not None:
                self._conn.execute(f"PRAGMA max_page_count = {int(max_page_count)}")
            if mode == "write":
                jmode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(jmode).lower() != "wal":
                    raise StoreError(f"{self.path}: could not switch to WAL mode (got {jmode})")
                self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            if mode == "read":
                check_version(self._conn, path=str(self.path))
                self._conn.execute("PRAGMA query_only = ON")
            else:
                migrate(self._conn, path=str(self.path))
        except StoreError:
            self._close_quietly()
            raise
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            raise store_error(exc, str(self.path), timeout=timeout) or StoreError(
                f"{self.path}: cannot open store: {exc}",
                hint="check that --db names a newsevents store",
            ) from exc
        except OSError as exc:  # the folder could not be created
            raise StoreError(
                f"{self.path}: cannot open store: {exc.strerror or exc}",
                hint="check the --db path and the permissions of its folder",
            ) from exc

    def _close_quietly(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()

    # -- lifecycle -----------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One write transaction, taking the write lock up front so readers never block it.

        The store's write functions each run in one; called inside another, they join it, so a
        caller can make several of them (a story build) one atomic change.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self
            self._conn.execute("COMMIT")
        except BaseException:
            # SQLite may already have rolled back (a full disk, a busy lock): never let the
            # ROLLBACK's own failure hide the error that caused it.
            self._conn.rollback_quietly()
            raise
        finally:
            self._depth = 0

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """A read transaction: every query inside sees the same consistent state.

        Inside a transaction (or another snapshot) it joins that one.
        """
        if self._conn.in_transaction:
            yield self
            return
        self._conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            self._conn.rollback_quietly()
            raise
        else:
            self._conn.execute("COMMIT")

    def set_query_only(self) -> None:
        """Refuse every write on this connection from now on (a read-only web app)."""
        self._conn.execute("PRAGMA query_only = ON")

    # -- writing -------------------------------------------------------------------------------
    def add_articles(self, items: Iterable[ArticleInput]) -> list[AddResult]:
        """Store a batch of articles in one transaction.

        The same content under the same id is a no-op ("unchanged"); new content under an
        existing id (a changed page at the same URL) becomes a new revision ("revised") and the
        old revision is kept.
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        results: list[AddResult] = []
        conn = self._conn
        with self.transaction():
            for item in items:
                article_id, chash = item.finalise()
                same = conn.execute(
                    "SELECT revision FROM articles WHERE id = ? AND content_hash = ?",
                    (article_id, chash),
                ).fetchone()
                if same is not None:
                    results.append(AddResult(article_id, int(same[0]), "unchanged", item.origin))
                    continue
                last = conn.execute(
                    "SELECT MAX(revision) FROM articles WHERE id = ?", (article_id,)
                ).fetchone()[0]
                revision = 1 if last is None else int(last) + 1
                if last is not None:
                    conn.execute(
                        "UPDATE articles SET is_current = 0 WHERE id = ? AND is_current = 1",
                        (article_id,),
                    )
                conn.execute(
                    f"INSERT INTO articles ({_COLUMNS}, is_current) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                    (
                        article_id,
                        revision,
                        item.title,
                        item.text,
                        item.published.isoformat() if item.published else None,
                        item.source,
                        item.url,
                        item.language,
                        now,
                        chash,
                        item.origin,
                        item.external_id,
                    ),
                )
                status: AddStatus = "added" if revision == 1 else "revised"
                results.append(AddResult(article_id, revision, status, item.origin))
        return results

    def get_fetch_state(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) remembered for a URL, for conditional GET."""
        row = self._conn.execute(
            "SELECT etag, last_modified FROM fetch_state WHERE url = ?", (url,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def set_fetch_state(
        self, url: str, *, etag: str | None, last_modified: str | None, status: int
    ) -> None:
        """Remember validators from a successful fetch."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.transaction():
            self._conn.execute(
                "INSERT INTO fetch_state (url, etag, last_modified, fetched_at, status) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
                "etag = excluded.etag, last_modified = excluded.last_modified, "
                "fetched_at = excluded.fetched_at, status = excluded.status",
                (url, etag, last_modified, now, status),
            )

    # -- reading -------------------------------------------------------------------------------
    def get(self, article_id: str, *, revision: int | None = None) -> Article | None:
        """The current revision of an article (or a given one); None when absent."""
        if revision is None:
            row = self._conn.execute(
                f"SELECT {_COLUMNS} FROM articles WHERE id = ? AND is_current = 1", (article_id,)
            ).fetchone()
        else:
            row = self._conn.execute(
                f"SELECT {_COLUMNS} FROM articles WHERE id = ? AND revision = ?",
                (article_id, revision),
            ).fetchone()
        return _row_to_article(row) if row else None

    def revisions(self, article_id: str) -> list[Article]:
        """Every stored revision of an article, oldest first."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM articles WHERE id = ? ORDER BY revision", (article_id,)
        ).fetchall()
        return [_row_to_article(r) for r in rows]

    def list_articles(
        self,
        *,
        limit: int = 20,
        offset: int = 0,
        source: str | None = None,
        language: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[Article]:
        """Current revisions, newest publication first, filtered by source, language and dates."""
        where = ["is_current = 1"]
        params: list[Any] = []
        if source:
            where.append("source = ?")
            params.append(source)
        if language:
            where.append("language = ?")
            params.append(language)
        if since:
            where.append("published >= ?")
            params.append(since)
        if until:
            where.append("published < ?")
            params.append(until)
        params += [int(limit), int(offset)]
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM articles WHERE {' AND '.join(where)} "
            "ORDER BY published IS NULL, published DESC, rowid DESC LIMIT ? OFFSET ?",
            params,
        ).fetchall()
        return [_row_to_article(r) for r in rows]

    def iter_articles(self, *, batch: int = 500) -> Iterator[Article]:
        """Every current article in insertion order, streamed in batches."""
        last = 0
        while True:
            rows = self._conn.execute(
                f"SELECT rowid, {_COLUMNS} FROM articles WHERE is_current = 1 AND rowid > ? "
                "ORDER BY rowid LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_to_article(row[1:])
            last = rows[-1][0]

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        mark: tuple[str, str] = ("**", "**"),
        strict: bool = False,
    ) -> list[SearchHit]:
        """Full-text search (FTS5, bm25 ranking) over current revisions, with snippets; the
        ``offset`` best hits skipped (paging).

        The query may use FTS5 syntax. A query FTS5 cannot parse is searched as its plain words
        (``U.S.``, ``al-Assad``); with ``strict``, one that tries FTS5 syntax (quotes,
        parentheses, ``AND``/``OR``/``NOT``/``NEAR``, ``*``, ``:``) and gets it wrong raises
        :class:`BadQuery` (E030) instead, so a typo is not mistaken for "no articles".
        """
        sql = (
            f"SELECT {', '.join('a.' + c.strip() for c in _COLUMNS.split(','))}, "
            "snippet(articles_fts, -1, ?, ?, '…', 16), bm25(articles_fts, 5.0, 1.0) AS r "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? AND a.is_current = 1 ORDER BY r LIMIT ? OFFSET ?"
        )
        match = self._match_query(query, strict=strict)
        rows = self._conn.execute(
            sql, (mark[0], mark[1], match, int(limit), int(offset))
        ).fetchall()
        return [SearchHit(_row_to_article(r[:12]), r[12], float(r[13])) for r in rows]

    def search_count(self, query: str, *, strict: bool = False) -> int:
        """How many current articles :meth:`search` finds for ``query`` in all (its pages)."""
        match = self._match_query(query, strict=strict)
        return int(
            self._conn.execute(
                "SELECT COUNT(*) FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                "WHERE articles_fts MATCH ? AND a.is_current = 1",
                (match,),
            ).fetchone()[0]
        )

    def _match_query(self, query: str, *, strict: bool) -> str:
        """The MATCH text for a user's query: as written when FTS5 parses it, else its words
        quoted (or, with ``strict`` and attempted syntax, :class:`BadQuery`)."""
        try:
            self._conn.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", (query,)
            ).fetchall()
        except sqlite3.OperationalError as exc:
            if strict and _FTS_SYNTAX.search(query):
                raise BadQuery(
                    f"search query {query!r} is not valid FTS5 syntax ({exc}): use words, "
                    '"a phrase" (quotes in pairs), OR, NOT, (groups), prefix*',
                ) from None
            return _plain_fts_query(query)
        return query

    def count(self) -> int:
        """Number of articles (current revisions)."""
        return int(
            self._conn.execute("SELECT COUNT(*) FROM articles WHERE is_current = 1").fetchone()[0]
        )

    def stats(self) -> dict[str, Any]:
        """Counts by source and language, revisions, and the publication date range."""
        c = self._conn
        with self.snapshot():
            articles = self.count()
            revisions = int(c.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
            first, last = c.execute(
                "SELECT MIN(published), MAX(published) FROM articles WHERE is_current = 1"
            ).fetchone()
            by_source = c.execute(
                "SELECT COALESCE(source, '(unknown)'), COUNT(*) FROM articles "
                "WHERE is_current = 1 GROUP BY 1 ORDER BY 2 DESC, 1"
            ).fetchall()
            events = int(c.execute("SELECT COUNT(*) FROM events").fetchone()[0])
            coded = int(c.execute("SELECT COUNT(*) FROM coded_articles").fetchone()[0])
            by_lang = c.execute(
                "SELECT COALESCE(language, '(unknown)'), COUNT(*) FROM articles "
                "WHERE is_current = 1 GROUP BY 1 ORDER BY 2 DESC, 1"
            ).fetchall()
        return {
            "db": str(self.path),
            "articles": articles,
            "revisions": revisions,
            "published_first": first,
            "published_last": last,
            "by_source": dict(by_source),
            "by_language": dict(by_lang),
            "events": events,
            "coded_articles": coded,
        }

    def integrity_check(self) -> str:
        """SQLite's PRAGMA integrity_check result ('ok' when sound)."""
        return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])

    # -- for the query modules of this package only ---------------------------------------------
    def _execute(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        """Run a read-only parameterised query."""
        if not sql.lstrip().lower().startswith(("select", "with", "pragma")):
            raise StoreError("Store._execute is for read-only queries", code=ErrorCode.E017)
        return self._conn.execute(sql, tuple(params))

    def _write(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        """Run a parameterised write statement inside :meth:`transaction`."""
        if not self._depth:
            raise StoreError("Store._write outside a transaction", code=ErrorCode.E017)
        return self._conn.execute(sql, tuple(params))

    def _write_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        """Run a parameterised write statement once per row, inside :meth:`transaction`."""
        if not self._depth:
            raise StoreError("Store._write_many outside a transaction", code=ErrorCode.E017)
        return self._conn.executemany(sql, rows)


_WORD = re.compile(r"\w+", re.UNICODE)
#: What marks a query as meant to be FTS5 syntax (else a parse failure is plain punctuation).
_FTS_SYNTAX = re.compile(r'["()*:^]|\b(AND|OR|NOT|NEAR)\b')


class BadQuery(NewsEventsError, ValueError):
    """A full-text query that tries FTS5 syntax and gets it wrong (E030); says how to write it."""

    code = ErrorCode.E030


def _plain_fts_query(query: str) -> str:
    """Quote each word so FTS5 operators in user input cannot break the query."""
    words = _WORD.findall(query)
    return " ".join(f'"{w}"' for w in words) or '""'
