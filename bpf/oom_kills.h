/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/* OOM victims per cpu-controller cgroup. Mirrored in C# (Bpf/Programs/OomKillsTypes.cs). */
#ifndef __OOM_KILLS_H
#define __OOM_KILLS_H

#define MAX_OOM_CGROUPS 1024

enum oom_kills_error {
	ERR_OOM_MAP_FULL = 0,
	OOM_KILLS_ERRORS = 1,
};

#endif /* __OOM_KILLS_H */
