/* boot.c: rootinit as /init of an initramfs, PID 1 of a machine, when
 * the kernel itself started it (procfs.c tells; --boot forces either way).
 * There is no /proc, a /dev that may be empty, and the real root still on
 * a block device.  It reads root=, rootfstype=, rootflags=, ro/rw,
 * rootwait and rootdelay= from /proc/cmdline (argv says how to prepare the
 * root, the kernel command line where the root is), loads modules, waits
 * for the device and mounts it; the rest is the container path, switched
 * with MS_MOVE as switch_root and run-init do.  PID 1 must never exit: a
 * fatal error stays on the console, then the machine powers off. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rootinit.h"
#include "sys.h"

#ifndef MODULE_INIT_COMPRESSED_FILE
#define MODULE_INIT_COMPRESSED_FILE 4
#endif

static char cmdline[4096];

enum { BOOT_AUTO, BOOT_YES, BOOT_NO };

static int
mode_of(const char *s)
{
	return !strcmp(s, "auto") ? BOOT_AUTO : !strcmp(s, "yes") ? BOOT_YES :
	    !strcmp(s, "no") ? BOOT_NO : -1;
}

void
boot_set_mode(struct plan *p, const char *arg)
{
	if (mode_of(arg) < 0)
		diex(EXIT_USAGE, "--boot %s: want auto, yes or no", arg);
	p->boot_mode = arg;
}

/* Boot mode or not: --boot, else config.h's BOOT_MODE; "auto" asks the
 * kernel (procfs.c).  Forced, it still needs PID 1: it ends by powering
 * the machine off, and changes mounts before any namespace of its own. */
int
boot_wanted(struct plan *p)
{
	if (!p->boot_mode)
		boot_set_mode(p, BOOT_MODE);	/* a bad one: as if --boot */
	switch (mode_of(p->boot_mode)) {
	case BOOT_NO:
		return 0;
	case BOOT_AUTO:
		return p->boot_verified = boot_detect();
	}
	if (getpid() != 1)	/* BOOT_YES */
		diex(EXIT_USAGE, "--boot yes: rootinit is not PID 1");
	p->boot_verified = boot_detect();
	return 1;
}

static int
fail_action(const char *s)
{
	if (!strcmp(s, "reboot"))
		return RB_AUTOBOOT;
	if (!strcmp(s, "halt"))
		return RB_HALT_SYSTEM;
	return RB_POWER_OFF;
}

/* One word of the kernel command line; the rest is the kernel's own. */
static void
cmdline_word(struct plan *p, char *w)
{
	unsigned long v;
	char *end;

	if (!strncmp(w, "root=", 5) && w[5]) {
		p->rootdev.src = w + 5;
	} else if (!strncmp(w, "rootfstype=", 11) && w[11]) {
		p->rootdev.type = w + 11;
	} else if (!strncmp(w, "rootflags=", 10)) {
		p->rootdev.opts = w + 10;
	} else if (!strcmp(w, "ro") || !strcmp(w, "rw")) {
		p->root_rw = w[1] == 'w';
	} else if (!strcmp(w, "rootwait")) {
		p->rootwait = 1;
	} else if (!strncmp(w, "rootdelay=", 10)) {
		v = strtoul(w + 10, &end, 10);
		p->rootdelay = (*end || v > BOOT_ROOT_WAIT) ? BOOT_ROOT_WAIT : v;
	} else if (!strncmp(w, "init=", 5) && w[5]) {
		p->init = w + 5;	/* --switch-root's init */
	} else if (!strcmp(w, "rootinit.overlay")) {
		p->overlay = 1;
	} else if (!strncmp(w, "rootinit.fail=", 14)) {
		p->fail_action = fail_action(w + 14);
	} else {
		vmexit_word(w);
	}
}

/* Words split on blanks, "double quotes" kept together, up to "--". */
void
boot_cmdline(struct plan *p, char *s)
{
	char *w;

	p->root_rw = 0;		/* the kernel's default: ro */
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		w = s;
		if (*s == '"') {
			w = ++s;
			s += strcspn(s, "\"");
		} else {
			s += strcspn(s, " \t\n");
		}
		if (*s)
			*s++ = '\0';
		if (!strcmp(w, "--"))
			break;
		cmdline_word(p, w);
	}
	/* rootflags are mount(8) options; ro or rw of the command line wins. */
	if (!p->rootdev.opts)
		p->rootdev.opts = "";
	mount_options(&p->rootdev, p->rootdev.opts);
	if (p->root_rw)
		p->rootdev.flags &= ~MS_RDONLY;
	else
		p->rootdev.flags |= MS_RDONLY;
}

