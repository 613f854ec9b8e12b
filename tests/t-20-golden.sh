#!/bin/sh
# t-20-golden: `rootinit --dry-run` against expected plans.
#
# tests/golden/NAME.args holds rootinit's argv, one word a line (the first
# must be -n or --dry-run); tests/golden/NAME.out the stdout expected.  In
# both, @ROOT@ stands for a rootfs directory made here and @FIFO@ for a
# fifo on the host.  RI_GOLDEN_UPDATE=1 rewrites the .out files from the
# binary instead of comparing (review the diff before committing it).
. "$(dirname "$0")/lib.sh"
# lib.sh's notok uses echo, which in dash turns "\040" or "\000" inside a
# message into bytes; print reasons verbatim, control characters made visible.
notok() { printf 'not ok %s: %s\n' "$1" "$2" | cat -v; }

GOLDEN=$TESTS/golden
ROOT=$(tmpdir)
HOST=$(tmpdir)
trap 'cleanup_dir "$ROOT"; cleanup_dir "$HOST"' EXIT
chmod 755 "$ROOT" "$HOST"
mkdir -p "$ROOT/bin" "$ROOT/etc" "$ROOT/srv/app"
echo 'root:x:0:0::/:/bin/sh' >"$ROOT/etc/passwd"
FIFO=$HOST/fifo
mkfifo -m 0640 "$FIFO"

subst() { sed -e "s|@ROOT@|$ROOT|g" -e "s|@FIFO@|$FIFO|g"; }
unsubst() { sed -e "s|$ROOT|@ROOT@|g" -e "s|$FIFO|@FIFO@|g"; }

# load_args FILE: the words of FILE, substituted, as "$@" of the caller's
# next `eval set --`; each word quoted for eval.
load_args() {
	subst <"$1" | while IFS= read -r a; do
		printf "'%s' " "$(printf %s "$a" | sed "s/'/'\\\\''/g")"
	done
}

