#!/usr/bin/env bash
# Virtual sound devices for the audio tests, the console picture and the audio benchmark: a
# PulseAudio server with two null sinks (null sinks keep real time; ALSA's null device does not),
# addressed by name (PULSE_SINK / PULSE_SOURCE), never changing anyone's defaults:
#   callgate_speaker  what the console plays; a test records its monitor
#   callgate_mic      what a test plays into it, the console's microphone hears (its monitor)
#
#   scripts/test-pulse.sh --private DIR   a server of our own, its socket and runtime files in DIR;
#                                         prints the PULSE_SERVER address. The tests use this: they
#                                         never share or touch the user's sound server.
#   scripts/test-pulse.sh --stop DIR      stops the server started with --private DIR
#   scripts/test-pulse.sh                 the sinks on the session's server (started if none runs),
#                                         for bench/audio_bench and trying things by hand
set -euo pipefail

if ! command -v pulseaudio >/dev/null || ! command -v pactl >/dev/null; then
    echo "test-pulse: pulseaudio and pulseaudio-utils are needed (scripts/install-deps.sh installs them)" >&2
    exit 1
fi

sinks=(callgate_speaker callgate_mic)
# norewinds: a low-latency client otherwise makes the null sink fall behind real time.
sink_args() { echo "sink_name=$1 rate=48000 norewinds=1 sink_properties=device.description=$1"; }

case "${1:-}" in
--private)
    dir=$(realpath -m "$2")
    mkdir -p "$dir/run"
    export PULSE_RUNTIME_PATH="$dir/run"
    socket="$dir/native"
    loads=(--load="module-native-protocol-unix auth-anonymous=1 socket=$socket")
    for s in "${sinks[@]}"; do loads+=(--load="module-null-sink $(sink_args "$s")"); done
    # As root (CI) PulseAudio warns that it is meant for a user session; it runs all the same.
    # No configuration files, no autospawn, no modules but ours: nothing of the desktop's.
    HOME="$dir" XDG_CONFIG_HOME="$dir" XDG_RUNTIME_DIR="$dir" \
        pulseaudio --daemonize=yes --exit-idle-time=-1 --disallow-exit --no-cpu-limit -n --use-pid-file=yes \
        --disable-shm=yes "${loads[@]}" --log-target=file:"$dir/pulse.log" 2>/dev/null || true
    for _ in $(seq 50); do
        PULSE_SERVER="unix:$socket" pactl info >/dev/null 2>&1 && break
        sleep 0.1
    done
    PULSE_SERVER="unix:$socket" pactl info >/dev/null 2>&1 || { echo "test-pulse: PulseAudio did not start in $dir" >&2; exit 1; }
    echo "unix:$socket"
    ;;
--stop)
    dir=$(realpath -m "$2")
    pid=$(cat "$dir/run/pid" 2>/dev/null || true)
    [ -n "$pid" ] || exit 0
    kill "$pid" 2>/dev/null || exit 0
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    ;;
"")
    if ! pactl info >/dev/null 2>&1; then
        pulseaudio --daemonize=yes --exit-idle-time=-1 --disallow-exit --no-cpu-limit -n \
            --load=module-native-protocol-unix --log-target=stderr 2>/dev/null || true
        for _ in $(seq 50); do
            pactl info >/dev/null 2>&1 && break
            sleep 0.1
        done
        pactl info >/dev/null 2>&1 || { echo "test-pulse: PulseAudio did not start" >&2; exit 1; }
    fi
    for s in "${sinks[@]}"; do
        if ! pactl list short sinks | awk '{print $2}' | grep -qx "$s"; then
            pactl load-module module-null-sink $(sink_args "$s") >/dev/null
        fi
    done
    echo "test-pulse: PulseAudio ready (sinks callgate_speaker, callgate_mic)" >&2
    ;;
*)
    sed -n '2,14p' "$0" >&2; exit 2 ;;
esac
