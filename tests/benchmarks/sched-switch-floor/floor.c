// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Loads floor.bpf.o, attaches it, says "attached" and keeps it attached until SIGTERM or SIGINT.
 * Usage: floor FLOOR.bpf.o */
#include <signal.h>
#include <stdio.h>
#include <bpf/libbpf.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	sigset_t blocked, wait_mask;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FLOOR.bpf.o\n", argv[0]);
		return 2;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "floor: cannot load %s\n", argv[1]);
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "handle_floor_switch");
	link = prog ? bpf_program__attach(prog) : NULL;
	if (!link) {
		fprintf(stderr, "floor: cannot attach tp_btf/sched_switch\n");
		bpf_object__close(obj);
		return 1;
	}
	/* Signals are blocked except inside sigsuspend: one arriving before it cannot be missed. */
	sigemptyset(&wait_mask);
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGTERM);
	sigaddset(&blocked, SIGINT);
	sigprocmask(SIG_BLOCK, &blocked, NULL);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	printf("attached\n");
	fflush(stdout);
	while (!stop)
		sigsuspend(&wait_mask);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}
