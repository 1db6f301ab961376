#!/usr/bin/env bash
# Runs the sensor's kernel proofs in a QEMU guest on cgroup v2 and Debian's Linux 6.1 LTS kernel,
# from nothing but this repository and Debian's packages:
#   tests/vm/run.sh [FILTER...]      (FILTER: keep the tests whose full name contains it)
# Steps, each cached under artifacts/vm/ and skipped when done:
#   1. host packages: qemu-system-x86, busybox-static, cpio, libbpf1, stress-ng (apt-get install);
#   2. the guest kernel: the package linux-image-cloud-amd64 depends on (BTF built in), fetched
#      with `apt-get download` and unpacked with `dpkg-deb -x` — never installed on the host;
#   3. tests/vm/KernelProofs published self-contained (the sensor, its BPF objects and the
#      compiled kernel tests of tests/NodeSensor.Tests, run by xunit's engine in-process);
#   4. an initramfs: busybox, dash as /bin/sh, stress-ng, GNU head/tail/stat, libbpf and every shared library they and .NET need
#      (found with ldd), the publish, and guest-init.sh as /init;
#   5. the guest: TCG (KVM guests hang on some hosts), 2 vCPUs, 2 GiB; /init mounts cgroup2,
#      enables cpu and memory for its children and runs the proofs. The console goes to
#      artifacts/vm/console.log; this script prints from the first line /init writes on.
# Exits nonzero when a test fails, the guest dies, or it runs past KTRUTH_VM_TIMEOUT seconds
# (default 1500). KTRUTH_VM_KERNEL names another kernel package (e.g. linux-image-6.1.0-57-cloud-amd64).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$repo/artifacts/vm
timeout_s=${KTRUTH_VM_TIMEOUT:-1500}
mkdir -p "$work/cache"
started=$(date +%s)
say() { echo "vm: $*"; }
die() { echo "vm: $*" >&2; exit 1; }

# 1. Host packages.
packages=(qemu-system-x86 busybox-static cpio libbpf1 stress-ng)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  [[ $(id -u) -eq 0 ]] || die "missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } \
    || die "could not install ${missing[*]}"
fi

# 2. The guest kernel, unpacked into the cache.
# (awk reads to the end: an early exit would kill its writer with SIGPIPE, and pipefail the script.)
resolve_kernel() { apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ && !n++ {print $2}'; }
kpkg=${KTRUTH_VM_KERNEL:-$(resolve_kernel)}
if [[ -z $kpkg ]]; then
  apt-get update -qq >/dev/null 2>&1 || true
  kpkg=$(resolve_kernel)
fi
[[ -n $kpkg ]] || die "cannot resolve the kernel package: apt-cache knows no linux-image-cloud-amd64 (is this Debian with its main archive in sources.list?)"
kdir=$work/cache/$kpkg
if [[ ! -f $(echo "$kdir"/boot/vmlinuz-*) ]]; then
  say "fetching $kpkg"
  rm -rf "$kdir" "$work/cache/download" && mkdir -p "$work/cache/download"
  (cd "$work/cache/download" && apt-get download -q "$kpkg" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) \
    || die "apt-get download $kpkg failed"
  dpkg-deb -x "$work/cache/download/"*.deb "$kdir"
  rm -rf "$work/cache/download"
fi
vmlinuz=$(echo "$kdir"/boot/vmlinuz-*)
kconfig=$(echo "$kdir"/boot/config-*)
[[ -f $vmlinuz && -f $kconfig ]] || die "$kpkg has no boot/vmlinuz-* and boot/config-*"

# 3. The proofs, self-contained.
say "publishing tests/vm/KernelProofs (self-contained, linux-x64)"
rm -rf "$work/publish"
dotnet publish "$repo/tests/vm/KernelProofs/KernelProofs.csproj" -c Release -r linux-x64 --self-contained \
  -nologo -v quiet -o "$work/publish" >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; die "dotnet publish failed"; }

# 4. The initramfs. Libraries keep their host paths; lib, bin and sbin point into usr as on the host.
root=$work/root
rm -rf "$root" && mkdir -p "$root"/{usr/bin,usr/lib,usr/lib64,proc,sys,dev,tmp,root,etc,opt}
ln -s usr/bin "$root/bin" && ln -s usr/bin "$root/sbin" && ln -s bin "$root/usr/sbin"
ln -s usr/lib "$root/lib" && ln -s usr/lib64 "$root/lib64"
cp /bin/busybox "$root/usr/bin/busybox"
# The tests' workloads are stress-ng and GNU tools run by /bin/sh, which is dash as on Debian:
# busybox's sh runs its own applets before PATH, and busybox head refuses `head -c 512M` (the OOM
# test's memory hog). Busybox does the rest.
gnu_tools=(/usr/bin/dash /usr/bin/head /usr/bin/tail /usr/bin/stat)
cp /usr/bin/stress-ng "${gnu_tools[@]}" "$root/usr/bin/"
ln -s dash "$root/usr/bin/sh"
for applet in $("$root/usr/bin/busybox" --list); do
  [[ -e $root/usr/bin/$applet ]] || ln -s busybox "$root/usr/bin/$applet"
done
copy_with_libs() {
  local file lib
  for file in "$@"; do
    while read -r lib; do
      [[ -e $root$lib ]] || install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
    done < <(ldd "$file" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}')
  done
}
libbpf=$(ldconfig -p | awk '/libbpf\.so\.1 .*x86-64/ && !n++ {print $NF}')
[[ -n $libbpf ]] || die "libbpf.so.1 is not in the linker cache (apt-get install libbpf1)"
install -D -m 0755 "$(readlink -f "$libbpf")" "$root$libbpf"
cp -r "$work/publish" "$root/opt/kernel-proofs"
copy_with_libs /usr/bin/stress-ng "${gnu_tools[@]}" "$libbpf" "$root/opt/kernel-proofs/kernel-proofs" "$root"/opt/kernel-proofs/*.so
install -m 0755 "$repo/tests/vm/guest-init.sh" "$root/init"
# The tests read CONFIG_HZ (tick-sized bounds) from here: this kernel has no /proc/config.gz.
install -D -m 0644 "$kconfig" "$root/boot/$(basename "$kconfig")"
printf '%s\n' "$@" >"$root/etc/kernel-proofs.args"
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) >"$work/initramfs.cpio"
say "guest: $(basename "$vmlinuz"), initramfs $(($(stat -c %s "$work/initramfs.cpio") / 1048576)) MiB; built in $(($(date +%s) - started)) s"

# 5. Boot and run.
log=$work/console.log
say "booting (TCG, timeout ${timeout_s} s; console in ${log#"$repo"/})"
set +e
timeout --signal=KILL "$timeout_s" qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp 2 -m 2048 \
  -kernel "$vmlinuz" -initrd "$work/initramfs.cpio" \
  -append "console=ttyS0 rdinit=/init panic=-1 quiet" \
  -display none -serial stdio -monitor none -no-reboot </dev/null 2>&1 \
  | tr -d '\r' | tee "$log" | awk '/^ktruth-vm:/ { on = 1 } on { print; fflush() }'
qemu_status=${PIPESTATUS[0]}
set -e
status=$(awk '/^ktruth-vm: exit [0-9]+$/ { s = $3 } END { print s }' "$log")
say "finished in $(($(date +%s) - started)) s"
if [[ -z $status ]]; then
  ((qemu_status == 137)) && die "the guest ran past ${timeout_s} s and was killed; see $log"
  die "the guest stopped before the proofs finished (qemu exit $qemu_status); see $log"
fi
exit "$status"
