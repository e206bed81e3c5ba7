-- vacancyctl status: per source and host, the queue and the counters.
WITH q AS (
    SELECT source, host,
           count(*) FILTER (WHERE state IN ('queued', 'claimed') AND next_fetch <= now()) AS due,
           count(*) FILTER (WHERE state IN ('queued', 'claimed')) AS queued,
           count(*) FILTER (WHERE state = 'gone') AS gone,
           count(*) FILTER (WHERE state = 'failed') AS failed,
           max(last_success) AS last_success
    FROM frontier GROUP BY source, host
), s AS (
    SELECT source, host,
           sum(n) FILTER (WHERE counter = 'fetched') AS fetched,
           sum(n) FILTER (WHERE counter = 'not_modified') AS not_modified,
           sum(n) FILTER (WHERE counter = 'parsed') AS parsed,
           sum(n) FILTER (WHERE counter = 'coded') AS coded,
           sum(n) FILTER (WHERE counter = 'stored') AS stored,
           string_agg(counter || '=' || n, ' ' ORDER BY counter)
               FILTER (WHERE counter LIKE 'error:%' OR counter LIKE 'http:%') AS errors
    FROM crawl_stats GROUP BY source, host
)
SELECT COALESCE(q.source, s.source), COALESCE(q.host, s.host),
       COALESCE(q.due, 0), COALESCE(q.queued, 0), COALESCE(s.fetched, 0),
       COALESCE(s.not_modified, 0), COALESCE(s.parsed, 0), COALESCE(s.coded, 0),
       COALESCE(s.stored, 0), COALESCE(q.gone, 0), COALESCE(q.failed, 0),
       COALESCE(s.errors, '-'),
       COALESCE(to_char(q.last_success, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), '-')
FROM q FULL JOIN s ON q.source = s.source AND q.host = s.host
ORDER BY 1, 2;
