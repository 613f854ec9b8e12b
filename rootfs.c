/* rootfs.c: the mounts that prepare the new root: propagation, the rootfs
 * bound onto itself (nodev, all the way down) over the scratch tmpfs the
 * plan's nodes are made on, the plan's mounts, the covers of masked
 * directories, and the boot's own (bind.c holds the binds with their
 * flags, switch.c the switch of root).  Targets are opened inside the new root
 * (resolve.c) and mounted on through /proc/self/fd/N, as runc does since
 * CVE-2021-30465, so no symlink in the rootfs leads a mount outside it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/magic.h>

#ifndef MQUEUE_MAGIC
#define MQUEUE_MAGIC 0x19800202	/* ipc/mqueue.c */
#endif

#include "rootinit.h"
#include "sys.h"

char rootpath[PATH_MAX];	/* the rootfs's absolute path (switch.c too) */

/* mount(2)'s errno texts mislead in places (bubblewrap's mount_strerror). */
static const char *
mount_strerror(int e)
{
	if (e == ENOSPC)
		return "too many mounts in this namespace (fs.mount-max)";
	if (e == ENODEV)
		return "filesystem type not known to the kernel";
	return strerror(e);
}

void
die_mount(const char *what, const char *path)
{
	diex(EXIT_SETUP, "%s %s: %s", what, path, mount_strerror(errno));
}

/* A mount whose options say nofail is skipped when it fails, with one
 * line, as mount(8) -a passes over a missing device.  The checks that
 * guard the root (kernel_fs_guard, rootfs_target) still refuse. */
static int
mount_failed(const struct mnt *m, const char *what, const char *path)
{
	if (!m->nofail)
		die_mount(what, path);
	warnx("%s %s: %s; skipped (nofail)", what, path, mount_strerror(errno));
	return -1;
}

/* The root is prepared in a mount namespace of rootinit's own, PID 1 or
 * not: a runtime that forgot CLONE_NEWNS (or a mistaken run on the host)
 * then leaves the host's mounts and propagation as they were.  Only the
 * kernel's init keeps the initial namespace: usermode helpers live there. */
void
isolate(const struct plan *p)
{
	int flags = 0;

	if (p->boot)
		return;
	/* The contract leaves the PID namespace to the caller; say so once. */
	if (p->rootfs && getpid() != 1)
		warnx("not PID 1 of a PID namespace: the container sees and may "
		    "signal the host's processes (unshare --pid --fork; -q: no warning)");
	if (p->rootfs)
		flags |= CLONE_NEWNS;
	if (p->hostname)
		flags |= CLONE_NEWUTS;
	/* Before the mounts: cgroup2 shows the namespace's root, which is
	 * the cgroup we are in now. */
	if (p->cgroupns == CGROUPNS_NEW)
		flags |= CLONE_NEWCGROUP;
	logv("unsharing%s%s%s", flags & CLONE_NEWNS ? " mount" : "",
	    flags & CLONE_NEWUTS ? " uts" : "", flags & CLONE_NEWCGROUP ? " cgroup" : "");
	if (flags && unshare(flags) < 0)
		die(EXIT_SETUP, "unshare a namespace of our own");
}

/* Before Linux 5.12 (no mount_setattr): bind, then remount each mount at
 * or below the rootfs nodev, read from the mount table.  Adding nodev is
 * allowed even where a user namespace locks a mount's flags. */
