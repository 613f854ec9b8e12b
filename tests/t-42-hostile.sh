#!/bin/sh
# t-42-hostile: hostile root filesystems (issue 3's symlink tests, issue 5's
# "attacks that must fail").  Each run starts from a "host" mount namespace
# with shared propagation (as systemd leaves /), so a mount that escapes
# shows in the host's table, and a sentinel directory outside the rootfs
# must be byte-identical afterwards.  Per the contract, every path inside
# the new root is resolved inside it: a symlink or ".." may redirect a
# change only to somewhere else inside the rootfs (confined: exit 0, the
# change lands inside the rootfs), /proc and /sys must be real directories
# and only procfs/sysfs may be mounted on or under them (refused: exit 125
# and one "rootinit:" line).  What argv alone shows to be bad is a usage
# error (exit 2) before anything changes.
. "$(dirname "$0")/lib.sh"

T=$(tmpdir)
trap 'cleanup_dir "$T"' EXIT INT TERM
mkroot "$T/base"
ROOT=$T/root
SENT=$T/sentinel
mkdir -p "$SENT/dir"
echo sentinel-data >"$SENT/f"
ln -s f "$SENT/link"
HASH0=$(tree_hash "$SENT")
DATA=$T/data
mkdir -p "$DATA"
echo hostdata >"$DATA/file"
UP=../../../../../../../../../../../..	# more ".." than $ROOT is deep
RIHASH=$(sha256sum "$RI" | cut -d' ' -f1)

fresh() {
	rm -rf "$ROOT"
	cp -a "$T/base" "$ROOT"
}

# A pty for --console: tests/ptyrun -p runs the command with @PTY@ replaced
# by a pty's name and prints what the command wrote on the pty.
PTYRUN=$TESTS/ptyrun
make -s -C "$TESTS/.." tests/ptyrun >/dev/null 2>&1 || notok build-tests-ptyrun "make failed"

# h NAME [ARGS...]: rootinit -r $ROOT ARGS in fresh namespaces, started from
# a "host" namespace with shared propagation.  Sets RC, OUT, ERR; checks the
# sentinel and the host's mount table (tests NAME-sentinel, NAME-host-mounts).
# WRAP, when set, is a command put in front (the pty runner).
h() {
	name=$1
	shift
	host_run "$name" "$RI" -r "$ROOT" "$@"
}

# refused NAME: exit 125 and one "rootinit:" line (and, with the sentinel
# and host table checks of h, nothing changed)
refused() {
	if [ "$RC" = 125 ] && [ "$(printf '%s\n' "$ERR" | wc -l)" = 1 ] &&
	    printf '%s\n' "$ERR" | grep -q '^rootinit: '; then
		ok "$1-refused"
	else
		notok "$1-refused" "want 125 and one 'rootinit:' line, got $RC [$ERR] [$OUT]"
	fi
}

usage_refused() {
	if [ "$RC" = 2 ] && [ "$(printf '%s\n' "$ERR" | wc -l)" = 1 ] &&
	    printf '%s\n' "$ERR" | grep -q '^rootinit: '; then
		ok "$1-usage-error"
	else
		notok "$1-usage-error" "want 2 and one 'rootinit:' line, got $RC [$ERR]"
	fi
}

# mp_type MP: fstype of the topmost mount on MP in the workload's table (OUT)
mp_type() {
	printf '%s\n' "$OUT" | awk -v mp="$1" '
		{for (i = 7; i <= NF && $i != "-"; i++); if (i > NF) next; if ($5 == mp) t = $(i + 1)}
		END {print t}'
}

MI='cat /proc/self/mountinfo'

# --- /proc and /sys must be real directories -----------------------------
for kfs in proc sys; do
	fresh; rm -rf "$ROOT/$kfs"; ln -s "$SENT" "$ROOT/$kfs"
	h "$kfs-symlink-absolute" -- true; refused "$kfs-symlink-absolute"
	fresh; rm -rf "$ROOT/$kfs"; ln -s "$UP$SENT" "$ROOT/$kfs"
	h "$kfs-symlink-dotdot" -- true; refused "$kfs-symlink-dotdot"
	# even with its target present inside the rootfs
	fresh; rm -rf "$ROOT/$kfs"; mkdir -p "$ROOT$SENT"; ln -s "$UP$SENT" "$ROOT/$kfs"
	h "$kfs-symlink-inside" -- true; refused "$kfs-symlink-inside"
	[ -z "$(ls -A "$ROOT$SENT")" ]
	expect_eq "$kfs-symlink-inside-untouched" 0 $?
	fresh; rm -rf "$ROOT/$kfs"; ln -s / "$ROOT/$kfs"
	h "$kfs-symlink-root" -- true; refused "$kfs-symlink-root"
	fresh; rm -rf "$ROOT/$kfs"; ln -s "${kfs}2" "$ROOT/$kfs"; ln -s "$kfs" "$ROOT/${kfs}2"
	h "$kfs-symlink-loop" -- true; refused "$kfs-symlink-loop"
