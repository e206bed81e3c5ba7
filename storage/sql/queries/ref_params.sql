-- A reference transform's parameters, read with current_setting('vh.refN'):
-- the transforms hold several statements, which cannot take $n.
SELECT set_config('vh.ref1', coalesce($1, ''), true), set_config('vh.ref2', coalesce($2, ''), true),
       set_config('vh.ref3', coalesce($3, ''), true), set_config('vh.ref4', coalesce($4, ''), true);
