/* tests/confine.c: a probe run inside the container by t-48-confine.sh.
 * Each argument names a check; one line is printed for each: "NAME ok"
 * or "NAME ERRNO" for a call, or "NAME VALUE" for a reading.  The calls
 * are made so that, unfiltered, they fail or change nothing outside the
 * probe (no key is added, no kexec image loaded). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

static const struct { int err; const char *name; } names[] = {
	{ EPERM, "EPERM" }, { ENOSYS, "ENOSYS" }, { EINVAL, "EINVAL" },
	{ EFAULT, "EFAULT" }, { EBADF, "EBADF" }, { ENOENT, "ENOENT" },
	{ EACCES, "EACCES" }, { EAFNOSUPPORT, "EAFNOSUPPORT" },
	{ ENOKEY, "ENOKEY" }, { EOPNOTSUPP, "EOPNOTSUPP" }, { E2BIG, "E2BIG" },
};

static void
result(const char *what, long rc)
{
	size_t i;

	if (rc >= 0) {
		printf("%s ok\n", what);
		return;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == errno) {
			printf("%s %s\n", what, names[i].name);
			return;
		}
	printf("%s errno%d\n", what, errno);
}

/* getpid through the i386 entry (int 0x80, i386 number 20). */
static long
int80_getpid(void)
{
	long rc = 20;

	__asm__ volatile ("int $0x80" : "+a"(rc) : : "memory");
	if (rc < 0 && rc > -4096) {
		errno = -rc;
		return -1;
	}
	return rc;
}

/* A kernel without the i386 ABI answers int 0x80 with SIGSEGV. */
static void
in_child(const char *c)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		result(c, int80_getpid());
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		printf("%s %s\n", c, strsignal(WTERMSIG(status)));
}

static void
limit(const char *name, int res)
{
	struct rlimit rl;
	char s[32], h[32];

	getrlimit(res, &rl);
	snprintf(s, sizeof(s), "%llu", (unsigned long long)rl.rlim_cur);
	snprintf(h, sizeof(h), "%llu", (unsigned long long)rl.rlim_max);
	printf("%s %s:%s\n", name, rl.rlim_cur == RLIM_INFINITY ? "unlimited" : s,
	    rl.rlim_max == RLIM_INFINITY ? "unlimited" : h);
}

static void
show(const char *name, const char *path)
{
	char buf[256] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	printf("%s %s\n", name, n < 0 ? "unreadable" : buf);
}

static void
check(const char *c)
{
	if (!strcmp(c, "keyctl"))
		result(c, syscall(SYS_keyctl, 9999, 0, 0));	/* no such command */
	else if (!strcmp(c, "add_key"))
		result(c, syscall(SYS_add_key, NULL, NULL, NULL, 0, 0));	/* EFAULT */
	else if (!strcmp(c, "kexec_load"))
		result(c, syscall(SYS_kexec_load, 0, 0, NULL, 0));
	else if (!strcmp(c, "open_by_handle_at"))
		result(c, syscall(SYS_open_by_handle_at, -1, NULL, 0));
	else if (!strcmp(c, "unshare_user"))
		result(c, unshare(CLONE_NEWUSER));
	else if (!strcmp(c, "clone_newuser")) {
		/* fork's clone with CLONE_NEWUSER: the child leaves at once. */
		long pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
		if (pid == 0)
			_exit(0);
		result(c, pid < 0 ? -1 : waitpid(pid, NULL, 0));
	} else if (!strcmp(c, "clone3"))
		result(c, syscall(SYS_clone3, NULL, 0));
	else if (!strcmp(c, "personality_norandom"))
		result(c, personality(ADDR_NO_RANDOMIZE));
	else if (!strcmp(c, "personality_query"))
		result(c, personality(0xffffffff));
	else if (!strcmp(c, "socket_vsock"))
		result(c, socket(AF_VSOCK, SOCK_STREAM, 0));
	else if (!strcmp(c, "socket_unix"))
		result(c, socket(AF_UNIX, SOCK_STREAM, 0));
	else if (!strcmp(c, "i386"))
		in_child(c);
	else if (!strcmp(c, "x32"))
		result(c, syscall(0x40000000 | SYS_getpid));
	else if (!strcmp(c, "newer"))
		result(c, syscall(467, -1, NULL, 0, NULL, 0));	/* open_tree_attr, 6.15 */
	else if (!strcmp(c, "fork")) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		result(c, pid < 0 ? -1 : waitpid(pid, NULL, 0));
	} else if (!strcmp(c, "nofile"))
		limit(c, RLIMIT_NOFILE);
	else if (!strcmp(c, "core"))
		limit(c, RLIMIT_CORE);
	else if (!strcmp(c, "nproc"))
		limit(c, RLIMIT_NPROC);
	else if (!strcmp(c, "oom"))
		show(c, "/proc/self/oom_score_adj");
	else if (!strncmp(c, "sysctl:", 7)) {
		char path[256];
		snprintf(path, sizeof(path), "/proc/sys/%s", c + 7);
		for (char *s = path + 10; *s; s++)
			if (*s == '.')
				*s = '/';
		show(c, path);
	} else
		printf("%s unknown\n", c);
}

int
main(int argc, char **argv)
{
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc; i++)
		check(argv[i]);
	return 0;
}
