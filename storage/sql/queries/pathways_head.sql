-- vacancyctl pathways --standard / --subject: the course itself.
-- $1: standard or subject; $2: LARS code, HECoS code or CAH code.
SELECT st.lars_code AS code, st.title AS course, st.level::text AS level, st.route AS detail,
       NULL::int AS graduate_median_pay, NULL::int AS leo5_median_pay
FROM standards st WHERE $1 = 'standard' AND st.lars_code = $2
UNION ALL
SELECT s.code, s.name, s.level, s.cah,
       (SELECT e.median FROM course_earnings e WHERE e.measure = 'go' AND e.mode = '01'
           AND e.level = '03' AND e.subject IN (s.cah, left(s.cah, 8), left(s.cah, 5))
        ORDER BY length(e.subject) DESC LIMIT 1),
       (SELECT e.median FROM course_earnings e WHERE e.measure = 'leo5' AND e.mode = '01'
           AND e.level = '03' AND e.subject IN (s.cah, left(s.cah, 8), left(s.cah, 5))
        ORDER BY length(e.subject) DESC LIMIT 1)
FROM (SELECT h.code, h.label AS name, 'HECoS' AS level, h.cah3 AS cah FROM hecos h WHERE h.code = $2
      UNION ALL
      SELECT c.code, c.name, 'CAH' || c.level, c.code FROM cah c WHERE c.code = $2) s
WHERE $1 = 'subject';
