#!/bin/sh
# setup.sh ROOT: the benchmark's job as a shell script (dash, util-linux and
# coreutils before the switch; busybox and util-linux setpriv, copied into
# the root, after it).  Started as PID 1 of fresh mount and PID namespaces.
set -e
mount --make-rprivate /
mount --rbind "$1" "$1"
cd "$1"
mount -t proc -o nosuid,noexec,nodev proc proc
mount -t tmpfs -o nosuid,strictatime,mode=755,size=65536k tmpfs dev
mkdir dev/pts dev/shm dev/mqueue
mount -t devpts -o nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5 devpts dev/pts
mount -t tmpfs -o nosuid,noexec,nodev,mode=1777,size=65536k shm dev/shm
mount -t mqueue -o nosuid,noexec,nodev mqueue dev/mqueue
mount -t sysfs -o nosuid,noexec,nodev,ro sysfs sys
mknod -m 666 dev/null c 1 3
mknod -m 666 dev/zero c 1 5
mknod -m 666 dev/full c 1 7
mknod -m 666 dev/random c 1 8
mknod -m 666 dev/urandom c 1 9
mknod -m 666 dev/tty c 5 0
ln -s /proc/self/fd dev/fd
ln -s /proc/self/fd/0 dev/stdin
ln -s /proc/self/fd/1 dev/stdout
ln -s /proc/self/fd/2 dev/stderr
if [ -e proc/kcore ]; then ln -s /proc/kcore dev/core; fi
ln -s pts/ptmx dev/ptmx
for p in proc/acpi proc/asound proc/interrupts proc/kcore proc/keys \
    proc/latency_stats proc/timer_list proc/timer_stats proc/sched_debug \
    proc/scsi sys/firmware sys/devices/virtual/powercap; do
	if [ -d $p ]; then
		mount -t tmpfs -o ro,nosuid,nodev,noexec,size=0 tmpfs $p
	elif [ -e $p ]; then
		mount --bind dev/null $p
		mount -o remount,bind,ro,nosuid,nodev,noexec $p
	fi
done
for p in proc/bus proc/fs proc/irq proc/sys proc/sysrq-trigger; do
	if [ -e $p ]; then
		mount --rbind $p $p
		mount -o remount,bind,ro,nosuid,nodev,noexec $p
	fi
done
pivot_root . .
umount -l .
cd /
umask 022
exec setpriv --bounding-set -all,+chown,+dac_override,+fsetid,+fowner,+mknod,+net_raw,+setgid,+setuid,+setfcap,+setpcap,+net_bind_service,+sys_chroot,+kill,+audit_write \
    --inh-caps -all --ambient-caps -all /bin/true
