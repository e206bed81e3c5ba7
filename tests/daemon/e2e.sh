#!/usr/bin/env bash
# End to end: vacancyd crawls the sample board (a sitemap, an RSS feed, an
# HTML listing and a paginated JSON API on four hosts), then every open advert is stored once
# and coded to its true SOC, robots.txt and the per-host delay held
# (board access log), and closed adverts close after a recheck.
# Usage: e2e.sh VACANCYD VACANCYCTL SAMPLE_BOARD
set -uo pipefail
VACANCYD=$1 VACANCYCTL=$2 BOARD=$3
. "$(dirname "$0")/lib.sh"

delay=0.25
start_board --hosts 4 --adverts 24 --closed 7 --crawl-delay $delay
write_config 4
source_conf board1 sitemap "http://board1.test:$port/sitemap.xml" "revisit = 3600" "recheck = 3600"
source_conf board2 feed "http://board2.test:$port/feed.rss" "recheck = 3600"
# Its own limit of transfers at once: the Crawl-delay still spaces starts.
source_conf board3 html "http://board3.test:$port/" \
    "advert_pattern = http://board3.test:$port/jobs/*" "recheck = 3600" "per_host = 3"
# 21 open adverts: two pages of the board's JSON API, linked by links.next.
source_conf board4 jsonapi "http://board4.test:$port/api/jobs.json"
# Disallowed by the board's robots.txt: must never be requested.
source_conf private sitemap "http://board1.test:$port/private/sitemap.xml"

# A source's per_host out of range: the daemon refuses to start, naming the
# file, the line and the key.
source_conf badlimit sitemap "http://board1.test:$port/sitemap.xml" "per_host = 0"
timeout 60 "$VACANCYD" --config "$tmp/vacancyd.conf" --until-idle 2>"$tmp/bad.log" \
    && fail "vacancyd started with per_host = 0"
grep -q "badlimit.conf:4: .*'per_host'" "$tmp/bad.log" || fail "per_host = 0 not named: $(cat "$tmp/bad.log")"
rm "$tmp/sources.d/badlimit.conf"

run_until_idle

truth_open . >"$tmp/want.tsv"
stored_open >"$tmp/got.tsv"
[ -s "$tmp/want.tsv" ] || fail "no truth"
diff "$tmp/want.tsv" "$tmp/got.tsv" >"$tmp/diff" \
    || fail "stored adverts and codes differ from the truth: $(head -20 "$tmp/diff")"
dups=$(sql "SELECT count(*) - count(DISTINCT canonical_url) FROM vacancy_current")
[ "$dups" = 0 ] || fail "$dups adverts stored twice"
uncoded=$(sql "SELECT count(*) FROM vacancy_current WHERE soc2020 IS NULL OR index_version IS NULL")
[ "$uncoded" = 0 ] || fail "$uncoded adverts uncoded"
pages=$(sql "SELECT count(*) FROM pages")
# One per advert page, one per JSON API document (2).
[ "$pages" -ge $(($(truth_open '^board[123]' | wc -l) + 2)) ] || fail "raw pages not kept ($pages)"

# The JSON API: both pages fetched (the log has no query string), every
# item stored under its source.
api_gets=$(grep -c $'\tboard4.test\t/api/jobs.json\t200$' "$tmp/access.log")
[ "$api_gets" = 2 ] || fail "expected the JSON API's 2 pages to be fetched once each, got $api_gets"
[ "$(sql "SELECT count(*) FROM vacancy_current WHERE source = 'board4'")" = "$(truth_open board4 | wc -l)" ] \
    || fail "the JSON API's adverts are not all stored under board4"

# Live counts by SOC equal the truth's.
cut -f2 "$tmp/want.tsv" | sort | uniq -c | awk '{print $2 "\t" $1}' >"$tmp/want_counts"
sql "SELECT soc2020, count(*) FROM vacancy_current WHERE closed_at IS NULL GROUP BY 1 ORDER BY 1" \
    >"$tmp/got_counts"
diff "$tmp/want_counts" "$tmp/got_counts" >/dev/null || fail "counts by SOC differ from the truth"

# robots.txt: nothing under /private/ was asked for, and it was asked first.
grep -q $'\t/private/' "$tmp/access.log" && fail "a disallowed path was requested"
for h in 1 2 3 4; do
    first=$(awk -F'\t' -v h="board$h.test" '$2 == h { print $3; exit }' "$tmp/access.log")
    [ "$first" = /robots.txt ] || fail "board$h: the first request was $first, not /robots.txt"
