-- Near-duplicate index months older than the window can never match
-- again: their partitions are dropped (0007_bands_by_month.sql).
SELECT bands_purge();
