#!/usr/bin/env bash
# Runs clang-tidy with the project's .clang-tidy (a short curated list) on
# every source of storage/, server/ and clients/; a finding listed in
# WarningsAsErrors fails the test. The same parse checks the lock
# annotations (ABSL_GUARDED_BY, ABSL_EXCLUSIVE_LOCKS_REQUIRED, ...) with
# clang's -Wthread-safety, as errors: gcc, which builds transpo, ignores them.
# Usage: clang_tidy_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=${1:?usage: clang_tidy_test.sh SOURCE_DIR BUILD_DIR}
build=${2:?usage: clang_tidy_test.sh SOURCE_DIR BUILD_DIR}
tidy=$(command -v clang-tidy || command -v clang-tidy-14 || true)
[ -n "$tidy" ] || { echo "FAIL: clang-tidy not found (scripts/setup.sh installs it)"; exit 1; }
mapfile -t files < <(grep -oE "\"file\": \"$source_dir/(storage|server|clients)/[a-z0-9_/]+\\.cc\"" \
  "$build/compile_commands.json" | sed -E 's/^"file": "//; s/"$//' | sort -u)
[ ${#files[@]} -gt 0 ] || { echo "FAIL: no project source in $build/compile_commands.json"; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
printf '%s\n' "${files[@]}" | xargs -P "${TRANSPO_JOBS:-2}" -n 4 \
  "$tidy" -p "$build" --quiet --extra-arg=-Wthread-safety \
  --extra-arg=-Werror=thread-safety >"$out" 2>/dev/null || status=$?
grep -E "(warning|error):" "$out" || true
if [ $status -eq 0 ]; then
  echo "${#files[@]} sources clean under clang-tidy and -Wthread-safety: 1 passed, 0 failed"
else
  echo "0 passed, 1 failed"
fi
exit $status
