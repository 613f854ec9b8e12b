/* devices.c: device nodes, the /dev links, the console, and stdio on the
 * new /dev/null.  Every mknod rootinit makes is here.  Nodes are made with
 * umask 0 and verified after; where mknod is refused (a user namespace)
 * the host's node is bind-mounted onto an empty file instead, as runc and
 * crun do. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "rootinit.h"

static mode_t
type_bits(char type)
{
	return type == 'b' ? S_IFBLK : type == 'p' ? S_IFIFO : S_IFCHR;
}

/* The directory holding a path, opened (created) inside the root, kept
 * open for the next path in the same directory: most are in /dev. */
struct dircache {
	char dir[PATH_MAX];
	int fd;
	uid_t uid;		/* who we create nodes as: no chown needed */
	gid_t gid;
};

static int
parent_of(int rootfd, const char *path, const char **name, struct dircache *c)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash - path;

	*name = slash + 1;
	if (c->fd >= 0 && strlen(c->dir) == len && !memcmp(c->dir, path, len))
		return c->fd;
	if (c->fd >= 0)
		close(c->fd);
	memcpy(c->dir, path, len);
	c->dir[len] = '\0';
	c->fd = open_in_root(rootfd, len ? c->dir : "/", IN_ROOT_CREATE_DIR);
	if (c->fd < 0)
		die(EXIT_SETUP, "directory of %s", path);
	return c->fd;
}

static void
dircache_close(struct dircache *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/* Whatever the image has at name (a symlink to a host file, a stale
 * node) is removed: only what we create is trusted.  Directories stay. */
static void
clear_name(int dirfd, const char *name, const char *path)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	if (S_ISDIR(st.st_mode))
		diex(EXIT_SETUP, "device %s: a directory is in the way", path);
	if (unlinkat(dirfd, name, 0) < 0)
		die(EXIT_SETUP, "remove %s from the image", path);
}

static void
verify_node(int dirfd, const char *name, const struct dev *d, int owner)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		die(EXIT_SETUP, "device %s", d->path);
	if ((st.st_mode & S_IFMT) != type_bits(d->type) ||
	    (d->type != 'p' && st.st_rdev != makedev(d->major, d->minor)))
		diex(EXIT_SETUP, "device %s: node is not %c %u:%u", d->path,
		    d->type, d->major, d->minor);
	if (owner && ((st.st_mode & 07777) != d->mode || st.st_uid != d->uid ||
	    st.st_gid != d->gid))
		diex(EXIT_SETUP, "device %s: mode or owner not as asked", d->path);
}

/* Bind srcfd onto a new empty file at name: the mount point of a node
 * bound from the host, or of the console. */
