#!/bin/sh
# t-50-supervise.sh: rootinit as PID 1 of fresh namespaces with a busybox
# root (and, at the end, as a drop-in for tini in namespaces a runtime made):
# exit statuses, signal forwarding, reaping, the grace period, the signal
# mask and dispositions COMMAND inherits, --exec, 126/127, leaked fds.
. "$(dirname "$0")/lib.sh"

T=$(tmpdir)
R=$T/root
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
mkroot "$R"
mkdir -p "$R/t"

# Fresh namespaces as a runtime makes them; the foreground runs are bounded
# (a hung rootinit is killed, and with it, by --kill-child, its namespace).
BGNS="unshare --mount --pid --fork --uts --ipc --net --propagation private --kill-child"
NS="timeout -s KILL 30 $BGNS"

# start_bg OUT ARG...: rootinit in fresh namespaces, in the background, as a
# runtime would start it: every signal at its default (a plain '&' ignores
# SIGINT and SIGQUIT; nohup, SIGHUP).  Sets UPID (unshare) and RPID
# (rootinit's host pid).
start_bg() {
	out=$1; shift
	env --default-signal $BGNS "$RI" "$@" >"$out" 2>&1 &
	UPID=$!
	PIDS="$PIDS $UPID"
	RPID=
	if poll 100 child_of "$UPID"; then RPID=$CHILD; PIDS="$RPID $PIDS"; fi
}

# finish SECONDS: wait for the background unshare; its status in RC (or
# "timeout", after killing everything).
finish() {
	if poll $(($1 * 20)) eval '! alive "$UPID"'; then
		wait "$UPID"; RC=$?
	else
		[ -n "$RPID" ] && kill -9 "$RPID" 2>/dev/null
		kill -9 "$UPID" 2>/dev/null
		wait "$UPID" 2>/dev/null
		RC=timeout
	fi
}

# --- exit statuses 0..255 ---------------------------------------------------
bad=
i=0
while [ $i -le 255 ]; do
	$NS "$RI" -r "$R" -- sh -c "exit $i" >/dev/null 2>&1
	rc=$?
	[ "$rc" = "$i" ] || bad="$bad $i->$rc"
	i=$((i + 1))
done
expect_eq "exit statuses 0..255 passed through" "" "$bad"

# --- killed by signal N -> 128+N -------------------------------------------
for s in KILL:137 TERM:143 HUP:129 USR1:138 INT:130; do
	$NS "$RI" -r "$R" -- sh -c "kill -${s%:*} \$\$; sleep 5" >/dev/null 2>&1
	expect_eq "COMMAND killed by SIG${s%:*} -> ${s#*:}" "${s#*:}" "$?"
done

# --- each signal sent to rootinit from outside reaches COMMAND --------------
cat >"$R/t/sigs.sh" <<'EOF'
got=/tmp/sigs.got
: >$got
for s in HUP INT QUIT USR1 USR2 TERM WINCH; do trap "echo $s >>$got" $s; done
echo $$ >/tmp/sigs.ready
while [ "$(wc -l <$got)" -lt 7 ]; do sleep 0.02; done
exit 0
EOF
rm -f "$R/tmp/sigs.got" "$R/tmp/sigs.ready"
start_bg "$T/sigs.out" -r "$R" -- sh /t/sigs.sh
if [ -z "$RPID" ] || ! poll 100 test -s "$R/tmp/sigs.ready"; then
	notok "signal forwarding: workload started" "$(cat "$T/sigs.out")"
else
	for s in HUP INT QUIT USR1 USR2 TERM WINCH; do
		kill -s $s "$RPID"
		if poll 60 grep -qx $s "$R/tmp/sigs.got"; then
			ok "SIG$s sent to rootinit reaches COMMAND"
		else
			notok "SIG$s sent to rootinit reaches COMMAND" \
			    "COMMAND saw [$(cat "$R/tmp/sigs.got" | tr '\n' ' ')]"
		fi
	done
fi
finish 5
expect_eq "rootinit survives the signals, exits with COMMAND's 0" 0 "$RC"

# --- under nohup: a signal the launcher ignored stays ignored ----------------
# COMMAND inherits SIGHUP ignored, and a SIGHUP sent to rootinit leaves it
# running; SIGTERM still ends it.
rm -f "$R/tmp/nohup.status" "$R/tmp/nohup.ready"
B0=$BGNS
BGNS="env --ignore-signal=HUP $B0"
start_bg "$T/nohup.out" -r "$R" -- sh -c \
    'cat /proc/self/status >/tmp/nohup.status; echo >/tmp/nohup.ready; while :; do sleep 0.02; done'
