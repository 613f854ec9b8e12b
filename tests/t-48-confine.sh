#!/bin/sh
# t-48-confine: the rest of COMMAND's confinement, seen from inside.  The
# default seccomp filter (Docker's profile, seccomp.policy) denies what it
# should with the errno the README names, follows --caps, leaves ordinary
# work alone, and goes with --seccomp none; a raw BPF FILE is checked
# before anything changes.  tests/confine is the probe that makes the calls.
. "$(dirname "$0")/lib.sh"
cd "$TESTS/.."
make -s tests/confine >/dev/null 2>&1 || { notok "build tests/confine" "make failed"; exit 0; }

T=$(tmpdir)
trap cleanup EXIT
R=$T/root
mkroot "$R"
HOSTVALS=$(cat /proc/sys/kernel/msgmax /proc/sys/net/ipv4/ip_forward)
cp tests/confine "$R/bin/confine"

# probe ARGS... -- CHECKS...: the probe's lines for CHECKS (in order: unshare_user
# moves the probe into a new user namespace), run by rootinit
# with ARGS in fresh namespaces.
probe() {
	args=
	while [ "$1" != -- ]; do args="$args $1"; shift; done
	shift
	# shellcheck disable=SC2086
	ns_run -r "$R" $args -- /bin/confine "$@" 2>&1
}
# got CHECK OUTPUT: the value the probe printed for CHECK.
got() { printf '%s\n' "$2" | sed -n "s/^$1 //p"; }

# ---- the default filter: denied calls and their errno --------------------
ALL="keyctl add_key kexec_load open_by_handle_at clone_newuser unshare_user clone3
	personality_norandom personality_query socket_vsock socket_unix fork newer"
def=$(probe -- $ALL)
none=$(probe --seccomp none -- $ALL)
for c in keyctl add_key kexec_load open_by_handle_at unshare_user \
    clone_newuser personality_norandom socket_vsock; do
	expect_eq "default filter: $c fails with EPERM" EPERM "$(got $c "$def")"
	if [ "$(got $c "$none")" = EPERM ]; then
		notok "--seccomp none: $c reaches the kernel" "EPERM without the filter"
	else ok "--seccomp none: $c reaches the kernel ($(got $c "$none"))"; fi
done
expect_eq "default filter: clone3 is ENOSYS (libc falls back to clone)" ENOSYS \
	"$(got clone3 "$def")"
expect_eq "default filter: personality query allowed" ok "$(got personality_query "$def")"
expect_eq "default filter: AF_UNIX sockets allowed" ok "$(got socket_unix "$def")"
expect_eq "default filter: fork (clone without namespace flags) allowed" ok \
	"$(got fork "$def")"
# A syscall newer than the policy: ENOSYS, as on an older kernel.
if [ "$(got newer "$none")" = ENOSYS ]; then
	kernel_skip "default filter: newer syscalls are ENOSYS" "this kernel lacks open_tree_attr (6.15)"
else
	expect_eq "default filter: a syscall newer than the policy is ENOSYS" ENOSYS \
		"$(got newer "$def")"
fi

# ---- other ABIs: refused with ENOSYS ------------------------------------
# Only provable where the kernel itself runs them.
abi=$(probe --seccomp none -- i386 x32)
if [ "$(got i386 "$abi")" = ok ]; then
	expect_eq "default filter: an i386 call (int 0x80) is ENOSYS" ENOSYS \
		"$(got i386 "$(probe -- i386)")"
else
	kernel_skip "default filter: i386 calls refused" "this kernel has no i386 ABI ($(got i386 "$abi"))"
fi
if [ "$(got x32 "$abi")" = ok ]; then
	expect_eq "default filter: an x32 call is ENOSYS" ENOSYS "$(got x32 "$(probe -- x32)")"
else
	kernel_skip "default filter: x32 calls refused" "this kernel has no x32 ABI"
fi

# ---- rules that follow --caps ---------------------------------------------
out=$(probe --caps all -- clone_newuser unshare_user clone3 open_by_handle_at keyctl)
expect_eq "--caps all (CAP_SYS_ADMIN): unshare(CLONE_NEWUSER) allowed" ok \
	"$(got unshare_user "$out")"
