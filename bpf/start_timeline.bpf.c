// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Start timelines of new cgroups: created, first task, first exec, first listening socket.
 * Only cgroups of the cpu controller created after load get an entry (at cgroup_mkdir), so an
 * exec or a listen in an old cgroup costs one failed hash lookup. None of these hooks is on the
 * scheduler's hot path: they fire on mkdir/rmdir, cgroup moves, execve and TCP state changes.
 * The first LISTEN comes from sock:inet_sock_set_state, which fires in listen()'s own context
 * (inet_csk_listen_start), rather than the syscalls:sys_enter_listen event: that one needs
 * tracefs and makes every syscall on the node take the tracing slow path.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "kernel_types.bpf.h"
#include "start_timeline.h"

#define TCP_LISTEN 10 /* include/net/tcp_states.h */

struct sock;
struct linux_binprm;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_START_TIMELINES);
	__type(key, __u64);
	__type(value, struct start_timeline);
} timelines SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, START_TIMELINE_ERRORS);
	__type(key, __u32);
	__type(value, __u64);
} errors SEC(".maps");

static __always_inline int cpu_idx(void)
{
	return bpf_core_enum_value(enum cgroup_subsys_id, cpu_cgrp_id);
}

/* On cgroup v1 each controller has its own hierarchy and ids repeat across them: only a cgroup
 * that carries the cpu controller is one of ours. */
static __always_inline bool in_cpu_hierarchy(struct cgroup *cgrp)
{
	return cgrp->subsys[cpu_idx()] != 0;
}

static __always_inline struct start_timeline *timeline_of_task(struct task_struct *t)
{
	__u64 cgid = t->cgroups->subsys[cpu_idx()]->cgroup->kn->id;

	return bpf_map_lookup_elem(&timelines, &cgid);
}

/* Sets *field to now unless an earlier event already did; true when this call set it. */
static __always_inline bool set_once(__u64 *field, __u64 now)
{
	return *field == 0 && __sync_val_compare_and_swap(field, 0, now) == 0;
}

SEC("tp_btf/cgroup_mkdir")
int BPF_PROG(handle_cgroup_mkdir, struct cgroup *cgrp, const char *path)
{
	struct start_timeline t = { .created_ns = bpf_ktime_get_ns() };
	__u64 cgid;
	__u32 err = ERR_TIMELINE_MAP_FULL;
	__u64 *e;

	if (!in_cpu_hierarchy(cgrp))
		return 0;
	cgid = cgrp->kn->id;
	if (!bpf_map_update_elem(&timelines, &cgid, &t, BPF_ANY))
		return 0;
	e = bpf_map_lookup_elem(&errors, &err);
	if (e)
		__sync_fetch_and_add(e, 1);
	return 0;
}

SEC("tp_btf/cgroup_rmdir")
int BPF_PROG(handle_cgroup_rmdir, struct cgroup *cgrp, const char *path)
{
	__u64 cgid;

	if (!in_cpu_hierarchy(cgrp))
		return 0;
	cgid = cgrp->kn->id;
	bpf_map_delete_elem(&timelines, &cgid);
	return 0;
}

SEC("tp_btf/cgroup_attach_task")
int BPF_PROG(handle_cgroup_attach_task, struct cgroup *dst, const char *path, struct task_struct *task, bool threadgroup)
{
	struct start_timeline *t;
	__u64 cgid;

	if (!in_cpu_hierarchy(dst))
		return 0;
	cgid = dst->kn->id;
	t = bpf_map_lookup_elem(&timelines, &cgid);
	if (t)
		set_once(&t->first_task_ns, bpf_ktime_get_ns());
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(handle_sched_process_exec, struct task_struct *p, int old_pid, struct linux_binprm *bprm)
{
	struct start_timeline *t = timeline_of_task(p);

	if (t && set_once(&t->first_exec_ns, bpf_ktime_get_ns()))
		t->first_exec_pid = p->tgid;
	return 0;
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(handle_inet_sock_set_state, const struct sock *sk, const int oldstate, const int newstate)
{
	struct task_struct *task;
	struct start_timeline *t;

	if (newstate != TCP_LISTEN)
		return 0;
	task = bpf_get_current_task_btf();
	t = timeline_of_task(task);
	if (t && set_once(&t->first_listen_ns, bpf_ktime_get_ns()))
		t->first_listen_pid = task->tgid;
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
