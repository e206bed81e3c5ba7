-- Occupations a standard or subject leads to, with live counts and pay.
-- $1: standard or subject; $2: its code. A HECoS subject also takes the
-- mappings of its CAH groups (official tables are often by CAH).
SELECT m.soc2020 AS soc, g.title, m.method, round(m.share::numeric, 3) AS share, m.confidence,
       soc_live_now(m.soc2020) AS live_now, round(soc_live_pay(m.soc2020)::numeric) AS median_pay,
       m.code AS via
FROM course_soc m
LEFT JOIN soc2020_groups g ON g.code = m.soc2020
WHERE m.kind = $1
  AND (m.code = $2
       OR ($1 = 'subject' AND m.code IN (SELECT x FROM hecos h,
              LATERAL (VALUES (h.cah3), (left(h.cah3, 8)), (left(h.cah3, 5))) v(x) WHERE h.code = $2)))
ORDER BY m.method DESC, m.share DESC NULLS LAST, m.confidence DESC NULLS LAST, m.soc2020;
