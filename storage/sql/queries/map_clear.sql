-- Before an official table is (re)loaded: drop its origin's rows ($1 kind, $2 origin).
DELETE FROM course_soc WHERE kind = $1 AND method = 'official' AND origin = $2;
