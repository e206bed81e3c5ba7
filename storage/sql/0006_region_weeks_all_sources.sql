-- 0006_region_weeks_all_sources: two cuts of the region rollups that most
-- counts read, measured at 5 million vacancies.
--
-- 1. New and closed by week (Monday) at region grain, at the same SOC
--    levels as the daily and monthly region rollups. A count over 30 days
--    by unit group and region read 30 days of cells from the daily rollup
--    (about half a million rows); whole weeks read a seventh of the days.
--
-- 2. Every region rollup and snapshot also holds its cells summed over all
--    sources, under lvl + 10 (14: unit groups, 12: 2-digit SOC, 10: all SOC)
--    with source_id 0. A count not asked by source (most of them) then reads
--    one row per cell instead of one per source that advertised there. Kept
--    in the same tables so the snapshot roll (counts_live_next) and the
--    late-delta updates need no change; lvl leads every key, so reading one
--    level never touches the others.
--
-- The writer maintains both from here on (queries/merge.sql); filled here
-- for what was written before.

INSERT INTO counts_daily_region (lvl, day, soc4, region, source_id, new_n, closed_n)
SELECT lvl + 10, day, soc4, region, 0, sum(new_n), sum(closed_n)
FROM counts_daily_region WHERE lvl < 10 GROUP BY 1, 2, 3, 4
HAVING sum(new_n) <> 0 OR sum(closed_n) <> 0;

INSERT INTO counts_monthly_region (lvl, month, soc4, region, source_id, new_n, closed_n)
SELECT lvl + 10, month, soc4, region, 0, sum(new_n), sum(closed_n)
FROM counts_monthly_region WHERE lvl < 10 GROUP BY 1, 2, 3, 4
HAVING sum(new_n) <> 0 OR sum(closed_n) <> 0;

INSERT INTO counts_live_base_region (lvl, week, soc4, region, source_id, live_n)
SELECT lvl + 10, week, soc4, region, 0, sum(live_n)
FROM counts_live_base_region WHERE lvl < 10 GROUP BY 1, 2, 3, 4
HAVING sum(live_n) <> 0;

CREATE TABLE counts_weekly_region (
    lvl       smallint NOT NULL,
    week      date NOT NULL,
    soc4      text NOT NULL,
    region    text NOT NULL,
    source_id int NOT NULL,
    new_n     int NOT NULL,
    closed_n  int NOT NULL,
    PRIMARY KEY (lvl, week, soc4, region, source_id)
);

INSERT INTO counts_weekly_region (lvl, week, soc4, region, source_id, new_n, closed_n)
SELECT lvl, date_trunc('week', day::timestamp)::date, soc4, region, source_id,
       sum(new_n), sum(closed_n)
FROM counts_daily_region GROUP BY 1, 2, 3, 4, 5
HAVING sum(new_n) <> 0 OR sum(closed_n) <> 0;

-- Add the batch's region-grain delta (the merge's temporary table delta_r)
-- to a region rollup by day, week or month: the column holding the period
-- is named after it.
CREATE FUNCTION counts_region_fold(rollup text, unit text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format(
        'INSERT INTO %I AS t (lvl, %I, soc4, region, source_id, new_n, closed_n)
         SELECT lvl, date_trunc(%L, day::timestamp)::date, soc4, region, source_id,
                sum(dn), sum(dc)
         FROM delta_r GROUP BY 1, 2, 3, 4, 5
         HAVING sum(dn) <> 0 OR sum(dc) <> 0
         ON CONFLICT (lvl, %I, soc4, region, source_id) DO UPDATE
         SET new_n = t.new_n + EXCLUDED.new_n, closed_n = t.closed_n + EXCLUDED.closed_n',
        rollup, unit, unit, unit);
END $$;
