#!/bin/sh
# bench/defences.sh OLD NEW: what issue 11's defences cost per start.
# OLD and NEW are two rootinit binaries (e.g. 0.1 built from its tag, and
# ./rootinit), run as PID 1 of fresh namespaces on the same busybox root
# with --exec true (NEW also without its seccomp filter, issue 14's):
# interleaved timings (bench/timeit.c) and the system
# calls of one start (strace -f), printed as a markdown table.  Root only;
# everything happens in a private mount namespace and a scratch directory.
set -eu
[ $# = 2 ] || { echo "usage: bench/defences.sh OLD NEW" >&2; exit 2; }
OLD=$(realpath "$1") NEW=$(realpath "$2")
RUNS=${BENCH_RUNS:-100}
cd "$(dirname "$0")/.."
if [ -z "${RI_BENCH_NS:-}" ]; then
	RI_BENCH_NS=1 exec unshare --mount --propagation private "$0" "$@"
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cc -O2 -o "$T/timeit" bench/timeit.c
. tests/lib.sh
mkroot "$T/root"
"$T/timeit" time "$RUNS" "$T/out.tsv" "$T/log" -- \
	0.1 "$OLD" -r "$T/root" --exec true ';;' \
	now "$NEW" -r "$T/root" --seccomp none --exec true ';;' \
	now+seccomp "$NEW" -r "$T/root" --exec true >"$T/summary"
med() { awk -F'\t' -v n="$1" '$1 == n { print $3 }' "$T/out.tsv" | sort -n |
	awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] / 1000 }'; }
calls() {
	bin=$1; shift
	unshare --mount --pid --fork --propagation private \
		strace -f -qq -o "$T/st" "$bin" -r "$T/root" "$@" --exec true >/dev/null 2>&1 || true
	grep -c '^[0-9]* *[a-z_0-9]*(' "$T/st"
}
call() { grep -c "^[0-9]* *$1(" "$T/st" || true; }
echo "| rootinit | median start (ms) | system calls | mount | open_tree | mknodat | prctl | open of /proc/PID/status |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for b in 0.1 now now+seccomp; do
	case $b in
	0.1) n=$(calls "$OLD") ;;
	now) n=$(calls "$NEW" --seccomp none) ;;
	*) n=$(calls "$NEW") ;;
	esac
	echo "| $b | $(med $b) | $n | $(call mount) | $(call open_tree) | $(call mknodat) | $(call prctl) | $(grep -c 'open("/proc/[0-9]*/status"' "$T/st" || true) |"
done
