#!/bin/sh
# bench/handover-boot.sh ROOT.img ITOOLS-INITRD [RUNS]: qemu start to
# "Reached target Multi-User System" on the console (issue 16), booting the
# same Debian root image, kernel and flags through rootinit's --switch-root
# initramfs and through Debian's own initramfs-tools one; medians of RUNS
# (default 3), runs interleaved.  ROOT.img is scripts/debian-root.sh's image
# with linux-image-<build/kernel/release> and initramfs-tools installed and
# ITOOLS-INITRD the initrd update-initramfs made there; each boot gets a
# scratch copy of the image, so ROOT.img is never written.  Root only.
set -eu
[ $# -ge 2 ] || { echo "usage: bench/handover-boot.sh ROOT.img ITOOLS-INITRD [RUNS]" >&2; exit 2; }
IMG=$(realpath "$1") ITOOLS=$(realpath "$2") RUNS=${3:-3}
cd "$(dirname "$0")/.."
KDIR=$(./scripts/kernel.sh)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SWITCH_ROOT=1 RI=./rootinit ./scripts/initramfs.sh "$T/ri.gz" >/dev/null 2>&1
RICMD=$(cat "$T/ri.gz.cmdline")
ITCMD="console=ttyS0 root=/dev/vda rw panic=-1"
# boot INITRD CMDLINE: milliseconds from qemu's start to multi-user.target
boot() {
	cp --sparse=always "$IMG" "$T/disk.img"
	t0=$(date +%s%N)
	timeout -k 5 300 qemu-system-x86_64 -accel tcg -m 1024 -nographic -no-reboot \
		-nic none -kernel "$KDIR/vmlinuz" -initrd "$1" -append "$2" \
		-drive "file=$T/disk.img,format=raw,if=virtio" </dev/null 2>&1 |
		while IFS= read -r l; do
			case $l in *"Reached target"*"Multi-User System"*)
				echo $((($(date +%s%N) - t0) / 1000000)) ;;
			esac
		done
}
med() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
i=0
while [ $i -lt "$RUNS" ]; do
	boot "$T/ri.gz" "$RICMD" >>"$T/ri"
	boot "$ITOOLS" "$ITCMD" >>"$T/it"
	i=$((i + 1))
done
echo "| initramfs | runs (ms) | median |"
echo "|---|---|---:|"
echo "| rootinit --switch-root | $(tr '\n' ' ' <"$T/ri") | $(med <"$T/ri") ms |"
echo "| initramfs-tools | $(tr '\n' ' ' <"$T/it") | $(med <"$T/it") ms |"
