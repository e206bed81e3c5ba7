-- Counts of clusters (a job advertised on several boards counts once) from
-- the rollups, never from the vacancies themselves.
--  $1 since, $2 until (dates, inclusive); $3 per: all, day, week, month
--  $4..$11 break down by: soc1, soc2, soc3, soc4, lad, region, itl, source
--  $12 SOC prefix filter (digits) or NULL: each filter also states it as
--      the range [$12, $12 || '~'), which an index scan checks in the index
--      (a LIKE is checked on each row fetched); codes are digits, below '~'
--      $13 area filter (LAD, ITL or region) or NULL
--  $14 true: read the region rollups (nothing asked by LAD or ITL), which
--      are much smaller; branches whose guard is false are never executed
--  $15 true: whole periods $16..$17 are read from the coarser rollup $21:
--      'month' counts_monthly_region, 'week' counts_weekly_region
--  $18 true: live is wanted
--  $19 level of the region rollups to read: SOC 4, 2 or 0 (0005_live_deltas),
--      + 10 when summed over sources (0006_region_weeks_all_sources)
--  $20 true: new or closed is wanted (else their days are not read)
--  $22..$23, $24..$25: with months, the whole weeks of the partial months at
--      either end, read from counts_weekly_region (empty when $22 > $23)
--  $26 true: live is wanted for more than one period, as a running sum
-- new: first seen in the period; live: live on the period's last day;
-- closed: stopped being live in the period. Live on day e comes from the
-- nearest listed weekly snapshot (0005_live_deltas.sql): the one of Monday
-- w <= e + 1 plus new - closed of the days w..e, or the one of Monday
-- w > e + 1 minus new - closed of the days e + 1..w - 1, whichever needs
-- fewer days (at most three). For a series of periods ($26) that would read
-- a snapshot and its days again for each period; instead live is a running
-- sum: the snapshot of the anchor Monday, the latest listed one <= $1, plus
-- new - closed of the days from it to $1 - 1, all standing on $1, then each
-- period's new - closed (read once, with new and closed), summed over the
-- periods up to it by the caller (storage/series.c), which also carries it
-- through periods without a row.
-- Each period's last day, for live: the periods' ends of the range.
WITH ends0 AS (
    SELECT DISTINCT least($2::date, CASE $3
               WHEN 'day' THEN g::date
               WHEN 'week' THEN date_trunc('week', g)::date + 6
               WHEN 'month' THEN (date_trunc('month', g) + interval '1 month')::date - 1
               ELSE $2::date END) AS e
    FROM generate_series($1::date, $2::date, interval '1 day') g
    WHERE $18::bool AND NOT $26::bool
),
ends AS (
    SELECT x.e, CASE WHEN c.after THEN a.w ELSE b.w END AS w,
           CASE WHEN c.after THEN x.e + 1 ELSE coalesce(b.w, '-infinity') END AS lo,
           CASE WHEN c.after THEN a.w - 1 ELSE x.e END AS hi,
           CASE WHEN c.after THEN -1 ELSE 1 END AS sgn
    FROM ends0 x,
    LATERAL (SELECT max(week) AS w FROM counts_live_weeks WHERE week <= x.e + 1) b,
    LATERAL (SELECT min(week) AS w FROM counts_live_weeks WHERE week > x.e + 1) a,
    LATERAL (SELECT a.w IS NOT NULL AND (b.w IS NULL OR a.w - (x.e + 1) < (x.e + 1) - b.w)
                    AS after) c
),
anchor AS (
    SELECT coalesce(max(week), '-infinity') AS w FROM counts_live_weeks
    WHERE $26::bool AND week <= $1::date
),
r AS (
    SELECT day, soc4, lad, itl, region, source_id, new_n, 0 AS live_n, closed_n
    FROM counts_daily
    WHERE ($20::bool OR $26::bool) AND NOT $14::bool AND day BETWEEN $1::date AND $2::date
    UNION ALL
    SELECT day, soc4, '', '', region, source_id, new_n, 0, closed_n
    FROM counts_daily_region
    WHERE ($20::bool OR $26::bool) AND $14::bool AND lvl = $19::int AND NOT $15::bool
      AND day BETWEEN $1::date AND $2::date
    UNION ALL
    SELECT day, soc4, '', '', region, source_id, new_n, 0, closed_n
    FROM counts_daily_region
    WHERE ($20::bool OR $26::bool) AND $15::bool AND lvl = $19::int AND day BETWEEN $1::date AND $16::date - 1
      AND day NOT BETWEEN $22::date AND $23::date
    UNION ALL
    SELECT day, soc4, '', '', region, source_id, new_n, 0, closed_n
    FROM counts_daily_region
    WHERE ($20::bool OR $26::bool) AND $15::bool AND lvl = $19::int AND day BETWEEN $17::date + 1 AND $2::date
      AND day NOT BETWEEN $24::date AND $25::date
    UNION ALL
    -- a month's or a week's row stands on its first day
    SELECT month, soc4, '', '', region, source_id, new_n, 0, closed_n
    FROM counts_monthly_region
    WHERE ($20::bool OR $26::bool) AND $15::bool AND $21::text = 'month' AND lvl = $19::int
      AND month BETWEEN $16::date AND $17::date
    UNION ALL
    SELECT week, soc4, '', '', region, source_id, new_n, 0, closed_n
    FROM counts_weekly_region
    WHERE ($20::bool OR $26::bool) AND $15::bool AND $21::text = 'week' AND lvl = $19::int
      AND week BETWEEN $16::date AND $17::date
    UNION ALL
    -- (the partial months' whole weeks)
    SELECT week, soc4, '', '', region, source_id, new_n, 0, closed_n
    FROM counts_weekly_region
    WHERE ($20::bool OR $26::bool) AND $15::bool AND $21::text = 'month' AND lvl = $19::int
      AND (week BETWEEN $22::date AND $23::date OR week BETWEEN $24::date AND $25::date)
    UNION ALL
    -- live rows stand on the period's last day, e; the filters of d are
    -- repeated in each live branch so a snapshot read once per period is
    -- cut down before it is joined to the periods
    SELECT e.e, b.soc4, b.lad, b.itl, b.region, b.source_id, 0, b.live_n, 0
    FROM ends e JOIN counts_live_base b ON b.week = e.w
    WHERE NOT $14::bool AND b.week = ANY (ARRAY(SELECT w FROM ends)) -- by index
      AND ($12::text IS NULL OR (b.soc4 >= $12 AND b.soc4 < $12 || '~' AND b.soc4 LIKE $12 || '%'))
      AND ($13::text IS NULL OR $13 IN (b.lad, b.itl, b.region))
    UNION ALL
    -- (OFFSET 0 keeps each end's days an index range scan, not a join
    -- filter; it also stops the filters of d reaching in, so they are here)
    SELECT e.e, c.soc4, c.lad, c.itl, c.region, c.source_id, 0, e.sgn * (c.new_n - c.closed_n), 0
    FROM ends e, LATERAL (SELECT * FROM counts_daily c
                          WHERE NOT $14::bool AND c.day BETWEEN e.lo AND e.hi
                            AND ($12::text IS NULL OR (c.soc4 >= $12 AND c.soc4 < $12 || '~' AND c.soc4 LIKE $12 || '%'))
                            AND ($13::text IS NULL OR $13 IN (c.lad, c.itl, c.region))
                          OFFSET 0) c
    UNION ALL
    SELECT e.e, b.soc4, '', '', b.region, b.source_id, 0, b.live_n, 0
    FROM ends e JOIN counts_live_base_region b ON b.week = e.w
    WHERE $14::bool AND b.lvl = $19::int AND b.week = ANY (ARRAY(SELECT w FROM ends))
      AND ($12::text IS NULL OR (b.soc4 >= $12 AND b.soc4 < $12 || '~' AND b.soc4 LIKE $12 || '%'))
      AND ($13::text IS NULL OR $13 = b.region)
    UNION ALL
    SELECT e.e, c.soc4, '', '', c.region, c.source_id, 0, e.sgn * (c.new_n - c.closed_n), 0
    FROM ends e, LATERAL (SELECT * FROM counts_daily_region c WHERE $14::bool
                          AND c.lvl = $19::int AND c.day BETWEEN e.lo AND e.hi
                          AND ($12::text IS NULL OR (c.soc4 >= $12 AND c.soc4 < $12 || '~' AND c.soc4 LIKE $12 || '%'))
                          AND ($13::text IS NULL OR $13 = c.region)
                          OFFSET 0) c
    UNION ALL
    -- the running sum's start, standing on $1: the anchor's snapshot and
    -- the days from it to $1 - 1
    SELECT $1::date, b.soc4, b.lad, b.itl, b.region, b.source_id, 0, b.live_n, 0
    FROM counts_live_base b
    WHERE $26::bool AND NOT $14::bool AND b.week = (SELECT w FROM anchor)
    UNION ALL
    SELECT $1::date, c.soc4, c.lad, c.itl, c.region, c.source_id, 0, c.new_n - c.closed_n, 0
    FROM counts_daily c
    WHERE $26::bool AND NOT $14::bool AND c.day >= (SELECT w FROM anchor) AND c.day < $1::date
    UNION ALL
    SELECT $1::date, b.soc4, '', '', b.region, b.source_id, 0, b.live_n, 0
    FROM counts_live_base_region b
    WHERE $26::bool AND $14::bool AND b.lvl = $19::int AND b.week = (SELECT w FROM anchor)
    UNION ALL
    SELECT $1::date, c.soc4, '', '', c.region, c.source_id, 0, c.new_n - c.closed_n, 0
    FROM counts_daily_region c
    WHERE $26::bool AND $14::bool AND c.lvl = $19::int AND c.day >= (SELECT w FROM anchor)
      AND c.day < $1::date
),
-- A row's period, computed on the date without a time zone (cheaper per
-- row); its last day is computed once per group, below. In a running sum
-- ($26) a day's new - closed is also its change in live.
d AS (
    SELECT c.day, c.soc4, c.lad, c.itl, c.region, c.source_id, c.new_n, c.closed_n,
           c.live_n + CASE WHEN $26::bool THEN c.new_n - c.closed_n ELSE 0 END AS live_n,
           CASE $3 WHEN 'day' THEN c.day
                   WHEN 'week' THEN date_trunc('week', c.day::timestamp)::date
                   WHEN 'month' THEN date_trunc('month', c.day::timestamp)::date
                   ELSE $1::date END AS period
    FROM r c
    WHERE ($12::text IS NULL OR (c.soc4 >= $12 AND c.soc4 < $12 || '~' AND c.soc4 LIKE $12 || '%'))
      AND ($13::text IS NULL OR $13 IN (c.lad, c.itl, c.region))
),
x AS (
    SELECT d.period,
           -- codes are ASCII: byte order sorts and groups them as the
           -- locale would, without a strcoll() per comparison
           CASE WHEN $4::bool THEN left(d.soc4, 1) END COLLATE "C" AS soc1,
           CASE WHEN $5::bool THEN left(d.soc4, 2) END COLLATE "C" AS soc2,
           CASE WHEN $6::bool THEN left(d.soc4, 3) END COLLATE "C" AS soc3,
           CASE WHEN $7::bool THEN d.soc4 END COLLATE "C" AS soc4,
           CASE WHEN $8::bool THEN d.lad END COLLATE "C" AS lad,
           CASE WHEN $9::bool THEN d.region END COLLATE "C" AS region,
           CASE WHEN $10::bool THEN d.itl END COLLATE "C" AS itl,
           CASE WHEN $11::bool THEN d.source_id END AS source_id,
           sum(d.new_n)::bigint AS new,
           sum(d.live_n)::bigint AS live,
           sum(d.closed_n)::bigint AS closed
    FROM d
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
)
SELECT x.period,
       least($2::date, CASE $3 WHEN 'day' THEN x.period
                               WHEN 'week' THEN x.period + 6
                               WHEN 'month' THEN (x.period + interval '1 month')::date - 1
                               ELSE $2::date END) AS period_end,
       x.soc1, x.soc2, x.soc3, x.soc4,
       g.title AS soc_title, x.lad, l.name AS lad_name, x.region, rg.name AS region_name, x.itl,
       src.name AS source, x.new, x.live, x.closed
FROM x
LEFT JOIN soc2020_groups g ON g.code = coalesce(x.soc4, x.soc3, x.soc2, x.soc1)
LEFT JOIN geo_lad l ON l.code = x.lad
LEFT JOIN geo_region rg ON rg.code = x.region
LEFT JOIN sources src ON src.id = x.source_id
-- a series ($26) goes to series.c by group, then period
ORDER BY CASE WHEN NOT $26::bool THEN x.period END, x.soc1, x.soc2, x.soc3, x.soc4, x.lad,
         x.region, x.itl, src.name, x.period;
