#!/bin/sh
# scripts/kernel.sh: Debian's kernel for boot tests and experiments, cached.
#
#   scripts/kernel.sh            # prints the kernel's directory
#
# Downloads the package that linux-image-amd64 depends on (the real
# linux-image-<release>-amd64) with apt-get download and unpacks it with
# dpkg -x under $BUILD/kernel (default build/kernel).  Nothing is installed
# as a kernel on this machine.  Also installs what booting it needs here:
# qemu-system-x86 (qemu-system-x86_64), e2fsprogs (mke2fs -d), xz-utils
# and busybox-static (cpio).  A second run reuses what the first fetched.
#
# Leaves:
#   $BUILD/kernel/vmlinuz   the kernel image
#   $BUILD/kernel/modules   its /lib/modules/<release> directory
#   $BUILD/kernel/config    its /boot/config-<release>
#   $BUILD/kernel/release   <release>, one line
#
# Exits non-zero when the package cannot be had (no network, no mirror).
set -eu

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
mkdir -p "$BUILD"
KDIR=$(cd "$BUILD" && pwd)/kernel
PKGS="qemu-system-x86 e2fsprogs xz-utils busybox-static"
APTOPTS="-o APT::Sandbox::User=root"
updated=

apt_update() {
	[ -n "$updated" ] && return 0
	apt-get update -qq
	updated=1
}

# linux-image-amd64 is a metapackage; its first linux-image-* dependency
# is the kernel itself.
kernel_package() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -1
}

fetch_kernel() {
	pkg=$(kernel_package)
	if [ -z "$pkg" ]; then
		apt_update
		pkg=$(kernel_package)
	fi
	[ -n "$pkg" ] || { echo "kernel: cannot resolve linux-image-amd64" >&2; exit 1; }
	rm -rf "$KDIR.tmp"
	mkdir -p "$KDIR.tmp/deb"
	echo "kernel: fetching $pkg" >&2
	(cd "$KDIR.tmp/deb" && apt-get $APTOPTS download -qq "$pkg")
	dpkg -x "$KDIR.tmp"/deb/*.deb "$KDIR.tmp/root"
	rel=$(ls "$KDIR.tmp/root/lib/modules")
	[ -f "$KDIR.tmp/root/boot/vmlinuz-$rel" ] ||
		{ echo "kernel: no /boot/vmlinuz-$rel in $pkg" >&2; exit 1; }
	echo "$rel" >"$KDIR.tmp/release"
	ln -s "root/boot/vmlinuz-$rel" "$KDIR.tmp/vmlinuz"
	ln -s "root/boot/config-$rel" "$KDIR.tmp/config"
	ln -s "root/lib/modules/$rel" "$KDIR.tmp/modules"
	rm -rf "$KDIR.tmp/deb" "$KDIR"
	mv "$KDIR.tmp" "$KDIR"
}

./scripts/deps.sh --packages $PKGS >&2
[ -e "$KDIR/vmlinuz" ] && [ -s "$KDIR/release" ] || fetch_kernel
echo "$KDIR"
