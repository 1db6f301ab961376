// SPDX-License-Identifier: GPL-2.0
/*
 * Must FAIL verification: reads 8 bytes at offset 16 of an 8-byte map value. The loader test
 * checks that the verifier's "invalid access to map value" reaches the exception message.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} one_value SEC(".maps");

SEC("raw_tp/sched_switch")
int read_past_value(void *ctx)
{
	__u32 zero = 0;
	__u64 *value = bpf_map_lookup_elem(&one_value, &zero);
	if (!value)
		return 0;
	return (int)value[2];
}

char LICENSE[] SEC("license") = "GPL";
