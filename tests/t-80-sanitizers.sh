#!/bin/sh
# The plan's code under ASan and UBSan: the unit tests, then a short fuzz
# run over argv and the kernel command line (make fuzz runs it longer).
. "$(dirname "$0")/lib.sh"
cd "$TESTS/.."

if make -s tests/unit-asan tests/fuzz-plan >/tmp/rootinit-san-build.$$ 2>&1; then
	ok "sanitizer builds (clang, -fsanitize=address,undefined)"
else
	notok "sanitizer builds" "$(tail -3 /tmp/rootinit-san-build.$$)"
	rm -f /tmp/rootinit-san-build.$$
	exit 0
fi
rm -f /tmp/rootinit-san-build.$$

out=$(./tests/unit-asan 2>&1)
rc=$?
nfail=$(printf '%s\n' "$out" | grep -c '^not ok ')
npass=$(printf '%s\n' "$out" | grep -c '^ok ')
if [ "$rc" = 0 ] && [ "$nfail" = 0 ] && [ "$npass" -gt 0 ] &&
	! printf '%s\n' "$out" | grep -q 'runtime error\|AddressSanitizer'; then
	ok "unit tests clean under ASan+UBSan ($npass tests)"
else
	notok "unit tests under ASan+UBSan" "rc=$rc, $nfail failing: $(printf '%s\n' "$out" |
		grep -E 'not ok|runtime error|ERROR' | head -3)"
fi

corpus=$(mktemp -d "$TMPBASE/rootinit-fuzz.XXXXXX")
artifacts=$(mktemp -d "$TMPBASE/rootinit-fuzz-art.XXXXXX")
out=$(./tests/fuzz-plan -max_total_time="${FUZZ_SMOKE:-30}" -max_len=4096 \
	-artifact_prefix="$artifacts/" "$corpus" tests/fuzz-corpus 2>&1)
rc=$?
runs=$(printf '%s\n' "$out" | sed -n 's/^Done \([0-9]*\) runs.*/\1/p')
if [ "$rc" = 0 ] && [ -n "$runs" ] && [ -z "$(ls "$artifacts")" ]; then
	ok "fuzz ${FUZZ_SMOKE:-30} s: $runs runs, no finding"
else
	notok "fuzz" "rc=$rc: $(printf '%s\n' "$out" | grep -E 'ERROR|SUMMARY' | head -2)"
fi
rm -rf "$corpus" "$artifacts"
