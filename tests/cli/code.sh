#!/usr/bin/env bash
# End-to-end: vacancyctl index build and code, as an operator runs them.
# Usage: code.sh VACANCYCTL   (needs VACANCY_DATA_DIR with the ONS index)
set -euo pipefail
ctl=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${VACANCY_DATA_DIR:-}" ] && [ -d "$VACANCY_DATA_DIR/soc" ] || { echo "skipped: no data"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export VACANCY_CODER_DIR=$tmp/coder

# Usage errors exit 2; --help exits 0 and prints usage.
set +e
"$ctl" >/dev/null 2>&1; [ $? -eq 2 ] || fail "no command should exit 2"
"$ctl" code --top 99 Nurse >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --top should exit 2"
"$ctl" index frobnicate >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad index subcommand should exit 2"
"$ctl" code Nurse >/dev/null 2>&1; [ $? -eq 1 ] || fail "coding before a build should fail with 1"
set -e
"$ctl" code --help | grep -q 'usage: vacancyctl code' || fail "code --help"
"$ctl" index --help | grep -q 'usage: vacancyctl index build' || fail "index --help"

"$ctl" index build 2>"$tmp/build.log" || fail "index build: $(cat "$tmp/build.log")"
grep -q 'v12 16042025' "$tmp/build.log" || fail "build log names the index version"

out=$("$ctl" code "Staff Nurse - Band 5")
echo "$out" | awk -F'\t' 'NR==2 {exit !($4=="2237" && $10=="exact" && $14=="v12 16042025")}' \
    || fail "staff nurse: $out"

# Batch: TSV rows per input line, bad lines reported and the rest coded.
printf 'Claims Adjuster\n\nManager\tretail banking\n%s\nSous Chef\n' \
    "$(head -c 2000 /dev/zero | tr '\0' x)" >"$tmp/in.txt"
"$ctl" code --batch --top 1 <"$tmp/in.txt" >"$tmp/out.tsv" 2>"$tmp/err.txt" && fail "bad lines should make the exit status 1" || true
[ "$(grep -c $'^2\t.*\terror\t' "$tmp/out.tsv")" = 1 ] || fail "empty line reported: $(cat "$tmp/out.tsv")"
grep -q '^line 4: title is 2000 bytes' "$tmp/err.txt" || fail "long line named: $(cat "$tmp/err.txt")"
awk -F'\t' '$1==1 {exit !($4=="3541")}' "$tmp/out.tsv" || fail "claims adjuster"
awk -F'\t' '$1==3 {exit !($4=="1131" && $11 ~ /context/)}' "$tmp/out.tsv" || fail "manager in banking"
awk -F'\t' '$1==5 {exit !($4=="5434")}' "$tmp/out.tsv" || fail "sous chef after bad lines"

# JSON lines, two worker threads, same answers as one.
printf 'Sous Chef\nHGV Driver\nTeaching Assistant\n' >"$tmp/in2.txt"
"$ctl" code --batch --json --jobs 2 <"$tmp/in2.txt" >"$tmp/j2"
"$ctl" code --batch --json --jobs 1 <"$tmp/in2.txt" >"$tmp/j1"
cmp -s "$tmp/j1" "$tmp/j2" || fail "--jobs changes results"
[ "$(wc -l <"$tmp/j2")" = 3 ] || fail "one JSON line per title"
head -1 "$tmp/j2" | grep -q '"soc2020":"5434"' || fail "json: $(head -1 "$tmp/j2")"
echo "1 passed, 0 failed"
