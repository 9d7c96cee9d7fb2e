#!/usr/bin/env bash
# Installs, builds and starts transpod in the foreground with its defaults:
# gRPC on 127.0.0.1:50051, metrics on 127.0.0.1:9464, data in ./var/transpo,
# and the demo data set (deploy/demo/directives.csv; loading it again on a
# restart writes nothing).
# Extra arguments go to transpod. Stop it with Ctrl-C (graceful).
# Usage: scripts/serve.sh [transpod flags]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
exec build/server/transpod --demo-data deploy/demo/directives.csv "$@"
