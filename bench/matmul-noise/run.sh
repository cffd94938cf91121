#!/bin/sh
# Two gradings of matmul's reference, one after the other, must agree within 5% on GFLOP/s on a
# quiet machine. Prints both gradings' figures and their difference; exit 1 above 5%.
# Usage: bench/matmul-noise/run.sh [ROUNDS]   (default 2)
exec "$(dirname "$0")/../../tasks/matmul/tools/noise.sh" "$@"
