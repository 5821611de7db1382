-- The schema of a fresh store (sqlite_master, ordered by type and name), recorded before the
-- summary triggers were generated from one template; tests/test_store_schema.py compares.

-- index alert_deliveries_state on alert_deliveries
CREATE INDEX alert_deliveries_state ON alert_deliveries (state, target);

-- index alerts_event on alerts
CREATE INDEX alerts_event ON alerts (watchlist, event_id);

-- index alerts_unread on alerts
CREATE INDEX alerts_unread ON alerts (acked, id);

-- index articles_current_published on articles
CREATE INDEX articles_current_published ON articles (is_current, published);

-- index articles_source on articles
CREATE INDEX articles_source ON articles (source);

-- index events_article on events
CREATE INDEX events_article ON events (article_id);

-- index events_confidence on events
CREATE INDEX events_confidence ON events (confidence);

-- index events_date_end on events
CREATE INDEX events_date_end ON events (date_end);

-- index events_date_start on events
CREATE INDEX events_date_start ON events (date_start);

-- index events_dyad on events
CREATE INDEX events_dyad ON events (source_countries, target_countries, date_start);

-- index events_location on events
CREATE INDEX events_location ON events (location_country, date_start);

-- index events_quad on events
CREATE INDEX events_quad ON events (quad_class, date_start);

-- index events_story on events
CREATE INDEX events_story ON events (story_id);

-- index events_type on events
CREATE INDEX events_type ON events (plover_type, date_start);

-- index sqlite_autoindex_alerts_1 on alerts
-- (automatic);

-- index sqlite_autoindex_article_duplicates_1 on article_duplicates
-- (automatic);

-- index sqlite_autoindex_article_signatures_1 on article_signatures
-- (automatic);

-- index sqlite_autoindex_articles_1 on articles
-- (automatic);

-- index sqlite_autoindex_articles_2 on articles
-- (automatic);

-- index sqlite_autoindex_coded_articles_1 on coded_articles
-- (automatic);

-- index sqlite_autoindex_events_1 on events
-- (automatic);

-- index sqlite_autoindex_fetch_state_1 on fetch_state
-- (automatic);

-- index sqlite_autoindex_stories_1 on stories
-- (automatic);

-- index sqlite_autoindex_watch_feeds_1 on watch_feeds
-- (automatic);

-- index sqlite_autoindex_watch_meta_1 on watch_meta
-- (automatic);

-- index sqlite_autoindex_watchlists_1 on watchlists
-- (automatic);

-- index stories_date_end on stories
CREATE INDEX stories_date_end ON stories (date_end);

-- index stories_date_start on stories
CREATE INDEX stories_date_start ON stories (date_start);

-- index stories_dyad on stories
CREATE INDEX stories_dyad ON stories (source_countries, target_countries, date_start);

-- index stories_type on stories
CREATE INDEX stories_type ON stories (plover_type, date_start);

-- table alert_deliveries on alert_deliveries
CREATE TABLE alert_deliveries (
        alert_id    INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        target      TEXT    NOT NULL,
        state       TEXT    NOT NULL,
        attempts    INTEGER NOT NULL DEFAULT 0,
        updated     TEXT    NOT NULL,
        error       TEXT,
        PRIMARY KEY (alert_id, target)
    ) WITHOUT ROWID;

-- table alerts on alerts
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

-- table article_duplicates on article_duplicates
CREATE TABLE article_duplicates (
        article_id   TEXT PRIMARY KEY,
        duplicate_of TEXT NOT NULL,
        similarity   REAL NOT NULL
    );

-- table article_signatures on article_signatures
CREATE TABLE article_signatures (
        article_id TEXT    NOT NULL,
        revision   INTEGER NOT NULL,
        signature  BLOB    NOT NULL,
        PRIMARY KEY (article_id, revision)
    );

-- table articles on articles
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

-- table articles_fts on articles_fts
CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text, content='articles', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    );

-- table articles_fts_config on articles_fts_config
CREATE TABLE 'articles_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

-- table articles_fts_data on articles_fts_data
CREATE TABLE 'articles_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

-- table articles_fts_docsize on articles_fts_docsize
CREATE TABLE 'articles_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

-- table articles_fts_idx on articles_fts_idx
CREATE TABLE 'articles_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

-- table coded_articles on coded_articles
CREATE TABLE coded_articles (
        article_id    TEXT    NOT NULL,
        revision      INTEGER NOT NULL,
        coder_version TEXT    NOT NULL,
        coded_at      TEXT    NOT NULL,
        events        INTEGER NOT NULL, places TEXT,
        PRIMARY KEY (article_id, revision)
    );

