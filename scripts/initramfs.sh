#!/bin/sh
# scripts/initramfs.sh: an initramfs whose /init is rootinit, and nothing
# else but the kernel modules the root device needs.  It is also the example
# of booting rootinit: read it top to bottom.
#
# Usage: scripts/initramfs.sh OUT [ROOTDIR]
#
#   OUT       the initramfs to write (cpio newc, gzip-compressed); the kernel
#             command line to boot it with is written to OUT.cmdline
#   ROOTDIR   optional: a root directory (a busybox tree, say) copied into
#             the initramfs as /newroot, for a root with no block device.
#             Without it, the root is an ext4 filesystem on /dev/vda
#             (virtio-blk), and the virtio and ext4 modules are packed,
#             listed in load order in /etc/rootinit/modules (rootinit
#             reads that list in boot mode: no --module words needed).
#
# Environment:
#   RI        the rootinit binary (default: ./rootinit, built by make)
#   KDIR      the kernel unpacked by scripts/kernel.sh (default: build/kernel;
#             fetched when missing)
#   COMMAND   the workload, run inside the prepared root (default: /bin/sh)
#   SWITCH_ROOT  1: hand the machine over to the root's own init instead
#             (--switch-root: init= or /sbin/init as PID 1; COMMAND unused)
#   MODULES   the modules to pack, kernel-tree paths without .ko, in load
#             order (default: those ROOTFSTYPE needs, below)
#   RI_ARGS   more rootinit options, e.g. "-v" or "--hostname=vm"
#   ROOTDEV   the root device (default: /dev/vda), or with ROOTFSTYPE 9p or
#             virtiofs the share's tag (default: root)
#   ROOTFSTYPE ext4 (default), 9p (qemu -virtfs) or virtiofs (virtiofsd)
#   ROOTFLAGS optional: rootflags= (mount options of the root)
#   OVERLAY   non-empty: a tmpfs over the read-only root (rootinit.overlay),
#             and the overlay module packed
#   KARGS     optional: more kernel command line words (rootinit.exit=...)
#   NOMODULES non-empty: pack no module (a kernel with all it needs built in)
#   EXTRA     optional: a directory whose contents are copied to the top of
#             the initramfs (beside /init: firmware, tools, a test's files);
#             rootinit deletes them with the rest before the switch
#
# Then, for example:
#   scripts/initramfs.sh /tmp/initrd.gz
#   mke2fs -q -t ext4 -d MYROOT /tmp/root.img 64M
#   qemu-system-x86_64 -accel tcg -m 256 -nographic -no-reboot \
#       -kernel build/kernel/vmlinuz -initrd /tmp/initrd.gz \
#       -append "$(cat /tmp/initrd.gz.cmdline)" \
#       -drive file=/tmp/root.img,format=raw,if=virtio
#
# How the pieces meet: the kernel starts /init (rootinit) as PID 1 with
# the words after "--" on its command line as argv.  rootinit sees that the
# kernel itself started it (PID 1 of the initial pid namespace, on the
# initial rootfs; --boot=yes or --boot=no would override), mounts devtmpfs
# and proc, and reads root=, rootfstype=, rootflags=, ro/rw, rootwait and
# rootdelay= from /proc/cmdline; argv says how to prepare the root.  The
# kernel drops everything after a second "--" and passes at most 32 words
# to init, so each option is one word (--module=PATH) and COMMAND is simply
# the first word that is not an option.  Before the switch rootinit deletes
# the initramfs's files (its memory is freed); when COMMAND exits, the
# machine powers off.
set -eu

[ $# -ge 1 ] && [ $# -le 2 ] || {
	sed -n '2,/^set -eu/{/^set/d;s/^# \{0,1\}//;p}' "$0" >&2
	exit 2
}
OUT=$1
ROOTDIR=${2:-}
HERE=$(cd "$(dirname "$0")/.." && pwd)
RI=${RI:-$HERE/rootinit}
KDIR=${KDIR:-$HERE/build/kernel}
COMMAND=${COMMAND:-/bin/sh}
RI_ARGS=${RI_ARGS:-}
ROOTFSTYPE=${ROOTFSTYPE:-ext4}
ROOTFLAGS=${ROOTFLAGS:-}
OVERLAY=${OVERLAY:-}
KARGS=${KARGS:-}
NOMODULES=${NOMODULES:-}
EXTRA=${EXTRA:-}
SWITCH_ROOT=${SWITCH_ROOT:-}
USER_MODULES=${MODULES:-}
case $ROOTFSTYPE in
ext4)	ROOTDEV=${ROOTDEV:-/dev/vda} ;;
9p|virtiofs) ROOTDEV=${ROOTDEV:-root} ;;
*)	echo "initramfs: ROOTFSTYPE $ROOTFSTYPE: want ext4, 9p or virtiofs" >&2; exit 2 ;;
esac

[ -z "$ROOTDIR" ] || [ "$SWITCH_ROOT" != 1 ] ||
	{ echo "initramfs: SWITCH_ROOT=1 hands over a root= on a disk, not ROOTDIR" >&2; exit 2; }
[ -x "$RI" ] || { echo "initramfs: no $RI (run make)" >&2; exit 1; }

