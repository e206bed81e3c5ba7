-- Two migrators never interleave; $1: the migration about to run.
SELECT pg_advisory_xact_lock(7300), EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1);
