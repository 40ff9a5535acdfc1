#!/usr/bin/env bash
# The whole test suite: installs what the tests need on a fresh machine, then runs every stage in
# scripts/test.d in order. Each stage is a self-contained script; one failing does not hide the others.
# Usage: scripts/test.sh [STAGE-NAME-SUBSTRING...]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
set +e
passed=0; failed=0; failed_names=()
for stage in "$here"/test.d/*.sh; do
  name=$(basename "$stage" .sh)
  if [ $# -gt 0 ]; then
    match=0; for want in "$@"; do case "$name" in *"$want"*) match=1;; esac; done
    [ $match -eq 1 ] || continue
  fi
  log "stage $name"
  start=$(date +%s)
  bash "$stage"
  rc=$?
  log "stage $name: exit $rc in $(( $(date +%s) - start ))s"
  if [ $rc -eq 0 ]; then passed=$((passed+1)); else failed=$((failed+1)); failed_names+=("$name"); fi
done
[ $failed -gt 0 ] && log "failed stages: ${failed_names[*]}"
echo "stages: $passed passed, $failed failed"
[ $failed -eq 0 ]
