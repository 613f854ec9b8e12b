#!/bin/sh
# t-63-handover.sh: --switch-root, the machine handed over to the root's own
# init, as switch_root does (issue 16).  Debian's kernel under qemu (TCG),
# an ext4 root on virtio-blk whose /sbin/init is busybox init; its modules
# come from the initramfs's list (/etc/rootinit/modules), so the whole
# rootinit part of the kernel command line is "-- -v --switch-root".  Boots:
#   handover  /sbin/init (the default) runs as PID 1 with every capability,
#             no seccomp filter, the kernel's umask, the console as fds 0-2,
#             the initramfs's devtmpfs and proc moved onto /dev and /proc
#             (no tmpfs /dev, no devpts, no masks); the disk's own /dev is
#             byte-identical afterwards (a device node, a link and a file
#             planted in it)
#   initarg   init=/sbin/other on the kernel command line is the init
#   nosysadmin  --exec /sbin/init in boot mode with the default capabilities
#             (no CAP_SYS_ADMIN: systemd would freeze silently) is refused
#             with one line on the console, then the VM powers off
# The init's checks print CHECK lines and the marker; only the console
# counts (qemu exits 0 after a panic).  Logs stay in build/boot-test/.
. "$(dirname "$0")/lib.sh"

HERE=$(cd "$TESTS/.." && pwd)
LOGS=$HERE/build/boot-test
T=$(tmpdir)
LOOP=
trap '[ -n "$LOOP" ] && losetup -d "$LOOP"; wait; cleanup_dir "$T"' EXIT
trap 'exit 1' INT TERM HUP

if ! KDIR=$("$HERE/scripts/kernel.sh" 2>"$T/kernel.err"); then
	skip handover "Debian's kernel could not be fetched: $(tail -1 "$T/kernel.err")"
	exit 0
fi
mkdir -p "$LOGS"
cp "$RI" "$T/rootinit"
RI=$T/rootinit
export RI

# The root: busybox, its init run by inittab, the checks as sysinit.
mkroot "$T/root"
ln -s ../bin/busybox "$T/root/sbin/init"
mkdir -p "$T/root/proc" "$T/root/sys" "$T/root/run" "$T/root/dev"
cat >"$T/root/etc/inittab" <<'EOF'
::sysinit:/bin/sh /check.sh
::sysinit:/bin/poweroff -f
EOF
# init=/sbin/other: a script, PID 1 itself.
cat >"$T/root/sbin/other" <<'EOF'
#!/bin/sh
echo "OTHER-INIT pid=$$ argv0=$0"
/bin/poweroff -f
EOF
chmod 755 "$T/root/sbin/other"
# What the disk's /dev holds: what a real root's /dev may hold, all of
# which must be exactly as it was after the boot.
mknod "$T/root/dev/ptmx" c 5 2
mknod "$T/root/dev/null" c 1 3
ln -s /proc/self/fd/9 "$T/root/dev/stdin"
echo mine >"$T/root/dev/marker"
cat >"$T/root/check.sh" <<'EOF'
fails=0
check() {
	if (eval "$2") >/dev/null 2>&1; then echo "CHECK ok $1"
	else echo "CHECK FAIL $1"; fails=$((fails + 1)); fi
}
st1() { sed -n "s/^$1:[[:space:]]*//p" /proc/1/status; }
mounts() { awk '{ for (i = 7; $i != "-"; i++); print $5, $(i + 1) }' /proc/self/mountinfo; }
opts() { awk -v m="$1" '$5 == m { print $6 }' /proc/self/mountinfo; }
last=$(cat /proc/sys/kernel/cap_last_cap)
full=$(printf '%016x' $(((1 << (last + 1)) - 1)))
# (busybox init rewrites its argv to "init": exe and comm tell)
check pid1-init '[ "$(readlink /proc/1/exe)" = /bin/busybox ] && [ "$(cat /proc/1/comm)" = init ]'
check pid1-capeff '[ "$(st1 CapEff)" = "$full" ]'
check pid1-capbnd '[ "$(st1 CapBnd)" = "$full" ]'
check pid1-capprm '[ "$(st1 CapPrm)" = "$full" ]'
check pid1-no-seccomp '[ "$(st1 Seccomp)" = 0 ]'
check pid1-no-nnp '[ "$(st1 NoNewPrivs)" = 0 ]'
check pid1-umask '[ "$(st1 Umask)" = 0022 ]'
check pid1-console '[ "$(readlink /proc/1/fd/1)" = /dev/console ]'
check root-ext4 '[ "$(mounts | sed -n "s|^/ ||p")" = ext4 ]'
check root-not-nodev '! opts / | grep -q nodev'
check dev-devtmpfs '[ "$(mounts | grep "^/dev ")" = "/dev devtmpfs" ]'
check dev-populated '[ -b /dev/vda ] && [ -c /dev/ttyS0 ] && [ -c /dev/kmsg ]'
check dev-not-nodev '! opts /dev | grep -q nodev'
check dev-disk-hidden '[ ! -e /dev/marker ]'
check no-devpts-no-shm '! mounts | grep -Eq "^/dev/(pts|shm|mqueue) "'
check proc-one '[ "$(mounts | grep -c " proc$")" = 1 ] && [ "$(mounts | grep " proc$")" = "/proc proc" ]'
check no-masks 'grep -q . /proc/interrupts && echo 0 >/proc/sys/kernel/sysrq'
check no-initramfs-mounts '! mounts | grep -q "^/newroot"'
if [ "$fails" = 0 ]; then echo ROOTINIT-HANDOVER-OK; else
	sed 's/^/DEBUG mountinfo: /' /proc/self/mountinfo
	grep -E '^(Cap|Seccomp|Umask)' /proc/1/status | sed 's/^/DEBUG /'
