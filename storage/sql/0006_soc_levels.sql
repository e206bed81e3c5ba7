-- 0006_soc_levels: the region rollups also hold their cells summed to SOC
-- 2 digits (lvl 2, soc4 holds the 2-digit prefix) and over all SOC (lvl 0,
-- soc4 ''), beside the unit groups (lvl 4). A count by region and source,
-- or by SOC major group, then reads a few dozen or a few hundred cells a
-- day instead of thousands of unit-group cells.

ALTER TABLE counts_daily_region ADD COLUMN lvl smallint NOT NULL DEFAULT 4;
ALTER TABLE counts_daily_region DROP CONSTRAINT counts_daily_region_pkey;
ALTER TABLE counts_daily_region ADD PRIMARY KEY (lvl, day, soc4, region, source_id);

ALTER TABLE counts_monthly_region ADD COLUMN lvl smallint NOT NULL DEFAULT 4;
ALTER TABLE counts_monthly_region DROP CONSTRAINT counts_monthly_region_pkey;
ALTER TABLE counts_monthly_region ADD PRIMARY KEY (lvl, month, soc4, region, source_id);

ALTER TABLE counts_live_base_region ADD COLUMN lvl smallint NOT NULL DEFAULT 4;
ALTER TABLE counts_live_base_region DROP CONSTRAINT counts_live_base_region_pkey;
ALTER TABLE counts_live_base_region ADD PRIMARY KEY (lvl, week, soc4, region, source_id);

-- The SOC levels kept, and how a unit group code reads at each.
CREATE FUNCTION soc_levels() RETURNS SETOF smallint LANGUAGE sql IMMUTABLE AS
$$ VALUES (4::smallint), (2), (0) $$;

INSERT INTO counts_daily_region (lvl, day, soc4, region, source_id, new_n, closed_n)
SELECT l, day, left(soc4, l), region, source_id, sum(new_n), sum(closed_n)
FROM counts_daily_region, soc_levels() l WHERE lvl = 4 AND l < 4
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO counts_monthly_region (lvl, month, soc4, region, source_id, new_n, closed_n)
SELECT l, month, left(soc4, l), region, source_id, sum(new_n), sum(closed_n)
FROM counts_monthly_region, soc_levels() l WHERE lvl = 4 AND l < 4
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO counts_live_base_region (lvl, week, soc4, region, source_id, live_n)
SELECT l, week, left(soc4, l), region, source_id, sum(live_n)
FROM counts_live_base_region, soc_levels() l WHERE lvl = 4 AND l < 4
GROUP BY 1, 2, 3, 4, 5 HAVING sum(live_n) <> 0;

-- Snapshots roll forward at every level.
CREATE OR REPLACE FUNCTION counts_live_next(w date) RETURNS void LANGUAGE sql AS $$
    INSERT INTO counts_live_base (week, soc4, lad, itl, region, source_id, live_n)
    SELECT w + 7, soc4, lad, itl, region, source_id, sum(n) FROM (
        SELECT soc4, lad, itl, region, source_id, live_n AS n FROM counts_live_base WHERE week = w
        UNION ALL
        SELECT soc4, lad, itl, region, source_id, new_n - closed_n FROM counts_daily
        WHERE day >= w AND day < w + 7) x
    GROUP BY soc4, lad, itl, region, source_id HAVING sum(n) <> 0;
    INSERT INTO counts_live_base_region (lvl, week, soc4, region, source_id, live_n)
    SELECT lvl, w + 7, soc4, region, source_id, sum(n) FROM (
        SELECT lvl, soc4, region, source_id, live_n AS n FROM counts_live_base_region
        WHERE week = w
        UNION ALL
        SELECT lvl, soc4, region, source_id, new_n - closed_n FROM counts_daily_region
        WHERE day >= w AND day < w + 7) x
    GROUP BY lvl, soc4, region, source_id HAVING sum(n) <> 0;
    INSERT INTO counts_live_weeks VALUES (w + 7);
$$;
