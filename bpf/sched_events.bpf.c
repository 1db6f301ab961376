// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Per cgroup of the cpu controller: on-CPU time, voluntary and involuntary switches, and the two
 * kinds of waiting that runqlat-style tools lump together:
 *   contention wait: runnable (woken, preempted or unthrottled) until switched in — the CPU was busy;
 *   throttle wait:   switched out while CFS-throttled until the unthrottle — the limit said no.
 * Everything is aggregated here; user space reads the maps in batches.
 *
 * One program per context switch does it all (each program run costs ~50 ns before it does
 * anything, so a second hook per switch would cost more than the whole budget): on-CPU time is
 * the growth of the kernel's own se.sum_exec_runtime, counted at switch-out and, for tasks that
 * run for longer, at the scheduler tick.
 *
 * Waits come from the kernel's own delay accounting (sched_info, as /proc/<pid>/schedstat): at
 * the sched_switch tracepoint next->sched_info.last_queued still holds when it became runnable,
 * and run_delay what it waited before, so a wait is Δrun_delay + (now − last_queued), exact
 * even when the task migrated while it waited. A throttle wait ends at the unthrottle, read from
 * the kernel's throttle clock of the task's cfs_rq (see throttle_part); what follows is
 * contention. No wakeup hook is needed: on 6.18+ the wakeup programs are not attached at all.
 * Before 6.18 they only mark tasks woken into a throttled hierarchy.
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
#include "sched_errors.bpf.h"
#include "window_slots.bpf.h"

#define TASK_RUNNING 0

enum wait_kind {
	WAIT_CONTENTION = 0, /* the default: a task waits for a CPU unless marked throttled */
	WAIT_THROTTLE = 1,
};

struct task_state {
	__u64 run_delay_counted; /* sched_info.run_delay including the last wait counted */
	__u64 split_cfs_rq;	 /* throttle wait: the cfs_rq (address) whose unthrottle ends it; 0 = unknown */
	__u64 split_since;	 /* its throttled_clock_self when the task was throttled */
	__u64 split_total;	 /* its throttled_clock_self_time then */
	__u32 wait_kind;	 /* what the coming wait is: set at switch-out (or wakeup before 6.18) */
	__u32 counted;		 /* run_delay_counted is valid */
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

/* Per CPU: how rq->clock maps to CLOCK_MONOTONIC, the window being filled, recent slots, and
 * the task the tracepoint last reported switching in. */
struct cpu_state {
	__u64 cache_cgid[SLOT_CACHE];
	__u32 cache_slot[SLOT_CACHE];
	__s64 mono_offset;    /* CLOCK_MONOTONIC - rq->clock at the last calibration */
	__u64 calibrated_at;  /* rq->clock of that calibration */
	__u64 window_id;      /* the window this CPU accounted last */
	__u64 window_start;   /* its bounds, CLOCK_MONOTONIC */
	__u64 window_end;
	__u64 curr;	      /* that task (address) */
	__u64 curr_runtime;   /* its se.sum_exec_runtime already counted */
	__u64 curr_since;     /* rq clock when it was counted: its switch-in or the last tick */
	__u64 pend_cgid;      /* CPU time gathered here for one cgroup's window, not yet in its slot */
	__u64 pend_window;
	__u64 pend_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cpu_state);
} cpu_states SEC(".maps");


#define CALIBRATE_EVERY_NS 100000000ULL

/* Time in the scheduler's own clock: the rq clock that __schedule() and the tick update just
 * before these hooks, the clock of the kernel's throttled_time and run_delay.
 * Reading it costs a few loads; bpf_ktime_get_ns() cost ~85 ns per call here. Clocks of different
 * CPUs are compared as the kernel compares them (sched_clock is kept stable across CPUs). */
static __always_inline __u64 rq_clock(struct task_struct *t)
{
	struct cfs_rq *cfs_rq = t->se.cfs_rq;

	return cfs_rq ? cfs_rq->rq->clock : 0;
}

