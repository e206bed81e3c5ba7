-- A configured start URL ($1 source, $2 url, $3 canonical, $4 host, $5 kind);
-- one already known keeps its schedule, a failed one is tried again.
INSERT INTO frontier (source, url, canonical_url, host, kind)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (source, canonical_url)
DO UPDATE SET state = 'queued', attempts = 0
WHERE frontier.state = 'failed';
