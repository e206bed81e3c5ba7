-- 0006_weekly_region: new and closed by week (Monday) at region grain, at
-- the same SOC levels as the daily and monthly region rollups. A count over
-- 30 days by unit group and region read 30 days of cells from the daily
-- rollup (about half a million rows at 5 million vacancies); whole weeks
-- from here read a seventh of the days. Maintained by the writer from the
-- same deltas (queries/merge.sql); filled here for what was written before.
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