expect_eq "--caps all (CAP_SYS_ADMIN): clone(CLONE_NEWUSER) allowed" ok \
	"$(got clone_newuser "$out")"
expect_eq "--caps all: clone3 reaches the kernel" EINVAL "$(got clone3 "$out")"
expect_eq "--caps all (CAP_DAC_READ_SEARCH): open_by_handle_at reaches the kernel" \
	EFAULT "$(got open_by_handle_at "$out")"
expect_eq "--caps all: keyctl still EPERM (no capability allows it)" EPERM \
	"$(got keyctl "$out")"
out=$(probe --caps DAC_READ_SEARCH -- open_by_handle_at unshare_user)
expect_eq "--caps DAC_READ_SEARCH: open_by_handle_at reaches the kernel" EFAULT \
	"$(got open_by_handle_at "$out")"
expect_eq "--caps DAC_READ_SEARCH: unshare still EPERM" EPERM "$(got unshare_user "$out")"
# Rootless: the same filter in a user namespace.
out=$(userns_run -r "$R" -- /bin/confine keyctl unshare_user fork 2>&1)
expect_eq "user namespace: the filter loads, keyctl EPERM, fork ok" "EPERM EPERM ok" \
	"$(got keyctl "$out") $(got unshare_user "$out") $(got fork "$out")"
# --no-new-privs: loaded after the capabilities are gone, as --user 1000.
out=$(probe --no-new-privs --user 1000 -- keyctl fork)
expect_eq "--no-new-privs --user 1000: filter loaded" "EPERM ok" \
	"$(got keyctl "$out") $(got fork "$out")"

# ---- ordinary work is unaffected -------------------------------------------
work='cd /tmp && mkdir -p a/b && echo hello >a/b/f && cp -r a c && tar cf t.tar c &&
	rm -rf c && tar xf t.tar && cat c/b/f && ls -l c/b | wc -l && id -u &&
	sleep 0.1 & wait; echo x | sed s/x/y/ | sort; ps -o pid,comm | grep -c ps;
	date +%Y >/dev/null && echo done'
want=$(ns_run -r "$R" --seccomp none -- /bin/sh -c "$work" 2>&1)
out=$(ns_run -r "$R" -- /bin/sh -c "$work" 2>&1)
expect_eq "default filter: busybox shell work as without it" "$want" "$out"
expect_match "the busybox work ran" '^done$' "$out"

# ---- where the default applies ----------------------------------------------
out=$(ns_run --exec -- "$R/bin/confine" keyctl 2>&1)
expect_eq "no rootfs (drop-in): no filter unless asked" EOPNOTSUPP "$(got keyctl "$out")"
out=$(ns_run --seccomp default --exec -- "$R/bin/confine" keyctl 2>&1)
expect_eq "no rootfs, --seccomp default: filtered" EPERM "$(got keyctl "$out")"
out=$(probe --exec -- keyctl)
expect_eq "--exec: filtered too" EPERM "$(got keyctl "$out")"
out=$("$RI" -n -r "$R" 2>&1)
expect_match "dry run names the filter and its size" \
	'^seccomp default x86_64 \([0-9]+ instructions, [0-9]+ bytes\)$' "$out"
expect_nomatch "dry run: --seccomp none prints no filter" '^seccomp' \
	"$("$RI" -n -r "$R" --seccomp none 2>&1)"
n=$(printf '%s\n' "$out" | sed -n 's/^seccomp .*(\([0-9]*\) instructions, \([0-9]*\) bytes)$/\1 \2/p')
want=$(awk '/seccomp_default\[/ { f = 1; next } /^};/ { f = 0 } f' \
	"$TESTS/../build/seccomp-default.h" | grep -c '{ 0x')
expect_eq "dry run: the size is the compiled table's" "$want $((want * 8))" "$n"

