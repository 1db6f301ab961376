/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A cgroup's usage window slot (struct cgroup_sched_stats.windows): (window id mod 2^20) << 44 |
 * on-CPU ns. In a header of its own so that a test program (tests/NodeSensor.Tests/
 * BpfTestPrograms/window_slot_test.bpf.c) runs this very code through BPF_PROG_TEST_RUN, with
 * any window id, instead of waiting for the uptime that makes the ids interesting.
 */
#ifndef __WINDOW_SLOTS_BPF_H
#define __WINDOW_SLOTS_BPF_H

#include "sched_events.h"
#include "sched_errors.bpf.h"

#define TAG_MASK ((1ULL << WINDOW_TAG_BITS) - 1)
#define USAGE_MASK ((1ULL << WINDOW_USAGE_BITS) - 1)

/* Adds ns to window w's slot; a slot holding an older window is taken over.
 * A global (not inlined, not static) function: the verifier checks it once, not once per
 * iteration of the window loop, which would exceed its 1M-instruction budget. */
__noinline int add_to_window(__u64 *slot, __u64 w, __u64 ns)
{
	__u64 tag = w & TAG_MASK;

	if (!slot)
		return 0;
	for (int attempt = 0; attempt < 4; attempt++) {
		__u64 old = *(volatile __u64 *)slot;
		__u64 old_tag = old >> WINDOW_USAGE_BITS;
		__u64 next;

		if (old_tag == tag)
			next = old + ns;
		else if (!old || ((tag - old_tag) & TAG_MASK) < (1ULL << (WINDOW_TAG_BITS - 1)))
			/* old is older, or the slot was never used: an empty slot reads as tag 0, which
			 * looks newer than every tag from 2^19 on (half of each 2^20-window cycle: from
			 * 14.6 h of uptime at 100 ms windows), so without !old a cgroup made then got no
			 * window at all until the tags wrapped. */
			next = (tag << WINDOW_USAGE_BITS) | (ns & USAGE_MASK);
		else {
			count_error(ERR_WINDOW_TOO_OLD); /* slot already holds a newer window */
			return 0;
		}
		if (__sync_val_compare_and_swap(slot, old, next) == old)
			return 0;
	}
	count_error(ERR_WINDOW_CONTENDED);
	return 0;
}

#endif /* __WINDOW_SLOTS_BPF_H */
