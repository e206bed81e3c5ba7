-- Add $4 to counter $3 of source $1 on host $2.
INSERT INTO crawl_stats (source, host, counter, n) VALUES ($1, $2, $3, $4::bigint)
ON CONFLICT (source, host, counter) DO UPDATE SET n = crawl_stats.n + EXCLUDED.n;
