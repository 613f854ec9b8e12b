#!/bin/sh
# t-70-examples: every example in examples/ run for real, its user-visible
# behaviour checked.
#   shell.sh     root, rootless (as root and as nobody), readonly with /data
#   launch.c     builds warning-free, under 150 lines; as root, with -U, and
#                with -U as nobody: rootinit PID 1 of new namespaces, the
#                hostname isolated, statuses and SIGTERM passed through, no
#                mount propagating back
#   Dockerfile   the image's tree built from the Dockerfile without Docker,
#                then started as runc would (namespaces, proc, /dev, a
#                volume, pivot_root) with ENTRYPOINT + CMD: PID 1 is
#                rootinit, CMD its child, statuses and SIGTERM passed,
#                orphans reaped, mounts and capabilities untouched
# initramfs.md is tested by t-60-boot.sh (scripts/initramfs.sh); here only
# that the commands it documents are the script's.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$TESTS/.." && pwd)
EX=$TOP/examples
T=$(tmpdir)
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
# Everything nobody runs must be reachable by nobody.
chmod 755 "$T"
mkdir "$T/bin"
cp "$RI" "$T/bin/rootinit"
RI=$T/bin/rootinit
export RI
TO="timeout -s KILL 20"
HOSTNAME0=$(hostname)

# child_of PID: its one child's pid in CHILD.
# as_nobody CMD...: CMD without privileges.
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

# ---- shell.sh ----------------------------------------------------------------
cp "$EX/shell.sh" "$T/bin/shell.sh"
SH=$T/bin/shell.sh
mkroot "$T/root"
mkdir -p "$T/root/proc" "$T/root/dev" "$T/root/sys" "$T/root/t"
R=$T/root
# The workload every form runs: what it sees, one "key value" a line, then
# exit $1 (after writing "hi" to $2, when given).
cat >"$R/t/probe.sh" <<'EOF'
echo "pid1 $(tr '\0' ' ' </proc/1/cmdline | sed 's/ $//')"
echo "ppid $PPID"
echo "pidns $(readlink /proc/self/ns/pid)"
echo "netns $(readlink /proc/self/ns/net)"
echo "uid $(id -u)"
echo "host $(hostname)"
echo "uidmap $(tr -s ' ' </proc/self/uid_map | sed 's/^ //')"
echo "gidmap $(tr -s ' ' </proc/self/gid_map | sed 's/^ //')"
echo "setgroups $(cat /proc/self/setgroups)"
[ -z "${2:-}" ] || echo hi >"$2"
exit "${1:-0}"
EOF
HOSTPIDNS=$(readlink /proc/self/ns/pid)
HOSTNETNS=$(readlink /proc/self/ns/net)
# field KEY: the probe's value for KEY in $out
field() { printf '%s\n' "$out" | sed -n "s/^$1 //p"; }
# probed LABEL PID1 HOST UIDMAP: the probe ran as PID 1's child, in pid and
# net namespaces of its own, as uid 0, with PID 1's command line, the
# hostname and the uid map given; the host's hostname is untouched.
probed() {
	expect_eq "$1: rootinit is PID 1, COMMAND its child" "$2|1" "$(field pid1)|$(field ppid)"
	case $(field pidns)/$(field netns) in
	"$HOSTPIDNS"/* | */"$HOSTNETNS" | /)
		notok "$1: own pid and net namespaces" "$(field pidns) $(field netns)" ;;
	*) ok "$1: own pid and net namespaces" ;;
	esac
	expect_eq "$1: uid 0, hostname, uid map" "0|$3|$4" "$(field uid)|$(field host)|$(field uidmap)"
	expect_eq "$1: host hostname unchanged" "$HOSTNAME0" "$(hostname)"
}
# The uid map of a pid namespace without a user namespace of its own.
HOSTMAP=$(tr -s ' ' </proc/self/uid_map | sed 's/^ //')

out=$(NAME=ex-root $TO sh "$SH" root "$R" sh /t/probe.sh 7 2>&1)
expect_eq "shell.sh root: status passed" 7 "$?"
probed "shell.sh root" "$RI --rootfs $R --hostname ex-root -- sh /t/probe.sh 7" ex-root "$HOSTMAP"

out=$(NAME=ex-rl $TO sh "$SH" rootless "$R" sh /t/probe.sh 2>&1)
expect_eq "shell.sh rootless (as root): status passed" 0 "$?"
probed "shell.sh rootless (as root)" "$RI --rootfs $R --hostname ex-rl -- sh /t/probe.sh" ex-rl "0 0 1"

