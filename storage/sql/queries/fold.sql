-- Fold the rollup deltas the merges left in counts_pending
-- (0009_counts_pending.sql) into the rollups. Sent by the writer on its
-- second connection after each batch commits, so it runs while the next
-- batch merges. One statement string is one transaction: the deltas it
-- takes are deleted only if all of it commits, and deltas committed while
-- it runs wait for the next fold. Deltas add, so folds may take merges'
-- deltas in any grouping.

-- One fold at a time: the live snapshots are rolled from counts_daily.
SELECT pg_advisory_xact_lock(7302);

CREATE TEMP TABLE delta ON COMMIT DROP AS
WITH p AS (DELETE FROM counts_pending RETURNING *)
SELECT day, soc4, lad, itl, region, source_id, sum(dn)::int AS dn, sum(dc)::int AS dc
FROM p GROUP BY day, soc4, lad, itl, region, source_id
HAVING sum(dn) <> 0 OR sum(dc) <> 0;

INSERT INTO counts_daily AS t (day, soc4, lad, itl, region, source_id, new_n, closed_n)
SELECT day, soc4, lad, itl, region, source_id, dn, dc FROM delta
ON CONFLICT (day, soc4, lad, itl, region, source_id) DO UPDATE
SET new_n = t.new_n + EXCLUDED.new_n, closed_n = t.closed_n + EXCLUDED.closed_n;

-- The region rollups at each SOC level (0005_live_deltas.sql), by day,
-- week and month, with each source and summed over sources (lvl + 10,
-- source_id 0: 0006_region_weeks_all_sources.sql), from one region-grain
-- delta.
CREATE TEMP TABLE delta_r ON COMMIT DROP AS
SELECT l AS lvl, day, left(soc4, l) AS soc4, region, source_id, sum(dn)::int AS dn,
       sum(dc)::int AS dc
FROM delta, soc_levels() l
GROUP BY 1, 2, 3, 4, 5
HAVING sum(dn) <> 0 OR sum(dc) <> 0
UNION ALL
SELECT l + 10, day, left(soc4, l), region, 0, sum(dn)::int, sum(dc)::int
FROM delta, soc_levels() l
GROUP BY 1, 2, 3, 4
HAVING sum(dn) <> 0 OR sum(dc) <> 0;

SELECT counts_region_fold('counts_daily_region', 'day');
SELECT counts_region_fold('counts_weekly_region', 'week');
SELECT counts_region_fold('counts_monthly_region', 'month');

-- Live snapshots after a delta's day take it too (only late or backdated
-- writes reach one); then snapshots are listed up to the newest first day.
INSERT INTO counts_live_base AS t (week, soc4, lad, itl, region, source_id, live_n)
SELECT w.week, d.soc4, d.lad, d.itl, d.region, d.source_id, sum(d.dn - d.dc)
FROM delta d JOIN counts_live_weeks w ON w.week > d.day
GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.dn - d.dc) <> 0
ON CONFLICT (week, soc4, lad, itl, region, source_id) DO UPDATE
SET live_n = t.live_n + EXCLUDED.live_n;

INSERT INTO counts_live_base_region AS t (lvl, week, soc4, region, source_id, live_n)
SELECT d.lvl, w.week, d.soc4, d.region, d.source_id, sum(d.dn - d.dc)
FROM delta_r d JOIN counts_live_weeks w ON w.week > d.day
GROUP BY 1, 2, 3, 4, 5 HAVING sum(d.dn - d.dc) <> 0
ON CONFLICT (lvl, week, soc4, region, source_id) DO UPDATE
SET live_n = t.live_n + EXCLUDED.live_n;

SELECT counts_live_roll(max(day) FILTER (WHERE dn > 0)) FROM delta;

