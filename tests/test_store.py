"""The article store: ids, revisions, no-op re-ingest, FTS5 search, migrations, stats."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from newsevents.errors import ErrorCode, StoreError
from newsevents.models import ArticleInput, canonical_url
from newsevents.store import Store
from newsevents.store.schema import SCHEMA_VERSION


def art(text: str, **kw: object) -> ArticleInput:
    return ArticleInput(text=text, **kw)  # type: ignore[arg-type]


def test_store_uses_wal_and_current_schema(store: Store) -> None:
    assert store._execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.integrity_check() == "ok"


def test_same_article_twice_is_a_noop(store: Store) -> None:
    first = store.add_articles(
        [art("Troops crossed the border.", title="Clash", url="https://x.org/a")]
    )
    again = store.add_articles(
        [art("Troops crossed the border.", title="Clash", url="https://x.org/a")]
    )
    assert [r.status for r in first] == ["added"]
    assert [r.status for r in again] == ["unchanged"]
    assert first[0].id == again[0].id
    assert store.count() == 1
    assert store._execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1


def test_changed_page_at_same_url_becomes_revision(store: Store) -> None:
    url = "https://news.example.org/story?id=7&utm_source=rss"
    (r1,) = store.add_articles([art("Version one of the story.", title="T", url=url)])
    (r2,) = store.add_articles([art("Version two, with an update.", title="T", url=url)])
    assert (r1.status, r2.status) == ("added", "revised")
    assert r1.id == r2.id and r2.revision == 2
    current = store.get(r1.id)
    assert current is not None and current.text == "Version two, with an update."
    old = store.get(r1.id, revision=1)
    assert old is not None and old.text == "Version one of the story."
    assert [a.revision for a in store.revisions(r1.id)] == [1, 2]
    assert store.count() == 1
    # re-sending the old version is recognised, not stored a third time
    (r3,) = store.add_articles([art("Version one of the story.", title="T", url=url)])
    assert r3.status == "unchanged" and r3.revision == 1


def test_ids_stable_from_canonical_url_else_content() -> None:
    a = art("Same text", url="HTTPS://News.Example.org:443/story/?utm_medium=x#top")
    b = art("Different text", url="https://news.example.org/story")
    assert a.finalise()[0] == b.finalise()[0]
    assert canonical_url("https://news.example.org/story/?b=2&a=1") == (
        "https://news.example.org/story?a=1&b=2"
    )
    c = art("Text   without\n a url", title="X")
    d = art("Text without a url", title="X")
    assert c.finalise()[0] == d.finalise()[0]
    assert c.finalise()[0] != art("Other text", title="X").finalise()[0]


def test_published_keeps_timezone_or_day_precision(store: Store) -> None:
    aware = datetime(2024, 6, 5, 9, 30, tzinfo=UTC)
    (r1,) = store.add_articles([art("A", published=aware)])
    (r2,) = store.add_articles([art("B", published=date(2024, 6, 5))])
    assert store.get(r1.id).published == "2024-06-05T09:30:00+00:00"  # type: ignore[union-attr]
    assert store.get(r2.id).published == "2024-06-05"  # type: ignore[union-attr]


def test_search_ranks_and_highlights(store: Store) -> None:
    store.add_articles(
        [
            art("Lavrov visited Ouagadougou and promised military aid.", title="Lavrov in Burkina"),
            art("Grain prices rose in Chicago.", title="Markets"),
            art("The minister mentioned Lavrov once in passing.", title="Other"),
        ]
    )
    hits = store.search("Lavrov", mark=("[", "]"))
    assert hits[0].article.title == "Lavrov in Burkina"
    assert len(hits) == 2
    assert "[Lavrov]" in hits[0].snippet
    assert store.search("grain", limit=5)[0].article.title == "Markets"


def test_search_survives_fts_syntax_in_user_input(store: Store) -> None:
    store.add_articles([art("A ceasefire was agreed in Gaza.", title="Ceasefire")])
    for query in ['"unbalanced', "AND OR NOT", "gaza)", "ceasefire*", "NEAR(", "-"]:
        store.search(query)  # must not raise
    assert store.search('ceasefire "')[0].article.title == "Ceasefire"


def test_search_only_returns_current_revisions(store: Store) -> None:
    url = "https://x.org/r"
    store.add_articles([art("Old wording about bauxite.", url=url)])
    store.add_articles([art("New wording about aluminium.", url=url)])
    assert store.search("bauxite") == []
    assert len(store.search("aluminium")) == 1


def test_list_filters_and_order(store: Store) -> None:
    store.add_articles(
        [
            art("a", title="old", published=date(2023, 1, 1), source="A", language="en"),
            art("b", title="new", published=date(2024, 1, 1), source="B", language="fr"),
            art("c", title="undated", source="A", language="en"),
        ]
    )
    assert [a.title for a in store.list_articles()] == ["new", "old", "undated"]
    assert [a.title for a in store.list_articles(source="A")] == ["old", "undated"]
    assert [a.title for a in store.list_articles(language="fr")] == ["new"]
    assert [a.title for a in store.list_articles(since="2023-06-01")] == ["new"]
    assert [a.title for a in store.list_articles(until="2023-06-01")] == ["old"]
    assert [a.title for a in store.list_articles(limit=1, offset=1)] == ["old"]


def test_stats(store: Store) -> None:
    store.add_articles(
        [art("x", source="A", language="en", published=date(2024, 1, 2)), art("y", source="A")]
    )
    s = store.stats()
    assert s["articles"] == 2 and s["revisions"] == 2
    assert s["by_source"] == {"A": 2}
    assert s["published_first"] == "2024-01-02"
    assert (s["events"], s["coded_articles"]) == (0, 0)


def test_newer_schema_is_refused(db_path: Path) -> None:
    with Store(db_path):
        pass
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError) as err:
        Store(db_path)
    assert err.value.code is ErrorCode.E018
    assert str(db_path) in str(err.value)


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as err:
        Store(bogus)
    assert "bogus.db" in str(err.value)


def test_execute_is_read_only(store: Store) -> None:
    with pytest.raises(StoreError):
        store._execute("DELETE FROM articles")


def test_sql_is_not_public(store: Store) -> None:
    """Callers use the store's query functions; the schema is not an API."""
    assert not hasattr(store, "execute")


def test_write_outside_a_transaction_is_refused(store: Store) -> None:
    store.add_articles([art("kept")])
    with pytest.raises(StoreError):
        store._write("DELETE FROM articles")
    assert store.count() == 1


def test_nested_writes_join_the_outer_transaction(store: Store) -> None:
    """A write function called inside transaction() commits or rolls back with the rest."""
    store.add_articles([art("kept")])
    with pytest.raises(RuntimeError), store.transaction():
        store.add_articles([art("added inside")])
        assert store.count() == 2  # visible inside the transaction
        raise RuntimeError("later step failed")
    assert store.count() == 1
    with store.transaction():
        store.add_articles([art("added inside")])
        with store.snapshot():
            assert store.count() == 2
    assert store.count() == 2
    assert store.integrity_check() == "ok"


def test_failed_batch_leaves_store_unchanged(store: Store) -> None:
    store.add_articles([art("kept")])

    class Boom(ArticleInput):
        def finalise(self) -> tuple[str, str]:
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.add_articles([art("would be added"), Boom(text="x")])
    assert store.count() == 1
    assert store.integrity_check() == "ok"
