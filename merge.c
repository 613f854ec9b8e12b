/* merge.c: config.h's defaults joined with argv's additions into the final
 * plan.  An argv mount (or device) whose target equals a default's takes
 * the default's place; the rest follow the defaults in argv order. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include "rootinit.h"

/* The initial cgroup namespace's inode (PROC_CGROUP_INIT_INO, linux/proc_ns.h). */
#define CGROUP_INIT_INO 0xEFFFFFFBU
#ifndef NSFS_MAGIC
#define NSFS_MAGIC	0x6e736673
#endif

static struct mnt user_mnt[MAX_MOUNTS];
static struct dev user_dev[MAX_DEVICES];

static int
take_mount(struct plan *p, size_t nuser, char *used, const char *dst)
{
	size_t i;

	for (i = 0; i < nuser; i++)
		if (!used[i] && path_equal(user_mnt[i].dst, dst)) {
			used[i] = 1;
			p->mnt[p->nmnt++] = user_mnt[i];
			return 1;
		}
	return 0;
}

static void
merge_defaults(struct plan *p, size_t nuser, char *used, const struct mount_spec *d,
    size_t n)
{
	struct mnt *m;
	size_t i;

	for (i = 0; i < n; i++) {
		if (take_mount(p, nuser, used, d[i].dst))
			continue;
		m = &p->mnt[p->nmnt++];
		m->src = d[i].src;
		m->dst = d[i].dst;
		m->type = d[i].type;
		m->opts = d[i].opts;
		mount_options(m, m->opts);
		mount_nodev_default(m);
	}
}

static void
merge_mounts(struct plan *p)
{
	char used[MAX_MOUNTS] = { 0 };
	size_t i, nuser = p->nmnt;

	memcpy(user_mnt, p->mnt, nuser * sizeof(*user_mnt));
	p->nmnt = 0;
	if (!p->no_default_mounts) {
		merge_defaults(p, nuser, used, default_mounts, LEN(default_mounts));
		if (p->cgroupns)
			merge_defaults(p, nuser, used, cgroupns_mounts, LEN(cgroupns_mounts));
	}
	for (i = 0; i < nuser; i++) {
		if (used[i])
			continue;
		if (p->nmnt == MAX_MOUNTS)
			diex(EXIT_USAGE, "--mount %s: too many mounts with the defaults "
			    "(MAX_MOUNTS is %d)", user_mnt[i].dst, MAX_MOUNTS);
		p->mnt[p->nmnt++] = user_mnt[i];
	}
}

static void
merge_devices(struct plan *p)
{
	char used[MAX_DEVICES] = { 0 };
	size_t i, j, nuser = p->ndev;

	memcpy(user_dev, p->dev, nuser * sizeof(*user_dev));
	/* A later -d for the same path replaces an earlier one. */
	for (i = 0; i < nuser; i++)
		for (j = i + 1; j < nuser; j++)
			if (path_equal(user_dev[i].path, user_dev[j].path))
				used[i] = 1;
	p->ndev = 0;
	for (i = 0; i < LEN(default_devices) && !p->no_default_devices; i++) {
		p->dev[p->ndev] = default_devices[i];
		for (j = 0; j < nuser; j++)
			if (!used[j] && path_equal(user_dev[j].path, default_devices[i].path)) {
				p->dev[p->ndev] = user_dev[j];
				used[j] = 1;
			}
		p->ndev++;
	}
	for (i = 0; i < nuser; i++) {
		if (used[i])
			continue;
		if (p->ndev == MAX_DEVICES)
			diex(EXIT_USAGE, "--device %s: too many devices with the defaults "
			    "(MAX_DEVICES is %d)", user_dev[i].path, MAX_DEVICES);
		p->dev[p->ndev++] = user_dev[i];
	}
}

static void
merge_paths(const char **list, size_t *n, const char *const *defs, size_t ndefs,
    const char *opt)
{
	const char *user[MAX_MASKS];
	size_t i, j, nuser = *n;

	memcpy(user, list, nuser * sizeof(*user));
	*n = 0;
	for (i = 0; i < ndefs; i++)
		list[(*n)++] = defs[i];
	for (i = 0; i < nuser; i++) {
		for (j = 0; j < ndefs && !path_equal(defs[j], user[i]); j++)
			;
		if (j < ndefs)
			continue;
		if (*n == MAX_MASKS)
			diex(EXIT_USAGE, "%s %s: too many paths with the defaults "
			    "(MAX_MASKS is %d)", opt, user[i], MAX_MASKS);
		list[(*n)++] = user[i];
	}
}

