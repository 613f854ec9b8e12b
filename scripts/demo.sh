#!/bin/sh
# demo.sh: rootinit in one command (make demo).  Builds a busybox root from
# Debian's busybox-static under $BUILD/demo-root (cached), then starts
# rootinit as PID 1 of fresh namespaces, as a container runtime would, and
# shows the root it prepared from the inside.  Needs root.
set -eu
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
ROOT=$BUILD/demo-root

if [ "$(id -u)" != 0 ]; then
	echo "demo: needs root (it creates namespaces and mounts)" >&2
	exit 1
fi
[ -x /bin/busybox ] || ./scripts/deps.sh
[ -x ./rootinit ] || make rootinit

# The root: busybox and its applets as links, a passwd and a group file.
# Rebuilt only when the host's busybox changed.
if ! cmp -s /bin/busybox "$ROOT/bin/busybox"; then
	echo "demo: building a busybox root in $ROOT"
	rm -rf "$ROOT.tmp"
	mkdir -p "$ROOT.tmp/bin" "$ROOT.tmp/etc" "$ROOT.tmp/root" "$ROOT.tmp/tmp" \
		"$ROOT.tmp/proc" "$ROOT.tmp/sys" "$ROOT.tmp/dev"
	chmod 1777 "$ROOT.tmp/tmp"
	cp /bin/busybox "$ROOT.tmp/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ -e "$ROOT.tmp/bin/$a" ] || ln -s busybox "$ROOT.tmp/bin/$a"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' >"$ROOT.tmp/etc/passwd"
	echo 'root:x:0:' >"$ROOT.tmp/etc/group"
	rm -rf "$ROOT"
	mv "$ROOT.tmp" "$ROOT"
fi

cat <<EOF
rootinit demo
  unshare creates fresh mount, pid, uts, ipc and net namespaces; rootinit
  starts in them as PID 1, makes $ROOT the new root (proc, a tmpfs /dev
  with a few device nodes, devpts, shm, mqueue, read-only sysfs; kernel
  files masked), switches into it, keeps Docker's 14 capabilities and runs
  the shell below as its child.  Shown from the inside: /dev, the mount
  table, the capability sets, the user and the hostname.

EOF

# shellcheck disable=SC2016 # expanded inside the container
exec unshare --mount --pid --fork --uts --ipc --net --propagation private \
	./rootinit --rootfs "$ROOT" --hostname demo -- /bin/sh -c '
echo "== ls -l /dev"; ls -l /dev
echo; echo "== cat /proc/self/mountinfo"; cat /proc/self/mountinfo
echo; echo "== grep Cap /proc/self/status"; grep Cap /proc/self/status
echo; echo "== id"; id
echo; echo "== hostname"; hostname
echo; echo "== ps (rootinit is PID 1)"; ps -o pid,user,comm
'
