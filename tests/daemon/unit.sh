#!/usr/bin/env bash
# The installed systemd unit names the daemon where `cmake --install
# --prefix` put it, and stays hardened (systemd-analyze security <= 2.0).
# Usage: unit.sh BUILD_DIR
set -uo pipefail
build=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=/opt/vh-unit-test
DESTDIR=$tmp cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 \
    || fail "cmake --install: $(tail -5 "$tmp/install.log")"
unit=$tmp$prefix/lib/systemd/system/vacancyd.service
[ -f "$unit" ] || fail "no unit under $prefix/lib/systemd/system"
exec_start=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit")
[ "$exec_start" = "$prefix/sbin/vacancyd" ] || fail "ExecStart names $exec_start, not $prefix/sbin/vacancyd"
[ -x "$tmp$exec_start" ] || fail "$exec_start was not installed"
grep -q '@[A-Z_]*@' "$unit" && fail "unsubstituted @VARIABLE@ in the unit"
if command -v systemd-analyze >/dev/null; then
    score=$(systemd-analyze security --offline=true "$unit" 2>&1 | sed -n 's/.*exposure level for [^:]*: \([0-9.]*\).*/\1/p')
    [ -n "$score" ] || fail "systemd-analyze gave no score"
    awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || fail "exposure $score is over 2.0"
    echo "exposure $score"
fi
echo ok
