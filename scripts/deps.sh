#!/bin/sh
# deps.sh: what the build needs on Debian 12, installed by the project itself.
# Installs Debian packages, then builds libcap-ng as a static musl library from
# Debian's source package (the upstream tarball, without Debian's patches: the
# 04 patch makes capng_apply() report success when dropping the bounding set
# fails).  Everything is cached under $BUILD; /etc/apt is never edited.
set -eu

BUILD=${BUILD:-build}
PKGS=${PKGS:-"musl-tools dpkg-dev make gcc file busybox-static mandoc clang libclang-rt-14-dev libcap-ng-dev libseccomp-dev bubblewrap crun"}
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
CAPNG="$BUILD/capng"

install_packages() {
	missing=""
	for p in $PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "deps: installing$missing"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing >/dev/null
}

# A private apt directory whose sources are the system's own with deb-src
# added: apt-get source needs a deb-src entry and we do not touch /etc/apt.
private_apt() {
	APTDIR="$BUILD/apt"
	mkdir -p "$APTDIR/sources.list.d" "$APTDIR/lists/partial" \
		"$APTDIR/cache/archives/partial"
	: >"$APTDIR/sources.list"
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		sed 's/^Types:.*/Types: deb-src/' "$f" \
			>"$APTDIR/sources.list.d/$(basename "$f")"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -n 's/^deb[[:space:]]/deb-src /p' "$f" >>"$APTDIR/sources.list"
	done
	APTOPTS="-o Dir::Etc::SourceList=$APTDIR/sources.list
		-o Dir::Etc::SourceParts=$APTDIR/sources.list.d
		-o Dir::State::Lists=$APTDIR/lists
		-o Dir::Cache=$APTDIR/cache
		-o APT::Sandbox::User=root"
}

fetch_capng_source() {
	ls "$CAPNG"/src/libcap-ng_*.orig.tar.* >/dev/null 2>&1 && return 0
	private_apt
	mkdir -p "$CAPNG/src"
	apt-get $APTOPTS update -qq
	(cd "$CAPNG/src" && apt-get $APTOPTS source --download-only libcap-ng)
}

# musl-gcc does not see <linux/*.h>: give it the kernel headers, and only
# them, after its own include path.
kernel_headers() {
	KH="$CAPNG/kheaders"
	mkdir -p "$KH"
	for d in linux asm-generic mtd; do
		[ -e "$KH/$d" ] || ln -s "/usr/include/$d" "$KH/$d"
	done
	multi=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
	[ -e "$KH/asm" ] || ln -s "/usr/include/$multi/asm" "$KH/asm"
}

# -flto lets the final link drop and inline across libcap-ng too: it is
# what keeps the binary under 96 KiB.
CAPNG_CFLAGS="-Os -flto -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables"

build_capng() {
	[ -f "$CAPNG/lib/libcap-ng.a" ] &&
		[ "$(cat "$CAPNG/cflags" 2>/dev/null)" = "$CAPNG_CFLAGS" ] && return 0
	fetch_capng_source
	kernel_headers
	rm -rf "$CAPNG/work" && mkdir -p "$CAPNG/work"
	tar -C "$CAPNG/work" -xf "$CAPNG"/src/libcap-ng_*.orig.tar.*
	cd "$CAPNG/work"/libcap-ng-*
	CC=musl-gcc \
	CPPFLAGS="-idirafter $KH" CFLAGS="$CAPNG_CFLAGS" \
		./configure -q --prefix="$CAPNG" --disable-shared --enable-static \
		--without-python --without-python3 >/dev/null
	make -s -C src >/dev/null
	make -s -C src install >/dev/null
	mkdir -p "$CAPNG/include"
	cp src/cap-ng.h "$CAPNG/include/"
	echo "$CAPNG_CFLAGS" >"$CAPNG/cflags"
	cd - >/dev/null
}

# deps.sh --packages PKG...: install those packages only (kernel.sh, bench).
if [ "${1:-}" = --packages ]; then
	shift
	PKGS=$*
	install_packages
	exit 0
fi

install_packages
build_capng
touch "$CAPNG/lib/libcap-ng.a"	# newer than this script: make stops asking
echo "deps: ok (libcap-ng: $CAPNG/lib/libcap-ng.a)"
