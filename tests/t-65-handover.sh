#!/bin/sh
# slow tier: run by "make check-handover" (tests/run t-65), not by make check.
# t-65-handover.sh: a real distribution booted through --switch-root (issue
# 16): Debian 12, debootstrap minbase with systemd-sysv and udev
# (scripts/debian-root.sh, cached in build/), on virtio-blk under qemu (TCG),
# from the initramfs scripts/initramfs.sh makes, the kernel command line
# "console=ttyS0 ... root=/dev/vda rootfstype=ext4 rw panic=-1 -- --switch-root".
# systemd must reach multi-user.target with udevd running, a getty on
# ttyS0 and no failed unit: the image's rootinit-report.service prints that
# on the console, then powers off.  The image's /dev is byte-identical
# before and after the boot (read through a loop device).  Only the console
# counts: qemu exits 0 after a panic.  The log stays in build/boot-test/.
. "$(dirname "$0")/lib.sh"

HERE=$(cd "$TESTS/.." && pwd)
LOGS=$HERE/build/boot-test
T=$(tmpdir)
LOOP=
trap '[ -n "$LOOP" ] && losetup -d "$LOOP"; cleanup_dir "$T"' EXIT
trap 'exit 1' INT TERM HUP

if ! KDIR=$("$HERE/scripts/kernel.sh" 2>"$T/kernel.err"); then
	skip handover-debian "Debian's kernel could not be fetched: $(tail -1 "$T/kernel.err")"
	exit 0
fi
if ! IMG=$("$HERE/scripts/debian-root.sh" 2>"$T/root.err"); then
	skip handover-debian "no Debian root could be built: $(tail -1 "$T/root.err")"
	exit 0
fi
mkdir -p "$LOGS"
cp --sparse=always "$IMG" "$T/debian.img"

# devhash IMAGE: every entry of the image's /dev, device numbers, times
# and contents included.
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
before=$(devhash "$T/debian.img") || before=

cp "$RI" "$T/rootinit"
RI=$T/rootinit SWITCH_ROOT=1 "$HERE/scripts/initramfs.sh" "$T/initrd.gz" \
	>/dev/null 2>"$T/initramfs.err" ||
	{ notok initramfs-handover "$(tail -1 "$T/initramfs.err")"; exit 1; }
# rw, so that a write of rootinit's into the disk's /dev would land (with
# ro only systemd's and udev's would).
CMDLINE=$(cat "$T/initrd.gz.cmdline")
expect_match handover-debian-cmdline ' root=/dev/vda .* rw panic=-1 -- --switch-root$' "$CMDLINE"

start=$(date +%s)
timeout -k 5 "${BOOT_TIMEOUT:-900}" qemu-system-x86_64 -accel tcg -m 1024 \
	-nographic -no-reboot -nic none -kernel "$KDIR/vmlinuz" -initrd "$T/initrd.gz" \
	-append "$CMDLINE" -drive "file=$T/debian.img,format=raw,if=virtio" \
	</dev/null >"$LOGS/debian.log" 2>&1
st=$?
echo "t-65-handover: Debian boot took $(($(date +%s) - start)) s" >&2
log=$(tr -d '\r' <"$LOGS/debian.log" | sed 's/\x1b\[[0-9;]*m//g')
why="(console: $LOGS/debian.log)"
[ "$st" = 124 ] && notok handover-debian-poweroff "no power-off within ${BOOT_TIMEOUT:-900} s $why"
expect_match handover-debian-multi-user 'Reached target.*Multi-User System' "$log"
report=$(printf '%s\n' "$log" | sed -n 's/^.*rootinit-report\[[0-9]*\]: \(REPORT .*\)$/\1/p')
expect_match handover-debian-state '^REPORT state=running$' "$report"
expect_match handover-debian-udevd '^REPORT udevd=active$' "$report"
expect_match handover-debian-getty '^REPORT getty=active$' "$report"
expect_match handover-debian-no-failed-unit '^REPORT failed=$' "$report"
expect_match handover-debian-pid1 '^REPORT pid1=systemd dev=devtmpfs$' "$report"
expect_nomatch handover-debian-no-panic 'Kernel panic|Freezing execution' "$log"
if [ -z "$before" ]; then
	skip handover-debian-dev-unchanged "no loop device to read the image (losetup -f failed)"
else
	expect_eq handover-debian-dev-unchanged "$before" "$(devhash "$T/debian.img")"
fi
