#!/bin/sh
# t-61-not-a-boot.sh: a container whose root is a tmpfs is not a boot.
# rootinit once took PID 1 on a tmpfs with no /proc for the kernel's init:
# it mounted the host's devtmpfs, never ran COMMAND, and with --rootfs
# "freed the initramfs", deleting the container's root on the host.  Here,
# as users run it (issue 12):
#   A  bubblewrap: --unshare-all --as-pid-1, its own tmpfs root, no /proc;
#      once with bwrap's dropped capabilities, once with all of them
#   B  crun: a bundle on a tmpfs, "mounts": [], CAP_SYS_ADMIN, --rootfs
#   C  unshare -mpf --root=DIR, a tmpfs (root in the initial user
#      namespace: every capability)
#   D  --boot yes forced in such a container: boot mode, but nothing freed
# In each COMMAND's status comes back as tini would give it, and the tree
# on the tmpfs is byte-identical afterwards (tree_hash).
. "$(dirname "$0")/lib.sh"

T=$(tmpdir)
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
FS=$T/fs
mkdir "$FS"
mount -t tmpfs -o mode=755 tmpfs "$FS" ||
	{ notok "tmpfs for the containers" "mount failed"; exit 0; }

# croot DIR: a busybox root with rootinit at /sbin/rootinit and /rootinit,
# an inner root for --rootfs, and a sentinel tree.
croot() {
	mkroot "$1"
	cp "$RI" "$1/sbin/rootinit"
	cp "$RI" "$1/rootinit"
	mkdir -p "$1/dev" "$1/inner" "$1/sentinel/deep/er"
	mkroot "$1/inner"
	mkdir -p "$1/inner/proc" "$1/inner/dev" "$1/inner/sys"
	echo keep >"$1/sentinel/deep/er/file"
	ln -s deep/er/file "$1/sentinel/link"
}

# Shows whether boot mode was entered: the host's devtmpfs has /dev/kmsg
# (no container's /dev here has one).
WORKLOAD='if [ -e /dev/kmsg ]; then echo HOST-DEVTMPFS; fi; exit 3'

# ---- A: bubblewrap ----
if ! command -v bwrap >/dev/null; then
	skip "A bwrap" "bubblewrap is not installed (scripts/deps.sh installs it)"
else
	croot "$FS/a"
	before=$(tree_hash "$FS/a")
	for caps in dropped all; do
		set --
		[ "$caps" = all ] && set -- --cap-add ALL
		capture timeout -k 5 30 bwrap --unshare-all --as-pid-1 "$@" \
			--ro-bind "$FS/a/bin" /bin --ro-bind "$FS/a/sbin" /sbin \
			--dev /dev /sbin/rootinit -- sh -c "$WORKLOAD"
		expect_eq "A bwrap, caps $caps: COMMAND's status, as tini gives it" 3 "$RC"
		expect_nomatch "A bwrap, caps $caps: no boot mode (no devtmpfs, no power-off)" \
			'HOST-DEVTMPFS|devtmpfs|powering off|initramfs' "$OUT$ERR"
	done
	expect_eq "A bwrap: the tree on the tmpfs unchanged" "$before" "$(tree_hash "$FS/a")"
fi

# ---- C: unshare --root, every capability ----
# The root is a tmpfs of its own (a mount point, as a runtime's would be).
mkdir "$FS/c"
mount -t tmpfs -o mode=755 tmpfs "$FS/c"
croot "$FS/c"
before=$(tree_hash "$FS/c")
capture timeout -k 5 30 unshare -mpf --root="$FS/c" /sbin/rootinit -- sh -c "$WORKLOAD"
expect_eq "C unshare --root: COMMAND's status, as tini gives it" 3 "$RC"
expect_nomatch "C unshare --root: the workload sees no devtmpfs" 'HOST-DEVTMPFS' "$OUT"
expect_eq "C unshare --root: stderr empty" "" "$ERR"
expect_eq "C unshare --root: the tree on the tmpfs unchanged" "$before" "$(tree_hash "$FS/c")"

# ---- B: crun, "mounts": [], CAP_SYS_ADMIN, --rootfs ----
# bundle DIR ARGS...: an OCI bundle at DIR (rootfs: DIR/rootfs, made by
# croot) whose process is ARGS, with Docker's capabilities and SYS_ADMIN.
bundle() {
	dir=$1; shift
	args=
	for a in "$@"; do args="$args${args:+,}\"$a\""; done
	caps='"CAP_SYS_ADMIN","CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_FSETID","CAP_FOWNER","CAP_MKNOD","CAP_NET_RAW","CAP_SETGID","CAP_SETUID","CAP_SETFCAP","CAP_SETPCAP","CAP_NET_BIND_SERVICE","CAP_SYS_CHROOT","CAP_KILL","CAP_AUDIT_WRITE"'
	cat >"$dir/config.json" <<EOF
{ "ociVersion": "1.0.2",
  "process": { "terminal": false, "user": { "uid": 0, "gid": 0 },
    "args": [ $args ], "env": [ "PATH=/bin:/sbin" ], "cwd": "/",
    "capabilities": { "bounding": [ $caps ], "effective": [ $caps ],
      "permitted": [ $caps ] } },
  "root": { "path": "rootfs", "readonly": false },
  "hostname": "t61", "mounts": [],
  "linux": { "namespaces": [ { "type": "pid" }, { "type": "mount" },
    { "type": "ipc" }, { "type": "uts" }, { "type": "network" } ] } }
EOF
}

