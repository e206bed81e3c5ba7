-- Drop the schema named by session_schema.sql and all it holds (tests,
-- benchmarks); schema_create.sql makes it again.
DO $$ BEGIN
    EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', current_setting('vh.schema'));
END $$;
