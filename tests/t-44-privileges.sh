#!/bin/sh
# Privileges as the workload sees them: --caps, --user, --no-new-privs, and
# what the supervisor keeps for itself.
. "$(dirname "$0")/lib.sh"

T=$(tmpdir)
trap 'cleanup_dir "$T"' EXIT
mkroot "$T/root"

# status FIELD...: the named lines of COMMAND's /proc/self/status, "F=V" each.
status() {
	ns_run -r "$T/root" "$@" --exec -- /bin/sh -c \
		'awk -F"\t" "/^(Cap|NoNewPrivs|Uid|Gid|Groups)/ {printf \"%s=%s \", \$1, \$2}" /proc/self/status' 2>&1
}

out=$(status)
expect_match "default: CapBnd is Docker's 14 less MKNOD" 'CapBnd:=00000000a00425fb' "$out"
expect_match "default: CapEff is Docker's 14 less MKNOD" 'CapEff:=00000000a00425fb' "$out"
expect_match "default: CapInh empty" 'CapInh:=0000000000000000' "$out"
expect_match "default: CapAmb empty" 'CapAmb:=0000000000000000' "$out"
expect_match "default: NoNewPrivs off" 'NoNewPrivs:=0' "$out"

out=$(status --caps CAP_CHOWN,kill,Net_Bind_Service)
expect_match "--caps list: bounding exactly those" 'CapBnd:=0000000000000421' "$out"
expect_match "--caps list: permitted exactly those" 'CapPrm:=0000000000000421' "$out"
expect_match "--caps list: effective exactly those" 'CapEff:=0000000000000421' "$out"

out=$(status --caps none)
expect_match "--caps none: nothing bounding" 'CapBnd:=0000000000000000' "$out"
expect_match "--caps none: nothing effective" 'CapEff:=0000000000000000' "$out"

out=$(status --caps all)
full=$(awk '/^CapBnd/ {print $2}' /proc/self/status)
expect_match "--caps all: everything we held" "CapBnd:=$full" "$out"

out=$(status --user 1000:1001)
expect_match "--user 1000:1001: uid" 'Uid:=1000' "$out"
expect_match "--user 1000:1001: gid" 'Gid:=1001' "$out"
expect_match "--user: no capability effective" 'CapEff:=0000000000000000' "$out"
expect_match "--user: the bounding set still Docker's 14 less MKNOD" 'CapBnd:=00000000a00425fb' "$out"

out=$(status --user 1234)
expect_match "--user UID alone: gid is the uid" 'Gid:=1234' "$out"

out=$(status --no-new-privs)
expect_match "--no-new-privs" 'NoNewPrivs:=1' "$out"

# The supervisor keeps CAP_KILL only (bit 5).
out=$(ns_run -r "$T/root" -- /bin/sh -c \
	'sleep 0.3; awk "/^Cap(Eff|Bnd)/ {print \$2}" /proc/1/status' 2>&1 | tr '\n' ' ')
expect_eq "supervisor keeps CAP_KILL alone" "0000000000000020 0000000000000020 " "$out"

# A launcher with supplementary groups (4 adm, 27 sudo): --user must drop
# them, or the workload keeps group access the launcher had.
groups_of() {	# the Groups line of /proc/self/status, as "Groups: G G"
	sed -n 's/^Groups:[[:space:]]*/Groups: /p' "$@" | sed 's/[[:space:]]*$//'
}
pre=$(setpriv --groups 4,27 -- cat /proc/self/status | groups_of)
if [ "$pre" != "Groups: 4 27" ]; then
	notok "--user drops the launcher's supplementary groups" "setpriv --groups 4,27 gave [$pre]"
else
	for x in "" --exec; do
		out=$(setpriv --groups 4,27 -- unshare --mount --pid --fork --uts --ipc --net \
		    --propagation private --kill-child "$RI" -r "$T/root" --user 1000 $x -- \
		    /bin/cat /proc/self/status 2>&1 | groups_of)
		expect_eq "--user drops the launcher's supplementary groups 4 27${x:+ ($x)}" \
		    "Groups:" "$out"
	done
fi