# Without CAP_SYS_ADMIN and without --no-new-privs the kernel refuses a
# filter: said before anything runs.
if command -v setpriv >/dev/null; then
	capture unshare --mount --pid --fork setpriv --bounding-set=-sys_admin \
		--inh-caps=-sys_admin "$RI" --seccomp default -- /bin/true
	expect_eq "no CAP_SYS_ADMIN: status 125" 125 "$RC"
	expect_match "no CAP_SYS_ADMIN: says why" \
		'^rootinit: --seccomp: loading a filter needs CAP_SYS_ADMIN, or --no-new-privs$' "$ERR"
	out=$(unshare --mount --pid --fork setpriv --bounding-set=-sys_admin \
		--inh-caps=-sys_admin "$RI" --seccomp default --no-new-privs --exec -- \
		"$R/bin/confine" keyctl 2>&1)
	expect_eq "no CAP_SYS_ADMIN, --no-new-privs: filtered" EPERM "$(got keyctl "$out")"
else
	notok "setpriv" "missing (util-linux)"
fi

# ---- --seccomp FILE -----------------------------------------------------------
# bpf FILE OCTAL-ESCAPES: a program in struct sock_filter's bytes (x86_64).
bpf() { printf "$2" >"$1"; }
LD_NR='\040\0\0\0\0\0\0\0'				# ld [0] (nr)
JEQ_KEYCTL='\025\0\0\001\372\0\0\0'		# jeq #250, 0, 1
RET_EACCES='\006\0\0\0\015\0\005\0'		# ret ERRNO|13
RET_ALLOW='\006\0\0\0\0\0\377\177'		# ret ALLOW
bpf "$T/good.bpf" "$LD_NR$JEQ_KEYCTL$RET_EACCES$RET_ALLOW"
out=$(probe --seccomp "$T/good.bpf" -- keyctl fork)
expect_eq "--seccomp FILE: the program runs (keyctl EACCES, fork ok)" "EACCES ok" \
	"$(got keyctl "$out") $(got fork "$out")"
expect_match "--seccomp FILE: dry run names it" \
	"^seccomp $T/good.bpf \\(4 instructions, 32 bytes\\)\$" "$("$RI" -n -r "$R" --seccomp "$T/good.bpf")"

