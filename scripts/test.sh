#!/usr/bin/env bash
# Installs what is missing, builds the debug preset and runs every test (ctest -j2) with a
# PostgreSQL cluster of its own for the store tests (the sound tests start their own PulseAudio),
# then each fuzz target for a few seconds (a broken harness is caught), then pictures the demo
# console under Xvfb into build/debug/console.png. Everything it starts, it stops.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh debug
work=$(mktemp -d /tmp/callgate-test.XXXXXX)
chmod 711 "$work" # the database server (its own user when we are root) keeps its files inside
cleanup() {
    scripts/test-postgres.sh --stop "$work/pg" || true
    rm -rf "$work"
}
trap cleanup EXIT
# The call store is tested against a real PostgreSQL as well as SQLite.
CALLGATE_TEST_DATABASE_URL="$(scripts/test-postgres.sh --private "$work/pg")"
export CALLGATE_TEST_DATABASE_URL
if ! ctest --preset debug; then
    echo "test: some tests failed (above); the fuzz targets and the console picture were not run" >&2
    exit 1
fi
bench/fuzz.sh --seconds 5 --jobs 2
# The console in demo mode, pictured once five calls are live and one waits for an agent,
# listening to one of them. (The README's picture is updated on purpose: scripts/screenshot.sh
# build/debug docs/console.png.)
scripts/screenshot.sh build/debug build/debug/console.png
