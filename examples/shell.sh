#!/bin/sh
# examples/shell.sh: rootinit from a shell, in the three forms most people
# want.  Each form is one unshare(1) command line; copy the one you need.
#
# Usage: examples/shell.sh FORM ROOTFS [COMMAND [ARG]...]
#
#   FORM      root       a container as root: fresh mount, pid, uts, ipc and
#                        net namespaces, the root prepared in ROOTFS
#             rootless   the same from any user, in a user namespace that
#                        maps root to you
#             readonly   a read-only root with the host directory $DATA
#                        bound writable on /data, COMMAND started in /data
#   ROOTFS    the directory that becomes / (a busybox tree, say)
#   COMMAND   run inside it (default: /bin/sh)
#
# Environment:
#   RI        the rootinit binary (default: ../rootinit next to this
#             script when built, else rootinit from PATH)
#   DATA      the host directory for the readonly form
#   NAME      the container's hostname (default: box)
#
# For example, as root, with a busybox root in /srv/root:
#   examples/shell.sh root /srv/root
#   DATA=/srv/data examples/shell.sh readonly /srv/root sh -c 'date >stamp'
# and as yourself, with a root in your home:
#   examples/shell.sh rootless ~/root id
#
# The exit status is COMMAND's (128+N when killed by signal N), or
# rootinit's own: 2 usage, 125 setup failed, 126/127 COMMAND not runnable.
set -eu

usage() {
	sed -n '2,/^set -eu/{/^set/d;s/^# \{0,1\}//;p}' "$0" >&2
	exit 2
}
[ $# -ge 2 ] || usage
FORM=$1 ROOTFS=$2
shift 2
[ $# -gt 0 ] || set -- /bin/sh
HERE=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${RI:-}" ]; then
	if [ -x "$HERE/rootinit" ]; then RI=$HERE/rootinit; else RI=rootinit; fi
fi
NAME=${NAME:-box}

case $FORM in
root)
	# unshare creates the namespaces (rootinit creates none for you) and
	# forks (--fork), so that rootinit is PID 1 of the new pid namespace;
	# --propagation private keeps the host from seeing our mounts.
	# rootinit mounts proc, a tmpfs /dev with device nodes, devpts, shm,
	# mqueue and a read-only sysfs in ROOTFS, masks what containers must
	# not see, pivots into it, drops to Docker's 14 capabilities, runs
	# COMMAND and stays behind as PID 1 to reap and forward signals.
	exec unshare --mount --pid --fork --uts --ipc --net --propagation private \
		"$RI" --rootfs "$ROOTFS" --hostname "$NAME" -- "$@"
	;;
rootless)
	# The same without privileges: --user --map-root-user makes a user
	# namespace in which you are root (uid 0 is your uid outside), and
	# the other namespaces belong to it.  The kernel refuses mknod there,
	# so rootinit binds the host's /dev/null, /dev/zero, ... instead.
	# Files you create inside are owned by you outside.
	exec unshare --user --map-root-user --mount --pid --fork --uts --ipc --net \
		--propagation private \
		"$RI" --rootfs "$ROOTFS" --hostname "$NAME" -- "$@"
	;;
readonly)
	# --readonly remounts the new root read-only once it is prepared; the
	# mounts on it keep their own flags, so /data, a bind of the host
	# directory DATA (SOURCE TARGET FSTYPE OPTIONS, as a line of fstab),
	# stays writable and what COMMAND writes there is in DATA afterwards.
	# /data need not exist in ROOTFS: rootinit creates it, before the root
	# is made read-only.  For a service, add --caps none --user UID:GID.
	[ -n "${DATA:-}" ] || { echo "shell.sh: readonly needs DATA=DIR" >&2; exit 2; }
	# A blank inside a field is written \040 (and a backslash \134).
	src=$(printf '%s' "$DATA" | sed 's/\\/\\134/g; s/ /\\040/g; s/	/\\011/g')
	exec unshare --mount --pid --fork --uts --ipc --net --propagation private \
		"$RI" --rootfs "$ROOTFS" --hostname "$NAME" --readonly \
		-m "$src /data bind rw" --workdir /data -- "$@"
	;;
*)
	usage
	;;
esac
