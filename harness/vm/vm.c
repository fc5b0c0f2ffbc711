// SPDX-License-Identifier: GPL-2.0
#include "vm/vm.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <linux/kvm.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/ctl.h"
#include "guest/media.h"
#include "vm/qmp.h"
#include "lib/util.h"

/* -machine, -accel, -cpu and -smp: the machine QEMU emulates and how. */
static void argv_machine(struct strvec *b, const struct vm_config *cfg)
{
	const struct topology *t = cfg->topo;

	int cxl = plan_has_pmem_kind(t, TOPO_CXL_PMEM);

	strvec_push(b, "-machine");
	/*
	 * Legacy pmem is RAM the harness seeds: RAM comes from a file. CXL
	 * needs PCI Express: the q35 machine.
	 */
	strvec_pushf(b, "%s,nvdimm=on%s%s", cxl ? "q35" : "pc", cxl ? ",cxl=on" : "",
		     plan_ram_files(t) && !t->numa ? ",memory-backend=ram0" : "");
	strvec_push(b, "-accel");
	/*
	 * Multi-threaded TCG races the kernel's int3-based text patching
	 * (static keys flipped while another vCPU runs the site): seen as
	 * "Oops: int3" in sched_clock_cpu at boot. One TCG thread boots as fast.
	 */
	strvec_push(b, !strcmp(cfg->accel, "tcg") ? "tcg,thread=single" : cfg->accel);
	/*
	 * TCG's "max" CPU is AMD by default; machine-check injection wants
	 * Intel. It also offers LA57: without it the kernel keeps 4-level
	 * paging (topology "paging").
	 */
	/*
	 * Committing a CXL region invalidates the CPU caches, which the
	 * kernel refuses to do under a hypervisor (unless built with
	 * CXL_REGION_INVALIDATION_TEST): do not say there is one.
	 */
	strvec_push(b, "-cpu");
	strvec_pushf(b, "%s%s%s", !strcmp(cfg->accel, "kvm") ? "host" : "max,vendor=GenuineIntel",
		     t->paging == 5 ? "" : ",la57=off", cxl ? ",hypervisor=off" : "");
	strvec_push(b, "-smp");
	strvec_pushf(b, "%d", t->cpus);
}

/*
 * -m, and RAM from files when the topology needs them (plan_ram_files()):
 * one backend per NUMA node, each its node's memory, or one for all RAM.
 */
static void argv_ram(struct strvec *b, const struct vm_config *cfg)
{
	const struct topology *t = cfg->topo;
	unsigned long long maxmem = t->memory;
	int nr = plan_ram_files(t);

	/* NVDIMMs and virtio-pmem devices take device-memory space; CXL has a window. */
	for (int i = 0; i < t->nr_nvdimm; i++)
		if (t->nvdimm[i].kind != TOPO_CXL_PMEM)
			maxmem += t->nvdimm[i].size;
	/* Hotplug memory is carved in 1 GiB-aligned space: round up generously. */
	maxmem = (maxmem + (1ULL << 30) - 1) / (1ULL << 30) * (1ULL << 30) + (1ULL << 30);

	strvec_push(b, "-m");
	strvec_pushf(b, "%lluM,slots=%d,maxmem=%lluM", (unsigned long long)(t->memory >> 20),
		     t->nr_nvdimm + 1, maxmem >> 20);
	for (int i = 0; i < nr; i++) {
		strvec_push(b, "-object");
		strvec_pushf(b, "memory-backend-file,id=ram%d,share=%s,mem-path=%s,size=%lluM", i,
			     cfg->clone ? "off" : "on", cfg->media[t->nr_nvdimm + i],
			     (unsigned long long)(t->memory / nr >> 20));
		if (!t->numa)
			continue;
		strvec_push(b, "-numa");
		/* ram-nodes: the CPUs go with the RAM, to the first node. */
		if (t->ram_nodes && !i)
			strvec_pushf(b, "node,nodeid=0,memdev=ram0,cpus=0-%d", t->cpus - 1);
		else
			strvec_pushf(b, "node,nodeid=%d,memdev=ram%d", i, i);
	}
	/* Nodes without RAM (ram-nodes): device memory only. */
	for (int i = nr; t->numa && i < t->numa; i++) {
		strvec_push(b, "-numa");
		strvec_pushf(b, "node,nodeid=%d", i);
	}
}

