#!/bin/sh
# t-40-live: root preparation, checked from inside the new root (issue 3).
# Every run is in fresh namespaces (ns_run) on a busybox root in a temporary
# directory; the host is never changed.
. "$(dirname "$0")/lib.sh"

# A mount namespace of our own even when run outside tests/run: the rbind
# test mounts a tmpfs in the temporary directory.
if [ -z "${T40_NS:-}" ]; then
	T40_NS=1 exec unshare --mount --propagation private sh "$0" "$@"
fi

T=$(tmpdir)
trap 'cleanup_dir "$T"' EXIT INT TERM
mkroot "$T/base"
ROOT=$T/root

# fresh: a new copy of the busybox root (tests that leave things in it)
fresh() {
	rm -rf "$ROOT"
	cp -a "$T/base" "$ROOT"
}
fresh

# r ARGS...: rootinit on $ROOT in fresh namespaces; sets OUT, ERR, RC
r() { capture ns_run -r "$ROOT" "$@"; }

# mi_list MOUNTINFO: "MOUNTPOINT FSTYPE" a line, in order
mi_list() {
	printf '%s\n' "$1" | awk '{for (i = 7; i <= NF && $i != "-"; i++); if (i > NF) next; print $5, $(i + 1)}'
}

# mi_opts MOUNTINFO MP: per-mount and super options of the topmost mount on MP
mi_opts() {
	printf '%s\n' "$1" | awk -v mp="$2" '
		{for (i = 7; i <= NF && $i != "-"; i++); if (i > NF) next; if ($5 == mp) o = $6 "," $(i + 3)}
		END {print o}'
}

# has_opts NAME OPTS WANTED... : each WANTED (opt, or !opt for absent) in OPTS
has_opts() {
	name=$1 opts=",$2,"
	shift 2
	for o in "$@"; do
		case $o in
		!*) case $opts in *",${o#!},"*)
			notok "$name" "option ${o#!} present in [$opts]"; return ;; esac ;;
		*) case $opts in *",$o,"*) ;; *)
			notok "$name" "option $o missing in [$opts]"; return ;; esac ;;
		esac
	done
	ok "$name"
}

# one_error NAME STATUS: RC is STATUS and stderr is one "rootinit: " line
one_error() {
	if [ "$RC" = "$2" ] && [ "$(printf '%s\n' "$ERR" | wc -l)" = 1 ] &&
	    printf '%s\n' "$ERR" | grep -q '^rootinit: '; then
		ok "$1"
	else
		notok "$1" "want status $2 and one 'rootinit:' line, got $RC [$ERR]"
	fi
}

# absent NAME PATH: ok when PATH does not exist (not even as a symlink)
absent() {
	if [ -e "$2" ] || [ -L "$2" ]; then notok "$1" "$2 exists"; else ok "$1"; fi
}

MI='cat /proc/self/mountinfo'

