// SPDX-License-Identifier: GPL-2.0
/* The QEMU command line for a topology: NVDIMMs, NUMA nodes, RAM files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guest/media.h"
#include "vm/vm.h"

/* Is @want one of the arguments, right after @opt? */
static int has(char **argv, const char *opt, const char *want)
{
	for (int i = 0; argv[i] && argv[i + 1]; i++)
		if (!strcmp(argv[i], opt) && !strcmp(argv[i + 1], want))
			return 1;
	return 0;
}

static int count(char **argv, const char *opt)
{
	int n = 0;

	for (int i = 0; argv[i]; i++)
		n += !strcmp(argv[i], opt);
	return n;
}

static void plain(void **state)
{
	struct topology t = { .memory = 1ULL << 30, .cpus = 2, .nr_nvdimm = 1 };
	char *media[] = { "/w/nvdimm0.img", NULL };
	struct vm_config cfg = { .qemu = "qemu", .accel = "tcg", .topo = &t, .media = media,
				 .kernel = "bz", .initrd = "rd", .append = "console=ttyS0" };
	char **argv;

	(void)state;
	t.nvdimm[0] = (struct topo_nvdimm){ .size = 1ULL << 30, .label_size = 128 << 10, .node = -1 };
	argv = vm_build_argv(&cfg, "/w/ctl", "/w/qmp");
	assert_true(has(argv, "-machine", "pc,nvdimm=on"));
	assert_true(has(argv, "-accel", "tcg,thread=single"));
	assert_true(has(argv, "-m", "1024M,slots=2,maxmem=3072M"));
	assert_true(has(argv, "-device", "nvdimm,id=nvdimm0,memdev=mem0,label-size=131072"));
	assert_int_equal(count(argv, "-numa"), 0);
	/* 4-level paging unless the topology asks for 5: the CPU has no LA57. */
	assert_true(has(argv, "-cpu", "max,vendor=GenuineIntel,la57=off"));
	vm_free_argv(argv);
	t.paging = 5;
	argv = vm_build_argv(&cfg, "/w/ctl", "/w/qmp");
	assert_true(has(argv, "-cpu", "max,vendor=GenuineIntel"));
	vm_free_argv(argv);
}

static void numa_and_legacy(void **state)
{
	struct topology t = { .memory = 2ULL << 30, .cpus = 2, .nr_nvdimm = 2, .numa = 2,
			      .nr_legacy = 1 };
	char *media[] = { "/w/nvdimm0.img", "/w/nvdimm1.img", "/w/ram0.img", "/w/ram1.img", NULL };
	struct vm_config cfg = { .qemu = "qemu", .accel = "tcg", .topo = &t, .media = media,
				 .kernel = "bz", .initrd = "rd", .append = "x" };
	char **argv;

	(void)state;
	t.nvdimm[0] = (struct topo_nvdimm){ .size = 1ULL << 30, .label_size = 128 << 10, .node = 0 };
	t.nvdimm[1] = (struct topo_nvdimm){ .size = 1ULL << 30, .label_size = 128 << 10, .node = 1 };
	t.legacy[0] = (struct topo_legacy){ .start = 512 << 20, .size = 256 << 20 };
	argv = vm_build_argv(&cfg, "/w/ctl", "/w/qmp");
	assert_true(has(argv, "-object", "memory-backend-file,id=ram1,share=on,mem-path=/w/ram1.img,size=1024M"));
	assert_true(has(argv, "-numa", "node,nodeid=0,memdev=ram0"));
	assert_true(has(argv, "-numa", "node,nodeid=1,memdev=ram1"));
	assert_true(has(argv, "-device", "nvdimm,id=nvdimm1,memdev=mem1,label-size=131072,node=1"));
	assert_true(has(argv, "-machine", "pc,nvdimm=on"));
	vm_free_argv(argv);

	/* Without NUMA, legacy pmem still needs RAM from a file. */
	t.numa = 0;
	t.nvdimm[0].node = t.nvdimm[1].node = -1;
	media[3] = NULL;
	argv = vm_build_argv(&cfg, "/w/ctl", "/w/qmp");
	assert_true(has(argv, "-machine", "pc,nvdimm=on,memory-backend=ram0"));
	assert_true(has(argv, "-object", "memory-backend-file,id=ram0,share=on,mem-path=/w/ram0.img,size=2048M"));
	assert_int_equal(count(argv, "-numa"), 0);
	vm_free_argv(argv);
}

