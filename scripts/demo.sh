#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install, build, and start Callgate in demo mode
# (simulated callers and a simulated AI; no keys needed). Extra arguments go to callgate.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
exec build/release/app/callgate --headless --demo "$@"