# ---- every golden case ----
n=0
for args in "$GOLDEN"/*.args; do
	name=$(basename "$args" .args)
	n=$((n + 1))
	eval "set -- $(load_args "$args")"
	case "$1" in -n|--dry-run) ;; *)
		notok "golden_$name" "$args does not start with -n: refusing to run it"
		continue ;;
	esac
	out=$("$RI" "$@" </dev/null 2>"$HOST/err"; echo "rc=$?")
	rc=${out##*rc=}
	out=${out%rc=*}
	out=${out%
}
	err=$(cat "$HOST/err")
	if [ -n "${RI_GOLDEN_UPDATE:-}" ]; then
		printf '%s\n' "$out" | unsubst >"$GOLDEN/$name.out"
	fi
	if [ ! -f "$GOLDEN/$name.out" ]; then
		notok "golden_$name" "no $GOLDEN/$name.out"
		continue
	fi
	want=$(subst <"$GOLDEN/$name.out")
	if [ "$rc" != 0 ]; then
		notok "golden_$name" "exit $rc, want 0; stderr [$err]"
	elif [ -n "$err" ]; then
		notok "golden_$name" "stderr not empty: [$err]"
	elif [ "$out" != "$want" ]; then
		notok "golden_$name" "plan differs: $(printf '%s\n' "$want" >"$HOST/want"
			printf '%s\n' "$out" >"$HOST/got"
			diff "$HOST/want" "$HOST/got" | grep '^[<>]' | head -6 | tr '\n' '|')"
	else
		ok "golden_$name"
	fi
done
if [ "$n" -ge 15 ]; then ok golden_cases; else notok golden_cases "only $n cases"; fi

# ---- the default plan is the contract's, line for line ----
want="rootfs $ROOT
mount proc /proc proc nosuid,noexec,nodev
mount tmpfs /dev tmpfs nosuid,strictatime,mode=755,size=65536k
mount devpts /dev/pts devpts nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5
mount shm /dev/shm tmpfs nosuid,noexec,nodev,mode=1777,size=65536k
mount mqueue /dev/mqueue mqueue nosuid,noexec,nodev
mount sysfs /sys sysfs nosuid,noexec,nodev,ro"
got=$("$RI" -n -r "$ROOT" 2>&1 | grep -E '^(rootfs|mount) ')
expect_eq default_mounts_are_contract "$want" "$got"

want="device /dev/null c 1 3 0666 0 0
device /dev/zero c 1 5 0666 0 0
device /dev/full c 1 7 0666 0 0
device /dev/random c 1 8 0666 0 0
device /dev/urandom c 1 9 0666 0 0
device /dev/tty c 5 0 0666 0 0
link /dev/fd /proc/self/fd
link /dev/stdin /proc/self/fd/0
link /dev/stdout /proc/self/fd/1
link /dev/stderr /proc/self/fd/2
link /dev/core /proc/kcore
link /dev/ptmx pts/ptmx"
got=$("$RI" -n -r "$ROOT" 2>&1 | grep -E '^(device|link) ')
expect_eq default_devices_are_contract "$want" "$got"

want="/proc/acpi /proc/asound /proc/interrupts /proc/kcore /proc/keys /proc/latency_stats /proc/timer_list /proc/timer_stats /proc/sched_debug /proc/scsi /sys/firmware /sys/devices/virtual/powercap"
got=$("$RI" -n -r "$ROOT" 2>&1 | sed -n 's/^mask //p' | tr '\n' ' ')
expect_eq default_masks_are_contract "$want " "$got"
want="/proc/bus /proc/fs /proc/irq /proc/sys /proc/sysrq-trigger"
got=$("$RI" -n -r "$ROOT" 2>&1 | sed -n 's/^readonly-path //p' | tr '\n' ' ')
expect_eq default_readonly_are_contract "$want " "$got"

# the 13 kept capabilities (Docker's less MKNOD), in any order
want=$(echo CHOWN DAC_OVERRIDE FSETID FOWNER NET_RAW SETGID SETUID SETFCAP \
	SETPCAP NET_BIND_SERVICE SYS_CHROOT KILL AUDIT_WRITE | tr ' ' '\n' | sort | tr '\n' ,)
got=$("$RI" -n -r "$ROOT" 2>&1 | sed -n 's/^caps //p' | tr , '\n' | sort | tr '\n' ,)
expect_eq default_caps_are_contract "$want" "$got"

# with no rootfs: nothing prepared, only the supervisor of /bin/sh
got=$("$RI" -n 2>&1)
expect_nomatch no_rootfs_prepares_nothing '^(rootfs|mount|device|link|mask|readonly-path|switch|caps) ' "$got"
expect_match no_rootfs_supervises_sh '^supervise /bin/sh$' "$got"

# ---- printed mount and device fields read back as the same plan ----
roundtrip() {	# NAME KIND(mount|device) OPTION ARGS...
	name=$1 kind=$2 opt=$3
	shift 3
	first=$("$RI" "$@" 2>&1 | grep "^$kind ")
	set --
	while IFS= read -r l; do
		set -- "$@" "$opt" "${l#"$kind "}"
	done <<-EOF
	$first
	EOF
	again=$("$RI" -n -r "$ROOT" --no-default-mounts --no-default-devices "$@" 2>&1 |
		grep "^$kind ")
	if [ -z "$first" ]; then notok "$name" "no $kind line printed"
	else expect_eq "$name" "$first" "$again"; fi
}
eval "set -- $(load_args "$GOLDEN/mount-escape.args")"
roundtrip mount_fields_roundtrip mount -m "$@"
roundtrip mount_defaults_roundtrip mount -m -n -r "$ROOT"
roundtrip mount_bind_roundtrip mount -m -n -r "$ROOT" --no-default-mounts \
	-m '/etc /x\040y\134w bind ro,rslave' -m 'a\011b /t tmpfs' -m '/tmp /a rbind'
roundtrip device_fields_roundtrip device -d -n -r "$ROOT" \
	-d '/dev/my\040dev c 10 229 0600 5 6' -d "$FIFO" -d '/dev/b b 8 1'

got=$("$RI" -n -r "$ROOT" --no-default-mounts -m 'a\040b /c\040d tmpfs x=\040' 2>&1 |
	grep '^mount ')
expect_eq mount_space_printed_escaped 'mount a\040b /c\040d tmpfs x=\040' "$got"

# ---- a dry run changes nothing ----
before=$(cat /proc/self/mountinfo)
hbefore=$(hostname)
tbefore=$(tree_hash "$ROOT")
out=$("$RI" -n -r "$ROOT" --hostname rootinit-dry-run -m '/etc /mnt/etc bind' \
	-d '/dev/fuse c 10 229' --mask /etc --readonly --console /dev/null \
	--user 1000 --caps none -- /bin/true 2>&1)
expect_match dry_run_prints_plan '^hostname rootinit-dry-run$' "$out"
expect_eq dry_run_mountinfo_unchanged "$before" "$(cat /proc/self/mountinfo)"
expect_eq dry_run_hostname_unchanged "$hbefore" "$(hostname)"
expect_eq dry_run_rootfs_unchanged "$tbefore" "$(tree_hash "$ROOT")"
if ls "$ROOT/dev" "$ROOT/proc" >/dev/null 2>&1; then
	notok dry_run_creates_nothing "$(ls -a "$ROOT")"
else ok dry_run_creates_nothing; fi

# ---- the same plan without privileges ----
if command -v setpriv >/dev/null 2>&1; then
	want=$("$RI" -n -r "$ROOT" -m 'tmpfs /tmp tmpfs' --user 5 2>&1)
	got=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$RI" -n -r "$ROOT" -m 'tmpfs /tmp tmpfs' --user 5 2>&1)
	case "$got" in
	"rootfs $ROOT"*"supervise /bin/sh") expect_eq dry_run_as_nobody "$want" "$got" ;;
	*) notok dry_run_as_nobody "no plan printed: [$(printf %s "$got" | head -c 200)]" ;;
	esac
else
	notok dry_run_as_nobody "setpriv missing"
fi
exit 0
