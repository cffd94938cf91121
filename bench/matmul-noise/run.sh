#!/bin/sh
# Gradings of matmul's reference, one after the other, must agree within 5% on GFLOP/s on a quiet
# machine. Prints each grading's figures (median, CI, runs, the share of its core the sandbox held,
# the load) and their spread; exit 1 above 5%, exit 2 (not judged) when OpenBLAS itself moved more
# than 5% while the step's ratio to it held within 5%, as on a machine that was not quiet.
# Usage: bench/matmul-noise/run.sh [ROUNDS]   (default 2)
exec "$(dirname "$0")/../../tasks/matmul/tools/noise.sh" "$@"
