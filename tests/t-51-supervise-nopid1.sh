#!/bin/sh
# t-51-supervise-nopid1.sh: rootinit supervising when it is not PID 1 (no
# new pid namespace): a child subreaper that still reaps every orphan,
# winds its descendants down after COMMAND, and, with no rootfs, changes
# nothing (a drop-in for tini -s).
. "$(dirname "$0")/lib.sh"

T=$(tmpdir)
R=$T/root
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
mkroot "$R"
mkdir -p "$R/t"

# rootinit is not PID 1: PID 1 of a pid namespace of the test's own is a
# shell that runs rootinit, then reports how many processes are left besides
# itself ("left: N"); whatever escapes rootinit dies with that namespace.
# rootinit unshares a mount namespace of its own for --rootfs; the outer one
# only keeps a broken rootinit from touching the test's mounts.
WRAP='"$@"; rc=$?; n=0
for p in /proc/[0-9]*; do
	[ "$p" = /proc/1 ] && continue
	read -r l <"$p/stat" 2>/dev/null || continue
	case ${l##*") "} in Z*) ;; *) n=$((n + 1)) ;; esac
done
echo "left: $n"; exit $rc'
BGNS="unshare --mount --propagation private --pid --fork --mount-proc --kill-child sh -c"
# the foreground runs are bounded: a hung rootinit is killed with its namespace
NS="timeout -s KILL 30 $BGNS"
# the same for runs on the host itself (no rootfs)
TO="timeout -s KILL 30"

# start_bg OUT CMD...: in the background, every signal at its default;
# RPID is CMD's pid (env execs it): unshare, or rootinit itself.
start_bg() {
	out=$1; shift
	env --default-signal "$@" >"$out" 2>&1 &
	RPID=$!
	PIDS="$PIDS $RPID"
}

# finish SECONDS: RC is RPID's status, or "timeout" (then it is killed, and
# with it, through --kill-child, a pid namespace it made).
finish() {
	if poll $(($1 * 20)) eval '! alive "$RPID"'; then
		wait "$RPID"; RC=$?
	else
		kill -9 "$RPID" 2>/dev/null
		wait "$RPID" 2>/dev/null
		RC=timeout
	fi
}

# --- orphans are reparented to rootinit (a subreaper) and reaped ------------
# The orphans live until counted (however slow the machine), then are
# killed: rootinit must reap every one.
cat >"$R/t/orphans.sh" <<'EOF'
sh -c 'i=0; while [ $i -lt 200 ]; do sleep 300 & i=$((i + 1)); done'
ri=$PPID
# a forked child may not have exec'd sleep yet on a loaded machine: count
# until all 200 are there, for 20 s at most
i=0
while o=$(cat /proc/[0-9]*/stat 2>/dev/null | awk -v p=$ri '$2 == "(sleep)" && $4 == p' | wc -l) &&
    [ "$o" -lt 200 ] && [ $i -lt 400 ]; do
	i=$((i + 1)); sleep 0.05
done
echo "orphans of rootinit: $o"
killall sleep
i=0
while :; do
	z=$(cat /proc/[0-9]*/stat 2>/dev/null | sed 's/^[0-9]* (.*) //' |
	    awk -v p=$ri '$1 == "Z" && $2 == p' | wc -l)
	n=$(cat /proc/[0-9]*/stat 2>/dev/null | awk -v p=$ri '$4 == p' | wc -l)
	# only COMMAND (this shell) is left as rootinit's child
	[ "$z" = 0 ] && [ "$n" = 1 ] && break
	i=$((i + 1)); [ $i -lt 400 ] || break
	sleep 0.05
done
echo "zombies: $z, children of rootinit: $n"
EOF
out=$(timeout -s KILL 60 $BGNS "$WRAP" sh "$RI" -r "$R" -- sh /t/orphans.sh 2>&1)
rc=$?
expect_eq "not PID 1: 200 orphans reparented to rootinit" 200 \
    "$(printf '%s\n' "$out" | sed -n 's/^orphans of rootinit: //p')"
expect_eq "not PID 1: orphans reaped, no zombie left" \
    "0 zombies: 0, children of rootinit: 1" "$rc $(printf '%s\n' "$out" | grep '^zombies')"

# --- the grace period as a subreaper -----------------------------------------
# left OUT: the "left: N" line of the wrapper (processes alive after rootinit)
left() { printf '%s\n' "$1" | sed -n 's/^left: //p'; }
# Timed from COMMAND's last moment (its /proc/uptime, in /tmp/exit.t0) to
# rootinit's exit, not from the start: setting up a hundred processes on a
# loaded machine takes seconds, winding them down must not take the grace.

cat >"$R/t/grace-term.sh" <<'EOF'
rm -f /tmp/grace.mark /tmp/grace.pid /tmp/exit.t0
sh -c 'trap "echo clean >/tmp/grace.mark; exit 0" TERM
       echo $$ >/tmp/grace.pid; while :; do sleep 0.02; done' &
while [ ! -s /tmp/grace.pid ]; do sleep 0.01; done
cut -d" " -f1 /proc/uptime >/tmp/exit.t0
exit 3
EOF
out=$($NS "$WRAP" sh "$RI" -r "$R" --grace 20 -- sh /t/grace-term.sh 2>&1)
rc=$?
wd=$(since_ms "$R/tmp/exit.t0")
expect_eq "not PID 1, grace: a leftover grandchild gets SIGTERM, exits cleanly; status 3" \
    "clean 3 0" "$(cat "$R/tmp/grace.mark" 2>/dev/null) $rc $(left "$out")"
within "not PID 1, grace: no wait once nothing remains (--grace 20)" "$wd" 0 15000

cat >"$R/t/grace-ignore.sh" <<'EOF'
rm -f /tmp/ignore.pid /tmp/exit.t0
sh -c 'trap "" TERM; echo $$ >/tmp/ignore.pid; exec sleep 60' &
while [ ! -s /tmp/ignore.pid ]; do sleep 0.01; done
cut -d" " -f1 /proc/uptime >/tmp/exit.t0
exit 4
EOF
start_bg "$T/ignore.out" $BGNS "$WRAP" sh "$RI" -r "$R" --grace 1 -- sh /t/grace-ignore.sh
finish 25
wd=$(since_ms "$R/tmp/exit.t0")
out=$(cat "$T/ignore.out")
expect_eq "not PID 1, grace: a grandchild ignoring SIGTERM is killed; status 4, nothing left" \
    "4 0" "$RC $(left "$out")"
within "not PID 1, grace: a grandchild ignoring SIGTERM is killed after --grace 1" "$wd" 990 15000

# Deeper descendants: when COMMAND's child dies, its own children are
# reparented to rootinit; they are "other processes" too.  100 of them, each
# the child of a process that dies on the same SIGTERM (or SIGKILL): every
# one must be signalled, however fast its parent goes.
cat >"$R/t/deep-term.sh" <<'EOF'
rm -f /tmp/deep.mark /tmp/deep.ready /tmp/exit.t0
i=0
while [ $i -lt $1 ]; do
	sh -c 'sh -c "trap \"echo clean >>/tmp/deep.mark; exit 0\" TERM
	              echo >>/tmp/deep.ready; while :; do sleep 0.02; done" & wait' &
	i=$((i + 1))
done
while [ "$(cat /tmp/deep.ready 2>/dev/null | wc -l)" -lt $1 ]; do sleep 0.02; done
cut -d" " -f1 /proc/uptime >/tmp/exit.t0
exit 5
EOF
out=$(timeout -s KILL 60 $BGNS "$WRAP" sh "$RI" -r "$R" --grace 20 -- sh /t/deep-term.sh 100 2>&1)
rc=$?
wd=$(since_ms "$R/tmp/exit.t0")
expect_eq "not PID 1, grace: 100 great-grandchildren get SIGTERM and exit cleanly" \
    "100 5 0" "$(cat "$R/tmp/deep.mark" 2>/dev/null | wc -l) $rc $(left "$out")"
within "not PID 1, grace: no wait once the great-grandchildren are gone (--grace 20)" "$wd" 0 15000

cat >"$R/t/deep-ignore.sh" <<'EOF'
rm -f /tmp/deepign.ready /tmp/exit.t0
i=0
while [ $i -lt $1 ]; do
	sh -c 'trap "" TERM; sleep 60 & echo >>/tmp/deepign.ready; wait' &
	i=$((i + 1))
done
while [ "$(cat /tmp/deepign.ready 2>/dev/null | wc -l)" -lt $1 ]; do sleep 0.02; done
cut -d" " -f1 /proc/uptime >/tmp/exit.t0
exit 6
EOF
start_bg "$T/deepign.out" $BGNS "$WRAP" sh "$RI" -r "$R" --grace 1 -- sh /t/deep-ignore.sh 100
finish 40
wd=$(since_ms "$R/tmp/exit.t0")
out=$(cat "$T/deepign.out")
expect_eq "not PID 1, grace: 100 great-grandchildren ignoring SIGTERM are killed; status 6, nothing left" \
    "6 0" "$RC $(left "$out")"
within "not PID 1, grace: 100 great-grandchildren ignoring SIGTERM are killed after --grace 1" "$wd" 990 15000

# --- no rootfs, not PID 1: changes nothing, still supervises ---------------
want=$(readlink /proc/self/ns/mnt /proc/self/ns/uts /proc/self/ns/pid; hostname)
cp /proc/self/mountinfo "$T/mi.before"
got=$($TO "$RI" -- sh -c 'readlink /proc/self/ns/mnt /proc/self/ns/uts /proc/self/ns/pid
    hostname; cat /proc/self/mountinfo >"$0"' "$T/mi.after" 2>&1)
expect_eq "no rootfs, not PID 1: same namespaces and hostname" "$want" "$got"
# mount ids and the proc entry of cat itself are the same in one namespace
if cmp -s "$T/mi.before" "$T/mi.after"; then ok "no rootfs, not PID 1: mount table unchanged"
else notok "no rootfs, not PID 1: mount table unchanged" \
    "$(diff "$T/mi.before" "$T/mi.after" | head -5 | tr '\n' ' ')"; fi

bad=
for s in 0 1 2 42 126 127 128 200 255; do
	$TO "$RI" -- sh -c "exit $s" >/dev/null 2>&1
	rc=$?
	[ "$rc" = "$s" ] || bad="$bad $s->$rc"
done
$TO "$RI" -- sh -c 'kill -TERM $$' >/dev/null 2>&1
rc=$?
[ "$rc" = 143 ] || bad="$bad TERM->$rc"
expect_eq "no rootfs, not PID 1: statuses and 128+N passed through" "" "$bad"

: >"$T/extra"
got=$($TO "$RI" -- sh -c 'ls /proc/$$/fd; exit 0' 5<"$T/extra" 9>>"$T/extra" | tr '\n' ' ')
expect_eq "no rootfs, not PID 1: COMMAND starts with fds 0-2 only" "0 1 2 " "$got"

err=$($TO "$RI" -- /no/such/cmd 2>&1)
rc=$?
expect_eq "no rootfs, not PID 1: COMMAND not found: 127, one line" \
    "127 1" "$rc $(printf '%s\n' "$err" | grep -c '^rootinit: .*/no/such/cmd')"

# Here COMMAND runs on the host, with no pid namespace to end it should it
# outlive rootinit (a test that fails): it writes its pid to READY, and
# end_command READY kills it if it is still there.
end_command() {
	c=$(cat "$1" 2>/dev/null)
	[ -n "$c" ] && grep -qF "$1" "/proc/$c/cmdline" 2>/dev/null && kill -9 "$c"
	return 0
}

# signals sent to rootinit reach COMMAND
rm -f "$T/sig.got" "$T/sig.ready"
start_bg "$T/sig.out" "$RI" -- sh -c '
	: >"$0"
	for s in HUP INT QUIT USR1 USR2 TERM WINCH; do trap "echo $s >>\"$0\"" $s; done
	echo $$ >"$1"
	while [ "$(wc -l <"$0")" -lt 7 ]; do sleep 0.02; done' "$T/sig.got" "$T/sig.ready"
bad=
if poll 100 test -s "$T/sig.ready"; then
	for s in HUP INT QUIT USR1 USR2 TERM WINCH; do
		kill -s $s "$RPID"
		poll 60 grep -qx $s "$T/sig.got" 2>/dev/null || bad="$bad $s"
	done
else
	bad="(workload did not start: $(cat "$T/sig.out"))"
fi
finish 5
end_command "$T/sig.ready"
expect_eq "no rootfs, not PID 1: HUP INT QUIT USR1 USR2 TERM WINCH reach COMMAND; status 0" \
    " 0" "$bad $RC"

# Under nohup (SIGHUP ignored by the launcher) SIGHUP stays ignored: COMMAND
# inherits the ignore, and a SIGHUP sent to rootinit leaves it running;
# SIGTERM still ends it.
rm -f "$T/nohup.status" "$T/nohup.ready"
start_bg "$T/nohup.out" env --ignore-signal=HUP "$RI" -- sh -c '
	cat /proc/self/status >"$0"; echo $$ >"$1"; while :; do sleep 0.02; done' \
    "$T/nohup.status" "$T/nohup.ready"
bad=
if poll 200 test -s "$T/nohup.ready"; then
	kill -HUP "$RPID"
	sleep 1
	alive "$RPID" || bad="$bad ended-by-SIGHUP"
	kill -TERM "$RPID"
else
	bad="(workload did not start: $(cat "$T/nohup.out"))"
fi
finish 10
end_command "$T/nohup.ready"
ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' "$T/nohup.status" 2>/dev/null)
[ -n "$ign" ] && [ $((0x$ign & 1)) = 1 ] || bad="$bad SigIgn:[$ign]"
expect_eq "no rootfs, not PID 1, under nohup: COMMAND inherits SIGHUP ignored, outlives a SIGHUP to rootinit; SIGTERM ends it" \
    " 143" "$bad $RC"
