-- Staging for one reference file: its CSV records as text arrays, the
-- header in lineno 1. The transforms read columns by header name.
CREATE TEMP TABLE IF NOT EXISTS ref_stage (lineno int NOT NULL, f text[] NOT NULL);
TRUNCATE ref_stage;
