-- When a stored advert was last seen, in Unix seconds: $1 source name,
-- $2 advert key. No row: no such advert.
SELECT extract(epoch FROM a.last_seen)::bigint
FROM adverts a JOIN sources src ON src.id = a.source_id
WHERE src.name = $1 AND a.advert_key = $2;
