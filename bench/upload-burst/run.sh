#!/usr/bin/env bash
# Upload burst: UPLOADS concurrent multipart uploads on loopback to the Release server on a fresh PostgreSQL database,
# a database audit of what was accepted and refused, and the drain of the accepted jobs by worker processes.
# Prints accepted/refused counts, upload latency p50/p99, uploads per second and the drain time; exit 1 when the
# audit finds a lost, half-written or doubly graded upload.
# Usage: [POOL=20] bench/upload-burst/run.sh [UPLOADS] [PER_APPLICANT] [WORKERS]   (defaults 300, 3, 2; 20 server database
# connections; about 5 minutes, most of it the drain of 200 real gradings)
set -euo pipefail
# The entry script's setup steps (Docker engine, runtime images, PostgreSQL) are reused, not copied.
source "$(dirname "$(readlink -f "$0")")/../../intern"
run_dotnet_bench "$ROOT/bench/upload-burst/UploadBurstBench.csproj" "$@"
