/* devices.c: device nodes, the /dev links, the console, and stdio on the
 * new /dev/null.  Every mknod rootinit makes is here.  /dev is nodev like
 * every other mount (the image's nodes open nothing), so a node of the
 * plan is made on the scratch tmpfs (rootfs.c), where devices work, with
 * umask 0, verified, and bound onto an empty file at its path: the bind
 * is a mount of the scratch, nodev's exception.  Where mknod is refused
 * (a user namespace) the host's node is bound instead, as runc and crun
 * do. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "rootinit.h"

static int
is_null(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
	    st.st_rdev == makedev(1, 3);
}

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

/* Bind srcfd onto a new empty file at name (whatever the image had there
 * is removed first): the mount point of a node, or of the console. */
static void
bind_onto_new_file(int dirfd, const char *name, int srcfd, const char *path)
{
	int dst;

	dst = openat(dirfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (dst < 0 && errno == EEXIST) {
		clear_name(dirfd, name, path);
		dst = openat(dirfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
	}
	if (dst < 0)
		die(EXIT_SETUP, "create %s", path);
	bind_fd(srcfd, dst, path);
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

static int nullfd = -1;		/* the new /dev/null, for stdio */

/* The new /dev/null, opened now: after the switch its path is the
 * image's to decide (devices_stdio). */
static void
keep_null(int dirfd, const char *name, const struct dev *d)
{
	if (d->type != 'c' || d->major != 1 || d->minor != 3 || nullfd >= 0)
		return;
	nullfd = openat(dirfd, name, O_RDWR | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
	if (nullfd >= 0 && !is_null(nullfd)) {
		close(nullfd);
		nullfd = -1;
	}
}

/* The node on the scratch tmpfs as name "nN", owned as asked: -1 with
 * errno when mknod is refused. */
static int
scratch_node(int scratch, size_t n, const struct dev *d, struct dircache *c)
{
	char name[24];
	int fd;

	snprintf(name, sizeof(name), "n%zu", n);
	if (mknodat(scratch, name, type_bits(d->type) | d->mode,
	    makedev(d->major, d->minor)) < 0)
		return -1;
	if ((d->uid != c->uid || d->gid != c->gid) &&
	    fchownat(scratch, name, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0)
		die(EXIT_SETUP, "chown %s", d->path);
	verify_node(scratch, name, d, 1);
	fd = openat(scratch, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		die(EXIT_SETUP, "device %s on the scratch tmpfs", d->path);
	return fd;
}

static void
make_node(int rootfd, int scratch, size_t n, const struct dev *d, struct dircache *c)
{
	const char *name;
	int dirfd = parent_of(rootfd, d->path, &name, c);
	int src;

	logv("device %s %c %u:%u", d->path, d->type, d->major, d->minor);
	src = scratch_node(scratch, n, d, c);
	if (src >= 0) {
		bind_onto_new_file(dirfd, name, src, d->path);
		close(src);
		verify_node(dirfd, name, d, 1);
	} else if (errno == EPERM && d->type != 'p') {
		bind_host_node(dirfd, name, d);
		verify_node(dirfd, name, d, 0);
	} else {
		die(EXIT_SETUP, "mknod %s", d->path);
	}
	keep_null(dirfd, name, d);
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
devices_create(const struct plan *p, int rootfd, int scratch)
{
	struct dircache c = { .fd = -1, .uid = geteuid(), .gid = getegid() };
	mode_t old = umask(0);
	size_t i;

	for (i = 0; i < p->ndev; i++)
		make_node(rootfd, scratch, i, &p->dev[i], &c);
	for (i = 0; i < LEN(default_links) && !p->no_default_links; i++)
		make_link(rootfd, &default_links[i], &c);
	dircache_close(&c);
	umask(old);
}

static int consolefd = -1;	/* the new /dev/console, for COMMAND */

/* --console: the pty, verified a character device, bound on /dev/console. */
void
devices_console(const struct plan *p, int rootfd)
{
	struct dircache c = { .fd = -1 };
	const char *name;
	struct stat st, bound;
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
	/* Opened now: after the switch the path is the image's to decide. */
	consolefd = openat(dirfd, name, O_RDWR | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
	if (consolefd < 0 || fstat(consolefd, &bound) < 0 || bound.st_rdev != st.st_rdev)
		die(EXIT_SETUP, "open /dev/console");
	dircache_close(&c);
	close(src);
}

int
devices_console_fd(void)
{
	return consolefd;
}

/* stdio on the host's /dev/null would pin the old root: the new one,
 * opened before the switch, takes its place. */
void
devices_stdio(void)
{
	int i;

	for (i = 0; i <= 2 && nullfd >= 0; i++)
		if (is_null(i))
			dup2(nullfd, i);
	if (nullfd >= 0)
		close(nullfd);
	nullfd = -1;
}
