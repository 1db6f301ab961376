#!/usr/bin/env bash
# The single-host quick start: builds the sensor, starts it on localhost, runs a CPU-bound
# workload under a 20 % CPU limit in its own cgroup for a few seconds, and shows what the kernel
# did to it (next to one unlimited workload) from one snapshot. Cleans up everything it made.
set -euo pipefail
cd "$(dirname "$0")"
[[ $(id -u) -eq 0 ]] || { echo "demo: run as root (the sensor loads BPF programs and the demo creates cgroups)" >&2; exit 1; }
bash deploy/host/setup.sh
dotnet build node-sensor/SensorHost/SensorHost.csproj -c Release -nologo -v quiet -o artifacts/sensor

listen=127.0.0.1:9470
cpu=$(findmnt -t cgroup -n -o TARGET,OPTIONS | awk '$2 ~ /(^|,)cpu(,|$)/ {print $1; exit}')
[[ -n $cpu ]] || cpu=/sys/fs/cgroup
limited=ktruth-demo-limited unlimited=ktruth-demo-unlimited
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for cg in $limited $unlimited; do
    for dir in "$cpu/$cg" "/sys/fs/cgroup/cpuacct/$cg"; do [[ -d $dir ]] && rmdir "$dir" 2>/dev/null || true; done
  done
}
trap cleanup EXIT

./artifacts/sensor/ktruth-sensor --listen "$listen" --all & pids+=($!)
for _ in $(seq 50); do curl -sf "http://$listen/readyz" >/dev/null && break; sleep 0.2; done
curl -sf "http://$listen/readyz" >/dev/null || { echo "demo: the sensor did not become ready" >&2; exit 1; }

start_in() { # cgroup, quota_us, command...
  local cg=$1 quota=$2; shift 2
  mkdir -p "$cpu/$cg"; [[ -d /sys/fs/cgroup/cpuacct ]] && mkdir -p "/sys/fs/cgroup/cpuacct/$cg"
  if [[ -f $cpu/$cg/cpu.cfs_quota_us ]]; then echo "$quota" > "$cpu/$cg/cpu.cfs_quota_us"
  else echo "${quota/-1/max} 100000" > "$cpu/$cg/cpu.max"; fi
  sh -c "for d in $cpu/$cg /sys/fs/cgroup/cpuacct/$cg; do [ -d \$d ] && echo \$\$ > \$d/cgroup.procs; done; exec $*" & pids+=($!)
}
echo "demo: one busy loop limited to 0.2 CPU, one half-loaded and unlimited, for 5 s ..."
start_in $limited 20000 stress-ng --cpu 1 --timeout 6s -q
start_in $unlimited -1 stress-ng --cpu 1 --cpu-load 50 --timeout 6s -q
sleep 5

curl -sf "http://$listen/v1/snapshot" > artifacts/snapshot.json
echo
echo "One snapshot of this host: artifacts/snapshot.json ($(jq '.cgroups | length' artifacts/snapshot.json) cgroups, kernel $(jq -r .kernel artifacts/snapshot.json), cgroup v$(jq .cgroupVersion artifacts/snapshot.json))"
echo
jq -r --arg a "/$limited" --arg b "/$unlimited" '
  ["cgroup", "limit", "on-CPU s", "periods", "throttled", "throttle wait s", "contention wait s", "switches vol/invol"],
  (.cgroups[] | select(.path == $a or .path == $b) |
    [.path, (if .limit then "\(.limit.cpus) CPU" else "none" end),
     (.sched.onCpuNs / 1e9 | . * 100 | round / 100),
     .cpuStat.nrPeriods, .cpuStat.nrThrottled,
     (.sched.throttleWait.sumNs / 1e9 | . * 100 | round / 100),
     (.sched.contentionWait.sumNs / 1e9 | . * 1000 | round / 1000),
     "\(.sched.voluntarySwitches)/\(.sched.involuntarySwitches)"]) | @tsv' artifacts/snapshot.json | column -t -s $'\t'
echo
echo "The limited loop averages 0.2 CPU, which is all a metrics-server average would show; the kernel"
echo "also says it spent most of its time throttled (throttle wait), not waiting for a busy CPU."
echo "Prometheus metrics: curl http://$listen/metrics (while the sensor runs)."
