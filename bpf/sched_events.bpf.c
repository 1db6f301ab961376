// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Per cgroup of the cpu controller: on-CPU time, voluntary and involuntary switches, and the
 * two kinds of waiting that runqlat-style tools lump together:
 *   contention wait: runnable (woken or preempted) until switched in — the CPU was busy;
 *   throttle wait:   switched out while CFS-throttled until switched in — the limit said no.
 * Everything is aggregated here; user space reads the maps in batches.
 *
 * There is no raw_tp twin: per-task state lives in task-local storage, which only BTF-typed
 * programs can reach, and every kernel with task storage for tracing (5.11+) has tp_btf.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "kernel_types.bpf.h"
#include "sched_events.h"
#include "bits.bpf.h"

#define TASK_RUNNING 0

enum wait_kind {
	WAIT_NONE = 0,
	WAIT_CONTENTION = 1,
	WAIT_THROTTLE = 2,
};

struct task_state {
	__u64 on_cpu_since; /* 0 when not on a CPU */
	__u64 exec_at_switch_in; /* se.sum_exec_runtime when it was switched in */
	__u64 wait_since;
	__u32 wait_kind;
	__u32 pad;
};

const volatile struct sched_events_config config = {
	.window_ns = 100000000,
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_CGROUPS);
	__type(key, __u64);
	__type(value, struct cgroup_sched_stats);
} cgroup_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_state);
} task_states SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cpu_running);
} running SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCHED_EVENTS_ERRORS);
	__type(key, __u32);
	__type(value, __u64);
} errors SEC(".maps");

static const struct cgroup_sched_stats zero_stats;

static __always_inline void count_error(__u32 err)
{
	__u64 *n = bpf_map_lookup_elem(&errors, &err);

	if (n)
		__sync_fetch_and_add(n, 1);
}

/* The task's cgroup in the cpu controller's hierarchy (v1 or v2): its kernfs id is the
 * directory's inode. sched_task_group is avoided: with autogroup, root-cgroup tasks point to a
 * task_group whose css.cgroup is NULL. */
static __always_inline __u64 cpu_cgroup_id(struct task_struct *t)
{
	int idx = bpf_core_enum_value(enum cgroup_subsys_id, cpu_cgrp_id);

	return t->cgroups->subsys[idx]->cgroup->kn->id;
}

static __always_inline struct cgroup_sched_stats *stats_for(__u64 cgid)
{
	struct cgroup_sched_stats *s = bpf_map_lookup_elem(&cgroup_stats, &cgid);
	long err;

	if (s)
		return s;
	err = bpf_map_update_elem(&cgroup_stats, &cgid, &zero_stats, BPF_NOEXIST);
	if (err && err != -17 /* EEXIST: another CPU added it first */) {
		count_error(ERR_CGROUP_MAP_FULL);
		return NULL;
	}
	return bpf_map_lookup_elem(&cgroup_stats, &cgid);
}

/* 6.18+: the task was marked throttled before it switched out (task-based throttling).
 * Before 6.18: a runnable task whose cfs_rq hierarchy is throttled. */
static __always_inline bool is_throttled(struct task_struct *t)
{
	struct task_struct___task_throttle *tt = (void *)t;
	struct cfs_rq *cfs_rq;

	if (bpf_core_field_exists(tt->throttled))
		return tt->throttled;
	cfs_rq = t->se.cfs_rq;
	return cfs_rq && cfs_rq->throttle_count > 0;
}

static __always_inline void add_wait(struct wait_hist *h, __u64 ns)
{
	__u32 slot = wait_slot(ns);

	__sync_fetch_and_add(&h->count, 1);
	__sync_fetch_and_add(&h->sum_ns, ns);
	if (slot < WAIT_SLOTS)
		__sync_fetch_and_add(&h->slots[slot], 1);
}

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
		else if (((tag - old_tag) & TAG_MASK) < (1ULL << (WINDOW_TAG_BITS - 1)))
			next = (tag << WINDOW_USAGE_BITS) | (ns & USAGE_MASK); /* old is older */
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

/* Spreads the CPU time `exec` of an on-CPU slice [start, end) over the fixed windows the slice
 * overlaps, in proportion to the overlap. */
static __always_inline void account_windows(struct cgroup_sched_stats *s, __u64 start, __u64 end,
					    __u64 exec)
{
	__u64 wall = end - start;

	__u64 len = config.window_ns;
	__u64 w0, w1;

	if (!len || end <= start)
		return;
	w0 = start / len;
	w1 = end / len;
	if (w1 - w0 >= WINDOW_RING) {
		count_error(ERR_WINDOW_TOO_OLD);
		w0 = w1 - WINDOW_RING + 1;
		start = w0 * len;
	}
	for (__u32 i = 0; i < WINDOW_RING; i++) {
		__u64 w = w0 + i, lo, hi;

		if (w > w1)
			break;
		lo = start > w * len ? start : w * len;
		hi = end < (w + 1) * len ? end : (w + 1) * len;
		if (hi > lo) {
			__u64 part = hi - lo;

			/* Scale wall time to charged time; skip it where the product could overflow. */
			if (exec < wall && wall < (1ULL << 34))
				part = part * exec / wall;
			add_to_window(&s->windows[w & (WINDOW_RING - 1)], w, part);
		}
	}
}

