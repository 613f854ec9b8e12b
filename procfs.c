/* procfs.c: what rootinit asks a procfs of its own, one nobody else sees.
 * Whether the kernel itself started us (boot mode, and the only case in
 * which the initramfs's files may be deleted), and the procfs --rootfs
 * needs where the runtime mounted none.
 *
 * Why boot_detect() cannot take a container for a boot, privileged or not:
 * the kernel's init is PID 1 of the INITIAL pid namespace.  A container's
 * processes are either in a pid namespace of their own (where one of them
 * may be PID 1, of that namespace) or in the host's (where PID 1 is the
 * host's init, not them); setns(2) into the initial one moves only the
 * children made afterwards, never to PID 1; and no capability changes
 * which namespace a process is in.  The kernel gives the initial pid
 * namespace a fixed proc inode number, PROC_PID_INIT_INO 0xEFFFFFFC
 * (include/linux/proc_ns.h, Linux 3.8 on); every other one gets a number
 * from proc_alloc_inum(), at or above 0xF0000000.  The number is read from
 * the namespace file itself (nsfs, or procfs before 3.19: its filesystem
 * is checked, so no file an image brings can pose as it) in a procfs that
 * a child mounts over / in a mount namespace of its own, which dies with
 * it: on every kernel, nothing is created or mounted where anyone could
 * see it.  (fsopen(2) would give a detached procfs without the child, but
 * only from Linux 5.2: one way for all kernels is the way that is tested.)
 * Mounting a procfs needs CAP_SYS_ADMIN, which the kernel's init has; a
 * container without it fails to get one: not a boot.  Then / must be the
 * "rootfs" mount, all of it, nothing mounted over it: the initramfs, not
 * a disk root (rootinit as /sbin/init after another initramfs) nor a
 * chroot.  A statfs first (the rootfs is ramfs or tmpfs) spares most
 * containers even the child. */
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/magic.h>

#include "rootinit.h"
#include "sys.h"

#define PROC_PID_INIT_INO	0xEFFFFFFCU	/* include/linux/proc_ns.h */
#ifndef NSFS_MAGIC
#define NSFS_MAGIC		0x6e736673
#endif

static int
fs_is(int fd, unsigned long magic)
{
	struct statfs sf;

	return fstatfs(fd, &sf) == 0 && (unsigned long)sf.f_type == magic;
}

