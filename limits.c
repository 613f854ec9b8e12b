/* limits.c: COMMAND's resource limits (--rlimit), OOM score
 * (--oom-score-adj) and namespaced sysctls (--sysctl).  Parsed into the
 * plan, checked against what we may do before any change, applied in
 * COMMAND's process (limits, score) or through the new root's procfs
 * (sysctls, before /proc/sys turns read-only). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <linux/nsfs.h>

#include "rootinit.h"
#include "sys.h"

/* prlimit(1)'s names. */
static const struct { const char *name; int res; } rlimits[] = {
	{ "as", RLIMIT_AS }, { "core", RLIMIT_CORE }, { "cpu", RLIMIT_CPU },
	{ "data", RLIMIT_DATA }, { "fsize", RLIMIT_FSIZE },
	{ "locks", RLIMIT_LOCKS }, { "memlock", RLIMIT_MEMLOCK },
	{ "msgqueue", RLIMIT_MSGQUEUE }, { "nice", RLIMIT_NICE },
	{ "nofile", RLIMIT_NOFILE }, { "nproc", RLIMIT_NPROC },
	{ "rss", RLIMIT_RSS }, { "rtprio", RLIMIT_RTPRIO },
	{ "rttime", RLIMIT_RTTIME }, { "sigpending", RLIMIT_SIGPENDING },
	{ "stack", RLIMIT_STACK },
};

/* Initial namespaces' inode numbers (include/linux/proc_ns.h); the
 * network namespace's only from Linux 6.18 on. */
#define IPC_INIT_INO	0xEFFFFFFFU
#define USER_INIT_INO	0xEFFFFFFDU
#define NET_INIT_INO	0xEFFFFFF9U

static int
limit_value(const char *s, unsigned long long *v)
{
	char *end;

	if (!strcmp(s, "unlimited")) {
		*v = RLIM_INFINITY;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || *end || *v == RLIM_INFINITY ? -1 : 0;
}

/* "NAME=SOFT[:HARD]"; SOFT alone sets both, as prlimit and docker do. */
void
plan_add_rlimit(struct plan *p, const char *arg)
{
	char buf[64], *eq, *colon;
	struct rlim *r;
	size_t i;

	if (strlen(arg) >= sizeof(buf) || !(eq = strchr(strcpy(buf, arg), '=')))
		diex(EXIT_USAGE, "--rlimit '%.40s': want NAME=SOFT[:HARD]", arg);
	*eq++ = '\0';
	for (i = 0; i < LEN(rlimits) && strcasecmp(rlimits[i].name, buf); i++)
		;
	if (i == LEN(rlimits))
		diex(EXIT_USAGE, "--rlimit %s: unknown limit (prlimit's names: "
		    "nofile, nproc, core, ...)", buf);
	for (r = p->rlimit; r < p->rlimit + p->nrlimit && r->res != rlimits[i].res; r++)
		;
	r->res = rlimits[i].res;
	r->name = rlimits[i].name;
	if ((colon = strchr(eq, ':')))
		*colon++ = '\0';
	if (limit_value(eq, &r->soft) < 0 ||
	    limit_value(colon ? colon : eq, &r->hard) < 0)
		diex(EXIT_USAGE, "--rlimit %s: want numbers or 'unlimited'", arg);
	if (r->soft > r->hard)
		diex(EXIT_USAGE, "--rlimit %s: soft limit above the hard one", arg);
	if (r == p->rlimit + p->nrlimit)
		p->nrlimit++;	/* LEN(rlimits) entries at most: one each */
}

/* config.h's limits first; argv's replace them by name. */
void
limits_defaults(struct plan *p)
{
	struct rlim user[MAX_RLIMITS];
	size_t n = p->nrlimit, i, j;

	memcpy(user, p->rlimit, n * sizeof(*user));
	p->nrlimit = 0;
	for (i = 0; default_rlimits[i]; i++)
		plan_add_rlimit(p, default_rlimits[i]);
	for (i = 0; i < n; i++) {
		for (j = 0; j < p->nrlimit && p->rlimit[j].res != user[i].res; j++)
			;
		p->rlimit[j] = user[i];
		p->nrlimit += j == p->nrlimit;
	}
}

void
plan_set_oom(struct plan *p, const char *arg)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || !*arg || *end || v < -1000 || v > 1000)
		diex(EXIT_USAGE, "--oom-score-adj '%s': want -1000 to 1000", arg);
	p->oom_score_adj = v;
	p->oom_given = 1;
}

