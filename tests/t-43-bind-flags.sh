#!/bin/sh
# A bind mount with options is remounted; the remount must keep what the
# source mount has (nosuid, nodev, noexec, ro of a host volume) unless an
# option clears it by name: a setuid binary on a nosuid volume stays inert.
. "$(dirname "$0")/lib.sh"

T=$(tmpdir)
trap 'cleanup_dir "$T"' EXIT
mkroot "$T/root"
mkdir -p "$T/src" "$T/rosrc"
mount -t tmpfs -o nosuid,nodev,noexec tmpfs "$T/src"
# read-only at the mount, not the superblock: a remount could make it rw
mount --bind "$T/src" "$T/rosrc" && mount -o remount,bind,ro "$T/rosrc"

opts() {	# mount options of /data as the workload sees them
	ns_run -r "$T/root" "$@" --exec -- /bin/sh -c \
		'awk "\$5 == \"/data\" {print \$6}" /proc/self/mountinfo' 2>&1
}

o=$(opts -m "$T/src /data bind ro")
expect_match "bind ro keeps the source's nosuid,nodev,noexec" '^ro,nosuid,nodev,noexec' "$o"
o=$(opts -m "$T/src /data bind ro,suid")
expect_nomatch "suid named: nosuid cleared" 'nosuid' "$o"
expect_match "suid named: nodev,noexec kept" 'nodev,noexec' "$o"
o=$(opts -m "$T/src /data bind rw,exec,dev")
expect_match "exec,dev named: only nosuid kept" '^rw,nosuid(,|$)' "$o"
o=$(opts -m "$T/rosrc /data bind nosuid")
expect_match "a read-only source stays read-only under nosuid" '^ro,nosuid' "$o"
o=$(opts -m "$T/src /data bind")
expect_match "plain bind: the source's flags as they are" '^rw,nosuid,nodev,noexec' "$o"

mkdir -p "$T/src/sub"
mount -t tmpfs tmpfs "$T/src/sub"
o=$(ns_run -r "$T/root" -m "$T/src /data rbind ro" --exec -- /bin/sh -c \
	'awk "\$5 == \"/data/sub\" {print \$6}" /proc/self/mountinfo' 2>&1)
expect_match "rbind ro: the submount is read-only too" '^ro' "$o"
umount "$T/src/sub"

umount "$T/src" "$T/rosrc"