# An ext4 root on virtio-blk, with Debian's kernel: these are modules there,
# in the order they must load (each after those it depends on).  crc32c is
# not a declared dependency of ext4, but ext4 cannot mount without it.
VIRTIO="
	drivers/virtio/virtio_ring
	drivers/virtio/virtio
	drivers/virtio/virtio_pci_modern_dev
	drivers/virtio/virtio_pci_legacy_dev
	drivers/virtio/virtio_pci
"
case $ROOTFSTYPE in
ext4)	MODULES="$VIRTIO
	drivers/block/virtio_blk
	crypto/crc32c_generic
	fs/jbd2/jbd2
	fs/mbcache
	lib/crc16
	fs/ext4/ext4" ;;
# A share of the host's (qemu -virtfs): no block device at all.
9p)	MODULES="$VIRTIO
	fs/netfs/netfs
	fs/fscache/fscache
	net/9p/9pnet
	net/9p/9pnet_virtio
	fs/9p/9p" ;;
virtiofs) MODULES="$VIRTIO
	fs/fuse/fuse
	fs/fuse/virtiofs" ;;
esac
[ -z "$OVERLAY" ] || MODULES="$MODULES
	fs/overlayfs/overlay"
[ -z "$USER_MODULES" ] || MODULES=$USER_MODULES

STAGE=$(mktemp -d "${TMPDIR:-/tmp}/initramfs.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/dev"
chmod 755 "$STAGE"
cp "$RI" "$STAGE/init"
[ -z "$EXTRA" ] || cp -a "$EXTRA/." "$STAGE/"
# The kernel opens /dev/console for init's stdio before any /dev is mounted.
# (Without the node rootinit opens the console itself, after devtmpfs.)
mknod -m 600 "$STAGE/dev/console" c 5 1 2>/dev/null ||
	echo "initramfs: cannot mknod dev/console (not root?); going without" >&2

# no_timer_check: under software emulation on a loaded machine the kernel's
# IO-APIC timer check can fail and panic the boot; the check proves nothing
# about rootinit.
if [ -n "$ROOTDIR" ]; then
	# The root is inside the initramfs: no device, no modules.
	mkdir "$STAGE/newroot"
	cp -a "$ROOTDIR/." "$STAGE/newroot/"
	kargs="console=ttyS0 no_timer_check panic=-1"
else
	[ -n "$NOMODULES" ] && MODULES=
	[ -n "$NOMODULES" ] || [ -e "$KDIR/modules" ] || KDIR=$("$HERE/scripts/kernel.sh")
	mkdir -p "$STAGE/lib/modules" "$STAGE/etc/rootinit"
	list=$STAGE/etc/rootinit/modules
	echo "# loaded in this order by rootinit in boot mode" >"$list"
	for m in $MODULES; do
		name=$(basename "$m")
		# Built in (modules.builtin lists it): nothing to load.
		grep -qx "kernel/$m.ko" "$KDIR/modules/modules.builtin" && continue
		if [ -f "$KDIR/modules/kernel/$m.ko" ]; then
			cp "$KDIR/modules/kernel/$m.ko" "$STAGE/lib/modules/$name.ko"
		elif [ -f "$KDIR/modules/kernel/$m.ko.xz" ]; then
			# rootinit hands a compressed module to the kernel as it is
			# when the kernel can decompress it (CONFIG_MODULE_DECOMPRESS);
			# otherwise unpack it here.
			if grep -q '^CONFIG_MODULE_DECOMPRESS=y' "$KDIR/config"; then
				cp "$KDIR/modules/kernel/$m.ko.xz" "$STAGE/lib/modules/$name.ko.xz"
				echo "/lib/modules/$name.ko.xz" >>"$list"
				continue
			fi
			xz -dc "$KDIR/modules/kernel/$m.ko.xz" >"$STAGE/lib/modules/$name.ko"
		else
			echo "initramfs: no module $m in $KDIR/modules" >&2
			exit 1
		fi
		echo "/lib/modules/$name.ko" >>"$list"
	done
	case $ROOTFSTYPE in
	ext4)	kargs="console=ttyS0 no_timer_check root=$ROOTDEV rootfstype=ext4 rw panic=-1" ;;
	*)	kargs="console=ttyS0 no_timer_check root=$ROOTDEV rootfstype=$ROOTFSTYPE ro panic=-1" ;;
	esac
	[ -z "$ROOTFLAGS" ] || kargs="$kargs rootflags=$ROOTFLAGS"
	[ -z "$OVERLAY" ] || kargs="$kargs rootinit.overlay"
fi
[ -z "$KARGS" ] || kargs="$kargs $KARGS"

# The archive: owned by root, whoever builds it.
(cd "$STAGE" && find . | sort | busybox cpio -o -H newc -R 0:0 2>/dev/null) |
	gzip -9 >"$OUT"
# The kernel's own words, then "--" and rootinit's argv: its options, then
# COMMAND (the first word that is not an option).  A hand-over needs no
# COMMAND: the root's init (init= or /sbin/init) takes PID 1.
if [ "$SWITCH_ROOT" = 1 ]; then
	printf '%s\n' "$kargs --${RI_ARGS:+ $RI_ARGS} --switch-root" >"$OUT.cmdline"
else
	printf '%s\n' "$kargs --${RI_ARGS:+ $RI_ARGS} --rootfs=/newroot $COMMAND" \
		>"$OUT.cmdline"
fi