-- table event_summary_day on event_summary_day
CREATE TABLE event_summary_day (
        day         TEXT    NOT NULL,
        plover_type TEXT    NOT NULL,
        quad_class  INTEGER NOT NULL,
        n           INTEGER NOT NULL,
        PRIMARY KEY (day, plover_type, quad_class)
    ) WITHOUT ROWID;

-- table event_summary_dyad on event_summary_dyad
CREATE TABLE event_summary_dyad (
        source      TEXT    NOT NULL,
        target      TEXT    NOT NULL,
        quad_class  INTEGER NOT NULL,
        n           INTEGER NOT NULL,
        PRIMARY KEY (source, target, quad_class)
    ) WITHOUT ROWID;

-- table event_summary_place on event_summary_place
CREATE TABLE event_summary_place (
        country     TEXT    NOT NULL,
        name        TEXT    NOT NULL,
        lat         TEXT    NOT NULL,
        lon         TEXT    NOT NULL,
        quad_class  INTEGER NOT NULL,
        n           INTEGER NOT NULL,
        PRIMARY KEY (country, name, lat, lon, quad_class)
    ) WITHOUT ROWID;

-- table events on events
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
    , location_name TEXT, location_lat REAL, location_lon REAL, story_id TEXT, date_start TEXT, date_end TEXT, date_flag TEXT);

-- table fetch_state on fetch_state
CREATE TABLE fetch_state (
        url           TEXT PRIMARY KEY,
        etag          TEXT,
        last_modified TEXT,
        fetched_at    TEXT NOT NULL,
        status        INTEGER
    );

-- table stories on stories
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
    , date_start TEXT);

-- table watch_feeds on watch_feeds
CREATE TABLE watch_feeds (
        source       TEXT PRIMARY KEY,
        failures     INTEGER NOT NULL DEFAULT 0,
        next_attempt REAL,
        last_attempt REAL,
        last_success REAL,
        last_error   TEXT,
        added        INTEGER NOT NULL DEFAULT 0
    );

-- table watch_meta on watch_meta
CREATE TABLE watch_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );

-- table watchlists on watchlists
CREATE TABLE watchlists (
        name        TEXT PRIMARY KEY,
        filters     TEXT    NOT NULL,
        spike       TEXT,
        created     TEXT    NOT NULL,
        from_rowid  INTEGER NOT NULL
    );

-- trigger articles_ad on articles
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END;

-- trigger articles_ai on articles
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;

-- trigger articles_au on articles
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;

-- trigger events_summary_ad on events
CREATE TRIGGER events_summary_ad AFTER DELETE ON events BEGIN
        UPDATE event_summary_day SET n = n - 1 WHERE
        day = iif(old.date_precision IN ('day', 'week', 'month'), COALESCE(old.date_start, ''), '')
        AND plover_type = old.plover_type
        AND quad_class = old.quad_class;
        DELETE FROM event_summary_day WHERE n <= 0
        AND day = iif(old.date_precision IN ('day', 'week', 'month'), COALESCE(old.date_start, ''), '')
        AND plover_type = old.plover_type
        AND quad_class = old.quad_class;
        UPDATE event_summary_dyad SET n = n - 1 WHERE
        source = substr(old.source_countries, 1, instr(old.source_countries || ',', ',') - 1)
        AND target = substr(old.target_countries, 1, instr(old.target_countries || ',', ',') - 1)
        AND quad_class = old.quad_class;
        DELETE FROM event_summary_dyad WHERE n <= 0
        AND source = substr(old.source_countries, 1, instr(old.source_countries || ',', ',') - 1)
        AND target = substr(old.target_countries, 1, instr(old.target_countries || ',', ',') - 1)
        AND quad_class = old.quad_class;
        UPDATE event_summary_place SET n = n - 1 WHERE
        country = COALESCE(old.location_country, '')
        AND name = COALESCE(old.location_name, '')
        AND lat = iif(old.location_lat IS NULL, '', printf('%.4f', old.location_lat))
        AND lon = iif(old.location_lon IS NULL, '', printf('%.4f', old.location_lon))
        AND quad_class = old.quad_class;
        DELETE FROM event_summary_place WHERE n <= 0
        AND country = COALESCE(old.location_country, '')
        AND name = COALESCE(old.location_name, '')
        AND lat = iif(old.location_lat IS NULL, '', printf('%.4f', old.location_lat))
        AND lon = iif(old.location_lon IS NULL, '', printf('%.4f', old.location_lon))
        AND quad_class = old.quad_class;
    END;

