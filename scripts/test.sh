#!/usr/bin/env bash
# Installs, builds and runs every test: unit, integration, crash, end-to-end,
# lint (buf, layering) and a short benchmark smoke run.
# Usage: scripts/test.sh [extra ctest arguments, e.g. -L storage]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
cd build
ctest -j "${TRANSPO_JOBS:-2}" --output-on-failure --timeout 300 "$@"
