// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Per-period CPU usage of cgroups with a CFS quota, measured where the kernel decides
 * throttling: at each expiry of the group's period timer (sched_cfs_period_timer).
 *
 * CFS hands runtime from a group pool (cfs_b->runtime) to per-CPU cfs_rqs in slices; a cfs_rq
 * burns its runtime_remaining as tasks run (it can go negative: the overrun until the next
 * check). At every refill the kernel records the pool in runtime_snap (5.14+). So between two
 * expiries the group used
 *     (runtime_snap + sum(rr) at the previous expiry) - (runtime + sum(rr) now),
 * where sum(rr) is the runtime the CPUs still held. That is the kernel's own charge for the
 * period, the number compared with the quota, not an estimate from switch events.
 *
 * Filtering every hrtimer expiry costs one load and a compare; the rest runs ~10x/s per
 * limited group. Needs the address of sched_cfs_period_timer (kallsyms, root); without it the
 * program loads but never matches and user space falls back to fixed windows.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "kernel_types.bpf.h"
#include "cfs_period.h"
#include "bits.bpf.h"

#define RUNTIME_INF ((__u64)~0ULL)

extern const void sched_cfs_period_timer __ksym __weak;

/*
 * Fields only the recording reads, declared here rather than in kernel_types.bpf.h (CO-RE
 * ignores the ___period suffix). tg->se[cpu] is the group's entity on that CPU; its
 * sum_exec_runtime grows by the group's CPU time there (update_curr runs for group entities too).
 */
struct sched_entity___period {
	__u64 sum_exec_runtime;
} __attribute__((preserve_access_index));

struct cfs_rq___period {
	int throttled; /* a bit-field since 6.18: read with BPF_CORE_READ_BITFIELD_PROBED */
} __attribute__((preserve_access_index));

struct task_group___period {
	struct sched_entity___period **se;
	struct cfs_rq___period **cfs_rq;
} __attribute__((preserve_access_index));

const volatile struct cfs_period_config config = {
	.nr_cpus = 1,
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_LIMITED_CGROUPS);
	__type(key, __u64);
	__type(value, struct cfs_period_stats);
} period_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CFS_PERIOD_ERRORS);
	__type(key, __u32);
	__type(value, __u64);
} errors SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_RECORDED_CGROUPS);
	__type(key, __u64);
	__type(value, __u8);
} recorded_cgroups SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, PERIOD_RING_BYTES);
} period_records SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_RECORDED_CGROUPS);
	__type(key, __u64);
	__type(value, struct recorded_cpu_time);
} recorded_cpu_time SEC(".maps");

/* Keeps struct period_record in the object's BTF, where the layout test reads its size. */
const struct period_record *unused_period_record __attribute__((unused));

static const struct cfs_period_stats zero_stats;
static const struct recorded_cpu_time zero_cpu_time;

static __always_inline void count_error(__u32 err)
{
	__u64 *n = bpf_map_lookup_elem(&errors, &err);

	if (n)
		__sync_fetch_and_add(n, 1);
}

static __always_inline __s64 local_runtime(struct task_group *tg)
{
	struct cfs_rq **rqs = BPF_CORE_READ(tg, cfs_rq);
	__s64 sum = 0;

	for (__u32 cpu = 0; cpu < MAX_CPUS; cpu++) {
		struct cfs_rq *rq = NULL;

		if (cpu >= config.nr_cpus)
			break;
		if (bpf_probe_read_kernel(&rq, sizeof(rq), &rqs[cpu]) || !rq)
			continue;
		if (BPF_CORE_READ(rq, runtime_enabled))
			sum += BPF_CORE_READ(rq, runtime_remaining);
	}
	return sum;
}

/*
 * Each CPU's share of the group's CPU time since the previous expiry: how many CPUs ran it and the
 * largest share. The first expiry of a recording only stores the baseline (cpus_used 0: unknown).
 */
static __always_inline void parallelism(struct task_group *tg, __u64 cgid, struct period_record *r)
{
	struct task_group___period *g = (void *)tg;
	struct sched_entity___period **ses = BPF_CORE_READ(g, se);
	struct cfs_rq___period **rqs = BPF_CORE_READ(g, cfs_rq);
	struct recorded_cpu_time *prev = bpf_map_lookup_elem(&recorded_cpu_time, &cgid);

	r->cpus_used = 0;
	r->throttled_cpus = 0;
	r->max_cpu_used_ns = 0;
	if (!prev) {
		bpf_map_update_elem(&recorded_cpu_time, &cgid, &zero_cpu_time, BPF_NOEXIST);
		prev = bpf_map_lookup_elem(&recorded_cpu_time, &cgid);
		if (!prev)
			return;
	}
	for (__u32 cpu = 0; cpu < MAX_RECORDED_CPUS; cpu++) {
		struct sched_entity___period *se = NULL;
		struct cfs_rq___period *rq = NULL;
		__u64 now, delta;

		if (cpu >= config.nr_cpus)
			break;
		if (!bpf_probe_read_kernel(&rq, sizeof(rq), &rqs[cpu]) && rq &&
		    BPF_CORE_READ_BITFIELD_PROBED(rq, throttled))
			r->throttled_cpus++;
		if (bpf_probe_read_kernel(&se, sizeof(se), &ses[cpu]) || !se)
			continue;
		now = BPF_CORE_READ(se, sum_exec_runtime);
		delta = now - prev->sum_exec_ns[cpu];
		prev->sum_exec_ns[cpu] = now;
		if (!prev->primed || delta == 0)
			continue;
		r->cpus_used++;
		if (delta > r->max_cpu_used_ns)
			r->max_cpu_used_ns = delta;
	}
	if (!prev->primed) {
		prev->primed = 1;
		r->max_cpu_used_ns = 0;
	}
}

