#!/usr/bin/env bash
# vacancyd killed with SIGKILL mid-crawl, restarted, stopped with SIGTERM,
# given a new source with SIGHUP, and run to the end: every advert stored
# exactly once, nothing left claimed, SIGTERM exits 0.
# Usage: restart.sh VACANCYD VACANCYCTL SAMPLE_BOARD
set -uo pipefail
VACANCYD=$1 VACANCYCTL=$2 BOARD=$3
. "$(dirname "$0")/lib.sh"

start_board --hosts 3 --adverts 30 --crawl-delay 0.2
write_config 3
source_conf board1 sitemap "http://board1.test:$port/sitemap.xml"
source_conf board2 feed "http://board2.test:$port/feed.rss"

stored() { sql "SELECT count(*) FROM adverts" 2>/dev/null || echo 0; }
wait_stored() { # wait_stored N: until N adverts are stored (20 s at most)
    for _ in $(seq 200); do [ "$(stored)" -ge "$1" ] && return 0; sleep 0.1; done
    fail "fewer than $1 adverts stored in time: $(tail -5 "$tmp/daemon.log")"
}

"$VACANCYD" --config "$tmp/vacancyd.conf" 2>>"$tmp/daemon.log" &
daemon_pid=$!
wait_stored 10
kill -9 "$daemon_pid"; wait "$daemon_pid" 2>/dev/null; daemon_pid=
before=$(stored)
[ "$(sql "SELECT count(*) FROM frontier WHERE state = 'claimed'")" -gt 0 ] \
    || echo "note: nothing was claimed at the kill" >&2

# Restart; add a source and reload with SIGHUP; stop with SIGTERM.
"$VACANCYD" --config "$tmp/vacancyd.conf" 2>>"$tmp/daemon.log" &
daemon_pid=$!
wait_stored $((before + 5))
source_conf board3 sitemap "http://board3.test:$port/sitemap.xml"
kill -HUP "$daemon_pid"
for _ in $(seq 100); do grep -q 'reloaded 3 source' "$tmp/daemon.log" && break; sleep 0.1; done
grep -q 'reloaded 3 source' "$tmp/daemon.log" || fail "SIGHUP did not reload the sources"
kill -TERM "$daemon_pid"
wait "$daemon_pid"; rc=$?; daemon_pid=
[ "$rc" = 0 ] || fail "SIGTERM: exit status $rc: $(tail -5 "$tmp/daemon.log")"
[ "$(sql "SELECT count(*) FROM frontier WHERE state = 'claimed'")" = 0 ] \
    || fail "SIGTERM left URLs claimed"

run_until_idle
# Which adverts, not their codes (e2e.sh checks those): URLs only.
truth_open . | cut -f1 >"$tmp/want.tsv"
stored_open | cut -f1 >"$tmp/got.tsv"
diff "$tmp/want.tsv" "$tmp/got.tsv" >"$tmp/diff" || fail "lost or extra adverts: $(head "$tmp/diff")"
[ "$(sql "SELECT count(*) FROM adverts")" = "$(wc -l <"$tmp/want.tsv")" ] || fail "duplicates"
[ "$(sql "SELECT count(*) FROM vacancy_codes WHERE is_current")" = "$(wc -l <"$tmp/want.tsv")" ] \
    || fail "codes missing or doubled"
echo ok