BGNS=$B0
bad=
if [ -n "$RPID" ] && poll 200 test -e "$R/tmp/nohup.ready"; then
	kill -HUP "$RPID"
	sleep 1
	alive "$RPID" || bad="$bad ended-by-SIGHUP"
	kill -TERM "$RPID"
else
	bad="(workload did not start: $(cat "$T/nohup.out"))"
fi
finish 10
ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' "$R/tmp/nohup.status" 2>/dev/null)
[ -n "$ign" ] && [ $((0x$ign & 1)) = 1 ] || bad="$bad SigIgn:[$ign]"
expect_eq "under nohup: COMMAND inherits SIGHUP ignored, outlives a SIGHUP to rootinit; SIGTERM ends it" \
    " 143" "$bad $RC"

# --- -g: signals reach COMMAND's process group (a grandchild) --------------
cat >"$R/t/group.sh" <<'EOF'
m=/tmp/group.got
# with -g the grandchild hears USR1 itself; without, COMMAND ends it (TERM)
trap 'echo command >>$m; [ "$1" = -g ] || kill -TERM $gc 2>/dev/null' USR1
sh -c 'trap "echo gc-USR1 >>'$m'; exit 0" USR1
       trap "echo gc-TERM >>'$m'; exit 0" TERM
       echo >/tmp/group.ready; while :; do sleep 0.02; done' &
gc=$!
while kill -0 $gc 2>/dev/null; do wait $gc; done
exit 0
EOF
for g in -g ""; do
	rm -f "$R/tmp/group.got" "$R/tmp/group.ready"
	start_bg "$T/group.out" -r "$R" $g -- sh /t/group.sh $g
	if [ -n "$RPID" ] && poll 100 test -e "$R/tmp/group.ready"; then
		kill -USR1 "$RPID"
		poll 60 test -s "$R/tmp/group.got"
	fi
	finish 5
	got=$(sort "$R/tmp/group.got" 2>/dev/null | tr '\n' ' ')
	if [ "$g" = -g ]; then
		expect_eq "-g: SIGUSR1 reaches COMMAND and a grandchild" \
		    "0 command gc-USR1 " "$RC $got"
	else
		expect_eq "without -g: SIGUSR1 reaches COMMAND, not the grandchild" \
		    "0 command gc-TERM " "$RC $got"
	fi
done

# --- 500 orphaned grandchildren leave no zombie -----------------------------
# The orphans live until counted (however slow the machine), then are
# killed: PID 1 must reap every one.
cat >"$R/t/orphans.sh" <<'EOF'
# 500 background sleeps whose parent exits at once: orphans for PID 1
sh -c 'i=0; while [ $i -lt 500 ]; do sleep 300 & i=$((i + 1)); done'
# a forked child may not have exec'd sleep yet on a loaded machine: count
# until all 500 are there, for 20 s at most
i=0
while o=$(cat /proc/[0-9]*/stat 2>/dev/null | awk '$2 == "(sleep)" && $4 == 1' | wc -l) &&
    [ "$o" -lt 500 ] && [ $i -lt 400 ]; do
	i=$((i + 1)); sleep 0.05
done
echo "orphans of PID 1: $o"
killall sleep
i=0
while :; do
	st=$(cat /proc/[0-9]*/stat 2>/dev/null | sed 's/.*) //' | cut -c1)
	z=$(printf '%s\n' "$st" | grep -c Z)
	n=$(cat /proc/[0-9]*/stat 2>/dev/null | grep -c '(sleep)')
	[ "$z" = 0 ] && [ "$n" = 0 ] && break
	i=$((i + 1)); [ $i -lt 400 ] || break
	sleep 0.05
done
echo "zombies: $z, sleeps left: $n"
EOF
out=$(timeout -s KILL 60 $BGNS "$RI" -r "$R" -- sh /t/orphans.sh 2>&1)
rc=$?
expect_eq "500 grandchildren orphaned to PID 1" 500 \
    "$(printf '%s\n' "$out" | sed -n 's/^orphans of PID 1: //p')"
expect_eq "500 orphans reaped: no zombie left" "0 zombies: 0, sleeps left: 0" \
    "$rc $(printf '%s\n' "$out" | grep '^zombies')"

