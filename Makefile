# pmemfi: host harness, guest programs, and the project's own tests.
#
#   make            build harness/pmemfi and the guest programs
#   make check      install dependencies, build, run every test (README.md)
#   make unit       unit tests only (fast, no VM)
#   make clean

CC      ?= cc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -Wall -Wextra -Wno-sign-compare -Wshadow -Wformat=2 \
           -Wmissing-prototypes -Werror=implicit-function-declaration -D_GNU_SOURCE
B       := build

# Truncating snprintf() calls are warned about. Two files that others own
# still cut strings into fixed fields on purpose and are built without
# that warning until they are changed (issue 12): harness/report.c
# (absorb(), title_of(), also in the fuzz replay driver) and
# selftests/lib/ns.c (ns_state_load(), in every selftest program).
NO_TRUNC_WARN := -Wno-format-truncation

COMMON_SRC  := common/layout.c common/expect.c common/linebuf.c common/ctl.c common/names.c \
               common/walk.c common/seed.c common/step_argv.c
GUEST_LIB   := selftests/lib/ktap.c selftests/lib/ns.c selftests/lib/inject.c selftests/lib/fault.c selftests/lib/devmem.c \
               selftests/lib/vma_walk.c
GUEST_LIBS  := -lndctl -ldaxctl -luuid
GUEST_PROGS := $(B)/guest/pmemfi-runner $(B)/guest/ns_setup $(B)/guest/memory_failure \
               $(B)/guest/pfn_walkers $(B)/guest/stress $(B)/guest/nfit_errors

