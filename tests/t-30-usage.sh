#!/bin/sh
# t-30-usage: malformed invocations.  Each must exit with the contract's
# status (2, usage error), print nothing on stdout and exactly one line on
# stderr, "rootinit: ..." naming the bad argument or path, and not crash.
# Every row passes -n, so an invocation wrongly accepted prints a plan
# (and fails the row) instead of running anything.
. "$(dirname "$0")/lib.sh"
# lib.sh's notok uses echo, which in dash turns "\040" or "\000" inside a
# message into bytes; print reasons verbatim, control characters made visible.
notok() { printf 'not ok %s: %s\n' "$1" "$2" | cat -v; }

R=$(tmpdir)	# a valid rootfs
H=$(tmpdir)	# host-side scratch
trap 'cleanup_dir "$R"; cleanup_dir "$H"' EXIT
: >"$H/file"
LONG=/$(head -c 5000 /dev/zero | tr '\0' a)		# a 5001-byte path
OPTS600=size=1m$(head -c 600 /dev/zero | tr '\0' x | sed 's/x\{10\}/,nr_inodes=1/g')

# usage_case NAME STATUS SUBSTRING ARGS...
usage_case() {
	name=$1 want=$2 sub=$3
	shift 3
	timeout 20 "$RI" "$@" </dev/null >"$H/out" 2>"$H/err"
	rc=$?
	err=$(cat "$H/err")
	lines=$(wc -l <"$H/err")
	why=
	if [ "$rc" -ge 124 ]; then
		why="crashed or hung: status $rc"
	elif [ "$rc" != "$want" ]; then
		why="status $rc, want $want"
	elif [ -s "$H/out" ]; then
		why="stdout not empty: [$(head -c 200 "$H/out" | tr '\n' '|')]"
	elif [ "$lines" != 1 ] || [ -n "$(tail -c 1 "$H/err" | tr -d '\n')" ]; then
		why="stderr is not exactly one line: [$(printf %s "$err" | head -c 300 | tr '\n' '|')]"
	else
		case "$err" in
		"rootinit: "*) ;;
		*) why="stderr does not start with 'rootinit: ': [$err]" ;;
		esac
		case "$err" in
		*"$sub"*) ;;
		*) why=${why:-"message does not name '$sub': [$(printf %s "$err" | head -c 300)]"} ;;
		esac
	fi
	if [ -z "$why" ]; then ok "usage_$name"; else notok "usage_$name" "$why"; fi
}

# NAME | SUBSTRING the message must hold | ARGS (shell words; $R rootfs,
# $H scratch, $LONG long path).  The status wanted is 2 in every row.
rows=0
while IFS='|' read -r name sub words; do
	case "$name" in ''|'#'*) continue ;; esac
	name=$(echo $name) sub=${sub# } sub=${sub% }
	eval "set -- $words"
	usage_case "$name" 2 "$sub" "$@"
	rows=$((rows + 1))
done <<'EOF'
# options
unknown_short           | -x | -n -x
unknown_short_bundled   | -x | -nx
unknown_long            | --frobnicate | -n --frobnicate
unknown_long_value      | --frob=1 | -n --frob=1
flag_given_value        | option --exec=yes takes no argument | -n --exec=yes
ambiguous_abbreviation  | ambiguous option --no-default | -n -r "$R" --no-default
missing_arg_short_m     | -m | -n -m
missing_arg_short_r     | -r | -n -r
missing_arg_short_d     | -d | -n -r "$R" -d
missing_arg_long_mount  | --mount | -n --mount
missing_arg_long_caps   | --caps | -n --caps
missing_arg_long_user   | --user | -n --user
# --mount
mount_too_few_fields    | proc /proc | -n -r "$R" -m 'proc /proc'
mount_too_many_fields   | a /b tmpfs ro extra | -n -r "$R" -m 'a /b tmpfs ro extra'
mount_empty_spec        | --mount | -n -r "$R" -m ''
mount_empty_fstype      | FSTYPE | -n -r "$R" -m 'src /mnt  '
mount_bad_escape_000    | /b\000 | -n -r "$R" -m 'tmpfs /b\000 tmpfs'
mount_bad_escape_400    | \400src | -n -r "$R" -m '\400src /b tmpfs'
mount_relative_target   | mnt/x | -n -r "$R" -m 'tmpfs mnt/x tmpfs'
mount_dotdot_target     | /mnt/../etc | -n -r "$R" -m 'tmpfs /mnt/../etc tmpfs'
mount_dotdot_leading    | /../x | -n -r "$R" -m 'tmpfs /../x tmpfs'
mount_dot_target        | /mnt/./x | -n -r "$R" -m 'tmpfs /mnt/./x tmpfs'
mount_tmpfs_under_proc  | /proc/sys | -n -r "$R" -m 'tmpfs /proc/sys tmpfs'
mount_tmpfs_on_sys      | //sys | -n -r "$R" -m 'tmpfs //sys tmpfs'
mount_bind_onto_proc    | /proc | -n -r "$R" -m '/tmp /proc proc bind'
mount_bind_source_gone  | /rootinit-no-such-src | -n -r "$R" -m '/rootinit-no-such-src /mnt bind'
mount_rbind_source_gone | /rootinit-no-such-src | -n -r "$R" -m '/rootinit-no-such-src /mnt none rbind,ro'
mount_options_too_long  | /mnt | -n -r "$R" -m "tmpfs /mnt tmpfs $OPTS600"
mount_over_new_root     | --mount / | -n -r "$R" -m 'tmpfs / tmpfs'
mount_long_target       | --mount | -n -r "$R" -m "tmpfs $LONG tmpfs"
mount_control_target    | --mount | -n -r "$R" -m 'tmpfs /a\001b tmpfs'
# --device
device_bad_type         | 'x' | -n -r "$R" -d '/dev/x x 1 2'
device_major_too_big    | 4096 | -n -r "$R" -d '/dev/x c 4096 0'
device_minor_too_big    | 1048576 | -n -r "$R" -d '/dev/x c 1 1048576'
device_major_not_number | 'abc' | -n -r "$R" -d '/dev/x c abc 0'
device_minor_negative   | '-1' | -n -r "$R" -d '/dev/x c 1 -1'
device_fifo_with_major  | /dev/f | -n -r "$R" -d '/dev/f p 1 0'
device_mode_too_big     | '10000' | -n -r "$R" -d '/dev/x c 1 2 10000'
device_mode_not_octal   | '0999' | -n -r "$R" -d '/dev/x c 1 2 0999'
device_uid_too_big      | 4294967295 | -n -r "$R" -d '/dev/x c 1 2 0600 4294967295'
device_too_few_fields   | /dev/x | -n -r "$R" -d '/dev/x c 1'
device_too_many_fields  | /dev/x c 1 2 0666 0 0 9 | -n -r "$R" -d '/dev/x c 1 2 0666 0 0 9'
device_empty_spec       | --device | -n -r "$R" -d ''
device_relative_path    | dev/x | -n -r "$R" -d 'dev/x c 1 2'
device_host_missing     | /dev/rootinit-no-such | -n -r "$R" -d /dev/rootinit-no-such
device_host_regular     | /file | -n -r "$R" -d "$H/file"
device_host_directory   | /dev | -n -r "$R" -d /dev
# --user
user_not_numeric        | 'abc' | -n --user abc
user_minus_one          | '-1' | -n --user -1
user_too_big            | '4294967295' | -n --user 4294967295
user_gid_too_big        | '0:4294967295' | -n --user 0:4294967295
user_empty              | --user | -n --user ''
user_trailing_colon     | '1000:' | -n --user 1000:
user_leading_colon      | ':1000' | -n --user :1000
user_name               | 'root' | -n --user root
user_group_name         | '0:root' | -n --user 0:root
user_three_fields       | '1:2:3' | -n --user 1:2:3
# --grace
grace_negative          | '-1' | -n --grace -1
grace_huge              | '99999999999999999999' | -n --grace 99999999999999999999
grace_over_max          | '3601' | -n --grace 3601
grace_fraction          | '1.5' | -n --grace 1.5
grace_unit              | '5s' | -n --grace 5s
grace_empty             | --grace | -n --grace ''
# --hostname (control characters are not echoed; the option is named)
hostname_65_chars       | --hostname | -n --hostname aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
hostname_empty          | --hostname | -n --hostname ''
hostname_control        | --hostname | -n --hostname "$(printf 'a\001b')"
hostname_space          | --hostname | -n --hostname 'my host'
# --caps
caps_unknown            | 'frobnicate' | -n --caps frobnicate
caps_unknown_in_list    | 'cap_frob' | -n --caps chown,cap_frob,kill
caps_empty_item         | --caps | -n --caps chown,,kill
caps_trailing_comma     | --caps | -n --caps chown,
caps_empty              | --caps | -n --caps ''
caps_all_in_list        | 'all' | -n --caps all,chown
# --env
env_no_equals           | 'NOEQ' | -n --env NOEQ
env_no_name             | '=VALUE' | -n --env =VALUE
env_empty               | --env | -n --env ''
# --rootfs
rootfs_missing          | /rootinit-no-such-dir | -n -r /rootinit-no-such-dir
rootfs_is_file          | /file | -n -r "$H/file"
rootfs_is_slash         | --rootfs / | -n -r /
rootfs_is_slash_dotdot  | /tmp/.. | -n -r /tmp/..
rootfs_is_slash_twice   | --rootfs // | -n --rootfs //
rootfs_empty            | --rootfs | -n -r ''
rootfs_empty_equals     | --rootfs | -n --rootfs=
rootfs_long_path        | --rootfs | -n -r "$LONG"
# --console
console_not_chardev     | /file | -n -r "$R" --console "$H/file"
console_missing         | /dev/rootinit-no-such-pty | -n -r "$R" --console /dev/rootinit-no-such-pty
console_relative        | dev/pts/0 | -n -r "$R" --console dev/pts/0
# options that need --rootfs
needs_rootfs_mount      | --mount | -n -m 'tmpfs /t tmpfs'
needs_rootfs_device     | --device | -n -d '/dev/fuse c 10 229'
needs_rootfs_mask       | --mask | -n --mask /secret
needs_rootfs_ro_path    | --readonly-path | -n --readonly-path /etc
needs_rootfs_readonly   | --readonly | -n --readonly
needs_rootfs_no_pivot   | --no-pivot | -n --no-pivot
needs_rootfs_console    | --console | -n --console /dev/null
needs_rootfs_tty        | --tty | -n -t
tty_with_console        | --tty and --console | -n -r "$R" -t --console /dev/null
tty_with_exec           | --tty | -n -r "$R" --tty --exec
# paths inside the new root
workdir_relative        | srv | -n -r "$R" --workdir srv
workdir_dotdot          | /srv/.. | -n -r "$R" --workdir /srv/..
workdir_long            | --workdir | -n -r "$R" --workdir "$LONG"
workdir_control         | --workdir | -n -r "$R" --workdir "$(printf '/a\tb')"
mask_relative           | secret | -n -r "$R" --mask secret
mask_newline            | --mask | -n -r "$R" --mask "$(printf '/a\nb')"
mask_empty              | --mask | -n -r "$R" --mask ''
readonly_path_dotdot    | /../etc | -n -r "$R" --readonly-path /../etc
# arguments echoed in the message must not break it into two lines
rootfs_newline          | --rootfs | -n -r "$(printf '/rootinit-no\nsuch')"
user_newline            | --user | -n --user "$(printf '1\n2')"
env_newline             | --env | -n --env "$(printf 'A\nB')"
caps_newline            | --caps | -n --caps "$(printf 'chown\nkill')"
grace_newline           | --grace | -n --grace "$(printf '1\n2')"
bind_source_newline     | --mount | -n -r "$R" -m '/rootinit-no\012such /mnt bind'
unknown_option_newline  | unknown option | -n "$(printf -- '--frob\nx')"
EOF
if [ "$rows" -ge 45 ]; then ok usage_table_rows; else notok usage_table_rows "only $rows rows"; fi

# ---- capacities: a clear "too many", not a crash ----
set -- -n -r "$R"
i=0
while [ $i -lt 3000 ]; do set -- "$@" -m "tmpfs /m$i tmpfs"; i=$((i + 1)); done
usage_case too_many_mounts_3000 2 MAX_MOUNTS "$@"

set -- -n -r "$R"
i=0
while [ $i -lt 59 ]; do set -- "$@" -m "tmpfs /m$i tmpfs"; i=$((i + 1)); done
usage_case too_many_mounts_with_defaults 2 MAX_MOUNTS "$@"

set -- -n -r "$R"
i=0
while [ $i -lt 65 ]; do set -- "$@" -d "/dev/d$i c 1 $i"; i=$((i + 1)); done
usage_case too_many_devices 2 MAX_DEVICES "$@"

set -- -n -r "$R"
i=0
while [ $i -lt 65 ]; do set -- "$@" --mask "/m$i"; i=$((i + 1)); done
usage_case too_many_masks 2 MAX_MASKS "$@"

set -- -n
i=0
while [ $i -lt 65 ]; do set -- "$@" --env "V$i=$i"; i=$((i + 1)); done
usage_case too_many_env 2 MAX_ENV "$@"

# the limits themselves are accepted
set -- -n -r "$R"
i=0
while [ $i -lt 58 ]; do set -- "$@" -m "tmpfs /m$i tmpfs"; i=$((i + 1)); done
out=$("$RI" "$@" 2>&1 </dev/null)
expect_eq max_mounts_accepted 64 "$(printf '%s\n' "$out" | grep -c '^mount ')"

# ---- help and version: stdout, status 0 ----
out=$("$RI" --help 2>"$H/err" </dev/null); rc=$?
expect_eq help_status 0 "$rc"
expect_eq help_stderr_empty "" "$(cat "$H/err")"
expect_eq help_usage_line 'usage: rootinit [OPTION]... [--] [COMMAND [ARG]...]' \
	"$(printf '%s\n' "$out" | head -n 1)"
for o in -r -m -d -n -v -h -V -g --rootfs --mount --no-default-mounts --device \
    --no-default-devices --mask --readonly-path --no-default-masks --readonly \
    --no-pivot --hostname --console -t --tty --caps --user --no-new-privs --workdir --env \
    --exec --group --grace --dry-run --verbose --help --version; do
	case "$out" in *" $o"[,\ ]*|*" $o") ;; *) missing="$missing $o" ;; esac
done
expect_eq help_lists_every_option "" "${missing:-}"

out=$("$RI" -h 2>"$H/err" </dev/null); rc=$?
expect_eq help_short_status 0 "$rc"
expect_match help_short_usage '^usage: rootinit ' "$out"
expect_eq help_short_stderr_empty "" "$(cat "$H/err")"

out=$("$RI" -V 2>"$H/err" </dev/null); rc=$?
expect_eq version_status 0 "$rc"
expect_match version_stdout '^rootinit [0-9]+\.[0-9]+' "$out"
expect_eq version_stderr_empty "" "$(cat "$H/err")"
out=$("$RI" --version 2>/dev/null </dev/null); rc=$?
expect_eq version_long "0 $("$RI" -V)" "$rc $out"

# help goes to stdout even when stdout is a pipe and exits 0 before any check
out=$("$RI" -n -r /rootinit-no-such-dir --help 2>&1 </dev/null); rc=$?
expect_eq help_wins_over_later_checks "0 usage: rootinit" "$rc $(printf '%s\n' "$out" | head -n 1 | cut -c1-15)"

# ---- --switch-root: boot mode only; container options refused ----
out=$("$RI" --switch-root 2>&1 </dev/null); rc=$?
expect_eq switch_root_not_a_boot "2 rootinit: --switch-root: only in boot mode (as /init of an initramfs)" "$rc $out"
for o in "--caps=all" "--mount=tmpfs /tmp tmpfs" "--device=/dev/null c 1 3" "--mask=/proc/kcore" \
    "--seccomp=default" "--user=1" "--readonly"; do
	out=$("$RI" -n --switch-root "$o" 2>&1 </dev/null); rc=$?
	expect_match "switch_root_refuses_${o%%=*}" "^2 rootinit: --switch-root: .* do not apply$" "$rc $out"
done
exit 0
