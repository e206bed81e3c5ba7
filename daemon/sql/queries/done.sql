-- A fetch ended: $1 id, $2 state, $3 seconds to the next fetch, $4 status,
-- $5 error (NULL: success), $6 etag, $7 last-modified, $8 advert key,
-- $9 attempts.
UPDATE frontier SET state = $2::text,
    next_fetch = now() + make_interval(secs => $3::double precision),
    last_status = $4::int, last_error = $5::text, fetched_at = now(),
    last_success = CASE WHEN $5::text IS NULL THEN now() ELSE last_success END,
    etag = COALESCE($6::text, etag), last_modified = COALESCE($7::text, last_modified),
    advert_key = COALESCE($8::text, advert_key), attempts = $9::int
WHERE id = $1::bigint;
