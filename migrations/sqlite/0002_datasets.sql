-- Datasets: what users decided about the automatic grouping, and what they documented.
-- The grouping itself is computed from the inventory on every load; dataset ids are
-- derived from the grouping key (folder and name pattern), so the rows below keep
-- applying after a re-scan. Portable SQL: $N placeholders, ISO 8601 text for times.

-- A user's edit of a dataset: a new name, a merge into another dataset, or a dataset
-- the user created by splitting files off (user_created = 1).
CREATE TABLE dataset_edit (
    dataset_id   TEXT    PRIMARY KEY,
    name         TEXT,
    merged_into  TEXT,
    user_created INTEGER NOT NULL DEFAULT 0,
    updated_at   TEXT    NOT NULL
);

-- Files a user moved into a dataset by hand; they stay there across re-scans while
-- the file keeps its path (file ids are stable per root and path).
CREATE TABLE dataset_file (
    file_id    INTEGER PRIMARY KEY REFERENCES file (id),
    dataset_id TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

-- What no scan can know: owner, origin, legal basis, consent scope, purpose, licence,
-- third-party rights, retention, access and a description, one row per documented key.
CREATE TABLE dataset_annotation (
    dataset_id TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (dataset_id, key)
);
