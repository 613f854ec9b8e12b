/* bind.c: bind mounts with their flags.  Where the kernel has them
 * (Linux 5.12), open_tree(2), mount_setattr(2) and move_mount(2) set the
 * flags on the copy before it is attached, so the target is looked up
 * once; before, a bind and a remount, which looks it up again.  The
 * plan's binds (rootfs.c), the nodes (devices.c) and masks (masks.c)
 * all come here. */
#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>	/* the ST_ flags */
#include <unistd.h>

#include "rootinit.h"
#include "sys.h"

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
void
bind_remount(int rootfd, const char *path, unsigned long flags, unsigned long cleared)
{
	char buf[32];
	int fd = rootfs_target(rootfd, path, 0);

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
int
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

/* Bind srcfd (a node or file, opened by the caller, verified) on dstfd. */
void
bind_fd(int srcfd, int dstfd, const char *what)
{
	char src[32], dst[32];

	if (mount(fdpath(srcfd, src), fdpath(dstfd, dst), NULL, MS_BIND, NULL) < 0)
		die_mount("bind mount on", what);
}

/* Bind srcfd on dstfd with flags set before it is attached: one lookup.
 * Before Linux 5.12, bind then remount, which looks path up again. */
void
bind_with_flags(int rootfd, int srcfd, int dstfd, const char *path,
    unsigned long flags, int rec)
{
	char src[32], dst[32];

	if (bind_attached(srcfd, "", dstfd, rec, flags, 0) == 0)
		return;
	if (errno != ENOSYS)
		die_mount("bind mount on", path);
	if (mount(fdpath(srcfd, src), fdpath(dstfd, dst), NULL, MS_BIND |
	    (rec ? MS_REC : 0), NULL) < 0)
		die_mount("bind mount on", path);
	bind_remount(rootfd, path, flags, 0);
}