/* Converts an rq clock reading to CLOCK_MONOTONIC, which user space shares: the offset is
 * re-measured every 100 ms per CPU, so the two clocks' rates never drift apart measurably. */
static __always_inline __u64 to_mono(struct cpu_state *c, __u64 clock)
{
	if (!c->calibrated_at || clock - c->calibrated_at > CALIBRATE_EVERY_NS) {
		c->mono_offset = (__s64)bpf_ktime_get_ns() - (__s64)clock;
		c->calibrated_at = clock;
	}
	return clock + c->mono_offset;
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
static __always_inline struct cgroup_sched_stats *stats_for(struct cpu_state *c, __u64 cgid)
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

	__sync_fetch_and_add(&h->sum_ns, ns);
	if (slot < WAIT_SLOTS)
		__sync_fetch_and_add(&h->slots[slot], 1);
}

/* The stats of a cgroup that has a slot, without giving it one: for adding time to a cgroup
 * that user space may have forgotten since. */
static __always_inline struct cgroup_sched_stats *known_stats(struct cpu_state *c, __u64 cgid)
{
	__u32 way = cgid & (SLOT_CACHE - 1);
	struct cgroup_sched_stats *st;
	__u32 slot, *known;

	if (c->cache_cgid[way] == cgid) {
		slot = c->cache_slot[way];
		st = bpf_map_lookup_elem(&cgroup_stats, &slot);
		if (st && st->cgroup_id == cgid)
			return st;
	}
	known = bpf_map_lookup_elem(&cgroup_slots, &cgid);
	if (!known)
		return NULL;
	slot = *known;
	st = bpf_map_lookup_elem(&cgroup_stats, &slot);
	return st && st->cgroup_id == cgid ? st : NULL;
}

/* Adds the CPU time this CPU gathered for one cgroup in one window to that window's slot. */
static __always_inline void flush_window(struct cpu_state *c)
{
	struct cgroup_sched_stats *st;

	if (!c->pend_ns)
		return;
	st = known_stats(c, c->pend_cgid);
	if (st)
		add_to_window(&st->windows[c->pend_window & (WINDOW_RING - 1)], c->pend_window, c->pend_ns);
	c->pend_ns = 0;
}

/* Spreads the CPU time `exec` of an on-CPU slice [start, end) (CLOCK_MONOTONIC) over the fixed
 * windows the slice overlaps, in proportion to the overlap. The common case, a slice inside the
 * window this CPU saw last, is only summed per CPU (a compare-and-swap on the shared slot cost
 * ~30 ns per switch): the sum goes to the slot when this CPU moves on to another cgroup or
 * window, or goes idle. User space folds a window two windows after it ends, when every CPU has
 * long moved on (a busy CPU ticks at least every 10 ms). */
