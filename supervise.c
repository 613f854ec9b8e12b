/* supervise.c: PID 1.  rootinit forks COMMAND, reaps every zombie and
 * forwards every catchable signal, all from one signalfd (catatonit's
 * design; no handlers, no polling).  After the fork nothing here may exit
 * on an error of its own: PID 1 dying kills the whole container. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>

#include "rootinit.h"
#include "sys.h"

/* How much stack below the supervisor's frame setup may have touched. */
#define TRIM_STACK (256 * 1024)

static sigset_t inherited;	/* the mask rootinit was started with */
static int procfd = -1;		/* a procfs of our own PID namespace, or -1 */
static struct sigaction inherited_chld;	/* and SIGCHLD's disposition */
static int job_control;		/* drop-in: COMMAND was given our terminal */

/* With a root, a session of COMMAND's own (on the pty with --tty, on the
 * console with --console); without one, as tini: a process group of its
 * own, the terminal's foreground group. */
static void
child_terminal(const struct plan *p, int slave)
{
	if (p->tty) {
		tty_child(p, slave);
		return;
	}
	if (p->boot && !p->console) {	/* the console, with job control */
		boot_console();
		return;
	}
	if (p->rootfs) {
		workload_session(p);
		return;
	}
	setpgid(0, 0);
	/* SIGTTOU is blocked here, so a background group may take the tty. */
	if (isatty(0))
		tcsetpgrp(0, getpgrp());
}

static _Noreturn void
child(const struct plan *p, int slave)
{
	child_terminal(p, slave);
	sigaction(SIGCHLD, &inherited_chld, NULL);
	sigprocmask(SIG_SETMASK, &inherited, NULL);
	workload_exec(p);
}

static pid_t
start(const struct plan *p, int *sfd)
{
	sigset_t all;
	pid_t pid;
	int slave = -1;

	static const struct sigaction dfl = { .sa_handler = SIG_DFL };

	if (p->tty)
		tty_open(&slave);
	/* A SIGCHLD ignored by whoever started us (nohup, Python, Go) would
	 * make the kernel reap COMMAND unseen: default it for us, give COMMAND
	 * its own back.  All signals are blocked and read from a signalfd. */
	sigaction(SIGCHLD, &dfl, &inherited_chld);
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &inherited);
	/* Not dumpable before COMMAND exists (CVE-2016-9962); its exec
	 * resets the flag for it. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	pid = fork();
	if (pid < 0)
		die(EXIT_SETUP, "fork %s", p->argv[0]);
	if (pid == 0)
		child(p, slave);
	/* Both sides set the group, so -g cannot race the child's setpgid
	 * (a child making a session must not lead a group first). */
	if (!p->rootfs && !p->boot) {
		setpgid(pid, pid);
		job_control = tcgetpgrp(0) >= 0;
	}
	if (p->tty)
		tty_parent(slave);
	*sfd = signalfd(-1, &all, SFD_CLOEXEC);
	if (*sfd < 0)
		warnerr("signalfd; signals will not be forwarded");
	return pid;
}

/* The shell's convention: the exit status, or 128+N when killed by N. */
static int
status_of(int status)
{
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* Drop-in on a terminal, COMMAND stopped by it (^Z, or reading from the
 * background) is a job of the invoking shell, which waits for us: do as
 * sudo does.  Give the terminal back to our group and stop it, so the
 * shell sees its job stopped; continued in the foreground (fg), hand the
 * terminal back to COMMAND and continue it.  PID 1 cannot stop itself:
 * COMMAND continues, ^Z does nothing (as for a PID 1 of Docker's). */
static void
stopped(pid_t cmd, int sig)
{
	if (getpid() == 1) {
		if (sig == SIGTSTP)
			kill(-cmd, SIGCONT);
		return;
	}
	if (sig != SIGTSTP && sig != SIGTTIN && sig != SIGTTOU)
		return;
	if (tcgetpgrp(0) == cmd)
		tcsetpgrp(0, getpgrp());
	kill(0, SIGSTOP);	/* returns once continued */
	if (tcgetpgrp(0) == getpgrp())
		tcsetpgrp(0, cmd);
	kill(-cmd, SIGCONT);
}

/* Reap every zombie; note when COMMAND is among them. */
static void
reap(pid_t cmd, int *cmd_status, int *cmd_done)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG | (job_control ? WUNTRACED : 0))) > 0) {
		if (pid != cmd)
			continue;
		if (WIFSTOPPED(status)) {
			stopped(cmd, WSTOPSIG(status));
			continue;
		}
		*cmd_done = 1;
		*cmd_status = status_of(status);
	}
}

static void
reap_blocking(pid_t cmd, int *cmd_status, int *cmd_done)
{
	int status;

	if (waitpid(-1, &status, 0) == cmd) {
		*cmd_done = 1;
		*cmd_status = status_of(status);
	}
}

/* With -g, before the child has made its group or session the group does
 * not exist yet: COMMAND alone gets the signal (it stays pending through
 * the exec). */
static void
forward(const struct plan *p, pid_t cmd, int sig)
{
	if (p->group && kill(-cmd, sig) == 0)
		return;
	if (kill(cmd, sig) < 0 && errno != ESRCH)
		warnerr("forward signal %d to %d", sig, (int)cmd);
}

/* The procfs descendants are read from.  After the switch /proc is the
 * image's to decide unless rootinit mounted it there (an image's fake
 * children file could name the host's processes, or be a FIFO that
 * blocks us for ever): taken only when it is a procfs whose "self" is
 * our own pid, and before COMMAND exists. */
