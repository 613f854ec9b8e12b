/* rootfs.c: the mounts that prepare the new root: propagation, the rootfs
 * bound onto itself, the plan's mounts, masks and read-only paths, and the
 * boot's own (switch.c holds the switch of root, the other mount(2)s).  Targets are opened inside the new root
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
#include <sys/statvfs.h>	/* the ST_ flags */
#include <unistd.h>
#include <linux/magic.h>

#ifndef MQUEUE_MAGIC
#define MQUEUE_MAGIC 0x19800202	/* ipc/mqueue.c */
#endif

#include "rootinit.h"
#include "sys.h"

char rootpath[PATH_MAX];	/* the rootfs's absolute path (switch.c too) */

/* mount(2)'s errno texts mislead in places (bubblewrap's mount_strerror). */
void
die_mount(const char *what, const char *path)
{
	if (errno == ENOSPC)
		diex(EXIT_SETUP, "%s %s: too many mounts in this namespace "
		    "(fs.mount-max)", what, path);
	if (errno == ENODEV)
		diex(EXIT_SETUP, "%s %s: filesystem type not known to the kernel",
		    what, path);
	die(EXIT_SETUP, "%s %s", what, path);
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
	if (p->rootfs)
		flags |= CLONE_NEWNS;
	if (p->hostname)
		flags |= CLONE_NEWUTS;
	logv("unsharing%s%s", flags & CLONE_NEWNS ? " mount" : "",
	    flags & CLONE_NEWUTS ? " uts" : "");
	if (flags && unshare(flags) < 0)
		die(EXIT_SETUP, "unshare a namespace of our own");
}

int
rootfs_prepare(const struct plan *p)
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
	 * mounts below stay under it. */
	if (mount(rootpath, rootpath, NULL, MS_BIND | MS_REC, NULL) < 0)
		die_mount("bind rootfs", rootpath);
	fd = openat(AT_FDCWD, rootpath, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		die(EXIT_SETUP, "open rootfs %s", rootpath);
	logv("rootfs %s bound onto itself", rootpath);
	return fd;
}

/* /proc and /sys, and whatever is under them, are walked without symlinks. */
static int
how_for(const char *path, int create)
{
	int how = create;

	if (path_under(path, "/proc") || path_under(path, "/sys"))
		how |= IN_ROOT_NOSYMLINKS;
	return how;
}

static int
target(int rootfd, const char *path, int create)
{
	int how = how_for(path, create);
	int fd = open_in_root(rootfd, path, how);

	if (fd < 0 && errno == ELOOP && (how & IN_ROOT_NOSYMLINKS))
		diex(EXIT_SETUP, "mount target %s: a symlink on the way; /proc and "
		    "/sys must be real directories", path);
	if (fd < 0)
		die(EXIT_SETUP, "mount target %s", path);
	return fd;
}

/* The mount flags a mount has (statfs's f_flags holds the ST_ flags). */
unsigned long
mount_flags(int fd)
{
	static const unsigned long map[][2] = {
		{ ST_RDONLY, MS_RDONLY },
		{ ST_NOSUID, MS_NOSUID }, { ST_NODEV, MS_NODEV },
		{ ST_NOEXEC, MS_NOEXEC }, { ST_NOATIME, MS_NOATIME },
		{ ST_NODIRATIME, MS_NODIRATIME }, { ST_RELATIME, MS_RELATIME },
	};
	struct statfs sf;
	unsigned long flags = 0;
	size_t i;

	if (fstatfs(fd, &sf) < 0)
		return 0;
	for (i = 0; i < LEN(map); i++)
		if (sf.f_flags & map[i][0])
			flags |= map[i][1];
	return flags;
}

/* Flags of a bind mount need a remount, and a remount drops every flag it
 * does not name: so the flags the bind already has (a nosuid, nodev, ro
 * host volume) are named again, but for those the options cleared
 * explicitly (suid, dev, rw).  In a user namespace they are locked anyway:
 * when the kernel refuses, all are kept. */
