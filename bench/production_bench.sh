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
#   bench/production_bench.sh [--base REV] [--seconds 20] [--calls "100 200 400"] [--modes "plain tls"]
#                             [--builds "base new pairs"]
set -euo pipefail
cd "$(dirname "$0")/.."
base=fd56285
seconds=20
calls="100 200 400"
modes="plain tls"
builds="base new pairs"
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --calls) calls="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    --builds) builds="$2"; shift 2 ;;
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
      for label in $builds; do
        binary=build/release/app/callgate
        [ "$label" = base ] && binary=$tree/build/release/app/callgate
        printf '%s %s %s ' "$label" "$mode" "$n"
        run "$label" "$binary" "$mode" "$n"
      done
    done
  done
} > "$work/results"

python3 - "$work/results" "$baseRev" "$here" <<'PY'
import json, sys
path, base, here = sys.argv[1:4]
print(f"| build | AI leg | calls | CPU % | user % | system % | syscalls/frame | up p50/p99 ms | down p50/p99 ms | RSS/call KB | frames lost up/down | truncation p50/p99 ms |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for line in open(path):
    label, mode, n, js = line.split(' ', 3)
    d = json.loads(js)
    up, down = d['addedLatencyCallerToAi'], d['addedLatencyAiToCaller']
    t = d['bargeIn']['errorVsHeard']
    s = d.get('syscallsPerFrame', -1)
    build = base if label == 'base' else here + (' (2 frames/append)' if label == 'pairs' else '')
    print(f"| {build} | {'wss' if mode == 'tls' else 'ws'} | {n} | {d['gatewayCpuPercentOfOneCore']:.1f} | "
          f"{d.get('gatewayUserPercent', 0):.1f} | {d.get('gatewaySystemPercent', 0):.1f} | {s:.2f} | "
          f"{up['p50Ms']:.2f} / {up['p99Ms']:.2f} | {down['p50Ms']:.2f} / {down['p99Ms']:.2f} | {d['rssPerCallKb']:.0f} | "
          f"{d['framesCallerToAi']['lost']} / {d['framesAiToCaller']['lost']} | {t['p50Ms']:.0f} / {t['p99Ms']:.0f} |")
PY