# Rootless for real: nobody, with a root of its own.
if as_nobody unshare --user --map-root-user true 2>/dev/null; then
	mkroot "$T/nbroot"
	cp -r "$R/t" "$T/nbroot/t"
	chown -R 65534:65534 "$T/nbroot"
	out=$(cd "$T" && as_nobody env NAME=ex-nb $TO sh "$SH" rootless "$T/nbroot" \
	    sh /t/probe.sh 3 /root/made 2>&1)
	expect_eq "shell.sh rootless (as nobody): status passed" 3 "$?"
	probed "shell.sh rootless (as nobody)" \
	    "$RI --rootfs $T/nbroot --hostname ex-nb -- sh /t/probe.sh 3 /root/made" ex-nb "0 65534 1"
	expect_eq "shell.sh rootless (as nobody): files it makes are nobody's" \
	    "65534 hi" "$(stat -c %u "$T/nbroot/root/made" 2>&1) $(cat "$T/nbroot/root/made" 2>&1)"
else
	skip "shell.sh rootless and launch -U as nobody" "nobody cannot make a user namespace here"
fi

mkdir "$T/data dir"
echo host >"$T/data dir/from-host"
out=$(DATA="$T/data dir" $TO sh "$SH" readonly "$R" sh -c '
	pwd; cat from-host
	echo written >/data/by-container && echo data-writable
	if (echo x >/root-write) 2>/dev/null; then echo root-writable; else echo root-refused; fi
	if touch /etc/passwd 2>/dev/null; then echo etc-writable; else echo etc-refused; fi
	awk "\$5 == \"/\" && \$6 ~ /^ro(,|\$)/ { r = 1 } END { exit !r }" \
	    /proc/self/mountinfo && echo root-ro' 2>&1)
expect_eq "shell.sh readonly: /data is the host dir, writable; the root refuses writes" \
    "/data host data-writable root-refused etc-refused root-ro" \
    "$(printf '%s\n' "$out" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "shell.sh readonly: the write is in the host dir afterwards" \
    written "$(cat "$T/data dir/by-container" 2>&1)"
check "shell.sh readonly: nothing written in the rootfs" test ! -e "$R/root-write"
out=$(sh "$SH" readonly "$R" true 2>&1)
expect_eq "shell.sh readonly without DATA: usage error" "2 shell.sh: readonly needs DATA=DIR" "$? $out"
out=$(sh "$SH" 2>&1)
expect_match "shell.sh without arguments: usage" '^Usage: examples/shell.sh FORM ROOTFS' "$out"

# ---- launch.c ----------------------------------------------------------------
n=$(wc -l <"$EX/launch.c")
[ "$n" -lt 150 ] && ok "launch.c is under 150 lines ($n)" || notok "launch.c is under 150 lines" "$n lines"
# Built from a copy of examples/ (the tree stays as it is), with warnings
# as errors.
mkdir "$T/ex"
cp "$EX/Makefile" "$EX/launch.c" "$T/ex/"
if make -s -C "$T/ex" CFLAGS="-O2 -Werror" >"$T/build.out" 2>&1 && [ ! -s "$T/build.out" ]; then
	ok "launch.c builds warning-free (examples/Makefile)"
else
	notok "launch.c builds warning-free (examples/Makefile)" "$(head -5 "$T/build.out")"
fi
if command -v gcc >/dev/null; then
	out=$(gcc -std=gnu11 -Wall -Wextra -Werror -O2 -o "$T/launch-gcc" "$EX/launch.c" 2>&1)
	expect_eq "launch.c builds warning-free with gcc and glibc" "" "$out"
fi
L=$T/ex/launch
check "launch is statically linked" sh -c "file '$L' | grep -q 'statically linked'"

out=$($TO "$L" -i "$RI" -h ex-launch "$R" sh /t/probe.sh 9 2>&1)
expect_eq "launch: status passed" 9 "$?"
probed launch "$RI --rootfs $R --hostname ex-launch -- sh /t/probe.sh 9" ex-launch "$HOSTMAP"
$TO "$L" -i "$RI" "$R" sh -c 'hostname changed-inside' >/dev/null 2>&1
expect_eq "launch: hostname isolated from the host" "$HOSTNAME0" "$(hostname)"
$TO "$L" -i "$RI" "$R" sh -c 'kill -KILL $$' >/dev/null 2>&1
expect_eq "launch: COMMAND killed by SIGKILL -> 137" 137 "$?"
$TO "$L" -i "$RI" "$R" /no/such/command >/dev/null 2>&1
expect_eq "launch: rootinit's own status passed (127)" 127 "$?"
$TO "$L" >/dev/null 2>&1
expect_eq "launch without ROOTFS: usage, 2" 2 "$?"

out=$($TO "$L" -U -i "$RI" -h ex-u "$R" sh /t/probe.sh 4 2>&1)
expect_eq "launch -U: status passed" 4 "$?"
probed "launch -U" "$RI --rootfs $R --hostname ex-u -- sh /t/probe.sh 4" ex-u "0 0 1"
expect_eq "launch -U: gid map written by the parent, setgroups denied" \
    "0 0 1|deny" "$(field gidmap)|$(field setgroups)"
if [ -d "$T/nbroot" ]; then
	out=$(cd "$T" && as_nobody $TO "$L" -U -i "$RI" -h ex-nu "$T/nbroot" sh /t/probe.sh 5 2>&1)
	expect_eq "launch -U (as nobody): status passed" 5 "$?"
	probed "launch -U (as nobody)" "$RI --rootfs $T/nbroot --hostname ex-nu -- sh /t/probe.sh 5" \
	    ex-nu "0 65534 1"
	expect_eq "launch -U (as nobody): gid map, setgroups denied" \
	    "0 65534 1|deny" "$(field gidmap)|$(field setgroups)"
	out=$(cd "$T" && as_nobody $TO "$L" -i "$RI" "$T/nbroot" true 2>&1)
	expect_eq "launch without -U (as nobody): refused, 125" \
	    "125 launch: clone: Operation not permitted" "$? $out"
fi

# SIGTERM to launch reaches the workload through rootinit.
mkdir -p "$R/t"
rm -f "$R/t/ready" "$R/t/got"
env --default-signal "$L" -i "$RI" "$R" sh -c '
	trap "echo TERM >/t/got; exit 42" TERM
	echo >/t/ready; while :; do sleep 0.02; done' >"$T/launch.out" 2>&1 &
LPID=$!
PIDS="$PIDS $LPID"
# rootinit, PID 1 of launch's namespaces: killed (and with it its namespace)
# should launch not end, at exit in any case
LRI=
poll 200 child_named "$LPID" rootinit && LRI=$CHILD && PIDS="$LRI $PIDS"
poll 200 test -e "$R/t/ready" && kill -TERM "$LPID"
poll 100 gone "$LPID" || kill -9 $LRI "$LPID" 2>/dev/null
wait "$LPID"
rc=$?
expect_eq "launch: SIGTERM reaches COMMAND, its status 42 passed" \
    "TERM 42" "$(cat "$R/t/got" 2>/dev/null) $rc"

# No mount of rootinit's propagates back, even when the parent's are shared
# (launch, unlike unshare --propagation private, leaves propagation alone):
# in a namespace of its own whose mounts are shared among themselves only.
out=$(unshare --mount --propagation private sh -c '
	mount --make-rshared /
	before=$(cut -d" " -f5 /proc/self/mountinfo | sort)
	"$1" -i "$2" "$3" true || echo "launch failed: $?"
	after=$(cut -d" " -f5 /proc/self/mountinfo | sort)
	[ "$before" = "$after" ] && echo same ||
	    { echo "$before" >"$4/b"; echo "$after" >"$4/a"; diff "$4/b" "$4/a" | head -5; }
	' sh "$L" "$RI" "$R" "$T" 2>&1)
expect_eq "launch: no mount propagates back to a shared parent" same "$out"

# ---- Dockerfile: the drop-in form, run as a runtime would -------------------
# The image's tree, from the Dockerfile: COPY (--from=busybox is Debian's
# busybox-static here, the build context the top of the repository and its
# rootinit the binary under test), RUN in exec form, ENTRYPOINT, CMD.
IMG=$T/image
mkdir -p "$IMG/proc" "$IMG/dev" "$IMG/sys"
json() { printf '%s\n' "$1" | sed 's/^\[ *"//; s/" *\]$//; s/", *"/ /g'; }
stage= ENTRY= CMD= bad=
while read -r instr rest; do
	case $instr in
	'' | '#'*) continue ;;
	FROM) stage=$rest; continue ;;
	esac
	[ "$stage" = scratch ] || { bad="$bad $instr-before-scratch"; continue; }
	case $instr in
	COPY)
		set -- $rest
		case $1 in
		--from=busybox) src=/bin/busybox; shift ;;
		--from=*) bad="$bad $1"; continue ;;
		rootinit) src=$RI ;;
		*) src=$TOP/$1 ;;
		esac
		mkdir -p "$IMG$(dirname "$2")" && cp "$src" "$IMG$2" || bad="$bad COPY:$2" ;;
	RUN)
		case $rest in '['*) ;; *) bad="$bad RUN-shell-form"; continue ;; esac
		unshare --mount --pid --fork --root="$IMG" --mount-proc $(json "$rest") </dev/null ||
		    bad="$bad RUN:$rest" ;;
	ENTRYPOINT) ENTRY=$(json "$rest") ;;
	CMD) CMD=$(json "$rest") ;;
	*) bad="$bad $instr" ;;
	esac
