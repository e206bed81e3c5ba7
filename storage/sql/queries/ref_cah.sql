-- courses/hecos_cah/cah_hierarchy_v1.3.4.csv -> cah
DELETE FROM cah;
WITH h AS (SELECT f FROM ref_stage WHERE lineno = 1)
INSERT INTO cah (code, level, name, parent)
SELECT s.f[array_position(h.f, 'cah_code')],
       substr(s.f[array_position(h.f, 'level')], 2)::int,
       s.f[array_position(h.f, 'cah_name')],
       coalesce(nullif(s.f[array_position(h.f, 'cah2_code')], ''),
                nullif(s.f[array_position(h.f, 'cah1_code')], ''))
FROM ref_stage s, h WHERE s.lineno > 1
ON CONFLICT (code) DO NOTHING;
