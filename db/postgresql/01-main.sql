-- OroOrleans: the query catalogue that Orleans' ADO.NET providers (10.4.2) read at start.
-- Written for this repository; the packages ship no SQL. Idempotent: safe to run again.
-- Apply first, then 02-clustering.sql, 03-persistence.sql, 04-reminders.sql, 05-revocation-facts.sql
-- (`dotnet run --project Silo -- migrate --connection "<connection string>"` does them all, in name order).
--
-- Unquoted identifiers fold to lower case in PostgreSQL; the providers' own
-- "SELECT QueryKey, QueryText FROM OrleansQuery" folds the same way, and Npgsql matches
-- column names case-insensitively.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);
