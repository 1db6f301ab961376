/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * sched_events' error counters (enum sched_events_error), in a header of their own so that the
 * window-slot arithmetic (window_slots.bpf.h) and its test program count errors in a map of the
 * same name and layout as the sensor reads.
 */
#ifndef __SCHED_ERRORS_BPF_H
#define __SCHED_ERRORS_BPF_H

#include "sched_events.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCHED_EVENTS_ERRORS);
	__type(key, __u32);
	__type(value, __u64);
} errors SEC(".maps");

static __always_inline void count_error(__u32 err)
{
	__u64 *n = bpf_map_lookup_elem(&errors, &err);

	if (n)
		__sync_fetch_and_add(n, 1);
}

#endif /* __SCHED_ERRORS_BPF_H */
