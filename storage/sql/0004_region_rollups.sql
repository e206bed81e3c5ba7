-- 0004_region_rollups: counts without LAD / ITL, daily and monthly, so
-- national and regional counts over months read thousands of rows, not
-- millions. Filled from counts_daily for what was written before; the
-- writer maintains them from here on (queries/merge.sql).
-- The same counts without LAD and ITL: a few thousand cells a day instead
-- of tens of thousands, so national and regional queries over months stay
-- fast. Maintained from the same deltas as counts_daily.
CREATE TABLE counts_daily_region (
    day       date NOT NULL,
    soc4      text NOT NULL,
    region    text NOT NULL,
    source_id int NOT NULL,
    new_n     int NOT NULL,
    live_n    int NOT NULL,
    closed_n  int NOT NULL,
    PRIMARY KEY (day, soc4, region, source_id)
);

-- New and closed by month (region grain): a year of counts by month reads
-- twelve rows per cell instead of 365. Live is a stock, not a sum, and is
-- read from the daily rollup on the periods' last days.
CREATE TABLE counts_monthly_region (
    month     date NOT NULL,
    soc4      text NOT NULL,
    region    text NOT NULL,
    source_id int NOT NULL,
    new_n     int NOT NULL,
    closed_n  int NOT NULL,
    PRIMARY KEY (month, soc4, region, source_id)
);

INSERT INTO counts_daily_region (day, soc4, region, source_id, new_n, live_n, closed_n)
SELECT day, soc4, region, source_id, sum(new_n), sum(live_n), sum(closed_n)
FROM counts_daily GROUP BY day, soc4, region, source_id;

INSERT INTO counts_monthly_region (month, soc4, region, source_id, new_n, closed_n)
SELECT date_trunc('month', day)::date, soc4, region, source_id, sum(new_n), sum(closed_n)
FROM counts_daily GROUP BY 1, 2, 3, 4
HAVING sum(new_n) <> 0 OR sum(closed_n) <> 0;
