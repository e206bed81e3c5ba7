-- soc/ONS_SOC2010_SOC2020_relationship.csv -> soc2010_soc2020 (ons_relationship)
-- A "2010: title" row with the sample sizes opens each block; the rows
-- after it ("", "2020: title", percentages) are its destinations. The
-- share weights men and women by their Census base counts.
DELETE FROM soc2010_soc2020 WHERE basis = 'ons_relationship';
WITH h AS (SELECT f FROM ref_stage WHERE lineno = 1),
r AS (SELECT s.lineno,
             nullif(split_part(s.f[array_position(h.f, 'SOC2010')], ':', 1), '') AS soc2010,
             nullif(split_part(s.f[array_position(h.f, 'SOC2020')], ':', 1), 'Total sample') AS soc2020,
             nullif(s.f[array_position(h.f, 'men_census_base_2010')], '')::float8 AS men_base,
             nullif(s.f[array_position(h.f, 'women_census_base_2010')], '')::float8 AS women_base,
             nullif(s.f[array_position(h.f, 'men_census_perc_2020')], '')::float8 AS men_share,
             nullif(s.f[array_position(h.f, 'women_census_perc_2020')], '')::float8 AS women_share
      FROM ref_stage s, h WHERE s.lineno > 1),
blocks AS (SELECT lineno, soc2010, men_base, women_base,
                  lead(lineno, 1, 2147483647) OVER (ORDER BY lineno) AS next_block
           FROM r WHERE soc2010 IS NOT NULL)
INSERT INTO soc2010_soc2020 (soc2010, soc2020, basis, share)
SELECT b.soc2010, d.soc2020, 'ons_relationship',
       (coalesce(b.men_base * d.men_share, 0) + coalesce(b.women_base * d.women_share, 0))
       / nullif(coalesce(b.men_base, 0) + coalesce(b.women_base, 0), 0)
FROM blocks b JOIN r d ON d.lineno > b.lineno AND d.lineno < b.next_block
WHERE d.soc2020 IS NOT NULL
ON CONFLICT DO NOTHING;
