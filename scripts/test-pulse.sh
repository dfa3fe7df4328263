#!/usr/bin/env bash
# Virtual sound devices for the audio tests and benchmarks: a PulseAudio server (started if none is
# running; ALSA's null device does not keep real time, PulseAudio's null sink does) with two null
# sinks the tests address by name (PULSE_SINK / PULSE_SOURCE), never changing anyone's defaults:
#   callgate_speaker  what the console plays; a test records its monitor
#   callgate_mic      what a test plays into it, the console's microphone hears (its monitor)
set -euo pipefail

if ! command -v pulseaudio >/dev/null || ! command -v pactl >/dev/null; then
    echo "test-pulse: pulseaudio and pulseaudio-utils are needed (scripts/install-deps.sh installs them)" >&2
    exit 1
fi

if ! pactl info >/dev/null 2>&1; then
    # As root (CI) PulseAudio warns that it is meant for a user session; it runs all the same.
    pulseaudio --daemonize=yes --exit-idle-time=-1 --disallow-exit --no-cpu-limit -n \
        --load=module-native-protocol-unix --log-target=stderr 2>/dev/null || true
    for _ in $(seq 50); do
        pactl info >/dev/null 2>&1 && break
        sleep 0.1
    done
    pactl info >/dev/null 2>&1 || { echo "test-pulse: PulseAudio did not start" >&2; exit 1; }
fi

for sink in callgate_speaker callgate_mic; do
    if ! pactl list short sinks | awk '{print $2}' | grep -qx "$sink"; then
        # norewinds: a low-latency client otherwise makes the null sink fall behind real time.
        pactl load-module module-null-sink sink_name="$sink" rate=48000 norewinds=1 \
            sink_properties=device.description="$sink" >/dev/null
    fi
done
echo "test-pulse: PulseAudio ready (sinks callgate_speaker, callgate_mic)" >&2
