-- Counts of clusters (a job advertised on several boards counts once) from
-- the rollups, never from the vacancies themselves.
--  $1 since, $2 until (dates, inclusive); $3 per: all, day, week, month
--  $4..$11 break down by: soc1, soc2, soc3, soc4, lad, region, itl, source
--  $12 SOC prefix filter or NULL; $13 area filter (LAD, ITL or region) or NULL
--  $14 true: read the region rollups (nothing asked by LAD or ITL), which
--      are much smaller; branches whose guard is false are never executed
--  $15 true: whole months $16..$17 are read from counts_monthly_region,
--      and only the periods' last days $18 (date[]) of the daily rollup
--      inside them, for live
-- new: first seen in the period; live: live on the period's last day;
-- closed: stopped being live in the period.
WITH r AS (
    SELECT day, soc4, lad, itl, region, source_id, new_n, live_n, closed_n
    FROM counts_daily WHERE NOT $14::bool AND day BETWEEN $1::date AND $2::date
    UNION ALL
    SELECT day, soc4, '', '', region, source_id, new_n, live_n, closed_n
    FROM counts_daily_region
    WHERE $14::bool AND NOT $15::bool AND day BETWEEN $1::date AND $2::date
    UNION ALL
    SELECT day, soc4, '', '', region, source_id, new_n, live_n, closed_n
    FROM counts_daily_region WHERE $15::bool AND day BETWEEN $1::date AND $16::date - 1
    UNION ALL
    SELECT day, soc4, '', '', region, source_id, new_n, live_n, closed_n
    FROM counts_daily_region WHERE $15::bool AND day BETWEEN $17::date + 1 AND $2::date
    UNION ALL
    SELECT day, soc4, '', '', region, source_id, 0, live_n, 0
    FROM counts_daily_region WHERE $15::bool AND day = ANY ($18::date[])
    UNION ALL
    -- a month's row stands on its first day; it never counts as live
    SELECT month, soc4, '', '', region, source_id, new_n, 0, closed_n
    FROM counts_monthly_region
    WHERE $15::bool AND month BETWEEN $16::date AND $17::date
),
d AS (
    SELECT c.*, p.period, p.period_end
    FROM r c,
    LATERAL (SELECT CASE $3 WHEN 'day' THEN c.day
                            WHEN 'week' THEN date_trunc('week', c.day)::date
                            WHEN 'month' THEN date_trunc('month', c.day)::date
                            ELSE $1::date END AS period) p0,
    LATERAL (SELECT p0.period,
                    least($2::date, CASE $3 WHEN 'day' THEN p0.period
                                            WHEN 'week' THEN p0.period + 6
                                            WHEN 'month' THEN (p0.period + interval '1 month')::date - 1
                                            ELSE $2::date END) AS period_end) p
    WHERE ($12::text IS NULL OR c.soc4 LIKE $12 || '%')
      AND ($13::text IS NULL OR $13 IN (c.lad, c.itl, c.region))
)
SELECT x.period, x.period_end, x.soc1, x.soc2, x.soc3, x.soc4,
       g.title AS soc_title, x.lad, l.name AS lad_name, x.region, rg.name AS region_name, x.itl,
       src.name AS source, x.new, x.live, x.closed
FROM (
    SELECT d.period, d.period_end,
           CASE WHEN $4::bool THEN left(d.soc4, 1) END AS soc1,
           CASE WHEN $5::bool THEN left(d.soc4, 2) END AS soc2,
           CASE WHEN $6::bool THEN left(d.soc4, 3) END AS soc3,
           CASE WHEN $7::bool THEN d.soc4 END AS soc4,
           CASE WHEN $8::bool THEN d.lad END AS lad,
           CASE WHEN $9::bool THEN d.region END AS region,
           CASE WHEN $10::bool THEN d.itl END AS itl,
           CASE WHEN $11::bool THEN d.source_id END AS source_id,
           sum(d.new_n)::bigint AS new,
           coalesce(sum(d.live_n) FILTER (WHERE d.day = d.period_end), 0)::bigint AS live,
           sum(d.closed_n)::bigint AS closed
    FROM d
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
) x
LEFT JOIN soc2020_groups g ON g.code = coalesce(x.soc4, x.soc3, x.soc2, x.soc1)
LEFT JOIN geo_lad l ON l.code = x.lad
LEFT JOIN geo_region rg ON rg.code = x.region
LEFT JOIN sources src ON src.id = x.source_id
ORDER BY x.period, x.soc1, x.soc2, x.soc3, x.soc4, x.lad, x.region, x.itl, src.name;
