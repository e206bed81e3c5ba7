-- $1: LARS code whose derived mappings are replaced.
DELETE FROM course_soc WHERE kind = 'standard' AND code = $1 AND method = 'derived';