static int
proc_open(void)
{
	char self[16], want[16];
	struct statfs sf;
	ssize_t n;
	int fd;

	fd = openat(AT_FDCWD, "/proc", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	snprintf(want, sizeof(want), "%d", (int)getpid());
	n = readlinkat(fd, "self", self, sizeof(self) - 1);
	if (n >= 0)
		self[n] = '\0';
	if (fstatfs(fd, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC || n < 0 ||
	    strcmp(self, want)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Append the children of pid (from its main thread's children file),
 * read to the end: a long list takes more than one read. */
static size_t
children_of(pid_t pid, pid_t *q, size_t n, size_t max)
{
	char path[64], buf[1024];
	ssize_t len, i;
	long child = 0;
	int fd;

	snprintf(path, sizeof(path), "%d/task/%d/children", (int)pid, (int)pid);
	if ((fd = openat(procfd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return n;
	while ((len = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < len; i++) {
			if (buf[i] >= '0' && buf[i] <= '9') {
				child = child * 10 + (buf[i] - '0');
				continue;
			}
			if (child > 0 && n < max)
				q[n++] = child;
			child = 0;
		}
	if (child > 0 && n < max)
		q[n++] = child;
	close(fd);
	return n;
}

/* A subreaper's descendants, breadth first: orphans are our children, but
 * a grandchild whose parent lives is not, and must hear it too. */
static int
signal_descendants(int sig)
{
	pid_t q[MAX_DESCENDANTS];	/* on the stack: used once, at the end */
	size_t i, n;
	int any = 0;

	/* The whole tree first, then the signal: a parent that dies of it
	 * hands its children to us after we have read its list. */
	n = children_of(getpid(), q, 0, LEN(q));
	for (i = 0; i < n; i++)
		n = children_of(q[i], q, n, LEN(q));
	for (i = 0; i < n; i++)
		any |= kill(q[i], sig) == 0;
	return any;
}

/* Every process left in the namespace (PID 1), or our descendants. */
static int
signal_rest(int sig)
{
	if (getpid() == 1)
		return kill(-1, sig) == 0;
	if (procfd < 0) {
		warnx("no procfs of our PID namespace: leftover processes not signalled");
		return 0;
	}
	return signal_descendants(sig);
}

/* Reap what has exited; 1 while any child remains. */
static int
children_left(void)
{
	pid_t pid;

	while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
		;
	return pid == 0;
}

/* Wait on the signalfd (SIGCHLD) for at most ms milliseconds. */
static void
wait_chld(int sfd, long ms)
{
	struct signalfd_siginfo si;
	struct pollfd pfd = { .fd = sfd, .events = POLLIN };

	if (poll(&pfd, 1, ms > 0 ? (int)ms : 0) > 0 &&
	    read(sfd, &si, sizeof(si)) < 0)
		warnerr("read signalfd");
}

/* COMMAND is gone: SIGTERM the rest, reap them for up to grace seconds,
 * then SIGKILL what remains, again until nothing does (a descendant met
 * late is still found).  Nothing waits when nothing remains. */
static void
wind_down(const struct plan *p, int sfd)
{
	long long deadline = monotonic_ms() + p->grace * 1000LL;
	int tries;

	if (!signal_rest(SIGTERM))
		return;
	signal_rest(SIGCONT);
	while (children_left() && monotonic_ms() < deadline)
		wait_chld(sfd, deadline - monotonic_ms());
	for (tries = 0; children_left() && tries < 100; tries++) {
		signal_rest(SIGKILL);
		wait_chld(sfd, 50);
	}
}

/* PID 1 lives as long as the container; the code that prepared the root
 * will not run again.  Give its pages back: what the loop needs faults
 * back in from the page cache, the rest stays out of our resident set. */
static void
trim(void)
{
	extern char __executable_start[], etext[];
	uintptr_t start = (uintptr_t)__executable_start & ~(uintptr_t)4095;
	uintptr_t sp = ((uintptr_t)&start & ~(uintptr_t)4095) - 4096;

	madvise((void *)start, (uintptr_t)etext - start, MADV_DONTNEED);
	/* The stack below this frame is dead: setup's PATH_MAX buffers. */
	madvise((void *)(sp - TRIM_STACK), TRIM_STACK, MADV_DONTNEED);
}

/* One event: a signal, or a zombie when there is no signalfd.  With
 * --tty the relay runs until one comes, and SIGWINCH resizes the pty. */
static void
wait_event(const struct plan *p, int sfd, pid_t cmd, int *status, int *done)
{
	struct signalfd_siginfo si;

	if (p->tty)
		tty_relay(sfd);
	if (sfd < 0) {		/* no signalfd: reap (blocking without a relay) */
		if (p->tty)
			reap(cmd, status, done);
		else
			reap_blocking(cmd, status, done);
		return;
	}
	if (read(sfd, &si, sizeof(si)) != sizeof(si))
		return;
	if (si.ssi_signo == SIGCHLD)
		reap(cmd, status, done);
	else if (p->tty && si.ssi_signo == SIGWINCH)
		tty_resize();
	else
		forward(p, cmd, si.ssi_signo);
}

_Noreturn void
supervise(const struct plan *p)
{
	int sfd, status = 0, done = 0;
	pid_t cmd;

	if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		warnerr("become a child subreaper");
	if (getpid() != 1)
		procfd = proc_open();
	cmd = start(p, &sfd);
	privs_supervisor(p);
	trim();
	logv("supervising %s as %d", p->argv[0], (int)cmd);
	while (!done)
		wait_event(p, sfd, cmd, &status, &done);
	logv("%s exited with %d", p->argv[0], status);
	if (p->tty)
		tty_drain();
	wind_down(p, sfd);
	if (p->tty) {
		tty_drain();
		tty_restore();
	}
	if (p->boot)
		boot_end(p, status);
	exit(status);
}
