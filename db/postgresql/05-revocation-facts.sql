-- OroOrleans: the revocation ledger's facts, one row per fact (docs/revocation.md). Idempotent: safe to run
-- again; applied after 01–04 by `dotnet run --project Silo -- migrate --connection "<connection string>"`.
--
-- shard: the ledger shard (0-15) that owns the key; kind: RevocationKind as a number; fact_key: family id, user id,
-- client identifier, jti or kid; threshold: tokens below it are rejected; keep_until: .NET UTC ticks after
-- which every token the fact covers has expired and the row can go.

CREATE TABLE IF NOT EXISTS revocation_facts
(
    shard      integer NOT NULL,
    kind       integer NOT NULL,
    fact_key   text    NOT NULL,
    threshold  bigint  NOT NULL,
    keep_until bigint  NOT NULL,

    CONSTRAINT pk_revocation_facts PRIMARY KEY (shard, kind, fact_key)
);

-- The sweep: DELETE … WHERE shard = $1 AND keep_until <= $2
CREATE INDEX IF NOT EXISTS ix_revocation_facts_expiry ON revocation_facts (shard, keep_until);
