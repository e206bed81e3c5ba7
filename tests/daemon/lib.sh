# tests/daemon/lib.sh - shared by the daemon's end-to-end tests. Sourced.
# Needs: VACANCYD, VACANCYCTL, BOARD set; DATABASE_URL, VACANCY_DATA_DIR.

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${DATABASE_URL:-}" ] || { echo "skipped: no DATABASE_URL"; exit 77; }
[ -n "${VACANCY_DATA_DIR:-}" ] && [ -d "$VACANCY_DATA_DIR/soc" ] || { echo "skipped: no data"; exit 77; }

tmp=$(mktemp -d)
board_pid=
daemon_pid=
cleanup() {
    [ -n "$daemon_pid" ] && kill -9 "$daemon_pid" 2>/dev/null
    [ -n "$board_pid" ] && kill "$board_pid" 2>/dev/null && wait "$board_pid" 2>/dev/null
    psql "$DATABASE_URL" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
schema=vd_test_$$

# The coder: the title index alone (fast to build).
"$VACANCYCTL" index build --out "$tmp/coder" >/dev/null 2>&1 || fail "index build"

# start_board ARGS...: the sample board on a free loopback port -> $port
start_board() {
    "$BOARD" --truth "$tmp/truth.tsv" --log "$tmp/access.log" "$@" >"$tmp/board.out" 2>&1 &
    board_pid=$!
    for _ in $(seq 50); do
        port=$(sed -n 's/^listening on 127.0.0.1://p' "$tmp/board.out")
        [ -n "$port" ] && return 0
        sleep 0.1
    done
    fail "the board did not start: $(cat "$tmp/board.out")"
}

# write_config HOSTS: vacancyd.conf pinning board1..N.test to 127.0.0.1
write_config() {
    local resolve="" h
    for h in $(seq "$1"); do resolve="$resolve board$h.test:$port:127.0.0.1"; done
    mkdir -p "$tmp/sources.d"
    cat >"$tmp/vacancyd.conf" <<CONF
[daemon]
coder_dir = $tmp/coder
database_schema = $schema
sources_dir = $tmp/sources.d
user_agent = vacancy-harvester/0.1
contact_url = https://example.org/crawler
allow_private_addresses = true
concurrency = 16
min_delay = 0.05
log_level = notice
resolve =$resolve
CONF
}

# source NAME TYPE START [KEY = VALUE lines...]
source_conf() {
    local name=$1 type=$2 start=$3; shift 3
    { printf '[source]\ntype = %s\nstart = %s\n' "$type" "$start"; printf '%s\n' "$@"; } \
        >"$tmp/sources.d/$name.conf"
}

sql() { psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -tAF$'\t' -c "SET search_path TO $schema" -c "$1" | sed 1d; }

run_until_idle() {
    timeout 240 "$VACANCYD" --config "$tmp/vacancyd.conf" --until-idle 2>>"$tmp/daemon.log" \
        || fail "vacancyd --until-idle exited $?: $(tail -20 "$tmp/daemon.log")"
}

# Open adverts of the truth as URL<TAB>SOC, sorted; $1: host filter (regex)
truth_open() { awk -F'\t' -v h="$1" 'NR > 1 && $16 == "open" && $1 ~ h { print $3 "\t" $7 }' "$tmp/truth.tsv" | sort; }
stored_open() { sql "SELECT canonical_url, soc2020 FROM vacancy_current WHERE closed_at IS NULL" | sort; }
