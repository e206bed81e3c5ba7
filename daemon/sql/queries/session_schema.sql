-- A connection bound to a schema other than public ($1).
SELECT set_config('vh.schema', $1, false), set_config('search_path', format('%I', $1), false);
