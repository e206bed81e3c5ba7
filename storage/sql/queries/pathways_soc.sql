-- Courses and standards leading to a SOC ($1), official mappings first.
-- Graduate pay: Graduate Outcomes median, full-time first degree, UK,
-- for the most specific CAH level Discover Uni publishes.
SELECT m.kind, m.code, coalesce(st.title, h.label, ca.name) AS course, st.level,
       m.method, round(m.share::numeric, 3) AS share, m.confidence,
       (SELECT e.median FROM course_earnings e
        WHERE e.measure = 'go' AND e.mode = '01' AND e.level = '03'
          AND e.subject IN (m.code, h.cah3, left(h.cah3, 8), left(h.cah3, 5),
                            left(m.code, 8), left(m.code, 5))
        ORDER BY length(e.subject) DESC LIMIT 1) AS graduate_median_pay
FROM course_soc m
LEFT JOIN standards st ON m.kind = 'standard' AND st.lars_code = m.code
LEFT JOIN hecos h ON m.kind = 'subject' AND h.code = m.code
LEFT JOIN cah ca ON m.kind = 'subject' AND ca.code = m.code
WHERE m.soc2020 = $1
ORDER BY m.method DESC, m.share DESC NULLS LAST, m.confidence DESC NULLS LAST, m.kind, m.code;
