#!/usr/bin/env bash
# Runs every test: installs prerequisites, builds, tests. Kernel tests need root and BPF; they
# fail (never skip) with what is missing.
set -euo pipefail
cd "$(dirname "$0")"
bash deploy/host/setup.sh
dotnet build Recommender.sln -c Release -nologo -v quiet
log=$(mktemp)
set +e
# -m:1: one test assembly at a time. The kernel tests time the scheduler on a 2-CPU machine
# and must not share it with the recommender's process-restart and Quartz tests.
dotnet test Recommender.sln -c Release --no-build -nologo -m:1 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for whoever reads the end of the log: "N passed, N failed".
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
     END { printf "%d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
exit "$status"
