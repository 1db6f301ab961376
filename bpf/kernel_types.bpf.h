/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The few kernel types the sensor reads, declared by hand instead of a 130 000-line vmlinux.h.
 * preserve_access_index makes every field access a CO-RE relocation: libbpf rewrites the
 * offsets against the running kernel's BTF at load, so only names and kinds must match, not
 * layouts. A field that a kernel lacks fails the load unless guarded by bpf_core_field_exists().
 */
#ifndef __KERNEL_TYPES_BPF_H
#define __KERNEL_TYPES_BPF_H

#include <linux/types.h>
#include <stdbool.h>

typedef __s64 ktime_t;

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

struct kernfs_node {
	__u64 id; /* == inode number of the cgroup directory (kernfs_id_ino, 64-bit, since 5.5) */
};

struct cgroup {
	struct kernfs_node *kn;
};

struct cgroup_subsys_state {
	struct cgroup *cgroup;
};

struct css_set {
	struct cgroup_subsys_state *subsys[12];
};

struct task_group;

struct rq {
	__u64 clock; /* sched_clock at the last update_rq_clock(): done before both hooks read it */
};

/* Newer kernels (proxy execution): the task whose scheduling context runs, and is charged. */
struct rq___proxy_exec {
	struct task_struct *donor;
};

struct cfs_rq {
	struct rq *rq;
	int runtime_enabled;
	__s64 runtime_remaining;
	int throttle_count;
};

/* 6.6+ (677ea015f231 "sched: add throttled time stat for throttled children"): how long this
 * cfs_rq's hierarchy was throttled on its CPU, whichever level's limit did it. self is the rq
 * clock when the current episode began (0 = none), self_time the sum of ended episodes, both
 * updated at the unthrottle (tg_unthrottle_up) with the same rq clock cpu.stat's throttled_time
 * is charged with. */
struct cfs_rq___self_time {
	__u64 throttled_clock_self;
	__u64 throttled_clock_self_time;
};

struct sched_entity {
	struct cfs_rq *cfs_rq;
	__u64 sum_exec_runtime;	     /* CPU time charged so far: what cpuacct is charged, delta by delta */
	__u64 prev_sum_exec_runtime; /* sum_exec_runtime when the task was last picked to run */
};

/* CONFIG_SCHED_INFO (selected by TASK_DELAY_ACCT and SCHEDSTATS: on in mainstream distros). */
struct sched_info {
	unsigned long pcount;	/* times run on a CPU */
	__u64 run_delay;	/* ns spent runnable but waiting; /proc/<pid>/schedstat field 2 */
	__u64 last_arrival;	/* rq clock when it last started running */
	__u64 last_queued;	/* rq clock when it last became runnable; 0 once it runs */
};

struct task_struct {
	int pid;
	int tgid;
	unsigned int __state;
	struct sched_entity se;
	struct sched_info sched_info;
	struct css_set *cgroups;
};

/* Linux 6.18 task-based throttling (e1fad12dcb66 "sched/fair: Switch to task based throttle
 * model"): set before a throttled task switches out at return to user. */
struct task_struct___task_throttle {
	bool throttled;
};

struct timerqueue_node {
	ktime_t expires;
};

struct hrtimer {
	struct timerqueue_node node; /* node.expires: the expiry on the period grid */
	void *function;
};

struct cfs_bandwidth {
	ktime_t period;
	__u64 quota;
	__u64 runtime;
	__u64 burst;
	__u64 runtime_snap; /* pool right after the last refill (5.14, burstable CFS) */
	struct hrtimer period_timer;
	int nr_periods;   /* cpu.stat counters, updated by the expiry handler after our hook */
	int nr_throttled;
	__u64 throttled_time;
};

struct task_group {
	struct cgroup_subsys_state css;
	struct cfs_rq **cfs_rq;
	struct cfs_bandwidth cfs_bandwidth;
};

enum cgroup_subsys_id {
	cpu_cgrp_id = 1, /* the real value is relocated from kernel BTF by bpf_core_enum_value() */
};

#pragma clang attribute pop

#endif /* __KERNEL_TYPES_BPF_H */
