#!/usr/bin/env bash
# Checks the lock annotations (ABSL_GUARDED_BY, ABSL_EXCLUSIVE_LOCKS_REQUIRED,
# ...) with clang's -Wthread-safety: every source of storage/, server/ and
# clients/ is parsed by clang++ with the flags CMake gave it, warnings of
# thread safety as errors. gcc, which builds transpo, ignores the annotations.
# Usage: thread_safety_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
trap 'echo "FAIL: line $LINENO: $BASH_COMMAND exited $?"' ERR
source_dir=${1:?usage: thread_safety_test.sh SOURCE_DIR BUILD_DIR}
build=${2:?usage: thread_safety_test.sh SOURCE_DIR BUILD_DIR}
clang=$(command -v clang++ || command -v clang++-14 || true)
[ -n "$clang" ] || { echo "FAIL: clang++ not found (scripts/setup.sh installs it)"; exit 1; }
commands="$build/compile_commands.json"
[ -f "$commands" ] || { echo "FAIL: $commands missing"; exit 1; }

# One line per translation unit: the compile command of a project source.
mapfile -t lines < <(grep -E "\"command\": \".* -c $source_dir/(storage|server|clients)/[a-z0-9_/]+\\.cc\"" "$commands")
[ ${#lines[@]} -gt 0 ] || { echo "FAIL: no project source in $commands"; exit 1; }
check() {
  local line=$1 args
  args=$(sed -E 's/^ *"command": "//; s/",?$//; s/\\"/"/g' <<<"$line")
  # Drop the launcher and compiler, the output and dependency-file flags.
  args=$(sed -E 's#^(/usr/bin/ccache )?[^ ]+ ##; s# -o [^ ]+##; s# -M[DT]( [^ ]+)?##g; s# -MF [^ ]+##' <<<"$args")
  cd "$2"
  # shellcheck disable=SC2086
  "$3" -fsyntax-only -Wthread-safety -Werror=thread-safety -Wno-unknown-warning-option \
    -Wno-unused-command-line-argument $args
}
export -f check
# sed quits at the first match itself: "| head -1" would end it with SIGPIPE,
# which pipefail turns into a silent failure of this script.
dir=$(sed -nE '/^ *"directory": /{s/^ *"directory": "(.*)",?$/\1/p;q}' "$commands")
failed=0
printf '%s\n' "${lines[@]}" | xargs -P "${TRANSPO_JOBS:-2}" -d '\n' -I{} bash -c 'check "$1" "$2" "$3"' _ {} "$dir" "$clang" \
  || failed=1
if [ $failed -eq 0 ]; then
  echo "${#lines[@]} sources checked by clang -Wthread-safety: 1 passed, 0 failed"
else
  echo "0 passed, 1 failed"
fi
exit $failed
