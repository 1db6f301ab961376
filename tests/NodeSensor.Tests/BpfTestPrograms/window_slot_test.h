/* Fixed-width types shared by window_slot_test.bpf.c and its C# mirror (WindowSlotTestArgs). */
#ifndef __WINDOW_SLOT_TEST_H
#define __WINDOW_SLOT_TEST_H

/* One call of add_to_window: the run's context (BPF_PROG_TEST_RUN's ctx_in). */
struct window_slot_test_args {
	__u64 window; /* window id: CLOCK_MONOTONIC / window length, any value */
	__u64 ns;     /* on-CPU time to add to it */
};

#endif /* __WINDOW_SLOT_TEST_H */