static void
nodev_one(const char *mp)
{
	char buf[32];
	int fd = openat(AT_FDCWD, mp, O_PATH | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		die(EXIT_SETUP, "rootfs mount %s", mp);
	if (mount(NULL, fdpath(fd, buf), NULL, MS_REMOUNT | MS_BIND | MS_NODEV |
	    mount_flags(fd), NULL) < 0)
		die_mount("remount nodev", mp);
	close(fd);
}

static void
bind_rootfs_old_kernel(int imgfd)
{
	char buf[32];

	if (errno != ENOSYS)
		die_mount("bind rootfs", rootpath);
	if (mount(fdpath(imgfd, buf), rootpath, NULL, MS_BIND | MS_REC, NULL) < 0)
		die_mount("bind rootfs", rootpath);
	mountinfo_each_under(rootpath, nodev_one);
}

/* The scratch: a tmpfs of rootinit's own where devices work, on which the
 * plan's nodes and the masks' empty file are made and from which they
 * are bound into the new root (devices.c, masks.c).  It is mounted on the
 * rootfs's path and the rootfs bound on top of it, so no lookup inside
 * the new root can reach it (a mount stacked on the root instead would
 * be where openat2's ".." at the root leads); it leaves with the old root
 * at the switch.  Unbindable while the rootfs is bound, so the recursive
 * bind does not copy it. */
static int
scratch_mount(void)
{
	char buf[32];
	struct statfs sf;
	int fd;

	if (mount("tmpfs", rootpath, "tmpfs", MS_NOSUID | MS_NOEXEC,
	    "mode=0700,size=16k") < 0)
		die_mount("mount scratch tmpfs on", rootpath);
	fd = openat(AT_FDCWD, rootpath, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fstatfs(fd, &sf) < 0 || sf.f_type != TMPFS_MAGIC)
		diex(EXIT_SETUP, "scratch tmpfs on %s: not found there", rootpath);
	if (mount(NULL, fdpath(fd, buf), NULL, MS_UNBINDABLE, NULL) < 0)
		die_mount("make unbindable: scratch tmpfs on", rootpath);
	return fd;
}

int
rootfs_prepare(const struct plan *p, int *scratch)
{
	char buf[32];
	ssize_t n;
	int fd;

	/* Nothing we mount may propagate back to the parent's namespace. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die_mount("make private", "/");
	proc_ensure();		/* procfs.c: the runtime may have mounted none */
	/* The rootfs's absolute path, as the kernel names it in mountinfo. */
	fd = openat(AT_FDCWD, p->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		die(EXIT_SETUP, "rootfs %s", p->rootfs);
	n = readlink(fdpath(fd, buf), rootpath, sizeof(rootpath) - 1);
	if (n < 0 || rootpath[0] != '/')
		die(EXIT_SETUP, "rootfs %s: its path", p->rootfs);
	rootpath[n] = '\0';
	close(fd);
	/* A mount point of its own: pivot_root needs one, and the rootfs
	 * mounts below stay under it.  nodev all the way down: a node the
	 * image ships (or a volume holds) opens no host device. */
	fd = openat(AT_FDCWD, rootpath, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		die(EXIT_SETUP, "open rootfs %s", rootpath);
	*scratch = scratch_mount();
	if (bind_attached(fd, "", *scratch, 1, MS_NODEV, 0) < 0)
		bind_rootfs_old_kernel(fd);
	close(fd);
	if (mount(NULL, fdpath(*scratch, buf), NULL, MS_PRIVATE, NULL) < 0)
		die_mount("make bindable: scratch tmpfs on", rootpath);
	fd = openat(AT_FDCWD, rootpath, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		die(EXIT_SETUP, "open rootfs %s", rootpath);
	logv("rootfs %s bound onto itself, nodev", rootpath);
	return fd;
}

/* /proc and /sys, and whatever is under them, are walked without symlinks. */
int
rootfs_how(const char *path, int create)
{
	int how = create;

	if (path_under(path, "/proc") || path_under(path, "/sys"))
		how |= IN_ROOT_NOSYMLINKS;
	return how;
}

/* A target that resolves to the new root itself (an image's "/data ->
 * /") is refused: a mount there would cover the root after rootfd was
 * taken, and every later path would resolve in the image beneath it. */
void
rootfs_not_root(int rootfd, int fd, const char *what, const char *path)
{
	static struct stat root;	/* rootfd's, taken once */
	struct stat st;

	if (!root.st_ino && fstat(rootfd, &root) < 0)
		die(EXIT_SETUP, "rootfs %s", rootpath);
	if (fstat(fd, &st) == 0 && st.st_dev == root.st_dev && st.st_ino == root.st_ino)
		diex(EXIT_SETUP, "%s %s: resolves to the new root itself", what, path);
}

int
rootfs_target(int rootfd, const char *path, int create)
{
	int how = rootfs_how(path, create);
	int fd = open_in_root(rootfd, path, how);

	if (fd < 0 && errno == ELOOP && (how & IN_ROOT_NOSYMLINKS))
		diex(EXIT_SETUP, "mount target %s: a symlink on the way; /proc and "
		    "/sys must be real directories", path);
	if (fd < 0)
		die(EXIT_SETUP, "mount target %s", path);
	rootfs_not_root(rootfd, fd, "mount target", path);
	return fd;
}

static void
propagate(int rootfd, const char *path, unsigned long prop)
{
	char buf[32];
	int fd = rootfs_target(rootfd, path, 0);

	if (mount(NULL, fdpath(fd, buf), NULL, prop, NULL) < 0)
		die_mount("set propagation of", path);
	close(fd);
}

/* The plan checked the target as written; a symlink in the image may
 * still lead it into /proc or /sys (runc's CVE-2019-16884): check where
 * it landed.  Only procfs and sysfs go there. */
static void
kernel_fs_guard(int fd, const struct mnt *m)
{
	struct statfs sf;

	if (fstatfs(fd, &sf) < 0)
		die(EXIT_SETUP, "mount target %s", m->dst);
	if ((sf.f_type == PROC_SUPER_MAGIC || sf.f_type == SYSFS_MAGIC) &&
	    !kernel_fs_mount(m))
		diex(EXIT_SETUP, "mount target %s: leads into procfs or sysfs, where "
		    "only proc or sysfs may be mounted", m->dst);
}

static int
mount_bind(int rootfd, const struct mnt *m)
{
	char buf[32];
	struct stat st;
	int fd, r;

	r = stat(m->src, &st);
	if (r < 0 && m->nofail)
		return mount_failed(m, "bind source", m->src);
	fd = rootfs_target(rootfd, m->dst, r == 0 && !S_ISDIR(st.st_mode) ?
	    IN_ROOT_CREATE_FILE : IN_ROOT_CREATE_DIR);
	kernel_fs_guard(fd, m);
	r = bind_attached(AT_FDCWD, m->src, fd, m->bind == 2, m->flags, m->cleared);
	if (r < 0 && errno == ENOSYS) {
		r = mount(m->src, fdpath(fd, buf), NULL, MS_BIND |
		    (m->bind == 2 ? MS_REC : 0), NULL);
		if (r == 0 && m->flags)
			bind_remount(rootfd, m->dst, m->flags, m->cleared);
	}
	if (r < 0)
		r = mount_failed(m, "bind mount on", m->dst);
	close(fd);
	return r;
}

/* A user namespace without an IPC namespace of its own may not mount
 * mqueue: bind the host's instead, as runc does, or, when the host has
 * none, leave the directory empty (mq_open(3) does not need it). */
static int
mqueue_fallback(const struct mnt *m, int fd)
{
	char src[32], dst[32];
	struct statfs sf;
	int host, ok = 1;

	if (errno != EPERM || strcmp(m->type, "mqueue"))
		return 0;
	host = openat(AT_FDCWD, "/dev/mqueue", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (host >= 0 && fstatfs(host, &sf) == 0 && sf.f_type == MQUEUE_MAGIC) {
		logv("mqueue refused; binding the host's /dev/mqueue");
		ok = mount(fdpath(host, src), fdpath(fd, dst), NULL, MS_BIND, NULL) == 0;
	} else {
		logv("mqueue refused and the host has none; %s left empty", m->dst);
	}
	if (host >= 0)
		close(host);
	errno = EPERM;
	return ok;
}

static int
mount_fs(int rootfd, const struct mnt *m)
{
	char buf[32], data[MAX_MNT_DATA];
	int fd, r = 0;

	ids_filter(data, m->data);
	fd = rootfs_target(rootfd, m->dst, IN_ROOT_CREATE_DIR);
	kernel_fs_guard(fd, m);
	if (mount(m->src, fdpath(fd, buf), m->type, m->flags, data) < 0 &&
	    !mqueue_fallback(m, fd)) {
		snprintf(buf, sizeof(buf), "mount %.20s on", m->type);
		r = mount_failed(m, buf, m->dst);
	}
	close(fd);
	return r;
}

void
rootfs_mount_all(const struct plan *p, int rootfd)
{
	const struct mnt *m;
	size_t i;

	for (i = 0; i < p->nmnt; i++) {
		m = &p->mnt[i];
		logv("mount %s on %s (%s)", m->src, m->dst, m->bind ? "bind" : m->type);
		if ((m->bind ? mount_bind(rootfd, m) : mount_fs(rootfd, m)) == 0 &&
		    m->prop)
			propagate(rootfd, m->dst, m->prop);
	}
}

/* Cover the directory fd with an empty read-only tmpfs. */
void
rootfs_cover_dir(int fd, const char *path)
{
	char buf[32];

	if (mount("tmpfs", fdpath(fd, buf), "tmpfs", MS_RDONLY | MS_NOSUID |
	    MS_NODEV | MS_NOEXEC, "size=0,nr_inodes=1") < 0)
		die_mount("mask", path);
}

/* Boot: the kernel gave PID 1 no /proc and perhaps no /dev. */
void
rootfs_mount_kernel_fs(void)
{
	mkdir("/dev", 0755);
	mkdir("/proc", 0555);
	if (mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755") < 0 &&
	    errno != EBUSY)
		die_mount("devtmpfs", "/dev");
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		die_mount("proc", "/proc");
}

/* Boot: root= on the rootfs directory; with no rootfstype= every
 * filesystem /proc/filesystems lists with a device is tried, as the
 * kernel's own mount_block_root does. */
int
rootfs_mount_device(const struct mnt *m)
{
	char buf[4096], *s, *nl, *type;
	ssize_t n;
	int fd, err = ENODEV;

	if (m->type)
		return mount(m->src, m->dst, m->type, m->flags, m->data);
	if ((fd = openat(AT_FDCWD, "/proc/filesystems", O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	for (s = buf; (nl = strchr(s, '\n')); s = nl + 1) {
		*nl = '\0';
		if (!strncmp(s, "nodev", 5))
			continue;
		type = s + strspn(s, " \t");
		if (mount(m->src, m->dst, type, m->flags, m->data) == 0)
			return 0;
		if (errno != EINVAL)
			err = errno;
	}
	errno = err;
	return -1;
}
