-- geography/drkane_geo_lookups/la_all_codes.csv -> geo_lad (every LAD
-- since 2011 with the one it is today; region, or nation outside England)
DELETE FROM geo_lad;
WITH h AS (SELECT f FROM ref_stage WHERE lineno = 1)
INSERT INTO geo_lad (code, name, current, region_code)
SELECT s.f[array_position(h.f, 'LADCD')], s.f[array_position(h.f, 'LADNM')],
       s.f[array_position(h.f, 'LADCD_ACTIVE')],
       coalesce(nullif(s.f[array_position(h.f, 'RGNCD')], ''), s.f[array_position(h.f, 'CTRYCD')])
FROM ref_stage s, h WHERE s.lineno > 1 AND s.f[array_position(h.f, 'LADCD')] <> ''
ON CONFLICT (code) DO NOTHING;
