#!/usr/bin/env bash
# Installs what building and running kernel-truth on one host needs (Debian 12 or later), then
# checks the kernel. Idempotent: packages already present are not touched.
set -euo pipefail

# chromium: the HTML report tests open the report in headless Chromium (tests/Reports.Tests/Browser).
packages=(clang llvm libbpf-dev libbpf1 bpftool stress-ng linux-perf jq curl chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# kubectl renders deploy/ and queries the metrics adapter in the tests. Machines here ship a current
# one; Debian's own (kubernetes-client) is older but has `kustomize` and `get --raw`, so it is the fallback.
if ! command -v kubectl >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: kubectl is missing; run as root or: sudo apt-get install -y kubernetes-client" >&2
    exit 1
  fi
  echo "setup: installing kubernetes-client (kubectl)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >/dev/null; }
fi

# promtool: the tests pipe every /metrics scrape through `promtool check metrics`. Debian ships it only in
# `prometheus`, which also installs the Prometheus server as a service (port 9090) and recommends
# prometheus-node-exporter (port 9100). Only the tool is wanted: recommends are left out, service starts are
# refused while it installs (a policy-rc.d that denies, unless the host already has one), and the service
# is disabled and stopped afterwards, so nothing is left running or listening.
if ! command -v promtool >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: promtool is missing; run as root or: sudo apt-get install -y --no-install-recommends prometheus" >&2
    exit 1
  fi
  echo "setup: installing prometheus (for promtool; its server is left disabled)"
  policy=/usr/sbin/policy-rc.d
  own_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=1
    trap 'rm -f "$policy"' EXIT
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus >/dev/null; }
  if ((own_policy)); then
    rm -f "$policy"
    trap - EXIT
  fi
  # A host policy that allows starts may have let it run: stop it and keep it from starting at boot.
  if [[ -d /run/systemd/system ]]; then
    systemctl disable --now prometheus.service >/dev/null 2>&1 || true
  else
    /etc/init.d/prometheus stop >/dev/null 2>&1 || true
  fi
  update-rc.d prometheus disable >/dev/null 2>&1 || true
  command -v promtool >/dev/null || { echo "setup: installing prometheus did not provide promtool" >&2; exit 1; }
fi

if ! command -v dotnet >/dev/null || ! dotnet --list-sdks | grep -q '^10\.'; then
  echo "setup: the .NET 10 SDK is required (dotnet on PATH with a 10.x SDK)" >&2
  exit 1
fi

[[ -r /sys/kernel/btf/vmlinux ]] || { echo "setup: this kernel has no BTF (/sys/kernel/btf/vmlinux); CONFIG_DEBUG_INFO_BTF=y is required" >&2; exit 1; }
mountpoint -q /sys/fs/bpf 2>/dev/null || mount -t bpf bpf /sys/fs/bpf 2>/dev/null || true
