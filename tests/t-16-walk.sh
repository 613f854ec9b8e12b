#!/bin/sh
# The openat2 fallback (resolve.c's component walk) agrees with openat2
# on a tree of hostile symlinks: same inode or same error, every path.
. "$(dirname "$0")/lib.sh"
cd "$TESTS/.."
make -s tests/walk >/dev/null 2>&1 || { notok "build tests/walk" "make failed"; exit 0; }
T=$(tmpdir)
trap 'cleanup_dir "$T"' EXIT
./tests/walk "$T"
