-- soc/soc2020_unit_groups.csv -> soc2020_groups (all four levels)
DELETE FROM soc2020_groups;
WITH h AS (SELECT f FROM ref_stage WHERE lineno = 1),
r AS (SELECT s.f[array_position(h.f, 'soc2020_unit_group')] AS unit,
             s.f[array_position(h.f, 'title')] AS unit_title,
             s.f[array_position(h.f, 'major_group')] AS major,
             s.f[array_position(h.f, 'major_title')] AS major_title,
             s.f[array_position(h.f, 'sub_major_group')] AS sub,
             s.f[array_position(h.f, 'sub_major_title')] AS sub_title,
             s.f[array_position(h.f, 'minor_group')] AS minor,
             s.f[array_position(h.f, 'minor_title')] AS minor_title
      FROM ref_stage s, h WHERE s.lineno > 1)
INSERT INTO soc2020_groups (code, level, title, parent)
SELECT DISTINCT ON (code) code, level, title, parent FROM (
    SELECT major AS code, 1 AS level, initcap(major_title) AS title, NULL AS parent FROM r
    UNION ALL SELECT sub, 2, initcap(sub_title), major FROM r
    UNION ALL SELECT minor, 3, minor_title, sub FROM r
    UNION ALL SELECT unit, 4, unit_title, minor FROM r
) x WHERE code <> '' ORDER BY code;
