#!/bin/sh
# t-49-cgroups: fstab's nofail for -m mounts (a failed mount is skipped with
# one warning, not a 125; the guards of the root still refuse), and cgroup v2
# read-only on /sys/fs/cgroup in a cgroup namespace: the caller's, or one
# --cgroupns unshares; none without one.  Seen from inside.
. "$(dirname "$0")/lib.sh"

T=$(tmpdir)
trap cleanup EXIT
R=$T/root
mkroot "$R"

# one_line NAME REGEX: rootinit's stderr ($ERR) is exactly one line, matching.
one_line() {
	if [ "$(printf '%s\n' "$ERR" | wc -l)" = 1 ] && printf '%s\n' "$ERR" | grep -Eq -- "$2"
	then ok "$1"; else notok "$1" "stderr [$ERR]"; fi
}

# ---- nofail ------------------------------------------------------------------
capture ns_run -r "$R" -m 'x /mnt nosuchfs nofail' -- /bin/echo ran
expect_eq "nofail: a mount that fails is skipped, COMMAND runs" "0 ran" "$RC $OUT"
one_line "nofail: one warning line names the mount and why" \
	'^rootinit: mount nosuchfs on /mnt: filesystem type not known to the kernel; skipped \(nofail\)$'
capture ns_run -q -r "$R" -m 'x /mnt nosuchfs nofail' -- /bin/echo ran
expect_eq "nofail, -q: skipped without a word" "0 ran " "$RC $OUT $ERR"
capture ns_run -r "$R" -m 'x /mnt nosuchfs' -- /bin/echo ran
expect_eq "without nofail: the same mount is a setup error (125), COMMAND never runs" \
	"125 " "$RC $OUT"
one_line "without nofail: says why" \
	'^rootinit: mount nosuchfs on /mnt: filesystem type not known to the kernel$'
# nofail is mount(8)'s word, not filesystem data: tmpfs would refuse it.
out=$(ns_run -r "$R" -m 'tmpfs /mnt tmpfs nofail,size=1m' -- /bin/sh -c \
	'grep " /mnt " /proc/self/mounts' 2>&1)
expect_match "nofail on a mount that works: mounted, nofail not passed as data" \
	'^tmpfs /mnt tmpfs rw,nodev,.*size=1024k' "$out"
# A bind whose source is missing: skipped before its target is made.
capture ns_run -r "$R" -m "$T/nosuch /gone bind nofail" -- /bin/echo ran
expect_eq "nofail bind, source missing: COMMAND runs" "0 ran" "$RC $OUT"
one_line "nofail bind, source missing: one line naming the source" \
	"^rootinit: bind source $T/nosuch: No such file or directory; skipped \\(nofail\\)\$"
if [ -e "$R/gone" ]; then notok "nofail bind, source missing: no target made" "$R/gone exists"
else ok "nofail bind, source missing: no target made in the image"; fi
capture ns_run -r "$R" -m "$T/nosuch /gone bind" -- /bin/echo ran
expect_eq "bind without nofail, source missing: usage error 2" "2 " "$RC $OUT"
# nofail softens failures, not the guards: an image symlink into /proc.
ln -s /proc "$R/p"
capture ns_run -r "$R" -m 'tmpfs /p tmpfs nofail' -- /bin/echo ran
expect_eq "nofail: a target leading into /proc is still refused (125)" "125 " "$RC $OUT"
expect_match "nofail: the refusal says why" 'leads into procfs or sysfs' "$ERR"
rm "$R/p"
capture "$RI" -n -r "$R" -m 'tmpfs /proc/x tmpfs nofail'
expect_eq "nofail: a tmpfs under /proc is still a usage error" 2 "$RC"
expect_match "nofail: dry run prints the options as given" \
	'^mount x /mnt nosuchfs ro,nofail$' "$("$RI" -n -r "$R" -m 'x /mnt nosuchfs ro,nofail')"

# ---- the plan: cgroup2 only in a cgroup namespace --------------------------------
CG='^mount cgroup2 /sys/fs/cgroup cgroup2 nosuid,noexec,nodev,ro,nofail$'
if [ ! -e /proc/self/ns/cgroup ]; then
	kernel_skip "cgroup namespaces" "this kernel has none (no /proc/self/ns/cgroup)"
	exit 0
