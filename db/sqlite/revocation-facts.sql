-- OroOrleans: the revocation ledger's facts, one row per fact (docs/revocation.md). Idempotent.
--
-- shard: the ledger shard (0-15) that owns the key; kind: RevocationKind as a number; fact_key: family id, user id,
-- client identifier, jti or kid; threshold: tokens below it are rejected; keep_until: .NET UTC ticks after
-- which every token the fact covers has expired and the row can go.
-- WITHOUT ROWID: the table is its primary key's B-tree, so a shard's rows lie together for the start-up read.

CREATE TABLE IF NOT EXISTS revocation_facts
(
    shard      INTEGER NOT NULL,
    kind       INTEGER NOT NULL,
    fact_key   TEXT    NOT NULL,
    threshold  INTEGER NOT NULL,
    keep_until INTEGER NOT NULL,
    PRIMARY KEY (shard, kind, fact_key)
) WITHOUT ROWID;

-- The sweep: DELETE … WHERE shard = ? AND keep_until <= ?
CREATE INDEX IF NOT EXISTS revocation_facts_expiry ON revocation_facts (shard, keep_until);
