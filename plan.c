/* plan.c: the plan, built from config.h's defaults and argv, and checked
 * whole before anything changes.  Nothing here has a side effect. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "rootinit.h"

void
plan_init(struct plan *p)
{
	memset(p, 0, offsetof(struct plan, mnt));
	p->grace = GRACE_SECONDS;
}

/* Decimal (or octal) number in [0, max], digits only: no sign, no blanks. */
static int
number(const char *s, int base, unsigned long max, unsigned long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoul(s, &end, base);
	return (errno || *end || *out > max) ? -1 : 0;
}

/* The SPEC as given, for messages: splitting it rewrites it in place. */
static const char *
quote(char buf[128], const char *spec)
{
	snprintf(buf, 128, "%.100s%s", spec, strlen(spec) > 100 ? "..." : "");
	return buf;
}

void
plan_add_mount(struct plan *p, char *spec)
{
	char *f[4], q[128];
	struct mnt *m;
	int n;

	quote(q, spec);
	n = fstab_split(spec, f, LEN(f));
	if (n == -2)
		diex(EXIT_USAGE, "--mount '%s': bad escape (\\000 or above \\377)", q);
	if (n == -1)
		diex(EXIT_USAGE, "--mount '%s': more than 4 fields", q);
	if (n < 3)
		diex(EXIT_USAGE, "--mount '%s': want SOURCE TARGET FSTYPE [OPTIONS]", q);
	path_check("--mount target", f[1]);
	if (p->nmnt == MAX_MOUNTS)
		diex(EXIT_USAGE, "--mount %s: too many mounts (MAX_MOUNTS is %d)",
		    f[1], MAX_MOUNTS);
	m = &p->mnt[p->nmnt++];
	m->src = f[0];
	m->dst = f[1];
	m->type = f[2];
	m->opts = n == 4 ? f[3] : "";
	mount_options(m, m->opts);
	/* FSTYPE bind or rbind: a bind, as option bind or rbind would make it. */
	if (!m->bind && (!strcmp(m->type, "bind") || !strcmp(m->type, "rbind")))
		m->bind = m->type[0] == 'r' ? 2 : 1;
	mount_nodev_default(m);
	p->nuser_mnt = p->nmnt;
}

static void
device_from_host(struct dev *d, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		die(EXIT_USAGE, "--device %s", path);
	if (S_ISCHR(st.st_mode))
		d->type = 'c';
	else if (S_ISBLK(st.st_mode))
		d->type = 'b';
	else if (S_ISFIFO(st.st_mode))
		d->type = 'p';
	else
		diex(EXIT_USAGE, "--device %s: not a device node or fifo on the host", path);
	d->major = major(st.st_rdev);
	d->minor = minor(st.st_rdev);
	d->mode = st.st_mode & 07777;
}

static void
device_fields(struct dev *d, char **f, int n)
{
	unsigned long v[5] = { 0, 0, 0666, 0, 0 };
	static const unsigned long max[5] = { 4095, 1048575, 07777, 4294967294UL,
	    4294967294UL };
	static const char *const name[5] = { "MAJOR", "MINOR", "MODE", "UID", "GID" };
	int i;

	if (n < 4)
		diex(EXIT_USAGE, "--device %s: want PATH or PATH TYPE MAJOR MINOR "
		    "[MODE [UID [GID]]]", f[0]);
	if (strlen(f[1]) != 1 || !strchr("cbp", f[1][0]))
		diex(EXIT_USAGE, "--device %s: TYPE '%s' is not c, b or p", f[0], f[1]);
	for (i = 0; i < n - 2; i++)
		if (number(f[i + 2], i == 2 ? 8 : 10, max[i], &v[i]) < 0)
			diex(EXIT_USAGE, "--device %s: bad %s '%s' (at most %lu)",
			    f[0], name[i], f[i + 2], max[i]);
	if (f[1][0] == 'p' && (v[0] || v[1]))
		diex(EXIT_USAGE, "--device %s: a fifo has MAJOR and MINOR 0", f[0]);
	d->type = f[1][0];
	d->major = v[0];
	d->minor = v[1];
	d->mode = v[2];
	d->uid = v[3];
	d->gid = v[4];
}

void
plan_add_device(struct plan *p, char *spec)
{
	char *f[7], q[128];
	struct dev *d;
	int n;

	quote(q, spec);
	n = fstab_split(spec, f, LEN(f));
	if (n == -2)
		diex(EXIT_USAGE, "--device '%s': bad escape (\\000 or above \\377)", q);
	if (n == 0)
		diex(EXIT_USAGE, "--device: empty SPEC");
	if (n < 0)
		diex(EXIT_USAGE, "--device '%s': more than 7 fields", q);
	path_check("--device", f[0]);
	if (p->ndev == MAX_DEVICES)
		diex(EXIT_USAGE, "--device %s: too many devices (MAX_DEVICES is %d)",
		    f[0], MAX_DEVICES);
	d = &p->dev[p->ndev];
	memset(d, 0, sizeof(*d));
	d->path = f[0];
	if (n == 1)
		device_from_host(d, f[0]);
	else
		device_fields(d, f, n);
	p->nuser_dev = ++p->ndev;
}