done <"$EX/Dockerfile"
expect_eq "Dockerfile: understood, its tree built" "" "$bad"
expect_eq "Dockerfile: ENTRYPOINT is the drop-in form" "/sbin/rootinit --" "$ENTRY"
expect_eq "Dockerfile: /sbin/init is rootinit" rootinit "$(readlink "$IMG/sbin/init")"
check "Dockerfile: busybox applets installed" test -L "$IMG/bin/httpd"

# What runc does before exec'ing ENTRYPOINT + CMD: in namespaces unshare
# made, the root a mount point with proc, a tmpfs /dev with the host's
# nodes and a volume on /out, lo up, a hostname, pivot_root, then exec.
# The mount table and capabilities at that moment go to the volume.
cat >"$T/runtime.sh" <<'EOF'
set -e
R=$1 V=$2; shift 2
mount --bind "$R" "$R"
mount -t proc -o nosuid,noexec,nodev proc "$R/proc"
mount -t tmpfs -o nosuid,mode=755 tmpfs "$R/dev"
for n in null zero full random urandom tty; do
	: >"$R/dev/$n"; mount --bind "/dev/$n" "$R/dev/$n"
done
mkdir -p "$R/out"
mount --bind "$V" "$R/out"
busybox ip link set lo up
hostname container
cd "$R"
pivot_root . .
umount -l .
cd /
cat /proc/self/mountinfo >/out/mountinfo.before
grep ^Cap /proc/self/status >/out/caps.before
exec "$@"
EOF
VOL=$T/volume
mkdir "$VOL"
RUNC="unshare --mount --pid --fork --uts --ipc --net --propagation private --kill-child sh $T/runtime.sh $IMG $VOL"