/* The memory backend of pmem device @i (mem@i): its media file, shared unless a clone's. */
static void argv_pmem_backend(struct strvec *b, const struct vm_config *cfg, int i)
{
	strvec_push(b, "-object");
	strvec_pushf(b, "memory-backend-file,id=mem%d,share=%s,mem-path=%s,size=%lluM,align=2M",
		     i, cfg->clone ? "off" : "on", cfg->media[i],
		     (unsigned long long)(cfg->topo->nvdimm[i].size >> 20));
}

/*
 * A QEMU NVDIMM per nvdimm line of the topology, and a virtio-pmem device
 * per virtio-pmem line, each on its media file (cxl-pmem devices come
 * last: argv_cxl()).
 */
static void argv_nvdimms(struct strvec *b, const struct vm_config *cfg)
{
	const struct topology *t = cfg->topo;

	for (int i = 0; i < t->nr_nvdimm; i++) {
		if (t->nvdimm[i].kind == TOPO_CXL_PMEM)
			continue;
		argv_pmem_backend(b, cfg, i);
		strvec_push(b, "-device");
		if (t->nvdimm[i].kind == TOPO_VIRTIO_PMEM)
			strvec_pushf(b, "virtio-pmem-pci,id=vpmem%d,memdev=mem%d", i, i);
		else if (t->nvdimm[i].node >= 0)
			strvec_pushf(b, "nvdimm,id=nvdimm%d,memdev=mem%d,label-size=%llu,node=%d", i, i,
				     (unsigned long long)t->nvdimm[i].label_size, t->nvdimm[i].node);
		else
			strvec_pushf(b, "nvdimm,id=nvdimm%d,memdev=mem%d,label-size=%llu", i, i,
				     (unsigned long long)t->nvdimm[i].label_size);
	}
}

/* The NVMe controller whose memory buffer (CMB) the kernel offers as P2PDMA memory. */
static void argv_nvme(struct strvec *b, const struct vm_config *cfg)
{
	const struct topology *t = cfg->topo;

	if (!t->nvme_cmb)
		return;
	strvec_push(b, "-drive");
	strvec_pushf(b, "file=%s,if=none,id=nvme0,format=raw", cfg->media[media_nvme_index(t)]);
	strvec_push(b, "-device");
	strvec_pushf(b, "nvme,serial=pmemfi0,drive=nvme0,cmb_size_mb=%llu",
		     (unsigned long long)(t->nvme_cmb >> 20));
}

/*
 * A CXL type-3 device with persistent memory and its label storage area,
 * behind a host bridge and root port of its own, and a fixed memory
 * window for it; after every other PCI device (the host bridge's bus
 * takes bridges only, and would be QEMU's default bus for later ones).
 */
static void argv_cxl(struct strvec *b, const struct vm_config *cfg)
{
	const struct topology *t = cfg->topo;

	for (int i = 0, k = 0; i < t->nr_nvdimm; i++) {
		if (t->nvdimm[i].kind != TOPO_CXL_PMEM)
			continue;
		argv_pmem_backend(b, cfg, i);
		strvec_push(b, "-object");
		strvec_pushf(b, "memory-backend-file,id=lsa%d,share=%s,mem-path=%s,size=%lluK", i,
			     cfg->clone ? "off" : "on", cfg->media[media_cxl_label_index(t, k)],
			     (unsigned long long)(t->nvdimm[i].label_size >> 10));
		strvec_push(b, "-device");
		strvec_pushf(b, "pxb-cxl,bus_nr=%d,bus=pcie.0,id=cxl.%d", 12 + 4 * k, k);
		strvec_push(b, "-device");
		strvec_pushf(b, "cxl-rp,port=0,bus=cxl.%d,id=cxlrp%d,chassis=%d,slot=%d", k, k, k, 2 + k);
		strvec_push(b, "-device");
		/*
		 * A serial number: since 7.x the kernel bridges a CXL pmem region
		 * to an nvdimm region only for devices that have one ("invalid or
		 * missing serial number"), and QEMU's default is none.
		 */
		strvec_pushf(b, "cxl-type3,bus=cxlrp%d,memdev=mem%d,lsa=lsa%d,id=cxlpmem%d,sn=%#x", k, i, i, k,
			     0x9e3f0000 + k);
		strvec_push(b, "-M");
		strvec_pushf(b, "cxl-fmw.%d.targets.0=cxl.%d,cxl-fmw.%d.size=%lluM", k, k, k,
			     (unsigned long long)(t->nvdimm[i].size >> 20));
		k++;
	}
}