bpf "$T/odd.bpf" "$LD_NR$RET_ALLOW\001"
: >"$T/empty.bpf"
bpf "$T/opcode.bpf" '\377\377\0\0\0\0\0\0'"$RET_ALLOW"
bpf "$T/jump.bpf" "$LD_NR"'\025\0\011\0\372\0\0\0'"$RET_ALLOW"
bpf "$T/noret.bpf" "$LD_NR$LD_NR"
bpf "$T/load.bpf" '\040\0\0\0\100\0\0\0'"$RET_ALLOW"
bpf "$T/ld.bpf" '\040\0\0\0\002\0\0\0'"$RET_ALLOW"
mkdir "$T/dir.bpf"
head -c 32776 /dev/zero >"$T/big.bpf"
before=$(tree_hash "$R")
for f in odd:'not a BPF program' empty:'not a BPF program' big:'not a BPF program' \
    opcode:'instruction 0 is an opcode seccomp does not take' \
    jump:'instruction 1 is a jump past the end' \
    noret:'the last instruction is not a return' \
    load:'instruction 0 is a load outside struct seccomp_data' \
    ld:'instruction 0 is a load outside struct seccomp_data' \
    dir:'not a BPF program' missing:'No such file'; do
	name=${f%%:*} why=${f#*:}
	capture ns_run -r "$R" --seccomp "$T/$name.bpf" -- /bin/true
	if [ "$RC" = 2 ] && printf '%s\n' "$ERR" | grep -q "^rootinit: --seccomp $T/$name.bpf.*$why"; then
		ok "--seccomp FILE: $name refused with 2 ($why)"
	else
		notok "--seccomp FILE: $name refused with 2" "status $RC, stderr [$ERR]"
	fi
done
expect_eq "--seccomp FILE: refused before any change to the root" "$before" "$(tree_hash "$R")"
capture "$RI" -n -r "$R" --seccomp ''
expect_eq "--seccomp '': usage error" 2 "$RC"

# ---- --rlimit ------------------------------------------------------------------
out=$(probe --rlimit nofile=1024:2048 --rlimit CORE=0 --rlimit nproc=500 -- nofile core nproc)
expect_eq "--rlimit nofile=1024:2048 read back inside" 1024:2048 "$(got nofile "$out")"
expect_eq "--rlimit CORE=0 (any case; SOFT alone sets both)" 0:0 "$(got core "$out")"
expect_eq "--rlimit nproc=500" 500:500 "$(got nproc "$out")"
out=$(probe --rlimit nofile=100:200 --rlimit nofile=300 -- nofile)
expect_eq "--rlimit: the last of one NAME wins" 300:300 "$(got nofile "$out")"
out=$(ns_run /bin/sh -c "ulimit -Hn" 2>&1)
expect_eq "--rlimit absent: the limit is inherited" "$(ulimit -Hn)" "$out"
for bad in nofile 'nofile=' 'nofile=x' 'nofile=2:1' 'bogus=1' '=1' 'nofile=-1' \
    'nofile=1:2:3'; do
	capture "$RI" -n -r "$R" --rlimit "$bad"
	if [ "$RC" = 2 ] && printf '%s\n' "$ERR" | grep -q '^rootinit: --rlimit '; then
		ok "--rlimit '$bad': usage error 2"
	else notok "--rlimit '$bad': usage error 2" "status $RC, stderr [$ERR]"; fi
done
# A hard limit above the current one needs CAP_SYS_RESOURCE: without it,
# 125 and why, before any change (no silent clamp).
hard=$(ulimit -Hn)
if command -v setpriv >/dev/null; then
	before=$(tree_hash "$R")
	capture unshare --mount --pid --fork setpriv --bounding-set=-sys_resource \
		--inh-caps=-sys_resource "$RI" -r "$R" --rlimit "nofile=1:$((hard + 1))" -- /bin/true
	expect_eq "--rlimit above the hard limit, no CAP_SYS_RESOURCE: 125" 125 "$RC"
	expect_eq "--rlimit above the hard limit: says why" \
		"rootinit: --rlimit nofile: raising the hard limit needs CAP_SYS_RESOURCE" "$ERR"
	expect_eq "--rlimit above the hard limit: refused before any change" "$before" \
		"$(tree_hash "$R")"
fi
expect_match "--rlimit: dry run prints it" '^rlimit nofile=1024:unlimited$' \
	"$("$RI" -n -r "$R" --rlimit nofile=1024:unlimited)"

# ---- --oom-score-adj ------------------------------------------------------------
out=$(ns_run -r "$R" --oom-score-adj 500 -- /bin/sh -c \
	'cat /proc/self/oom_score_adj /proc/1/oom_score_adj' 2>&1 | tr '\n' ' ')
expect_eq "--oom-score-adj 500: COMMAND's score; rootinit (PID 1) keeps its own" \
	"500 $(cat /proc/self/oom_score_adj) " "$out"
out=$(ns_run --oom-score-adj 300 -- /bin/cat /proc/self/oom_score_adj 2>&1)
expect_eq "--oom-score-adj without a root (drop-in)" 300 "$out"
for bad in 1001 -1001 x '' 5x; do
	capture "$RI" -n --oom-score-adj "$bad"
	expect_eq "--oom-score-adj '$bad': usage error 2" 2 "$RC"
done
if command -v setpriv >/dev/null; then
	capture unshare --mount --pid --fork setpriv --bounding-set=-sys_resource \
		--inh-caps=-sys_resource "$RI" -r "$R" --oom-score-adj -100 -- /bin/true
	expect_eq "--oom-score-adj -100 without CAP_SYS_RESOURCE: 125" 125 "$RC"
	expect_match "--oom-score-adj -100: says why" \
		'^rootinit: --oom-score-adj -100 \(lowering it needs CAP_SYS_RESOURCE\): Permission denied$' "$ERR"
fi

# ---- --sysctl --------------------------------------------------------------------
out=$(ns_run -r "$R" --sysctl kernel.msgmax=12345 --sysctl 'kernel.sem=250 32000 32 129' \
	--sysctl fs.mqueue.msg_max=20 --sysctl net.ipv4.ip_forward=1 -- /bin/confine \
	sysctl:kernel.msgmax sysctl:kernel.sem sysctl:fs.mqueue.msg_max sysctl:net.ipv4.ip_forward 2>&1)
expect_eq "--sysctl kernel.msgmax read back inside" 12345 "$(got sysctl:kernel.msgmax "$out")"
expect_eq "--sysctl kernel.sem (a value with blanks)" "250	32000	32	129" \
	"$(got sysctl:kernel.sem "$out")"
expect_eq "--sysctl fs.mqueue.msg_max" 20 "$(got sysctl:fs.mqueue.msg_max "$out")"
expect_eq "--sysctl net.ipv4.ip_forward (own network namespace)" 1 \
	"$(got sysctl:net.ipv4.ip_forward "$out")"
expect_eq "--sysctl: the host's values untouched" "$HOSTVALS" \
	"$(cat /proc/sys/kernel/msgmax /proc/sys/net/ipv4/ip_forward)"
out=$(ns_run -r "$R" --sysctl kernel.msgmax=777 -- /bin/sh -c \
	'{ echo 1 >/proc/sys/kernel/msgmax; } 2>/dev/null; cat /proc/sys/kernel/msgmax' 2>&1)
expect_eq "--sysctl: written before /proc/sys turns read-only" 777 "$out"
for bad in kernel.hostname=x kernel.domainname=x vm.swappiness=1 kernel.msgmax \
    'net.ipv4/../../kernel/core_pattern=x' net.=1 kernel.msgmaxx=1 KERNEL.MSGMAX=1 \
    '=1' 'fs.mqueue..x=1'; do
	# in namespaces of its own: only the key can be what is refused
	capture unshare --ipc --net "$RI" -n -r "$R" --sysctl "$bad"
	if [ "$RC" = 2 ] && printf '%s\n' "$ERR" |
	    grep -Eq '^rootinit: --sysctl .*(not a namespaced sysctl|want KEY=VALUE)'; then
		ok "--sysctl '$bad': usage error 2"
	else notok "--sysctl '$bad': usage error 2" "status $RC, stderr [$ERR]"; fi
done
# Only where the namespace is not the host's (tests run in the host's).
before=$(tree_hash "$R")
# (fresh.sh, or a CI container, may run the suite in an IPC namespace of
# its own: then the key is accepted, and that is asserted instead)
capture unshare --mount --pid --fork --net "$RI" -r "$R" --sysctl kernel.msgmax=1 -- /bin/true
if [ "$(stat -L -c %i /proc/self/ns/ipc)" = 4026531839 ]; then
	expect_eq "--sysctl kernel.*, the host's IPC namespace: usage error 2" 2 "$RC"
	expect_match "--sysctl kernel.*, the host's IPC namespace: says why" \
		'^rootinit: --sysctl kernel.msgmax: the ipc namespace is the host.s' "$ERR"
else
	expect_eq "--sysctl kernel.*, the suite's own IPC namespace (not the initial one): accepted" \
		"0 " "$RC $ERR"
fi
capture unshare --mount --pid --fork --ipc "$RI" -r "$R" --sysctl net.ipv4.ip_forward=1 -- /bin/true
expect_eq "--sysctl net.*, the host's network namespace: usage error 2" 2 "$RC"
expect_eq "--sysctl refused before any change" "$before" "$(tree_hash "$R")"
capture ns_run -r "$R" --sysctl net.ipv4.no_such_key=1 -- /bin/true
expect_eq "--sysctl of a key the kernel lacks: 125" \
	"125 rootinit: sysctl net.ipv4.no_such_key: No such file or directory" "$RC $ERR"
capture ns_run -r "$R" --no-default-mounts --sysctl kernel.msgmax=1 -- /bin/true
expect_eq "--sysctl without proc on /proc: usage error 2" 2 "$RC"
capture ns_run --sysctl kernel.msgmax=1 -- /bin/true
expect_eq "--sysctl without --rootfs: usage error 2" 2 "$RC"
expect_match "--sysctl: dry run prints it" '^sysctl kernel.msgmax=1$' \
	"$(unshare --ipc "$RI" -n -r "$R" --sysctl kernel.msgmax=1)"
exit 0
