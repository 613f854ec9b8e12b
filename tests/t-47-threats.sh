#!/bin/sh
# t-47-threats: the outside review's attacks (issue 11), replayed as a
# hostile image and a hostile workload would make them: root inside with
# the default capabilities, or --user 1000 --caps none --no-new-privs.
# Each run starts from a "host" mount namespace with shared propagation;
# the host's mount table and a sentinel tree outside the rootfs must be
# unchanged afterwards (NAME-sentinel, NAME-host-mounts).
. "$(dirname "$0")/lib.sh"

T=$(tmpdir)
LOOP=
trap '[ -n "$LOOP" ] && losetup -d "$LOOP"; cleanup' EXIT INT TERM
mkroot "$T/base"
ROOT=$T/root
SENT=$T/sentinel
mkdir -p "$SENT/dir"
echo sentinel-data >"$SENT/f"
HASH0=$(tree_hash "$SENT")
UNPRIV="--user 1000 --caps none --no-new-privs"

fresh() {
	rm -rf "$ROOT"
	cp -a "$T/base" "$ROOT"
}

# h NAME ARGS...: rootinit ARGS (-r $ROOT given by the caller), lib.sh's host_run.
h() {
	name=$1
	shift
	host_run "$name" "$RI" "$@"
}

# refused NAME STATUS: exit STATUS and one "rootinit:" line
refused() {
	if [ "$RC" = "$2" ] && [ "$(printf '%s\n' "$ERR" | wc -l)" = 1 ] &&
	    printf '%s\n' "$ERR" | grep -q '^rootinit: '; then
		ok "$1-refused"
	else
		notok "$1-refused" "want $2 and one 'rootinit:' line, got $RC [$ERR] [$OUT]"
	fi
}

# --- 1. host devices ------------------------------------------------------
# A host disk: a loop device over a file holding a marker.
printf 'HOST-DISK-SECRET\n' >"$T/disk.img"
truncate -s 1M "$T/disk.img"
LOOP=$(losetup -f --show "$T/disk.img" 2>/dev/null) || LOOP=
if [ -z "$LOOP" ]; then
	skip "host-disk" "no loop device to stand for a host disk (losetup -f failed)"
else
	MAJ=$((0x$(stat -c %t "$LOOP"))) MIN=$((0x$(stat -c %T "$LOOP")))
	READ='for n in "$@"; do head -c 16 "$n" 2>/dev/null; done; echo'

	# the workload makes a node for the host disk, in /dev and in the rootfs
	fresh
	h mknod-defaults -r "$ROOT" -- sh -c "mknod /dev/hd b $MAJ $MIN; mknod /tmp/hd b $MAJ $MIN
		$READ" sh /dev/hd /tmp/hd
	expect_nomatch mknod-defaults-disk-unread HOST-DISK-SECRET "$OUT"
	absent_node() { [ ! -e "$ROOT/tmp/hd" ] && ok "$1" || notok "$1" "a node is left in the rootfs: $(stat -c '%F %t:%T' "$ROOT/tmp/hd")"; }
	absent_node mknod-defaults-no-node-left-on-host

	# even with MKNOD given back (--caps all): /dev and the rootfs are nodev
	fresh
	h mknod-caps-all -r "$ROOT" --caps all -- sh -c "mknod /dev/hd b $MAJ $MIN && echo made-dev
		mknod /tmp/hd b $MAJ $MIN && echo made-root; $READ" sh /dev/hd /tmp/hd
	expect_match mknod-caps-all-nodes-made '^made-dev$' "$OUT"
	expect_nomatch mknod-caps-all-disk-unread HOST-DISK-SECRET "$OUT"

	# a block node shipped in the image, mode 0666
	for who in root unpriv; do
		fresh
		mknod -m 0666 "$ROOT/hd" b "$MAJ" "$MIN"
		[ $who = root ] && args= || args=$UNPRIV
		h "image-node-$who" -r "$ROOT" $args -- sh -c "$READ" sh /hd
		expect_eq "image-node-$who-status" 0 "$RC"
		expect_nomatch "image-node-$who-disk-unread" HOST-DISK-SECRET "$OUT"
	done

	# a volume the runtime mounted inside the rootfs before rootinit, with
	# devices allowed: nodev too (the rootfs is bound nodev all the way down)
	fresh
	mkdir -p "$ROOT/vol"
	unshare --mount --propagation private sh -c '
		mount -t tmpfs -o dev tmpfs "$1/vol" && mknod -m 0666 "$1/vol/hd" b "$2" "$3" &&
		"$4" -r "$1" -q -- sh -c "head -c 16 /vol/hd 2>/dev/null; echo"' \
		sh "$ROOT" "$MAJ" "$MIN" "$RI" >"$T/out" 2>&1
	expect_nomatch volume-node-disk-unread HOST-DISK-SECRET "$(cat "$T/out")"
fi

# the exception, both ways: a -m mount whose options say dev keeps devices
# (a null device stands for any), one that does not is nodev like the rest
fresh
h dev-option -r "$ROOT" --caps all -m "tmpfs /devok tmpfs dev" -m "tmpfs /nodevs tmpfs" -- sh -c '
	mknod /devok/null c 1 3 && echo x >/devok/null && echo devok-works
	mknod /nodevs/null c 1 3 && { echo x >/nodevs/null 2>/dev/null || echo nodevs-refused; }'
