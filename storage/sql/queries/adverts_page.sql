-- Adverts to recode, a page at a time by id. $1: first seen since
-- (timestamptz); $2: after this id; $3: page size.
SELECT a.id, src.name, a.advert_key, v.title, v.industry, v.description, c.soc2020
FROM adverts a
JOIN sources src ON src.id = a.source_id
JOIN vacancies v ON v.advert_id = a.id AND v.version = a.version AND v.first_seen = a.first_seen
LEFT JOIN vacancy_codes c ON c.advert_id = a.id AND c.is_current
WHERE a.first_seen >= $1::timestamptz AND a.id > $2::bigint
ORDER BY a.id LIMIT $3::int;
