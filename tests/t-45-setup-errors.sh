#!/bin/sh
# Bad input found only while preparing the root (the plan was valid): each
# gets status 125 and one "rootinit: " line naming the path and the
# system's reason, never a crash, and the host's mount table untouched.
. "$(dirname "$0")/lib.sh"

T=$(tmpdir)
trap 'cleanup_dir "$T"' EXIT

# setup_case NAME SUBSTRING PREPARE ARGS...: PREPARE runs in a fresh root $R.
setup_case() {
	name=$1 sub=$2 prep=$3
	shift 3
	R="$T/root-$name"
	mkroot "$R"
	eval "$prep"
	before=$(cat /proc/self/mountinfo)
	ns_run -r "$R" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	after=$(cat /proc/self/mountinfo)
	err=$(cat "$T/err")
	why=
	if [ "$rc" != 125 ]; then why="status $rc, want 125: [$err]"
	elif [ "$(wc -l <"$T/err")" != 1 ]; then why="not one line: [$err]"
	else case "$err" in
		"rootinit: "*"$sub"*) ;;
		*) why="message does not start with 'rootinit: ' and name '$sub': [$err]" ;;
		esac
	fi
	[ -z "$why" ] && [ "$before" != "$after" ] && why="host mount table changed"
	if [ -z "$why" ]; then ok "setup_$name"; else notok "setup_$name" "$why"; fi
}

setup_case unknown_fstype	"/mnt"		":"	-m "x /mnt nosuchfs"
setup_case proc_is_a_file	"/proc"		"rm -rf \$R/proc; : >\$R/proc"
setup_case dev_is_a_file	"/dev"		"rm -rf \$R/dev; : >\$R/dev"
setup_case tmpfs_on_a_file	"/etc/passwd"	":"	-m "tmpfs /etc/passwd tmpfs"
setup_case tmpfs_bad_size	"/x"		":"	-m "tmpfs /x tmpfs size=lots"
setup_case device_on_a_dir	"/etc"		":"	-d "/etc c 1 3"
setup_case workdir_missing	"/nonexistent"	":"	--workdir /nonexistent
setup_case workdir_a_file	"/etc/passwd"	":"	--workdir /etc/passwd
setup_case module_missing	"/nonexistent.ko" ":"	--module /nonexistent.ko
setup_case target_parent_file	"/etc/passwd/x"	":"	-m "tmpfs /etc/passwd/x tmpfs"
setup_case bind_dir_on_file	"/etc/passwd"	":"	-m "$T /etc/passwd bind"
setup_case mask_loop		"/proc"		"rm -rf \$R/proc; ln -s proc \$R/proc"
