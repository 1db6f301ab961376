/* Fixed-width types shared by loader_test.bpf.c and its C# mirror (LoaderTestConfig). */
#ifndef __LOADER_TEST_H
#define __LOADER_TEST_H

#define LOADER_TEST_MAX_ENTRIES 16

struct loader_test_config {
	__u32 hash_entries; /* how many keys the program writes into `entries` (≤ MAX) */
	__u32 value_base;   /* entries[k] = value_base + k, so the test can tell rodata arrived */
	__u64 reserved;
};

#endif /* __LOADER_TEST_H */
