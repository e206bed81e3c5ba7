-- Adverts parent $1 named before but not in its fetch that began at $2:
-- gone from the feed. Returns what storage needs to close them.
UPDATE frontier SET state = 'gone', last_error = 'dropped from feed'
WHERE parent_id = $1::bigint AND kind = 'advert' AND state <> 'gone'
  AND listed_at < $2::timestamptz
RETURNING source, advert_key;
