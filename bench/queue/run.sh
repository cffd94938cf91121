#!/usr/bin/env bash
# Queue throughput with one and two `Intern.Server.dll worker` processes on one fresh PostgreSQL
# database, the platform's overhead per queued job against direct gradings, and a check that every
# submission was graded exactly once. Exit 1 when the overhead is 50 ms or more, or a check fails.
# Usage: bench/queue/run.sh [COUNT] [DIRECT]   (defaults 500 jobs per run, 20 direct gradings)
# At about 0.6 s per grading on 2 cores, the default takes some 11 minutes; `run.sh 100` about 3.
set -euo pipefail
# The entry script's setup steps (Docker engine, runtime images, PostgreSQL) are reused, not copied.
source "$(dirname "$(readlink -f "$0")")/../../intern"
run_dotnet_bench "$ROOT/bench/queue/QueueBench.csproj" "$@"
