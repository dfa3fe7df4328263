#!/usr/bin/env bash
# Calls per second through nginx for 1, 2 and 3 gateway instances (release build). For each count,
# scripts/cluster.sh starts PostgreSQL, the instances, nginx and the simulated services (no demo
# callers); bench/cluster_sim then sets calls up back to back, --concurrency at a time, for
# --seconds: each call is two webhooks (Lookup, the consent answer stored), the shared ledger three
# times (the token, the session stored, the session claimed), a media stream opened and started
# (the AI session opened) and stopped, and the call's record written. Prints one line per count:
# calls/s, set-up time p50/p99 (first webhook to hang-up), and CPU in % of one core of nginx, of
# all the instances together, of PostgreSQL, of the simulated services (OpenAI, Twilio REST) and of
# the callers — all on this machine's cores at once.
#
#   bench/cluster_bench.sh [--seconds 20] [--concurrency 24] [--instances "1 2 3"] [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=20 concurrency=24 counts="1 2 3" build=1
while [ $# -gt 0 ]; do
    case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --instances) counts=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
    esac
done
if [ "$build" = 1 ]; then
    scripts/install-deps.sh
    scripts/build.sh release callgate cluster_sim
fi
hz=$(getconf CLK_TCK)
ticks() { # user+system ticks of the given pids (gone ones count 0)
    local sum=0 p
    for p in "$@"; do
        [ -r "/proc/$p/stat" ] || continue
        sum=$((sum + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
    done
    echo "$sum"
}
port=18080
printf '%-9s %8s %9s %9s %7s %10s %11s %10s %9s\n' instances calls/s p50_ms p99_ms nginx% gateways% postgresql% services% callers%
for n in $counts; do
    dir=$(mktemp -d /tmp/callgate-bench-cluster.XXXXXX)
    scripts/cluster.sh --no-build --instances "$n" --port "$port" --callers none --dir "$dir" 2> "$dir/cluster.log" &
    cluster=$!
    for _ in $(seq 1 300); do [ -f "$dir/ready" ] && break; sleep 0.1; done
    [ -f "$dir/ready" ] || { cat "$dir/cluster.log" >&2; kill "$cluster"; exit 1; }
    token=$(sed -n 's/^TWILIO_AUTH_TOKEN=//p' "$dir/gw1/.env")
    gws=$(for i in $(seq 1 "$n"); do cat "$dir/gw$i/pid"; done)
    pg_main=$(head -1 "$dir/pg/data/postmaster.pid")
    nginx=$(cat "$dir/nginx.pid.run")
    sims=$(pgrep -f "cluster_sim --ai-port $((port + 60))" || true)
    build/release/bench/cluster_sim --ai-port 0 --rest-port 0 --auth-token "$token" --public-url https://callgate.localhost \
        --gateway-url "http://127.0.0.1:$port" --callers load --concurrency "$concurrency" --seconds "$seconds" \
        > "$dir/load.json" 2> "$dir/load.log" &
    load=$!
    sleep 2 # the driver's own start and the first calls: not measured
    pgs="$pg_main $(pgrep -P "$pg_main" | tr '\n' ' ')"
    t0=$(date +%s.%N)
    n0=$(ticks "$nginx") g0=$(ticks $gws) p0=$(ticks $pgs) s0=$(ticks $sims)
    sleep $((seconds - 5))
    n1=$(ticks "$nginx") g1=$(ticks $gws) p1=$(ticks $pgs) s1=$(ticks $sims)
    t1=$(date +%s.%N)
    wait "$load"
    kill -TERM "$cluster" 2>/dev/null || true
    wait "$cluster" 2>/dev/null || true
    python3 - "$n" "$dir/load.json" "$hz" "$t0" "$t1" "$n0" "$n1" "$g0" "$g1" "$p0" "$p1" "$s0" "$s1" <<'EOF'
import json, sys
n, path, hz, t0, t1 = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
t = [int(x) for x in sys.argv[6:]]
pct = lambda a, b: 100.0 * (b - a) / hz / (t1 - t0)
r = json.load(open(path))
print("%-9s %8.1f %9.0f %9.0f %7.1f %10.1f %11.1f %10.1f %9.1f" % (n, r["callsPerSecond"], r["setupMs"]["p50"], r["setupMs"]["p99"],
      pct(t[0], t[1]), pct(t[2], t[3]), pct(t[4], t[5]), pct(t[6], t[7]), r["driverCpuPercent"]))
if r["failed"]:
    print("  %d of %d calls failed; the first: %s" % (r["failed"], r["failed"] + r["calls"], r["firstFailure"]))
EOF
    rm -rf "$dir" 2>/dev/null || true
done
