// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Per cgroup of the cpu controller: on-CPU time (from sched_stat_runtime: see its handler),
 * voluntary and involuntary switches, and the two kinds of waiting that runqlat-style tools
 * lump together:
 *   contention wait: runnable (woken or preempted) until switched in — the CPU was busy;
 *   throttle wait:   switched out while CFS-throttled until switched in — the limit said no.
 * Everything is aggregated here; user space reads the maps in batches.
 *
 * Waits come from the kernel's own delay accounting (sched_info, as /proc/<pid>/schedstat):
 * at the sched_switch tracepoint next->sched_info.last_queued still holds when it became
 * runnable, and run_delay what it waited before, so a wait is Δrun_delay + (now − last_queued),
 * exact even when the task migrated while it waited. That needs no wakeup hook: on 6.18+ the
 * wakeup programs are not attached at all (half the events of a ping-pong workload). Before
 * 6.18 they only mark tasks woken into a throttled hierarchy.
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
	__u64 run_delay_at_out;	 /* sched_info.run_delay at the last switch-out */
	__u32 wait_kind;	 /* what the coming wait is: set at switch-out (or wakeup before 6.18) */
	__u32 switched_out;	 /* run_delay_at_out is valid */
};

const volatile struct sched_events_config config = {
	.window_ns = 100000000,
	.max_cgroups = MAX_CGROUPS,
};

/* Cgroup stats live in an array; a hash maps a cgroup id to its slot. The hot path finds the
 * slot in a per-CPU cache instead of hashing (a hash lookup cost ~90 ns per switch here). User
 * space frees the slot of a cgroup that is gone: it deletes the id, zeroes the slot and pushes
 * the slot onto free_slots, where the next new cgroup takes it. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_CGROUPS);
	__type(key, __u64);
	__type(value, __u32);
} cgroup_slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_CGROUPS);
	__type(key, __u32);
	__type(value, struct cgroup_sched_stats);
} cgroup_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, MAX_CGROUPS);
	__type(value, __u32);
} free_slots SEC(".maps");

__u32 next_slot; /* slots never used so far start here */

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_state);
} task_states SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCHED_EVENTS_ERRORS);
	__type(key, __u32);
	__type(value, __u64);
} errors SEC(".maps");

/* Per CPU: how rq->clock maps to CLOCK_MONOTONIC, the window being filled, recent slots. */
struct cpu_clock {
	__u64 cache_cgid[SLOT_CACHE];
	__u32 cache_slot[SLOT_CACHE];
	__s64 mono_offset;    /* CLOCK_MONOTONIC - rq->clock at the last calibration */
	__u64 calibrated_at;  /* rq->clock of that calibration */
	__u64 window_id;      /* window cached by window_of() */
	__u64 window_start;   /* its bounds, CLOCK_MONOTONIC */
	__u64 window_end;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cpu_clock);
} cpu_clocks SEC(".maps");


#define CALIBRATE_EVERY_NS 100000000ULL

/* Time in the scheduler's own clock: the rq clock that __schedule() and try_to_wake_up()
 * update just before these tracepoints, the clock of the kernel's throttled_time and run_delay.
 * Reading it costs a few loads; bpf_ktime_get_ns() cost ~85 ns per call here. Clocks of different
 * CPUs are compared as the kernel compares them (sched_clock is kept stable across CPUs). */
static __always_inline __u64 rq_clock(struct task_struct *t)
{
	struct cfs_rq *cfs_rq = t->se.cfs_rq;

	return cfs_rq ? cfs_rq->rq->clock : 0;
}

/* Converts an rq clock reading to CLOCK_MONOTONIC, which user space shares: the offset is
 * re-measured every 100 ms per CPU, so the two clocks' rates never drift apart measurably. */
static __always_inline __u64 to_mono(struct cpu_clock *c, __u64 clock)
{
	if (!c->calibrated_at || clock - c->calibrated_at > CALIBRATE_EVERY_NS) {
		c->mono_offset = (__s64)bpf_ktime_get_ns() - (__s64)clock;
		c->calibrated_at = clock;
	}
	return clock + c->mono_offset;
}

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

