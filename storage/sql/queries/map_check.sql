-- Rows of a staged official course -> SOC table that cannot be loaded,
-- with the reason ($1: kind, subject or standard).
WITH h AS (SELECT f FROM ref_stage WHERE lineno = 1),
r AS (SELECT s.lineno, s.f[array_position(h.f, 'code')] AS code,
             s.f[array_position(h.f, 'soc')] AS soc, s.f[array_position(h.f, 'share')] AS share
      FROM ref_stage s, h WHERE s.lineno > 1)
SELECT lineno, CASE
    WHEN (SELECT array_position(f, 'code') IS NULL OR array_position(f, 'soc') IS NULL
                 OR array_position(f, 'share') IS NULL FROM h)
        THEN 'header must name the columns code, soc, share'
    WHEN coalesce(code, '') = '' THEN 'code is empty'
    WHEN coalesce(soc, '') !~ '^[0-9]{4}$' THEN format('soc %L is not a 4-digit SOC 2020 code', soc)
    WHEN coalesce(share, '') !~ '^(0|1|0?\.[0-9]+|1\.0*)$' THEN format('share %L is not a number from 0 to 1', share)
    WHEN $1 = 'subject' AND NOT EXISTS (SELECT 1 FROM hecos WHERE hecos.code = r.code)
                        AND NOT EXISTS (SELECT 1 FROM cah WHERE cah.code = r.code)
        THEN format('subject %L is neither a HECoS nor a CAH code', code)
    WHEN $1 = 'standard' AND NOT EXISTS (SELECT 1 FROM standards WHERE lars_code = r.code)
        THEN format('standard %L is not a known LARS code', code)
    END AS reason
FROM r ORDER BY lineno;
