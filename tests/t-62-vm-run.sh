#!/bin/sh
# t-62-vm-run.sh: scripts/vm-run, the kernel developer's boot: Debian's
# kernel under qemu (TCG), the host's / read-only over 9p with a tmpfs
# overlay as root, rootinit as init, COMMAND's status out of the VM.
# Three boots, two at a time:
#   run      vm-run -- sh -c '...; exit 7' in a directory of the test's:
#            status 7, the host's /etc/hostname printed, the working
#            directory kept, a file written inside readable there and
#            absent from the host afterwards
#   signal   COMMAND killed by SIGTERM: status 143 (128+15; beyond what
#            qemu's isa-debug-exit status can carry, so the console line)
#   badshare root= a 9p tag no share has, booted by hand with
#            rootinit.exit=isa-debug-exit: "rootinit: exit status 125" on
#            the console and qemu's own status (125 << 1) | 1 = 251, well
#            within a bound (no hang, no kernel panic)
# When the kernel cannot be fetched the tier is one skip line.
. "$(dirname "$0")/lib.sh"

HERE=$(cd "$TESTS/.." && pwd)
LOGS=$HERE/build/boot-test
T=$(tmpdir)
cleanup() { wait; cleanup_dir "$T"; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if ! KDIR=$("$HERE/scripts/kernel.sh" 2>"$T/kernel.err"); then
	skip vm-run "Debian's kernel could not be fetched: $(tail -1 "$T/kernel.err")"
	exit 0
fi
mkdir -p "$LOGS"
export RI VM_RUN_ACCEL=tcg	# /dev/kvm hangs guests on this machine
BOUND=${BOOT_TIMEOUT:-120}

# vmrun NAME ARGS...: stdout in $T/NAME.out, stderr in $T/NAME.err, the
# status in $T/NAME.status (124: no end within the bound).
vmrun() {
	name=$1; shift
	timeout -k 5 "$BOUND" "$HERE/scripts/vm-run" "$@" </dev/null \
		>"$T/$name.out" 2>"$T/$name.err"
	echo $? >"$T/$name.status"
	cp "$T/$name.out" "$LOGS/vm-run-$name.log"
}

# 1. (in the background) killed by a signal
( vmrun signal -- sh -c 'echo SIGNAL-START; kill -TERM $$; echo survived' ) &

# 2. the run, from a directory of the test's
mkdir "$T/work"
(cd "$T/work" && vmrun run -- sh -c 'cat /etc/hostname; pwd
	echo inside >"$PWD/written" && echo "WROTE $(cat "$PWD/written")"
	echo "ROOT $(awk "\$5 == \"/\" { print \$9 }" /proc/self/mountinfo)"
	exit 7')
out=$(cat "$T/run.out")
st=$(cat "$T/run.status")
[ "$st" = 7 ] && ok vm-run-exit-7 ||
	notok vm-run-exit-7 "status $st; $(tail -3 "$T/run.err" | tr '\n' ';')"
expect_eq vm-run-hostname "$(cat /etc/hostname)" "$(echo "$out" | sed -n 1p)"
expect_eq vm-run-workdir "$T/work" "$(echo "$out" | sed -n 2p)"
expect_match vm-run-root-overlay '^ROOT overlay$' "$out"
expect_match vm-run-writes-inside '^WROTE inside$' "$out"
if [ -e "$T/work/written" ]; then
	notok vm-run-host-untouched "$T/work/written is on the host"
else
	ok vm-run-host-untouched
fi
expect_nomatch vm-run-no-status-line 'exit status' "$out"

# 3. a share that is not there, by hand: the initramfs vm-run builds, the
# tag changed, the debug-exit device that makes qemu's status say it.
ROOTFSTYPE=9p ROOTDEV=nosuchshare OVERLAY=1 COMMAND="/bin/echo BOOTED" \
	KARGS="rootinit.exit=isa-debug-exit" \
	"$HERE/scripts/initramfs.sh" "$T/bad.gz" >/dev/null 2>"$T/initramfs.err" ||
	notok vm-run-badshare-initramfs "$(tail -1 "$T/initramfs.err")"
start=$(date +%s)
timeout -k 5 "$BOUND" qemu-system-x86_64 -accel tcg -m 256 -display none \
	-serial stdio -monitor none -no-reboot -nic none \
	-device isa-debug-exit,iobase=0xf4,iosize=0x01 \
	-virtfs local,path="$T/work",mount_tag=root,security_model=none,readonly=on \
	-kernel "$KDIR/vmlinuz" -initrd "$T/bad.gz" -append "$(cat "$T/bad.gz.cmdline")" \
	</dev/null >"$LOGS/vm-run-badshare.log" 2>&1
st=$?
echo "t-62-vm-run: bad share boot took $(($(date +%s) - start)) s" >&2
log=$(tr -d '\r' <"$LOGS/vm-run-badshare.log")
[ "$st" = 251 ] && ok vm-run-badshare-qemu-status ||
	notok vm-run-badshare-qemu-status "want 251, got $st (124: no end within $BOUND s)"
expect_match vm-run-badshare-status-line '^rootinit: exit status 125$' "$log"
expect_match vm-run-badshare-error '^rootinit: mount root nosuchshare on /.overlay/lower' "$log"
expect_nomatch vm-run-badshare-no-panic 'Kernel panic|^BOOTED' "$log"

wait
out=$(cat "$T/signal.out")
st=$(cat "$T/signal.status")
[ "$st" = 143 ] && ok vm-run-signal-143 ||
	notok vm-run-signal-143 "status $st; $(tail -3 "$T/signal.err" | tr '\n' ';')"
expect_match vm-run-signal-output '^SIGNAL-START$' "$out"
expect_nomatch vm-run-signal-killed 'survived' "$out"
