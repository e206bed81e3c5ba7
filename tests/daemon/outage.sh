#!/usr/bin/env bash
# PostgreSQL stopped mid-crawl and started again: vacancyd keeps running,
# then finishes with every advert stored once; SIGTERM still exits 0.
# Usage: outage.sh VACANCYD VACANCYCTL SAMPLE_BOARD (needs the private
# cluster scripts/test starts: VH_PG_BIN, VH_PG_DIR)
set -uo pipefail
VACANCYD=$1 VACANCYCTL=$2 BOARD=$3
[ -n "${VH_PG_BIN:-}" ] && [ -n "${VH_PG_DIR:-}" ] || { echo "skipped: not the private cluster"; exit 77; }
. "$(dirname "$0")/lib.sh"
pg() {
    local as=()
    [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
    "${as[@]}" "$VH_PG_BIN/pg_ctl" -D "$VH_PG_DIR/data" -w -l "$VH_PG_DIR/server.log" \
        -o "-c listen_addresses='' -c unix_socket_directories='$VH_PG_DIR'" "$@" >/dev/null
}
trap 'pg status || pg start; cleanup' EXIT

start_board --hosts 2 --adverts 40 --crawl-delay 0.2
write_config 2
source_conf board1 sitemap "http://board1.test:$port/sitemap.xml"
source_conf board2 sitemap "http://board2.test:$port/sitemap.xml"
truth_open . | cut -f1 >"$tmp/want.tsv"
want=$(wc -l <"$tmp/want.tsv")
stored() { sql "SELECT count(*) FROM adverts" 2>/dev/null || echo 0; }

"$VACANCYD" --config "$tmp/vacancyd.conf" 2>>"$tmp/daemon.log" &
daemon_pid=$!
for _ in $(seq 200); do [ "$(stored)" -ge 10 ] && break; sleep 0.1; done
[ "$(stored)" -ge 10 ] || fail "nothing stored before the outage"
pg stop -m fast || fail "pg_ctl stop"
sleep 3
kill -0 "$daemon_pid" 2>/dev/null || fail "vacancyd died with the database: $(tail -5 "$tmp/daemon.log")"
pg start || fail "pg_ctl start"
for _ in $(seq 600); do [ "$(stored)" -ge "$want" ] && break; sleep 0.1; done
kill -0 "$daemon_pid" 2>/dev/null || fail "vacancyd died after the outage"
kill -TERM "$daemon_pid"; wait "$daemon_pid"; rc=$?; daemon_pid=
[ "$rc" = 0 ] || fail "SIGTERM after the outage: exit status $rc"
stored_open | cut -f1 >"$tmp/got.tsv"
diff "$tmp/want.tsv" "$tmp/got.tsv" >"$tmp/diff" || fail "lost or extra adverts: $(head "$tmp/diff")"
[ "$(stored)" = "$want" ] || fail "duplicates"
grep -q 'frontier\|storage' "$tmp/daemon.log" || fail "the outage was not logged"
echo ok
