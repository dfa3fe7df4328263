#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install, build, and open the Callgate console in demo
# mode (simulated callers, a simulated AI and simulated Twilio services; no keys needed). Extra
# arguments go to callgate. Without a display (a server, an SSH session) the same demo runs
# headless and logs what happens.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release callgate # only what the demo runs: no tests, no benchmarks
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: running the demo headless (Ctrl+C lets the calls finish, a second Ctrl+C stops at once)." >&2
  exec build/release/app/callgate --headless --demo "$@"
fi
exec build/release/app/callgate --demo "$@"
