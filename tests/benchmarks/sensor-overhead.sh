#!/usr/bin/env bash
# The sensor's cost on the scheduler's hottest path, against two goals:
#   - BPF time per context switch, summed over every sensor program that runs (kernel.bpf_stats:
#     run_time_ns / switches), at most 150 ns;
#   - `perf bench sched pipe` throughput pinned to one CPU (every op = 2 switches on that CPU) with
#     the sensor attached, at least 0.95 of the throughput without it: the median of interleaved
#     rounds (without, with the sensor, with the floor) over the median without. The benchmark
#     runs at nice -20 so that other load on a shared machine takes little of its CPU, and a busy
#     loop holds every other CPU for the whole run: on a VM whether the other vCPUs idle changes
#     how fast one vCPU switches (here the pinned pipe ran 1.8-3 x faster beside a busy CPU 1 than
#     beside an idle one, so the rounds with the sensor, whose process kept CPU 1 busy at times,
#     came out 1.6-2 x faster than those without).
# The floor is an empty tp_btf/sched_switch program (tests/benchmarks/sched-switch-floor), run in
# the same rounds: what any switch hook costs, so the sensor's cost is also printed as a ratio to
# it. bpf_stats adds ~20 ns to every program run, floor included.
# The sensor's process runs on the other CPUs (taskset), not on the measured one: its threads are
# nice 0, and queued behind the nice -20 pipe on CPU 0 they made each op cost the benchmark's tasks
# more (ratio 0.813 with the sensor unpinned, 0.938 with the same sensor stopped and its programs
# still attached, 0.957 for the floor, in interleaved rounds at load 2). Its own CPU time is
# printed beside, so that cost is reported, not hidden.
# Usage (root): tests/benchmarks/sensor-overhead.sh [rounds=7] [loops=200000]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-7} loops=${2:-200000}
((rounds >= 1 && loops >= 1000)) || { echo "usage: $0 [rounds>=1] [loops>=1000]" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "run as root" >&2; exit 1; }
bash deploy/host/setup.sh
dotnet build node-sensor/SensorHost/SensorHost.csproj -c Release -nologo -v quiet -o artifacts/sensor
work=$(mktemp -d)
floor_src=tests/benchmarks/sched-switch-floor
clang -g -O2 -target bpf -mcpu=v3 -Wall -Werror -I"/usr/include/$(uname -m)-linux-gnu" -c "$floor_src/floor.bpf.c" -o "$work/floor.bpf.o"
clang -O2 -Wall -Werror "$floor_src/floor.c" -lbpf -o "$work/floor"
listen=127.0.0.1:9479
attached=

# One run: "ops/s CPU-s", the throughput and the CPU time (user + sys) the benchmark's own two
# tasks used, BPF programs included (they run in the switching task's context). Ops per CPU-second
# is the same comparison undisturbed by other load and by the hypervisor's steal, neither of which
# is charged to the tasks.
run_pipe() {
  (nice -n -20 taskset -c 0 perf bench sched pipe -l "$loops" 2>/dev/null | awk '/ops\/sec/ {print $1}'; times) |
    awk 'function secs(t, p) { sub(/s$/, "", t); split(t, p, "m"); return p[1] * 60 + p[2] }
         NR == 1 {ops = $1} NR == 3 {print ops, secs($1) + secs($2)}'
}
steal() { awk '/^cpu / {print $9}' /proc/stat; } # USER_HZ ticks of all CPUs
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
prog_ids() { bpftool prog show --json | jq -r '.[].id' | sort -n; }

# Starts the sensor or the floor and leaves the ids of the programs it loaded in $ours.
attach() {
  local before; before=$(prog_ids)
  for try in 1 2; do
    start "$1"
    # A loaded machine can take seconds to load and verify the programs; twice here the floor had
    # not attached after a minute (cause unknown: it attaches in ~0.1 s), so it gets a second try.
    for _ in $(seq 600); do ready && break; kill -0 "$attached" 2>/dev/null || break; sleep 0.1; done
    ready && break
    echo "the $1 did not start within 60 s (try $try; $(awk '{printf "state %s, %.1f s of CPU", $3, ($14 + $15) / 100}' "/proc/$attached/stat" 2>/dev/null)):" >&2
    cat "$work/$1.out" >&2
    detach
    ((try < 2)) || exit 1
  done
  ours=$(comm -13 <(echo "$before") <(prog_ids) | paste -sd, -)
  sleep 3 # the sensor's start-up work (JIT, first cgroup walk) is not what is measured
}
start() {
  if [[ $1 == sensor ]]; then
    taskset -c "${others:-0}" ./artifacts/sensor/ktruth-sensor --listen "$listen" --all >"$work/sensor.out" 2>&1 & attached=$!
    ready() { curl -sf "http://$listen/readyz" >/dev/null; }
  else
    "$work/floor" "$work/floor.bpf.o" >"$work/floor.out" 2>&1 & attached=$!
    ready() { grep -q attached "$work/floor.out"; }
  fi
}
detach() {
  if [[ -n $attached ]]; then kill "$attached" 2>/dev/null; wait "$attached" 2>/dev/null || true; attached=; fi
}
cleanup() { # under set -e a failing command would end the trap early and leave the rest running
  detach
  if [[ -n ${spinner:-} ]]; then kill "$spinner" 2>/dev/null || true; fi
  sysctl -q kernel.bpf_stats_enabled=0 || true
  rm -rf "$work"
}
trap cleanup EXIT # an interrupted run must not leave a program attached

