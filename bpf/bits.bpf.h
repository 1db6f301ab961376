/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/* Bucket arithmetic shared by the programs; C# mirrors it in Snapshot/UsageBuckets.cs. */
#ifndef __BITS_BPF_H
#define __BITS_BPF_H

#include "usage_buckets.h"

static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 r = 0;

	if (v >> 32) { v >>= 32; r += 32; }
	if (v >> 16) { v >>= 16; r += 16; }
	if (v >> 8) { v >>= 8; r += 8; }
	if (v >> 4) { v >>= 4; r += 4; }
	if (v >> 2) { v >>= 2; r += 2; }
	if (v >> 1) { r += 1; }
	return r;
}

/* log2 µs slot of a wait: slot i holds [2^i, 2^(i+1)) µs, slot 0 also < 1 µs, last slot is open. */
static __always_inline __u32 wait_slot(__u64 ns)
{
	__u64 us = ns / 1000;
	__u32 slot = us ? log2_u64(us) : 0;

	return slot < WAIT_SLOTS ? slot : WAIT_SLOTS - 1;
}

/* Log-linear µs slot of a period's usage: USAGE_SUB_BUCKETS slots per power of two, so a
 * bucket is at most 1/16 = 6.25 % wide. Below 16 µs each µs has its own slot. */
static __always_inline __u32 usage_slot(__u64 ns)
{
	__u64 us = ns / 1000;
	__u32 e, slot;

	if (us < USAGE_SUB_BUCKETS)
		return us;
	e = log2_u64(us);
	slot = USAGE_SUB_BUCKETS * (e - 3) + ((us >> (e - 4)) & (USAGE_SUB_BUCKETS - 1));
	return slot < USAGE_SLOTS ? slot : USAGE_SLOTS - 1;
}

#endif /* __BITS_BPF_H */
