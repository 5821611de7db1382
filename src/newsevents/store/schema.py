"""Store schema as forward-only migrations; PRAGMA user_version records the applied step."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass

from ..errors import ErrorCode, StoreError
from ..time.period import event_period


@dataclass(frozen=True, slots=True)
class SummaryTable:
    """An event count kept by triggers on ``events``: the table, its key columns and, for each,
    the SQL expression that computes the key from an events row."""

    table: str
    keys: tuple[str, ...]
    expressions: tuple[str, ...]
    """Each with ``{row}`` where the events row's alias goes (``new.``, ``old.``, ``e.`` or "")."""

    def key_sql(self, row: str) -> list[str]:
        """The key expressions for an events row called ``row`` ("" for unqualified columns)."""
        prefix = f"{row}." if row else ""
        return [e.format(row=prefix) for e in self.expressions]


_DYAD_SUMMARY = SummaryTable(
    "event_summary_dyad",
    ("source", "target", "quad_class"),
    (
        "substr({row}source_countries, 1, instr({row}source_countries || ',', ',') - 1)",
        "substr({row}target_countries, 1, instr({row}target_countries || ',', ',') - 1)",
        "{row}quad_class",
    ),
)
_PLACE_SUMMARY = SummaryTable(
    "event_summary_place",
    ("country", "name", "lat", "lon", "quad_class"),
    (
        "COALESCE({row}location_country, '')",
        "COALESCE({row}location_name, '')",
        "iif({row}location_lat IS NULL, '', printf('%.4f', {row}location_lat))",
        "iif({row}location_lon IS NULL, '', printf('%.4f', {row}location_lon))",
        "{row}quad_class",
    ),
)

#: The summary tables as migration 3 -> 4 made them (its SQL must never change).
_SUMMARY_TABLES_V4: tuple[SummaryTable, ...] = (
    SummaryTable(
        "event_summary_day",
        ("day", "plover_type", "quad_class"),
        ("COALESCE(substr({row}date, 1, 10), '')", "{row}plover_type", "{row}quad_class"),
    ),
    _DYAD_SUMMARY,
    _PLACE_SUMMARY,
)

#: The summary tables now, in the order the triggers update them. Since migration 4 -> 5 the
#: day of an event is its typed ``date_start`` when the event is dated to a day, week or month
#: (so it has a month), else '' (coarser periods have no month; see docs/time.md).
SUMMARY_TABLES: tuple[SummaryTable, ...] = (
    SummaryTable(
        "event_summary_day",
        ("day", "plover_type", "quad_class"),
        (
            "iif({row}date_precision IN ('day', 'week', 'month'), "
            "COALESCE({row}date_start, ''), '')",
            "{row}plover_type",
            "{row}quad_class",
        ),
    ),
    _DYAD_SUMMARY,
    _PLACE_SUMMARY,
)

#: Event columns the summaries read: an update of any of them moves the event's counts.
_SUMMARY_SOURCE_COLUMNS_V4 = (
    "date, plover_type, quad_class, source_countries, target_countries,\n"
    "        location_country, location_name, location_lat, location_lon"
)
_SUMMARY_SOURCE_COLUMNS = (
    "date_start, date_precision, plover_type, quad_class, source_countries, target_countries,\n"
    "        location_country, location_name, location_lat, location_lon"
)


def _backfill(s: SummaryTable) -> str:
    """Fill a summary table from the events already stored."""
    keys = ", ".join(s.keys)
    exprs = "".join(f"        {e},\n" for e in s.key_sql("e"))
    groups = ", ".join(str(i + 1) for i in range(len(s.keys)))
    return (
        f"    INSERT INTO {s.table} ({keys}, n)\n    SELECT\n{exprs}        COUNT(*)\n"
        f"    FROM events e GROUP BY {groups};\n"
    )


def _add(s: SummaryTable) -> str:
    """Trigger statement counting the ``new`` row in."""
    keys = ", ".join(s.keys)
    exprs = ",\n".join(f"            {e}" for e in s.key_sql("new"))
    return (
        f"        INSERT INTO {s.table} ({keys}, n) VALUES (\n{exprs}, 1\n"
        f"        ) ON CONFLICT ({keys}) DO UPDATE SET n = n + 1;\n"
    )