# harness/ is one folder per stage, in pipeline order (docs/architecture.md,
# "How it is built"); its files include each other as "stage/file.h" and common/ as
# "common/file.h".
HARNESS_SRC := $(wildcard harness/*/*.c)
HARNESS_HDR := $(wildcard harness/*/*.h common/*.h)
HARNESS_INC := -Iharness -I.
HARNESS_OBJ := $(patsubst %.c,$(B)/%.o,$(HARNESS_SRC) $(COMMON_SRC))
HARNESS_LIBS := -ljson-c -lm

all: harness/pmemfi guest $(B)/lava/pmemfi-lava-vm

harness/pmemfi: $(HARNESS_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(HARNESS_LIBS)

# pmemfi --version: the git revision the binary was built from ("-dirty"
# with uncommitted changes). build/version changes only when it does, so
# only main.o is rebuilt for a new commit.
PMEMFI_VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
$(B)/harness/cli/main.o: CFLAGS += -DPMEMFI_VERSION='"$(PMEMFI_VERSION)"'
$(B)/harness/cli/main.o: $(B)/version
$(B)/version: FORCE
	@mkdir -p $(@D)
	@echo '$(PMEMFI_VERSION)' | cmp -s - $@ || echo '$(PMEMFI_VERSION)' > $@
FORCE:

$(B)/%.o: %.c $(HARNESS_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(HARNESS_INC) -c -o $@ $<

guest: $(GUEST_PROGS)

# The LAVA stand-in for QEMU (lava/pmemfi-lava-vm.c): the harness's lib
# for files and hashes, common/ for the control protocol.
LAVA_SRC := $(wildcard lava/*.c)
$(B)/lava/pmemfi-lava-vm: $(LAVA_SRC) $(wildcard lava/*.h) $(B)/harness/lib/util.o $(B)/harness/lib/stop.o common/ctl.c common/ctl.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(HARNESS_INC) -o $@ $(LAVA_SRC) $(B)/harness/lib/util.o $(B)/harness/lib/stop.o common/ctl.c -ljson-c

$(B)/harness/console/report.o $(B)/tests/replay: CFLAGS += $(NO_TRUNC_WARN)
$(filter-out $(B)/guest/pmemfi-runner,$(GUEST_PROGS)): CFLAGS += $(NO_TRUNC_WARN)

$(B)/guest/pmemfi-runner: vm-images/runner.c common/ctl.c common/linebuf.c common/ctl.h common/linebuf.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ vm-images/runner.c common/ctl.c common/linebuf.c

$(B)/guest/%: selftests/%.c $(GUEST_LIB) $(COMMON_SRC) $(wildcard selftests/lib/*.h common/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< $(GUEST_LIB) $(COMMON_SRC) $(GUEST_LIBS)

# Unit tests (cmocka): each tests/unit/test_*.c is one program, run from
# the top of the checkout so it finds configs/ and tests/golden/.
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
UNIT_OBJ  := $(filter-out $(B)/harness/cli/main.o,$(HARNESS_OBJ))

$(B)/tests/%: tests/unit/%.c $(UNIT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(HARNESS_INC) -o $@ $< $(UNIT_OBJ) -lcmocka $(HARNESS_LIBS)

# index.html again from a run directory (tests/integration/html-render.sh).
$(B)/tests/render-html: tests/tools/render-html.c $(UNIT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(HARNESS_INC) -o $@ $< $(UNIT_OBJ) $(HARNESS_LIBS)

$(B)/tests/fake-qemu: tests/fakes/fake-qemu.c common/ctl.c common/ctl.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ tests/fakes/fake-qemu.c common/ctl.c

# The console fuzz target: FUZZ_SRC is what it exercises. The replay
# driver runs it over the saved corpus and the golden logs with gcc in
# "make unit"; "make fuzz" builds the libFuzzer binary (clang), and
# "make fuzz-run" runs it for FUZZ_SECONDS, keeping new inputs in
# build/fuzz/corpus (copy the interesting ones to tests/fuzz/corpus).
FUZZ_SRC     := tests/fuzz/fuzz_console.c harness/console/console.c harness/console/report.c harness/lib/util.c harness/lib/stop.c \
                common/linebuf.c
FUZZ_SECONDS ?= 600

$(B)/tests/replay: tests/fuzz/replay.c $(FUZZ_SRC) $(HARNESS_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(HARNESS_INC) -fsanitize=address,undefined -fno-sanitize-recover=all -o $@ tests/fuzz/replay.c $(FUZZ_SRC)

fuzz: $(B)/fuzz/fuzz_console
$(B)/fuzz/fuzz_console: $(FUZZ_SRC) $(HARNESS_HDR)
	tools/install-deps.sh fuzz
	@mkdir -p $(@D)
	clang -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $(HARNESS_INC) -o $@ $(FUZZ_SRC)

fuzz-run: fuzz
	@mkdir -p $(B)/fuzz/corpus
	$(B)/fuzz/fuzz_console -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=1024 -max_len=65536 \
		-artifact_prefix=$(B)/fuzz/ \
		-print_final_stats=1 $(B)/fuzz/corpus tests/fuzz/corpus tests/golden

unit: $(UNIT_BINS) harness/pmemfi $(B)/guest/pmemfi-runner $(B)/tests/fake-qemu $(B)/tests/replay $(B)/tests/render-html
	@fail=0; for t in $(UNIT_BINS); do \
		echo "== $$t"; $$t || fail=1; \
	done; \
	echo "== $(B)/tests/replay"; $(B)/tests/replay tests/fuzz/corpus/* tests/golden/*.log tests/golden/synthetic/*.log || fail=1; \
	echo "== tests/check-exit-tables.sh"; sh tests/check-exit-tables.sh || fail=1; \
	echo "== tests/check-links.sh"; sh tests/check-links.sh || fail=1; \
	echo "== tests/check-options.sh"; sh tests/check-options.sh || fail=1; \
	exit $$fail

# The project's own tests: README.md's test command, run by .ci/run.
# Installs what it needs, builds, runs the unit tests, then the integration
# tests: Debian's stock kernel, then the KASAN kernel (built once, about 10
# minutes on 2 cores, then cached) and its canary variants.
check:
	tools/install-deps.sh test
	$(MAKE) all
	$(MAKE) unit
	sh tests/integration/report-identity.sh
	sh tests/check-layout.sh
	sh tests/integration/patches-apply.sh
	sh tests/integration/bad-input.sh
	sh tests/integration/kbuild-errors.sh
	sh tests/integration/fake-qemu.sh
	sh tests/integration/restore.sh
	sh tests/integration/shard.sh
	sh tests/integration/parallel.sh
	sh tests/integration/nightly.sh
	sh tests/integration/bisect-step.sh
	sh tests/integration/bisect.sh
	sh tests/integration/html-render.sh
	sh tests/integration/formats.sh
	sh tests/integration/repro-fake.sh
	sh tests/integration/devmem-fake.sh
	sh tests/integration/mail.sh
	sh tests/integration/stock-quick.sh
	sh tests/integration/debian-61.sh
	sh tests/integration/lava.sh
	sh tests/integration/release.sh
	sh tests/integration/mce.sh
	sh tests/integration/seed-a.sh
	sh tests/integration/kasan-boot.sh
	sh tests/integration/nfit.sh
	sh tests/integration/memmap-kasan.sh
	sh tests/integration/canaries.sh
	sh tests/integration/repro.sh
	sh tests/integration/fixes.sh

# The newest kernel, Debian's linux-source-7.3 (issue 27), as a lane of its
# own: its KASAN kernel, the detector kernel and the canary and fix
# variants are built from cold on top of what "make check" builds (docs/kernels.md
# gives the measured cost). Run after "make check", or alone.
check-7.3:
	tools/install-deps.sh test
	$(MAKE) all
	sh tests/integration/kernel-7.3.sh
	PMEMFI_KERNEL=kasan:7.3 sh tests/integration/canaries.sh
	PMEMFI_KERNEL=kasan:7.3 sh tests/integration/fixes.sh
	sh tests/integration/fixes-7.3.sh

# The bisection drill: pmemfi bisect and git bisect run on a real kernel
# history with a planted culprit, three runs per commit. Its own lane:
# with it, a cold "make check" came within minutes of CI's 90 (the cost
# is in docs/performance.md). Run after "make check", or alone.
check-bisect:
	tools/install-deps.sh test
	$(MAKE) all
	sh tests/integration/bisect-drill.sh

# Device memory beyond NVDIMMs (issue 31, docs/device-memory.md) as a lane
# of its own: its kernels need configs/kernel/devmem.config, which no
# kernel of "make check" has (docs/device-memory.md gives the measured
# cost). Run after "make check", or alone.
check-devmem:
	tools/install-deps.sh test
	$(MAKE) all
	sh tests/integration/devmem.sh

clean:
	rm -rf $(B) harness/pmemfi

.PHONY: fuzz fuzz-run all guest unit check check-7.3 check-devmem check-bisect clean FORCE
