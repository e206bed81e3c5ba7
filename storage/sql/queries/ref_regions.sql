-- geography/drkane_geo_lookups/{ctry,rgn}_all_codes.csv -> geo_region.
-- vh.ref1 names the code column (CTRYCD or RGNCD); the name column follows suit.
WITH h AS (SELECT f FROM ref_stage WHERE lineno = 1)
INSERT INTO geo_region (code, name)
SELECT s.f[array_position(h.f, current_setting('vh.ref1'))], s.f[array_position(h.f, replace(current_setting('vh.ref1'), 'CD', 'NM'))]
FROM ref_stage s, h WHERE s.lineno > 1
ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name;
