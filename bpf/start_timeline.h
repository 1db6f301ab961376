/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/* When a new cpu-controller cgroup came to life. Mirrored in C# (Bpf/Programs/StartTimelineNative.cs). */
#ifndef __START_TIMELINE_H
#define __START_TIMELINE_H

#define MAX_START_TIMELINES 4096

/* CLOCK_MONOTONIC ns (bpf_ktime_get_ns); 0 = not happened yet. Each is set once. */
struct start_timeline {
	__u64 created_ns;      /* cgroup_mkdir */
	__u64 first_task_ns;   /* first cgroup_attach_task into it */
	__u64 first_exec_ns;   /* first sched_process_exec of a task in it */
	__u64 first_listen_ns; /* first socket of a task in it entering LISTEN (inet_sock_set_state) */
	__u32 first_exec_pid;
	__u32 first_listen_pid;
};

enum start_timeline_error {
	ERR_TIMELINE_MAP_FULL = 0,
	START_TIMELINE_ERRORS = 1,
};

#endif /* __START_TIMELINE_H */
