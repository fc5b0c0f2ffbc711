// SPDX-License-Identifier: GPL-2.0
/* The kernel command line of a run's guests (kernel/cmdline.h). */
#include <stdlib.h>
#include <string.h>

#include "kernel/cmdline.h"
#include "lib/util.h"

/*
 * What every pmemfi guest boots with (docs/kernels-choosing.md).
 * acpi=noirq: the ACPI interpreter evaluating PCI interrupt links takes
 * 8 s of a KASAN kernel's boot under TCG; the PIRQ table does the same job.
 */
#define KERNEL_APPEND \
	"console=ttyS0,115200 loglevel=7 printk.time=1 printk.devkmsg=on " \
	"panic=-1 oops=panic acpi=noirq"

char *kernel_append(const struct kernel *k, const struct plan *p, const char *extra)
{
	char *s = xasprintf("%s%s%s%s%s", KERNEL_APPEND, p->topo.kaslr ? "" : " nokaslr",
			    strstr(k->sanitizers, "KASAN") ? " kasan_multi_shot" : "", extra ? " " : "",
			    extra ? extra : "");

	for (int i = 0; i < p->topo.nr_legacy; i++) {
		char *next = xasprintf("%s memmap=%lluM!%lluM", s,
				       (unsigned long long)(p->topo.legacy[i].size >> 20),
				       (unsigned long long)(p->topo.legacy[i].start >> 20));

		free(s);
		s = next;
	}
	/* The topology's devices: modules to load, reservations (docs/device-memory.md). */
	{
		char *dev = plan_kernel_args(&p->topo), *next = *dev ? xasprintf("%s %s", s, dev) : NULL;

		if (next) {
			free(s);
			s = next;
		}
		free(dev);
	}
	for (int i = 0; i < p->nr_cells; i++) {
		if (p->cells[i].action && !strcmp(p->cells[i].action, "page-owner")) {
			char *next = xasprintf("%s page_owner=on", s);

			free(s);
			s = next;
			break;
		}
	}
	return s;
}
