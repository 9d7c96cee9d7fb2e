#!/usr/bin/env bash
# The README's transpoctl walkthrough, run exactly as written (twice: its
# writes carry request ids, so the second run records nothing new), against
# transpod started as scripts/serve.sh starts it (the demo data set, the
# system clock) on a free port.
# Usage: readme_walkthrough_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source "$(dirname "$0")/await_line.sh"
source_dir=${1:?usage: readme_walkthrough_test.sh SOURCE_DIR BUILD_DIR}
build=${2:?usage: readme_walkthrough_test.sh SOURCE_DIR BUILD_DIR}
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- transpod output:"; cat "$work/out"; exit 1; }

# The fenced block between the markers, without its fences.
sed -n '/^<!-- walkthrough:begin -->$/,/^<!-- walkthrough:end -->$/p' \
  "$source_dir/README.md" | sed '1,2d;$d' | sed '$d' >"$work/walkthrough.sh"
[ "$(grep -c '^transpoctl ' "$work/walkthrough.sh")" -ge 15 ] || fail "no walkthrough in README.md"
grep -q '^export PATH="$PWD/build/clients:$PATH"$' "$work/walkthrough.sh" || fail "no PATH line"

"$build/server/transpod" --listen 127.0.0.1:0 --metrics-listen "" --data-dir "$work/data" \
  --demo-data "$source_dir/deploy/demo/administrations.csv" \
  --demo-data "$source_dir/deploy/demo/dossiers.csv" >"$work/out" 2>&1 &
pid=$!
await_line "$work/out" "head position" "$pid" 60 || fail "transpod did not start"
port=$(sed -n 's|^transpod: gRPC on 127.0.0.1:\([0-9]*\)$|\1|p' "$work/out")
export TRANSPO_SERVER="127.0.0.1:$port"

# $PWD/build/clients is where the README's PATH line finds transpoctl: the
# source tree, with the build directory linked in when it is elsewhere.
run_dir=$source_dir
if [ "$(realpath "$build")" != "$(realpath "$source_dir/build")" ]; then
  run_dir="$work/tree"
  mkdir -p "$run_dir"
  ln -s "$(realpath "$build")" "$run_dir/build"
fi
for round in 1 2; do
  (cd "$run_dir" && bash -euo pipefail "$work/walkthrough.sh") >"$work/round$round" 2>&1 \
    || { cat "$work/round$round"; fail "round $round of the walkthrough failed"; }
done
grep -q "status: notified" "$work/round1" || fail "32023L0959 was not notified"
grep -q "0 created, 0 updated, 69 unchanged, 0 failed (dry run" "$work/round2" \
  || { cat "$work/round2"; fail "the second round changed something"; }
echo "the README walkthrough ran twice: $(grep -c '^transpoctl ' "$work/walkthrough.sh") commands"