/* No display: the serial console is QEMU's stdout (vm.h). */
static void argv_console(struct strvec *b)
{
	strvec_push(b, "-display");
	strvec_push(b, "none");
	strvec_push(b, "-serial");
	strvec_push(b, "stdio");
}

/* The control port (a virtio-serial port) and QMP, on the harness's sockets. */
static void argv_sockets(struct strvec *b, const char *ctl_path, const char *qmp_path)
{
	/*
	 * Two ports (0 is reserved for a console): the default 31 make
	 * virtio_console fill 62 queues with buffers at probe, ~7 s under TCG
	 * with KASAN.
	 */
	strvec_push(b, "-device");
	strvec_push(b, "virtio-serial-pci,id=vser0,max_ports=2");
	strvec_push(b, "-chardev");
	strvec_pushf(b, "socket,id=ctl,path=%s", ctl_path);
	strvec_push(b, "-device");
	strvec_push(b, "virtserialport,bus=vser0.0,chardev=ctl,name=" CTL_PORT_NAME);
	strvec_push(b, "-chardev");
	strvec_pushf(b, "socket,id=qmp,path=%s", qmp_path);
	strvec_push(b, "-mon");
	strvec_push(b, "chardev=qmp,mode=control");
}

/* The kernel, its initramfs and command line. */
static void argv_boot(struct strvec *b, const struct vm_config *cfg)
{
	strvec_push(b, "-kernel");
	strvec_push(b, cfg->kernel);
	strvec_push(b, "-initrd");
	strvec_push(b, cfg->initrd);
	strvec_push(b, "-append");
	strvec_push(b, cfg->append);
}

char **vm_build_argv(const struct vm_config *cfg, const char *ctl_path, const char *qmp_path)
{
	struct strvec b = STRVEC_INIT;

	strvec_push(&b, cfg->qemu);
	strvec_push(&b, "-nodefaults");
	strvec_push(&b, "-no-user-config");
	argv_machine(&b, cfg);
	argv_ram(&b, cfg);
	argv_nvdimms(&b, cfg);
	argv_nvme(&b, cfg);
	argv_console(&b);
	if (ctl_path && qmp_path)
		argv_sockets(&b, ctl_path, qmp_path);
	argv_cxl(&b, cfg);
	argv_boot(&b, cfg);
	strvec_push(&b, "-nic");
	strvec_push(&b, "none");
	strvec_push(&b, "-no-reboot");
	if (cfg->clone) {
		strvec_push(&b, "-incoming");
		strvec_push(&b, "defer");
	}
	return b.v;
}

void vm_free_argv(char **argv)
{
	for (char **p = argv; p && *p; p++)
		free(*p);
	free(argv);
}

char *vm_argv_string(char *const *argv)
{
	struct strbuf sb = STRBUF_INIT;

	for (char *const *p = argv; *p; p++) {
		int plain = strpbrk(*p, " \"'\\$`;&|<>()*?") == NULL && **p;

		if (p != argv)
			strbuf_addstr(&sb, " ");
		if (plain) {
			strbuf_addstr(&sb, *p);
			continue;
		}
		strbuf_addstr(&sb, "'");
		for (const char *c = *p; *c; c++)
			if (*c == '\'')
				strbuf_addstr(&sb, "'\\''");
			else
				strbuf_add(&sb, c, 1);
		strbuf_addstr(&sb, "'");
	}
	return strbuf_detach(&sb);
}