# Programs of others on the scheduler's tracepoints run in every round, baseline included.
foreign=$(bpftool link show --json | jq '[.[] | select(.tp_name? // "" | test("^sched_|^hrtimer_"))] | length')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
steal_before=$(steal) started=$(date +%s%N)

others=$(seq -s, 1 $(($(nproc) - 1)))
if [[ -n $others ]]; then
  nice -n 19 taskset -c "$others" stress-ng --cpu $(($(nproc) - 1)) -q & spinner=$!
fi

# The sensor process's CPU time (every thread, user + sys) in clock ticks.
sensor_ticks() { awk '{print $14 + $15}' "/proc/$attached/stat"; }
without=() with=() floor=() sensor_ms=()
for r in $(seq "$rounds"); do
  without+=("$(run_pipe)")
  attach sensor; t0=$(sensor_ticks); with+=("$(run_pipe)")
  sensor_ms+=("$(( ($(sensor_ticks) - t0) * 1000 / $(getconf CLK_TCK) ))"); detach
  attach floor; floor+=("$(run_pipe)"); detach
  echo "round $r (ops/s, CPU-s): without ${without[-1]}, sensor ${with[-1]} (its process ${sensor_ms[-1]} ms of CPU on CPUs ${others:-0}), floor ${floor[-1]}"
done
wall() { printf '%s\n' "$@" | awk '{print $1}' | median; }
per_cpu() { printf '%s\n' "$@" | awk -v n="$loops" '{print n / $2}' | median; }
m0=$(wall "${without[@]}") m1=$(wall "${with[@]}") mf=$(wall "${floor[@]}")
c0=$(per_cpu "${without[@]}") c1=$(per_cpu "${with[@]}") cf=$(per_cpu "${floor[@]}")

# BPF ns per switch: one more attached run of each, with run-time stats on. Every program the
# sensor loaded counts (switch, tick, period timer, OOM); the switches are the switch program's runs.
bpf_stats() {
  sysctl -q kernel.bpf_stats_enabled=1
  attach "$1"; run_pipe >/dev/null
  bpftool prog show --json | jq -r --arg ids "$ours" '
    ($ids | split(",") | map(tonumber)) as $mine
    | [.[] | select(.id as $i | $mine | index($i)) | select(.run_cnt > 0)]
    | ([.[] | select(.name | test("switch"))][0].run_cnt) as $switches
    | (.[] | "  \(.name): \(.run_cnt) runs, \((.run_time_ns / .run_cnt) | floor) ns/run"),
      "  per switch: \(([.[].run_time_ns] | add) / $switches | . * 10 | floor / 10) ns"' >"$work/$1.stats"
  detach
  sysctl -q kernel.bpf_stats_enabled=0
  echo "bpf_stats, $1:"; cat "$work/$1.stats"
}
bpf_stats sensor; bpf_stats floor
sensor_ns=$(awk '/per switch:/ {print $3}' "$work/sensor.stats")
floor_ns=$(awk '/per switch:/ {print $3}' "$work/floor.stats")

awk -v m0="$m0" -v m1="$m1" -v mf="$mf" -v c0="$c0" -v c1="$c1" -v cf="$cf" -v s="$sensor_ns" -v f="$floor_ns" -v n="$rounds" \
    -v foreign="$foreign" -v sensor_cpus="${others:-0}" -v sensor_ms="$(printf '%s\n' "${sensor_ms[@]}" | median)" -v load0="$load_before" -v load1="$(cut -d' ' -f1-3 /proc/loadavg)" \
    -v stolen="$(( $(steal) - steal_before ))" -v elapsed_ns="$(( $(date +%s%N) - started ))" -v cpus="$(nproc)" 'BEGIN {
  printf "median ops/s of %d rounds: without %s, sensor %s, floor %s\n", n, m0, m1, mf
  printf "goal: BPF per context switch <= 150 ns: sensor %.1f ns (%s), %.2f x the empty program'\''s %.1f ns\n", s, (s <= 150 ? "met" : "NOT met"), s / f, f
  printf "median ops per CPU-second of the benchmark: without %.0f, sensor %.0f, floor %.0f\n", c0, c1, cf
  printf "goal: throughput ratio >= 0.95: sensor %.3f (%s), floor %.3f; per CPU-second: sensor %.3f (%s), floor %.3f\n", m1 / m0, (m1 / m0 >= 0.95 ? "met" : "NOT met"), mf / m0, c1 / c0, (c1 / c0 >= 0.95 ? "met" : "NOT met"), cf / c0
  printf "the sensor process itself (pinned to CPUs %s, not the measured one): median %s ms of CPU per run\n", sensor_cpus, sensor_ms
  printf "load average before/after: %s / %s; %.1f %% of the CPUs stolen by the hypervisor; other programs on sched_*/hrtimer_* tracepoints: %d\n", load0, load1, 100 * (stolen / 100) / (elapsed_ns / 1e9 * cpus), foreign
}'
