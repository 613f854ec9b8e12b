#!/bin/sh
# t-54-tty-safety: the invoker's terminal (issue 11, part 2).  rootinit runs
# on a pty of tests/ptyrun, the "invoker's terminal".  With a root, COMMAND
# has a session of its own: an image program that pushes input with TIOCSTI
# (bubblewrap's CVE-2017-5226) reaches nothing, under the default privileges,
# under --user 1000 --caps none --no-new-privs and with --exec, and the
# invoker's shell runs nothing it pushed.  With --tty, it lands in the
# container's own pty.  --tty gives an interactive busybox shell line
# editing, ^C, ^Z and fg, the window size (and its changes), COMMAND's
# status, and the invoker's terminal back as it was.
. "$(dirname "$0")/lib.sh"
cd "$TESTS/.."
make -s tests/ptyrun tests/tiocsti >/dev/null 2>&1 ||
	{ notok "build tests/ptyrun tests/tiocsti" "make failed"; exit 0; }
PTY=$PWD/tests/ptyrun
T=$(tmpdir)
trap cleanup EXIT
mkroot "$T/root"
cp tests/tiocsti "$T/root/bin/tiocsti"
# --kill-child: rootinit (and its namespace) dies with unshare, whatever happens.
NS="unshare --mount --pid --fork --kill-child --uts --ipc --net --propagation private"

# pty NAME STEPS... -- COMMAND...: ptyrun; OUT, RC and the report lines.
pty() {
	name=$1; shift
	rm -f "$T/rep"
	OUT=$("$PTY" -C -t 60 -o "$T/rep" "$@" 2>"$T/err")
	RC=$?
	QUEUED=$(sed -n 's/^queued //p' "$T/rep" 2>/dev/null)
	TERMIOS=$(sed -n 's/^termios //p' "$T/rep" 2>/dev/null)
	[ -s "$T/err" ] && notok "$name-driver" "$(cat "$T/err")"
}

# --- TIOCSTI from the image, without --tty ---------------------------------
for mode in default user exec; do
	set --
	[ $mode = user ] && set -- --user 1000 --caps none --no-new-privs
	[ $mode = exec ] && set -- --exec
	pty "tiocsti-$mode" -- $NS "$RI" -r "$T/root" "$@" -- /bin/tiocsti
	expect_eq "tiocsti-$mode: nothing pushed into the invoker's terminal" "0 " "$QUEUED"
	expect_nomatch "tiocsti-$mode: every attempt refused" 'pushed' "$OUT"
	expect_match "tiocsti-$mode: no controlling terminal (/dev/tty)" \
		'^tiocsti /dev/tty: No such device or address$' "$OUT"
	expect_eq "tiocsti-$mode: COMMAND's status passed" 1 "$RC"
done

# The whole attack: an interactive shell on the terminal runs rootinit; what
# the image pushed would be the shell's next command line once rootinit exits.
H="unshare --pid --fork --kill-child --mount-proc"
pty tiocsti-shell 'expect=h$ ' \
	"send=/usr/bin/$NS $RI -r $T/root -- /bin/tiocsti 'touch $T/PWNED'; echo M\$((0+1))\\r" \
	'expect=M1' 'sleep=300' 'send=echo M$((1+1))\r' 'expect=M2' 'send=exit\r' \
	-- $H env PS1='h$ ' /bin/busybox sh -i
expect_match "tiocsti-shell: the image program ran" '^tiocsti /dev/tty: ' "$OUT"
expect_eq "tiocsti-shell: the invoker's shell ran nothing the image pushed" \
	"no" "$([ -e "$T/PWNED" ] && echo yes || echo no)"
expect_eq "tiocsti-shell: the shell ends normally" 0 "$RC"

# With --tty, the push lands in the container's own pty, read back there.
pty tiocsti-tty -- $NS "$RI" -r "$T/root" -t -- /bin/tiocsti -r
expect_match "tiocsti-tty: pushed into COMMAND's own pty" \
	'^tiocsti read back: \[id >/tmp/PWNED\]$' "$OUT"
