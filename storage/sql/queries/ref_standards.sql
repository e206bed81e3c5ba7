-- courses/ifate_standards_2021snapshot/ifate_standards_core_fields.csv
-- -> standards. The list columns hold JSON arrays; a malformed one is
-- kept as NULL rather than failing the load.
CREATE OR REPLACE FUNCTION pg_temp.json_or_null(t text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN nullif(t, '')::jsonb;
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;
DELETE FROM standards;
WITH h AS (SELECT f FROM ref_stage WHERE lineno = 1)
INSERT INTO standards (lars_code, title, level, route, keywords, typical_job_titles,
                       job_roles, overview, url)
SELECT s.f[array_position(h.f, 'larsCode')], s.f[array_position(h.f, 'title')],
       nullif(s.f[array_position(h.f, 'level')], '')::int, s.f[array_position(h.f, 'route')],
       pg_temp.json_or_null(s.f[array_position(h.f, 'keywords')]),
       pg_temp.json_or_null(s.f[array_position(h.f, 'typicalJobTitles')]),
       pg_temp.json_or_null(s.f[array_position(h.f, 'jobRoles')]),
       s.f[array_position(h.f, 'overviewOfRole')], s.f[array_position(h.f, 'standardPageUrl')]
FROM ref_stage s, h WHERE s.lineno > 1 AND s.f[array_position(h.f, 'larsCode')] <> ''
ON CONFLICT (lars_code) DO NOTHING;
