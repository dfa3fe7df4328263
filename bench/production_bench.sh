#!/usr/bin/env bash
# The production path, side by side: the gateway as it was at a base commit (default fd56285) and
# as it is in this tree, both built with the release preset, each driven in turn by this tree's
# load generator (bench/loadgen: tagged frames each way, barge-ins) at 100, 200 and 400 calls,
# with the AI leg plain (ws://) and over TLS (wss://, a CA made for the run). One table:
#   CPU (% of one core) and its user/system split, system calls per Twilio frame, added latency
#   each way (p50/p99), resident memory per call, barge-in truncation error (p50/p99).
# The base build has no setting to trust a private CA; over TLS it runs in a mount namespace of its
# own where /etc/ssl/certs also holds the run's CA (nothing outside that namespace changes; needs
# root). A third row runs this tree with AI_AUDIO_FRAMES_PER_APPEND=2 (two caller frames per append
# to the AI). Everything shares this machine's cores: the gateway, the simulated OpenAI and Twilio,
# the callers.
#
# With --repeat N each row is run N times, the builds taking turns, and the table gives each
# figure's median (CPU also its lowest and highest; frames lost, the most any run lost): a single
# run on two shared cores can be off by a fifth.
#
#   bench/production_bench.sh [--base REV] [--seconds 20] [--calls "100 200 400"] [--modes "plain tls"]
#                             [--builds "base new pairs"] [--repeat 1]
set -euo pipefail
cd "$(dirname "$0")/.."
base=fd56285
seconds=20
calls="100 200 400"
modes="plain tls"
builds="base new pairs"
repeat=1
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --calls) calls="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    --builds) builds="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
here=$(git rev-parse --short HEAD)
baseRev=$(git rev-parse --short "$base")

echo "building this tree ($here) …" >&2
cmake --preset release >/dev/null
cmake --build build/release --target callgate loadgen >/dev/null
tree=build/bench-base-$baseRev
if [ ! -x "$tree/build/release/app/callgate" ]; then
  echo "building the base ($baseRev) in $tree …" >&2
  rm -rf "$tree"
  mkdir -p "$tree"
  git archive "$baseRev" | tar -x -C "$tree"
  (cd "$tree" && cmake --preset release >/dev/null && cmake --build build/release --target callgate >/dev/null)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build/release/bench/loadgen --only-certificates --certificates "$work/certs" 2>/dev/null
# The system's CAs and the run's, for the base build's private view of /etc/ssl/certs.
mkdir -p "$work/trust"
cp -L /etc/ssl/certs/*.pem "$work/trust/" 2>/dev/null || true
cp "$work/certs/server-ca.pem" "$work/trust/callgate-bench-ca.pem"
openssl rehash "$work/trust" >/dev/null 2>&1

run() { # build-label binary mode calls
  local label=$1 binary=$2 mode=$3 n=$4 args=(--calls "$n" --duration "$seconds" --gateway "$binary")
  [ "$label" = pairs ] && args+=(--frames-per-append 2)
  if [ "$mode" = tls ]; then
    args+=(--tls --certificates "$work/certs")
    if [ "$label" = base ]; then
      args+=(--trust-system)
      unshare -m bash -c 'mount --bind "$0" /etc/ssl/certs && exec "$@"' "$work/trust" build/release/bench/loadgen "${args[@]}" 2>/dev/null | tail -1
      return
    fi
  fi
  build/release/bench/loadgen "${args[@]}" 2>/dev/null | tail -1
}

{
  for mode in $modes; do
    for n in $calls; do
      for ((r = 0; r < repeat; r++)); do
        for label in $builds; do
          binary=build/release/app/callgate
          [ "$label" = base ] && binary=$tree/build/release/app/callgate
          printf '%s %s %s ' "$label" "$mode" "$n"
          run "$label" "$binary" "$mode" "$n"
        done
      done
    done
  done
} > "$work/results"

python3 - "$work/results" "$baseRev" "$here" "$repeat" <<'PY'
import json, statistics, sys
path, base, here, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rows = {}  # (label, mode, calls) -> runs, in the order first seen
for line in open(path):
    label, mode, n, js = line.split(' ', 3)
    rows.setdefault((label, mode, n), []).append(json.loads(js))
cpu_head = "CPU % (median, low–high)" if repeat > 1 else "CPU %"
print(f"| build | AI leg | calls | {cpu_head} | user % | system % | syscalls/frame | up p50/p99 ms | down p50/p99 ms | RSS/call KB | frames lost up/down | truncation p50/p99 ms |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for (label, mode, n), runs in rows.items():
    med = lambda f: statistics.median(f(d) for d in runs)
    cpus = [d['gatewayCpuPercentOfOneCore'] for d in runs]
    cpu = f"{statistics.median(cpus):.1f}" + (f" ({min(cpus):.1f}–{max(cpus):.1f})" if len(runs) > 1 else "")
    up = lambda k: med(lambda d: d['addedLatencyCallerToAi'][k])
    down = lambda k: med(lambda d: d['addedLatencyAiToCaller'][k])
    cut = lambda k: med(lambda d: d['bargeIn']['errorVsHeard'][k])
    lostUp = max(d['framesCallerToAi']['lost'] for d in runs)
    lostDown = max(d['framesAiToCaller']['lost'] for d in runs)
    build = base if label == 'base' else here + (' (2 frames/append)' if label == 'pairs' else '')
    print(f"| {build} | {'wss' if mode == 'tls' else 'ws'} | {n} | {cpu} | "
          f"{med(lambda d: d.get('gatewayUserPercent', 0)):.1f} | {med(lambda d: d.get('gatewaySystemPercent', 0)):.1f} | "
          f"{med(lambda d: d.get('syscallsPerFrame', -1)):.2f} | "
          f"{up('p50Ms'):.2f} / {up('p99Ms'):.2f} | {down('p50Ms'):.2f} / {down('p99Ms'):.2f} | "
          f"{med(lambda d: d['rssPerCallKb']):.0f} | {lostUp} / {lostDown} | {cut('p50Ms'):.0f} / {cut('p99Ms'):.0f} |")
PY
