-- courses/hecos_cah/hecos_to_cah3.csv -> hecos
DELETE FROM hecos;
WITH h AS (SELECT f FROM ref_stage WHERE lineno = 1)
INSERT INTO hecos (code, label, cah3)
SELECT s.f[array_position(h.f, 'hecos_code')], s.f[array_position(h.f, 'hecos_label_dfe')],
       s.f[array_position(h.f, 'cah3_code')]
FROM ref_stage s, h WHERE s.lineno > 1
ON CONFLICT (code) DO NOTHING;
