# Sourced by the end-to-end shell tests.
# await_line FILE PATTERN PID SECONDS: waits until FILE has a line matching
# PATTERN (grep's basic regex) while process PID runs, for at most SECONDS;
# fails (status 1) if PID ends first or time runs out. Leaves no process
# behind (unlike `grep -m1 <(tail -F FILE)`).
await_line() {
  local i
  for ((i = 0; i < $4 * 10; i++)); do
    grep -q -- "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
