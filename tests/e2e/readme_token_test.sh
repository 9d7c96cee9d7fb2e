#!/usr/bin/env bash
# The README's `buf curl` calls with a bearer token, run exactly as written
# against transpod with a token file: with the token they write and read, and
# the write's actor is the token's principal; with another token the first
# call is refused.
# Usage: readme_token_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source "$(dirname "$0")/await_line.sh"
source_dir=${1:?usage: readme_token_test.sh SOURCE_DIR BUILD_DIR}
build=${2:?usage: readme_token_test.sh SOURCE_DIR BUILD_DIR}
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- transpod output:"; cat "$work/out" 2>/dev/null; exit 1; }

# The fenced block between the markers, without its fences.
sed -n '/^<!-- token:begin -->$/,/^<!-- token:end -->$/p' "$source_dir/README.md" \
  | sed '1,2d;$d' | sed '$d' >"$work/calls.sh"
[ "$(grep -c '^buf curl ' "$work/calls.sh")" -eq 2 ] || fail "no buf curl calls in README.md"
export PATH="$source_dir/scripts/node_modules/.bin:$PATH"
command -v buf >/dev/null || fail "buf is not installed: run scripts/setup.sh"

"$build/server/transpod" token create --principal euro-coordinator --role coordinator \
  >"$work/created"
token=$(sed -n 2p "$work/created")
sed -n '/^principals {$/,/^}$/p' "$work/created" >"$work/tokens.txtpb"

"$build/server/transpod" --listen 127.0.0.1:0 --metrics-listen "" --data-dir "$work/data" \
  --token-file "$work/tokens.txtpb" >"$work/out" 2>&1 &
pid=$!
await_line "$work/out" "authentication on" "$pid" 60 || fail "transpod did not start"
port=$(sed -n 's|^transpod: gRPC on 127.0.0.1:\([0-9]*\)$|\1|p' "$work/out")
export TRANSPO_SERVER="127.0.0.1:$port"

TRANSPO_TOKEN="tpo_not-a-token-of-the-file" bash -euo pipefail "$work/calls.sh" \
  >"$work/refused" 2>&1 && { cat "$work/refused"; fail "a wrong token was let in"; }
grep -q '"code": "unauthenticated"' "$work/refused" \
  || { cat "$work/refused"; fail "a wrong token was not refused as unauthenticated"; }

TRANSPO_TOKEN=$token bash -euo pipefail "$work/calls.sh" >"$work/calls" 2>&1 \
  || { cat "$work/calls"; fail "the README's calls failed with a valid token"; }
[ "$(grep -c '"updatedBy": "euro-coordinator"' "$work/calls")" -eq 2 ] \
  || { cat "$work/calls"; fail "the actor is not the token's principal"; }
echo "the README's buf curl calls ran with a token; a wrong token was refused"
