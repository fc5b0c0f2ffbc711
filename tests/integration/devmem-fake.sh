#!/bin/sh
# The device-memory lane's wiring (docs/device-memory.md) against the fake
# QEMU, in seconds: the devmem topology's QEMU devices and guest command
# line, restores off, a skipped setup that skips its cells (or is an error
# when the kernel has what the skip says it lacks), bad topology lines, and
# the reproducers and LAVA jobs refusing device memory they cannot emulate.
# make check runs it; the lane itself is make check-devmem (devmem.sh).
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
fake_setup

FAKE_CELLS="--profile devmem --tests devmem+hmm.private.mem.4K.corrupt-pfn.C-first.ff,devmem+hmm.private.mem.4K.corrupt-pfn.C-mid.ff"
export FAKE_CELLS
M() { echo "$tmp/$1/latest/manifest.json"; }

fake_run pass pass
check "pass: exit 0 ($rc)" [ "$rc" = 0 ]
check "pass: a q35 machine with CXL, its window and type-3 device after every other PCI device" \
	quiet jq -e '.qemu.cmdline | test("-machine q35,nvdimm=on,cxl=on .*-device virtio-serial-pci.*-device pxb-cxl.*-device cxl-type3.*cxl-fmw[.]0[.]size=256M")' "$(M pass)"
check "pass: node 1 has neither RAM nor CPUs, the NVDIMM is on it" \
	quiet jq -e '.qemu.cmdline | test("-numa node,nodeid=0,memdev=ram0,cpus=0-1 -numa node,nodeid=1 ") and test("nvdimm,id=nvdimm0,memdev=mem0,label-size=131072,node=1")' "$(M pass)"
check "pass: virtio-pmem and the NVMe controller's 64M memory buffer" \
	quiet jq -e '.qemu.cmdline | test("virtio-pmem-pci,id=vpmem1,memdev=mem1") and test("nvme,serial=pmemfi0,drive=nvme0,cmb_size_mb=64")' "$(M pass)"
check "pass: the guest loads the devices' modules and reserves test_hmm's coherent RAM" \
	quiet jq -e '.kernel.cmdline | test("pmemfi[.]load=virtio_pmem,cxl_port,cxl_acpi,cxl_pci,cxl_mem,cxl_pmem,nvme,test_hmm,kmem") and test("memmap=512M[$]0x40000000 test_hmm[.]spm_addr_dev0=0x40000000 test_hmm[.]spm_addr_dev1=0x50000000") and test("memory_hotplug[.]memmap_on_memory=1 memhp_default_state=offline") and test("pcie_ports=compat")' "$(M pass)"
check "pass: every VM boots: no template for device memory, said in the notes" \
	sh -c 'jq -e "(.timing.restores == 0) and (.notes | map(test(\"topology devmem: every VM boots\")) | any)" "$1" >/dev/null' - "$S"

# The setup of test_hmm's memory skips (the kernel lacks it): its cells skip
# with the setup's reason, not "setup failed" errors; no skip is allowed.
fake_run skip:setup.private skipped
check "skipped setup: exit 1: the profile allows no skips ($rc)" [ "$rc" = 1 ]
check "skipped setup: both cells skip, with the setup's reason and its needs" \
	[ "$(jq -r '[.tests[] | "\(.verdict):\(.reason | test("^setup skipped: setup[.]private: .*[(]needs CONFIG_HWPOISON_INJECT[)]"))"] | unique | join(",")' "$S")" = "skip:true" ]
# ... but a kernel whose config has what the skip says it lacks: an error.
fake_config "$tmp/config-6.12.0-fake"
fake_run skip:setup.private contradicted
check "skipped setup, the kernel has it: both cells are errors naming the option ($rc)" \
	[ "$rc" = 1 ] && [ "$(jq -r '[.tests[] | "\(.verdict):\(.reason | test("CONFIG_HWPOISON_INJECT=y, yet"))"] | unique | join(",")' "$S")" = "error:true" ]
rm -f "$tmp/config-6.12.0-fake"

# A bad topology line: exit 2, one line naming the file, the line and why.
cp -r configs "$tmp/configs"
sed -i 's/^nvme .*/nvme         cmb=3M/' "$tmp/configs/topologies/devmem"
expect_exit 2 "nvme cmb=3M" "topologies/devmem:[0-9]+: nvme cmb= must be a power of two of at least 2M" \
	harness/pmemfi run --kernel "$k" --configs "$tmp/configs" --profile devmem --list
cp configs/topologies/devmem "$tmp/configs/topologies/devmem"
sed -i 's/^namespace  p2p .*/namespace  p2p  mode=p2pdma map=mem align=4K size=32M region=nvme tag=nvme/' "$tmp/configs/profiles/devmem"
expect_exit 2 "p2pdma smaller than the CMB" "namespace p2p [(]mode p2pdma[)]: .*size= the cmb" \
	harness/pmemfi run --kernel "$k" --configs "$tmp/configs" --profile devmem --list

# A failed cell of device memory: no reproducer (repro.sh knows NVDIMMs and
# legacy pmem only), said in one line; and no LAVA job either.
FAKE_CELLS="--profile devmem --tests devmem+hmm.private.mem.4K.corrupt-pfn.C-mapped.ff" fake_run crash:C-mapped crash
check "crash: the cell is a bug ($rc)" [ "$(jq -r '.tests[0].verdict' "$S")" = bug ]
expect_exit 2 "repro of a device-memory cell" "emulates NVDIMMs and legacy pmem only.*rerun the cell" \
	harness/pmemfi repro "$tmp/crash/latest" --out "$tmp/repro"
harness/pmemfi lava jobs --jobs-dir "$tmp/jobs" --kernel "$k" --accel tcg --profile devmem \
	--tests devmem+hmm.private.mem.4K.corrupt-pfn.C-first.ff --results "$tmp/lava" > "$tmp/lava.out" 2>&1
rc=$?
check "lava jobs of device memory: refused (exit 3, QEMU's stand-in names the device) ($rc)" \
	sh -c '[ "$1" = 3 ] && grep -q "a LAVA job emulates NVDIMMs and legacy pmem only" "$2"' - "$rc" "$tmp/lava.out"
finish
