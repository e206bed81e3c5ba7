-- How many URLs a run ($1: its start) still has to fetch.
SELECT count(*) FROM frontier
WHERE state = 'queued' AND next_fetch <= now()
  AND (fetched_at IS NULL OR fetched_at < $1::timestamptz);
