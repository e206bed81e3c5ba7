-- A URL named by a feed, sitemap or listing ($6 the parent's id). A known
-- one is marked as still listed (and reopened if it had gone).
INSERT INTO frontier (source, url, canonical_url, host, kind, parent_id, listed_at)
VALUES ($1, $2, $3, $4, $5, $6::bigint, now())
ON CONFLICT (source, canonical_url)
DO UPDATE SET listed_at = now(), parent_id = EXCLUDED.parent_id,
              state = CASE WHEN frontier.state = 'gone' THEN 'queued' ELSE frontier.state END,
              next_fetch = CASE WHEN frontier.state = 'gone' THEN now() ELSE frontier.next_fetch END;