int vm_kvm_usable(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC), vmfd, ok = 0;

	if (fd < 0)
		return 0;
	if (ioctl(fd, KVM_GET_API_VERSION, 0) == KVM_API_VERSION) {
		vmfd = ioctl(fd, KVM_CREATE_VM, 0);
		if (vmfd >= 0) {
			ok = 1;
			close(vmfd);
		}
	}
	close(fd);
	return ok;
}

int vm_kvm_boots(const char *qemu, const char *kernel, double timeout)
{
	char *argv[] = { (char *)qemu, "-nodefaults", "-no-user-config", "-machine", "pc",
			 "-accel", "kvm", "-cpu", "host", "-m", "256", "-display", "none",
			 "-serial", "stdio", "-no-reboot", "-kernel", (char *)kernel,
			 "-append", "console=ttyS0 panic=-1", NULL };
	double deadline = now_mono() + timeout;
	struct strbuf out = STRBUF_INIT;
	int pipefd[2], ok = 0, status;
	pid_t pid;

	if (!vm_kvm_usable() || pipe2(pipefd, O_CLOEXEC))
		return 0;
	pid = fork();
	if (pid < 0)
		return 0;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, STDIN_FILENO);
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	while (!ok && now_mono() < deadline) {
		struct pollfd p = { .fd = pipefd[0], .events = POLLIN };
		char buf[4096];
		ssize_t n;

		if (poll(&p, 1, 200) <= 0)
			continue;
		n = read(pipefd[0], buf, sizeof(buf));
		if (n <= 0)
			break;
		strbuf_add(&out, buf, n);
		/* Reaching the root mount means the CPU, memory and timers work. */
		ok = strstr(out.buf, "VFS: Unable to mount root") || strstr(out.buf, "Kernel panic");
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	close(pipefd[0]);
	strbuf_release(&out);
	return ok;
}

static int listen_unix(const char *path, char *err, int errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "%s: socket path too long (use a shorter --workdir)", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 1)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int vm_last_words(const char *log, char *out, int outlen)
{
	struct strbuf sb = STRBUF_INIT;
	char *last = NULL;

	if (!read_file(log, &sb)) {
		while (sb.len && sb.buf[sb.len - 1] == '\n')
			sb.buf[--sb.len] = '\0';
		last = strrchr(sb.buf, '\n');
		last = last ? last + 1 : sb.buf;
	}
	snprintf(out, outlen, "%s (see %s)", last && *last ? last : "no message", log);
	strbuf_release(&sb);
	return last && *last ? 0 : -1;
}

/* The last line QEMU wrote to its log: usually why it failed. */
static void qemu_failure(const char *log, char *err, int errlen)
{
	char why[512];

	vm_last_words(log, why, sizeof(why));
	snprintf(err, errlen, "QEMU failed to start: %s", why);
}

int vm_wait_exit(struct vm *vm, double timeout)
{
	double deadline = now_mono() + timeout;

	while (!vm_poll_exit(vm) && now_mono() < deadline)
		usleep(20000);
	return !vm->pid;
}

/* Accept on both listeners; the VM dying meanwhile is an error. */
static int accept_both(struct vm *vm, int lctl, int lqmp, const char *log, double timeout,
		       char *err, int errlen)
{
	double deadline = now_mono() + timeout;
	int qmp_fd = -1;

	vm->ctl_fd = -1;
	while (vm->ctl_fd < 0 || qmp_fd < 0) {
		struct pollfd p[2] = { { .fd = lctl, .events = POLLIN }, { .fd = lqmp, .events = POLLIN } };
		int n;

		if (vm_poll_exit(vm)) {
			qemu_failure(log, err, errlen);
			goto fail;
		}
		if (now_mono() > deadline) {
			snprintf(err, errlen, "QEMU did not connect its sockets within %.0f s (see %s)", timeout, log);
			goto fail;
		}
		n = poll(p, 2, 100);
		if (n < 0 && errno != EINTR)
			goto fail;
		if (n > 0 && (p[0].revents & POLLIN) && vm->ctl_fd < 0)
			vm->ctl_fd = accept4(lctl, NULL, NULL, SOCK_CLOEXEC);
		if (n > 0 && (p[1].revents & POLLIN) && qmp_fd < 0)
			qmp_fd = accept4(lqmp, NULL, NULL, SOCK_CLOEXEC);
	}
	vm->qmp = qmp_open(qmp_fd, timeout, err, errlen);
	if (!vm->qmp) {
		/* QEMU connects its sockets before it builds devices: it may still fail. */
		if (vm_wait_exit(vm, 1.0))
			qemu_failure(log, err, errlen);
		return -1;
	}
	return 0;
fail:
	if (qmp_fd >= 0)
		close(qmp_fd);
	return -1;
}

