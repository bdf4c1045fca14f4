-- OroOrleans: SQLite schema for Orleans' ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet 10.4.2).
--
-- Written for this repository from the provider's contract; the package ships no SQL.
-- Safe to run any number of times: tables and indexes are created only when missing and every
-- query row is upserted, so re-running the script also upgrades the query texts.
--
-- The contract (AdoNetGrainStorage, 10.4.2):
--   * at start it reads OrleansQuery rows 'WriteToStorageKey', 'ReadFromStorageKey',
--     'ClearStorageKey' and, optionally, 'DeleteStorageKey' (used only with DeleteStateOnClear=true);
--   * every query gets @GrainIdHash (int), @GrainIdN0 and @GrainIdN1 (bigint), @GrainTypeHash (int),
--     @GrainTypeString (the state name), @GrainIdExtensionString (NULL when the key has none) and
--     @ServiceId; write, clear and delete also get @GrainStateVersion (NULL before the first write),
--     write gets @PayloadBinary;
--   * read returns columns PayloadBinary and Version (no row: no state yet);
--   * write, clear and delete return exactly one row whose first column (NewGrainStateVersion) is the
--     new version on success. On a lost race they must return the version the caller sent (or NULL
--     when it sent NULL): the provider turns "same as mine" or NULL into InconsistentStateException.
--
-- Design notes:
--   * A missing key extension is stored as '' so that one ordinary UNIQUE constraint identifies a
--     state row (SQLite treats NULLs as distinct in UNIQUE). Orleans never produces both a NULL and an
--     empty extension for one grain id.
--   * The write is one INSERT .. ON CONFLICT DO UPDATE statement, so it is atomic on its own; the
--     follow-up SELECT runs on the same connection and only reads changes() of that statement.
--   * Busy waiting is configured by the connection string (Default Timeout), not here.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    ServiceId              TEXT    NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT    NOT NULL DEFAULT '',
    PayloadBinary          BLOB    NULL,
    Version                INTEGER NOT NULL,
    ModifiedOn             TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CONSTRAINT UX_OrleansStorage_Grain UNIQUE
        (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString = ifnull(@GrainIdExtensionString, '''');
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- First write (@GrainStateVersion NULL) inserts version 1; a later write bumps the version only when
-- the stored one is the caller's. A stale first write meets the unique constraint and changes nothing;
-- a write with a version for a row that no longer exists inserts nothing (the guard below).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
INSERT INTO OrleansStorage
    (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString,
     PayloadBinary, Version)
SELECT @GrainIdHash, @GrainTypeHash, @ServiceId, @GrainIdN0, @GrainIdN1, @GrainTypeString,
       ifnull(@GrainIdExtensionString, ''''), @PayloadBinary, 1
WHERE @GrainStateVersion IS NULL OR EXISTS (
    SELECT 1 FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString = ifnull(@GrainIdExtensionString, ''''))
ON CONFLICT (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString)
DO UPDATE SET
    PayloadBinary = excluded.PayloadBinary,
    Version = OrleansStorage.Version + 1,
    ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE OrleansStorage.Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;

SELECT @GrainStateVersion AS NewGrainStateVersion WHERE changes() = 0;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Clearing keeps the row (payload NULL) so the version keeps counting up across clear/write cycles.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = NULL,
    Version = Version + 1,
    ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString = ifnull(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;

SELECT @GrainStateVersion AS NewGrainStateVersion WHERE changes() = 0;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Only used when a storage is configured with DeleteStateOnClear = true.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString = ifnull(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion
RETURNING Version + 1 AS NewGrainStateVersion;

SELECT @GrainStateVersion AS NewGrainStateVersion WHERE changes() = 0;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- The expiry sweep (§2.7) deletes a service's rows of one state name by their last write, oldest first.
CREATE INDEX IF NOT EXISTS IX_OrleansStorage_Expiry
    ON OrleansStorage (ServiceId, GrainTypeString, ModifiedOn);