# --- the default mount table ---------------------------------------------
r -- sh -c "$MI"
expect_eq default-run-status 0 "$RC"
LIST=$(mi_list "$OUT")
expect_eq default-root-first "/" "$(printf '%s\n' "$LIST" | head -1 | cut -d' ' -f1)"
expect_eq default-mount-order "/proc proc
/dev tmpfs
/dev/pts devpts
/dev/shm tmpfs
/dev/mqueue mqueue
/sys sysfs" "$(printf '%s\n' "$LIST" | sed -n '2,7p')"
# The root is the rootfs: the root field of "/" is ROOT as the mount
# holding it sees it (ROOT below that mount's point, under its own root),
# wherever the scratch directory lives.
P=$(realpath "$ROOT")
# (the topmost mount there: /tmp may be a tmpfs under the suite's own)
MP=$(findmnt -n -o TARGET -T "$P" | tail -n 1)
FSROOT=$(awk -v mp="$MP" '$5 == mp { r = $4 } END { print r }' /proc/self/mountinfo)
[ "$MP" = / ] || P=${P#"$MP"}
P=${FSROOT%/}$P
expect_eq default-root-is-rootfs "${P:-/}" \
	"$(printf '%s\n' "$OUT" | head -1 | cut -d' ' -f4)"
has_opts flags-proc "$(mi_opts "$OUT" /proc)" nosuid nodev noexec rw
has_opts flags-dev "$(mi_opts "$OUT" /dev)" nosuid !noexec nodev size=65536k mode=755
has_opts flags-devpts "$(mi_opts "$OUT" /dev/pts)" nosuid noexec gid=5 mode=620 ptmxmode=666
has_opts flags-shm "$(mi_opts "$OUT" /dev/shm)" nosuid nodev noexec size=65536k
has_opts flags-mqueue "$(mi_opts "$OUT" /dev/mqueue)" nosuid nodev noexec
has_opts flags-sys "$(mi_opts "$OUT" /sys)" ro nosuid nodev noexec
# Nothing of the host's mount table is left: every mount point is the new
# root or under /proc, /dev or /sys.
expect_eq no-host-mounts-left "" \
	"$(printf '%s\n' "$LIST" | cut -d' ' -f1 | grep -Ev '^(/|/proc(/.*)?|/dev(/.*)?|/sys(/.*)?)$')"

r -- sh -c 'stat -c "%a" /dev /dev/shm /dev/mqueue'
expect_eq dev-dir-modes "755 1777 1777" "$(echo $OUT)"

# --- device nodes and links ----------------------------------------------
r -- sh -c 'for d in null zero full random urandom tty; do
	stat -c "%n %F %t:%T %a %u:%g" /dev/$d; done'
expect_eq default-devices "/dev/null character special file 1:3 666 0:0
/dev/zero character special file 1:5 666 0:0
/dev/full character special file 1:7 666 0:0
/dev/random character special file 1:8 666 0:0
/dev/urandom character special file 1:9 666 0:0
/dev/tty character special file 5:0 666 0:0" "$OUT"

r -- sh -c 'head -c 4 /dev/zero | od -An -tx1 | tr -d " "; echo hi >/dev/null && echo null-ok;
	if echo x >/dev/full; then echo full-accepted; else echo full-refused; fi'
expect_eq devices-work "00000000
null-ok
full-refused" "$OUT"

r -- sh -c 'for l in fd stdin stdout stderr ptmx; do echo "$l -> $(readlink /dev/$l)"; done'
expect_eq default-links "fd -> /proc/self/fd
stdin -> /proc/self/fd/0
stdout -> /proc/self/fd/1
stderr -> /proc/self/fd/2
ptmx -> pts/ptmx" "$OUT"
r -- sh -c 'if [ -L /dev/core ]; then readlink /dev/core; else echo none; fi'
if [ -e /proc/kcore ]; then
	expect_eq link-core /proc/kcore "$OUT"
else
	expect_eq link-core-absent-without-kcore none "$OUT"
fi

# stdin was the host's /dev/null: reopened on the new root's (the node is
# bound on /dev/null: its mount is in the workload's mount table)
r -- sh -c 'id=$(sed -n "s/^mnt_id:[[:space:]]*//p" /proc/self/fdinfo/0)
	awk -v id="$id" "\$1 == id {print \$5}" /proc/self/mountinfo
	stat -L -c "%t:%T" /proc/self/fd/0'
expect_eq stdio-null-reopened "/dev/null
1:3" "$OUT"

# --- umask, host root unreachable ----------------------------------------
r -- sh -c umask
expect_eq umask-0022 0022 "$OUT"

SENT=$T/hostsentinel.$$
mkdir "$SENT" && echo secret >"$SENT/file"
r --exec -- sh -c "ls -a / | sort; echo ==; ls -a /proc/1/root/ | sort; echo ==;
	find / -xdev -name 'hostsentinel.*' 2>/dev/null; [ -e '$SENT' ] && echo host-path-visible;
	[ -e '/proc/1/root$SENT' ] && echo host-path-visible-via-proc; true"
expect_eq host-root-via-proc1-root-is-new-root \
	"$(printf '%s\n' "$OUT" | sed -n '1,/^==$/p' | sed '$d')" \
	"$(printf '%s\n' "$OUT" | sed -n '/^==$/,/^==$/p' | sed '1d;$d')"
expect_eq host-sentinel-unreachable "" "$(printf '%s\n' "$OUT" | sed '1,/^==$/d' | sed '1,/^==$/d')"
r -- sh -c '[ -d /work ] && echo host-work-visible; ls /proc/1/root/work 2>/dev/null; true'
expect_eq host-dirs-unreachable "" "$OUT"

# --- masks ---------------------------------------------------------------
# Masked files read empty (the read succeeds) and refuse writes.
r -- sh -c 'for f in /proc/interrupts /proc/keys /proc/timer_list; do
	[ -e $f ] || continue
	if c=$(cat $f); then echo "$f read ${#c} bytes"; else echo "$f unreadable"; fi
	done'
want=""
for f in /proc/interrupts /proc/keys /proc/timer_list; do
	[ -e $f ] && want="$want${want:+
}$f read 0 bytes"
done
expect_eq default-file-masks-read-empty "$want" "$OUT"
[ -n "$(head -c 1 /proc/interrupts)" ] || notok host-has-interrupts "the host's /proc/interrupts is empty: the mask test proves nothing"

echo TOPSECRET >"$ROOT/etc/secret"
r --mask /etc/secret -- sh -c 'if c=$(cat /etc/secret); then echo "read [$c]"; else echo unreadable; fi
	if echo x >/etc/secret; then echo written; else echo write-refused; fi
	if echo x >>/etc/secret; then echo appended; else echo append-refused; fi'
expect_eq mask-file-reads-empty "read []" "$(printf '%s\n' "$OUT" | head -1)"
expect_eq mask-file-refuses-writes "write-refused
append-refused" "$(printf '%s\n' "$OUT" | sed 1d)"
expect_eq mask-file-image-unchanged TOPSECRET "$(cat "$ROOT/etc/secret")"

# Masked directories list empty and refuse writes.
mkdir -p "$ROOT/srv/data" && echo x >"$ROOT/srv/data/f"
r --mask /srv --mask /proc/tty -- sh -c 'for d in /sys/firmware /srv /proc/tty /proc/acpi; do
	[ -d $d ] || { echo "$d missing"; continue; }
	echo "$d [$(ls -A $d | tr "\n" " ")]"
	if touch $d/new 2>/dev/null || mkdir $d/newdir 2>/dev/null; then echo "$d writable"; fi
	done'
expect_eq mask-dirs-empty-and-refuse-writes "/sys/firmware []
/srv []
/proc/tty []
/proc/acpi []" "$OUT"
[ -n "$(ls -A /sys/firmware)" ] && [ -n "$(ls -A /proc/tty)" ] ||
	notok host-has-firmware-and-tty "host /sys/firmware or /proc/tty empty: the mask test proves nothing"

# --no-default-masks with --mask: only the asked paths are masked.
r --no-default-masks --mask /proc/interrupts --mask /sys/firmware -- sh -c '
	echo "interrupts $(cat /proc/interrupts | wc -c)"; echo "timer_list $(cat /proc/timer_list | head -c 100 | wc -c)"
	echo "firmware $(ls /sys/firmware | wc -l)"
	if echo rootinit-test >/proc/sys/kernel/domainname; then echo domainname $(cat /proc/sys/kernel/domainname); fi'
expect_eq no-default-masks-keeps-asked "interrupts 0
timer_list 100
firmware 0
domainname rootinit-test" "$OUT"

# --- read-only paths -----------------------------------------------------
# refused as a read-only filesystem refuses (EROFS), whatever the caps
r -- sh -c 'for f in kernel/domainname net/ipv4/ip_forward; do
	if echo 1 2>&1 >/proc/sys/$f | grep -q "Read-only file system"; then echo refused
	else echo "not read-only: $f"; fi; done'
expect_eq readonly-proc-sys "refused
refused" "$OUT"
r --readonly-path /etc -- sh -c 'touch /etc/new 2>/dev/null && echo etc-written
	touch /tmp/new && echo tmp-written'
expect_eq readonly-path-etc tmp-written "$OUT"
absent readonly-path-etc-image "$ROOT/etc/new"

# --- -m ------------------------------------------------------------------
D=$T/data
mkdir -p "$D/sub" && echo hostdata >"$D/file"
mount -t tmpfs tmpfs "$D/sub" && echo submount >"$D/sub/marker"
fresh
r -m "$D /data bind" -m "$D /data-ro bind ro" -m "$D /data-r none rbind" \
  -m "$D/file /etc/hostfile bind" -m "tmpfs /scratch tmpfs size=1m,mode=700,noexec" -- sh -c '
	echo "bind [$(cat /data/file)] sub [$(ls /data/sub)]"
	echo "rbind [$(cat /data-r/file)] sub [$(ls /data-r/sub)]"
	echo "file [$(cat /etc/hostfile)]"
	if echo new >/data/new; then echo bind-written; else echo bind-refused; fi
	if echo new >/data-ro/new2 2>/dev/null; then echo ro-written; else echo ro-refused; fi
	stat -c "scratch %a" /scratch
	cat /proc/self/mountinfo'
line() { printf '%s\n' "$OUT" | sed -n "$1p"; }
expect_eq mount-status 0 "$RC"
expect_eq mount-bind "bind [hostdata] sub []" "$(line 1)"
expect_eq mount-rbind "rbind [hostdata] sub [marker]" "$(line 2)"
expect_eq mount-file-bind "file [hostdata]" "$(line 3)"
expect_eq mount-bind-rw-writes-through "bind-written new" "$(line 4) $(cat "$D/new" 2>/dev/null)"
expect_eq mount-bind-ro-refuses-writes "ro-refused" "$(line 5)"
absent mount-bind-ro-host-unchanged "$D/new2"
expect_eq mount-tmpfs-mode "scratch 700" "$(line 6)"
MOUT=$(printf '%s\n' "$OUT" | sed '1,6d')
has_opts mount-ro-flag "$(mi_opts "$MOUT" /data-ro)" ro
has_opts mount-rw-flag "$(mi_opts "$MOUT" /data)" rw
has_opts mount-tmpfs-size "$(mi_opts "$MOUT" /scratch)" size=1024k mode=700 noexec
expect_eq mount-user-after-defaults-in-order "/sys /data /data-ro /data-r /data-r/sub /etc/hostfile /scratch" \
	"$(mi_list "$MOUT" | sed -n '/^\/sys sysfs$/,$p' | grep -Ev '^/(proc|sys|dev)/' | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//')"
expect_eq mount-tmpfs-fstype "/scratch tmpfs" "$(mi_list "$MOUT" | grep '^/scratch ')"
[ -f "$ROOT/etc/hostfile" ] && [ ! -s "$ROOT/etc/hostfile" ]
expect_eq mount-file-target-created-empty-in-rootfs 0 "$?"
[ -d "$ROOT/data-ro" ]
expect_eq mount-dir-target-created-in-rootfs 0 "$?"
umount "$D/sub"

# A mount already inside the rootfs before rootinit runs (a runtime's
# volume): the rootfs comes with it, with --readonly and --no-pivot too.
fresh
mkdir -p "$ROOT/mnt/sub"
mount -t tmpfs tmpfs "$ROOT/mnt/sub" && echo volume >"$ROOT/mnt/sub/marker"
for x in "" --readonly --no-pivot; do
	r $x -- sh -c 'cat /mnt/sub/marker; awk "\$5 == \"/mnt/sub\" {print \$5}" /proc/self/mountinfo'
	expect_eq "submount-in-rootfs-visible${x:+-${x#--}}" "volume
/mnt/sub" "$OUT"
done
umount "$ROOT/mnt/sub"
fresh

r -m "tmpfs /a/b/c tmpfs" -- sh -c 'grep -c " /a/b/c " /proc/self/mountinfo'
expect_eq mount-nested-target-created 1 "$OUT"

# replacing a default: same place in the order, only one mount there
r -m "shm /dev/shm tmpfs nosuid,size=2m" -- sh -c "$MI"
LIST=$(mi_list "$OUT")
expect_eq replace-default-in-place "/dev/pts devpts
/dev/shm tmpfs
/dev/mqueue mqueue" "$(printf '%s\n' "$LIST" | grep -E '^/dev/(pts|shm|mqueue) ')"
has_opts replace-default-options "$(mi_opts "$OUT" /dev/shm)" size=2048k !noexec

# --- --no-default-* ------------------------------------------------------
fresh
# No /dev tmpfs of rootinit's own: the image's /dev keeps what it has, no
# default node or link is written into it (issue 16: a disk's /dev/ptmx
# node was once replaced by a link).
mkdir -p "$ROOT/dev"; mknod "$ROOT/dev/ptmx" c 5 2; echo mine >"$ROOT/dev/marker"
before=$(cd "$ROOT/dev" && find . -printf '%p %y %m %s %l %T@\n' | sort)
r --no-default-mounts -m "proc /proc proc" -- sh -c "$MI"
expect_eq no-default-mounts-status 0 "$RC"
expect_eq no-default-mounts-only-asked "/proc proc" \
	"$(mi_list "$OUT" | sed 1d | grep -Ev '^/proc/')"
expect_eq no-default-mounts-image-dev-untouched "$before" \
	"$(cd "$ROOT/dev" && find . -printf '%p %y %m %s %l %T@\n' | sort)"
