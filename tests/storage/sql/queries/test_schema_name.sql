-- Tests: name the schema the next statement drops ($1).
SELECT set_config('vh.schema', $1, false);
