#!/bin/sh
# Grades the reference solution twice, one after the other, and prints the GFLOP/s of each
# grading (median and 95% CI of its fastest step), the naive loop's and OpenBLAS's, and the
# relative difference between the two gradings. On a quiet machine they must agree within 5%:
# the exit status is 1 when they do not. Usage: tasks/matmul/tools/noise.sh [ROUNDS] (default 2).
set -eu
task=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$task/../.." && pwd)
rounds=${1:-2}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
i=1
while [ "$i" -le "$rounds" ]; do
  "$root/intern" grade "$task" "$task/solutions/reference" --json "$scratch/$i.json" >/dev/null 2>&1
  i=$((i + 1))
done
python3 - "$scratch" "$rounds" <<'PY'
import json, sys
folder, rounds = sys.argv[1], int(sys.argv[2])
values = []
for i in range(1, rounds + 1):
    m = json.load(open("%s/%d.json" % (folder, i)))["metrics"]
    g = m["gflops"]
    values.append(g["value"])
    print("grading %d: %.2f GFLOP/s (95%% CI %.2f .. %.2f), naive %.3f, OpenBLAS %.2f, speed-up %.1fx" % (
        i, g["value"], g["ci_low"], g["ci_high"], m["naive_gflops"]["value"], m["openblas_gflops"]["value"],
        m["speedup_over_naive"]["value"]))
spread = (max(values) - min(values)) / min(values)
print("difference: %.2f%% (max - min over min; limit 5%%)" % (100 * spread))
sys.exit(0 if spread <= 0.05 else 1)
PY
