#!/bin/sh
# t-10-unit: the C unit tests of the plan tier (tests/unit.c).  make
# rebuilds tests/unit when it is missing or older than its sources.
. "$(dirname "$0")/lib.sh"
# lib.sh's notok uses echo, which in dash turns "\040" or "\000" inside a
# message into bytes; print reasons verbatim, control characters made visible.
notok() { printf 'not ok %s: %s\n' "$1" "$2" | cat -v; }
cd "$TESTS/.." || exit 1

if ! err=$(make -s tests/unit 2>&1 >/dev/null) || [ ! -x tests/unit ]; then
	notok unit_build "make tests/unit failed: $(printf %s "$err" | tail -3 | tr '\n' ' ')"
	exit 0
fi
ok unit_build

out=$(./tests/unit 2>&1)
rc=$?
printf '%s\n' "$out" | grep -E '^(ok|not ok) '
# stray output means a message escaped the capture (a die() not caught)
stray=$(printf '%s\n' "$out" | grep -Ev '^(ok|not ok) ' | grep -v '^$' | head -3)
expect_eq unit_exit_status 0 "$rc"
expect_eq unit_no_stray_output "" "$stray"
n=$(printf '%s\n' "$out" | grep -Ec '^(ok|not ok) ')
if [ "$n" -ge 40 ]; then ok unit_count; else notok unit_count "only $n unit tests ran (crash?)"; fi
