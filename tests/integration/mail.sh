#!/bin/sh
# pmemfi report --mail on finding 1: the bug report of the run kept in
# tests/golden/mail/finding-1/ (a real run of the KASAN kernel, its stack
# decoded; only what the mail reads of it) must be, word for word,
# tests/golden/mail/finding-1.txt. When Debian's kernel source is unpacked
# in the cache (the kasan kernel's tree), its get_maintainer.pl must give
# the report its To: and Cc:. No VM; a second.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
G=tests/golden/mail
cell=one-nvdimm.devdax.dev.2M.corrupt-pfn.A-first.ff

harness/pmemfi report --mail "$G/finding-1" --tests "$cell" > "$tmp/mail" 2> "$tmp/err"
rc=$?
check "report --mail writes finding 1's report (exit $rc)" [ "$rc" = 0 ] && [ ! -s "$tmp/err" ]
if diff -u "$G/finding-1.txt" "$tmp/mail" > "$tmp/diff"; then
	ok "finding 1's report is its golden text ($G/finding-1.txt)"
else
	not_ok "finding 1's report differs from $G/finding-1.txt:"
	sed 's/^/#   /' "$tmp/diff"
fi
check "it reads as a bug report: subject, kernel, decoded stack, steps, reproducer" \
	sh -c 'grep -q "^Subject: .* in action_result$" "$1" && grep -q "^Kernel:       Linux version 6.12" "$1" &&
		grep -Eq "RIP: 0010:action_result \([^)]*mm/memory-failure.c:[0-9]+" "$1" &&
		grep -q "echo 0x[0-9a-f]* > /sys/kernel/debug/hwpoison/corrupt-pfn" "$1" &&
		grep -q "^  ./run.sh repro " "$1"' - "$tmp/mail"

tree=$(ls -d "${PMEMFI_CACHE:-$HOME/.cache/pmemfi}"/src/linux-source-6.12-*/linux-source-6.12 2>/dev/null | tail -n 1)
if [ -n "$tree" ] && [ -f "$tree/scripts/get_maintainer.pl" ]; then
	harness/pmemfi report --mail "$G/finding-1" --tests "$cell" --kernel-tree "$tree" > "$tmp/mail2"
	check "with the kernel's tree: To: the memory-failure maintainers, Cc: linux-mm ($(head -n 1 "$tmp/mail2"))" \
		sh -c 'sed -n "/^To:/,/^Cc:/p" "$1" | grep -q "linmiaohe@huawei.com" &&
			sed -n "/^Cc:/,/^Subject:/p" "$1" | grep -q "linux-mm@kvack.org"' - "$tmp/mail2"
else
	echo "# no unpacked linux-source-6.12 in the cache: get_maintainer.pl not tried (repro-fake.sh tries a stand-in)"
fi
finish