/* The namespace config.h says KEY belongs to, or NULL. */
static const char *
sysctl_ns(const char *key, size_t len)
{
	size_t i, n;

	for (i = 0; i < LEN(namespaced_sysctls); i++) {
		n = strlen(namespaced_sysctls[i].key);
		if (namespaced_sysctls[i].key[n - 1] == '.' ? len > n &&
		    !strncmp(key, namespaced_sysctls[i].key, n) :
		    len == n && !strncmp(key, namespaced_sysctls[i].key, n))
			return namespaced_sysctls[i].ns;
	}
	return NULL;
}

void
plan_add_sysctl(struct plan *p, const char *arg)
{
	size_t len = strcspn(arg, "=");

	if (!arg[len] || !len)
		diex(EXIT_USAGE, "--sysctl '%s': want KEY=VALUE", arg);
	if (strspn(arg, "abcdefghijklmnopqrstuvwxyz0123456789_.-") != len ||
	    strstr(arg, "..") || arg[0] == '.' || arg[len - 1] == '.' ||
	    len >= PATH_MAX - 16 || !sysctl_ns(arg, len))
		diex(EXIT_USAGE, "--sysctl %.*s: not a namespaced sysctl (kernel.msg*, "
		    "kernel.sem, kernel.shm*, fs.mqueue.*, net.*)", (int)len, arg);
	if (strchr(arg + len, '\n'))
		diex(EXIT_USAGE, "--sysctl %.*s: newline in VALUE", (int)len, arg);
	if (p->nsysctl == MAX_SYSCTLS)
		diex(EXIT_USAGE, "--sysctl %.*s: too many (MAX_SYSCTLS is %d)",
		    (int)len, arg, MAX_SYSCTLS);
	p->sysctl[p->nsysctl++] = arg;
}

/* Linux 6.18 or later: the initial network namespace has a fixed inode. */
static int
fixed_net_ino(void)
{
	struct utsname u;
	char *dot;
	unsigned long major, minor;

	if (uname(&u) < 0)
		return 0;
	major = strtoul(u.release, &dot, 10);
	minor = *dot == '.' ? strtoul(dot + 1, NULL, 10) : 0;
	return major > 6 || (major == 6 && minor >= 18);
}

/* 1: our NAME namespace is not the host's; 0: it is, or we cannot tell.
 * The IPC one by its inode (fixed since 3.8).  The network one by its
 * inode on 6.18 and later; before, only when a user namespace other than
 * the initial one owns it (rootless). */
static int
ns_private(const char *name)
{
	char path[32];
	struct stat st;
	int fd, owner, r = 0;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		r = 0;
	else if (!strcmp(name, "ipc"))
		r = st.st_ino != IPC_INIT_INO;
	else if (st.st_ino == NET_INIT_INO)
		r = 0;
	else if (fixed_net_ino())
		r = 1;
	else if ((owner = ioctl(fd, NS_GET_USERNS)) >= 0) {
		r = fstat(owner, &st) == 0 && st.st_ino != USER_INIT_INO;
		close(owner);
	}
	if (fd >= 0)
		close(fd);
	return r;
}

static void
check_sysctls(const struct plan *p)
{
	const char *ns;
	size_t i, len;

	for (i = 0; i < p->nmnt && p->nsysctl; i++)
		if (!strcmp(p->mnt[i].type, "proc") && path_equal(p->mnt[i].dst, "/proc"))
			break;
	if (p->nsysctl && i == p->nmnt)
		diex(EXIT_USAGE, "--sysctl: needs proc mounted on /proc in the new root");
	for (i = 0; i < p->nsysctl; i++) {
		len = strcspn(p->sysctl[i], "=");
		ns = sysctl_ns(p->sysctl[i], len);
		if (!ns_private(ns))
			diex(EXIT_USAGE, "--sysctl %.*s: the %s namespace is the host's "
			    "(or cannot be told from it): refusing", (int)len,
			    p->sysctl[i], ns);
	}
}