static __always_inline void emit_record(struct hrtimer *timer, struct cfs_bandwidth *cfs_b, struct task_group *tg,
					__u64 cgid, __s64 used, __u64 quota, __u64 burst)
{
	struct period_record *r;

	if (!bpf_map_lookup_elem(&recorded_cgroups, &cgid))
		return;
	r = bpf_ringbuf_reserve(&period_records, sizeof(*r), 0);
	if (!r) {
		count_error(ERR_RECORD_RING_FULL);
		return;
	}
	r->cgroup_id = cgid;
	r->expires_ns = BPF_CORE_READ(timer, node.expires);
	r->used_ns = used;
	r->quota_ns = quota;
	r->period_ns = BPF_CORE_READ(cfs_b, period);
	r->burst_ns = burst;
	r->nr_periods = (__u32)BPF_CORE_READ(cfs_b, nr_periods);
	r->nr_throttled = (__u32)BPF_CORE_READ(cfs_b, nr_throttled);
	r->throttled_time_ns = BPF_CORE_READ(cfs_b, throttled_time);
	parallelism(tg, cgid, r);
	bpf_ringbuf_submit(r, 0);
}

static __always_inline void on_period_expiry(struct hrtimer *timer)
{
	struct cfs_bandwidth *cfs_b =
		(void *)timer - bpf_core_field_offset(struct cfs_bandwidth, period_timer);
	struct task_group *tg = (void *)cfs_b - bpf_core_field_offset(struct task_group, cfs_bandwidth);
	__u64 quota = BPF_CORE_READ(cfs_b, quota);
	__u64 cgid, pool, snap, burst;
	struct cfs_period_stats *s;
	__s64 local, used;

	if (quota == RUNTIME_INF)
		return;
	cgid = BPF_CORE_READ(tg, css.cgroup, kn, id);
	s = bpf_map_lookup_elem(&period_stats, &cgid);
	if (!s) {
		long err = bpf_map_update_elem(&period_stats, &cgid, &zero_stats, BPF_NOEXIST);

		if (err && err != -17 /* EEXIST */)
			count_error(ERR_PERIOD_MAP_FULL);
		s = bpf_map_lookup_elem(&period_stats, &cgid);
		if (!s)
			return;
		s->last_local_runtime = local_runtime(tg);
		s->expiries = 1; /* the first expiry only sets the baseline */
		return;
	}
	pool = BPF_CORE_READ(cfs_b, runtime);
	snap = BPF_CORE_READ(cfs_b, runtime_snap);
	burst = BPF_CORE_READ(cfs_b, burst);
	local = local_runtime(tg);
	used = (__s64)snap + s->last_local_runtime - (__s64)pool - local;
	s->last_local_runtime = local;
	s->quota_ns = quota;
	s->period_ns = BPF_CORE_READ(cfs_b, period);
	s->expiries++;
	emit_record(timer, cfs_b, tg, cgid, used, quota, burst);
	if (used < 0) {
		count_error(ERR_PERIOD_NEGATIVE);
		return;
	}
	if ((__u64)used > quota + burst)
		s->over_quota_periods++;
	s->usage.count++;
	s->usage.sum_ns += used;
	{
		__u32 slot = usage_slot(used);

		if (slot < USAGE_SLOTS)
			s->usage.slots[slot]++;
	}
}

SEC("tp_btf/hrtimer_expire_entry")
int BPF_PROG(handle_period_timer, struct hrtimer *timer, ktime_t *now)
{
	if (&sched_cfs_period_timer && timer->function == &sched_cfs_period_timer)
		on_period_expiry(timer);
	return 0;
}

SEC("raw_tp/hrtimer_expire_entry")
int BPF_PROG(handle_period_timer_raw, struct hrtimer *timer)
{
	if (&sched_cfs_period_timer && BPF_CORE_READ(timer, function) == &sched_cfs_period_timer)
		on_period_expiry(timer);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
