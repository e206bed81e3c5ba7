-- geography/postcodes_io/nuts.json ($1: {"LAD code": {"code": ITL3, ...}})
-- -> geo_lad.itl3, for the LAD and for older LADs that became it.
UPDATE geo_lad g SET itl3 = j.value->>'code'
FROM jsonb_each($1::jsonb) j
WHERE j.key IN (g.code, g.current);
