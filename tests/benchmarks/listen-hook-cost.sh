#!/usr/bin/env bash
# The cost of the start timeline's first-listen hook: tp_btf/inet_sock_set_state runs on every TCP state change of
# the node (a connection's handshake and close are about ten), not only on listen(). Measured with kernel.bpf_stats
# (run_cnt, run_time_ns of that one program) while the sensor runs, in two phases from one Python process:
#   1. loopback connections, each opened, accepted and closed: state changes that return at the first test;
#   2. sockets that bind and listen(), then close: the TCP_LISTEN path, which looks the task's cgroup up
#      (a miss here: the benchmark's cgroup did not start while the sensor ran).
# Prints runs, ns per run for each phase and state changes per connection. bpf_stats adds ~20 ns to every run,
# so the figures are upper bounds. Usage (root): tests/benchmarks/listen-hook-cost.sh [connections=20000] [listens=20000]
set -euo pipefail
cd "$(dirname "$0")/../.."
connections=${1:-20000} listens=${2:-20000}
((connections >= 100 && listens >= 100)) || { echo "usage: $0 [connections>=100] [listens>=100]" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "run as root" >&2; exit 1; }
[[ -x artifacts/sensor/ktruth-sensor && ${KTRUTH_REBUILD:-1} == 0 ]] || dotnet build node-sensor/SensorHost/SensorHost.csproj -c Release -nologo -v quiet -o artifacts/sensor
work=$(mktemp -d) listen=127.0.0.1:9481 sensor= stats_before=$(sysctl -n kernel.bpf_stats_enabled)
cleanup() {
  if [[ -n $sensor ]]; then kill "$sensor" 2>/dev/null || true; wait "$sensor" 2>/dev/null || true; fi
  sysctl -q kernel.bpf_stats_enabled="$stats_before" || true
  rm -rf "$work"
}
trap cleanup EXIT

before=$(bpftool prog show --json | jq -r '.[].id' | sort -n)
./artifacts/sensor/ktruth-sensor --listen "$listen" --all >"$work/sensor.out" 2>&1 & sensor=$!
for _ in $(seq 600); do curl -sf "http://$listen/readyz" >/dev/null && break; kill -0 "$sensor" 2>/dev/null || break; sleep 0.1; done
curl -sf "http://$listen/readyz" >/dev/null || { echo "the sensor did not start:" >&2; cat "$work/sensor.out" >&2; exit 1; }
# The sensor's own program: loaded after the sensor started (another sensor may run the same one).
id=$(bpftool prog show --json | jq -r --arg before "$before" '($before | split("\n") | map(select(length > 0) | tonumber)) as $old
  | [.[] | select((.name | startswith("handle_inet_soc")) and (.id as $i | $old | index($i) | not))][0].id')
[[ $id =~ ^[0-9]+$ ]] || { echo "the sensor's inet_sock_set_state program is not loaded (start_timeline unavailable?)" >&2; exit 1; }
sysctl -q kernel.bpf_stats_enabled=1
counters() { bpftool prog show id "$id" --json | jq -r '"\(.run_cnt // 0) \(.run_time_ns // 0)"'; }

read -r c0 t0 < <(counters)
python3 - "$connections" <<'PY'
import socket, sys
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(128)
for _ in range(int(sys.argv[1])):
    client = socket.create_connection(server.getsockname()); peer, _ = server.accept()
    client.close(); peer.close()
server.close()
PY
read -r c1 t1 < <(counters)
python3 - "$listens" <<'PY'
import socket, sys
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1); s.close()
PY
read -r c2 t2 < <(counters)

awk -v c0="$c0" -v t0="$t0" -v c1="$c1" -v t1="$t1" -v c2="$c2" -v t2="$t2" -v n="$connections" -v l="$listens" 'BEGIN {
  printf "connections: %d, %d runs of the hook (%.1f state changes each), %.1f ns/run\n", n, c1 - c0, (c1 - c0) / n, (t1 - t0) / (c1 - c0)
  printf "listen()+close: %d, %d runs (%.1f each), %.1f ns/run\n", l, c2 - c1, (c2 - c1) / l, (t2 - t1) / (c2 - c1)
  printf "per connection: %.0f ns of BPF time\n", (t1 - t0) / n
}'