done

# --- only procfs and sysfs on or under /proc and /sys --------------------
fresh
h mount-tmpfs-on-proc-sys -m "tmpfs /proc/sys tmpfs" -- true
usage_refused mount-tmpfs-on-proc-sys
h mount-bind-under-sys -m "$DATA /sys/kernel bind" -- true
usage_refused mount-bind-under-sys
h mount-bind-on-proc -m "$DATA /proc bind" -- true
usage_refused mount-bind-on-proc
h mount-dotdot-target -m "tmpfs /tmp/../../x tmpfs" -- true
usage_refused mount-dotdot-target
# ...and not through a symlink of the image that leads there
fresh; ln -s /proc "$ROOT/p"
h mount-tmpfs-via-link-on-proc -m "tmpfs /p tmpfs" -- sh -c "$MI"
refused mount-tmpfs-via-link-on-proc
fresh; ln -s proc "$ROOT/p"
h mount-bind-via-link-under-proc -m "$DATA /p/sys bind" -- sh -c "$MI"
refused mount-bind-via-link-under-proc
fresh; ln -s "$UP/sys" "$ROOT/s"
h mount-tmpfs-via-link-under-sys -m "tmpfs /s/kernel tmpfs" -- sh -c "$MI"
refused mount-tmpfs-via-link-under-sys

# --- /dev, bind and -m targets through symlinks: confined ----------------
for form in absolute dotdot; do
	[ $form = absolute ] && L=$SENT || L=$UP$SENT
	fresh; rm -rf "$ROOT/dev"; mkdir -p "$ROOT$SENT"; ln -s "$L" "$ROOT/dev"
	h "dev-symlink-$form" -- sh -c "$MI; stat -c '%F %t:%T' /dev/null"
	expect_eq "dev-symlink-$form-confined" "0 tmpfs" "$RC $(mp_type "$SENT")"
	expect_match "dev-symlink-$form-devices-work" '^character special file 1:3$' "$OUT"

	fresh; mkdir -p "$ROOT/mnt" "$ROOT$SENT"; ln -s "$L" "$ROOT/mnt/t"
	h "bind-target-symlink-$form" -m "$DATA /mnt/t bind" -- sh -c "$MI; cat /mnt/t/file"
	expect_eq "bind-target-symlink-$form-confined" "0 hostdata" "$RC $(printf '%s\n' "$OUT" | tail -1)"
	[ "$(mp_type "$SENT")" != "" ]
	expect_eq "bind-target-symlink-$form-mounted-inside" 0 $?

	fresh; mkdir -p "$ROOT$SENT"; echo image >"$ROOT$SENT/f"; ln -s "$L/f" "$ROOT/etc/t"
	h "file-bind-target-symlink-$form" -m "$DATA/file /etc/t bind" -- cat /etc/t "$SENT/f"
	expect_eq "file-bind-target-symlink-$form-confined" "0 hostdata
hostdata" "$RC $OUT"

	fresh; mkdir -p "$ROOT$SENT"; ln -s "$L" "$ROOT/mnt"
	h "bind-target-parent-symlink-$form" -m "$DATA /mnt/new bind" -- cat "$SENT/new/file"
	expect_eq "bind-target-parent-symlink-$form-confined" "0 hostdata" "$RC $OUT"
	[ -d "$ROOT$SENT/new" ]
	expect_eq "bind-target-parent-symlink-$form-created-in-rootfs" 0 $?

	fresh; mkdir -p "$ROOT$SENT"; ln -s "$L" "$ROOT/scratch"
	h "mount-target-symlink-$form" -m "tmpfs /scratch tmpfs" -- sh -c "$MI"
	expect_eq "mount-target-symlink-$form-confined" "0 tmpfs" "$RC $(mp_type "$SENT")"

	# dangling: the target does not exist inside the rootfs; missing
	# targets are created inside the new root
	fresh; rm -rf "$ROOT/dev"; ln -s "$L" "$ROOT/dev"
	h "dev-symlink-dangling-$form" -- sh -c "$MI"
	expect_eq "dev-symlink-dangling-$form-created-inside" "0 tmpfs" "$RC $(mp_type "$SENT")$ERR"
	fresh; ln -s "$L/new" "$ROOT/scratch"
	h "mount-target-dangling-$form" -m "tmpfs /scratch tmpfs" -- sh -c "$MI"
	expect_eq "mount-target-dangling-$form-created-inside" "0 tmpfs" "$RC $(mp_type "$SENT/new")$ERR"
