-- Take up to $1 due URLs, oldest first; with $2 (a run's start) only those
-- not fetched since then, so a run fetches each URL once.
UPDATE frontier f SET state = 'claimed'
FROM (SELECT id FROM frontier
      WHERE state = 'queued' AND next_fetch <= now()
        AND (fetched_at IS NULL OR fetched_at < $2::timestamptz)
      ORDER BY next_fetch, id
      LIMIT $1::int
      FOR UPDATE SKIP LOCKED) due
WHERE f.id = due.id
RETURNING f.id, f.source, f.url, f.host, f.kind, f.etag, f.last_modified, f.attempts, f.advert_key;
