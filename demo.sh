#!/usr/bin/env bash
# The single-host quick start: installs prerequisites, builds the ktruth CLI and runs its demo: a
# bursty workload under a too-low CPU limit, what metrics-server's average shows vs what the kernel
# did, the recommendation applied to the cgroup and measured again. At most 90 s; the demo removes
# everything it made, on failure and on Ctrl-C too.
set -euo pipefail
cd "$(dirname "$0")"
[[ $(id -u) -eq 0 ]] || { echo "demo: run as root (the sensor loads BPF programs and the demo creates cgroups)" >&2; exit 1; }
bash deploy/host/setup.sh
dotnet build recommender/Cli/Cli.csproj -c Release -nologo -v quiet -o artifacts/ktruth
exec artifacts/ktruth/ktruth demo
