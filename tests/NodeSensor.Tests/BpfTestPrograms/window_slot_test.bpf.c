// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Runs the sensor's own add_to_window (bpf/window_slots.bpf.h, the code sched_events runs) on one
 * slot, once per BPF_PROG_TEST_RUN, with the window id and ns from the run's context: the test
 * sets the slot in `slot`, runs, and reads back the slot and sched_events' error counters
 * (`errors`, from the same header). A syscall program because that type can be test-run with a
 * context of our own (Linux 5.14+); it attaches to nothing.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "window_slot_test.h"
#include "window_slots.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} slot SEC(".maps");

/* Returns add_to_window's result (0), or 1 when the slot cannot be looked up. */
SEC("syscall")
int add_to_slot(struct window_slot_test_args *args)
{
	__u32 zero = 0;
	__u64 *s = bpf_map_lookup_elem(&slot, &zero);

	if (!s)
		return 1;
	return add_to_window(s, args->window, args->ns);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
