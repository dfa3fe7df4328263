#!/usr/bin/env bash
# Installs what is missing, builds the debug preset and runs every test (ctest -j2).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh debug
ctest --preset debug