def _remove(s: SummaryTable) -> str:
    """Trigger statements counting the ``old`` row out, deleting counts that fall to zero."""
    match = [f"{k} = {e}" for k, e in zip(s.keys, s.key_sql("old"), strict=True)]
    cond = "\n        AND ".join(match)
    return (
        f"        UPDATE {s.table} SET n = n - 1 WHERE\n        {cond};\n"
        f"        DELETE FROM {s.table} WHERE n <= 0\n        AND {cond};\n"
    )


def _summary_sql(
    tables: tuple[SummaryTable, ...] = SUMMARY_TABLES, columns: str = _SUMMARY_SOURCE_COLUMNS
) -> str:
    """Backfill and insert/delete/update triggers of every summary table."""
    add = "".join(_add(s) for s in tables)
    remove = "".join(_remove(s) for s in tables)
    return (
        "".join(_backfill(s) for s in tables)
        + f"    CREATE TRIGGER events_summary_ai AFTER INSERT ON events BEGIN\n{add}    END;\n"
        + f"    CREATE TRIGGER events_summary_ad AFTER DELETE ON events BEGIN\n{remove}    END;\n"
        + "    CREATE TRIGGER events_summary_au AFTER UPDATE OF\n"
        + f"        {columns}\n    ON events BEGIN\n{remove}{add}    END;\n    "
    )


_SUMMARY_SQL_V4 = _summary_sql(_SUMMARY_TABLES_V4, _SUMMARY_SOURCE_COLUMNS_V4)

#: SQL function the 4 -> 5 migration calls: (date text, publication date, modality, part) -> the
#: typed part ('start', 'end', 'precision' or 'flag') of the event's date (:func:`typed_date_part`).
TYPED_DATE_FUNCTION = "newsevents_typed_date"


def typed_date_part(
    value: str | None, published: str | None, modality: str | None, part: str
) -> str | None:
    """One part of an event's typed date (``newsevents.time.event_period``) as stored text."""
    typed = event_period(value, published, asserted=modality == "asserted")
    if typed is None:
        return None
    if part == "start":
        return typed.start.isoformat()
    if part == "end":
        return typed.end.isoformat()
    if part == "precision":
        return typed.precision
    return typed.flag


#: A story spans its events: the earliest first day and the latest last day of their periods
#: (run after every rebuild of the stories, and by migration 4 -> 5).
STORY_DATES: tuple[str, ...] = (
    "UPDATE stories SET "
    "date_start = (SELECT MIN(e.date_start) FROM events e WHERE e.story_id = stories.story_id), "
    "date_end = (SELECT MAX(e.date_end) FROM events e WHERE e.story_id = stories.story_id)",
    "UPDATE stories SET record = json_set(record, '$.date_start', date_start, "
    "'$.date_end', date_end)",
)

