#!/bin/sh
# Supervisor edge cases found in review: a launcher that ignores SIGCHLD,
# stdio closed at start.  Each run is bounded by timeout(1) with SIGKILL
# (rootinit forwards a SIGTERM and outlives it): a hang fails.
. "$(dirname "$0")/lib.sh"

# SIGCHLD ignored by whoever execs rootinit (nohup-style launchers, Python,
# Go): COMMAND must still be seen to exit, its status passed through, and
# COMMAND must get SIGCHLD ignored as rootinit did.  env(1) sets the
# disposition and execs rootinit, as such a launcher would.
ign() { timeout -s KILL 10 env --ignore-signal=CHLD "$@"; }
ign "$RI" -- /bin/sh -c 'exit 7'
expect_eq "SIGCHLD ignored by the launcher: status 7, no hang" 7 "$?"
timeout -s KILL 10 unshare --pid --fork --kill-child env --ignore-signal=CHLD "$RI" -- /bin/sh -c 'exit 9'
expect_eq "SIGCHLD ignored, as PID 1: status 9, no hang" 9 "$?"
mask=$(ign "$RI" -- /bin/grep SigIgn /proc/self/status | awk '{print $2}')
bit=$(( (0x$mask >> 16) & 1 ))
expect_eq "COMMAND inherits SIGCHLD ignored" 1 "$bit"
mask=$(timeout -s KILL 10 env --default-signal=CHLD "$RI" -- /bin/grep SigIgn /proc/self/status | awk '{print $2}')
bit=$(( (0x$mask >> 16) & 1 ))
expect_eq "COMMAND does not get SIGCHLD ignored when rootinit did not" 0 "$bit"

# Started with stdin, stdout or stderr closed: COMMAND finds /dev/null there,
# and rootinit's own messages still reach stderr.
out=$(timeout -s KILL 10 "$RI" -- /bin/sh -c 'readlink /proc/self/fd/0' 0<&-)
expect_eq "stdin closed at start: COMMAND's fd 0 is /dev/null" /dev/null "$out"
err=$(timeout -s KILL 10 "$RI" -- /nonexistent-command 0<&- 2>&1 >/dev/null)
expect_match "stdin closed: the error still reaches stderr" '^rootinit: .*nonexistent-command' "$err"
