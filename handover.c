/* handover.c: --switch-root, the boot that hands the machine over to the
 * root's own init, as busybox switch_root and klibc run-init do.  root=
 * is mounted as in any boot (boot.c); then nothing of the container path
 * runs: no tmpfs /dev, no nodes, links or masks, no nodev bind of the
 * root, no seccomp, no capability dropped, the umask and the console as
 * the kernel gave them.  The initramfs's devtmpfs, proc, sys and run are
 * moved into the new root (the init finds /dev populated, as udev and
 * systemd expect), the initramfs is freed, the root moved onto / and the
 * init exec'd as PID 1: init= of the kernel command line, else COMMAND,
 * else /sbin/init.  With rootfs.c and switch.c, the only room that calls
 * mount(2): these are not a container's mounts. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/capability.h>

#include "rootinit.h"

static char *init_argv[2];

/* What the hand-over leaves as the kernel gave it: asking for a change
 * is a usage error, not a silent no-op. */
static void
refuse_container_options(const struct plan *p)
{
	const char *opt = NULL;

	if (p->nmnt)
		opt = "--mount";
	else if (p->ndev)
		opt = "--device";
	else if (p->nmask || p->nro)
		opt = "--mask and --readonly-path";
	else if (p->readonly)
		opt = "--readonly";
	else if (p->console || p->tty)
		opt = "--console and --tty";
	else if (p->caps_given || p->user_given || p->no_new_privs)
		opt = "--caps, --user and --no-new-privs";
	else if (p->seccomp && p->seccomp != SECCOMP_NONE)
		opt = "--seccomp";
	else if (p->nsysctl)
		opt = "--sysctl";
	if (opt)
		diex(EXIT_USAGE, "--switch-root: %s do not apply", opt);
}

/* Called first by plan_finish: the plan of a hand-over. */
void
handover_plan(struct plan *p)
{
	if (!p->switch_root)
		return;
	refuse_container_options(p);
	if (!p->dry_run && !p->boot)
		diex(EXIT_USAGE, "--switch-root: only in boot mode (as /init of "
		    "an initramfs)");
	if (!p->dry_run && !p->rootdev.src)
		diex(EXIT_USAGE, "--switch-root: no root= on the kernel command line");
	if (p->init || !p->argv || !p->argv[0]) {
		init_argv[0] = (char *)(p->init ? p->init : HANDOVER_INIT);
		p->argv = init_argv;
	}
	p->exec = 1;
	p->seccomp = SECCOMP_NONE;
	p->no_default_mounts = p->no_default_devices = p->no_default_masks = 1;
	p->no_default_links = 1;
	caps_parse(p, "all");
	p->caps_given = 1;
}

/* Boot mode, COMMAND exec'd as the machine's PID 1 (--exec) without
 * CAP_SYS_ADMIN: an init cannot mount /run or /sys (systemd freezes
 * with no more than a line in its own log).  Refused before any change:
 * a workload meant to run so keeps SYS_ADMIN by --caps, or is supervised. */
void
handover_check(const struct plan *p)
{
	if (!p->boot || !p->exec || p->switch_root ||
	    (!p->rootfs && !p->caps_given) ||	/* nothing dropped */
	    (p->caps & (1ULL << CAP_SYS_ADMIN)))
		return;
	diex(EXIT_USAGE, "--exec in boot mode: %s as PID 1 without CAP_SYS_ADMIN "
	    "(systemd freezes); use --switch-root, or --caps with SYS_ADMIN",
	    p->argv[0]);
}

/* A mount of the initramfs (/dev, /proc, ...) into the new root: moved
 * onto the directory there, or detached where the root has none (as
 * switch_root does).  The target is resolved inside the new root. */
static void
move_into(int rootfd, const char *path)
{
	struct stat st, root;
	char buf[32];
	int fd;

	if (stat("/", &root) < 0 || stat(path, &st) < 0 || st.st_dev == root.st_dev)
		return;		/* not mounted in the initramfs */
	fd = open_in_root(rootfd, path, IN_ROOT_NOSYMLINKS);
	if (fd < 0) {
		logv("%s: none in the new root; detached", path);
		umount2(path, MNT_DETACH);
		return;
	}
	logv("moving %s into the new root", path);
	if (mount(path, fdpath(fd, buf), NULL, MS_MOVE, NULL) < 0)
		die_mount("move into the new root:", path);
	close(fd);
}

/* rootpath for boot_free_initramfs, as rootfs_prepare sets it. */
static int
open_root(const struct plan *p)
{
	int fd = openat(AT_FDCWD, p->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	char buf[32];
	ssize_t n;

	if (fd < 0 || (n = readlink(fdpath(fd, buf), rootpath, PATH_MAX - 1)) < 0)
		die(EXIT_SETUP, "new root %s", p->rootfs);
	rootpath[n] = '\0';
	return fd;
}

void
handover_root(const struct plan *p)
{
	static const char *const moved[] = { "/dev", "/proc", "/sys", "/run" };
	size_t i;
	int rootfd = open_root(p);

	/* Freed first: it reads the initramfs's /proc; nothing mounted is
	 * deleted (another filesystem), the new root spared. */
	boot_free_initramfs(p);
	for (i = 0; i < LEN(moved); i++)
		move_into(rootfd, moved[i]);
	/* switch_root's way: the initramfs cannot be pivoted away. */
	if (fchdir(rootfd) < 0)
		die(EXIT_SETUP, "chdir %s", rootpath);
	close(rootfd);
	if (mount(".", "/", NULL, MS_MOVE, NULL) < 0)
		die_mount("move the new root onto", "/");
	if (chroot(".") < 0 || chdir("/") < 0)
		die(EXIT_SETUP, "chroot %s", rootpath);
	logv("root handed over: %s", rootpath);
}
