#!/usr/bin/env bash
# Scale-out of grading workers: COUNT queued jobs drained by 1, 2 and 4 `Intern.Server.dll worker` processes on
# one fresh PostgreSQL database, side by side in one run: jobs per second, the ratio to one worker, and a check
# that no job was graded twice or lost (exit 1 when one was).
# Usage: bench/scale-out/run.sh [COUNT] [ROUNDS]   (defaults 1000 jobs per configuration, in 2 interleaved rounds)
# Every job is a real grading in Docker of a one-case task, about 0.5 s of two cores: the default runs some 25 minutes.
set -euo pipefail
# The entry script's setup steps (Docker engine, runtime images, PostgreSQL) are reused, not copied.
source "$(dirname "$(readlink -f "$0")")/../../intern"
run_dotnet_bench "$ROOT/bench/scale-out/ScaleOutBench.csproj" "$@"