/* Finds or takes the slot of a cgroup: a hash lookup, done once per CPU per cgroup. */
static __noinline int slot_of(__u64 cgid, __u32 *slot)
{
	struct cgroup_sched_stats *st;
	__u32 *known;

	if (!slot)
		return -1;
	known = bpf_map_lookup_elem(&cgroup_slots, &cgid);
	if (known) {
		*slot = *known;
		return 0;
	}
	if (bpf_map_pop_elem(&free_slots, slot)) {
		if (*(volatile __u32 *)&next_slot >= config.max_cgroups) {
			count_error(ERR_CGROUP_MAP_FULL);
			return -1;
		}
		*slot = __sync_fetch_and_add(&next_slot, 1);
		if (*slot >= config.max_cgroups) {
			count_error(ERR_CGROUP_MAP_FULL);
			return -1;
		}
	}
	if (bpf_map_update_elem(&cgroup_slots, &cgid, slot, BPF_NOEXIST)) {
		/* Another CPU registered it first (or the hash is full): give the slot back. */
		bpf_map_push_elem(&free_slots, slot, 0);
		known = bpf_map_lookup_elem(&cgroup_slots, &cgid);
		if (!known) {
			count_error(ERR_CGROUP_MAP_FULL);
			return -1;
		}
		*slot = *known;
		return 0;
	}
	st = bpf_map_lookup_elem(&cgroup_stats, slot);
	if (st)
		st->cgroup_id = cgid;
	return 0;
}

/* The stats of a cgroup. A cached slot is trusted only while the slot still names this cgroup:
 * user space may have recycled it. */
