/* switch.c: the switch into the prepared root, pivot_root(2) or, where it
 * cannot work, MS_MOVE and chroot(2) as switch_root does; then the
 * read-only root.  With rootfs.c, every mount(2) rootinit makes. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "rootinit.h"
#include "sys.h"

/* With MS_MOVE the old root stays in the namespace under the new one: the
 * host's procfs and sysfs in it must not stay reachable (runc's
 * msMoveRoot).  Detach them, or cover them where they are locked. */
static void
hide_host_kernel_fs(void)
{
	char mp[PATH_MAX];
	int n = 0;

	while (mountinfo_find_outside(rootpath, mp, sizeof(mp)) && n++ < 1000) {
		logv("hide host %s", mp);
		if (umount2(mp, MNT_DETACH) == 0)
			continue;
		if (mount("tmpfs", mp, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV |
		    MS_NOEXEC, "size=0") < 0)
			die_mount("hide host filesystem", mp);
	}
}

static void
move_root(void)
{
	hide_host_kernel_fs();
	if (mount(".", "/", NULL, MS_MOVE, NULL) < 0)
		die_mount("move rootfs onto", "/");
	if (chroot(".") < 0)
		die(EXIT_SETUP, "chroot %s", rootpath);
}

void
rootfs_switch(const struct plan *p, int rootfd)
{
	if (fchdir(rootfd) < 0)
		die(EXIT_SETUP, "chdir %s", rootpath);
	close(rootfd);
	if (p->no_pivot) {
		move_root();
	} else if (sys_pivot_root(".", ".") == 0) {
		/* pivot_root(".", ".") stacks the old root on the new;
		 * umount2(".", MNT_DETACH) drops it (runc, since 2019). */
		if (umount2(".", MNT_DETACH) < 0)
			die(EXIT_SETUP, "detach the old root");
	} else if (errno == EINVAL) {
		/* The initramfs cannot be pivoted away: switch_root's way. */
		logv("pivot_root: %s; moving the root instead", strerror(errno));
		move_root();
	} else {
		die(EXIT_SETUP, "pivot_root to %s", rootpath);
	}
	if (chdir("/") < 0)
		die(EXIT_SETUP, "chdir / in the new root");
	logv("root switched to %s", rootpath);
}

void
rootfs_readonly(const struct plan *p)
{
	unsigned long keep;
	int fd;

	if (!p->readonly)
		return;
	/* Remounting drops flags not named again: name nosuid and friends. */
	fd = openat(AT_FDCWD, "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	keep = fd < 0 ? 0 : mount_flags(fd) & (MS_NOSUID | MS_NODEV | MS_NOEXEC);
	if (fd >= 0)
		close(fd);
	logv("read-only root");
	if (mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | keep, NULL) < 0)
		die_mount("remount read-only", "/");
}
