#!/usr/bin/env bash
# End-to-end: vacancyctl db / counts / pathways / recode against the
# PostgreSQL scripts/test starts. Usage: storage.sh VACANCYCTL
# (needs DATABASE_URL and VACANCY_DATA_DIR; skipped otherwise)
set -euo pipefail
ctl=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${DATABASE_URL:-}" ] || { echo "skipped: no DATABASE_URL"; exit 77; }
[ -n "${VACANCY_DATA_DIR:-}" ] && [ -d "$VACANCY_DATA_DIR/courses" ] || { echo "skipped: no data"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export VACANCY_CODER_DIR=$tmp/coder

# Usage errors exit 2; --help exits 0.
set +e
"$ctl" db >/dev/null 2>&1; [ $? -eq 2 ] || fail "db without a subcommand should exit 2"
"$ctl" db frobnicate >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown db subcommand should exit 2"
"$ctl" counts --by nonsense >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --by should exit 2"
"$ctl" counts --since yesterday >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --since should exit 2"
"$ctl" pathways >/dev/null 2>&1; [ $? -eq 2 ] || fail "pathways needs one of --soc/--standard/--subject"
"$ctl" pathways --soc 2231 --subject 100279 >/dev/null 2>&1; [ $? -eq 2 ] || fail "pathways takes one question"
"$ctl" db load-mapping --kind subject >/dev/null 2>&1; [ $? -eq 2 ] || fail "load-mapping needs a file"
"$ctl" counts --db "host=/nonexistent" >/dev/null 2>&1; [ $? -eq 1 ] || fail "an unreachable database should exit 1"
set -e
for c in db counts pathways recode; do
    "$ctl" $c --help | grep -q "usage: vacancyctl $c" || fail "$c --help"
done

"$ctl" db migrate >/dev/null
"$ctl" db migrate | grep -q '^applied 0 migration' || fail "second migrate should apply nothing"
"$ctl" db load-reference >"$tmp/ref.log" || fail "load-reference: $(cat "$tmp/ref.log")"
"$ctl" db status | grep -q '^schema version' || fail "db status"

# Official subject -> SOC table: the bad line is reported, the rest loaded.
printf 'code,soc,share\n100279,2231,0.6\n100279,22x1,0.1\n' >"$tmp/map.csv"
"$ctl" db load-mapping --kind subject --origin e2e "$tmp/map.csv" 2>"$tmp/map.err" \
    | grep -q 'loaded 1 official' || fail "load-mapping"
grep -q "map.csv:3: skipped" "$tmp/map.err" || fail "bad mapping line should be named: $(cat "$tmp/map.err")"
"$ctl" pathways --subject 100279 --format csv | grep -q '^2231,.*,official,' \
    || fail "pathways --subject shows the official mapping"
"$ctl" pathways --soc 2231 --format json | grep -q '"method": "official"' \
    || fail "pathways --soc lists the subject"

# Derived standard -> SOC with the coder.
"$ctl" index build 2>/dev/null
"$ctl" db derive-standards | grep -Eq '^derived [1-9][0-9]* SOC mapping' || fail "derive-standards"
"$ctl" pathways --standard 274 --format json | grep -q '"method": "derived"' \
    || fail "pathways --standard shows derived mappings"
"$ctl" pathways --standard 999999 >/dev/null 2>&1 && fail "unknown standard should fail"

"$ctl" counts --by soc4,region --since 30d --live --format csv | head -1 \
    | grep -qx 'soc4,soc_title,region,region_name,live' || fail "counts csv header"
"$ctl" counts --by soc1 --per week --format json | head -c1 | grep -q '\[' || fail "counts json"
# A SOC prefix is digits: anything else is named and refused.
"$ctl" counts --soc 2x >/dev/null 2>"$tmp/soc.err" && fail "counts --soc 2x should fail"
grep -q 'SOC prefix "2x": expected 1 to 4 digits' "$tmp/soc.err" || fail "bad --soc not named: $(cat "$tmp/soc.err")"
"$ctl" recode | grep -q '^coded ' || fail "recode"
echo ok