# Each entry migrates from version i to i+1. Append only; never edit a released step.
MIGRATIONS: list[str] = [
    # 0 -> 1: articles with revisions, FTS5 over title and text, per-URL fetch state.
    """
    CREATE TABLE articles (
        rowid        INTEGER PRIMARY KEY,
        id           TEXT    NOT NULL,
        revision     INTEGER NOT NULL,
        is_current   INTEGER NOT NULL DEFAULT 1,
        title        TEXT,
        text         TEXT    NOT NULL,
        published    TEXT,
        source       TEXT,
        url          TEXT,
        language     TEXT,
        ingested_at  TEXT    NOT NULL,
        content_hash TEXT    NOT NULL,
        origin       TEXT,
        external_id  TEXT,
        UNIQUE (id, revision),
        UNIQUE (id, content_hash)
    );
    CREATE INDEX articles_current_published ON articles (is_current, published);
    CREATE INDEX articles_source ON articles (source);
    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text, content='articles', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TABLE fetch_state (
        url           TEXT PRIMARY KEY,
        etag          TEXT,
        last_modified TEXT,
        fetched_at    TEXT NOT NULL,
        status        INTEGER
    );
    """,
    # 1 -> 2: coded events (one row per event, the full record as JSON) and coding state.
    """
    CREATE TABLE events (
        event_id         TEXT PRIMARY KEY,
        article_id       TEXT    NOT NULL,
        article_revision INTEGER NOT NULL,
        plover_type      TEXT    NOT NULL,
        plover_mode      TEXT,
        cameo_code       TEXT    NOT NULL,
        quad_class       INTEGER NOT NULL,
        goldstein        REAL    NOT NULL,
        source_actors    TEXT    NOT NULL,
        target_actors    TEXT    NOT NULL,
        source_countries TEXT    NOT NULL,
        target_countries TEXT    NOT NULL,
        date             TEXT,
        date_precision   TEXT,
        location_country TEXT,
        modality         TEXT    NOT NULL,
        confidence       REAL    NOT NULL,
        record           TEXT    NOT NULL
    );
    CREATE INDEX events_article ON events (article_id);
    CREATE INDEX events_date ON events (date);
    CREATE INDEX events_type ON events (plover_type, date);
    CREATE TABLE coded_articles (
        article_id    TEXT    NOT NULL,
        revision      INTEGER NOT NULL,
        coder_version TEXT    NOT NULL,
        coded_at      TEXT    NOT NULL,
        events        INTEGER NOT NULL,
        PRIMARY KEY (article_id, revision)
    );
    """,
    # 2 -> 3: places on events, near-duplicate articles, and stories (events clustered across
    # articles). A story row has the columns of an event row plus GDELT-style counts; its record
    # is an event record with the story fields added (see newsevents.stories).
    """
    ALTER TABLE events ADD COLUMN location_name TEXT;
    ALTER TABLE events ADD COLUMN location_lat REAL;
    ALTER TABLE events ADD COLUMN location_lon REAL;
    ALTER TABLE events ADD COLUMN story_id TEXT;
    CREATE INDEX events_story ON events (story_id);
    CREATE INDEX events_dyad ON events (source_countries, target_countries, date);
    CREATE TABLE article_signatures (
        article_id TEXT    NOT NULL,
        revision   INTEGER NOT NULL,
        signature  BLOB    NOT NULL,
        PRIMARY KEY (article_id, revision)
    );
    CREATE TABLE article_duplicates (
        article_id   TEXT PRIMARY KEY,
        duplicate_of TEXT NOT NULL,
        similarity   REAL NOT NULL
    );
    CREATE TABLE stories (
        story_id         TEXT PRIMARY KEY,
        article_id       TEXT    NOT NULL,
        plover_type      TEXT    NOT NULL,
        plover_mode      TEXT,
        cameo_code       TEXT    NOT NULL,
        quad_class       INTEGER NOT NULL,
        goldstein        REAL    NOT NULL,
        source_actors    TEXT    NOT NULL,
        target_actors    TEXT    NOT NULL,
        source_countries TEXT    NOT NULL,
        target_countries TEXT    NOT NULL,
        date             TEXT,
        date_end         TEXT,
        date_precision   TEXT,
        location_country TEXT,
        location_name    TEXT,
        location_lat     REAL,
        location_lon     REAL,
        modality         TEXT    NOT NULL,
        confidence       REAL    NOT NULL,
        num_mentions     INTEGER NOT NULL,
        num_articles     INTEGER NOT NULL,
        num_sources      INTEGER NOT NULL,
        record           TEXT    NOT NULL
    );
    CREATE INDEX stories_date ON stories (date);
    CREATE INDEX stories_type ON stories (plover_type, date);
    CREATE INDEX stories_dyad ON stories (source_countries, target_countries, date);
    """,
    # 3 -> 4: what the web overview and explorer need at a million events: indexes for the
    # explorer's filters and sorts, and event counts by day, by dyad (first source and target
    # country) and by place, kept current by triggers on events (a place's lat/lon are text keys
    # printed to 4 decimals, '' when unknown; rows whose count falls to 0 are deleted).
    """
    CREATE INDEX events_quad ON events (quad_class, date);
    CREATE INDEX events_confidence ON events (confidence);
    CREATE INDEX events_location ON events (location_country, date);
    CREATE TABLE event_summary_day (
        day         TEXT    NOT NULL,
        plover_type TEXT    NOT NULL,
        quad_class  INTEGER NOT NULL,
        n           INTEGER NOT NULL,
        PRIMARY KEY (day, plover_type, quad_class)
    ) WITHOUT ROWID;
    CREATE TABLE event_summary_dyad (
        source      TEXT    NOT NULL,
        target      TEXT    NOT NULL,
        quad_class  INTEGER NOT NULL,
        n           INTEGER NOT NULL,
        PRIMARY KEY (source, target, quad_class)
    ) WITHOUT ROWID;
    CREATE TABLE event_summary_place (
        country     TEXT    NOT NULL,
        name        TEXT    NOT NULL,
        lat         TEXT    NOT NULL,
        lon         TEXT    NOT NULL,
        quad_class  INTEGER NOT NULL,
        n           INTEGER NOT NULL,
        PRIMARY KEY (country, name, lat, lon, quad_class)
    ) WITHOUT ROWID;
"""
    + _SUMMARY_SQL_V4,
    # 4 -> 5: typed event dates. ``date`` keeps the expression as read (``2026-W07``, ``203``);
    # ``date_start``/``date_end`` are the first and last day of its period (ISO dates, so SQL
    # compares them as dates), ``date_precision`` how coarse it is, ``date_flag`` why a date was
    # replaced by the publication day (see docs/time.md). Filled from the stored text; the
    # records get the same fields; a story spans its events' periods. The date indexes and the
    # day summary move to ``date_start``.
    """
    ALTER TABLE events ADD COLUMN date_start TEXT;
    ALTER TABLE events ADD COLUMN date_end TEXT;
    ALTER TABLE events ADD COLUMN date_flag TEXT;
    ALTER TABLE stories ADD COLUMN date_start TEXT;
    DROP TRIGGER events_summary_ai;
    DROP TRIGGER events_summary_ad;
    DROP TRIGGER events_summary_au;
    -- the publication date rides in date_flag until the next statement reads it
    UPDATE events SET date_flag = (SELECT a.published FROM articles a
        WHERE a.id = events.article_id AND a.revision = events.article_revision);
    UPDATE events SET
        date_start = newsevents_typed_date(date, date_flag, modality, 'start'),
        date_end = newsevents_typed_date(date, date_flag, modality, 'end'),
        date_precision = COALESCE(newsevents_typed_date(date, date_flag, modality, 'precision'),
                                  date_precision),
        date_flag = newsevents_typed_date(date, date_flag, modality, 'flag');
    UPDATE events SET record = json_set(record, '$.date_start', date_start,
        '$.date_end', date_end, '$.date_precision', date_precision, '$.date_flag', date_flag);
"""
    + "".join(f"    {statement};\n" for statement in STORY_DATES)
    + """
    DELETE FROM event_summary_day;
    DELETE FROM event_summary_dyad;
    DELETE FROM event_summary_place;
    DROP INDEX events_date;
    DROP INDEX events_type;
    DROP INDEX events_dyad;
    DROP INDEX events_quad;
    DROP INDEX events_location;
    DROP INDEX stories_date;
    DROP INDEX stories_type;
    DROP INDEX stories_dyad;
    CREATE INDEX events_date_start ON events (date_start);
    CREATE INDEX events_date_end ON events (date_end);
    CREATE INDEX events_type ON events (plover_type, date_start);
    CREATE INDEX events_dyad ON events (source_countries, target_countries, date_start);
    CREATE INDEX events_quad ON events (quad_class, date_start);
    CREATE INDEX events_location ON events (location_country, date_start);
    CREATE INDEX stories_date_start ON stories (date_start);
    CREATE INDEX stories_date_end ON stories (date_end);
    CREATE INDEX stories_type ON stories (plover_type, date_start);
    CREATE INDEX stories_dyad ON stories (source_countries, target_countries, date_start);
"""
    + _summary_sql(),
    # 5 -> 6: watchlists and their alerts (newsevents.watch, docs/watch.md). A watchlist keeps
    # its event filters as parameter values (JSON), an optional spike rule (JSON) and the last
    # article rowid when it was made (it alerts on articles stored after that). An alert is one
    # per watchlist per story (``story_id`` is a story id, ``event:<id>`` for an event not yet
    # in a story, or ``spike:<day>``); each delivery target's state is kept per alert.
    """
    CREATE TABLE watchlists (
        name        TEXT PRIMARY KEY,
        filters     TEXT    NOT NULL,
        spike       TEXT,
        created     TEXT    NOT NULL,
        from_rowid  INTEGER NOT NULL
    );
    CREATE TABLE alerts (
        id          INTEGER PRIMARY KEY,
        watchlist   TEXT    NOT NULL,
        story_id    TEXT    NOT NULL,
        event_id    TEXT    NOT NULL,
        rule        TEXT    NOT NULL,
        record      TEXT    NOT NULL,
        created     TEXT    NOT NULL,
        acked       TEXT,
        UNIQUE (watchlist, story_id)
    );
    CREATE INDEX alerts_event ON alerts (watchlist, event_id);
    CREATE INDEX alerts_unread ON alerts (acked, id);
    CREATE TABLE alert_deliveries (
        alert_id    INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        target      TEXT    NOT NULL,
        state       TEXT    NOT NULL,
        attempts    INTEGER NOT NULL DEFAULT 0,
        updated     TEXT    NOT NULL,
        error       TEXT,
        PRIMARY KEY (alert_id, target)
    ) WITHOUT ROWID;
    CREATE INDEX alert_deliveries_state ON alert_deliveries (state, target);
""",
    # 6 -> 7: the state of `newsevents watch` (newsevents.store.watch_state): per source, its
    # failures in a row and when it may be tried again (exponential backoff), and a few keys
    # about the loop itself (the last round, whether stories wait for a rebuild).
    """
    CREATE TABLE watch_feeds (
        source       TEXT PRIMARY KEY,
        failures     INTEGER NOT NULL DEFAULT 0,
        next_attempt REAL,
        last_attempt REAL,
        last_success REAL,
        last_error   TEXT,
        added        INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE watch_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 7 -> 8: what each coded article adds to its source's home area (JSON counts of its towns,
    # counties and regions by country and region: newsevents.geo.resolver.place_counts), from
    # which the coder learns where a local paper is (a prior for its ambiguous place names).
    """
    ALTER TABLE coded_articles ADD COLUMN places TEXT;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def _newer_error(path: str, found: int) -> StoreError:
    return StoreError(
        f"{path}: schema version {found} is newer than this newsevents supports "
        f"({SCHEMA_VERSION}); upgrade newsevents",
        code=ErrorCode.E018,
    )


def check_version(conn: sqlite3.Connection, *, path: str) -> int:
    """For a read-only store: its schema version, which must be this version's (a read-only
    store cannot be migrated)."""
    found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if found > SCHEMA_VERSION:
        raise _newer_error(path, found)
    if found < SCHEMA_VERSION:
        what = "is not a newsevents store yet" if found == 0 else f"has schema version {found}"
        raise StoreError(
            f"{path}: the store {what} and is read-only, so it cannot be brought to schema "
            f"version {SCHEMA_VERSION}",
            hint="run one writing command (newsevents ingest, code) on it where it may be "
            "written, or check the --db path",
        )
    return found


def migrate(conn: sqlite3.Connection, *, path: str) -> int:
    """Bring the database at ``path`` up to SCHEMA_VERSION; returns the version found before."""
    found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if found > SCHEMA_VERSION:
        raise _newer_error(path, found)
    conn.create_function(TYPED_DATE_FUNCTION, 4, typed_date_part, deterministic=True)
    for version in range(found, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-check inside the write lock: another process may have migrated meanwhile.
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current > version:
                conn.execute("COMMIT")
                continue
            for statement in _split(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled back already (a full disk)
                with contextlib.suppress(sqlite3.Error, StoreError):
                    conn.execute("ROLLBACK")
            raise
    return found


def _split(script: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buf = ""
    for line in script.strip().splitlines():
        buf += line + "\n"
        if sqlite3.complete_statement(buf):
            statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements
