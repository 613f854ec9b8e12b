/* masks.c: masked and read-only paths.  Each target is looked up once,
 * inside the new root, and the mount is attached to the fd found, its
 * flags set before it is attached (rootfs.c: open_tree, mount_setattr,
 * move_mount; bind then remount before Linux 5.12).  A masked file gets
 * an empty read-only file of the scratch tmpfs bound over it (a bound
 * /dev/null would swallow writes); a masked directory an empty read-only
 * tmpfs. */
#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rootinit.h"

/* The mask's target, or -1 when it does not exist (skipped, as runc
 * does).  Neither may resolve to the new root itself. */
static int
lookup(int rootfd, const char *path, const char *what)
{
	int fd = open_in_root(rootfd, path, rootfs_how(path, 0));

	if (fd < 0 && errno == ENOENT)
		return -1;
	if (fd < 0)
		die(EXIT_SETUP, "%s %s", what, path);
	rootfs_not_root(rootfd, fd, what, path);
	return fd;
}

static void
mask_one(int rootfd, const char *path, int emptyfd)
{
	struct stat st;
	int fd = lookup(rootfd, path, "mask");

	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0)
		die(EXIT_SETUP, "mask %s", path);
	logv("mask %s", path);
	if (S_ISDIR(st.st_mode))
		rootfs_cover_dir(fd, path);
	else
		bind_with_flags(rootfd, emptyfd, fd, path, MS_RDONLY | MS_NOSUID |
		    MS_NODEV | MS_NOEXEC, 0);
	close(fd);
}

static void
readonly_one(int rootfd, const char *path)
{
	int fd = lookup(rootfd, path, "read-only path");

	if (fd < 0)
		return;
	logv("read-only %s", path);
	/* Recursive: what is mounted below stays read-only too. */
	bind_with_flags(rootfd, fd, fd, path, MS_RDONLY, 1);
	close(fd);
}

/* The empty file, made on the scratch tmpfs: never in the image, never in
 * the container's sight but where it is bound. */
static int
empty_file(int scratch)
{
	int fd = openat(scratch, "empty", O_CREAT | O_EXCL | O_RDONLY | O_NOFOLLOW |
	    O_CLOEXEC, 0444);

	if (fd < 0)
		die(EXIT_SETUP, "mask: an empty file on the scratch tmpfs");
	return fd;
}

void
masks_apply(const struct plan *p, int rootfd, int scratch)
{
	int emptyfd = p->nmask ? empty_file(scratch) : -1;
	size_t i;

	for (i = 0; i < p->nmask; i++)
		mask_one(rootfd, p->mask[i], emptyfd);
	if (emptyfd >= 0)
		close(emptyfd);
	for (i = 0; i < p->nro; i++)
		readonly_one(rootfd, p->ro[i]);
}
