#!/bin/sh
# /init of the test guest (busybox sh): mounts what the sensor reads, hands the cpu and memory
# controllers down from the cgroup v2 root, runs the kernel proofs and powers off. The host
# reads the result from the console: the line "ktruth-vm: exit N".
export PATH=/usr/bin:/bin:/usr/sbin:/sbin HOME=/root TMPDIR=/tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev # libbpf and .NET open /dev/null
mount -t tmpfs tmpfs /tmp
mount -t cgroup2 cgroup2 /sys/fs/cgroup
mount -t bpf bpf /sys/fs/bpf
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
# Test cgroups are made under the root: they get cpu.max, cpu.weight, cpu.stat's throttling
# counters and memory.max only when the root enables those controllers for its children.
echo "+cpu +memory" >/sys/fs/cgroup/cgroup.subtree_control
echo "ktruth-vm: Linux $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPUs, cgroup2 controllers: $(cat /sys/fs/cgroup/cgroup.controllers); enabled for children: $(cat /sys/fs/cgroup/cgroup.subtree_control)"
cd /opt/kernel-proofs
# shellcheck disable=SC2046 # one filter per word, as written by run.sh
./kernel-proofs --guest $(cat /etc/kernel-proofs.args)
echo "ktruth-vm: exit $?"
poweroff -f