static void
bind_onto_new_file(int dirfd, const char *name, int srcfd, const char *path)
{
	int dst;

	dst = openat(dirfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (dst < 0)
		die(EXIT_SETUP, "create %s", path);
	rootfs_bind_fd(srcfd, dst, path);
	close(dst);
}

/* mknod refused: bind the host's node, checked to be the same device. */
static void
bind_host_node(int dirfd, const char *name, const struct dev *d)
{
	struct stat st;
	int src;

	src = openat(AT_FDCWD, d->path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (src < 0 || fstat(src, &st) < 0)
		die(EXIT_SETUP, "mknod refused; host node %s", d->path);
	if ((st.st_mode & S_IFMT) != type_bits(d->type) ||
	    st.st_rdev != makedev(d->major, d->minor))
		diex(EXIT_SETUP, "mknod refused; host %s is not %c %u:%u", d->path,
		    d->type, d->major, d->minor);
	bind_onto_new_file(dirfd, name, src, d->path);
	close(src);
}

static int
mknod_in(int dirfd, const char *name, const struct dev *d)
{
	return mknodat(dirfd, name, type_bits(d->type) | d->mode,
	    makedev(d->major, d->minor));
}

/* mknod first; whatever the image had there is cleared only when it is
 * in the way, so a fresh /dev costs one call a node. */
static void
make_node(int rootfd, const struct dev *d, struct dircache *c)
{
	const char *name;
	int dirfd = parent_of(rootfd, d->path, &name, c);
	int r;

	logv("device %s %c %u:%u", d->path, d->type, d->major, d->minor);
	r = mknod_in(dirfd, name, d);
	if (r < 0 && errno == EEXIST) {
		clear_name(dirfd, name, d->path);
		r = mknod_in(dirfd, name, d);
	}
	if (r == 0) {
		if ((d->uid != c->uid || d->gid != c->gid) &&
		    fchownat(dirfd, name, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0)
			die(EXIT_SETUP, "chown %s", d->path);
		verify_node(dirfd, name, d, 1);
	} else if (errno == EPERM && d->type != 'p') {
		bind_host_node(dirfd, name, d);
		verify_node(dirfd, name, d, 0);
	} else {
		die(EXIT_SETUP, "mknod %s", d->path);
	}
}

/* A link already right is kept; anything else there is replaced. */
static void
make_link(int rootfd, const struct link *l, struct dircache *c)
{
	char target[PATH_MAX];
	const char *name;
	ssize_t n;
	int dirfd, fd;

	if (l->needs) {
		fd = open_in_root(rootfd, l->needs, IN_ROOT_NOSYMLINKS);
		if (fd < 0)
			return;
		close(fd);
	}
	dirfd = parent_of(rootfd, l->path, &name, c);
	if (symlinkat(l->target, dirfd, name) == 0)
		return;
	if (errno != EEXIST)
		die(EXIT_SETUP, "symlink %s", l->path);
	n = readlinkat(dirfd, name, target, sizeof(target) - 1);
	if (n >= 0 && (size_t)n == strlen(l->target) && !memcmp(target, l->target, n))
		return;
	clear_name(dirfd, name, l->path);
	if (symlinkat(l->target, dirfd, name) < 0)
		die(EXIT_SETUP, "symlink %s", l->path);
}

void
devices_create(const struct plan *p, int rootfd)
{
	struct dircache c = { .fd = -1, .uid = geteuid(), .gid = getegid() };
	mode_t old = umask(0);
	size_t i;

	for (i = 0; i < p->ndev; i++)
		make_node(rootfd, &p->dev[i], &c);
	for (i = 0; i < LEN(default_links); i++)
		make_link(rootfd, &default_links[i], &c);
	dircache_close(&c);
	umask(old);
}

/* --console: the pty, verified a character device, bound on /dev/console. */
void
devices_console(const struct plan *p, int rootfd)
{
	struct dircache c = { .fd = -1 };
	const char *name;
	struct stat st;
	int src, dirfd;

	if (!p->console)
		return;
	src = openat(AT_FDCWD, p->console, O_PATH | O_CLOEXEC);
	if (src < 0 || fstat(src, &st) < 0)
		die(EXIT_SETUP, "console %s", p->console);
	if (!S_ISCHR(st.st_mode))
		diex(EXIT_SETUP, "console %s: not a character device", p->console);
	dirfd = parent_of(rootfd, "/dev/console", &name, &c);
	clear_name(dirfd, name, "/dev/console");
	bind_onto_new_file(dirfd, name, src, "/dev/console");
	dircache_close(&c);
	close(src);
}

static int
is_null(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
	    st.st_rdev == makedev(1, 3);
}

#define EMPTY_NAME ".rootinit-empty"

/* The source bound over masked files: an empty file of our own, made in
 * the new /dev and unlinked once bound (the binds keep it; an unlinked
 * file cannot be bound), so nothing of it stays in sight.  Where it cannot
 * be made (a read-only image /dev), a verified /dev/null (char 1:3), never
 * an image's symlink (CVE-2025-31133): it reads empty too, but swallows
 * writes.  *dirfd is the /dev to unlink it from, or -1. */
int
devices_empty_open(int rootfd, int *dirfd)
{
	int fd;

	*dirfd = open_in_root(rootfd, "/dev", IN_ROOT_NOSYMLINKS);
	if (*dirfd >= 0) {
		unlinkat(*dirfd, EMPTY_NAME, 0);
		fd = openat(*dirfd, EMPTY_NAME, O_CREAT | O_EXCL | O_RDONLY |
		    O_NOFOLLOW | O_CLOEXEC, 0444);
		if (fd >= 0)
			return fd;
		close(*dirfd);
		*dirfd = -1;
	}
	fd = open_in_root(rootfd, "/dev/null", IN_ROOT_NOSYMLINKS);
	if (fd >= 0 && is_null(fd))
		return fd;
	if (fd >= 0)
		close(fd);
	fd = openat(AT_FDCWD, "/dev/null", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || !is_null(fd))
		diex(EXIT_SETUP, "mask: no empty file or /dev/null to bind over files");
	return fd;
}

void
devices_empty_close(int dirfd, int fd)
{
	if (dirfd >= 0) {
		unlinkat(dirfd, EMPTY_NAME, 0);
		close(dirfd);
	}
	close(fd);
}

/* stdio on the host's /dev/null would pin the old root: reopen it on the
 * new root's /dev/null, verified. */
void
devices_stdio(void)
{
	char buf[32];
	int i, pathfd, nullfd = -1;

	for (i = 0; i <= 2; i++) {
		if (!is_null(i))
			continue;
		if (nullfd < 0) {
			/* Checked before it is opened: an image's tty there must
			 * not become our controlling terminal. */
			pathfd = openat(AT_FDCWD, "/dev/null", O_PATH | O_NOFOLLOW | O_CLOEXEC);
			if (pathfd < 0)
				return;	/* no /dev/null in the new root: keep the host's */
			if (is_null(pathfd))
				nullfd = openat(AT_FDCWD, fdpath(pathfd, buf),
				    O_RDWR | O_NOCTTY | O_CLOEXEC);
			close(pathfd);
			if (nullfd < 0)
				return;
		}
		dup2(nullfd, i);
	}
	if (nullfd >= 0)
		close(nullfd);
}
