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

enum cfs_period_error {
	ERR_PERIOD_MAP_FULL = 0,
	ERR_PERIOD_NEGATIVE = 1, /* usage came out negative: bandwidth was reconfigured mid-period */
	CFS_PERIOD_ERRORS = 2,
};

struct cfs_period_config {
	__u32 nr_cpus; /* possible CPUs, set by the loader */
	__u32 pad;
};

#endif /* __CFS_PERIOD_H */
