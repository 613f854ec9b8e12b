#!/bin/sh
# rootinit on a kernel before 5.6, as far as it can tell: a seccomp filter
# (tests/oldkernel.c) makes openat2, close_range, open_tree, move_mount and
# mount_setattr fail with ENOSYS, so every fallback runs: the component
# walk, bind then remount, closing fds one at a time.  The guarantees hold.
. "$(dirname "$0")/lib.sh"
cd "$TESTS/.."
make -s tests/oldkernel >/dev/null 2>&1 || { notok "build tests/oldkernel" "make failed"; exit 0; }
OLD=$PWD/tests/oldkernel

T=$(tmpdir)
trap 'cleanup_dir "$T"' EXIT
mkroot "$T/root"

old_run() {
	unshare --mount --pid --fork --uts --ipc --net --propagation private \
		"$OLD" "$RI" "$@"
}

out=$(old_run -r "$T/root" --exec -- /bin/sh -c '
	awk "{ for (i = 7; \$i != \"-\"; i++); print \$5, \$(i + 1) }" /proc/self/mountinfo
	stat -c "%n %F %t:%T" /dev/null /dev/zero
	echo "[$(cat /proc/interrupts)]"
	echo x >/proc/interrupts 2>/dev/null && echo mask-written
	echo 1 >/proc/sys/kernel/printk_ratelimit 2>/dev/null && echo ro-written
	ls /proc/self/fd' 5</dev/null 2>&1)
expect_match "old kernel: proc, devpts, sysfs mounted" '^/dev/pts devpts' "$out"
expect_match "old kernel: sysfs" '^/sys sysfs' "$out"
expect_match "old kernel: /dev/null made" '^/dev/null character special file 1:3' "$out"
expect_match "old kernel: masked file reads empty" '^\[\]$' "$out"
expect_nomatch "old kernel: masked file refuses writes" 'mask-written' "$out"
expect_nomatch "old kernel: read-only path refuses writes" 'ro-written' "$out"
expect_eq "old kernel: COMMAND has fds 0-2 only (close_range missing)" "0 1 2 3" \
	"$(printf '%s\n' "$out" | grep -xE '[0-9]+' | tr '\n' ' ' | sed 's/ $//')"

# bind with ro keeps the source's nosuid (remount path)
mkdir -p "$T/src"
mount -t tmpfs -o nosuid,nodev tmpfs "$T/src"
out=$(old_run -r "$T/root" -m "$T/src /data bind ro" --exec -- /bin/sh -c \
	'awk "\$5 == \"/data\" {print \$6}" /proc/self/mountinfo' 2>&1)
expect_match "old kernel: bind ro keeps nosuid,nodev" '^ro,nosuid,nodev' "$out"
umount "$T/src"

# hostile trees: confined or refused, the host untouched
mkdir -p "$T/outside" && echo keep >"$T/outside/f"
before=$(tree_hash "$T/outside")
rm -rf "$T/root/dev" && ln -s "$T/outside" "$T/root/dev"
old_run -r "$T/root" --exec -- /bin/true >/dev/null 2>&1
expect_eq "old kernel: image /dev symlink out: host dir untouched" "$before" "$(tree_hash "$T/outside")"
# ".." from the root: inside, it is the root again; escaping, it would be
# $T (a scratch directory, so a failure changes nothing that matters)
rm -f "$T/root/dev" && ln -s .. "$T/root/tmp2"
old_run -r "$T/root" -m "tmpfs /tmp2/x tmpfs" --exec -- /bin/true >/dev/null 2>&1
expect_eq "old kernel: -m target through .. stays inside" "yes no" \
	"$([ -d "$T/root/x" ] && echo yes || echo no) $([ -e "$T/x" ] && echo yes || echo no)"
rm -rf "$T/root/proc" && ln -s /etc "$T/root/proc"
err=$(old_run -r "$T/root" --exec -- /bin/true 2>&1)
expect_eq "old kernel: /proc a symlink: refused with 125" 125 "$?"
expect_match "old kernel: /proc a symlink: one line" '^rootinit: .*/proc' "$err"

# without mount_setattr the rootfs is still nodev all the way down: a node
# the image ships, and one on a volume mounted inside the rootfs before
# rootinit ran, open nothing; the plan's own nodes work
rm -rf "$T/root/proc" && mkdir "$T/root/proc"
mknod -m 0666 "$T/root/null2" c 1 3
mkdir -p "$T/root/vol"
out=$(unshare --mount --propagation private sh -c '
	mount -t tmpfs -o dev tmpfs "$1/vol" && mknod -m 0666 "$1/vol/null3" c 1 3 &&
	unshare --mount --pid --fork --propagation private "$2" "$3" -r "$1" --exec -- sh -c "
		{ echo x >/null2; } 2>/dev/null && echo image-node-opened
		{ echo x >/vol/null3; } 2>/dev/null && echo volume-node-opened
		echo x >/dev/null && echo plan-node-works"' sh "$T/root" "$OLD" "$RI" 2>&1)
expect_eq "old kernel: rootfs and its volumes nodev, the plan's nodes work" plan-node-works "$out"
