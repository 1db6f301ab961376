/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * CPU used in each CFS bandwidth period of a limited cgroup, from the period timer's expiry.
 * Mirrored in C# (node-sensor/NodeSensor/Bpf/Programs/CfsPeriodTypes.cs).
 */
#ifndef __CFS_PERIOD_H
#define __CFS_PERIOD_H

#include "usage_buckets.h"

#define MAX_LIMITED_CGROUPS 1024
#define MAX_CPUS 1024 /* per-CPU runtime is summed over at most this many CPUs */

struct cfs_period_stats {
	__u64 expiries;		/* period-timer expiries seen (one per active period) */
	__s64 last_local_runtime; /* sum of per-CPU runtime_remaining at the last expiry */
	__u64 quota_ns;		/* quota at the last expiry */
	__u64 period_ns;
	__u64 over_quota_periods; /* periods whose usage exceeded quota + burst */
	struct usage_hist usage;
};

/*
 * Recording (ktruth record): one record per period-timer expiry of each cgroup whose id user
 * space put in recorded_cgroups, through a ring buffer. Nothing is emitted for other cgroups, so
 * the sensor's steady-state cost does not change while nobody records.
 */
#define MAX_RECORDED_CGROUPS 64
#define PERIOD_RING_BYTES (1 << 20) /* 1 MiB: 11 000 records, 18 min of one cgroup at 100 ms */
#define MAX_RECORDED_CPUS 256 /* parallelism is counted over the first 256 CPUs */

struct period_record {
	__u64 cgroup_id;
	__u64 expires_ns;	/* the timer's scheduled expiry (CLOCK_MONOTONIC, on the period grid) */
	__s64 used_ns;		/* CPU charged since the previous expiry (negative: reconfigured) */
	__u64 quota_ns;
	__u64 period_ns;
	__u64 burst_ns;
	__u64 nr_periods;	/* cfs_b counters before this expiry is handled (they lag one expiry) */
	__u64 nr_throttled;
	__u64 throttled_time_ns;
	/*
	 * Parallelism in the period, from each CPU's share of the group's CPU time (the group's
	 * sched_entity on that CPU, sum_exec_runtime): several CPUs draw runtime from the pool in
	 * slices, and a slice left on one CPU cannot serve another, so the kernel throttles some
	 * periods whose work came to just under the quota.
	 */
	__u64 max_cpu_used_ns;	/* the largest share one CPU had (0 when cpus_used is 0) */
	__u32 cpus_used;	/* CPUs the group ran on since the previous expiry; 0 = unknown (first record) */
	__u32 throttled_cpus;	/* the group's per-CPU runqueues still throttled at this expiry */
};

/* Per recorded cgroup: each CPU's sum_exec_runtime of the group at the previous expiry. */
struct recorded_cpu_time {
	__u64 primed; /* 0 until the first expiry stored a baseline */
	__u64 sum_exec_ns[MAX_RECORDED_CPUS];
};

enum cfs_period_error {
	ERR_PERIOD_MAP_FULL = 0,
	ERR_PERIOD_NEGATIVE = 1, /* usage came out negative: bandwidth was reconfigured mid-period */
	ERR_RECORD_RING_FULL = 2, /* a recorded period was dropped: the reader fell behind */
	CFS_PERIOD_ERRORS = 3,
};

struct cfs_period_config {
	__u32 nr_cpus; /* possible CPUs, set by the loader */
	__u32 pad;
};

#endif /* __CFS_PERIOD_H */
