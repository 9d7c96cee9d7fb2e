#!/usr/bin/env bash
# Installs what is missing (scripts/setup.sh), configures once and builds
# everything into build/ with 2 jobs (ccache when available).
# Usage: scripts/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build build -j "${TRANSPO_JOBS:-2}"
