// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The cheapest program a context switch can run: what any tp_btf/sched_switch hook costs before it
 * does anything. The overhead benchmark runs it beside the sensor to give the sensor's cost a
 * floor measured on the same machine in the same run. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tp_btf/sched_switch")
int handle_floor_switch(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
