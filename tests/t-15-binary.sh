#!/bin/sh
# The binary users ship: static (no interpreter), linked with libcap-ng,
# under 124 KiB stripped, built warning-free.  96 KiB until 0.1; then, in
# text: issue 11's device, /proc and mask defences +1.8 KiB and the --tty
# relay +3.3 KiB, issue 12's boot detection +2.3 KiB, issue 14's seccomp
# table 3976 bytes, its loader and BPF check about 2.3 KiB, --rlimit,
# --sysctl and --oom-score-adj about 4.5 KiB, nofail and the cgroup
# namespace 0.9 KiB, issue 16's --switch-root, module list and /dev
# defaults only in a tmpfs of rootinit's own 2.4 KiB; the file grows in 4 KiB
# steps, as its RELRO segment is page-aligned.
. "$(dirname "$0")/lib.sh"
cd "$TESTS/.."

expect_match "file says statically linked" "statically linked" "$(file -b "$RI")"
if readelf -lW "$RI" | grep -q INTERP; then
	notok "no PT_INTERP" "$(readelf -lW "$RI" | grep INTERP)"
else
	ok "no PT_INTERP"
fi
expect_match "linked with libcap-ng" "capng_apply" "$(nm "$RI" 2>/dev/null | grep -w capng_apply)"

s=$(mktemp "$TMPBASE/rootinit-strip.XXXXXX")
strip -o "$s" "$RI"
size=$(stat -c %s "$s")
rm -f "$s"
if [ "$size" -lt 126976 ]; then ok "stripped size $size bytes < 124 KiB"; else
	notok "stripped size" "$size bytes >= 124 KiB (126976)"; fi

# Warning-free: rebuild every object in a scratch copy with -Werror.
w=$(mktemp -d "$TMPBASE/rootinit-werror.XXXXXX")
cp -r Makefile config.mk *.c *.h seccomp.policy scripts tools "$w/"
mkdir -p "$w/build" && ln -s "$PWD/build/capng" "$w/build/capng"
if out=$(make -s -C "$w" CFLAGS="-Os -pipe -flto -Werror" rootinit 2>&1); then
	ok "builds with -Wall -Wextra -Wformat=2 -Werror"
else
	notok "builds with -Werror" "$(printf '%s\n' "$out" | grep -m3 -E 'error|warning')"
fi
rm -rf "$w"

# config.mk knobs are the user's: make CFLAGS=-O0 still builds.
w=$(mktemp -d "$TMPBASE/rootinit-o0.XXXXXX")
cp -r Makefile config.mk *.c *.h seccomp.policy scripts tools "$w/"
mkdir -p "$w/build" && ln -s "$PWD/build/capng" "$w/build/capng"
if make -s -C "$w" CFLAGS=-O0 rootinit >/dev/null 2>&1 && "$w/rootinit" -V | grep -q rootinit; then
	ok "make CFLAGS=-O0 builds and runs"
else
	notok "make CFLAGS=-O0" "did not build or run"
fi
rm -rf "$w"
