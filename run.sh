#!/bin/sh
# pmemfi entry point: install what is missing (Debian packages), build the
# harness and the guest programs, then run the harness. Arguments go to
# pmemfi: a command (nightly, release, bisect, compare, ...; ./run.sh help
# lists them) or, without one, the options of "pmemfi run" (./run.sh --help). Exit status is the harness's:
# 0 all tests met their expectations, 1 a test failed or a kernel bug was
# found, 2 bad input (nothing run), 3 infrastructure error.
set -eu
cd "$(dirname "$0")"
tools/install-deps.sh
make -s all >&2 || { echo "run.sh: build failed" >&2; exit 3; }
exec harness/pmemfi "$@"
