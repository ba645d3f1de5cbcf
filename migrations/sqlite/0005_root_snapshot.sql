-- The inventory snapshot of a root (scan/snapshot.rs: about 50 bytes per file, 10 MB for
-- 200,000 files) moves out of the root row into a table of its own. As the last column
-- of `root` it made every scan pay for it several times: SQLite rewrites a whole row on
-- UPDATE, so setting `last_scan_id` or `profiles_complete` copied the snapshot's
-- overflow pages (and journaled the old ones), and reading `profiles_complete`, which
-- comes after it, walked the whole overflow chain. Now only a scan that changed
-- something writes the snapshot, and only the scan that needs it reads it.
CREATE TABLE root_snapshot (
    root_id  INTEGER PRIMARY KEY REFERENCES root (id),
    snapshot BLOB    NOT NULL
);
INSERT INTO root_snapshot (root_id, snapshot)
    SELECT id, snapshot FROM root WHERE snapshot IS NOT NULL;
ALTER TABLE root DROP COLUMN snapshot;