fi
# The initial namespace's inode is fixed (PROC_CGROUP_INIT_INO).
INITIAL=$([ "$(stat -L -c %i /proc/self/ns/cgroup)" = 4026531835 ] && echo yes)
if [ -z "$INITIAL" ]; then
	skip "no cgroup namespace: no cgroup2 mount" "the tests already run in a cgroup namespace"
else
	expect_nomatch "no cgroup namespace: no cgroup2 mount in the plan" 'cgroup' \
		"$("$RI" -n -r "$R")"
fi
plan=$("$RI" -n -r "$R" --cgroupns)
expect_eq "--cgroupns: dry run shows the unshare, then cgroup2 after sysfs" \
	"rootfs $R|cgroupns|sysfs|cgroup2" \
	"$(printf '%s\n' "$plan" | grep -E '^(rootfs|cgroupns|mount (sysfs|cgroup2) )' |
		sed 's/^mount \([a-z0-9]*\) .*/\1/' | tr '\n' '|' | sed 's/|$//')"
expect_match "--cgroupns: the mount is read-only and nofail" "$CG" "$plan"
plan=$(unshare --cgroup "$RI" -n -r "$R")
expect_match "the caller's cgroup namespace: cgroup2 in the plan" "$CG" "$plan"
expect_nomatch "the caller's cgroup namespace: no unshare of another" '^cgroupns$' "$plan"
expect_nomatch "--cgroupns --no-default-mounts: no cgroup2" '^mount cgroup2' \
	"$("$RI" -n -r "$R" --cgroupns --no-default-mounts)"
expect_match "--cgroupns, -m on /sys/fs/cgroup: the -m replaces it" \
	'^mount cgroup2 /sys/fs/cgroup cgroup2 rw$' \
	"$("$RI" -n -r "$R" --cgroupns -m 'cgroup2 /sys/fs/cgroup cgroup2 rw')"
