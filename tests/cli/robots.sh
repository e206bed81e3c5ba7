#!/usr/bin/env bash
# End-to-end: vacancyctl robots explains verdicts with the deciding rule.
# Usage: robots.sh VACANCYCTL
set -euo pipefail
ctl=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

set +e
"$ctl" robots >/dev/null 2>&1; [ $? -eq 2 ] || fail "no arguments should exit 2"
"$ctl" robots "$tmp/r.txt" agent >/dev/null 2>&1; [ $? -eq 2 ] || fail "no URL should exit 2"
"$ctl" robots "$tmp/missing.txt" agent /x >/dev/null 2>"$tmp/err"; [ $? -eq 1 ] || fail "missing file should exit 1"
grep -q 'missing.txt' "$tmp/err" || fail "error names the file: $(cat "$tmp/err")"
set -e
"$ctl" robots --help | grep -q 'usage: vacancyctl robots' || fail "robots --help"

printf '# robots\nUser-agent: *\nDisallow: /\n\nUser-agent: vacancy-harvester\nAllow: /jobs/\nCrawl-delay: 2\nDisallow: /private\nDisallow: /*.pdf$\n' >"$tmp/r.txt"
out=$("$ctl" robots "$tmp/r.txt" vacancy-harvester /private/x http://h.test/jobs/1 /jobs/a.pdf /other)
expected='disallowed  /private/x  (Disallow: /private, line 8)
allowed     http://h.test/jobs/1  (Allow: /jobs/, line 6)
disallowed  /jobs/a.pdf  (Disallow: /*.pdf$, line 9)
allowed     /other  (no rule matched)'
[ "$out" = "$expected" ] || fail "verdicts: got
$out"
out=$("$ctl" robots - OtherBot /x <"$tmp/r.txt")
[ "$out" = "disallowed  /x  (Disallow: /, line 3)" ] || fail "stdin and '*': $out"
echo ok
