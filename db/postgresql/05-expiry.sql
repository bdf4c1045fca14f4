-- OroOrleans: the index the expiry sweep (§2.7) deletes by: a service's rows of one state name, oldest write first.
-- Idempotent. Needs 03-persistence.sql. GrainIdExtensionString is in the index so that the visitor-list prefix
-- (LIKE 'visitor:%', text_pattern_ops) is checked without reading the row.
CREATE INDEX IF NOT EXISTS IX_OrleansStorage_Expiry
    ON OrleansStorage (ServiceId, GrainTypeString, ModifiedOn, GrainIdExtensionString text_pattern_ops);