done
# Crawl-delay: requests to one host at least $delay s apart (start to start).
awk -F'\t' -v d=$delay '
    { split($1, t, "T"); split(t[2], hms, ":"); s = hms[1] * 3600 + hms[2] * 60 + hms[3]
      sub(/Z$/, "", s)
      if (($2 in last) && s - last[$2] < d - 0.01) { printf "%s: %.3f s after the previous request\n", $2, s - last[$2]; bad = 1 }
      last[$2] = s }
    END { exit bad }' "$tmp/access.log" >"$tmp/gaps" || fail "Crawl-delay not respected: $(head -3 "$tmp/gaps")"

# vacancyctl status shows the work.
"$VACANCYCTL" status --schema "$schema" >"$tmp/status" || fail "status"
awk -F'\t' '$1 == "board1" && $5 > 0 && $9 > 0 { ok = 1 } END { exit !ok }' "$tmp/status" \
    || fail "status: $(cat "$tmp/status")"
grep -q 'error:robots=1' "$tmp/status" || fail "status does not count the robots refusal"

# Close two adverts, let the schedule come round (the clock moved on), and
# crawl again: both close, the rest stay open and are not stored again.
curl -sf -H 'Host: board1.test' "http://127.0.0.1:$port/_board/close?id=3" >/dev/null || fail "close 3"
curl -sf -H 'Host: board3.test' "http://127.0.0.1:$port/_board/close?id=4" >/dev/null || fail "close 4"
sql "UPDATE frontier SET next_fetch = now() - interval '1 second'" >/dev/null
run_until_idle
closed=$(sql "SELECT count(*) FROM vacancy_current WHERE closed_at IS NOT NULL")
[ "$closed" = 2 ] || fail "expected the 2 closed adverts to close, got $closed"
for u in "http://board1.test:$port/jobs/3" "http://board3.test:$port/jobs/4"; do
    [ "$(sql "SELECT count(*) FROM vacancy_current WHERE canonical_url = '$u' AND closed_at IS NOT NULL")" = 1 ] \
        || fail "$u did not close"
done
[ "$(sql "SELECT count(*) FROM adverts")" = "$(wc -l <"$tmp/want.tsv")" ] || fail "adverts duplicated by the recheck"
nm=$(sql "SELECT COALESCE(sum(n), 0) FROM crawl_stats WHERE counter = 'not_modified'")
[ "$nm" -gt 0 ] || fail "the recheck sent no conditional GET that was answered 304"

# Re-parsing the kept pages, as after a parser upgrade: with every stored
# reading made stale, `recode --reparse` gives each advert one new version
# read from its page (the JSON API's from its two documents), written as
# of when it was last seen: the closed adverts stay closed, open adverts
# keep their codes, and the rollups count nothing twice.
stored_open >"$tmp/open_before"
rollup="SELECT count(*), sum(new_n), sum(closed_n) FROM counts_daily"
before=$(sql "$rollup")
sql "UPDATE adverts SET content_hash = 0" >/dev/null
"$VACANCYCTL" recode --reparse --schema "$schema" --coder-dir "$tmp/coder" >"$tmp/reparse" 2>"$tmp/reparse.err" \
    || fail "recode --reparse: $(cat "$tmp/reparse.err")"
grep -Eq '^re-parsed ([0-9]+) of \1 kept page\(s\): ' "$tmp/reparse" \
    || fail "recode --reparse: $(cat "$tmp/reparse" "$tmp/reparse.err")"
n=$(sql "SELECT count(*) FROM adverts")
[ "$(sql "SELECT count(*) FROM adverts WHERE version = 2")" = "$n" ] \
    || fail "not every advert got one new version: $(sql "SELECT version, count(*) FROM adverts GROUP BY 1")"
[ "$(sql "SELECT count(*) FROM vacancy_current WHERE closed_at IS NOT NULL")" = 2 ] \
    || fail "re-parsing reopened closed adverts"
stored_open | diff "$tmp/open_before" - >/dev/null || fail "re-parsing changed the open adverts or their codes"
[ "$(sql "$rollup")" = "$before" ] || fail "re-parsing moved the rollups: $before -> $(sql "$rollup")"
echo ok
