#!/usr/bin/env bash
# fuzz/run.sh - run libFuzzer targets one at a time, niced, for SECONDS each.
#   fuzz/run.sh BUILD_DIR SECONDS TARGET...   (e.g. build/fuzz 600 page jsonld)
# Build first: CC=clang cmake -S . -B build/fuzz -DVH_FUZZ=ON -DVH_TESTS=OFF
# New inputs go to a scratch corpus; merge the interesting ones back with
#   build/fuzz/fuzz/fuzz_T -merge=1 fuzz/corpus/T /tmp/vh-fuzz/T
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$1 secs=$2; shift 2
: "${VACANCY_DATA_DIR:=$root/../shared/reference}"
export VACANCY_DATA_DIR
for t in "$@"; do
    scratch=${VH_FUZZ_SCRATCH:-/tmp/vh-fuzz}/$t
    mkdir -p "$scratch"
    max_len=4096
    [ "$t" = page ] || [ "$t" = jsonld ] || [ "$t" = jsonapi ] || [ "$t" = feed ] && max_len=65536
    echo "== fuzz_$t for ${secs}s (max_len $max_len) $(date -u +%FT%TZ)"
    (cd "$scratch" && nice -n 10 "$build/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 \
        -rss_limit_mb=2048 -max_len=$max_len -print_final_stats=1 \
        "$scratch" "$root/fuzz/corpus/$t") 2>&1 | grep -E '^(==|SUMMARY|Done|stat::)|ERROR|#[0-9]+ *DONE' || true
    echo "== fuzz_$t ended $(date -u +%FT%TZ)"
done