done

for what in dev bind-target mount-target; do
	fresh
	case $what in
	dev) rm -rf "$ROOT/dev"; ln -s dev "$ROOT/dev"; set -- ;;
	bind-target) mkdir -p "$ROOT/mnt"; ln -s l2 "$ROOT/mnt/l"; ln -s l "$ROOT/mnt/l2"
		set -- -m "$DATA /mnt/l bind" ;;
	mount-target) ln -s scratch "$ROOT/scratch"; set -- -m "tmpfs /scratch/x tmpfs" ;;
	esac
	h "$what-symlink-loop" "$@" -- true
	refused "$what-symlink-loop"
done

# --- --no-default-mounts: the image's own /dev ---------------------------
# No default node goes there (no /dev tmpfs of rootinit's own); a -d node
# is bound there from rootinit's scratch tmpfs: what stays in the image is
# the empty file it was bound on, never a node.
for form in absolute dotdot; do
	[ $form = absolute ] && L=$SENT || L=$UP$SENT
	fresh; rm -rf "$ROOT/dev"; mkdir -p "$ROOT$SENT"; ln -s "$L" "$ROOT/dev"
	h "image-dev-symlink-out-$form" --no-default-mounts -d "/dev/null c 1 3" -- true
	expect_eq "image-dev-symlink-out-$form-confined" "0 regular empty file" \
		"$RC $(stat -c '%F' "$ROOT$SENT/null" 2>&1)"

	fresh; rm -rf "$ROOT/dev"; ln -s "$L" "$ROOT/dev"
	h "image-dev-dangling-$form" --no-default-mounts -d "/dev/null c 1 3" -- true
	expect_eq "image-dev-dangling-$form-created-inside" "0 regular empty file" \
		"$RC $(stat -c '%F' "$ROOT$SENT/null" 2>&1)$ERR"

	fresh; mkdir -p "$ROOT/dev"; ln -s "$L/f" "$ROOT/dev/null"
	h "image-dev-null-to-host-file-$form" --no-default-mounts -d "/dev/null c 1 3" -- sh -c \
		'stat -c "%F %t:%T" /dev/null; echo x >/dev/null'
	expect_eq "image-dev-null-to-host-file-$form-replaced" "0 character special file 1:3" "$RC $OUT"
	expect_eq "image-dev-null-to-host-file-$form-no-node-in-rootfs" "regular empty file" \
		"$(stat -c '%F' "$ROOT/dev/null")"

	# no device list: masks bind an empty file of rootinit's own, never
	# what the image's /dev/null link names
	fresh; mkdir -p "$ROOT/dev"; ln -s "$L/f" "$ROOT/dev/null"
	h "mask-with-image-dev-null-to-host-file-$form" --no-default-mounts --no-default-devices \
		-m "proc /proc proc" -- sh -c 'stat -c "%F %t:%T" /proc/interrupts
		echo "[$(cat /proc/interrupts 2>/dev/null)]"'
	expect_eq "mask-with-image-dev-null-to-host-file-$form-binds-empty" "0 regular empty file 0:0
[]" "$RC $OUT"
done

# /dev/null a symlink into procfs (CVE-2025-31133: masks would bind a
# writable procfs file); the kernel here may have no sysrq-trigger, so a
# procfs file whose content is recognisable: the hostname.
fresh; mkdir -p "$ROOT/dev"; ln -s /proc/sys/kernel/hostname "$ROOT/dev/null"
h image-dev-null-to-procfs --no-default-mounts --no-default-devices -m "proc /proc proc" \
	--hostname rootinit-marker -- sh -c '
	stat -c "%F %t:%T" /proc/interrupts; cat /proc/interrupts 2>/dev/null
	if echo other >/proc/interrupts 2>/dev/null; then echo written; fi; hostname'
expect_eq image-dev-null-to-procfs-masks-bind-empty "0 regular empty file 0:0
rootinit-marker" "$RC $OUT"