void
limits_check(const struct plan *p)
{
	struct rlimit cur;
	size_t i;

	check_sysctls(p);
	if (p->dry_run)
		return;
	/* setrlimit would refuse a raised hard limit: say which, now. */
	for (i = 0; i < p->nrlimit; i++)
		if (getrlimit(p->rlimit[i].res, &cur) == 0 &&
		    p->rlimit[i].hard > cur.rlim_max &&
		    !(caps_now(1) & 1ULL << CAP_SYS_RESOURCE))
			diex(EXIT_SETUP, "--rlimit %s: raising the hard limit needs "
			    "CAP_SYS_RESOURCE", p->rlimit[i].name);
}

static void
print_limit(FILE *f, unsigned long long v)
{
	if (v == RLIM_INFINITY)
		fputs("unlimited", f);
	else
		fprintf(f, "%llu", v);
}

void
limits_print(const struct plan *p, FILE *f)
{
	size_t i;

	for (i = 0; i < p->nrlimit; i++) {
		fprintf(f, "rlimit %s=", p->rlimit[i].name);
		print_limit(f, p->rlimit[i].soft);
		putc(':', f);
		print_limit(f, p->rlimit[i].hard);
		putc('\n', f);
	}
	if (p->oom_given)
		fprintf(f, "oom-score-adj %d\n", p->oom_score_adj);
}

/* VALUE into a file of procfs, never of the image: a /proc that is not
 * procfs is refused. */
static int
write_procfs(const char *path, const char *value, const char *what)
{
	struct statfs sf;
	size_t n = strlen(value);
	int fd = openat(AT_FDCWD, path, O_WRONLY | O_CLOEXEC), r;

	if (fd < 0)
		die(EXIT_SETUP, "%s: open %s", what, path);
	if (fstatfs(fd, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC)
		diex(EXIT_SETUP, "%s: %s is not on procfs", what, path);
	r = write(fd, value, n) == (ssize_t)n ? 0 : -1;
	close(fd);
	return r;
}

/* Through the new root's procfs, before /proc/sys is made read-only;
 * the path is resolved inside the new root, no symlink followed. */
void
sysctl_write(const struct plan *p, int rootfd)
{
	char path[PATH_MAX], buf[32], *c;
	size_t i, len;
	int pathfd;

	for (i = 0; i < p->nsysctl; i++) {
		len = strcspn(p->sysctl[i], "=");
		snprintf(path, sizeof(path), "/proc/sys/%.*s", (int)len, p->sysctl[i]);
		for (c = path + 10; *c; c++)
			if (*c == '.')
				*c = '/';
		pathfd = open_in_root(rootfd, path, IN_ROOT_NOSYMLINKS);
		if (pathfd < 0)
			die(EXIT_SETUP, "sysctl %.*s", (int)len, p->sysctl[i]);
		if (write_procfs(fdpath(pathfd, buf), p->sysctl[i] + len + 1,
		    "sysctl") < 0)
			die(EXIT_SETUP, "sysctl %s", p->sysctl[i]);
		close(pathfd);
		logv("sysctl %s", p->sysctl[i]);
	}
}

/* In COMMAND's process, before its capabilities go. */
void
limits_apply(const struct plan *p)
{
	const struct rlim *r;
	struct rlimit rl;
	char buf[16];

	for (r = p->rlimit; r < p->rlimit + p->nrlimit; r++) {
		rl.rlim_cur = r->soft;
		rl.rlim_max = r->hard;
		if (setrlimit(r->res, &rl) < 0)
			die(EXIT_SETUP, "--rlimit %s%s", r->name, errno == EPERM ?
			    " (raising the hard limit needs CAP_SYS_RESOURCE)" : "");
	}
	if (!p->oom_given)
		return;
	snprintf(buf, sizeof(buf), "%d", p->oom_score_adj);
	if (write_procfs("/proc/self/oom_score_adj", buf, "--oom-score-adj") < 0)
		die(EXIT_SETUP, "--oom-score-adj %s%s", buf, errno == EACCES ?
		    " (lowering it needs CAP_SYS_RESOURCE)" : "");
}