fi
EOF

boot() {
	name=$1 initrd=$2 append=$3; shift 3
	timeout -k 5 "${BOOT_TIMEOUT:-90}" qemu-system-x86_64 -accel tcg -m 256 \
		-nographic -no-reboot -nic none \
		-kernel "$KDIR/vmlinuz" -initrd "$initrd" -append "$append" "$@" \
		</dev/null >"$LOGS/$name.log" 2>&1
}
excerpt() {
	grep -aE 'CHECK FAIL|rootinit:|Kernel panic|not syncing' "$1" |
		tr -d '\r' | head -5 | tr '\n' ';'
	echo " (console: $1)"
}

RI_ARGS=-v SWITCH_ROOT=1 "$HERE/scripts/initramfs.sh" "$T/initrd.gz" \
	>/dev/null 2>"$T/initramfs.err" ||
	{ notok initramfs-handover "$(tail -1 "$T/initramfs.err")"; exit 1; }
CMDLINE=$(cat "$T/initrd.gz.cmdline")
expect_match handover-cmdline-short ' -- -v --switch-root$' "$CMDLINE"
mke2fs -q -F -t ext4 -d "$T/root" "$T/root.img" 64M >/dev/null
cp --sparse=always "$T/root.img" "$T/other.img"
cp --sparse=always "$T/root.img" "$T/nsa.img"

# devhash IMAGE: every entry of the image's /dev: name, type, mode, owner,
# size, link target, device numbers, times, and file contents.
devhash() {
	LOOP=$(losetup -f --show "$1") || return 1
	mkdir -p "$T/mnt"
	mount -o ro "$LOOP" "$T/mnt" || { losetup -d "$LOOP"; LOOP=; return 1; }
	(cd "$T/mnt/dev" && find . -printf '%p %y %m %U:%G %s %l %T@ %C@\n' | sort &&
		find . \( -type c -o -type b \) -exec stat -c '%n %t:%T' {} + | sort &&
		find . -type f -exec sha256sum {} + | sort) | sha256sum | cut -d' ' -f1
	umount "$T/mnt"
	losetup -d "$LOOP"
	LOOP=
}
before=$(devhash "$T/root.img") || before=

# init=/sbin/other and the refused --exec, in the background: two VMs at most.
( boot initarg "$T/initrd.gz" "$(echo "$CMDLINE" | sed 's| -- | init=/sbin/other -- |')" \
	-drive "file=$T/other.img,format=raw,if=virtio"
  boot nosysadmin "$T/initrd.gz" "$(echo "$CMDLINE" | sed 's|--switch-root$|--exec /sbin/init|')" \
	-drive "file=$T/nsa.img,format=raw,if=virtio"
  echo $? >"$T/nsa.status" ) &
boot handover "$T/initrd.gz" "$CMDLINE" -drive "file=$T/root.img,format=raw,if=virtio"
st=$?
log=$(tr -d '\r' <"$LOGS/handover.log")
if [ "$st" = 124 ]; then
	notok handover-boot "no power-off within ${BOOT_TIMEOUT:-90} s; $(excerpt "$LOGS/handover.log")"
elif echo "$log" | grep -q '^ROOTINIT-HANDOVER-OK'; then
	ok handover-boot
else
	notok handover-boot "no marker; $(excerpt "$LOGS/handover.log")"
fi
expect_match handover-modules-from-list '^rootinit: module list /etc/rootinit/modules: [0-9]+ modules' "$log"
expect_match handover-initramfs-freed '^rootinit: freeing the initramfs$' "$log"
expect_nomatch handover-no-panic 'Kernel panic' "$log"
if [ -z "$before" ]; then
	skip handover-disk-dev-unchanged "no loop device to read the image (losetup -f failed)"
else
	expect_eq handover-disk-dev-unchanged "$before" "$(devhash "$T/root.img")"
fi

wait
log=$(tr -d '\r' <"$LOGS/initarg.log")
expect_match handover-init-arg '^OTHER-INIT pid=1 argv0=/sbin/other' "$log"
log=$(tr -d '\r' <"$LOGS/nosysadmin.log")
expect_match handover-exec-no-sysadmin-refused \
	'^rootinit: --exec in boot mode: /sbin/init as PID 1 without CAP_SYS_ADMIN .systemd freezes.; use --switch-root' "$log"
expect_nomatch handover-exec-no-sysadmin-no-init 'CHECK |init started' "$log"
if [ "$(cat "$T/nsa.status")" = 124 ]; then
	notok handover-exec-no-sysadmin-poweroff "no power-off; $(excerpt "$LOGS/nosysadmin.log")"
else
	expect_match handover-exec-no-sysadmin-poweroff 'reboot: Power down' "$log"
fi
