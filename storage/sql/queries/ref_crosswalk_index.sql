-- soc/soc2010_soc2020_index_pairs.csv -> soc2010_soc2020 (index_pairs)
DELETE FROM soc2010_soc2020 WHERE basis = 'index_pairs';
WITH h AS (SELECT f FROM ref_stage WHERE lineno = 1)
INSERT INTO soc2010_soc2020 (soc2010, soc2020, basis, share)
SELECT s.f[array_position(h.f, 'soc2010')], s.f[array_position(h.f, 'soc2020')], 'index_pairs',
       nullif(s.f[array_position(h.f, 'share_of_soc2010_entries')], '')::float8
FROM ref_stage s, h WHERE s.lineno > 1
ON CONFLICT DO NOTHING;
