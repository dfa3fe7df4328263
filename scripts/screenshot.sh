#!/usr/bin/env bash
# Starts the console in demo mode under Xvfb and saves a picture of it once five calls are live and
# one waits for an agent (read from /metrics), listening to the first call (Ctrl+L, through
# a null sink of a PulseAudio server of its own). The test command writes it into the build folder;
# the README's picture is updated on purpose with the default output. The console runs with
# settings of its own (never the user's), in the language given (en, de or es) on a screen of the
# size given. CALLGATE_SHOT_AFTER=<seconds> waits at least that long into the demo (a fuller day in
# the queue panel).
#
#   scripts/screenshot.sh [build-dir=build/debug] [output=docs/console.png] [language=en] [screen=1180x760]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/debug}"; out="${2:-docs/console.png}"; lang="${3:-en}"; screen="${4:-1180x760}"
mkdir -p "$(dirname "$out")"
work=$(mktemp -d)
trap 'scripts/test-pulse.sh --stop "$work/pulse"; rm -rf "$work"' EXIT
PULSE_SERVER=$(scripts/test-pulse.sh --private "$work/pulse")
export PULSE_SERVER PULSE_SINK=callgate_speaker PULSE_SOURCE=callgate_mic.monitor
port=$(( 20000 + RANDOM % 20000 ))
# The console's own settings (its language) in the scratch folder: QSettings reads XDG_CONFIG_HOME.
mkdir -p "$work/config/Callgate"
printf '[console]\nlanguage=%s\n' "$lang" > "$work/config/Callgate/callgate.conf"
export XDG_CONFIG_HOME="$work/config"
export CALLGATE_SHOT_AFTER="${CALLGATE_SHOT_AFTER:-0}"
export CALLGATE_SHOT_BIN="$(realpath -m "$build/app/callgate")" CALLGATE_SHOT_OUT="$(realpath -m "$out")" CALLGATE_SHOT_PORT="$port" CALLGATE_SHOT_WORK="$work"
xvfb-run -a -s "-screen 0 ${screen}x24" bash -c '
  "$CALLGATE_SHOT_BIN" --demo --port "$CALLGATE_SHOT_PORT" --bind-address 127.0.0.1 \
    --database-url "$CALLGATE_SHOT_WORK/calls.sqlite" --prompt-cache-dir "$CALLGATE_SHOT_WORK/prompts" \
    > "$CALLGATE_SHOT_WORK/console.log" 2>&1 &
  pid=$!
  ok=0
  start=$(date +%s)
  for _ in $(seq $(( 180 + CALLGATE_SHOT_AFTER * 2 ))); do
    sleep 0.5
    [ $(( $(date +%s) - start )) -ge "$CALLGATE_SHOT_AFTER" ] || continue
    m=$(curl -sf "http://127.0.0.1:$CALLGATE_SHOT_PORT/metrics" || true)
    active=$(echo "$m" | awk "/^callgate_sessions_active /{print \$2}")
    waiting=$(echo "$m" | awk "/^callgate_calls_waiting_for_agent /{print \$2}")
    if [ "${active:-0}" -ge 5 ] && [ "${waiting:-0}" -ge 1 ]; then
      # Listen to the selected call, as a supervisor would with Ctrl+L.
      win=$(xdotool search --name "^Callgate" 2>/dev/null | head -1 || true)
      [ -n "$win" ] && xdotool windowfocus --sync "$win" key --clearmodifiers ctrl+l 2>/dev/null || true
      sleep 2 # let the meters move and the console show the last update
      import -window root "$CALLGATE_SHOT_OUT"
      ok=1
      break
    fi
  done
  kill -INT $pid; sleep 0.5; kill -INT $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  [ $ok = 1 ] || { echo "screenshot: the demo never had five live calls with one waiting for an agent" >&2; tail -20 "$CALLGATE_SHOT_WORK/console.log" >&2; exit 1; }
'
echo "screenshot: $out"
