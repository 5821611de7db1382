"""The state `newsevents watch` keeps in the store: per-source backoff after errors, and a few
loop-wide keys (the last round's summary, whether stories wait for a rebuild).

Times are POSIX seconds (the loop's clock), so a test's fake clock and the real one store alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from .sqlite import Store


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the loop remembers of one source."""

    source: str
    failures: int
    """Failed rounds in a row (0 after a success)."""
    next_attempt: float | None
    """When the source may be fetched again (None: at once)."""
    last_attempt: float | None
    last_success: float | None
    last_error: str | None
    added: int
    """Articles this source added to the store, in all rounds."""

    def backing_off(self, now: float) -> bool:
        """Whether the source waits out its backoff at ``now``."""
        return self.next_attempt is not None and now < self.next_attempt


_COLUMNS = "source, failures, next_attempt, last_attempt, last_success, last_error, added"


def feed_states(store: Store) -> dict[str, FeedState]:
    """Every source the loop has tried, by its name."""
    rows = store._execute(f"SELECT {_COLUMNS} FROM watch_feeds ORDER BY source").fetchall()
    return {
        str(r[0]): FeedState(str(r[0]), int(r[1]), r[2], r[3], r[4], r[5], int(r[6])) for r in rows
    }


def record_success(store: Store, source: str, *, at: float, added: int) -> None:
    """A round read the source (or got 304 Not Modified): its backoff ends."""
    with store.transaction():
        store._write(
            f"INSERT INTO watch_feeds ({_COLUMNS}) VALUES (?, 0, NULL, ?, ?, NULL, ?) "
            "ON CONFLICT (source) DO UPDATE SET failures = 0, next_attempt = NULL, "
            "last_attempt = excluded.last_attempt, last_success = excluded.last_success, "
            "last_error = NULL, added = added + excluded.added",
            (source, at, at, added),
        )


def record_failure(
    store: Store, source: str, *, at: float, error: str, backoff: tuple[float, float]
) -> FeedState:
    """A round could not read the source: one more failure in a row, and the next attempt put
    off by ``base * 2 ** (failures - 1)`` seconds, at most ``cap`` (``backoff = (base, cap)``)."""
    base, cap = backoff
    with store.transaction():
        row = store._execute(
            "SELECT failures FROM watch_feeds WHERE source = ?", (source,)
        ).fetchone()
        failures = (int(row[0]) if row else 0) + 1
        delay = min(cap, base * 2.0 ** min(failures - 1, 60))
        store._write(
            f"INSERT INTO watch_feeds ({_COLUMNS}) VALUES (?, ?, ?, ?, NULL, ?, 0) "
            "ON CONFLICT (source) DO UPDATE SET failures = excluded.failures, "
            "next_attempt = excluded.next_attempt, last_attempt = excluded.last_attempt, "
            "last_error = excluded.last_error",
            (source, failures, at + delay, at, error),
        )
    return feed_states_one(store, source)


def feed_states_one(store: Store, source: str) -> FeedState:
    """One source's state (a source never tried: no failures, due at once)."""
    row = store._execute(
        f"SELECT {_COLUMNS} FROM watch_feeds WHERE source = ?", (source,)
    ).fetchone()
    if row is None:
        return FeedState(source, 0, None, None, None, None, 0)
    return FeedState(str(row[0]), int(row[1]), row[2], row[3], row[4], row[5], int(row[6]))


def get_meta(store: Store, key: str) -> str | None:
    """A loop-wide value (``last_round``, ``stories_stale``), or None."""
    row = store._execute("SELECT value FROM watch_meta WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else None


def set_meta(store: Store, key: str, value: str | None) -> None:
    """Set (or, with None, delete) a loop-wide value."""
    with store.transaction():
        if value is None:
            store._write("DELETE FROM watch_meta WHERE key = ?", (key,))
        else:
            store._write(
                "INSERT INTO watch_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
