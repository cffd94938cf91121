#!/bin/sh
# Copies the grader's own driver, main, baselines and lint into the starter kit, so that
# tools/try.py measures exactly what the grader measures. Run after changing any of them;
# `tools/sync-starter.sh --check` fails when the starter kit is out of date.
set -eu
cd "$(dirname "$0")/.."
status=0
for file in harness/grade.py harness/harness.c harness/naive.c harness/openblas.c checker/lint.py; do
  target=starter/tools/$(basename "$file")
  if [ "${1:-}" = --check ]; then
    cmp -s "$file" "$target" || { echo "out of date: $target (from $file)"; status=1; }
  else
    cp "$file" "$target"
  fi
done
exit $status