/* stdio on the console when the kernel found no /dev/console to open. */
static void
console_stdio(void)
{
	int fd, i;

	if (fcntl(0, F_GETFD) >= 0 && fcntl(1, F_GETFD) >= 0 && fcntl(2, F_GETFD) >= 0)
		return;
	if ((fd = openat(AT_FDCWD, "/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0)
		return;
	for (i = 0; i <= 2; i++)
		if (i != fd && fcntl(i, F_GETFD) < 0)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

/* In COMMAND, just forked: a session of its own whose controlling terminal
 * is the console it has as fds 0-2, so that an interactive shell there has
 * job control.  The kernel never makes /dev/console a controlling terminal
 * by itself (tty_open's noctty), nor PID 1 a session leader. */
void
boot_console(void)
{
	if (setsid() < 0)
		warnerr("setsid");
	else if (isatty(0) && ioctl(0, TIOCSCTTY, 0) < 0)
		warnerr("the console as controlling terminal");
}

void
boot_begin(struct plan *p)
{
	const char *dir;
	ssize_t n;
	int fd;

	p->boot = 1;
	p->fail_action = fail_action(BOOT_FAIL_ACTION);
	die_set_boot(p->fail_action, BOOT_FAIL_DELAY);
	rootfs_mount_kernel_fs();
	console_stdio();
	fd = openat(AT_FDCWD, "/proc/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || (n = read(fd, cmdline, sizeof(cmdline) - 1)) < 0)
		die(EXIT_SETUP, "read /proc/cmdline");
	close(fd);
	cmdline[n] = '\0';
	boot_cmdline(p, cmdline);
	die_set_boot(p->fail_action, BOOT_FAIL_DELAY);
	modlist_read(p);
	/* root= goes on the rootfs directory, which the initramfs need not
	 * hold: make it now, before the plan checks that it exists. */
	if (p->rootdev.src) {
		dir = p->rootfs ? p->rootfs : ROOTFS[0] ? ROOTFS : BOOT_ROOTFS;
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			die(EXIT_SETUP, "mkdir %s", dir);
	}
	logv("boot: root=%s", p->rootdev.src ? p->rootdev.src : "(none)");
}

static int
compressed(const char *path)
{
	size_t len = strlen(path);

	return (len > 3 && !strcmp(path + len - 3, ".xz")) ||
	    (len > 3 && !strcmp(path + len - 3, ".gz")) ||
	    (len > 4 && !strcmp(path + len - 4, ".zst"));
}

static int
load_module(const char *path, const char *params)
{
	int fd, r, saved;

	if ((fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	r = sys_finit_module(fd, params, 0);
	/* A compressed module: the kernel decompresses it (5.17+). */
	if (r < 0 && (errno == ENOEXEC || errno == EINVAL) && compressed(path))
		r = sys_finit_module(fd, params, MODULE_INIT_COMPRESSED_FILE);
	saved = errno;
	close(fd);
	errno = saved;
	return r;
}

void
boot_modules(const struct plan *p)
{
	char path[PATH_MAX];
	const struct module *m;
	const char *params;
	size_t i;

	for (i = 0; i < p->nmodule; i++) {
		m = &p->module[i];
		memcpy(path, m->spec, m->pathlen);
		path[m->pathlen] = '\0';
		params = m->spec + m->pathlen;
		params += strspn(params, " \t");
		logv("module %s", path);
		if (load_module(path, params) == 0 || errno == EEXIST)
			continue;
		if (errno == ENOENT && access(path, F_OK) == 0)
			diex(EXIT_SETUP, "module %s: unknown symbol (load the modules "
			    "it depends on before it)", path);
		die(EXIT_SETUP, "module %s", path);
	}
}

/* Whether root= is there: a device path, or a label or UUID (blkid.c). */
static int
present(const char *spec, char *dev, size_t size)
{
	if (spec[0] == '/') {
		snprintf(dev, size, "%s", spec);
		return access(spec, F_OK) == 0;
	}
	return blkid_find(spec, dev, size) == 0;
}

/* Block devices are probed asynchronously: wait for root=, bounded. */
static void
wait_for(const struct plan *p, const char *spec, char *dev, size_t size)
{
	unsigned int limit = p->rootwait ? BOOT_ROOT_WAIT :
	    p->rootdelay ? p->rootdelay : BOOT_ROOT_GRACE;
	long long deadline = monotonic_ms() + limit * 1000LL;
	struct timespec tick = { 0, 50 * 1000000L };

	while (!present(spec, dev, size)) {
		if (monotonic_ms() >= deadline)
			diex(EXIT_SETUP, "root device %s did not appear within %u s",
			    spec, limit);
		nanosleep(&tick, NULL);
	}
}

/* root= a share of the VMM, named by its tag: nothing to wait for. */
static int
share(const struct mnt *r)
{
	return r->type && (!strcmp(r->type, "9p") || !strcmp(r->type, "virtiofs"));
}

/* 9p needs its transport said; virtio and 9P2000.L unless rootflags=
 * says otherwise (as the kernel's own root=/dev/root of 9p does). */
static void
share_options(struct mnt *r)
{
	char data[MAX_MNT_DATA];
	int n;

	if (strcmp(r->type, "9p") || strstr(r->data, "trans="))
		return;
	n = snprintf(data, sizeof(data), "trans=virtio,version=9p2000.L%s%s",
	    r->data[0] ? "," : "", r->data);
	if (n < 0 || (size_t)n >= sizeof(data))
		diex(EXIT_SETUP, "rootflags=%s: too long", r->opts);
	memcpy(r->data, data, n + 1);
}

static void
root_mount_failed(const struct mnt *r)
{
	/* ext4 without crc32c fails with a misleading ENOENT. */
	if (errno == ENOENT && !share(r))
		die(EXIT_SETUP, "mount root %s on %s (%s; a module it needs, "
		    "such as crc32c for ext4, missing?)", r->src, r->dst,
		    r->type ? r->type : "auto");
	if (errno == ENOENT || errno == ENODEV)
		die(EXIT_SETUP, "mount root %s on %s (%s; no share with that tag, "
		    "or its modules not loaded?)", r->src, r->dst, r->type);
	die(EXIT_SETUP, "mount root %s on %s", r->src, r->dst);
}

void
boot_root(const struct plan *p)
{
	struct mnt r = p->rootdev;
	char dev[PATH_MAX];

	if (!r.src)
		return;
	if (share(&r)) {
		share_options(&r);
	} else {
		if (r.src[0] != '/' && strncmp(r.src, "LABEL=", 6) &&
		    strncmp(r.src, "UUID=", 5))
			diex(EXIT_SETUP, "root=%s: want a device path, LABEL=, UUID= "
			    "or rootfstype=9p or virtiofs", r.src);
		wait_for(p, r.src, dev, sizeof(dev));
		r.src = dev;
	}
	if (p->overlay)
		r.dst = overlay_lower(&r);
	if (mkdir(r.dst, 0755) < 0 && errno != EEXIST)
		die(EXIT_SETUP, "mkdir %s", r.dst);
	if (rootfs_mount_device(&r) < 0)
		root_mount_failed(&r);
	logv("root %s mounted on %s", r.src, r.dst);
	if (p->overlay)
		overlay_mount(p->rootdev.dst);
}

/* COMMAND has ended and PID 1 may not: the machine does. */
void
boot_end(const struct plan *p, int status)
{
	warnx("%s exited with status %d; %s", p->argv[0], status,
	    p->fail_action == (int)RB_AUTOBOOT ? "rebooting" :
	    p->fail_action == (int)RB_HALT_SYSTEM ? "halting" : "powering off");
	vmexit_report(status);
	sync();
	reboot(p->fail_action);
	_Exit(status);
}

/* Delete what dirfd holds on device dev, depth first, never descending
 * into another filesystem (a mount point) nor into the new root. */
static void
delete_contents(int dirfd, dev_t dev, const struct stat *keep)
{
	char buf[1024] __attribute__((aligned(8)));
	struct dirent64_rec *d;
	struct stat st;
	long n, i;
	int fd;

	while ((n = sys_getdents64(dirfd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i += d->reclen) {
			d = (struct dirent64_rec *)(buf + i);
			if (!strcmp(d->name, ".") || !strcmp(d->name, ".."))
				continue;
			if (fstatat(dirfd, d->name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
			    st.st_dev != dev ||
			    (st.st_dev == keep->st_dev && st.st_ino == keep->st_ino))
				continue;
			if (S_ISDIR(st.st_mode)) {
				fd = openat(dirfd, d->name, O_RDONLY | O_DIRECTORY |
				    O_NOFOLLOW | O_CLOEXEC);
				if (fd < 0)
					continue;
				delete_contents(fd, dev, keep);
				close(fd);
			}
			unlinkat(dirfd, d->name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0);
		}
	}
}

/* A bind source on the initramfs would be emptied with it. */
static int
bind_source_on(const struct plan *p, dev_t dev)
{
	struct stat st;
	size_t i;

	for (i = 0; i < p->nmnt; i++)
		if (p->mnt[i].bind && stat(p->mnt[i].src, &st) == 0 && st.st_dev == dev) {
			warnx("not freeing the initramfs: bind source %s lives on it",
			    p->mnt[i].src);
			return 1;
		}
	return 0;
}

/* Free the initramfs's memory before leaving it, as switch_root does:
 * its files are deleted, the new root and every mount on it spared.  We
 * are about to delete everything under /, so be sure of where we are:
 * only in a boot the kernel started (not one forced with --boot yes),
 * and checked again now (procfs.c). */
void
boot_free_initramfs(const struct plan *p)
{
	struct stat root, keep;
	int fd;

	if (!p->boot || !p->boot_verified || !BOOT_FREE_INITRAMFS)
		return;
	if (stat("/", &root) < 0 || stat(rootpath, &keep) < 0 ||
	    (root.st_dev == keep.st_dev && root.st_ino == keep.st_ino)) {
		warnx("not freeing the initramfs: it is the new root");
		return;
	}
	if (bind_source_on(p, root.st_dev) || !boot_free_allowed(rootpath))
		return;
	logv("freeing the initramfs");
	if ((fd = openat(AT_FDCWD, "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	delete_contents(fd, root.st_dev, &keep);
	close(fd);
}