/* PID 1's pid namespace (PID 1 is us) is the initial one. */
static int
initial_pid_ns(int procfd)
{
	struct stat st;
	int fd, r;

	if (!fs_is(procfd, PROC_SUPER_MAGIC))
		return 0;
	fd = openat(procfd, "1/ns/pid", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	r = fstat(fd, &st) == 0 && st.st_ino == PROC_PID_INIT_INO &&
	    (fs_is(fd, NSFS_MAGIC) || fs_is(fd, PROC_SUPER_MAGIC));
	close(fd);
	return r;
}

struct rootline {
	int n;			/* mounts on / */
	int rootfs;		/* the first is the whole rootfs */
	char dev[32];		/* its MAJ:MIN */
};

static int
root_line(const struct mountinfo_entry *e, void *arg)
{
	struct rootline *r = arg;

	/* Linux 7.0 puts the rootfs on a nullfs (empty, and mountable by
	 * the kernel only), should that show. */
	if (strcmp(e->mp, "/") || !strcmp(e->type, "nullfs"))
		return 0;
	if (r->n++ == 0) {
		r->rootfs = !strcmp(e->type, "rootfs") && !strcmp(e->root, "/");
		snprintf(r->dev, sizeof(r->dev), "%s", e->dev);
	}
	return 0;
}

/* / is the rootfs mount, all of it, and nothing is mounted over it. */
static int
root_is_rootfs(int procfd, struct rootline *r)
{
	int fd, ok;

	memset(r, 0, sizeof(*r));
	if ((fd = openat(procfd, "1/mountinfo", O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	ok = mountinfo_scan(fd, root_line, r) == 0 && r->n == 1 && r->rootfs;
	close(fd);
	return ok;
}

/* The kernel started us from its initial rootfs: see the top.  A child
 * mounts a procfs over / in a mount namespace of its own, made private
 * first so nothing propagates out of it.  "/" still names the root under
 * it; "/.." climbs onto what is mounted on top (path walks cross mounts
 * after "..").  Its answer: its exit status. */
int
boot_detect(void)
{
	struct rootline r;
	struct statfs sf;
	pid_t pid;
	int status, fd;

	if (getpid() != 1 || statfs("/", &sf) < 0 ||
	    (sf.f_type != RAMFS_MAGIC && sf.f_type != TMPFS_MAGIC) ||
	    (pid = fork()) < 0)
		return 0;
	if (pid == 0) {
		if (unshare(CLONE_NEWNS) < 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
		    mount("proc", "/", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
			_exit(0);
		fd = openat(AT_FDCWD, "/..", O_PATH | O_DIRECTORY | O_CLOEXEC);
		_exit(fd >= 0 && initial_pid_ns(fd) && root_is_rootfs(fd, &r));
	}
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 1;
}

struct keep {
	const char *dev, *keep, *bad;
};

/* A mount of the initramfs other than / and the new root's. */
static int
other_mount(const struct mountinfo_entry *e, void *arg)
{
	struct keep *k = arg;

	if (strcmp(e->dev, k->dev) || !strcmp(e->mp, "/") || path_under(e->mp, k->keep))
		return 0;
	k->bad = "a mount of it is elsewhere";
	return 1;
}

/* Just before the initramfs's files are deleted, as switch_root insists:
 * still the kernel's init on the rootfs, and no part of the rootfs is
 * mounted anywhere but on / and the new root (a bind of an initramfs
 * directory has the rootfs's st_dev: deleting by st_dev alone would go
 * through it).  Says why not on stderr. */
int
boot_free_allowed(const char *keep)
{
	struct rootline r;
	struct keep k = { NULL, keep, NULL };
	int procfd, fd = -1;

	/* Boot mode mounted it; initial_pid_ns() checks it is a procfs. */
	procfd = openat(AT_FDCWD, "/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0 || getpid() != 1 || !initial_pid_ns(procfd))
		k.bad = "not the kernel's init";
	else if (!root_is_rootfs(procfd, &r))
		k.bad = "/ is not the kernel's rootfs";
	else if ((fd = openat(procfd, "1/mountinfo", O_RDONLY | O_CLOEXEC)) < 0 ||
	    mountinfo_scan(fd, other_mount, (k.dev = r.dev, &k)) < 0)
		k.bad = "its mounts cannot be read";
	if (fd >= 0)
		close(fd);
	if (procfd >= 0)
		close(procfd);
	if (k.bad)
		warnx("not freeing the initramfs: %s", k.bad);
	return !k.bad;
}

/* --rootfs resolves paths through /proc/self/fd, and a runtime that
 * mounted nothing ("mounts": [] in an OCI bundle) leaves no /proc.  By
 * now rootinit is in a mount namespace of its own with / private: a
 * procfs on the root's /proc directory is seen by nobody else, and leaves
 * with the old root at the switch.  The directory is never made: that
 * root is not ours to change. */
void
proc_ensure(void)
{
	struct statfs sf;
	struct stat st;

	/* A procfs, not the image's look-alike directories: rootpath is
	 * read through /proc/self/fd. */
	if (statfs("/proc", &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC &&
	    access("/proc/self/fd", F_OK) == 0)
		return;
	if (lstat("/proc", &st) < 0 || !S_ISDIR(st.st_mode))
		diex(EXIT_SETUP, "no procfs on /proc, and no /proc directory to "
		    "mount one on");
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		die_mount("procfs for rootinit's own use on", "/proc");
	logv("procfs on /proc for rootinit's own use");
}