static void
remount(int rootfd, const char *path, unsigned long flags, unsigned long cleared)
{
	char buf[32];
	int fd = target(rootfd, path, 0);

	flags |= MS_REMOUNT | MS_BIND | (mount_flags(fd) & ~cleared);
	if (mount(NULL, fdpath(fd, buf), NULL, flags, NULL) < 0 &&
	    (errno != EPERM || mount(NULL, buf, NULL, flags | mount_flags(fd), NULL) < 0))
		die_mount("remount", path);
	close(fd);
}

/* MS_ flags as mount_setattr(2) attributes. */
static unsigned long long
attrs(unsigned long ms)
{
	unsigned long long a = 0;

	a |= ms & MS_RDONLY ? MOUNT_ATTR_RDONLY_ : 0;
	a |= ms & MS_NOSUID ? MOUNT_ATTR_NOSUID_ : 0;
	a |= ms & MS_NODEV ? MOUNT_ATTR_NODEV_ : 0;
	a |= ms & MS_NOEXEC ? MOUNT_ATTR_NOEXEC_ : 0;
	a |= ms & MS_NODIRATIME ? MOUNT_ATTR_NODIRATIME_ : 0;
	a |= ms & MS_NOATIME ? MOUNT_ATTR_NOATIME_ : 0;
	a |= ms & MS_STRICTATIME ? MOUNT_ATTR_STRICTATIME_ : 0;
	return a;
}

/* A bind whose flags are set on the copy before it is attached, so the
 * target is never looked up a second time (where a concurrent writer
 * could have swapped it): open_tree(2), mount_setattr(2), move_mount(2).
 * Flags not named stay as the source has them.  -1 with ENOSYS before
 * Linux 5.12: the caller binds and remounts instead. */
static int
bind_attached(int srcdfd, const char *src, int dstfd, int rec, unsigned long set,
    unsigned long clear)
{
	struct mount_attr_ attr = { .attr_set = attrs(set), .attr_clr = attrs(clear) };
	int tree, r, saved;

	if (attr.attr_set & MOUNT_ATTR_ATIME_ || set & MS_RELATIME)
		attr.attr_clr |= MOUNT_ATTR_ATIME_;
	tree = sys_open_tree(srcdfd, src, OPEN_TREE_CLONE_ | O_CLOEXEC |
	    (rec ? AT_RECURSIVE : 0) | (*src ? 0 : AT_EMPTY_PATH));
	if (tree < 0)
		return -1;
	/* An rbind's flags reach its submounts too (read-only stays
	 * read-only all the way down, as Docker's recursive read-only). */
	r = sys_mount_setattr(tree, "", AT_EMPTY_PATH | (rec ? AT_RECURSIVE : 0), &attr);
	if (r == 0)
		r = sys_move_mount(tree, "", dstfd, "", MOVE_MOUNT_F_EMPTY_PATH_ |
		    MOVE_MOUNT_T_EMPTY_PATH_);
	saved = errno;
	close(tree);
	errno = saved;
	return r;
}

