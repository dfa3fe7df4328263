#!/usr/bin/env bash
# Installs what is missing, builds the debug preset, starts a local PostgreSQL for the store tests
# and PulseAudio with virtual devices for the sound tests, and runs every test (ctest -j2).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh debug
# The call store is tested against a real PostgreSQL as well as SQLite.
CALLGATE_TEST_DATABASE_URL="$(scripts/test-postgres.sh)"
export CALLGATE_TEST_DATABASE_URL
# The sound tests play and record through PulseAudio's null sinks.
scripts/test-pulse.sh
ctest --preset debug
# The console in demo mode under Xvfb, pictured once five calls are live and one waits for an agent,
# listening to one of them.
scripts/screenshot.sh build/debug docs/console.png
