"""Article queries beyond the Store's own methods: titles and outlets for pages, and the
near-duplicate state (MinHash signatures, duplicate pairs) kept per article."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .sqlite import Store

#: An article's current revision with its text: (id, revision, text).
UnsignedArticle = tuple[str, int, str]
#: A signed current article in time order: (id, signature blob, published).
SignedArticle = tuple[str, bytes, str | None]
#: A near-duplicate article: (article id, id of the earliest article it repeats, similarity).
DuplicateRow = tuple[str, str, float]


def article_titles(store: Store, ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
    """article id -> (title, outlet) of the current revisions of these articles."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    rows = store._execute(
        f"SELECT id, title, source FROM articles WHERE is_current = 1 AND id IN ({marks})",
        wanted,
    ).fetchall()
    return {str(r[0]): (r[1], r[2]) for r in rows}


def current_sources(store: Store) -> list[tuple[str, str | None, str | None]]:
    """(id, source, url) of every current article: what outlets are named from."""
    rows = store._execute("SELECT id, source, url FROM articles WHERE is_current = 1")
    return [(str(r[0]), r[1], r[2]) for r in rows]


# -- near-duplicate state ----------------------------------------------------------------------
def unsigned_articles(store: Store, *, limit: int) -> list[UnsignedArticle]:
    """Up to ``limit`` current articles with no stored signature, in insertion order."""
    rows = store._execute(
        "SELECT a.id, a.revision, a.text FROM articles a LEFT JOIN article_signatures s "
        "ON s.article_id = a.id AND s.revision = a.revision "
        "WHERE a.is_current = 1 AND s.article_id IS NULL ORDER BY a.rowid LIMIT ?",
        (int(limit),),
    ).fetchall()
    return [(str(i), int(r), str(t or "")) for i, r, t in rows]


def save_signatures(store: Store, rows: Sequence[tuple[str, int, bytes]]) -> None:
    """Store (article id, revision, signature blob) rows in one transaction."""
    with store.transaction():
        store._write_many(
            "INSERT OR REPLACE INTO article_signatures (article_id, revision, signature) "
            "VALUES (?, ?, ?)",
            rows,
        )


def signed_articles(store: Store) -> list[SignedArticle]:
    """Current articles with their signature, earliest published first (undated last), then in
    insertion order."""
    rows = store._execute(
        "SELECT a.id, s.signature, a.published FROM articles a JOIN article_signatures s "
        "ON s.article_id = a.id AND s.revision = a.revision WHERE a.is_current = 1 "
        "ORDER BY a.published IS NULL, a.published, a.rowid"
    ).fetchall()
    return [(str(i), bytes(sig), pub) for i, sig, pub in rows]


def replace_duplicates(store: Store, rows: Sequence[DuplicateRow]) -> None:
    """Make these the store's near-duplicate pairs, replacing the previous ones atomically."""
    with store.transaction():
        store._write("DELETE FROM article_duplicates")
        store._write_many(
            "INSERT INTO article_duplicates (article_id, duplicate_of, similarity) "
            "VALUES (?, ?, ?)",
            rows,
        )


def duplicates(store: Store) -> list[DuplicateRow]:
    """The stored near-duplicate pairs, by article id."""
    rows = store._execute(
        "SELECT article_id, duplicate_of, similarity FROM article_duplicates ORDER BY article_id"
    )
    return [(str(a), str(b), float(s)) for a, b, s in rows]
