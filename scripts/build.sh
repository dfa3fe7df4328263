#!/usr/bin/env bash
# Configures and builds one preset (debug, release or asan; default release). Further arguments
# name the targets to build (default: all of them, tests and benchmarks too).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift || true
cmake --preset "$preset" >/dev/null
if [ "$#" -gt 0 ]; then
  cmake --build --preset "$preset" --target "$@"
else
  cmake --build --preset "$preset"
fi
