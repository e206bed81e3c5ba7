-- Tests: start from nothing in the schema named by test_schema_name.sql.
SET client_min_messages = warning;
DO $$ BEGIN
    EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', current_setting('vh.schema'));
END $$;
