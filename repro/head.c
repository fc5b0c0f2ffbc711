#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/ndctl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BUS "/sys/bus/nd"

/* A namespace the run's VM created, in its order (pmemfi's setup steps). */
struct ns_want {
	const char *name;	/* the profile's name for it */
	const char *mode;	/* "devdax" or "fsdax"; NULL: a raw placeholder that only takes room */
	const char *map;	/* "dev": memmap on the device; "mem": in RAM */
	uint64_t align, size;
	int region;		/* the Nth NVDIMM region by address; -1: the first with room; -2: legacy e820 pmem */
	const char *seed_a;	/* "ff@A" or "random:N@A": seed the info block's struct pages first; NULL: no */
};

/* What the cell does after the setup. */
struct cell {
	const char *name;
	const char *bus;	/* "ACPI.NFIT": QEMU's NVDIMMs; "nfit_test.0": the kernel's test bus */
	int labels;		/* write fresh namespace labels on every region of the bus first */
	int ns;			/* the index in want[] of the namespace the cell uses */
	const char *action;	/* an injector, a stress kind or an nfit_test test */
	const char *point;	/* a pfn point (below), or NULL */
	const char *expect;	/* what a correct kernel gives, configs/expectations */
	const char *poisons;	/* "yes"/"no": check HardwareCorrupted and the node counters; NULL: no check */
	long iterations;	/* stress: at most this many rounds */
	int seconds;		/* stress: or this long */
	int threads;		/* stress: mappers */
};

/* A namespace as the kernel made it. */
struct ns {
	const struct ns_want *want;
	char region[32], dev[32];	/* region0, namespace0.0 */
	char claim[32];			/* pfn0.0 / dax0.0: the device that claims it */
	char node[32];			/* /dev/<node>: dax0.0 (devdax) or pmem0 (fsdax) */
	uint64_t start, size;		/* the namespace, bytes */
	uint64_t data, data_size;	/* its data, as the claim device says */
	char mount[64];			/* fsdax: where its filesystem is */
};
