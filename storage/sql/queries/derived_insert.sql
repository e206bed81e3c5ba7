-- $1 LARS code, $2 SOC 2020, $3 coder version, $4 share, $5 confidence, $6 evidence
INSERT INTO course_soc (kind, code, soc2020, method, origin, share, confidence, evidence)
VALUES ('standard', $1, $2, 'derived', $3, $4::float8, $5::smallint, $6)
ON CONFLICT (kind, code, soc2020, method, origin)
DO UPDATE SET share = EXCLUDED.share, confidence = EXCLUDED.confidence, evidence = EXCLUDED.evidence;