static __always_inline void account_windows(struct cgroup_sched_stats *s, struct cpu_state *c,
					    __u64 start, __u64 end, __u64 exec)
{
	__u64 len = config.window_ns;
	__u64 wall = end - start;
	__u64 w0, w1;

	if (!len || end <= start)
		return;
	if (start >= c->window_start && end < c->window_end) {
		if (c->pend_cgid != s->cgroup_id || c->pend_window != c->window_id) {
			flush_window(c);
			c->pend_cgid = s->cgroup_id;
			c->pend_window = c->window_id;
		}
		c->pend_ns += exec;
		return;
	}
	flush_window(c);
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

static __always_inline void add_on_cpu(struct cgroup_sched_stats *s, struct cpu_state *c, __u64 since, __u64 now,
				       __u64 ran)
{
	__sync_fetch_and_add(&s->on_cpu_ns, ran);
	account_windows(s, c, to_mono(c, since), to_mono(c, now), ran);
}

/* Counts the CPU time the running task was charged since it was last counted here (its
 * switch-in or the last tick): the growth of se.sum_exec_runtime, to which update_curr() adds
 * each delta just before charging the same delta to the cgroup (cpuacct.usage on v1, cpu.stat
 * usage_usec on v2). So the stats never run ahead of the kernel's counters. */
static __always_inline void count_running(struct cpu_state *c, struct cgroup_sched_stats *s, struct task_struct *t,
					  __u64 clock)
{
	__u64 runtime = t->se.sum_exec_runtime;
	__u64 ran = runtime - c->curr_runtime;

	if ((__s64)ran <= 0)
		return;
	if (s)
		add_on_cpu(s, c, c->curr_since, clock, ran);
	c->curr_runtime = runtime;
	c->curr_since = clock;
}

/* The part of a throttle wait [end - wait, end) before the unthrottle, from the kernel's own
 * throttle clock of the cfs_rq the task was throttled on: when it switched out the episode had
 * begun at split_since with split_total ended before it; once the episode ends the total grows
 * by its length, so the unthrottle was at split_since + (total now - split_total). Example: a
 * task throttled at 1000 ms on an episode begun at 999.9 ms (total 40 ms then), switched in at
 * 1082 ms with the total at 120.5 ms: unthrottled at 999.9 + 80.5 = 1080.4 ms, so 80.4 ms of
 * throttle wait and 1.6 ms of contention. Before 6.6 the clock does not exist: all throttle. */
static __always_inline __u64 throttle_part(struct task_state *ts, __u64 wait, __u64 end)
{
	__u64 total = 0, unthrottled, start = end - wait, offset;

	if (!bpf_core_field_exists(((struct cfs_rq___self_time *)0)->throttled_clock_self_time) || !ts->split_cfs_rq) {
		count_error(ERR_THROTTLE_UNSPLIT);
		return wait;
	}
	/* The cfs_rq is known by address only (the task may have moved on): a checked read. */
	offset = bpf_core_field_offset(struct cfs_rq___self_time, throttled_clock_self_time);
	if (bpf_probe_read_kernel(&total, sizeof(total), (void *)(ts->split_cfs_rq + offset)) ||
	    total <= ts->split_total) {
		count_error(ERR_THROTTLE_UNSPLIT);
		return wait;
	}
	unthrottled = ts->split_since + (total - ts->split_total);
	if (unthrottled <= start)
		return 0;
	return unthrottled < end ? unthrottled - start : wait;
}

/* Adds a wait that ended at `end`: contention, or throttle until the unthrottle and contention
 * after it (the CPU was busy once the limit let the task go). */
static __always_inline void count_wait(struct cgroup_sched_stats *s, struct task_state *ts, __u64 wait, __u64 end)
{
	__u64 throttled;

	if (ts->wait_kind != WAIT_THROTTLE) {
		add_wait(&s->contention_wait, wait);
		return;
	}
	throttled = throttle_part(ts, wait, end);
	if (throttled)
		add_wait(&s->throttle_wait, throttled);
	if (wait > throttled)
		add_wait(&s->contention_wait, wait - throttled);
}

/* A throttled task's coming wait is throttle wait, up to the unthrottle of the cfs_rq it waits
 * on: remember where that episode's clock stood. */
static __always_inline void mark_throttle_wait(struct task_struct *t)
{
	struct cfs_rq___self_time *rq = (void *)t->se.cfs_rq;
	struct task_state *ts;

	ts = bpf_task_storage_get(&task_states, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!ts) {
		count_error(ERR_TASK_STORAGE);
		return;
	}
	ts->wait_kind = WAIT_THROTTLE;
	ts->split_cfs_rq = 0;
	if (bpf_core_field_exists(rq->throttled_clock_self) && rq && rq->throttled_clock_self) {
		ts->split_cfs_rq = (__u64)rq;
		ts->split_since = rq->throttled_clock_self;
		ts->split_total = rq->throttled_clock_self_time;
	}
}

/* Task t runs here although the last switch-in this CPU reported was another task's: the
 * tracepoint did not fire for the switch that brought t in (on the 6.18 VM we measure on it
 * never fires when two threads of the VM's init process switch out: no tracepoint fires in their
 * context at all; ftrace misses the same switches). The kernel still went through
 * context_switch(), whose sched_info_arrive() added t's wait to run_delay and set last_arrival,
 * so nothing is lost: the wait is counted from there, classified by how t last switched out,
 * and its CPU time from its last pick (set_next_entity() saves sum_exec_runtime), but not from
 * before the last switch this CPU reported. */
static __always_inline void adopt_unseen(struct cpu_state *c, struct cgroup_sched_stats *s, struct task_struct *t,
					 __u64 clock)
{
	__u64 runtime = t->se.sum_exec_runtime, picked = t->se.prev_sum_exec_runtime;
	__u64 arrived = t->sched_info.last_arrival, run_delay, wait = 0;
	struct task_state *ts;

	count_error(ERR_SWITCH_IN_UNSEEN);
	if (arrived < c->curr_since || arrived > clock)
		arrived = c->curr_since;
	/* A pick without a switch resets prev_sum_exec_runtime; the wall time since the arrival
	 * bounds what can have run. */
	if (picked > runtime || runtime - picked > clock - arrived)
		picked = runtime - (clock - arrived < runtime ? clock - arrived : runtime);
	c->curr = (__u64)t;
	c->curr_runtime = picked;
	c->curr_since = arrived;
	ts = bpf_task_storage_get(&task_states, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!ts) {
		count_error(ERR_TASK_STORAGE);
		return;
	}
	/* Never seen before: if that was its first run (pcount counts arrivals), all its run_delay
	 * is waiting since it was forked; else it ran before the sensor started. */
	run_delay = t->sched_info.run_delay;
	if (ts->counted)
		wait = run_delay - ts->run_delay_counted;
	else if (t->sched_info.pcount <= 1)
		wait = run_delay;
	ts->run_delay_counted = run_delay;
	ts->counted = 1;
	if (s && (__s64)wait > 0)
		count_wait(s, ts, wait, arrived);
	ts->wait_kind = WAIT_CONTENTION;
}

static __always_inline void switch_out(struct cpu_state *c, struct cgroup_sched_stats *s, bool preempt,
				       struct task_struct *prev, unsigned int prev_state, __u64 clock)
{
	bool runnable = preempt || prev_state == TASK_RUNNING;
	bool throttled = runnable && is_throttled(prev);

	if (c->curr != (__u64)prev)
		adopt_unseen(c, s, prev, clock);
	if (s) {
		/* The kernel counts nivcsw for exactly these: preempted, or left the CPU still runnable. */
		if (runnable)
			__sync_fetch_and_add(&s->involuntary_switches, 1);
		else
			__sync_fetch_and_add(&s->voluntary_switches, 1);
		if (throttled)
			__sync_fetch_and_add(&s->throttle_events, 1);
	}
	count_running(c, s, prev, clock);
	/* A task that blocks waits next from its wakeup: for a CPU, unless (before 6.18) the wakeup
	 * program finds its hierarchy throttled. */
	if (throttled)
		mark_throttle_wait(prev);
}

/* Counts the wait that ends now. sched_info_arrive() will add it to run_delay right after this
 * tracepoint, so every wait since the last counted one is run_delay (as it will be) minus
 * run_delay when that one was counted: exact even when the task migrated while it waited
 * (sched_info_dequeue() added the part on the first CPU) or a switch-in was not reported.
 * s_same: the stats of prev's cgroup when next is in the same one, saving a lookup. */
static __always_inline void switch_in(struct cpu_state *c, struct task_struct *next, __u64 cgid,
				      struct cgroup_sched_stats *s_same, __u64 clock)
{
	__u64 queued = next->sched_info.last_queued, run_delay = next->sched_info.run_delay;
	struct task_state *ts;
	__u64 wait = 0;

	if (queued && clock > queued)
		run_delay += clock - queued;
	ts = bpf_task_storage_get(&task_states, next, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!ts) {
		count_error(ERR_TASK_STORAGE);
		return;
	}
	/* A brand-new task (never ran) waited only since it was forked; for a task running before the
	 * sensor started the earlier part of its run_delay is unknown, so its first wait is skipped. */
	if (ts->counted)
		wait = run_delay - ts->run_delay_counted;
	else if (!next->sched_info.pcount)
		wait = run_delay;
	ts->run_delay_counted = run_delay;
	ts->counted = 1;
	if ((__s64)wait > 0) {
		struct cgroup_sched_stats *s = s_same ? s_same : stats_for(c, cgid);

		if (s)
			count_wait(s, ts, wait, clock);
	}
	ts->wait_kind = WAIT_CONTENTION;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(handle_sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next,
	     unsigned int prev_state)
{
	struct cgroup_sched_stats *s_prev = NULL;
	__u64 clock = rq_clock(prev), prev_cg = 0, next_cg;
	struct cpu_state *c;
	__u32 zero = 0;

	c = bpf_map_lookup_elem(&cpu_states, &zero);
	if (!c || !clock)
		return 0;
	if (prev->pid) {
		prev_cg = cpu_cgroup_id(prev);
		s_prev = stats_for(c, prev_cg);
		switch_out(c, s_prev, preempt, prev, prev_state, clock);
	}
	c->curr = (__u64)next;
	c->curr_runtime = next->se.sum_exec_runtime;
	c->curr_since = clock;
	if (!next->pid) {
		flush_window(c); /* idle: nothing else would add it soon */
		return 0;
	}
	next_cg = cpu_cgroup_id(next);
	switch_in(c, next, next_cg, next_cg == prev_cg ? s_prev : NULL, clock);
	return 0;
}

/* The scheduler tick's hrtimer function, named by kernel: tick_nohz_handler() now (6.18 here),
 * which serves both timer resolutions; tick_nohz_highres_handler() for a few releases before it,
 * when tick_nohz_handler() was the low-resolution clockevent handler, never an hrtimer's
 * function (so matching it there is harmless); tick_sched_timer() before those. In
 * low-resolution timer mode the tick is no hrtimer and running tasks are counted at switch-out
 * only. */
extern const void tick_nohz_handler __ksym __weak;
extern const void tick_nohz_highres_handler __ksym __weak;
extern const void tick_sched_timer __ksym __weak;

static __always_inline bool is_tick(void *fn)
{
	return fn && ((&tick_nohz_handler && fn == &tick_nohz_handler) ||
		      (&tick_nohz_highres_handler && fn == &tick_nohz_highres_handler) ||
		      (&tick_sched_timer && fn == &tick_sched_timer));
}

/* A task that runs for longer than a tick is counted at every tick, right after the tick's
 * update_curr() charged it: reads never trail the kernel's charge by much more than a tick. */
SEC("tp_btf/hrtimer_expire_exit")
int BPF_PROG(handle_tick, struct hrtimer *timer)
{
	struct task_struct *t;
	struct cgroup_sched_stats *s;
	struct cpu_state *c;
	__u64 clock;
	__u32 zero = 0;

	if (!is_tick(timer->function))
		return 0;
	t = bpf_get_current_task_btf();
	clock = rq_clock(t);
	c = bpf_map_lookup_elem(&cpu_states, &zero);
	if (!t->pid || !c || !clock)
		return 0;
	s = stats_for(c, cpu_cgroup_id(t));
	if (c->curr != (__u64)t)
		adopt_unseen(c, s, t, clock);
	count_running(c, s, t, clock);
	return 0;
}

/* Before 6.18 a task woken into a throttled hierarchy waits for the unthrottle: mark its coming
 * wait as throttle wait. With task-based throttling (6.18+) it runs until its return to user and
 * is throttled then; the loader does not attach these programs there. */
static __always_inline void woken(struct task_struct *p)
{
	if (bpf_core_field_exists(((struct task_struct___task_throttle *)p)->throttled) || !p->pid ||
	    !is_throttled(p))
		return;
	mark_throttle_wait(p);
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
