// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Counts OOM victims (oom:mark_victim) per cgroup of the cpu controller, so a kill is tied to
 * the same cgroup id as the CPU numbers. OOM is the one memory signal that must never be
 * missed: a full map is counted in errors, not dropped silently.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "kernel_types.bpf.h"
#include "oom_kills.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_OOM_CGROUPS);
	__type(key, __u64);
	__type(value, __u64);
} oom_kills SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, OOM_KILLS_ERRORS);
	__type(key, __u32);
	__type(value, __u64);
} errors SEC(".maps");

static __always_inline void count_kill(__u64 cgid)
{
	__u64 one = 1, *n = bpf_map_lookup_elem(&oom_kills, &cgid);
	__u32 err = ERR_OOM_MAP_FULL;
	__u64 *e;

	if (n) {
		__sync_fetch_and_add(n, 1);
		return;
	}
	if (!bpf_map_update_elem(&oom_kills, &cgid, &one, BPF_NOEXIST))
		return;
	n = bpf_map_lookup_elem(&oom_kills, &cgid); /* lost a race with another CPU */
	if (n) {
		__sync_fetch_and_add(n, 1);
		return;
	}
	e = bpf_map_lookup_elem(&errors, &err);
	if (e)
		__sync_fetch_and_add(e, 1);
}

SEC("tp_btf/mark_victim")
int BPF_PROG(handle_mark_victim, struct task_struct *task)
{
	int idx = bpf_core_enum_value(enum cgroup_subsys_id, cpu_cgrp_id);

	count_kill(task->cgroups->subsys[idx]->cgroup->kn->id);
	return 0;
}

SEC("raw_tp/mark_victim")
int BPF_PROG(handle_mark_victim_raw, struct task_struct *task)
{
	int idx = bpf_core_enum_value(enum cgroup_subsys_id, cpu_cgrp_id);

	count_kill(BPF_CORE_READ(task, cgroups, subsys[idx], cgroup, kn, id));
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
