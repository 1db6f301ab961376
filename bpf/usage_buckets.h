/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/* Histogram shapes shared by the programs and mirrored in C# (fixed-width types only). */
#ifndef __USAGE_BUCKETS_H
#define __USAGE_BUCKETS_H

#define WAIT_SLOTS 27	     /* log2 µs: slot 26 holds waits >= 2^26 µs (67 s) */
#define USAGE_SUB_BUCKETS 16 /* log-linear sub-buckets per power of two (must be 16: see usage_slot) */
#define USAGE_MAX_EXP 24     /* largest exact power: 2^25 µs = 33.5 s of CPU in one period */
#define USAGE_SLOTS (USAGE_SUB_BUCKETS * (USAGE_MAX_EXP - 3) + USAGE_SUB_BUCKETS) /* 352 */

/* The number of waits is the sum of the slots: not kept apart, one atomic add less per wait. */
struct wait_hist {
	__u64 sum_ns;
	__u64 slots[WAIT_SLOTS];
};

struct usage_hist {
	__u64 count;
	__u64 sum_ns;
	__u64 slots[USAGE_SLOTS];
};

#endif /* __USAGE_BUCKETS_H */
