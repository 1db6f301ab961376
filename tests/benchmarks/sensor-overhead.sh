#!/usr/bin/env bash
# Sensor overhead on the scheduler's hottest path, as a throughput ratio measured in one run:
# `perf bench sched pipe` pinned to one CPU (every op = 2 switches + 2 wakeups on that CPU),
# with and without the sensor attached, in interleaved rounds; the ratio of medians.
# Also ns per event per BPF program from kernel.bpf_stats_enabled (adds ~20 ns itself).
# Usage (root): tests/benchmarks/sensor-overhead.sh [rounds=7] [loops=200000]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-7} loops=${2:-200000}
[[ $(id -u) -eq 0 ]] || { echo "run as root" >&2; exit 1; }
bash deploy/host/setup.sh
dotnet build node-sensor/SensorHost/SensorHost.csproj -c Release -nologo -v quiet -o artifacts/sensor
listen=127.0.0.1:9479

ops_per_sec() { taskset -c 0 perf bench sched pipe -l "$loops" 2>/dev/null | awk '/ops\/sec/ {print $1}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

start_sensor() {
  ./artifacts/sensor/ktruth-sensor --listen "$listen" --all >/dev/null 2>&1 & sensor=$!
  for _ in $(seq 100); do curl -sf "http://$listen/readyz" >/dev/null && return; sleep 0.1; done
  echo "sensor did not start" >&2; exit 1
}
stop_sensor() { [[ -n ${sensor:-} ]] && { kill "$sensor" 2>/dev/null; wait "$sensor" 2>/dev/null; sensor=; } || true; }
trap 'stop_sensor; sysctl -q kernel.bpf_stats_enabled=0' EXIT # an interrupted run must not leave a sensor attached

without=() with=()
for r in $(seq "$rounds"); do
  without+=("$(ops_per_sec)")
  start_sensor; with+=("$(ops_per_sec)"); stop_sensor
  echo "round $r: without ${without[-1]} ops/s, with ${with[-1]} ops/s"
done
m0=$(printf '%s\n' "${without[@]}" | median); m1=$(printf '%s\n' "${with[@]}" | median)
echo "median ops/s without sensor: $m0, with sensor: $m1"
echo "throughput ratio (with/without): $(awk -v a="$m1" -v b="$m0" 'BEGIN {printf "%.3f", a / b}')"

# ns per event per program, with run-time stats on for one more attached run.
sysctl -q kernel.bpf_stats_enabled=1
start_sensor; ops_per_sec >/dev/null
bpftool prog show --json | jq -r '.[] | select(.name | startswith("handle_")) | select(.run_cnt > 0)
  | "\(.name): \(.run_cnt) runs, \((.run_time_ns / .run_cnt) | floor) ns/event"'
stop_sensor
sysctl -q kernel.bpf_stats_enabled=0