static __always_inline struct cgroup_sched_stats *stats_for(struct cpu_clock *c, __u64 cgid)
{
	__u32 way = cgid & (SLOT_CACHE - 1);
	struct cgroup_sched_stats *st;
	__u32 slot;

	if (c->cache_cgid[way] == cgid) {
		slot = c->cache_slot[way];
		st = bpf_map_lookup_elem(&cgroup_stats, &slot);
		if (st && st->cgroup_id == cgid)
			return st;
	}
	if (slot_of(cgid, &slot))
		return NULL;
	c->cache_cgid[way] = cgid;
	c->cache_slot[way] = slot;
	return bpf_map_lookup_elem(&cgroup_stats, &slot);
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

/* Spreads the CPU time `exec` of an on-CPU slice [start, end) (CLOCK_MONOTONIC) over the fixed
 * windows the slice overlaps, in proportion to the overlap. The common case, a slice inside the
 * window this CPU saw last, needs no division. */
static __always_inline void account_windows(struct cgroup_sched_stats *s, struct cpu_clock *c,
					    __u64 start, __u64 end, __u64 exec)
{
	__u64 len = config.window_ns;
	__u64 wall = end - start;
	__u64 w0, w1;

	if (!len || end <= start)
		return;
	if (start >= c->window_start && end < c->window_end) {
		add_to_window(&s->windows[c->window_id & (WINDOW_RING - 1)], c->window_id, exec);
		return;
	}
	w0 = start / len;
	w1 = end / len;
	c->window_id = w1;
	c->window_start = w1 * len;
	c->window_end = c->window_start + len;
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

static __always_inline void switch_out(struct cgroup_sched_stats *s, bool preempt,
				       struct task_struct *prev, unsigned int prev_state)
{
	struct task_state *ts;
	bool runnable = preempt || prev_state == TASK_RUNNING;
	bool throttled = runnable && is_throttled(prev);

	ts = bpf_task_storage_get(&task_states, prev, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!ts)
		count_error(ERR_TASK_STORAGE);
	if (!s)
		return;
	/* The kernel counts nivcsw for exactly these: preempted, or left the CPU still runnable. */
	if (runnable)
		__sync_fetch_and_add(&s->involuntary_switches, 1);
	else
		__sync_fetch_and_add(&s->voluntary_switches, 1);
	if (throttled)
		__sync_fetch_and_add(&s->throttle_events, 1);
	if (!ts)
		return;
	ts->run_delay_at_out = prev->sched_info.run_delay;
	ts->switched_out = 1;
	/* A blocked task's next wait starts at its wakeup: a wait for a CPU, unless (before 6.18)
	 * the wakeup program finds its hierarchy throttled. */
	ts->wait_kind = throttled ? WAIT_THROTTLE : WAIT_CONTENTION;
}

/* s_same: the stats of prev's cgroup when next is in the same one, saving a lookup. */
static __always_inline void switch_in(struct cpu_clock *c, struct task_struct *next, __u64 cgid,
				      struct cgroup_sched_stats *s_same, __u64 clock)
{
	struct task_state *ts;

	ts = bpf_task_storage_get(&task_states, next, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!ts) {
		count_error(ERR_TASK_STORAGE);
		return;
	}
	/* A brand-new task (never ran) waited only since it was forked; for a task running before the
	 * sensor started the earlier part of its run_delay is unknown, so its first wait is skipped. */
	if (ts->switched_out || !next->sched_info.pcount) {
		__u64 queued = next->sched_info.last_queued;
		__u64 wait = next->sched_info.run_delay - ts->run_delay_at_out;

		if (queued && clock > queued)
			wait += clock - queued;
		if (wait) {
			struct cgroup_sched_stats *s = s_same ? s_same : stats_for(c, cgid);

			if (s)
				add_wait(ts->wait_kind == WAIT_THROTTLE ? &s->throttle_wait : &s->contention_wait, wait);
		}
	}
	ts->wait_kind = WAIT_NONE;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(handle_sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next,
	     unsigned int prev_state)
{
	struct cgroup_sched_stats *s_prev = NULL;
	__u64 clock = rq_clock(prev), prev_cg = 0, next_cg;
	struct cpu_clock *c;
	__u32 zero = 0;

	c = bpf_map_lookup_elem(&cpu_clocks, &zero);
	if (!c || !clock)
		return 0;
	if (prev->pid) {
		prev_cg = cpu_cgroup_id(prev);
		s_prev = stats_for(c, prev_cg);
		switch_out(s_prev, preempt, prev, prev_state);
	}
	if (!next->pid)
		return 0; /* idle */
	next_cg = cpu_cgroup_id(next);
	switch_in(c, next, next_cg, next_cg == prev_cg ? s_prev : NULL, clock);
	return 0;
}

/* On-CPU time exactly as the kernel charges it. update_se() fires sched_stat_runtime with each
 * delta it adds to the running task's sum_exec_runtime, just before it charges the same delta to
 * the cgroup (cpuacct.usage on v1, cpu.stat usage_usec on v2): at every tick, switch, enqueue and
 * dequeue while the task runs. So the stats never run ahead of the kernel's counters and trail a
 * running task by at most one tick; nothing is in flight for user space to estimate. Two earlier
 * designs failed against cpuacct here: counting at switch-out lost slices whose switch-in was not
 * seen (6.18), and adding the running slice by clock overstated it by the hypervisor's steal.
 * With proxy execution the cgroup charged is the donor's (rq->donor), so it is ours too.
 * Before 6.8 the tracepoint fires for CFS tasks only: real-time tasks' CPU time is not counted. */
SEC("tp_btf/sched_stat_runtime")
int BPF_PROG(handle_sched_stat_runtime, struct task_struct *running, __u64 runtime)
{
	struct task_struct *charged = running;
	struct cgroup_sched_stats *s;
	struct cfs_rq *cfs_rq;
	struct cpu_clock *c;
	__u64 mono;
	__u32 zero = 0;

	if (!runtime || !running->pid)
		return 0;
	cfs_rq = running->se.cfs_rq;
	c = bpf_map_lookup_elem(&cpu_clocks, &zero);
	if (!c || !cfs_rq || !cfs_rq->rq->clock)
		return 0;
	if (bpf_core_field_exists(((struct rq___proxy_exec *)cfs_rq->rq)->donor)) {
		struct task_struct *donor = ((struct rq___proxy_exec *)cfs_rq->rq)->donor;

		if (donor && donor->pid)
			charged = donor;
	}
	s = stats_for(c, cpu_cgroup_id(charged));
	if (!s)
		return 0;
	mono = to_mono(c, cfs_rq->rq->clock);
	__sync_fetch_and_add(&s->on_cpu_ns, runtime);
	account_windows(s, c, mono > runtime ? mono - runtime : 0, mono, runtime);
	return 0;
}

/* Before 6.18 a task woken into a throttled hierarchy waits for the unthrottle: mark its coming
 * wait as throttle wait. With task-based throttling (6.18+) it runs until its return to user and
 * is throttled then; the loader does not attach these programs there. */
static __always_inline void woken(struct task_struct *p)
{
	struct task_state *ts;

	if (bpf_core_field_exists(((struct task_struct___task_throttle *)p)->throttled) || !p->pid ||
	    !is_throttled(p))
		return;
	ts = bpf_task_storage_get(&task_states, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!ts) {
		count_error(ERR_TASK_STORAGE);
		return;
	}
	ts->wait_kind = WAIT_THROTTLE;
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
