// SPDX-License-Identifier: GPL-2.0
/*
 * Test object for the C# loader (tests/NodeSensor.Tests/Bpf): every map kind the readers handle,
 * one const volatile config struct at .rodata offset 0, and a tp_btf program with its raw_tp twin.
 * Deliberately free of kernel struct types so it needs no vmlinux.h.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "loader_test.h"

const volatile struct loader_test_config cfg = {};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} switches SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} switches_percpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, LOADER_TEST_MAX_ENTRIES);
	__type(key, __u32);
	__type(value, __u64);
} entries SEC(".maps");

static __always_inline int count_switch(void)
{
	__u32 zero = 0;
	__u64 *total = bpf_map_lookup_elem(&switches, &zero);
	if (total)
		__sync_fetch_and_add(total, 1);

	__u64 *mine = bpf_map_lookup_elem(&switches_percpu, &zero);
	if (mine)
		*mine += 1;

	for (__u32 i = 0; i < LOADER_TEST_MAX_ENTRIES && i < cfg.hash_entries; i++) {
		__u32 key = i;
		__u64 value = (__u64)cfg.value_base + i;
		bpf_map_update_elem(&entries, &key, &value, BPF_ANY);
	}
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(count_switch_btf)
{
	return count_switch();
}

SEC("raw_tp/sched_switch")
int BPF_PROG(count_switch_raw)
{
	return count_switch();
}

char LICENSE[] SEC("license") = "GPL";
