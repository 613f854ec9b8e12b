#!/bin/sh
# On a terminal, COMMAND runs in a process group of its own that is the
# terminal's foreground group (so ^C and ^Z reach it, and it may read),
# and rootinit itself is not stopped by the terminal.
. "$(dirname "$0")/lib.sh"

# ptyrun CMD...: run CMD on a new pty (python's pty module), print its output.
ptyrun() {
	timeout 20 python3 -c 'import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        b = os.read(fd, 4096)
    except OSError:
        break
    if not b:
        break
    out += b
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace").replace("\r", ""))
sys.exit(os.waitstatus_to_exitcode(st))' "$@"
}

# fields 1 (pid) 5 (pgrp) 8 (tpgid) of COMMAND's /proc/self/stat
out=$(ptyrun unshare --pid --fork --mount-proc "$RI" -- /bin/sh -c \
	'read -r line </proc/self/stat; set -- ${line#*) }; echo "pid=$$ pgrp=$3 tpgid=$6"; exit 3')
rc=$?
pid=$(printf '%s\n' "$out" | sed -n 's/.*pid=\([0-9]*\) .*/\1/p')
pgrp=$(printf '%s\n' "$out" | sed -n 's/.*pgrp=\([0-9]*\) .*/\1/p')
tpgid=$(printf '%s\n' "$out" | sed -n 's/.*tpgid=\([0-9-]*\).*/\1/p')
expect_eq "on a tty: COMMAND's status passed" 3 "$rc"
expect_eq "on a tty: COMMAND leads its own process group" "$pid" "$pgrp"
expect_eq "on a tty: COMMAND's group is the terminal's foreground" "$pgrp" "$tpgid"
