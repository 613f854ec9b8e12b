# tests/lib.sh: shared helpers for rootinit's shell tests.
# Each test prints "ok NAME" or "not ok NAME: why"; tests/run counts them.
# Sourced by tests/t-*.sh; RI is the binary under test.

RI=${RI:-$(cd "$(dirname "$0")/.." && pwd)/rootinit}
TESTS=$(cd "$(dirname "$0")" && pwd)
TMPBASE=${TMPDIR:-/tmp}

# printf, not echo: dash's echo would expand \040 and \000 in names.
ok() { printf 'ok %s\n' "$1"; }
notok() { printf 'not ok %s: %s\n' "$1" "$2" | tr '\000' '?'; }
# skip NAME REASON: a test that could not run here, and why.  tests/run
# counts it apart; with RI_NO_SKIP=1 (CI) a skip counts as a failure.
skip() { printf 'skip %s: %s\n' "$1" "$2"; }
# kernel_skip NAME REASON: a test of something the running kernel lacks
# (an ABI, a syscall newer than it): no install step can give it, so
# RI_NO_SKIP=1 does not count it as a failure.
kernel_skip() { printf 'skip %s: %s [kernel]\n' "$1" "$2"; }

# check NAME COMMAND...: ok when COMMAND succeeds.
check() {
	name=$1; shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else notok "$name" "failed: $*"; fi
}

# expect_eq NAME WANT GOT
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		notok "$1" "want [$(printf %s "$2" | head -c 300)] got [$(printf %s "$3" | head -c 300)]"
	fi
}

# expect_match NAME REGEX TEXT (grep -E, any line)
expect_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then ok "$1"; else
		notok "$1" "no line matches /$2/ in [$(printf %s "$3" | head -c 400)]"
	fi
}

expect_nomatch() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		notok "$1" "a line matches /$2/ in [$(printf %s "$3" | head -c 400)]"
	else ok "$1"; fi
}

# A temporary directory removed at exit (after unmounting anything left in it).
tmpdir() {
	d=$(mktemp -d "$TMPBASE/rootinit-test.XXXXXX")
	echo "$d"
}

cleanup_dir() {
	[ -n "$1" ] && [ -d "$1" ] || return 0
	# lazy-unmount anything a failed test left under it, deepest first
	grep -o " $1[^ ]* " /proc/self/mountinfo 2>/dev/null | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
	rm -rf "$1"
}

# mkroot DIR: a busybox root (Debian's busybox-static) with its applets linked.
mkroot() {
	mkdir -p "$1/bin" "$1/sbin" "$1/etc" "$1/tmp" "$1/root"
	cp /bin/busybox "$1/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ -e "$1/bin/$a" ] || ln -s busybox "$1/bin/$a"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' >"$1/etc/passwd"
	echo 'root:x:0:' >"$1/etc/group"
}

# Run rootinit in fresh namespaces, as a container runtime would start it.
# ns_run ARGS...: stdout and stderr of rootinit and COMMAND; status kept.
ns_run() {
	unshare --mount --pid --fork --uts --ipc --net --propagation private "$RI" "$@"
}

# The same in a user namespace mapping root to our uid (rootless).
userns_run() {
	unshare --user --map-root-user --mount --pid --fork --uts --ipc --net \
		--propagation private "$RI" "$@"
}

# Hash of a directory tree (names, types, modes, sizes, contents, link targets).
tree_hash() {
	(cd "$1" && find . -printf '%p %y %m %s %l\n' | sort &&
		find . -type f -exec sha256sum {} + | sort) | sha256sum | cut -d' ' -f1
}

# Background processes a test starts (PIDS="$PIDS $!") and its scratch
# directory $T, both gone at exit: trap cleanup EXIT.
PIDS=
cleanup() {
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	cleanup_dir "$T"
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# poll N CMD...: retry CMD every 50 ms, at most N times.
poll() {
	n=$1; shift
	until "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.05
	done
}

# alive PID: running, and not a zombie waiting for us.
alive() {
	[ -r "/proc/$1/stat" ] || return 1
	case $(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) in
	Z* | X* | "") return 1 ;;
	esac
	return 0
}

# gone PID: exited, or a zombie not yet waited for (kill -0 still finds those)
gone() { ! alive "$1"; }

# child_of PID: the host pid of PID's one child (unshare --fork's child) in
# CHILD (the first, should it have more).
child_of() {
	CHILD=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
	CHILD=${CHILD%% *}
	[ -n "$CHILD" ]
}

# child_named PID NAME: PID's child, once it runs NAME (its comm), in CHILD:
# a child seen before its exec is not taken for what it will run.
child_named() { child_of "$1" && [ "$(cat "/proc/$CHILD/comm" 2>/dev/null)" = "$2" ]; }

# capture CMD...: CMD with stdin empty; its stdout in OUT, stderr in ERR,
# status in RC (files under $T).
capture() {
	"$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}

# since_ms FILE: milliseconds (10 ms steps) from the /proc/uptime stamp a
# workload left in FILE (cut -d" " -f1 /proc/uptime >FILE) to now; "none"
# without one.  /proc/uptime is the same in every pid namespace.
since_ms() {
	[ -s "$1" ] || { echo none; return; }
	awk -v a="$(cat "$1")" -v b="$(cut -d' ' -f1 /proc/uptime)" \
	    'BEGIN { printf "%d\n", (b - a) * 1000 + 0.5 }'
}

# within NAME MS LO HI: ok when LO <= MS < HI (milliseconds)
within() {
	if [ "$2" != none ] && [ "$2" -ge "$3" ] && [ "$2" -lt "$4" ]; then
		ok "$1 (${2}ms)"
	else
		notok "$1" "took ${2}ms, want ${3}ms <= t < ${4}ms"
	fi
}

# host_run NAME CMD...: CMD (rootinit and its arguments) in fresh namespaces,
# started from a "host" mount namespace with shared propagation (as systemd
# leaves /), so a mount that escapes shows in the host's table; bounded by
# SIGKILL after 60 s; WRAP, when set, is put in front (a pty driver).  Sets
# RC, OUT, ERR (files under $T); checks the sentinel tree $SENT against
# $HASH0 and the host's mount table (tests NAME-sentinel, NAME-host-mounts).
host_run() {
	name=$1
	shift
	unshare --mount --propagation shared sh -c '
		t=$1; shift
		cat /proc/self/mountinfo >"$t/mi.before"
		$WRAP timeout -s KILL 60 unshare --mount --pid --fork --uts --ipc --net \
			--propagation unchanged "$@" >"$t/out" 2>"$t/err" </dev/null
		echo $? >"$t/rc"
		cat /proc/self/mountinfo >"$t/mi.after"
	' sh "$T" "$@"
	RC=$(cat "$T/rc")
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
	expect_eq "$name-sentinel" "$HASH0" "$(tree_hash "$SENT")"
	expect_eq "$name-host-mounts" "" "$(diff "$T/mi.before" "$T/mi.after")"
}
