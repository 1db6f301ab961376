/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Per-cgroup scheduler accounting from sched_switch, the scheduler tick and (before 6.18)
 * sched_wakeup. Types here are what the C# side mirrors
 * (node-sensor/NodeSensor/Bpf/Programs/SchedEventsNative.cs); keep both in step.
 */
#ifndef __SCHED_EVENTS_H
#define __SCHED_EVENTS_H

#include "usage_buckets.h"

#define MAX_CGROUPS 2048  /* default number of cgroup slots; the loader may change it */
#define SLOT_CACHE 4	  /* per-CPU cache of cgroup id -> slot, direct-mapped */
#define WINDOW_RING 64	  /* usage windows kept per cgroup; user space folds them before reuse */
#define WINDOW_TAG_BITS 20
#define WINDOW_USAGE_BITS 44 /* 17 600 s of CPU per window: far above any window length */

/* A usage window slot packs (window id mod 2^20) << 44 | on-CPU ns, so one compare-and-swap
 * both claims a slot for a new window and adds to it: no lock, no lost reset. */
struct cgroup_sched_stats {
	__u64 cgroup_id; /* owner of this slot; 0 = free */
	__u64 on_cpu_ns;
	__u64 voluntary_switches;
	__u64 involuntary_switches;
	__u64 throttle_events; /* switch-outs of a throttled task */
	struct wait_hist contention_wait;
	struct wait_hist throttle_wait;
	__u64 windows[WINDOW_RING];
};

enum sched_events_error {
	ERR_CGROUP_MAP_FULL = 0, /* a cgroup could not be added: its events are lost */
	ERR_TASK_STORAGE = 1,	 /* task-local storage could not be created for a task */
	ERR_WINDOW_CONTENDED = 2, /* window update gave up after repeated CAS races */
	ERR_WINDOW_TOO_OLD = 3,	 /* part of a slice fell before the window ring */
	/* Not losses: a task switched out (or ticked) on a CPU whose last reported switch-in was
	 * another task's (also once per CPU when the sensor starts). The wait before that switch-in
	 * was counted from the kernel's run_delay and its CPU time from the task's last pick. */
	ERR_SWITCH_IN_UNSEEN = 4,
	/* A throttle wait whose unthrottle could not be found (kernel before 6.6, or the task left
	 * its throttled cfs_rq): counted whole as throttle wait, as runqlat-style tools would. */
	ERR_THROTTLE_UNSPLIT = 5,
	SCHED_EVENTS_ERRORS = 6,
};

/* Read-only configuration, set by the loader before load; one struct at .rodata offset 0. */
struct sched_events_config {
	__u64 window_ns;   /* length of a usage window: the CFS period, 100 ms by default */
	__u32 max_cgroups; /* slots in cgroup_stats (the loader sizes the maps to it) */
	__u32 pad;
};

#endif /* __SCHED_EVENTS_H */
