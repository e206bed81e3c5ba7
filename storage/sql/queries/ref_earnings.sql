-- courses/discover_uni/{GOSECSAL,LEO3SEC,LEO5SEC}.csv -> course_earnings.
-- vh.ref1: measure (go, leo3, leo5); vh.ref2: column prefix (GOSEC, LEO3,
-- LEO5); vh.ref3: the subject column; vh.ref4: the population column.
-- UK figures only; "NA" and suppressed cells become NULL.
DELETE FROM course_earnings WHERE measure = current_setting('vh.ref1');
WITH h AS (SELECT f FROM ref_stage WHERE lineno = 1),
c AS (SELECT array_position(h.f, current_setting('vh.ref3')) AS subject,
             array_position(h.f, 'KISMODE') AS mode, array_position(h.f, 'KISLEVEL') AS level,
             array_position(h.f, current_setting('vh.ref2') || 'LQ_UK') AS lq,
             array_position(h.f, current_setting('vh.ref2') || 'MED_UK') AS med,
             array_position(h.f, current_setting('vh.ref2') || 'UQ_UK') AS uq,
             array_position(h.f, current_setting('vh.ref4')) AS pop
      FROM h),
r AS (SELECT s.f[c.subject] AS subject, s.f[c.mode] AS mode, s.f[c.level] AS level,
             s.f[c.lq] AS lq, s.f[c.med] AS med, s.f[c.uq] AS uq, s.f[c.pop] AS pop
      FROM ref_stage s, c WHERE s.lineno > 1)
INSERT INTO course_earnings (subject, measure, mode, level, lq, median, uq, pop)
SELECT subject, current_setting('vh.ref1'), mode, level,
       CASE WHEN lq ~ '^[0-9]+$' THEN lq::int END, CASE WHEN med ~ '^[0-9]+$' THEN med::int END,
       CASE WHEN uq ~ '^[0-9]+$' THEN uq::int END, CASE WHEN pop ~ '^[0-9]+$' THEN pop::int END
FROM r
ON CONFLICT DO NOTHING;
