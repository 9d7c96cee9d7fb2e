#!/usr/bin/env bash
# The transpod binary end to end: start-up output, /metrics, a second
# instance refused on a locked data directory, a bad flag named in the error,
# graceful SIGTERM, and `transpod verify` on the result.
# Usage: transpod_lifecycle_test.sh PATH/TO/transpod PATH/TO/demo.csv
set -euo pipefail
source "$(dirname "$0")/await_line.sh"
transpod=${1:?usage: transpod_lifecycle_test.sh PATH/TO/transpod PATH/TO/demo.csv}
demo=${2:?usage: transpod_lifecycle_test.sh PATH/TO/transpod PATH/TO/demo.csv}
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- transpod output:"; cat "$work/out" 2>/dev/null; exit 1; }

"$transpod" --listen 127.0.0.1:0 --metrics-listen 127.0.0.1:0 --data-dir "$work/data" \
  --demo-data "$demo" >"$work/out" 2>&1 &
pid=$!
await_line "$work/out" "head position" "$pid" 30 || fail "no start-up line"
rows=$(($(wc -l <"$demo") - 1))
grep -q "transpod: demo data $demo: $rows created, 0 updated, 0 unchanged, 0 failed" "$work/out" || fail "demo data line"
# The head: the demo's directives, and the alerts their deadlines raised.
head=$(sed -nE "s|^transpod: data directory $work/data, head position ([0-9]+)$|\1|p" "$work/out")
[ -n "$head" ] && [ "$head" -ge "$rows" ] || fail "start-up line"
metrics_port=$(sed -n 's|.*metrics on http://127.0.0.1:\([0-9]*\)/metrics.*|\1|p' "$work/out")
[ -n "$metrics_port" ] || fail "no metrics address printed"

exec 3<>"/dev/tcp/127.0.0.1/$metrics_port"
printf 'GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
grep -qE "^transpo_event_log_head_position [0-9]+" <&3 || fail "/metrics has no head position"
exec 3<&-

if "$transpod" --listen 127.0.0.1:0 --metrics-listen "" --data-dir "$work/data" \
     >"$work/second" 2>&1; then
  fail "a second transpod opened a locked data directory"
fi
grep -q "^Error: .*lock" "$work/second" || fail "second instance error: $(cat "$work/second")"

if "$transpod" --listen nonsense --data-dir "$work/other" >"$work/bad" 2>&1; then
  fail "a bad --listen was accepted"
fi
grep -q -- '--listen "nonsense": expected HOST:PORT' "$work/bad" || fail "bad flag error: $(cat "$work/bad")"

# Every flag has its TRANSPOD_* variable; a bad one is named.
TRANSPOD_LISTEN=127.0.0.1:0 TRANSPOD_METRICS_LISTEN=127.0.0.1:0 TRANSPOD_DATA_DIR="$work/env" \
  TRANSPOD_CLOCK=manual@2022-01-27T10:00 TRANSPOD_DISK_RESERVE_MIB=1 \
  "$transpod" >"$work/env.out" 2>&1 &
env_pid=$!
await_line "$work/env.out" "head position" "$env_pid" 30 \
  || { kill -9 "$env_pid"; fail "no start-up line with TRANSPOD_* variables: $(cat "$work/env.out")"; }
kill -TERM "$env_pid"; wait "$env_pid" || true
grep -q "transpod: clock manual@2022-01-27T10:00, now 2022-01-27T09:00:00" "$work/env.out" \
  || fail "TRANSPOD_CLOCK not applied: $(cat "$work/env.out")"
grep -q "transpod: data directory $work/env, head position 0" "$work/env.out" \
  || fail "TRANSPOD_DATA_DIR not applied: $(cat "$work/env.out")"
grep -q "metrics on http://127.0.0.1:[0-9]*/metrics" "$work/env.out" \
  && ! grep -q "metrics on http://127.0.0.1:9464/" "$work/env.out" \
  || fail "TRANSPOD_METRICS_LISTEN not applied: $(cat "$work/env.out")"
if TRANSPOD_INFRINGEMENT_TRIGGER="soon" "$transpod" --listen 127.0.0.1:0 --metrics-listen "" \
     --data-dir "$work/env" >"$work/env.bad" 2>&1; then
  fail "a bad TRANSPOD_INFRINGEMENT_TRIGGER was accepted"
fi
grep -q 'infringement_trigger: period "soon"' "$work/env.bad" || fail "bad variable error: $(cat "$work/env.bad")"

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
[ "$status" -eq 0 ] || fail "exit status $status after SIGTERM"
grep -q "stopped cleanly" "$work/out" || fail "no clean stop"

"$transpod" verify --data-dir "$work/data" >"$work/verify" || fail "verify: $(cat "$work/verify")"
checked=$(sed -nE "s/^ok: ([0-9]+) events, hash chain intact$/\1/p" "$work/verify")
[ -n "$checked" ] && [ "$checked" -ge "$head" ] || fail "verify output: $(cat "$work/verify")"
"$transpod" rebuild --data-dir "$work/data" >"$work/rebuild" || fail "rebuild: $(cat "$work/rebuild")"
grep -q "projections current at position $checked" "$work/rebuild" || fail "rebuild output: $(cat "$work/rebuild")"
echo "1 passed, 0 failed"