/* Position of @want right after @opt, or -1. */
static int where(char **argv, const char *opt, const char *want)
{
	for (int i = 0; argv[i] && argv[i + 1]; i++)
		if (!strcmp(argv[i], opt) && !strncmp(argv[i + 1], want, strlen(want)))
			return i;
	return -1;
}

/*
 * configs/topologies/devmem: q35 for CXL, a node without RAM or CPUs for
 * the NVDIMM kmem onlines, virtio-pmem, the NVMe CMB, CXL after every
 * other PCI device, each on its media file (guest/media.h's order).
 */
static void device_memory(void **state)
{
	struct topology t = { .memory = 2ULL << 30, .cpus = 2, .nr_nvdimm = 3, .numa = 2, .ram_nodes = 1,
			      .nvme_cmb = 64 << 20, .hmm = 1, .hmm_coherent = 1ULL << 30, .kmem = 1 };
	char *media[] = { "/w/nvdimm0.img", "/w/nvdimm1.img", "/w/nvdimm2.img", "/w/ram0.img",
			  "/w/cxl-label0.img", "/w/nvme.img", NULL };
	struct vm_config cfg = { .qemu = "qemu", .accel = "tcg", .topo = &t, .media = media,
				 .kernel = "bz", .initrd = "rd", .append = "x" };
	char **argv;

	(void)state;
	t.nvdimm[0] = (struct topo_nvdimm){ .size = 1ULL << 30, .label_size = 128 << 10, .node = 1 };
	t.nvdimm[1] = (struct topo_nvdimm){ .kind = TOPO_VIRTIO_PMEM, .size = 512 << 20, .node = -1 };
	t.nvdimm[2] = (struct topo_nvdimm){ .kind = TOPO_CXL_PMEM, .size = 256 << 20, .label_size = 128 << 10,
					    .node = -1 };
	assert_int_equal(media_cxl_label_index(&t, 0), 4);
	assert_int_equal(media_nvme_index(&t), 5);
	argv = vm_build_argv(&cfg, "/w/ctl", "/w/qmp");
	assert_true(has(argv, "-machine", "q35,nvdimm=on,cxl=on"));
	assert_true(has(argv, "-cpu", "max,vendor=GenuineIntel,la57=off,hypervisor=off"));
	/* RAM, NVDIMM and virtio-pmem count towards maxmem; CXL has a window of its own. */
	assert_true(has(argv, "-m", "2048M,slots=4,maxmem=5120M"));
	assert_true(has(argv, "-numa", "node,nodeid=0,memdev=ram0,cpus=0-1"));
	assert_true(has(argv, "-numa", "node,nodeid=1"));
	assert_true(has(argv, "-device", "nvdimm,id=nvdimm0,memdev=mem0,label-size=131072,node=1"));
	assert_true(has(argv, "-object", "memory-backend-file,id=mem1,share=on,mem-path=/w/nvdimm1.img,size=512M,align=2M"));
	assert_true(has(argv, "-device", "virtio-pmem-pci,id=vpmem1,memdev=mem1"));
	assert_true(has(argv, "-drive", "file=/w/nvme.img,if=none,id=nvme0,format=raw"));
	assert_true(has(argv, "-device", "nvme,serial=pmemfi0,drive=nvme0,cmb_size_mb=64"));
	assert_true(has(argv, "-object", "memory-backend-file,id=lsa2,share=on,mem-path=/w/cxl-label0.img,size=128K"));
	assert_true(has(argv, "-device", "cxl-type3,bus=cxlrp0,memdev=mem2,lsa=lsa2,id=cxlpmem0,sn=0x9e3f0000"));
	assert_true(has(argv, "-M", "cxl-fmw.0.targets.0=cxl.0,cxl-fmw.0.size=256M"));
	/* The CXL host bridge's bus takes bridges only: every other PCI device first. */
	assert_true(where(argv, "-device", "pxb-cxl") > where(argv, "-device", "virtio-serial-pci"));
	assert_true(where(argv, "-device", "pxb-cxl") > where(argv, "-device", "nvme"));
	assert_true(where(argv, "-device", "pxb-cxl") > where(argv, "-device", "virtio-pmem-pci"));
	vm_free_argv(argv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain),
		cmocka_unit_test(numa_and_legacy),
		cmocka_unit_test(device_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