r --no-default-mounts -m "proc /proc proc" -d "/dev/null c 1 3" -- \
	sh -c "stat -c '%F %t:%T' /dev/null"
expect_eq no-default-mounts-asked-node-status 0 "$RC"
expect_match no-default-mounts-devices-in-image-dev "^character special file 1:3$" "$OUT"
# the node is bound from rootinit's scratch tmpfs: the image keeps only
# the empty file it was bound on, never a node
expect_eq no-default-mounts-no-node-in-rootfs "regular empty file" \
	"$(stat -c '%F' "$ROOT/dev/null" 2>&1)"
fresh

r --no-default-devices -d "/dev/null c 1 3" -- sh -c 'ls /dev | tr "\n" " "'
expect_eq no-default-devices "mqueue null pts shm" \
	"$(printf '%s\n' "$OUT" | tr ' ' '\n' | grep -Ev '^(|fd|stdin|stdout|stderr|ptmx|core)$' | tr '\n' ' ' | sed 's/ $//')"

# --no-default-links: the tmpfs /dev and its nodes, no fd, std*, ptmx, core
r --no-default-links -- sh -c 'ls /dev | tr "\n" " "'
expect_eq no-default-links "0 full mqueue null pts random shm tty urandom zero" \
	"$RC $(printf '%s' "$OUT" | sed 's/ $//')"

# --- -d, both forms ------------------------------------------------------
HOSTDEV=/dev/kmsg
[ -c $HOSTDEV ] || HOSTDEV=/dev/loop-control
r -d "$HOSTDEV" -d "/dev/mynull c 1 3 0600 12 34" -d "/dev/fifo p 0 0 0640" \
  -d "/dev/loopx b 7 0" -d "/dev/net/tun c 10 200" -d "/dev/null c 1 3 0640" -- sh -c "
	stat -c '%F %t:%T %a %u:%g' $HOSTDEV /dev/mynull /dev/loopx /dev/net/tun /dev/null
	stat -c '%F %a' /dev/fifo
	echo x >/dev/mynull && echo mynull-works"
expect_eq device-copied-from-host "$(stat -c '%F %t:%T %a %u:%g' $HOSTDEV)" "$(printf '%s\n' "$OUT" | sed -n 1p)"
expect_eq device-spec-full "character special file 1:3 600 12:34" "$(printf '%s\n' "$OUT" | sed -n 2p)"
expect_eq device-spec-block "block special file 7:0 666 0:0" "$(printf '%s\n' "$OUT" | sed -n 3p)"
expect_eq device-spec-nested-dir "character special file a:c8 666 0:0" "$(printf '%s\n' "$OUT" | sed -n 4p)"
expect_eq device-replaces-default "character special file 1:3 640 0:0" "$(printf '%s\n' "$OUT" | sed -n 5p)"
expect_eq device-fifo "fifo 640" "$(printf '%s\n' "$OUT" | sed -n 6p)"
expect_eq device-node-works mynull-works "$(printf '%s\n' "$OUT" | sed -n 7p)"

# --- --readonly ----------------------------------------------------------
r --readonly -- sh -c 'touch /newfile 2>/dev/null && echo root-written
	touch /tmp/x 2>/dev/null && echo tmp-written
	touch /dev/shm/x && echo shm-written
	awk "\$5 == \"/\" {print \$6}" /proc/self/mountinfo'
expect_eq readonly-root "shm-written" "$(printf '%s\n' "$OUT" | sed -n 1p)"
has_opts readonly-root-flag "$(printf '%s\n' "$OUT" | sed -n 2p)" ro
absent readonly-root-image-unchanged "$ROOT/newfile"

# --- --no-pivot ----------------------------------------------------------
r -- sh -c "$MI"
PIVOT=$(mi_list "$OUT")
r --no-pivot -- sh -c "$MI; if c=\$(cat /proc/interrupts); then echo read \${#c}; else echo unreadable; fi; touch /proc/acpi/x 2>/dev/null && echo acpi-written; true"
expect_eq no-pivot-status 0 "$RC"
NP=$(printf '%s\n' "$OUT" | grep -E '^[0-9]+ [0-9]+ ')
expect_eq no-pivot-same-mounts-as-pivot "$PIVOT" "$(mi_list "$NP")"
expect_eq no-pivot-one-procfs-one-sysfs "1 1" \
	"$(mi_list "$NP" | grep -c '^/proc proc$') $(mi_list "$NP" | grep -c '^/sys sysfs$')"