int vm_start(const struct vm_config *cfg, struct vm *vm, double timeout, char *err, int errlen)
{
	char *ctl_path = xasprintf("%s/ctl.sock", cfg->sockdir);
	char *qmp_path = xasprintf("%s/qmp.sock", cfg->sockdir);
	int lctl = -1, lqmp = -1, pipefd[2] = { -1, -1 }, rc = -1;

	memset(vm, 0, sizeof(*vm));
	vm->console_fd = vm->ctl_fd = -1;
	vm->argv = vm_build_argv(cfg, ctl_path, qmp_path);
	lctl = listen_unix(ctl_path, err, errlen);
	lqmp = lctl < 0 ? -1 : listen_unix(qmp_path, err, errlen);
	if (lqmp < 0)
		goto out;
	if (pipe2(pipefd, O_CLOEXEC)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto out;
	}
	vm->started = now_mono();
	vm->pid = fork();
	if (vm->pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		vm->pid = 0;
		goto out;
	}
	if (vm->pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		int log = open(cfg->qemu_log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		/* Own process group: a ^C on the harness must not kill QEMU first. */
		setpgid(0, 0);
		dup2(null, STDIN_FILENO);
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(log >= 0 ? log : pipefd[1], STDERR_FILENO);
		if (cfg->plan) {
			char t[16];

			snprintf(t, sizeof(t), "%d", cfg->step_timeout);
			setenv("PMEMFI_VM_PLAN", cfg->plan, 1);
			setenv("PMEMFI_VM_STEP_TIMEOUT", t, 1);
		}
		execvp(vm->argv[0], vm->argv);
		fprintf(stderr, "exec %s: %s\n", vm->argv[0], strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	pipefd[1] = -1;
	vm->console_fd = pipefd[0];
	rc = accept_both(vm, lctl, lqmp, cfg->qemu_log, timeout, err, errlen);
out:
	if (lctl >= 0)
		close(lctl);
	if (lqmp >= 0)
		close(lqmp);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	unlink(ctl_path);
	unlink(qmp_path);
	free(ctl_path);
	free(qmp_path);
	if (rc)
		vm_stop(vm, 0);
	return rc;
}

int vm_poll_exit(struct vm *vm)
{
	int status;
	pid_t r;

	if (!vm->pid)
		return 1;
	r = waitpid(vm->pid, &status, WNOHANG);
	if (r == vm->pid || (r < 0 && errno == ECHILD)) {
		vm->exit_status = r == vm->pid ? status : 0;
		vm->pid = 0;
		return 1;
	}
	return 0;
}

void vm_terminate(struct vm *vm, double grace)
{
	if (vm->pid && vm->qmp && grace > 0) {
		char err[128];
		struct json_object *r = qmp_execute(vm->qmp, "quit", NULL, grace, err, sizeof(err));

		json_object_put(r);
	}
	if (vm->pid) {
		vm_wait_exit(vm, grace);
		if (vm->pid) {
			kill(vm->pid, SIGKILL);
			while (waitpid(vm->pid, &vm->exit_status, 0) < 0 && errno == EINTR)
				;
			vm->pid = 0;
		}
	}
}

void vm_stop(struct vm *vm, double grace)
{
	vm_terminate(vm, grace);
	qmp_close(&vm->qmp);
	if (vm->ctl_fd >= 0)
		close(vm->ctl_fd);
	if (vm->console_fd >= 0)
		close(vm->console_fd);
	vm->ctl_fd = vm->console_fd = -1;
	vm_free_argv(vm->argv);
	vm->argv = NULL;
}
