#!/usr/bin/env bash
# Every fault mode of the sample board (5xx, 429 with Retry-After, slow
# bodies, resets, oversized bodies, redirect loops, bad gzip, wrong
# charsets) beside a healthy source: the daemon keeps running, counts each
# error by kind, schedules retries, and the healthy source is stored whole.
# Usage: faults.sh VACANCYD VACANCYCTL SAMPLE_BOARD
set -uo pipefail
VACANCYD=$1 VACANCYCTL=$2 BOARD=$3
. "$(dirname "$0")/lib.sh"

start_board --hosts 4 --adverts 12 --crawl-delay 0 --slow-ms 100 --big-bytes 9000000 \
    --retry-after 2
write_config 4
u() { printf 'http://board%s.test:%s%s' "$1" "$port" "$2"; }
source_conf good sitemap "$(u 1 /sitemap.xml)"
# Faults fetched as sitemaps (a failed fetch) ...
source_conf faults2 sitemap "$(u 2 /fault/500) $(u 2 /fault/reset) $(u 2 /fault/big)"
source_conf faults3 sitemap "$(u 3 /fault/429) $(u 3 /fault/loop/1) $(u 3 /fault/bad-gzip)"
source_conf faults4 sitemap "$(u 4 /fault/slow) $(u 4 /fault/503) $(u 4 /fault/big-length)"
run_until_idle
# ... and as adverts (pages in the wrong charset, gzip that is fine).
for p in /fault/latin1-as-utf8 /fault/utf8-as-latin1 /fault/gzip; do
    sql "INSERT INTO frontier (source, url, canonical_url, host, kind)
         VALUES ('faults4', '$(u 4 $p)', '$(u 4 $p)', 'board4.test:$port', 'advert')" >/dev/null
done
run_until_idle

truth_open 'board1' >"$tmp/want.tsv"
stored_open | grep "board1.test" >"$tmp/got.tsv"
diff "$tmp/want.tsv" "$tmp/got.tsv" >/dev/null || fail "the healthy source was not stored whole"
"$VACANCYCTL" status --schema "$schema" >"$tmp/status" || fail "status"
for e in http:500 http:503 http:429 error:network error:too_big error:redirects error:encoding \
         error:parse; do
    grep -q "$e=" "$tmp/status" || fail "no $e counted: $(cat "$tmp/status")"
done
# Failed URLs wait for a retry; the 429 at least its Retry-After.
[ "$(sql "SELECT count(*) FROM frontier WHERE source LIKE 'faults%' AND kind = 'sitemap'
          AND last_error IS NOT NULL AND attempts >= 1 AND next_fetch > fetched_at")" -ge 9 ] \
    || fail "failed fetches not rescheduled: $(sql "SELECT url, state, attempts, last_error FROM frontier WHERE source LIKE 'faults%'")"
# (the backoff would be a minute; Retry-After says 2 s)
[ "$(sql "SELECT count(*) FROM frontier WHERE url LIKE '%/fault/429'
          AND next_fetch - fetched_at BETWEEN interval '1 second' AND interval '10 seconds'")" = 1 ] \
    || fail "Retry-After not honoured"
echo ok