# /dev/console a symlink out, with --console
if [ -c /dev/ptmx ]; then
	for form in absolute dotdot; do
		[ $form = absolute ] && L=$SENT || L=$UP$SENT
		fresh; mkdir -p "$ROOT/dev"; ln -s "$L/f" "$ROOT/dev/console"
		export WRAP="$PTYRUN -p -C --"
		h "image-dev-console-symlink-$form" --no-default-mounts \
			--console @PTY@ -- sh -c 'stat -c "%F %t" /dev/console; tty'
		unset WRAP
		expect_eq "image-dev-console-symlink-$form-bound-pty" "0 character special file 88
/dev/console" "$RC $OUT"
		[ -L "$ROOT/dev/console" ]
		expect_eq "image-dev-console-symlink-$form-replaced" 1 $?
		expect_eq "image-dev-console-symlink-$form-host-file" sentinel-data "$(cat "$SENT/f")"
	done
fi

# --- --workdir /proc/self/fd/N (CVE-2024-21626) --------------------------
fresh
for n in 3 7; do
	unshare --mount --pid --fork --uts --ipc --net --propagation private \
		"$RI" -r "$ROOT" --workdir /proc/self/fd/$n -- sh -c 'pwd; ls' \
		>"$T/out" 2>"$T/err" </dev/null 7<"$SENT"
	RC=$? OUT=$(cat "$T/out") ERR=$(cat "$T/err")
	refused workdir-proc-self-fd-$n
done
expect_eq workdir-proc-self-fd-sentinel "$HASH0" "$(tree_hash "$SENT")"

# --- from inside the workload (rootinit supervising as PID 1) ------------
OUT=$(ns_run -r "$ROOT" -- sh -c '
	# (appending nothing: even if the open succeeded the binary stays intact)
	if printf "" 2>/dev/null >>/proc/1/exe; then echo exe-writable; else echo exe-refused; fi
	for p in root environ mem; do
		if ls /proc/1/$p/ >/dev/null 2>&1 || cat /proc/1/$p >/dev/null 2>&1; then
			echo "$p readable"; else echo "$p refused"; fi
	done
	n=0; for f in /proc/1/fd/*; do
		if readlink $f >/dev/null 2>&1 || ls $f/ >/dev/null 2>&1 || cat $f </dev/null >/dev/null 2>&1
		then echo "fd $f followed"; fi; n=$((n + 1))
	done; echo "fd entries $n"
	grep -E "^Cap(Inh|Amb):" /proc/self/status | tr -d "\t"
	sleep 5 & ls /proc/$!/fd >/tmp/fds; kill $!; echo "fds $(tr "\n" " " </tmp/fds)"
	echo "sent $([ -e '"$SENT"' ] && echo visible)"
	' 2>&1 </dev/null 7<"$SENT")
expect_eq workload-proc1-exe-not-writable exe-refused "$(printf '%s\n' "$OUT" | grep '^exe-')"
expect_eq workload-rootinit-binary-intact "$RIHASH" "$(sha256sum "$RI" | cut -d' ' -f1)"
expect_eq workload-proc1-root-refused "root refused" "$(printf '%s\n' "$OUT" | grep '^root ')"
# /proc/1/fd lists (the workload is root), but no entry can be followed:
# exactly one "fd" line, the count, and no "fd ... followed" before it
expect_match workload-proc1-fd-not-followed '^fd entries [1-9][0-9]*$' \
	"$(printf '%s\n' "$OUT" | grep '^fd ' | tr '\n' '|' | sed 's/|$//')"
expect_eq workload-proc1-environ-refused "environ refused" "$(printf '%s\n' "$OUT" | grep '^environ ')"
expect_eq workload-proc1-mem-refused "mem refused" "$(printf '%s\n' "$OUT" | grep '^mem ')"
expect_eq workload-capinh-capamb-zero "CapInh:0000000000000000
CapAmb:0000000000000000" "$(printf '%s\n' "$OUT" | grep '^Cap')"
expect_eq workload-fds-0-2-only "fds 0 1 2 " "$(printf '%s\n' "$OUT" | grep '^fds ')"
expect_eq workload-sentinel-unreachable "sent " "$(printf '%s\n' "$OUT" | grep '^sent ')"

# A nested user namespace cannot mount a fully visible procfs (runc's
# no_pivot test): with pivot_root and with --no-pivot.
for p in "" --no-pivot; do
	OUT=$(ns_run -r "$ROOT" $p -- sh -c '
		if unshare -r -m -p -f mount -t proc proc /tmp 2>/dev/null; then
			echo mounted; else echo refused; fi' 2>&1 </dev/null)
	expect_eq "nested-userns-procfs-refused${p:+-no-pivot}" refused "$OUT"
done