# docker run IMAGE COMMAND: ENTRYPOINT + COMMAND.
out=$($TO $RUNC $ENTRY sh -c '
	printf "%s|%s|%s\n" "$(tr "\0" "\n" </proc/1/cmdline | head -4 | tr "\n" " ")" \
	    "$PPID" "$(hostname)"
	cat /proc/self/mountinfo >/out/mountinfo.after
	grep ^Cap /proc/self/status >/out/caps.after
	exit 42' 2>&1)
rc=$?
expect_eq "drop-in: COMMAND's status passed" 42 "$rc"
expect_eq "drop-in: PID 1 is rootinit, COMMAND its child" '/sbin/rootinit -- sh -c |1|container' "$out"
if [ -s "$VOL/mountinfo.before" ] && cmp -s "$VOL/mountinfo.before" "$VOL/mountinfo.after"; then
	ok "drop-in: rootinit changes no mounts"
else
	notok "drop-in: rootinit changes no mounts" \
	    "$(diff "$VOL/mountinfo.before" "$VOL/mountinfo.after" 2>&1 | head -5)"
fi
if [ -s "$VOL/caps.before" ] && cmp -s "$VOL/caps.before" "$VOL/caps.after"; then
	ok "drop-in: COMMAND has the capabilities the runtime gave"
else
	notok "drop-in: COMMAND has the capabilities the runtime gave" \
	    "$(diff "$VOL/caps.before" "$VOL/caps.after" 2>&1 | head -5)"
fi
$TO $RUNC $ENTRY sh -c 'kill -TERM $$' >/dev/null 2>&1
expect_eq "drop-in: COMMAND killed by SIGTERM -> 143" 143 "$?"

# Orphans: a grandchild whose parent exits is reparented to rootinit, which
# reaps it when it exits: no zombie left.
out=$($TO $RUNC $ENTRY sh -c '
	sh -c "sleep 0.3 & echo \$!" >/out/orphan
	sleep 0.1; o=$(cat /out/orphan)
	echo "ppid $(sed -n "s/^PPid:[[:space:]]*//p" /proc/$o/status)"
	sleep 0.6
	if [ -e /proc/$o ]; then echo "left: $(sed -n "s/^State:[[:space:]]*//p" /proc/$o/status)"
	else echo reaped; fi
	zombies=0
	for s in /proc/[0-9]*/stat; do
		case $(sed "s/.*) //" "$s" 2>/dev/null) in Z*) zombies=$((zombies + 1)) ;; esac
	done
	echo "zombies $zombies"' 2>&1)
expect_eq "drop-in: orphans reparented to rootinit and reaped" \
    "ppid 1|reaped|zombies 0" "$(printf '%s\n' "$out" | tr '\n' '|' | sed 's/|$//')"

# The image's own CMD: httpd serves the page; docker stop's SIGTERM, sent to
# rootinit, reaches it; httpd dies of it, so the status is 143.
env --default-signal $RUNC $ENTRY $CMD >"$T/httpd.out" 2>&1 &
UPID=$!
PIDS="$PIDS $UPID"
# unshare's child is the runtime's shell until it execs rootinit, whose
# child is httpd once COMMAND has exec'd
RPID= HPID=
if poll 200 child_named "$UPID" rootinit; then
	RPID=$CHILD
	PIDS="$RPID $PIDS"
	poll 200 child_named "$RPID" httpd && HPID=$CHILD
fi
expect_eq "drop-in: the image's CMD runs as rootinit's child" \
    "rootinit httpd" "$(cat "/proc/$RPID/comm" 2>&1) $(cat "/proc/$HPID/comm" 2>&1)"
page=
if [ -n "$HPID" ]; then
	poll 100 sh -c "nsenter --target $RPID --net busybox wget -q -O - http://127.0.0.1:8080/ >'$T/page' 2>/dev/null"
	page=$(cat "$T/page" 2>/dev/null)
fi
expect_eq "drop-in: httpd serves the image's page" "$(cat "$EX/www/index.html")" "$page"
[ -n "$RPID" ] && kill -TERM "$RPID"
poll 100 gone "$UPID" || kill -9 "$UPID" $RPID 2>/dev/null
wait "$UPID"
expect_eq "drop-in: SIGTERM to rootinit stops CMD, status 143" 143 "$?"

# ---- initramfs.md: the commands it documents are the script's ----------------
# Each list below must find something: a header the seds no longer match
# fails here instead of producing no test.
md=$EX/initramfs.md
usage=$(sed -n 's/^# Usage: //p' "$TOP/scripts/initramfs.sh")
if [ -z "$usage" ]; then
	notok "initramfs.md: quotes scripts/initramfs.sh's usage line" "no '# Usage: ' line in the script"
else
	check "initramfs.md: quotes scripts/initramfs.sh's usage line" grep -qF "$usage" "$md"
fi
vars=$(sed -n 's/^#   \([A-Z_][A-Z_]*\) .*/\1/p' "$TOP/scripts/initramfs.sh")
[ -n "$vars" ] || notok "initramfs.md: documents the script's variables" "none found in the script's header"
for v in $vars; do
	check "initramfs.md: documents the script's $v" grep -q "\\b$v\\b" "$md"
done
n=0
for v in $(grep -o '\b[A-Z_][A-Z_]*=' "$md" | sort -u | tr -d =); do
	case $v in KDIR | COMMAND | RI | RI_ARGS | ROOTDEV) ;; *) continue ;; esac
	n=$((n + 1))
	check "initramfs.md: $v is a variable the script reads" \
	    grep -q "^$v=\${$v:-" "$TOP/scripts/initramfs.sh"
done
[ "$n" -gt 0 ] || notok "initramfs.md: sets the script's variables" "no KDIR=, COMMAND=, RI=, RI_ARGS= or ROOTDEV= in it"
# Every command line it shows that runs a script names one that exists.
scripts=$(grep -o 'scripts/[a-z]*\.sh' "$md" | sort -u)
[ -n "$scripts" ] || notok "initramfs.md: runs the project's scripts" "no scripts/*.sh in it"
for s in $scripts; do
	check "initramfs.md: $s exists" test -x "$TOP/$s"
done
check "initramfs.md: names the test that boots it" grep -q 't-60-boot.sh' "$md"
