#!/bin/sh
# t-60-boot.sh: rootinit as /init of an initramfs, booting Debian's kernel
# under qemu (TCG: KVM hangs on this machine).  Four boots:
#   disk     root=/dev/vda, an ext4 image (mke2fs -d) of a busybox root on
#            virtio-blk, its modules loaded by rootinit from the initramfs's
#            list, /etc/rootinit/modules
#   embedded the busybox root inside the initramfs itself (no root=)
#   noroot   root=/dev/vdz and no drive: the error reaches the console and
#            the VM powers off by itself
#   nocrc    the disk boot without crc32c_generic: ext4 fails with ENOENT,
#            and the console says which module is likely missing
#   label, uuid   root=LABEL= and root=UUID= of that image
#   oldkernel the embedded boot with /init a seccomp filter (tests/oldkernel)
#            that makes openat2, close_range and the new mount calls
#            ENOSYS, then rootinit: the boot with the fallbacks of kernels
#            before 5.6
#   boundinit the embedded boot with /init a script that binds a directory
#            of the initramfs elsewhere before it execs rootinit: nothing may
#            be deleted through that mount point, so nothing is freed
# The workload (/check.sh) checks the prepared root from inside and prints
# ROOTINIT-BOOT-OK; qemu exits 0 even after a kernel panic, so only the
# serial console counts.  Console logs stay in build/boot-test/ to read.
# Boot mode is entered only when the kernel started rootinit (procfs.c):
# every boot here proves the detection says yes; t-61 that it says no in
# containers.  When the kernel cannot be fetched the tier is one skip line
# (RI_NO_SKIP=1, as in CI, makes it a failure).
. "$(dirname "$0")/lib.sh"