# --- the grace period --------------------------------------------------------
# Timed from COMMAND's last moment (its /proc/uptime, in /tmp/exit.t0) to
# rootinit's exit, not from the start: setting up hundreds of processes on a
# loaded machine takes seconds, winding them down must not take the grace.
# A grandchild still running when COMMAND exits gets SIGTERM and may stop
# cleanly; rootinit does not wait out the grace once nothing remains.
cat >"$R/t/grace-term.sh" <<'EOF'
rm -f /tmp/grace.mark /tmp/grace.pid /tmp/exit.t0
sh -c 'trap "echo clean >/tmp/grace.mark; exit 0" TERM
       echo $$ >/tmp/grace.pid; while :; do sleep 0.02; done' &
while [ ! -s /tmp/grace.pid ]; do sleep 0.01; done
cut -d" " -f1 /proc/uptime >/tmp/exit.t0
exit 3
EOF
$NS "$RI" -r "$R" --grace 20 -- sh /t/grace-term.sh >/dev/null 2>&1
rc=$?
wd=$(since_ms "$R/tmp/exit.t0")
expect_eq "grace: COMMAND's status 3 kept while the rest winds down" 3 "$rc"
expect_eq "grace: a leftover grandchild gets SIGTERM and exits cleanly" \
    clean "$(cat "$R/tmp/grace.mark" 2>/dev/null)"
within "grace: no wait once nothing remains (--grace 20)" "$wd" 0 15000

# Great-grandchildren whose parents (COMMAND's children) die on the same
# SIGTERM: each must hear it too, however fast its parent goes.
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
timeout -s KILL 60 $BGNS "$RI" -r "$R" --grace 20 -- sh /t/deep-term.sh 50 >/dev/null 2>&1
rc=$?
wd=$(since_ms "$R/tmp/exit.t0")
expect_eq "grace: 50 great-grandchildren get SIGTERM and exit cleanly" \
    "50 5" "$(cat "$R/tmp/deep.mark" 2>/dev/null | wc -l) $rc"
within "grace: no wait once the great-grandchildren are gone (--grace 20)" "$wd" 0 15000

# One that ignores SIGTERM is killed after the grace, not before.
cat >"$R/t/grace-ignore.sh" <<'EOF'
rm -f /tmp/ignore.pid /tmp/exit.t0
sh -c 'trap "" TERM; echo $$ >/tmp/ignore.pid; exec sleep 60' &
while [ ! -s /tmp/ignore.pid ]; do sleep 0.01; done
cut -d" " -f1 /proc/uptime >/tmp/exit.t0
exit 4
EOF
$NS "$RI" -r "$R" --grace 1 -- sh /t/grace-ignore.sh >/dev/null 2>&1
rc=$?
wd=$(since_ms "$R/tmp/exit.t0")
expect_eq "grace: COMMAND's status 4 kept when a process ignores SIGTERM" 4 "$rc"
within "grace: a process ignoring SIGTERM is killed after --grace 1" "$wd" 990 15000

# --- COMMAND's signal mask and ignored signals are rootinit's inherited ones --
SIGS='^Sig(Blk|Ign)'
IGN="--ignore-signal=HUP,USR1 --block-signal=USR2,WINCH"
base=$(timeout -s KILL 30 env $IGN $BGNS /bin/busybox grep -E "$SIGS" /proc/self/status | tr '\n' ' ')
blk=$(printf '%s\n' "$base" | sed -n 's/.*SigBlk:[[:space:]]*\([0-9a-f]*\).*/\1/p')
ign=$(printf '%s\n' "$base" | sed -n 's/.*SigIgn:[[:space:]]*\([0-9a-f]*\).*/\1/p')
# HUP(1)+USR1(10) ignored, USR2(12)+WINCH(28) blocked: the setup itself works
if [ -n "$blk" ] && [ $((0x$ign & 0x201)) = $((0x201)) ] &&
    [ $((0x$blk & 0x8000800)) = $((0x8000800)) ]; then
	for x in "" --exec; do
		got=$(timeout -s KILL 30 env $IGN $BGNS "$RI" -r "$R" $x -- grep -E "$SIGS" /proc/self/status |
		    tr '\n' ' ')
		expect_eq "COMMAND's SigBlk and SigIgn are rootinit's inherited ones${x:+ ($x)}" \
		    "$base" "$got"
	done
else
	notok "COMMAND's SigBlk and SigIgn are rootinit's inherited ones" \
	    "could not start with HUP,USR1 ignored and USR2,WINCH blocked: [$base]"
fi
# and with nothing inherited, nothing is blocked or ignored
base=$(timeout -s KILL 30 env --default-signal $BGNS /bin/busybox grep -E "$SIGS" /proc/self/status | tr '\n' ' ')
got=$(timeout -s KILL 30 env --default-signal $BGNS "$RI" -r "$R" -- grep -E "$SIGS" /proc/self/status | tr '\n' ' ')
expect_eq "COMMAND's SigBlk and SigIgn with a clean start" "$base" "$got"

