#!/bin/sh
# Supervisor edge cases found in review: a launcher that ignores SIGCHLD,
# stdio closed at start.  Each run is bounded by timeout(1): a hang fails.
. "$(dirname "$0")/lib.sh"

# SIGCHLD ignored by whoever execs rootinit (nohup-style launchers, Python,
# Go): COMMAND must still be seen to exit, its status passed through, and
# COMMAND must get SIGCHLD ignored as rootinit did.
ign() {
	timeout 10 python3 -c 'import signal, os, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])' "$@"
}
ign "$RI" -- /bin/sh -c 'exit 7'
expect_eq "SIGCHLD ignored by the launcher: status 7, no hang" 7 "$?"
timeout 10 unshare --pid --fork python3 -c 'import signal, os, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])' "$RI" -- /bin/sh -c 'exit 9'
expect_eq "SIGCHLD ignored, as PID 1: status 9, no hang" 9 "$?"
mask=$(ign "$RI" -- /bin/grep SigIgn /proc/self/status | awk '{print $2}')
bit=$(( (0x$mask >> 16) & 1 ))
expect_eq "COMMAND inherits SIGCHLD ignored" 1 "$bit"
mask=$(timeout 10 "$RI" -- /bin/grep SigIgn /proc/self/status | awk '{print $2}')
bit=$(( (0x$mask >> 16) & 1 ))
expect_eq "COMMAND does not get SIGCHLD ignored when rootinit did not" 0 "$bit"

# Started with stdin, stdout or stderr closed: COMMAND finds /dev/null there,
# and rootinit's own messages still reach stderr.
out=$(timeout 10 "$RI" -- /bin/sh -c 'readlink /proc/self/fd/0' 0<&-)
expect_eq "stdin closed at start: COMMAND's fd 0 is /dev/null" /dev/null "$out"
err=$(timeout 10 "$RI" -- /nonexistent-command 0<&- 2>&1 >/dev/null)
expect_match "stdin closed: the error still reaches stderr" '^rootinit: .*nonexistent-command' "$err"