expect_eq dev-option-honoured "devok-works
nodevs-refused" "$OUT"
# the plan's own nodes still work, as root and as a user
fresh
h plan-nodes -r "$ROOT" $UNPRIV -- sh -c 'head -c 2 /dev/zero | od -An -tx1 | tr -d " "; echo x >/dev/null && echo null-ok'
expect_eq plan-nodes-work "0 0000
null-ok" "$RC $OUT"

# --- 3. nothing after the switch goes through the image's /proc -----------
# stdio: an image whose /proc/self/fd/N all lead to an image file
fresh
echo IMAGE-FILE >"$ROOT/secret"
mkdir -p "$ROOT/proc/self/fd"
for n in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	ln -s /secret "$ROOT/proc/self/fd/$n"
done
h fake-proc-stdio -r "$ROOT" --no-default-mounts -- sh -c 'cat; echo end'
expect_eq fake-proc-stdio-stdin-is-null "0 end" "$RC $OUT"

# the capability read-back: an image whose /proc/PID/status are FIFOs
fresh
for n in 1 2 3 4 5 6 7 8 9 10; do
	mkdir -p "$ROOT/proc/$n" && mkfifo "$ROOT/proc/$n/status"
done
t0=$(now_ms)
h fake-proc-fifo -r "$ROOT" --no-default-mounts -- sh -c 'exit 7'
el=$(($(now_ms) - t0))
expect_eq fake-proc-fifo-no-hang "7" "$RC"
[ "$el" -lt 25000 ] && ok fake-proc-fifo-bounded || notok fake-proc-fifo-bounded "took ${el}ms"

# no rootfs, a new PID namespace, the host's /proc: --caps none works
capture timeout -s KILL 30 unshare --pid --fork "$RI" --caps none -- sh -c 'grep ^CapEff /proc/self/status'
expect_eq caps-none-host-proc "0 CapEff:	0000000000000000 " "$RC $OUT $ERR"

# the supervisor's descendants: not PID 1, an image /proc whose children
# files name a process outside the container: the victim, the first child
# of the namespace's init (pid 2).  rootinit's own pid is not known in
# advance: every pid it may get has a children file.
fresh
dirs=$(n=3; while [ $n -le 200 ]; do printf '%s ' "$ROOT/proc/$n/task/$n"; n=$((n + 1)); done)
mkdir -p $dirs
for d in $dirs; do echo 2 >"$d/children"; done
out=$(timeout -s KILL 30 unshare --mount --propagation private --pid --fork --mount-proc sh -c '
	sleep 1000 &
	[ $! = 2 ] || echo "victim is pid $!, not 2"
	"$@" >/dev/null 2>&1
	if kill -0 2 2>/dev/null; then echo victim-alive; kill 2; else echo victim-killed; fi
	' sh "$RI" -r "$ROOT" --no-default-mounts --grace 1 -- true 2>&1)
expect_eq fake-proc-children-victim-spared victim-alive "$out"

# --- 4. targets on the root itself ----------------------------------------
fresh
for opt in --mask --readonly-path; do
	capture "$RI" -r "$ROOT" "$opt" / -- true
	refused "root-as$opt" 2
done
DATA=$T/data
mkdir -p "$DATA/sub"
echo TOP-SECRET >"$DATA/secret.key"
fresh; ln -s / "$ROOT/data"
h bind-on-root-via-link -r "$ROOT" -m "$DATA /data bind" --mask /data/secret.key \
	--readonly-path /data/sub -- sh -c 'cat /data/secret.key; touch /data/sub/x'
refused bind-on-root-via-link 125
expect_nomatch bind-on-root-via-link-secret-hidden TOP-SECRET "$OUT"
[ ! -e "$DATA/sub/x" ] && ok bind-on-root-via-link-host-dir-unwritten || notok bind-on-root-via-link-host-dir-unwritten "$DATA/sub/x written"
fresh; ln -s / "$ROOT/x"
h mask-root-via-link -r "$ROOT" --mask /x -- true
refused mask-root-via-link 125

# --- 6. PID 1's command line ----------------------------------------------
fresh
h env-cmdline -r "$ROOT" --env DB_PASSWORD=hunter2-s3cret $UNPRIV -- sh -c '
	tr "\0" " " </proc/1/cmdline; echo; echo "env: $DB_PASSWORD"
	cat /proc/1/environ >/dev/null 2>&1 && echo "environ-$(echo readable)"'
expect_nomatch env-cmdline-value-hidden 'hunter2-s3cret.*env:' "$(echo $OUT)"
expect_match env-cmdline-name-shown '--env DB_PASSWORD=' "$OUT"
expect_match env-cmdline-command-gets-it '^env: hunter2-s3cret$' "$OUT"
expect_nomatch env-cmdline-environ-unreadable environ-readable "$OUT"

# --- not PID 1 of a PID namespace: one warning line, -q silences it --------
fresh
capture timeout -s KILL 30 unshare --mount --propagation private "$RI" -r "$ROOT" -- true
expect_match not-pid1-warns '^rootinit: not PID 1 of a PID namespace' "$ERR"
expect_eq not-pid1-one-line "0 1" "$RC $(printf '%s\n' "$ERR" | wc -l)"
capture timeout -s KILL 30 unshare --mount --propagation private "$RI" -q -r "$ROOT" -- true
expect_eq not-pid1-quiet "0 " "$RC $ERR"