static void
propagate(int rootfd, const char *path, unsigned long prop)
{
	char buf[32];
	int fd = target(rootfd, path, 0);

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

static void
mount_bind(int rootfd, const struct mnt *m)
{
	char buf[32];
	struct stat st;
	int fd, file;

	file = stat(m->src, &st) == 0 && !S_ISDIR(st.st_mode);
	fd = target(rootfd, m->dst, file ? IN_ROOT_CREATE_FILE : IN_ROOT_CREATE_DIR);
	kernel_fs_guard(fd, m);
	if (bind_attached(AT_FDCWD, m->src, fd, m->bind == 2, m->flags, m->cleared) == 0) {
		close(fd);
		return;
	}
	if (errno != ENOSYS)
		die_mount("bind mount on", m->dst);
	if (mount(m->src, fdpath(fd, buf), NULL, MS_BIND | (m->bind == 2 ? MS_REC : 0),
	    NULL) < 0)
		die_mount("bind mount on", m->dst);
	close(fd);
	if (m->flags)
		remount(rootfd, m->dst, m->flags, m->cleared);
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

static void
mount_fs(int rootfd, const struct mnt *m)
{
	char buf[32], data[MAX_MNT_DATA];
	int fd;

	ids_filter(data, m->data);
	fd = target(rootfd, m->dst, IN_ROOT_CREATE_DIR);
	kernel_fs_guard(fd, m);
	if (mount(m->src, fdpath(fd, buf), m->type, m->flags, data) < 0 &&
	    !mqueue_fallback(m, fd)) {
		snprintf(buf, sizeof(buf), "mount %.20s on", m->type);
		die_mount(buf, m->dst);
	}
	close(fd);
}

void
rootfs_mount_all(const struct plan *p, int rootfd)
{
	const struct mnt *m;
	size_t i;

	for (i = 0; i < p->nmnt; i++) {
		m = &p->mnt[i];
		logv("mount %s on %s (%s)", m->src, m->dst, m->bind ? "bind" : m->type);
		if (m->bind)
			mount_bind(rootfd, m);
		else
			mount_fs(rootfd, m);
		if (m->prop)
			propagate(rootfd, m->dst, m->prop);
	}
}

/* Bind the node hostpath (opened by the caller, verified) on path. */
void
rootfs_bind_fd(int srcfd, int dstfd, const char *what)
{
	char src[32], dst[32];

	if (mount(fdpath(srcfd, src), fdpath(dstfd, dst), NULL, MS_BIND, NULL) < 0)
		die_mount("bind mount on", what);
}

/* A masked file reads empty and refuses writes: an empty read-only file
 * is bound over it (a bound /dev/null would swallow writes). */
static void
mask_one(int rootfd, const char *path, int emptyfd)
{
	char buf[32];
	struct stat st;
	int fd;

	fd = open_in_root(rootfd, path, how_for(path, 0));
	if (fd < 0 && errno == ENOENT)
		return;
	if (fd < 0 || fstat(fd, &st) < 0)
		die(EXIT_SETUP, "mask %s", path);
	logv("mask %s", path);
	if (S_ISDIR(st.st_mode)) {
		if (mount("tmpfs", fdpath(fd, buf), "tmpfs", MS_RDONLY | MS_NOSUID |
		    MS_NODEV | MS_NOEXEC, "size=0,nr_inodes=1") < 0)
			die_mount("mask", path);
	} else {
		rootfs_bind_fd(emptyfd, fd, path);
		remount(rootfd, path, MS_RDONLY | MS_NOSUID | MS_NOEXEC, 0);
	}
	close(fd);
}

static void
readonly_one(int rootfd, const char *path)
{
	char buf[32];
	int fd;

	fd = open_in_root(rootfd, path, how_for(path, 0));
	if (fd < 0 && errno == ENOENT)
		return;
	if (fd < 0)
		die(EXIT_SETUP, "read-only path %s", path);
	logv("read-only %s", path);
	if (bind_attached(fd, "", fd, 1, MS_RDONLY, 0) == 0) {
		close(fd);
		return;
	}
	if (errno != ENOSYS)
		die_mount("bind read-only path", path);
	if (mount(fdpath(fd, buf), buf, NULL, MS_BIND | MS_REC, NULL) < 0)
		die_mount("bind read-only path", path);
	close(fd);
	remount(rootfd, path, MS_RDONLY, 0);
}

void
rootfs_masks(const struct plan *p, int rootfd)
{
	size_t i;
	int emptyfd = -1, devfd = -1;

	if (p->nmask)
		emptyfd = devices_empty_open(rootfd, &devfd);
	for (i = 0; i < p->nmask; i++)
		mask_one(rootfd, p->mask[i], emptyfd);
	if (emptyfd >= 0)
		devices_empty_close(devfd, emptyfd);
	for (i = 0; i < p->nro; i++)
		readonly_one(rootfd, p->ro[i]);
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