void
plan_add_path(struct plan *p, int readonly, const char *path)
{
	const char **list = readonly ? p->ro : p->mask;
	size_t *n = readonly ? &p->nro : &p->nmask;
	const char *opt = readonly ? "--readonly-path" : "--mask";
	size_t i;

	path_check(opt, path);
	if (path_equal(path, "/"))
		diex(EXIT_USAGE, "%s %s: the new root itself cannot be %s%s", opt, path,
		    readonly ? "a read-only path" : "masked",
		    readonly ? " (--readonly makes the root read-only)" : "");
	for (i = 0; i < *n; i++)
		if (path_equal(list[i], path))
			return;
	if (*n == MAX_MASKS)
		diex(EXIT_USAGE, "%s %s: too many paths (MAX_MASKS is %d)",
		    opt, path, MAX_MASKS);
	list[(*n)++] = path;
}

/* A copy of a, kept in the plan: argv's own text is wiped once parsed
 * (options.c), since anyone in the container can read PID 1's
 * /proc/1/cmdline. */
static const char *
env_copy(struct plan *p, const char *a, size_t namelen)
{
	size_t len = strlen(a) + 1;
	char *s = p->envbuf + p->envbytes;

	if (len > sizeof(p->envbuf) - p->envbytes)
		diex(EXIT_USAGE, "--env %.*s: the variables are longer than %d bytes "
		    "in all (MAX_ENV_BYTES)", (int)namelen, a, MAX_ENV_BYTES);
	memcpy(s, a, len);
	p->envbytes += len;
	return s;
}

void
plan_add_env(struct plan *p, const char *a)
{
	const char *eq = strchr(a, '=');
	size_t i;

	if (!eq || eq == a)
		diex(EXIT_USAGE, "--env '%.40s': want NAME=VALUE", a);
	for (i = 0; i < p->nenv; i++)
		if (!strncmp(p->env[i], a, eq - a + 1)) {
			p->env[i] = env_copy(p, a, eq - a);
			return;
		}
	if (p->nenv == MAX_ENV)
		diex(EXIT_USAGE, "--env %.*s: too many variables (MAX_ENV is %d)",
		    (int)(eq - a), a, MAX_ENV);
	p->env[p->nenv++] = env_copy(p, a, eq - a);
}

void
plan_set_user(struct plan *p, const char *arg)
{
	char buf[32];
	char *colon;
	unsigned long uid, gid;

	if (strlen(arg) >= sizeof(buf))
		diex(EXIT_USAGE, "--user: '%.40s...' is not UID[:GID]", arg);
	strcpy(buf, arg);
	colon = strchr(buf, ':');
	if (colon)
		*colon++ = '\0';
	if (number(buf, 10, 4294967294UL, &uid) < 0 ||
	    (colon && number(colon, 10, 4294967294UL, &gid) < 0))
		diex(EXIT_USAGE, "--user '%s': want numeric UID[:GID] below 4294967295", arg);
	p->uid = uid;
	p->gid = colon ? gid : uid;
	p->user_given = 1;
}

void
plan_set_grace(struct plan *p, const char *arg)
{
	unsigned long v;

	if (number(arg, 10, MAX_GRACE, &v) < 0)
		diex(EXIT_USAGE, "--grace '%s': want whole seconds from 0 to %d",
		    arg, MAX_GRACE);
	p->grace = v;
}

void
plan_set_hostname(struct plan *p, const char *arg)
{
	const char *c;

	if (!*arg || strlen(arg) > MAX_HOSTNAME)
		diex(EXIT_USAGE, "--hostname: want 1 to %d characters", MAX_HOSTNAME);
	for (c = arg; *c; c++)
		if (*c <= ' ' || *c == 0x7f)
			diex(EXIT_USAGE, "--hostname: blank or control character in name");
	p->hostname = arg;
}

/* "PATH[ PARAMS]": PATH up to the first blank, the rest for finit_module. */
void
plan_add_module(struct plan *p, const char *spec)
{
	size_t len = strcspn(spec, " \t");

	if (!len || spec[0] != '/')
		diex(EXIT_USAGE, "--module '%s': want an absolute PATH[ PARAMS]", spec);
	if (len >= PATH_MAX)
		diex(EXIT_USAGE, "--module: path longer than %d bytes", PATH_MAX - 1);
	if (p->nmodule == MAX_MODULES)
		diex(EXIT_USAGE, "--module %.*s: too many modules (MAX_MODULES is %d)",
		    (int)len, spec, MAX_MODULES);
	p->module[p->nmodule].spec = spec;
	p->module[p->nmodule++].pathlen = len;
}
