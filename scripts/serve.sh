#!/usr/bin/env bash
# Installs, builds and starts transpod in the foreground with its defaults:
# gRPC on 127.0.0.1:50051, metrics on 127.0.0.1:9464, data in ./var/transpo,
# and the demo data set of deploy/demo/ (real directives, illustrative
# administrations, dossiers and procedures; loading it again on a restart
# writes nothing). transpoctl is built next to it: build/clients/transpoctl.
# Extra arguments go to transpod. Stop it with Ctrl-C (graceful).
# Usage: scripts/serve.sh [transpod flags]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
exec build/server/transpod --demo-data deploy/demo/administrations.csv \
  --demo-data deploy/demo/dossiers.csv "$@"
