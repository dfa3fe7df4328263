#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan; the "fuzz" preset) and runs each for a while,
# starting from the seeds in fuzz/corpus/<target>/. What a run finds goes to build/fuzz/corpus (new
# inputs, kept between runs) and build/fuzz/artifacts (crashes, with the input that caused them).
#
#   bench/fuzz.sh [--seconds N] [--jobs J] [target ...]    default: 60 s each, one at a time, all targets
#
# Prints one line per target (runs, coverage, corpus, time) and exits non-zero if any target failed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60; jobs=1; targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) targets+=("$1"); shift ;;
    esac
done
command -v clang++ >/dev/null || { echo "fuzz: clang is needed (scripts/install-deps.sh installs it)" >&2; exit 1; }
out=build/fuzz
mkdir -p "$out/logs"
if ! { cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_targets; } >"$out/logs/build.log" 2>&1; then
    tail -30 "$out/logs/build.log" >&2
    echo "fuzz: the fuzz targets did not build (all of it: $out/logs/build.log)" >&2
    exit 1
fi
[ ${#targets[@]} -gt 0 ] || targets=($(ls fuzz/corpus))

run_one() {
    local t="$1"
    mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
    local log="$out/logs/$t.log"
    local rc=0
    # -timeout: one input may take at most 10 s; -rss_limit_mb: a leak or runaway buffer is a finding.
    "$out/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$out/artifacts/$t/" "$out/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
    local runs cov corpus
    runs=$(awk '/stat::number_of_executed_units/{print $2}' "$log")
    cov=$(grep -aoE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
    corpus=$(ls "$out/corpus/$t" | wc -l)
    if [ "$rc" -eq 0 ]; then
        printf '%-16s ok      %10s runs  coverage %5s  corpus %5s  (%s s)\n' "$t" "${runs:-?}" "${cov:-?}" "$corpus" "$seconds"
    else
        printf '%-16s FAILED  see %s and %s\n' "$t" "$log" "$out/artifacts/$t/"
        grep -aE "ERROR|fuzz check failed|SUMMARY" "$log" | head -5 | sed 's/^/    /'
    fi
    return "$rc"
}

failed=0
running=0
declare -A pids=()
for t in "${targets[@]}"; do
    [ -x "$out/fuzz/fuzz_$t" ] || { echo "fuzz: no target named $t" >&2; failed=1; continue; }
    run_one "$t" & pids[$t]=$!
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n || failed=1
        running=$((running - 1))
    fi
done
while [ "$running" -gt 0 ]; do
    wait -n || failed=1
    running=$((running - 1))
done
[ "$failed" -eq 0 ] || { echo "fuzz: a target failed" >&2; exit 1; }