expect_eq "tiocsti-tty: nothing pushed into the invoker's terminal" "0 " "$QUEUED"

# --- --tty: an interactive busybox shell ---------------------------------
# Markers are computed ($((n+1))) so the echoed command line never matches.
pty tty-shell -w 30x100 'expect=ri$ ' \
	'send=echo hellp\x7fo\r' 'expect=hello' 'expect=ri$ ' \
	'send=stty size; echo M$((0+1))\r' 'expect=M1' \
	'resize=40x120' 'sleep=300' 'send=stty size; echo M$((1+1))\r' 'expect=M2' \
	'send=sleep 100\r' 'sleep=500' 'send=\x03' 'send=echo M$((2+1)) $?\r' 'expect=M3' \
	'send=sleep 100\r' 'sleep=500' 'send=\x1a' 'expect=Stopped' \
	'send=jobs; echo M$((3+1))\r' 'expect=M4' \
	'send=fg\r' 'sleep=500' 'send=\x03' 'send=echo M$((4+1)) $?\r' 'expect=M5' \
	'send=exit 7\r' \
	-- $NS "$RI" -r "$T/root" -t --env 'PS1=ri$ ' -- sh
expect_match "tty: line editing (a backspace)" '^hello$' "$OUT"
expect_match "tty: the window size at start" '^30 100$' "$OUT"
expect_match "tty: the window size after SIGWINCH" '^40 120$' "$OUT"
expect_match "tty: ^C interrupts sleep, the shell survives" '^M3 130$' "$OUT"
expect_match "tty: ^Z stops sleep" 'Stopped +sleep 100' "$OUT"
expect_match "tty: fg resumes it, ^C ends it" '^M5 130$' "$OUT"
expect_nomatch "tty: job control on" "can't access tty|job control turned off" "$OUT"
expect_eq "tty: COMMAND's status passed" 7 "$RC"
expect_eq "tty: the invoker's terminal modes restored" same "$TERMIOS"
expect_eq "tty: nothing left in the invoker's input" "0 " "$QUEUED"

# The invoker's terminal goes raw while COMMAND runs (^C is a byte for the
# pty) and comes back when COMMAND is killed by a signal as well.
pty tty-killed 'expect=ri$ ' 'send=kill -9 $$\r' \
	-- $NS "$RI" -r "$T/root" -t --env 'PS1=ri$ ' -- sh
expect_eq "tty: COMMAND killed: status 128+9" 137 "$RC"
expect_eq "tty: COMMAND killed: the invoker's terminal modes restored" same "$TERMIOS"

# --- --tty without a terminal: input from a pipe, then end of file --------
# The end of input kills nothing (as docker run -it): the shell runs on,
# after the pipe has closed, until its own exit.
printf 'sleep 1; echo M$((1+1)); exit 3\n' |
	timeout -s KILL 60 $NS "$RI" -r "$T/root" -t -- sh >"$T/out" 2>&1
RC=$?
OUT=$(tr -d '\r' <"$T/out")
expect_match "tty, stdin a pipe: runs on after EOF" '^M2$' "$OUT"
expect_eq "tty, stdin a pipe: COMMAND's status passed" 3 "$RC"

# --- --tty takes its pty from the plan's devpts, never the image's node ---
# An image's ptmx node (5:2) outside a devpts opens a pty of the devpts
# mounted at "pts" next to it (none: the kernel refuses); rootinit takes
# only a devpts's own ptmx, whatever is mounted where.  Status 125.
cp -a "$T/root" "$T/hostile"
mkdir -p "$T/hostile/dev/pts"
mknod "$T/hostile/dev/pts/ptmx" c 5 2
capture $NS "$RI" -r "$T/hostile" --no-default-mounts \
	-m 'devpts /dev/pts/pts devpts newinstance,ptmxmode=0666' -t -- sh -c 'tty; ls -l /dev/pts'
expect_eq "tty: an image's ptmx node refused" 125 "$RC"
expect_match "tty: an image's ptmx node: one rootinit line" '^rootinit: --tty: /dev/pts/ptmx' "$ERR"