-- trigger events_summary_ai on events
CREATE TRIGGER events_summary_ai AFTER INSERT ON events BEGIN
        INSERT INTO event_summary_day (day, plover_type, quad_class, n) VALUES (
            iif(new.date_precision IN ('day', 'week', 'month'), COALESCE(new.date_start, ''), ''),
            new.plover_type,
            new.quad_class, 1
        ) ON CONFLICT (day, plover_type, quad_class) DO UPDATE SET n = n + 1;
        INSERT INTO event_summary_dyad (source, target, quad_class, n) VALUES (
            substr(new.source_countries, 1, instr(new.source_countries || ',', ',') - 1),
            substr(new.target_countries, 1, instr(new.target_countries || ',', ',') - 1),
            new.quad_class, 1
        ) ON CONFLICT (source, target, quad_class) DO UPDATE SET n = n + 1;
        INSERT INTO event_summary_place (country, name, lat, lon, quad_class, n) VALUES (
            COALESCE(new.location_country, ''),
            COALESCE(new.location_name, ''),
            iif(new.location_lat IS NULL, '', printf('%.4f', new.location_lat)),
            iif(new.location_lon IS NULL, '', printf('%.4f', new.location_lon)),
            new.quad_class, 1
        ) ON CONFLICT (country, name, lat, lon, quad_class) DO UPDATE SET n = n + 1;
    END;

-- trigger events_summary_au on events
CREATE TRIGGER events_summary_au AFTER UPDATE OF
        date_start, date_precision, plover_type, quad_class, source_countries, target_countries,
        location_country, location_name, location_lat, location_lon
    ON events BEGIN
        UPDATE event_summary_day SET n = n - 1 WHERE
        day = iif(old.date_precision IN ('day', 'week', 'month'), COALESCE(old.date_start, ''), '')
        AND plover_type = old.plover_type
        AND quad_class = old.quad_class;
        DELETE FROM event_summary_day WHERE n <= 0
        AND day = iif(old.date_precision IN ('day', 'week', 'month'), COALESCE(old.date_start, ''), '')
        AND plover_type = old.plover_type
        AND quad_class = old.quad_class;
        UPDATE event_summary_dyad SET n = n - 1 WHERE
        source = substr(old.source_countries, 1, instr(old.source_countries || ',', ',') - 1)
        AND target = substr(old.target_countries, 1, instr(old.target_countries || ',', ',') - 1)
        AND quad_class = old.quad_class;
        DELETE FROM event_summary_dyad WHERE n <= 0
        AND source = substr(old.source_countries, 1, instr(old.source_countries || ',', ',') - 1)
        AND target = substr(old.target_countries, 1, instr(old.target_countries || ',', ',') - 1)
        AND quad_class = old.quad_class;
        UPDATE event_summary_place SET n = n - 1 WHERE
        country = COALESCE(old.location_country, '')
        AND name = COALESCE(old.location_name, '')
        AND lat = iif(old.location_lat IS NULL, '', printf('%.4f', old.location_lat))
        AND lon = iif(old.location_lon IS NULL, '', printf('%.4f', old.location_lon))
        AND quad_class = old.quad_class;
        DELETE FROM event_summary_place WHERE n <= 0
        AND country = COALESCE(old.location_country, '')
        AND name = COALESCE(old.location_name, '')
        AND lat = iif(old.location_lat IS NULL, '', printf('%.4f', old.location_lat))
        AND lon = iif(old.location_lon IS NULL, '', printf('%.4f', old.location_lon))
        AND quad_class = old.quad_class;
        INSERT INTO event_summary_day (day, plover_type, quad_class, n) VALUES (
            iif(new.date_precision IN ('day', 'week', 'month'), COALESCE(new.date_start, ''), ''),
            new.plover_type,
            new.quad_class, 1
        ) ON CONFLICT (day, plover_type, quad_class) DO UPDATE SET n = n + 1;
        INSERT INTO event_summary_dyad (source, target, quad_class, n) VALUES (
            substr(new.source_countries, 1, instr(new.source_countries || ',', ',') - 1),
            substr(new.target_countries, 1, instr(new.target_countries || ',', ',') - 1),
            new.quad_class, 1
        ) ON CONFLICT (source, target, quad_class) DO UPDATE SET n = n + 1;
        INSERT INTO event_summary_place (country, name, lat, lon, quad_class, n) VALUES (
            COALESCE(new.location_country, ''),
            COALESCE(new.location_name, ''),
            iif(new.location_lat IS NULL, '', printf('%.4f', new.location_lat)),
            iif(new.location_lon IS NULL, '', printf('%.4f', new.location_lon)),
            new.quad_class, 1
        ) ON CONFLICT (country, name, lat, lon, quad_class) DO UPDATE SET n = n + 1;
    END;
