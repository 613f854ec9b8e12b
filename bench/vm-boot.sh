#!/bin/sh
# bench/vm-boot.sh: boot-to-exit time of `scripts/vm-run -- true` against
# the same boot with busybox's sh as /init doing the same job (the same
# kernel, qemu flags, modules, 9p root, tmpfs overlay; chroot, run `true`,
# print its status, poweroff -f).  One run each by default (RUNS=N for
# more; the median is printed).  Prints a Markdown table.
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-1}
KDIR=$("$HERE/scripts/kernel.sh")
T=$(mktemp -d "${TMPDIR:-/tmp}/vm-boot.XXXXXX")
trap 'rm -rf "$T"' EXIT
export VM_RUN_ACCEL=${VM_RUN_ACCEL:-tcg}

ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# The busybox initramfs: the modules vm-run packs, and a script as /init.
mkdir -p "$T/bb/bin" "$T/bb/dev" "$T/bb/lib/modules"
cp /bin/busybox "$T/bb/bin/busybox"
mods=
for m in drivers/virtio/virtio_ring drivers/virtio/virtio \
    drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci_legacy_dev \
    drivers/virtio/virtio_pci fs/netfs/netfs fs/fscache/fscache net/9p/9pnet \
    net/9p/9pnet_virtio fs/9p/9p fs/overlayfs/overlay; do
	cp "$KDIR/modules/kernel/$m.ko" "$T/bb/lib/modules/"
	mods="$mods /lib/modules/$(basename "$m").ko"
done
cat >"$T/bb/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t devtmpfs dev /dev; mount -t proc proc /proc 2>/dev/null || { mkdir /proc; mount -t proc proc /proc; }
for m in $mods; do insmod \$m; done
mkdir -p /lower /rw /newroot
mount -t 9p -o ro,trans=virtio,version=9p2000.L root /lower
mount -t tmpfs -o mode=755 tmpfs /rw; mkdir /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work overlay /newroot
mount -t proc proc /newroot/proc; mount -t devtmpfs dev /newroot/dev; mount -t sysfs sys /newroot/sys
chroot /newroot /bin/sh -c 'cd $PWD && true'
echo "exit status \$?"
poweroff -f
EOF
chmod 755 "$T/bb/init"
(cd "$T/bb" && find . | busybox cpio -o -H newc -R 0:0 2>/dev/null) | gzip -9 >"$T/bb.gz"

for i in $(seq "$RUNS"); do
	s=$(ms)
	"$HERE/scripts/vm-run" -- true
	echo $(($(ms) - s)) >>"$T/rootinit"
	s=$(ms)
	qemu-system-x86_64 -accel "${VM_RUN_ACCEL%%:*}" -m 512 -display none \
		-serial stdio -monitor none -no-reboot -nic none \
		-device isa-debug-exit,iobase=0xf4,iosize=0x01 \
		-virtfs local,path=/,mount_tag=root,security_model=none,readonly=on,multidevs=remap \
		-kernel "$KDIR/vmlinuz" -initrd "$T/bb.gz" \
		-append "console=ttyS0 quiet no_timer_check panic=-1" </dev/null |
		grep -a 'exit status' | tr -d '\r' >&2
	echo $(($(ms) - s)) >>"$T/busybox"
done
echo "| init | boot to exit, ms (median of $RUNS, $VM_RUN_ACCEL) |"
echo "|---|---|"
echo "| rootinit (scripts/vm-run -- true) | $(median <"$T/rootinit") |"
echo "| busybox sh as /init, same job | $(median <"$T/busybox") |"
