-- 0005_live_deltas: live counts as running sums of new - closed instead of
-- a rollup row per live day. A cluster adds +1 new on its first day and
-- +1 closed the day after its last live day, so the number live on day d
-- is the sum of (new - closed) over every day up to d. Writing a cluster
-- now touches two days, not one per live day (an advert live 30 days used
-- to touch 30 rows in each daily rollup).
--
-- Reading a sum over all history would be slow, so weekly snapshots keep
-- it: counts_live_base holds, for each Monday in counts_live_weeks, the sum
-- of (new - closed) over the days before it (= live on the Sunday). Live on
-- day d = the snapshot of the latest listed Monday <= d plus the daily
-- rows from that Monday to d: at most a week of rows. The writer adds each
-- batch's deltas to the snapshots after their day (few: writes are mostly
-- for today) and lists new Mondays as its data reaches them.
--
-- The region rollups and their snapshots also hold their cells summed to
-- SOC 2 digits (lvl 2, soc4 holds the 2-digit prefix) and over all SOC
-- (lvl 0, soc4 ''), beside the unit groups (lvl 4): a count by region and
-- source, or by SOC major group, then reads a few dozen or a few hundred
-- cells a day instead of thousands of unit-group cells.

DROP FUNCTION soc_live_now(text);
DROP VIEW live_today;
DROP VIEW counts_by_week;
DROP VIEW counts_by_month;
DROP VIEW counts_by_day;

DELETE FROM counts_daily WHERE new_n = 0 AND closed_n = 0;
DELETE FROM counts_daily_region WHERE new_n = 0 AND closed_n = 0;
ALTER TABLE counts_daily DROP COLUMN live_n;
ALTER TABLE counts_daily_region DROP COLUMN live_n;

ALTER TABLE counts_daily_region ADD COLUMN lvl smallint NOT NULL DEFAULT 4;
ALTER TABLE counts_daily_region DROP CONSTRAINT counts_daily_region_pkey;
ALTER TABLE counts_daily_region ADD PRIMARY KEY (lvl, day, soc4, region, source_id);
ALTER TABLE counts_monthly_region ADD COLUMN lvl smallint NOT NULL DEFAULT 4;
ALTER TABLE counts_monthly_region DROP CONSTRAINT counts_monthly_region_pkey;
ALTER TABLE counts_monthly_region ADD PRIMARY KEY (lvl, month, soc4, region, source_id);

-- The SOC levels kept; a unit group code reads left(code, level) at each.
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

CREATE TABLE counts_live_weeks (week date PRIMARY KEY);

CREATE TABLE counts_live_base (
    week      date NOT NULL,
    soc4      text NOT NULL,
    lad       text NOT NULL,
    itl       text NOT NULL,
    region    text NOT NULL,
    source_id int NOT NULL,
    live_n    int NOT NULL,
    PRIMARY KEY (week, soc4, lad, itl, region, source_id)
);

CREATE TABLE counts_live_base_region (
    lvl       smallint NOT NULL,
    week      date NOT NULL,
    soc4      text NOT NULL,
    region    text NOT NULL,
    source_id int NOT NULL,
    live_n    int NOT NULL,
    PRIMARY KEY (lvl, week, soc4, region, source_id)
);

-- Snapshot Monday w + 7 from Monday w and the week's daily rows (both
-- grains, every SOC level).
CREATE FUNCTION counts_live_next(w date) RETURNS void LANGUAGE sql AS $$
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

-- List snapshots up to the Monday of `upto`. The first one is the Monday of
-- the earliest day written, so nothing lies before it.
CREATE FUNCTION counts_live_roll(upto date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    target date := date_trunc('week', upto)::date;
    w date;
BEGIN
    IF upto IS NULL THEN
        RETURN;
    END IF;
    SELECT max(week) INTO w FROM counts_live_weeks;
    IF w IS NULL THEN
        SELECT coalesce(least(date_trunc('week', min(day))::date, target), target) INTO w
        FROM counts_daily;
        INSERT INTO counts_live_weeks VALUES (w);
    END IF;
    WHILE w < target LOOP
        PERFORM counts_live_next(w);
        w := w + 7;
    END LOOP;
END $$;

SELECT counts_live_roll((SELECT max(day) FROM counts_daily WHERE new_n <> 0));

-- Clusters live on day d by cell, from the snapshots and the daily deltas.
CREATE FUNCTION counts_live_on(d date)
RETURNS TABLE (soc4 text, lad text, itl text, region text, source_id int, live bigint)
LANGUAGE sql STABLE AS $$
    WITH w AS (SELECT max(week) AS week FROM counts_live_weeks WHERE week <= d)
    SELECT x.soc4, x.lad, x.itl, x.region, x.source_id, sum(x.n)::bigint FROM (
        SELECT b.soc4, b.lad, b.itl, b.region, b.source_id, b.live_n AS n
        FROM counts_live_base b JOIN w ON b.week = w.week
        UNION ALL
        SELECT c.soc4, c.lad, c.itl, c.region, c.source_id, c.new_n - c.closed_n
        FROM counts_daily c, w WHERE c.day <= d AND c.day >= coalesce(w.week, '-infinity')) x
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(x.n) <> 0 $$;

-- The analysts' views again, live now read through counts_live_on.
CREATE VIEW counts_by_day AS
SELECT d.day, d.soc4, g.title AS soc4_title, left(d.soc4, 3) AS soc3, left(d.soc4, 2) AS soc2,
       left(d.soc4, 1) AS soc1, d.lad, l.name AS lad_name, d.itl, d.region,
       r.name AS region_name, src.name AS source, d.new_n AS new, d.closed_n AS closed
FROM counts_daily d
LEFT JOIN soc2020_groups g ON g.code = d.soc4
LEFT JOIN geo_lad l ON l.code = d.lad
LEFT JOIN geo_region r ON r.code = d.region
LEFT JOIN sources src ON src.id = d.source_id;

CREATE VIEW counts_by_week AS
SELECT date_trunc('week', day)::date AS week, soc4, lad, itl, region, source,
       sum(new) AS new, sum(closed) AS closed
FROM counts_by_day GROUP BY 1, 2, 3, 4, 5, 6;

CREATE VIEW counts_by_month AS
SELECT date_trunc('month', day)::date AS month, soc4, lad, itl, region, source,
       sum(new) AS new, sum(closed) AS closed
FROM counts_by_day GROUP BY 1, 2, 3, 4, 5, 6;

CREATE VIEW live_today AS
SELECT l.soc4, g.title AS soc4_title, l.region, r.name AS region_name, sum(l.live) AS live
FROM counts_live_on(current_date) l
LEFT JOIN soc2020_groups g ON g.code = l.soc4
LEFT JOIN geo_region r ON r.code = l.region
GROUP BY 1, 2, 3, 4;

CREATE FUNCTION soc_live_now(soc text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(live), 0)::bigint FROM counts_live_on(current_date)
    WHERE soc4 LIKE soc || '%' $$;
