-- Load a staged official course -> SOC table ($1: kind, $2: origin, the
-- file it came from), after map_clear.sql. The rows
-- map_check.sql refused are left out.
WITH h AS (SELECT f FROM ref_stage WHERE lineno = 1),
r AS (SELECT s.f[array_position(h.f, 'code')] AS code, s.f[array_position(h.f, 'soc')] AS soc,
             s.f[array_position(h.f, 'share')] AS share
      FROM ref_stage s, h WHERE s.lineno > 1),
ok AS (SELECT * FROM r
       WHERE code <> '' AND soc ~ '^[0-9]{4}$' AND share ~ '^(0|1|0?\.[0-9]+|1\.0*)$'
         AND (($1 = 'subject' AND (EXISTS (SELECT 1 FROM hecos WHERE hecos.code = r.code)
                                   OR EXISTS (SELECT 1 FROM cah WHERE cah.code = r.code)))
              OR ($1 = 'standard' AND EXISTS (SELECT 1 FROM standards WHERE lars_code = r.code))))
INSERT INTO course_soc (kind, code, soc2020, method, origin, share)
SELECT $1, code, soc, 'official', $2, share::float8 FROM ok
ON CONFLICT (kind, code, soc2020, method, origin) DO UPDATE SET share = EXCLUDED.share;
