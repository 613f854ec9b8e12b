/* workload.c: the last steps before COMMAND (hostname, umask, working
 * directory, environment) and the exec itself, with 126/127 as the shells
 * and env(1) report them. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rootinit.h"
#include "sys.h"

extern char **environ;

static char *envp[MAX_ENVIRON + MAX_ENV + 2];

static int
overridden(const struct plan *p, const char *var)
{
	size_t i, n;

	for (i = 0; i < p->nenv; i++) {
		n = strcspn(p->env[i], "=") + 1;
		if (!strncmp(p->env[i], var, n))
			return 1;
	}
	return 0;
}

/* rootinit's environment, --env on top, PATH defaulted when unset. */
static void
build_env(const struct plan *p)
{
	size_t n = 0, i;
	char **e;
	int path = 0;

	for (e = environ; e && *e; e++) {
		if (overridden(p, *e))
			continue;
		if (n == MAX_ENVIRON)
			diex(EXIT_SETUP, "environment: more than %d variables "
			    "(MAX_ENVIRON)", MAX_ENVIRON);
		envp[n++] = *e;
	}
	for (i = 0; i < p->nenv; i++)
		envp[n++] = (char *)p->env[i];
	for (i = 0; i < n; i++)
		path |= !strncmp(envp[i], "PATH=", 5);
	if (!path)
		envp[n++] = "PATH=" DEFAULT_PATH;
	envp[n] = NULL;
	environ = envp;
}

/* chdir, then make sure the directory is inside the new root: a workdir
 * through a leaked fd (/proc/self/fd/N, CVE-2024-21626) would not be. */
static void
enter_workdir(const struct plan *p)
{
	const char *dir = p->workdir ? p->workdir : "/";
	char cwd[PATH_MAX];

	if (chdir(dir) < 0)
		die(EXIT_SETUP, "workdir %s", dir);
	if (!getcwd(cwd, sizeof(cwd)))
		die(EXIT_SETUP, "workdir %s: outside the new root", dir);
	logv("workdir %s", cwd);
}

/* Every fd above 2 but keep (the console, opened before the switch, or
 * -1; close-on-exec, so COMMAND still starts with 0-2 only); close_range
 * needs Linux 5.9. */
static void
close_fds(int keep)
{
	struct rlimit rl;
	unsigned int fd, max = 65536;

	if (keep < 3 && sys_close_range(3, ~0U, 0) == 0)
		return;
	if (keep >= 3 && (keep == 3 || sys_close_range(3, keep - 1, 0) == 0) &&
	    sys_close_range(keep + 1, ~0U, 0) == 0)
		return;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < max)
		max = rl.rlim_cur;
	for (fd = 3; fd < max; fd++)
		if ((int)fd != keep)
			close(fd);
}

/* With a root, COMMAND never stays in the invoker's session: from there,
 * through /dev/tty even with stdio redirected, it could push input into
 * the invoker's shell with TIOCSTI (bubblewrap's CVE-2017-5226).  A
 * session leader already (a runtime's setsid) has a session of its own;
 * a process group leader cannot make one (--exec run as a shell's job). */
static void
own_session(void)
{
	if (setsid() < 0 && getsid(0) != getpid())
		die(EXIT_SETUP, "a session of COMMAND's own (rootinit leads a "
		    "process group: start it under setsid(1), or without --exec)");
}

/* With a root, a session of COMMAND's own; with --console, the console
 * its controlling terminal and fds 0-2: the fd devices.c opened before
 * the switch, never the image's path to it. */
void
workload_session(const struct plan *p)
{
	int fd = devices_console_fd();

	if ((p->rootfs && !p->switch_root) || p->console)
		own_session();
	if (!p->console)
		return;
	if (fd < 0 || ioctl(fd, TIOCSCTTY, 0) < 0)
		die(EXIT_SETUP, "/dev/console as controlling terminal");
	if (dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		die(EXIT_SETUP, "/dev/console as stdio");
	if (fd > 2)
		close(fd);
}

void
workload_setup(const struct plan *p)
{
	/* Nothing rootinit opened goes further; before the chdir, so no
	 * leaked directory fd can be a way out (runc's CVE-2024-21626). */
	close_fds(devices_console_fd());
	if (p->rootfs && !p->switch_root)
		umask(WORKLOAD_UMASK);
	if (p->hostname && sethostname(p->hostname, strlen(p->hostname)) < 0)
		die(EXIT_SETUP, "hostname %s", p->hostname);
	if (p->rootfs || p->workdir)
		enter_workdir(p);
}

_Noreturn void
workload_exec(const struct plan *p)
{
	const char *cmd = p->argv[0];

	/* Built here, after the fork: the supervisor never touches it. */
	build_env(p);
	limits_apply(p);	/* while CAP_SYS_RESOURCE may still be ours */
	/* The filter last; without no_new_privs, while CAP_SYS_ADMIN is ours. */
	if (!p->no_new_privs)
		seccomp_load(p);
	privs_drop(p);
	if (p->no_new_privs)
		seccomp_load(p);
	logv("exec %s", cmd);
	execvp(cmd, p->argv);
	if (errno == ENOENT || errno == ENOTDIR)
		die(EXIT_NOTFOUND, "exec %s", cmd);
	die(EXIT_CANTEXEC, "exec %s", cmd);
}
