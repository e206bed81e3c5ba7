-- courses/discover_uni/{GOSECSAL,LEO3SEC,LEO5SEC}.csv -> course_earnings.
-- $1: measure (go, leo3, leo5); $2: column prefix (GOSEC, LEO3, LEO5);
-- $3: the subject column. UK figures only; "NA" and suppressed are NULL.
DELETE FROM course_earnings WHERE measure = $1;
WITH h AS (SELECT f FROM ref_stage WHERE lineno = 1),
r AS (SELECT s.f AS f, h.f AS hf FROM ref_stage s, h WHERE s.lineno > 1)
INSERT INTO course_earnings (subject, measure, mode, level, lq, median, uq, pop)
SELECT f[array_position(hf, $3)], $1, f[array_position(hf, 'KISMODE')], f[array_position(hf, 'KISLEVEL')],
       CASE WHEN f[array_position(hf, $2 || 'LQ_UK')] ~ '^[0-9]+$' THEN f[array_position(hf, $2 || 'LQ_UK')]::int END,
       CASE WHEN f[array_position(hf, $2 || 'MED_UK')] ~ '^[0-9]+$' THEN f[array_position(hf, $2 || 'MED_UK')]::int END,
       CASE WHEN f[array_position(hf, $2 || 'UQ_UK')] ~ '^[0-9]+$' THEN f[array_position(hf, $2 || 'UQ_UK')]::int END,
       CASE WHEN f[array_position(hf, $4)] ~ '^[0-9]+$' THEN f[array_position(hf, $4)]::int END
FROM r
ON CONFLICT DO NOTHING;