# crun_run NAME: run the bundle $FS/NAME in a mount namespace of its own
# (this host's hybrid cgroups: crun wants no cgroup2 at
# /sys/fs/cgroup/unified), with no cgroup of its own: nothing on the host.
crun_run() {
	capture timeout -k 5 60 unshare -m --propagation private sh -c '
		if [ -d /sys/fs/cgroup/unified ]; then
			mount -t tmpfs -o ro,size=0 none /sys/fs/cgroup/unified || exit 99
		fi
		exec crun --cgroup-manager=disabled --root "$1/state" run \
			-b "$1/$2" "t61-$2"' sh "$FS" "$1"
}

if ! command -v crun >/dev/null; then
	skip "B crun" "crun is not installed (scripts/deps.sh installs it)"
else
	mkdir -p "$FS/b" "$FS/state"
	croot "$FS/b/rootfs"
	mkdir "$FS/b/rootfs/proc"
	# crun itself makes its devices in /dev when nothing is mounted
	# there: a first run without rootinit lets it, so only rootinit's
	# changes would show.
	bundle "$FS/b" /bin/true
	crun_run b
	bundle "$FS/b" /rootinit -v --rootfs /inner -- sh -c "$WORKLOAD"
	before=$(tree_hash "$FS/b/rootfs")
	crun_run b
	expect_eq "B crun --rootfs: COMMAND's status comes back" 3 "$RC"
	expect_nomatch "B crun --rootfs: no boot mode, nothing freed" \
		'HOST-DEVTMPFS|freeing|initramfs|powering off' "$OUT$ERR"
	expect_match "B crun --rootfs: a procfs of its own, the runtime mounted none" \
		'procfs on /proc for rootinit.s own use' "$ERR"
	expect_eq "B crun --rootfs: the bundle's rootfs unchanged" "$before" \
		"$(tree_hash "$FS/b/rootfs")"

	# The image's own /proc/self/fd look-alike (fd links to /sentinel):
	# not a procfs, so not believed; a real one is mounted over it.
	mkdir -p "$FS/b3" "$FS/b3/rootfs/proc/self/fd"
	croot "$FS/b3/rootfs"
	for fd in 3 4 5 6 7 8 9; do ln -s /sentinel "$FS/b3/rootfs/proc/self/fd/$fd"; done
	bundle "$FS/b3" /bin/true
	crun_run b3
	bundle "$FS/b3" /rootinit --rootfs /inner -- sh -c "$WORKLOAD"
	before=$(tree_hash "$FS/b3/rootfs")
	crun_run b3
	expect_eq "B crun --rootfs, a fake /proc/self/fd in the image: COMMAND's status" 3 "$RC"
	expect_eq "B crun --rootfs, a fake /proc/self/fd in the image: the rootfs unchanged" \
		"$before" "$(tree_hash "$FS/b3/rootfs")"

	# No /proc directory at all: refused, naming /proc, nothing changed.
	mkdir -p "$FS/b2"
	croot "$FS/b2/rootfs"
	bundle "$FS/b2" /bin/true
	crun_run b2
	bundle "$FS/b2" /rootinit --rootfs /inner -- sh -c "$WORKLOAD"
	before=$(tree_hash "$FS/b2/rootfs")
	crun_run b2
	expect_eq "B crun --rootfs, no /proc directory: refused (125)" 125 "$RC"
	expect_match "B crun --rootfs, no /proc directory: the line names /proc" \
		'^rootinit: no procfs on /proc, and no /proc directory' "$ERR"
	expect_eq "B crun --rootfs, no /proc directory: the rootfs unchanged" "$before" \
		"$(tree_hash "$FS/b2/rootfs")"
fi

# ---- D: boot mode forced in a container: it never frees anything ----
# (It reads the kernel command line: a root= there would be mounted.)
if grep -q '\<root=' /proc/cmdline; then
	skip "D --boot yes in a container" "this kernel's command line has root="
else
	mkdir "$FS/d"
	mount -t tmpfs -o mode=755 tmpfs "$FS/d"
	croot "$FS/d"
	mkdir "$FS/d/proc"
	before=$(tree_hash "$FS/d")
	capture timeout -k 5 30 unshare -mpf --root="$FS/d" /sbin/rootinit --boot=yes \
		-v --rootfs /inner -- sh -c 'exit 6'
	# reboot(2) by PID 1 of a pid namespace ends the namespace (SIGINT).
	expect_match "D --boot yes: boot mode entered, COMMAND ran" \
		'sh exited with status 6; powering off' "$ERR"
	expect_nomatch "D --boot yes: nothing freed" 'freeing' "$ERR"
	expect_eq "D --boot yes: the tree on the tmpfs unchanged" "$before" \
		"$(tree_hash "$FS/d")"
fi

# ---- --boot itself ----
capture "$RI" --boot=maybe -- true
expect_eq "--boot maybe: usage error" "2 rootinit: --boot maybe: want auto, yes or no" "$RC $ERR"
capture "$RI" --boot yes -- true
expect_eq "--boot yes, not PID 1: usage error" \
	"2 rootinit: --boot yes: rootinit is not PID 1" "$RC $ERR"
capture unshare -mpf --root="$FS/c" /sbin/rootinit --boot=no -- sh -c 'exit 4'
expect_eq "--boot no: COMMAND's status" 4 "$RC"
