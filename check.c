/* check.c: the checks of the whole plan that need to look at the host,
 * made before the first change (stat and realpath only). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "rootinit.h"

/* Only procfs and sysfs go on or under /proc and /sys (and cgroup2 on
 * /sys/fs/cgroup): anything else there (a bind, a tmpfs) is how runc's
 * CVE-2019-16884 and friends began.  A nofail bind's source may be missing. */
static void
check_mount(const struct mnt *m)
{
	struct stat st;

	if (!*m->type)
		diex(EXIT_USAGE, "--mount %s: empty FSTYPE", m->dst);
	if ((path_under(m->dst, "/proc") || path_under(m->dst, "/sys")) &&
	    !kernel_fs_mount(m))
		diex(EXIT_USAGE, "--mount %s: only proc or sysfs (cgroup2 on "
		    "/sys/fs/cgroup) may be mounted on or under /proc and /sys", m->dst);
	if (m->bind && !m->nofail && stat(m->src, &st) < 0)
		die(EXIT_USAGE, "--mount %s: bind source %s", m->dst, m->src);
	if (!strcmp(m->dst, "/") || path_equal(m->dst, "/"))
		diex(EXIT_USAGE, "--mount %s: cannot mount over the new root itself", m->dst);
}

static void
check_rootfs(const char *rootfs)
{
	struct stat st, root;

	if (stat(rootfs, &st) < 0)
		die(EXIT_USAGE, "--rootfs %s", rootfs);
	if (!S_ISDIR(st.st_mode))
		diex(EXIT_USAGE, "--rootfs %s: not a directory", rootfs);
	/* We are about to bind it over itself and pivot: never the host's /. */
	if (stat("/", &root) == 0 && root.st_dev == st.st_dev && root.st_ino == st.st_ino)
		diex(EXIT_USAGE, "--rootfs %s: is the current root; refusing", rootfs);
}

void
plan_check(const struct plan *p)
{
	struct stat st;
	size_t i;

	if (p->workdir)
		path_check("--workdir", p->workdir);
	if (p->console) {
		if (stat(p->console, &st) < 0)
			die(EXIT_USAGE, "--console %s", p->console);
		if (!S_ISCHR(st.st_mode))
			diex(EXIT_USAGE, "--console %s: not a character device", p->console);
	}
	if (p->overlay && !p->rootdev.src)
		diex(EXIT_USAGE, "--overlay: only in boot mode, over the root= "
		    "of the kernel command line");
	seccomp_check(p);
	handover_check(p);
	limits_check(p);
	if (!p->rootfs)
		return;
	check_rootfs(p->rootfs);
	for (i = 0; i < p->nmnt; i++)
		check_mount(&p->mnt[i]);
}