/* Options that only mean something when a root is prepared. */
static void
require_rootfs(const struct plan *p)
{
	const char *opt = NULL;

	if (p->nmnt)
		opt = "--mount";
	else if (p->ndev)
		opt = "--device";
	else if (p->nmask)
		opt = "--mask";
	else if (p->nro)
		opt = "--readonly-path";
	else if (p->readonly)
		opt = "--readonly";
	else if (p->no_pivot)
		opt = "--no-pivot";
	else if (p->console)
		opt = "--console";
	else if (p->nsysctl)
		opt = "--sysctl";
	else if (p->tty)
		opt = "--tty";
	else if (p->cgroupns == CGROUPNS_NEW)
		opt = "--cgroupns";
	if (opt)
		diex(EXIT_USAGE, "%s: needs --rootfs (no root is prepared without one)", opt);
}

/* --tty is one terminal for COMMAND, relayed by the supervisor: not a
 * second one (--console), not without a supervisor (--exec). */
static void
check_tty(const struct plan *p)
{
	if (p->tty && p->console)
		diex(EXIT_USAGE, "--tty and --console: COMMAND has one terminal");
	if (p->tty && p->exec)
		diex(EXIT_USAGE, "--tty: the relay needs the supervisor (not --exec)");
}

/* Compiled-in modules load before those of argv. */
static void
merge_modules(struct plan *p)
{
	struct module user[MAX_MODULES];
	size_t i, nuser = p->nmodule;

	memcpy(user, p->module, nuser * sizeof(*user));
	p->nmodule = 0;
	for (i = 0; default_modules[i]; i++)
		plan_add_module(p, default_modules[i]);
	for (i = 0; i < nuser; i++) {
		if (p->nmodule == MAX_MODULES)
			diex(EXIT_USAGE, "--module %s: too many modules with the "
			    "defaults (MAX_MODULES is %d)", user[i].spec, MAX_MODULES);
		p->module[p->nmodule++] = user[i];
	}
}

/* Default nodes and links go only into a /dev tmpfs of the plan: never
 * into a filesystem rootinit did not make (an image's or a disk's /dev). */
static void
dev_defaults(struct plan *p)
{
	const struct mnt *dev = NULL;
	size_t i;

	for (i = 0; i < p->nmnt; i++)
		if (path_equal(p->mnt[i].dst, "/dev"))
			dev = &p->mnt[i];
	if (dev && !dev->bind && !strcmp(dev->type, "tmpfs"))
		return;
	p->no_default_devices = 1;
	p->no_default_links = 1;
}

/* A cgroup namespace the caller gave us: ours is not the initial one.
 * The file must be nsfs's, so no file a fake /proc brings poses as one.
 * (A look at the host, not a change: the dry run shows the same plan.) */
void
plan_cgroupns(struct plan *p)
{
	struct statfs sf;
	struct stat st;
	int fd;

	if (p->cgroupns)
		return;
	fd = open("/proc/self/ns/cgroup", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstatfs(fd, &sf) == 0 && sf.f_type == NSFS_MAGIC && fstat(fd, &st) == 0 &&
	    st.st_ino != CGROUP_INIT_INO)
		p->cgroupns = CGROUPNS_GIVEN;
	close(fd);
}

void
plan_finish(struct plan *p)
{
	handover_plan(p);
	merge_modules(p);
	if (!p->rootfs && ROOTFS[0])
		p->rootfs = ROOTFS;
	if (!p->rootfs && p->rootdev.src)
		p->rootfs = BOOT_ROOTFS;
	p->rootdev.dst = p->rootfs;
	if (!p->argv || !p->argv[0])
		p->argv = (char *const *)default_command;
	/* The filter by default only for a container's COMMAND: not in
	 * drop-in mode (the runtime's business), not for a booted system. */
	if (!p->seccomp)
		p->seccomp = p->rootfs && !p->boot ? SECCOMP_DEFAULT : SECCOMP_NONE;
	limits_defaults(p);
	check_tty(p);
	if (!p->rootfs) {
		require_rootfs(p);
		return;
	}
	merge_mounts(p);
	dev_defaults(p);
	merge_devices(p);
	if (!p->no_default_masks) {
		merge_paths(p->mask, &p->nmask, default_masks, LEN(default_masks), "--mask");
		merge_paths(p->ro, &p->nro, default_readonly, LEN(default_readonly),
		    "--readonly-path");
	}
	if (!p->caps_given)
		caps_parse(p, DEFAULT_CAPS);
}