static __always_inline void switch_out(bool preempt, struct task_struct *prev,
				       unsigned int prev_state, __u64 now)
{
	struct cgroup_sched_stats *s = stats_for(cpu_cgroup_id(prev));
	struct task_state *ts;
	bool runnable = preempt || prev_state == TASK_RUNNING;
	bool throttled = runnable && is_throttled(prev);

	ts = bpf_task_storage_get(&task_states, prev, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!ts)
		count_error(ERR_TASK_STORAGE);
	if (!s) {
		if (ts)
			ts->on_cpu_since = 0;
		return;
	}
	/* The kernel counts nivcsw for exactly these: preempted, or left the CPU still runnable. */
	if (runnable)
		__sync_fetch_and_add(&s->involuntary_switches, 1);
	else
		__sync_fetch_and_add(&s->voluntary_switches, 1);
	if (throttled)
		__sync_fetch_and_add(&s->throttle_events, 1);
	if (!ts)
		return;
	/* CPU time from the scheduler's own clock, not the wall clock: update_curr() already ran
	 * for prev, and its delta is what cpuacct and the CFS quota are charged. On a VM with
	 * steal-time accounting the two differ by the steal time. */
	if (ts->on_cpu_since && now > ts->on_cpu_since) {
		__u64 exec = prev->se.sum_exec_runtime - ts->exec_at_switch_in;

		__sync_fetch_and_add(&s->on_cpu_ns, exec);
		account_windows(s, ts->on_cpu_since, now, exec);
	}
	ts->on_cpu_since = 0;
	ts->wait_since = now;
	ts->wait_kind = !runnable ? WAIT_NONE : throttled ? WAIT_THROTTLE : WAIT_CONTENTION;
}

static __always_inline void switch_in(struct task_struct *next, __u64 now)
{
	struct task_state *ts;
	struct cpu_running *r;
	__u32 zero = 0;
	__u64 cgid = cpu_cgroup_id(next);

	r = bpf_map_lookup_elem(&running, &zero);
	if (r) {
		r->cgroup_id = cgid;
		r->since_ns = now;
	}
	ts = bpf_task_storage_get(&task_states, next, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!ts) {
		count_error(ERR_TASK_STORAGE);
		return;
	}
	if (ts->wait_kind != WAIT_NONE && now > ts->wait_since) {
		struct cgroup_sched_stats *s = stats_for(cgid);

		if (s)
			add_wait(ts->wait_kind == WAIT_THROTTLE ? &s->throttle_wait : &s->contention_wait,
				 now - ts->wait_since);
	}
	ts->wait_kind = WAIT_NONE;
	ts->on_cpu_since = now;
	ts->exec_at_switch_in = next->se.sum_exec_runtime;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(handle_sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next,
	     unsigned int prev_state)
{
	__u64 now = bpf_ktime_get_ns();

	if (prev->pid)
		switch_out(preempt, prev, prev_state, now);
	if (next->pid) {
		switch_in(next, now);
	} else {
		struct cpu_running *r;
		__u32 zero = 0;

		r = bpf_map_lookup_elem(&running, &zero);
		if (r)
			r->since_ns = 0; /* idle */
	}
	return 0;
}

/* A woken task waits for a CPU from now. A wait already open (a preempted task) is kept: that
 * one started earlier. A task that is on a CPU (woken before it managed to block) is not
 * waiting at all. */
static __always_inline void woken(struct task_struct *p)
{
	struct task_state *ts;

	if (!p->pid)
		return;
	ts = bpf_task_storage_get(&task_states, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!ts) {
		count_error(ERR_TASK_STORAGE);
		return;
	}
	if (ts->wait_kind != WAIT_NONE || ts->on_cpu_since)
		return;
	ts->wait_since = bpf_ktime_get_ns();
	/* Before 6.18 a task woken into a throttled hierarchy waits for the unthrottle; with
	 * task-based throttling it runs until its return to user and is throttled then. */
	ts->wait_kind = is_throttled(p) && !bpf_core_field_exists(((struct task_struct___task_throttle *)p)->throttled)
				? WAIT_THROTTLE
				: WAIT_CONTENTION;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(handle_sched_wakeup, struct task_struct *p)
{
	woken(p);
	return 0;
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(handle_sched_wakeup_new, struct task_struct *p)
{
	woken(p);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
