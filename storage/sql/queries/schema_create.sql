-- Create the schema named by session_schema.sql when missing.
DO $$ BEGIN
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', current_setting('vh.schema'));
END $$;