expect_eq no-pivot-no-other-procfs-sysfs "" \
	"$(mi_list "$NP" | grep -E ' (proc|sysfs)$' | grep -Ev '^/(proc|sys)(/[^ ]*)? ')"
expect_eq no-pivot-masks "read 0" "$(printf '%s\n' "$OUT" | grep -Ev '^[0-9]+ [0-9]+ ')"
r --no-pivot --exec -- sh -c 'ls /proc/1/root/work 2>/dev/null; [ -d /work ] && echo work-visible; true'
expect_eq no-pivot-host-root-unreachable "" "$OUT"

# --- hostname, workdir, environment --------------------------------------
r --hostname rootinit-t40 -- hostname
expect_eq hostname rootinit-t40 "$OUT"
r -- pwd
expect_eq workdir-default / "$OUT"
ln -s tmp "$ROOT/wd"
r --workdir /tmp -- pwd
expect_eq workdir /tmp "$OUT"
r --workdir /wd -- pwd -P
expect_eq workdir-through-link /tmp "$OUT"

DEFPATH=$(sed -n 's/^#define DEFAULT_PATH "\(.*\)"$/\1/p' "$TESTS/../config.h")
OUT=$(env -i RI_INHERITED=yes RI_OVER=old unshare --mount --pid --fork --uts --ipc --net \
	--propagation private "$RI" -r "$ROOT" --env FOO=bar --env RI_OVER=new -- env 2>&1 </dev/null)
expect_match env-set '^FOO=bar$' "$OUT"
expect_match env-inherited '^RI_INHERITED=yes$' "$OUT"
expect_eq env-override "RI_OVER=new" "$(printf '%s\n' "$OUT" | grep '^RI_OVER=')"
expect_eq env-path-default "PATH=$DEFPATH" "$(printf '%s\n' "$OUT" | grep '^PATH=')"
r --env PATH=/bin:/sbin -- sh -c 'echo $PATH'
expect_eq env-path-given /bin:/sbin "$OUT"

# --- 126 / 127 -----------------------------------------------------------
for mode in supervise exec; do
	x=""; [ $mode = exec ] && x=--exec
	r $x -- /no/such/command
	one_error "notfound-127-$mode" 127
	expect_match "notfound-names-command-$mode" /no/such/command "$ERR"
	r $x -- /etc/passwd
	one_error "notexec-126-$mode" 126
	r $x -- /etc
	one_error "directory-126-$mode" 126
	r $x -- no-such-command-in-path
	one_error "notfound-path-127-$mode" 127
done

# --- on the "host": rootinit not PID 1 unshares its own mount and UTS
# namespaces.  The "host" here is a namespace of this test with shared
# propagation (as systemd leaves /), so a leak would show in its table.
fresh
HOSTRUN=$(unshare --mount --uts --propagation shared sh -c '
	hostname rootinit-host
	m1=$(cat /proc/self/mountinfo)
	out=$("$@" 2>&1 </dev/null); rc=$?
	m2=$(cat /proc/self/mountinfo)
	echo "rc=$rc out=[$out] host=$(hostname)"
	[ "$m1" = "$m2" ] && echo mountinfo-same || echo mountinfo-changed
' sh "$RI" -q -r "$ROOT" --hostname inner -- hostname 2>&1)
expect_match host-run-status '^rc=0 ' "$HOSTRUN"
expect_match host-run-workload-ran '^rc=0 out=\[inner' "$HOSTRUN"
expect_match host-run-hostname-unchanged 'host=rootinit-host$' "$HOSTRUN"
expect_eq host-run-mountinfo-identical mountinfo-same "$(printf '%s\n' "$HOSTRUN" | sed -n 2p)"
HOSTRUN=$(unshare --mount --uts --propagation shared sh -c '
	m1=$(cat /proc/self/mountinfo)
	"$@" >/dev/null 2>&1 </dev/null; rc=$?
	m2=$(cat /proc/self/mountinfo)
	[ "$m1" = "$m2" ] && echo "rc=$rc same" || echo "rc=$rc changed"
' sh "$RI" -q -r "$ROOT" --no-pivot --exec -- true 2>&1)
expect_eq host-run-no-pivot-mountinfo-identical "rc=0 same" "$HOSTRUN"
