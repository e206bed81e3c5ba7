-- crawl_bench (schema bench_crawl, BENCH_SCHEMA in crawl_bench.c): queue $1 advert URLs spread over $2 board hosts on port $3
-- (IDs past the board's adverts: each answers 404 and closes cheaply).
INSERT INTO bench_crawl.frontier (source, url, canonical_url, host, kind)
SELECT 'board' || h, u, u, 'board' || h || '.test:' || $3::text, 'advert'
FROM (SELECT g % $2::int + 1 AS h,
             format('http://board%s.test:%s/jobs/%s', g % $2::int + 1, $3::text, 1000000 + g) AS u
      FROM generate_series(1, $1::int) g) x
ON CONFLICT DO NOTHING;
