-- soc/soc2010_unit_groups.csv -> soc2010_groups
DELETE FROM soc2010_groups;
WITH h AS (SELECT f FROM ref_stage WHERE lineno = 1)
INSERT INTO soc2010_groups (code, title)
SELECT s.f[array_position(h.f, 'soc2010_unit_group')], s.f[array_position(h.f, 'title')]
FROM ref_stage s, h WHERE s.lineno > 1
ON CONFLICT (code) DO NOTHING;
