/* launch.c: the shape of a runtime that embeds rootinit.  The parent makes
 * the namespaces with clone3 (clone before Linux 5.3), writes the user
 * namespace's id maps (-U), releases the child through a pipe, forwards
 * SIGINT, SIGTERM and SIGHUP, and exits with the child's status.  The child
 * execs rootinit, PID 1 of the new pid namespace.
 * usage: launch [-U] [-h NAME] [-i ROOTINIT] ROOTFS [COMMAND [ARG]...] */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* The start of the kernel's struct clone_args (linux/sched.h), which
 * musl's headers do not carry. */
struct cloneargs {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls;
};

static pid_t child;

/* Setup failed: never leave the child to run without its maps. */
static void
die(const char *what)
{
	if (child > 0)
		kill(child, SIGKILL);
	fprintf(stderr, "launch: %s: %s\n", what, strerror(errno));
	exit(125);
}

static void
forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

/* Like fork(2), into new namespaces.  A raw clone without a stack goes on
 * on a copy of ours, as fork does; the child then only reads a pipe and
 * execs, so the C library's stale idea of its pid does not matter. */
static pid_t
spawn(unsigned long flags)
{
	struct cloneargs ca = { .flags = flags, .exit_signal = SIGCHLD };
	long pid;

	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid < 0 && errno == ENOSYS)
		pid = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
	return pid;
}

/* writeproc("uid_map", "0 %u 1", uid): one write to /proc/CHILD/NAME. */
static void
writeproc(const char *name, const char *fmt, unsigned id)
{
	char path[64], text[64];
	int fd, len;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)child, name);
	len = snprintf(text, sizeof(text), fmt, id);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0 ||
	    write(fd, text, len) != len)
		die(path);
	close(fd);
}

int
main(int argc, char *argv[])
{
	unsigned long flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS |
	    CLONE_NEWIPC | CLONE_NEWNET;
	const char *rootinit = "rootinit", *name = NULL;
	char **av, c;
	int opt, n = 0, sync[2], status, e;

	while ((opt = getopt(argc, argv, "+Uh:i:")) != -1) {
		switch (opt) {
		case 'U': flags |= CLONE_NEWUSER; break;
		case 'h': name = optarg; break;
		case 'i': rootinit = optarg; break;
		default: goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	/* rootinit --rootfs ROOTFS [--hostname NAME] -- COMMAND...: built
	 * before the clone, so that the child allocates nothing. */
	if (!(av = calloc(argc + 6, sizeof(*av))))
		die("calloc");
	av[n++] = (char *)rootinit;
	av[n++] = "--rootfs";
	av[n++] = argv[optind++];
	if (name) {
		av[n++] = "--hostname";
		av[n++] = (char *)name;
	}
	av[n++] = "--";
	while (optind < argc)
		av[n++] = argv[optind++];

	if (pipe2(sync, O_CLOEXEC) < 0)
		die("pipe");
	if ((child = spawn(flags)) < 0)
		die("clone");
	if (child == 0) {
		/* Wait until the parent has written the maps and closed its
		 * end: EOF.  Then become rootinit, PID 1 of the namespace. */
		close(sync[1]);
		if (read(sync[0], &c, 1) != 0)
			_exit(125);
		execvp(av[0], av);
		e = errno;
		fprintf(stderr, "launch: exec %s: %s\n", av[0], strerror(e));
		_exit(e == ENOENT ? 127 : 126);
	}
	close(sync[0]);
	signal(SIGINT, forward);
	signal(SIGTERM, forward);
	signal(SIGHUP, forward);
	/* Root inside is the caller outside, one id each; an unprivileged
	 * parent may write gid_map only once setgroups is denied. */
	if (flags & CLONE_NEWUSER) {
		writeproc("setgroups", "deny", 0);
		writeproc("gid_map", "0 %u 1", getegid());
		writeproc("uid_map", "0 %u 1", geteuid());
	}
	close(sync[1]);

	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
usage:
	fprintf(stderr, "usage: launch [-U] [-h NAME] [-i ROOTINIT] "
	    "ROOTFS [COMMAND [ARG]...]\n");
	return 2;
}