HERE=$(cd "$TESTS/.." && pwd)
LOGS=$HERE/build/boot-test
T=$(tmpdir)
cleanup() { wait; cleanup_dir "$T"; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if ! KDIR=$("$HERE/scripts/kernel.sh" 2>"$T/kernel.err"); then
	skip boot "Debian's kernel could not be fetched: $(tail -1 "$T/kernel.err")"
	exit 0
fi
mkdir -p "$LOGS"
# One copy of the binary under test for every boot.
cp "$RI" "$T/rootinit"
RI=$T/rootinit
export RI

# The workload: run by rootinit inside the prepared root.  $1 is the root's
# expected filesystem type.  One CHECK line per check; the marker only when
# every check passed.
mkroot "$T/root"
cat >"$T/root/check.sh" <<'EOF'
want_root=$1 fails=0
# check NAME 'SHELL CONDITION'
check() {
	if (eval "$2") >/dev/null 2>&1; then echo "CHECK ok $1"
	else echo "CHECK FAIL $1"; fails=$((fails + 1)); fi
}
# mount point and type of every mount, as the workload sees them
mounts() { awk '{ for (i = 7; $i != "-"; i++); print $5, $(i + 1) }' /proc/self/mountinfo; }
# device and root of every procfs mount: "0:20 /", "0:20 /sys", ...
procs() { awk '{ for (i = 7; $i != "-"; i++); if ($(i + 1) == "proc") print $3, $4 }' /proc/self/mountinfo; }
status() { sed -n "s/^$1:[[:space:]]*//p" /proc/self/status; }
cmdline1() { tr '\0' ' ' </proc/1/cmdline; }
node() { stat -c '%F %t:%T %a' "$1"; }

check proc-mounted '[ "$(mounts | grep -c "^/proc proc$")" = 1 ]'
# mounted on the new root, not carried over from the initramfs
check proc-on-new-root '[ "$(awk "\$5 == \"/proc\" { print \$2 }" /proc/self/mountinfo)" = "$(awk "\$5 == \"/\" { print \$1 }" /proc/self/mountinfo)" ]'
# one procfs (the read-only paths are binds of it), none from before the switch
check one-proc '[ "$(procs | cut -d" " -f1 | sort -u | wc -l)" = 1 ] && [ "$(procs | grep -c " /$")" = 1 ]'
check no-devtmpfs '! mounts | grep -q devtmpfs'
check no-initramfs-mounts '! mounts | grep -q "^/newroot"'
check root-type '[ "$(mounts | sed -n "s|^/ ||p")" = "$want_root" ]'
check dev-tmpfs '[ "$(mounts | grep -c "^/dev tmpfs$")" = 1 ]'
check dev-pts '[ "$(mounts | grep -c "^/dev/pts devpts$")" = 1 ]'
check sys-ro '[ "$(awk "\$5 == \"/sys\" && \$6 ~ /^ro(,|\$)/" /proc/self/mountinfo | wc -l)" = 1 ]'
check dev-null '[ "$(node /dev/null)" = "character special file 1:3 666" ]'
check dev-zero '[ "$(node /dev/zero)" = "character special file 1:5 666" ]'
check dev-works 'echo x >/dev/null && [ "$(head -c 4 /dev/zero | od -An -tx1 | tr -d " ")" = 00000000 ]'
check dev-ptmx '[ "$(readlink /dev/ptmx)" = pts/ptmx ] && [ -c /dev/pts/ptmx ]'
check dev-fd '[ "$(readlink /dev/fd)" = /proc/self/fd ]'
check no-disk-node '! ls /dev/vd* /dev/sd* /dev/mem'
check capbnd '[ "$(status CapBnd)" = 00000000a00425fb ]'
check capeff '[ "$(status CapEff)" = 00000000a00425fb ]'
check capamb '[ "$(status CapAmb)" = 0000000000000000 ]'
check pid1-rootinit 'cmdline1 | grep -Eq "^/(init|rootinit) .*--rootfs=/newroot /bin/sh /check.sh "'
check parent-pid1 '[ "$PPID" = 1 ]'
check kcore-masked '! [ -s /proc/kcore ]'
check proc-sys-ro '! echo 1 >/proc/sys/kernel/printk_ratelimit'
check root-writable 'echo hi >/rw-test && rm /rw-test'
# The console: COMMAND (this shell) leads a session of its own whose
# controlling terminal is the console (ttyS0: tty_nr 4:64), in the
# foreground; an interactive shell there has job control: a background job
# gets a process group of its own, and no "job control turned off".
stat1() { cut -d' ' -f"$1" "/proc/$$/stat"; }
check console-session-leader '[ "$(stat1 6)" = $$ ]'
check console-ctty '[ "$(stat1 7)" = $((4 * 256 + 64)) ]'
check console-foreground '[ "$(stat1 8)" = "$(stat1 5)" ]'
jc=$(sh -ic 'sleep 100 & p=$!; echo "flags=$- bg=$p $(cut -d" " -f5 /proc/$p/stat)"; kill $p' 2>&1)
flags=$(echo "$jc" | sed -n 's/^flags=\([a-zA-Z]*\) .*/\1/p')
bg=$(echo "$jc" | sed -n 's/^flags=[a-zA-Z]* bg=\([0-9]*\) \([0-9]*\)$/\1 \2/p')
check console-job-control 'case $flags in *m*) ;; *) false ;; esac && set -- $bg && [ "$1" = "$2" ] && ! echo "$jc" | grep -q "job control turned off"'
echo "DEBUG job control: flags=$flags bg pid, pgrp: $bg"
# Embedded (the root inside the initramfs, a tmpfs: no root= given): its
# other files, a ballast of 8 MB among them, were deleted before the
# switch; the tmpfs holds little more than this root now.
if [ "$want_root" = rootfs ]; then
	used=$(stat -f -c '%b %f %S' / | awk '{ print int(($1 - $2) * $3 / 1024) }')
	mine=$(du -xsk / | cut -f1)
	echo "DEBUG rootfs: $used KiB used, $mine KiB in the new root"
	check initramfs-freed '[ $((used - mine)) -lt 4096 ] && [ ! -e /ballast ]'
fi
if [ "$fails" = 0 ]; then echo ROOTINIT-BOOT-OK; exit 0; fi
# what a failure needs to be understood
echo "DEBUG pid 1: $(cmdline1)"
sed 's/^/DEBUG mountinfo: /' /proc/self/mountinfo
grep '^Cap' /proc/self/status | sed 's/^/DEBUG /'
exit "$fails"
EOF

# boot NAME INITRD CMDLINE [QEMU ARGS...]: the serial console in $LOGS/NAME.log;
# qemu's status, or 124 when it did not power off in time.
boot() {
	name=$1 initrd=$2 append=$3; shift 3
	timeout -k 5 "${BOOT_TIMEOUT:-60}" qemu-system-x86_64 -accel tcg -m 256 \
		-nographic -no-reboot -nic none \
		-kernel "$KDIR/vmlinuz" -initrd "$initrd" -append "$append" "$@" \
		</dev/null >"$LOGS/$name.log" 2>&1
}

# excerpt LOG: the lines that explain a failure, on one line.
excerpt() {
	grep -aE 'CHECK FAIL|rootinit:|Kernel panic|not syncing|Unknown symbol' "$1" |
		tr -d '\r' | head -5 | tr '\n' ';'
	echo " (console: $1)"
}

# expect_boot NAME LOG STATUS: the marker and a clean power-off.
expect_boot() {
	if [ "$3" = 124 ]; then
		notok "$1" "no power-off within ${BOOT_TIMEOUT:-60} s; $(excerpt "$2")"
	elif grep -aq '^ROOTINIT-BOOT-OK' "$2"; then
		ok "$1"
	else
		notok "$1" "no marker; $(excerpt "$2")"
	fi
	if grep -aq 'Kernel panic' "$2"; then
		notok "$1-no-panic" "$(excerpt "$2")"
	else
		ok "$1-no-panic"
	fi
}

# 1. The root on an ext4 image on virtio-blk.
COMMAND="/bin/sh /check.sh ext4" "$HERE/scripts/initramfs.sh" "$T/initrd-disk.gz" \
	>/dev/null 2>"$T/initramfs.err" ||
	{ notok initramfs-disk "$(tail -1 "$T/initramfs.err")"; exit 1; }
UUID=0f4c3a52-1b2c-4d5e-8f90-a1b2c3d4e5f6
mke2fs -q -F -t ext4 -L rootinit-root -U "$UUID" -d "$T/root" "$T/root.img" 64M >/dev/null
# copies for the boots by label and by UUID: no two VMs write one image
cp --sparse=always "$T/root.img" "$T/label.img"
cp --sparse=always "$T/root.img" "$T/uuid.img"

# 3. (started first, in the background: it mostly waits) root= names a
# device that never appears: the error on the console, then a power-off
# (no kernel panic, no hang).
t3=$(date +%s)
( boot noroot "$T/initrd-disk.gz" \
	"$(sed 's|root=/dev/vda|root=/dev/vdz|' "$T/initrd-disk.gz.cmdline")"
  echo $? >"$T/noroot.status"; echo $(($(date +%s) - t3)) >"$T/noroot.time" ) &
start=$(date +%s)
boot disk "$T/initrd-disk.gz" "$(cat "$T/initrd-disk.gz.cmdline")" \
	-drive "file=$T/root.img,format=raw,if=virtio"
expect_boot boot-disk "$LOGS/disk.log" $?
echo "t-60-boot: disk boot took $(($(date +%s) - start)) s" >&2
expect_match boot-disk-ext4-root 'CHECK ok root-type' "$(cat "$LOGS/disk.log")"

# 4. (in the background) ext4 without crc32c: its mount fails with ENOENT,
# and rootinit names the likely cause.
MODULES="drivers/virtio/virtio_ring drivers/virtio/virtio
	drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci_legacy_dev
	drivers/virtio/virtio_pci drivers/block/virtio_blk fs/jbd2/jbd2 fs/mbcache
	lib/crc16 fs/ext4/ext4" \
	COMMAND="/bin/sh /check.sh ext4" "$HERE/scripts/initramfs.sh" "$T/initrd-nocrc.gz" \
	>/dev/null 2>"$T/initramfs.err" ||
	{ notok initramfs-nocrc "$(tail -1 "$T/initramfs.err")"; exit 1; }
( boot nocrc "$T/initrd-nocrc.gz" "$(cat "$T/initrd-nocrc.gz.cmdline")" \
	-drive "file=$T/root.img,format=raw,if=virtio"
  echo $? >"$T/nocrc.status" ) &

# 5. (in the background) root=LABEL=: found by the ext4 superblock's label.
( boot label "$T/initrd-disk.gz" \
	"$(sed 's|root=/dev/vda|root=LABEL=rootinit-root|' "$T/initrd-disk.gz.cmdline")" \
	-drive "file=$T/label.img,format=raw,if=virtio"
  echo $? >"$T/label.status" ) &

# 2. The root inside the initramfs (its rootfs a tmpfs: no root=), beside
# 8 MB of ballast that rootinit must free before the switch.
mkdir "$T/extra"
head -c 8388608 /dev/zero >"$T/extra/ballast"
EXTRA=$T/extra COMMAND="/bin/sh /check.sh rootfs" "$HERE/scripts/initramfs.sh" \
	"$T/initrd-embedded.gz" "$T/root" >/dev/null 2>"$T/initramfs.err" ||
	{ notok initramfs-embedded "$(tail -1 "$T/initramfs.err")"; exit 1; }

# 7. (booted last) the same as on a kernel before 5.6: /init is
# tests/oldkernel, which execs /rootinit (the first word after "--").
if make -s -C "$HERE" tests/oldkernel >/dev/null 2>&1; then
	cp "$RI" "$T/extra/rootinit"
	RI=$HERE/tests/oldkernel RI_ARGS=/rootinit EXTRA=$T/extra \
		COMMAND="/bin/sh /check.sh rootfs" "$HERE/scripts/initramfs.sh" \
		"$T/initrd-old.gz" "$T/root" >/dev/null 2>"$T/initramfs.err" ||
		{ notok initramfs-oldkernel "$(tail -1 "$T/initramfs.err")"; exit 1; }
else
	notok boot-oldkernel "make tests/oldkernel failed"
fi
# 8. (booted last) a bind of the initramfs's /keep on /mnt/keep,
# made by a wrapper /init before rootinit runs.
mkdir -p "$T/wrap/bin"
cp /bin/busybox "$T/wrap/bin/busybox"
ln -s busybox "$T/wrap/bin/sh"
cp "$RI" "$T/wrap/rootinit"
cat >"$T/wrapper" <<'EOF'
#!/bin/sh
/bin/busybox mkdir -p /keep /mnt/keep
echo precious >/keep/file
/bin/busybox mount -o bind /keep /mnt/keep || echo "WRAPPER: bind failed"
exec /rootinit "$@"
EOF
chmod 755 "$T/wrapper"
RI=$T/wrapper RI_ARGS=-v EXTRA=$T/wrap COMMAND="/bin/echo ROOTINIT-BOOT-OK" \
	"$HERE/scripts/initramfs.sh" "$T/initrd-bound.gz" "$T/root" >/dev/null \
	2>"$T/initramfs.err" ||
	{ notok initramfs-boundinit "$(tail -1 "$T/initramfs.err")"; exit 1; }
start=$(date +%s)
boot embedded "$T/initrd-embedded.gz" "$(cat "$T/initrd-embedded.gz.cmdline")"
expect_boot boot-embedded "$LOGS/embedded.log" $?
echo "t-60-boot: embedded boot took $(($(date +%s) - start)) s" >&2

# 6. root=UUID=, written in capitals (UUIDs compare case-insensitively).
boot uuid "$T/initrd-disk.gz" \
	"$(sed "s|root=/dev/vda|root=UUID=$(echo $UUID | tr a-f A-F)|" "$T/initrd-disk.gz.cmdline")" \
	-drive "file=$T/uuid.img,format=raw,if=virtio"
expect_boot boot-uuid "$LOGS/uuid.log" $?

# 3. collected
wait
expect_boot boot-label "$LOGS/label.log" "$(cat "$T/label.status")"

# 7. and 8.: two VMs at a time at most, on two cores
if [ -f "$T/initrd-old.gz" ]; then
	( boot oldkernel "$T/initrd-old.gz" "$(cat "$T/initrd-old.gz.cmdline")"
	  echo $? >"$T/oldkernel.status" ) &
fi
boot boundinit "$T/initrd-bound.gz" "$(cat "$T/initrd-bound.gz.cmdline")"
expect_boot boot-boundinit "$LOGS/boundinit.log" $?
wait
[ -f "$T/oldkernel.status" ] &&
	expect_boot boot-oldkernel "$LOGS/oldkernel.log" "$(cat "$T/oldkernel.status")"
log=$(tr -d '\r' <"$LOGS/boundinit.log")
expect_nomatch boot-boundinit-bind-made 'WRAPPER: bind failed' "$log"
expect_match boot-boundinit-not-freed \
	'^rootinit: not freeing the initramfs: a mount of it is elsewhere' "$log"
expect_nomatch boot-boundinit-nothing-deleted 'freeing the initramfs$' "$log"

st=$(cat "$T/noroot.status")
log=$(tr -d '\r' <"$LOGS/noroot.log")
echo "t-60-boot: noroot boot took $(cat "$T/noroot.time") s" >&2
if [ "$st" = 124 ]; then
	notok boot-noroot-poweroff "no power-off within ${BOOT_TIMEOUT:-60} s; $(excerpt "$LOGS/noroot.log")"
else
	expect_match boot-noroot-poweroff 'reboot: Power down' "$log"
fi
expect_match boot-noroot-error '^rootinit: root device /dev/vdz did not appear' "$log"
expect_nomatch boot-noroot-no-panic 'Kernel panic' "$log"
expect_nomatch boot-noroot-no-workload 'ROOTINIT-BOOT-OK|CHECK ' "$log"

# 4. collected
log=$(tr -d '\r' <"$LOGS/nocrc.log")
if [ "$(cat "$T/nocrc.status")" = 124 ]; then
	notok boot-nocrc-poweroff "no power-off within ${BOOT_TIMEOUT:-60} s; $(excerpt "$LOGS/nocrc.log")"
else
	expect_match boot-nocrc-poweroff 'reboot: Power down' "$log"
fi
expect_match boot-nocrc-error '^rootinit: mount root /dev/vda on /newroot .*crc32c.*: No such file or directory' "$log"
