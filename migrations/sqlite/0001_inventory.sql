-- The inventory: scans, scanned roots and every file seen.
-- Portable SQL (PostgreSQL twin in migrations/postgres): $N placeholders in queries,
-- ISO 8601 text for timestamps, integers for flags.

CREATE TABLE project_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE scan (
    id              INTEGER PRIMARY KEY,
    started_at      TEXT    NOT NULL,
    finished_at     TEXT,
    status          TEXT    NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed')),
    options         TEXT    NOT NULL,
    files_seen      INTEGER NOT NULL DEFAULT 0,
    files_new       INTEGER NOT NULL DEFAULT 0,
    files_changed   INTEGER NOT NULL DEFAULT 0,
    files_unchanged INTEGER NOT NULL DEFAULT 0,
    files_removed   INTEGER NOT NULL DEFAULT 0,
    files_opened    INTEGER NOT NULL DEFAULT 0,
    bytes_seen      INTEGER NOT NULL DEFAULT 0,
    errors          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE root (
    id                  INTEGER PRIMARY KEY,
    path                TEXT    NOT NULL,
    path_raw            BLOB    NOT NULL UNIQUE,
    first_scan_id       INTEGER NOT NULL REFERENCES scan (id),
    last_scan_id        INTEGER NOT NULL REFERENCES scan (id),
    -- compact copy of the inventory state of this root (derived; see scan/snapshot.rs)
    snapshot            BLOB
);

CREATE TABLE file (
    id                  INTEGER PRIMARY KEY,
    root_id             INTEGER NOT NULL REFERENCES root (id),
    rel_path            TEXT    NOT NULL,
    -- exact bytes of the path when they are not valid UTF-8 (else NULL)
    rel_path_raw        BLOB,
    size                INTEGER NOT NULL,
    mtime_ns            INTEGER,
    file_id             INTEGER,
    format              TEXT    NOT NULL,
    format_detail       TEXT,
    extension           TEXT,
    extension_mismatch  INTEGER NOT NULL DEFAULT 0,
    encoding            TEXT,
    delimiter           TEXT,
    readable            INTEGER NOT NULL,
    error_code          TEXT,
    error_detail        TEXT,
    retry               INTEGER NOT NULL DEFAULT 0,
    hash                BLOB,
    duplicate_of        INTEGER REFERENCES file (id),
    profile             TEXT,
    personal_data       INTEGER NOT NULL DEFAULT 0,
    special_category    INTEGER NOT NULL DEFAULT 0,
    code_systems        TEXT,
    first_seen_scan_id  INTEGER NOT NULL REFERENCES scan (id),
    changed_scan_id     INTEGER NOT NULL REFERENCES scan (id),
    removed_scan_id     INTEGER REFERENCES scan (id)
);
-- (root_id, path) is unique by construction: a scan matches every entry with its
-- earlier state before it writes. No index is kept for it, so inserting a large
-- inventory stays fast.

-- What happened to a file in a scan besides its first appearance (which is
-- file.first_seen_scan_id): 'changed', 'removed' or 'reappeared'.
CREATE TABLE file_event (
    scan_id INTEGER NOT NULL REFERENCES scan (id),
    file_id INTEGER NOT NULL REFERENCES file (id),
    kind    TEXT    NOT NULL CHECK (kind IN ('changed', 'removed', 'reappeared')),
    PRIMARY KEY (scan_id, file_id)
);
