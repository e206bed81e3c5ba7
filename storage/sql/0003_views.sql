-- 0003_views: what analysts query from psql or a BI tool. Counts views read
-- the rollup (cheap); the vacancy views read the vacancies themselves.

-- Each advert as it is now: latest version, current code, lifecycle.
CREATE VIEW vacancy_current AS
SELECT a.id AS advert_id, src.name AS source, a.advert_key, a.first_seen, a.last_seen,
       a.closed_at, a.close_reason, a.live_end, a.version, a.cluster_id, a.dup_kind,
       v.url, v.canonical_url, v.site_id, v.title, v.employer, v.description, v.industry,
       v.employment_type, v.pay_min, v.pay_max, v.pay_currency, v.pay_period,
       v.pay_annual_min, v.pay_annual_max, v.pay_flags, v.pay_scale, v.pay_raw,
       v.location_raw, v.postcode, v.lad_code, v.lad_name, v.region_code, v.region_name,
       v.itl_code, v.country, v.location_flags, v.date_posted, v.closing_date, v.hours,
       v.contract, c.soc2020, c.soc2010, c.isco08, c.confidence, c.method AS code_method,
       c.index_version, c.model_version, c.coded_at
FROM adverts a
JOIN sources src ON src.id = a.source_id
JOIN vacancies v ON v.advert_id = a.id AND v.version = a.version AND v.first_seen = a.first_seen
LEFT JOIN vacancy_codes c ON c.advert_id = a.id AND c.is_current;

-- Daily counts of clusters with names: new (first seen that day), live
-- (live that day), closed (stopped being live that day).
CREATE VIEW counts_by_day AS
SELECT d.day, d.soc4, g.title AS soc4_title, left(d.soc4, 3) AS soc3, left(d.soc4, 2) AS soc2,
       left(d.soc4, 1) AS soc1, d.lad, l.name AS lad_name, d.itl, d.region,
       r.name AS region_name, src.name AS source, d.new_n AS new, d.live_n AS live,
       d.closed_n AS closed
FROM counts_daily d
LEFT JOIN soc2020_groups g ON g.code = d.soc4
LEFT JOIN geo_lad l ON l.code = d.lad
LEFT JOIN geo_region r ON r.code = d.region
LEFT JOIN sources src ON src.id = d.source_id;

-- Weekly (Monday) and monthly: new and closed summed over the period,
-- live as on its last day (or today, for the period under way).
CREATE VIEW counts_by_week AS
SELECT date_trunc('week', day)::date AS week, soc4, lad, itl, region, source,
       sum(new) AS new,
       sum(live) FILTER (WHERE day = least(date_trunc('week', day)::date + 6, current_date)) AS live,
       sum(closed) AS closed
FROM counts_by_day GROUP BY 1, 2, 3, 4, 5, 6;

CREATE VIEW counts_by_month AS
SELECT date_trunc('month', day)::date AS month, soc4, lad, itl, region, source,
       sum(new) AS new,
       sum(live) FILTER (WHERE day = least((date_trunc('month', day) + interval '1 month')::date - 1,
                                           current_date)) AS live,
       sum(closed) AS closed
FROM counts_by_day GROUP BY 1, 2, 3, 4, 5, 6;

-- Live today by SOC unit group and region.
CREATE VIEW live_today AS
SELECT soc4, soc4_title, region, region_name, sum(live) AS live
FROM counts_by_day WHERE day = current_date AND live <> 0
GROUP BY 1, 2, 3, 4;

-- Clusters live today: a row per distinct job (first advert seen).
CREATE VIEW clusters_live AS
SELECT c.*, src.name AS source FROM clusters c JOIN sources src ON src.id = c.source_id
WHERE c.first_day <= current_date AND c.live_end >= current_date;

-- Course -> occupation mappings with names: official and derived side by side.
CREATE VIEW course_occupations AS
SELECT m.kind, m.code, coalesce(st.title, h.label, ca.name) AS course, m.soc2020,
       g.title AS soc_title, m.method, m.origin, m.share, m.confidence, m.evidence
FROM course_soc m
LEFT JOIN standards st ON m.kind = 'standard' AND st.lars_code = m.code
LEFT JOIN hecos h ON m.kind = 'subject' AND h.code = m.code
LEFT JOIN cah ca ON m.kind = 'subject' AND ca.code = m.code
LEFT JOIN soc2020_groups g ON g.code = m.soc2020;

-- Clusters live today under a SOC prefix (1-4 digits), from the rollup.
CREATE FUNCTION soc_live_now(soc text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(live_n), 0)::bigint FROM counts_daily
    WHERE day = current_date AND soc4 LIKE soc || '%' $$;

-- Median advertised annual pay (midpoint of the range) of adverts live
-- today under a SOC prefix.
CREATE FUNCTION soc_live_pay(soc text) RETURNS float8 LANGUAGE sql STABLE AS $$
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY
               (coalesce(v.pay_annual_min, v.pay_annual_max) + coalesce(v.pay_annual_max, v.pay_annual_min)) / 2)
    FROM vacancy_codes c
    JOIN adverts a ON a.id = c.advert_id
    JOIN vacancies v ON v.advert_id = a.id AND v.version = a.version AND v.first_seen = a.first_seen
    WHERE c.is_current AND c.soc2020 LIKE soc || '%' AND a.live_end >= current_date
      AND coalesce(v.pay_annual_min, v.pay_annual_max) IS NOT NULL $$;
