-- Every connection: dates are read and written in UTC.
SET TIME ZONE 'UTC';
SET client_encoding = 'UTF8';
-- NOTICEs ("already exists, skipping") are not for the operator.
SET client_min_messages = warning;
-- JIT compiling costs hundreds of milliseconds per statement here and the
-- merge and counts statements never run long enough to win it back.
SET jit = off;
-- The merge aggregates tens of thousands of rollup rows per batch: in memory.
SET work_mem = '64MB';
