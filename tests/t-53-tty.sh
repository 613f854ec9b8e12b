#!/bin/sh
# Drop-in mode (no root) on a terminal: COMMAND runs in a process group of
# its own that is the terminal's foreground group (so ^C and ^Z reach it,
# and it may read), as with tini.  ^Z on it gives the invoking shell its
# terminal back: rootinit stops too (as sudo does), and fg resumes both;
# as PID 1, which cannot stop, rootinit continues COMMAND instead.
. "$(dirname "$0")/lib.sh"
cd "$TESTS/.."
make -s tests/ptyrun >/dev/null 2>&1 || { notok "build tests/ptyrun" "make failed"; exit 0; }
PTY=$PWD/tests/ptyrun
T=$(tmpdir)
trap cleanup EXIT

# fields 1 (pid) 5 (pgrp) 8 (tpgid) of COMMAND's /proc/self/stat
out=$("$PTY" -C -t 60 -- unshare --pid --fork --kill-child --mount-proc "$RI" -- /bin/sh -c \
	'read -r line </proc/self/stat; set -- ${line#*) }; echo "pid=$$ pgrp=$3 tpgid=$6"; exit 3')
rc=$?
pid=$(printf '%s\n' "$out" | sed -n 's/.*pid=\([0-9]*\) .*/\1/p')
pgrp=$(printf '%s\n' "$out" | sed -n 's/.*pgrp=\([0-9]*\) .*/\1/p')
tpgid=$(printf '%s\n' "$out" | sed -n 's/.*tpgid=\([0-9-]*\).*/\1/p')
expect_eq "on a tty: COMMAND's status passed" 3 "$rc"
expect_eq "on a tty: COMMAND leads its own process group" "$pid" "$pgrp"
expect_eq "on a tty: COMMAND's group is the terminal's foreground" "$pgrp" "$tpgid"

# An interactive shell (busybox's, job control on) in a PID namespace of
# its own, so nothing outlives the test; rootinit is not PID 1 there.
# Markers are computed ($((n+1))) so the echoed command line never matches.
SH="unshare --pid --fork --kill-child --mount-proc env PS1=h$ /bin/busybox sh -i"
CMD="$RI -- sh -c 'echo started; exec sleep 100'"
OUT=$("$PTY" -C -t 60 'expect=h$' "send=$CMD\\r" 'expect=started' 'sleep=300' \
	'send=\x1a' 'expect=Stopped' 'send=echo M$((0+1))\r' 'expect=M1' \
	'send=fg\r' 'sleep=500' 'send=\x03' 'send=echo M$((1+1)) $?\r' 'expect=M2' \
	'send=exit\r' -- $SH 2>"$T/err")
RC=$?
expect_eq "drop-in ^Z: no timeout" "" "$(cat "$T/err")"
expect_match "drop-in ^Z: the shell sees its job stopped" 'Stopped.*rootinit' "$OUT"
expect_match "drop-in ^Z: the shell has its terminal back" '^M1$' "$OUT"
expect_match "drop-in ^Z: fg resumes COMMAND, ^C ends it" '^M2 130$' "$OUT"
expect_eq "drop-in ^Z: the shell exits normally" 0 "$RC"

# bg: COMMAND goes on in the background, the terminal stays the shell's.
CMD="$RI -- sh -c 'echo started; sleep 1; echo M\$((3+1))'"
OUT=$("$PTY" -C -t 60 'expect=h$' "send=$CMD\\r" 'expect=started' 'sleep=300' \
	'send=\x1a' 'expect=Stopped' 'send=bg; echo M$((2+1))\r' 'expect=M3' \
	'expect=M4' 'send=wait; echo M$((4+1)) $?\r' 'expect=M5' 'send=exit\r' \
	-- $SH 2>"$T/err")
expect_eq "drop-in ^Z, bg: no timeout" "" "$(cat "$T/err")"
expect_match "drop-in ^Z, bg: COMMAND runs on to its end" '^M5 0$' "$OUT"

# As PID 1 (of unshare's namespace), rootinit cannot stop: COMMAND is
# continued, and ^C still reaches it.
CMD="/usr/bin/unshare --pid --fork --kill-child $RI -- sh -c 'echo started; exec sleep 100'"
OUT=$("$PTY" -C -t 60 'expect=h$' "send=$CMD\\r" 'expect=started' 'sleep=300' \
	'send=\x1a' 'sleep=500' 'send=\x03' 'send=echo M$((0+1)) $?\r' 'expect=M1' \
	'send=exit\r' -- $SH 2>"$T/err")
expect_eq "drop-in ^Z, PID 1: no timeout" "" "$(cat "$T/err")"
expect_match "drop-in ^Z, PID 1: COMMAND continued, ^C ends it" '^M1 130$' "$OUT"