# A /proc that is not the kernel's (a file where the namespace link was)
# does not make rootinit believe in a cgroup namespace.
plan=$(unshare --mount --propagation private sh -c 'mount -t tmpfs none /proc/$$/ns &&
	: >/proc/$$/ns/cgroup && exec "$0" -n -r "$1"' "$RI" "$R" 2>&1)
expect_match "a fake /proc/self/ns/cgroup: the plan is made" "^rootfs $R\$" "$plan"
expect_nomatch "a fake /proc/self/ns/cgroup: no cgroup2 mount" "$CG" "$plan"
capture "$RI" -n --cgroupns
expect_eq "--cgroupns without --rootfs: usage error 2" \
	"2 rootinit: --cgroupns: needs --rootfs (no root is prepared without one)" "$RC $ERR"
# Under /sys only sysfs, and cgroup2 exactly on /sys/fs/cgroup.
for m in 'cgroup2 /sys/fs/cgroup/x cgroup2' 'tmpfs /sys/fs/cgroup tmpfs' \
    'cgroup2 /sys/fs cgroup2' '/sys/fs/cgroup /sys/fs/cgroup bind'; do
	capture "$RI" -n -r "$R" -m "$m"
	expect_eq "-m '$m': usage error 2" 2 "$RC"
done
capture "$RI" -n -r "$R" -m 'cgroup2 /sys/fs/cgroup cgroup2 ro'
expect_eq "-m 'cgroup2 /sys/fs/cgroup cgroup2 ro': allowed" 0 "$RC"

# ---- inside ----------------------------------------------------------------------
HOSTNS=$(readlink /proc/self/ns/cgroup)
inside='readlink /proc/self/ns/cgroup; cat /proc/self/cgroup
	grep " /sys/fs/cgroup " /proc/self/mounts
	test -r /sys/fs/cgroup/cgroup.controllers && echo controllers
	(: >/sys/fs/cgroup/cgroup.max.depth) 2>&1; exit 0'
capture ns_run -r "$R" --cgroupns -- /bin/sh -c "$inside"
expect_eq "--cgroupns: rootinit runs COMMAND and says nothing" "0 " "$RC $ERR"
ns=$(printf '%s\n' "$OUT" | sed -n 1p)
if [ -n "$ns" ] && [ "$ns" != "$HOSTNS" ]; then
	ok "--cgroupns: COMMAND is in a cgroup namespace of its own"
else notok "--cgroupns: COMMAND is in a cgroup namespace of its own" "$ns, ours $HOSTNS"; fi
expect_match "--cgroupns: /proc/self/cgroup shows 0::/" '^0::/$' "$OUT"
expect_nomatch "--cgroupns: every hierarchy's path is / (the namespace's root)" \
	'^[0-9]+:[^:]*:/.' "$OUT"

# Can this kernel mount cgroup2 in a cgroup namespace at all?  (Our own
# namespaces: the host's mounts stay as they are.)
mkdir "$T/cg"
if ! why=$(unshare --mount --cgroup --propagation private sh -c \
    "mount -t cgroup2 -o ro cgroup2 '$T/cg' && test -e '$T/cg/cgroup.procs'" 2>&1); then
	why=$(printf %s "$why" | tr "\n" " ")
	kernel_skip "--cgroupns: cgroup2 on /sys/fs/cgroup" \
		"this host refuses a cgroup2 mount in a cgroup namespace (${why:-no cgroup.procs})"
else
	expect_match "--cgroupns: /sys/fs/cgroup is cgroup2, read-only" \
		'^cgroup2 /sys/fs/cgroup cgroup2 ro,nosuid,nodev,noexec' "$OUT"
	expect_match "--cgroupns: its files are there" '^controllers$' "$OUT"
	expect_match "--cgroupns: root inside cannot write it" 'Read-only file system' "$OUT"

	# A cgroup namespace the caller made: used as it is, not unshared again.
	out=$(unshare --cgroup sh -c 'readlink /proc/self/ns/cgroup; exec unshare --mount \
		--pid --fork --uts --ipc --net --propagation private "$0" -r "$1" -- /bin/sh -c \
		"readlink /proc/self/ns/cgroup; grep \" /sys/fs/cgroup \" /proc/self/mounts"' \
		"$RI" "$R" 2>&1)
	a=$(printf '%s\n' "$out" | sed -n 1p) b=$(printf '%s\n' "$out" | sed -n 2p)
	if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" != "$HOSTNS" ]; then
		ok "the caller's cgroup namespace: COMMAND stays in it"
	else notok "the caller's cgroup namespace: COMMAND stays in it" "[$out]"; fi
	expect_match "the caller's cgroup namespace: cgroup2 read-only on /sys/fs/cgroup" \
		'^cgroup2 /sys/fs/cgroup cgroup2 ro,' "$out"

	# Rootless: a cgroup namespace the user namespace owns mounts cgroup2 ...
	out=$(userns_run -r "$R" --cgroupns -- /bin/sh -c \
		'grep " /sys/fs/cgroup " /proc/self/mounts' 2>&1)
	expect_match "user namespace, --cgroupns: cgroup2 read-only on /sys/fs/cgroup" \
		'^cgroup2 /sys/fs/cgroup cgroup2 ro,' "$out"
fi
# ... one it does not own refuses it: nofail, so skipped with a note.
capture unshare --cgroup unshare --user --map-root-user --mount --pid --fork --uts \
	--ipc --net --propagation private "$RI" -r "$R" -- /bin/sh -c \
	'grep -c " /sys/fs/cgroup " /proc/self/mounts; exit 0'
expect_eq "a cgroup namespace the user namespace does not own: COMMAND runs, no mount" \
	"0 0" "$RC $OUT"
one_line "... and the skip is one line" \
	'^rootinit: mount cgroup2 on /sys/fs/cgroup: Operation not permitted; skipped \(nofail\)$'

# Without a cgroup namespace: nothing is mounted there.
if [ -n "$INITIAL" ]; then
	out=$(ns_run -r "$R" -- /bin/sh -c 'grep -c " /sys/fs/cgroup " /proc/self/mounts' 2>&1)
	expect_eq "no cgroup namespace: nothing mounted on /sys/fs/cgroup" 0 "$out"
fi
exit 0
