-- Whether the last scan of a root profiled every file it saw (1), or may have left
-- files without a profile (0: an inventory-only or cancelled scan, a folder that could
-- not be read, or a project from before this column). After a complete scan, a
-- re-scan that finds no new or changed file has nothing to profile and need not look
-- for files without a profile, a search through the whole file table.
ALTER TABLE root ADD COLUMN profiles_complete INTEGER NOT NULL DEFAULT 0;
