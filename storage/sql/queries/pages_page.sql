-- Kept raw pages to re-parse, a page at a time by id: only the latest
-- fetch of each URL. $1: fetched since; $2: after this id; $3: page size.
SELECT p.id, src.name, p.url, p.canonical_url, p.status, p.etag, p.last_modified,
       extract(epoch FROM p.fetched_at)::bigint, p.raw_z, p.raw_len
FROM pages p JOIN sources src ON src.id = p.source_id
WHERE p.raw_z IS NOT NULL AND p.fetched_at >= $1::timestamptz AND p.id > $2::bigint
  AND NOT EXISTS (SELECT 1 FROM pages q
                  WHERE coalesce(q.canonical_url, q.url) = coalesce(p.canonical_url, p.url)
                    AND q.raw_z IS NOT NULL AND q.fetched_at > p.fetched_at)
ORDER BY p.id LIMIT $3::int;