# --- PID 1: rootinit, or COMMAND with --exec --------------------------------
P1='echo "$$ $PPID $(tr "\0" "\n" </proc/1/cmdline | head -1)"'
got=$($NS "$RI" -r "$R" -- sh -c "$P1" 2>&1)
set -- $got
if [ "$#" = 3 ] && [ "$1" != 1 ] && [ "$2" = 1 ] && [ "$3" = "$RI" ]; then
	ok "without --exec, PID 1 is rootinit and COMMAND its child"
else
	notok "without --exec, PID 1 is rootinit and COMMAND its child" \
	    "pid, ppid, /proc/1/cmdline[0]: [$got]"
fi
expect_eq "--exec makes COMMAND PID 1" "1 0 sh" \
    "$($NS "$RI" -r "$R" --exec -- sh -c "$P1" 2>&1)"

# --- 126 / 127 in supervise mode ---------------------------------------------
for c in "/no/such/cmd:127" "nosuchcmd:127" "/etc/passwd:126"; do
	err=$($NS "$RI" -r "$R" -- "${c%:*}" 2>&1 >/dev/null)
	rc=$?
	expect_eq "COMMAND ${c%:*}: status ${c#*:}" "${c#*:}" "$rc"
	lines=$(printf '%s\n' "$err" | grep -c .)
	if [ "$lines" = 1 ] && printf '%s\n' "$err" | grep -q "^rootinit: .*${c%:*}"; then
		ok "COMMAND ${c%:*}: one 'rootinit:' line naming it"
	else
		notok "COMMAND ${c%:*}: one 'rootinit:' line naming it" "stderr [$err]"
	fi
done

# --- COMMAND starts with fds 0-2 only ---------------------------------------
: >"$T/extra"
for x in "" --exec; do
	got=$($NS "$RI" -r "$R" $x -- sh -c 'ls /proc/$$/fd; exit 0' 5<"$T/extra" 9>>"$T/extra" |
	    tr '\n' ' ')
	expect_eq "COMMAND starts with fds 0-2 only${x:+ ($x)}" "0 1 2 " "$got"
done

# --- no rootfs: a drop-in for tini in namespaces a runtime made --------------
# rootinit as PID 1 of unshare's pid namespace: it mounts nothing, and
# COMMAND sees the mount table the runtime left.
BGDROP="unshare --mount --pid --fork --mount-proc --propagation private --kill-child"
DROP="timeout -s KILL 30 $BGDROP"
got=$($DROP sh -c 'cat /proc/self/mountinfo >"$1"; exec "$2" -- sh -c \
    "cat /proc/self/mountinfo >\"\$0\"; echo \$PPID; exit 42" "$3"' \
    sh "$T/mi.before" "$RI" "$T/mi.after" 2>&1)
rc=$?
expect_eq "no rootfs: COMMAND runs as PID 1's child, status 42 passed" "1 42" "$got $rc"
if [ -s "$T/mi.before" ] && cmp -s "$T/mi.before" "$T/mi.after"; then
	ok "no rootfs: mount table unchanged"
else
	notok "no rootfs: mount table unchanged" \
	    "$(diff "$T/mi.before" "$T/mi.after" 2>&1 | head -5 | tr '\n' ' ')"
fi
$DROP "$RI" -- sh -c 'kill -KILL $$' >/dev/null 2>&1
expect_eq "no rootfs: killed by SIGKILL -> 137" 137 "$?"
err=$($DROP "$RI" -- /no/such/cmd 2>&1)
expect_eq "no rootfs: COMMAND not found -> 127" 127 "$?"

# signals forwarded in the drop-in
rm -f "$T/drop.got" "$T/drop.ready"
env --default-signal $BGDROP "$RI" -- sh -c '
	trap "echo TERM >\"$0\"; exit 42" TERM
	echo >"$1"; while :; do sleep 0.02; done' "$T/drop.got" "$T/drop.ready" \
    >"$T/drop.out" 2>&1 &
UPID=$!
PIDS="$PIDS $UPID"
RPID=
if poll 100 child_of "$UPID"; then RPID=$CHILD; PIDS="$RPID $PIDS"; fi
if [ -n "$RPID" ] && poll 100 test -e "$T/drop.ready"; then
	kill -TERM "$RPID"
fi
finish 5
expect_eq "no rootfs: SIGTERM to rootinit reaches COMMAND, its status 42 passed" \
    "TERM 42" "$(cat "$T/drop.got" 2>/dev/null) $RC"
