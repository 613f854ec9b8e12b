/* fstab.c: the textual forms rootinit accepts and prints: fstab(5) fields
 * with octal escapes, mount(8) option names, and paths inside the new root. */
#include <limits.h>
#include <string.h>
#include <sys/mount.h>

#include "rootinit.h"

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif
#ifndef MS_LAZYTIME
#define MS_LAZYTIME (1 << 25)
#endif

enum optkind { SET, CLEAR, PROP, BIND, NOP, NOFAIL };

/* mount(8)'s option names; anything else is filesystem data.  Names
 * inline and 32-bit flags (every MS_ flag fits): half the table's size. */
static const struct mntopt {
	char name[14];
	unsigned char kind;	/* enum optkind */
	unsigned int flag;
} mntopts[] = {
	{ "defaults", NOP, 0 },		{ "nofail", NOFAIL, 0 },
	{ "ro", SET, MS_RDONLY },		{ "rw", CLEAR, MS_RDONLY },
	{ "nosuid", SET, MS_NOSUID },		{ "suid", CLEAR, MS_NOSUID },
	{ "nodev", SET, MS_NODEV },		{ "dev", CLEAR, MS_NODEV },
	{ "noexec", SET, MS_NOEXEC },		{ "exec", CLEAR, MS_NOEXEC },
	{ "sync", SET, MS_SYNCHRONOUS },	{ "async", CLEAR, MS_SYNCHRONOUS },
	{ "dirsync", SET, MS_DIRSYNC },
	{ "mand", SET, MS_MANDLOCK },		{ "nomand", CLEAR, MS_MANDLOCK },
	{ "atime", CLEAR, MS_NOATIME },		{ "noatime", SET, MS_NOATIME },
	{ "diratime", CLEAR, MS_NODIRATIME },	{ "nodiratime", SET, MS_NODIRATIME },
	{ "relatime", SET, MS_RELATIME },	{ "norelatime", CLEAR, MS_RELATIME },
	{ "strictatime", SET, MS_STRICTATIME },	{ "nostrictatime", CLEAR, MS_STRICTATIME },
	{ "lazytime", SET, MS_LAZYTIME },	{ "nolazytime", CLEAR, MS_LAZYTIME },
	{ "nosymfollow", SET, MS_NOSYMFOLLOW },
	{ "bind", BIND, 1 },			{ "rbind", BIND, 2 },
	{ "private", PROP, MS_PRIVATE },	{ "rprivate", PROP, MS_PRIVATE | MS_REC },
	{ "slave", PROP, MS_SLAVE },		{ "rslave", PROP, MS_SLAVE | MS_REC },
	{ "shared", PROP, MS_SHARED },		{ "rshared", PROP, MS_SHARED | MS_REC },
	{ "unbindable", PROP, MS_UNBINDABLE },	{ "runbindable", PROP, MS_UNBINDABLE | MS_REC },
};

static const struct mntopt *
mntopt_find(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < LEN(mntopts); i++)
		if (len < sizeof(mntopts[i].name) && !strncmp(mntopts[i].name, s, len) &&
		    !mntopts[i].name[len])
			return &mntopts[i];
	return NULL;
}

static void
data_append(struct mnt *m, const char *s, size_t len)
{
	size_t used = strlen(m->data);

	if (used + (used > 0) + len >= sizeof(m->data))
		diex(EXIT_USAGE, "mount %s: filesystem options longer than %zu bytes",
		    m->dst, sizeof(m->data) - 1);
	if (used)
		m->data[used++] = ',';
	memcpy(m->data + used, s, len);
	m->data[used + len] = '\0';
}

/* Translate a comma-separated option list; empty items are skipped, as mount(8) does. */
void
mount_options(struct mnt *m, const char *opts)
{
	const struct mntopt *o;
	const char *s, *end;
	size_t len;

	m->flags = m->prop = m->cleared = 0;
	m->bind = m->nofail = 0;
	m->data[0] = '\0';
	for (s = opts; s && *s; s = *end ? end + 1 : end) {
		end = strchr(s, ',');
		if (!end)
			end = s + strlen(s);
		len = end - s;
		if (!len)
			continue;
		if (!(o = mntopt_find(s, len))) {
			data_append(m, s, len);
			continue;
		}
		switch (o->kind) {
		case SET:	m->flags |= o->flag; m->cleared &= ~o->flag; break;
		case CLEAR:	m->flags &= ~o->flag; m->cleared |= o->flag; break;
		case PROP:	m->prop = o->flag; break;
		case BIND:	m->bind = (int)o->flag; break;
		case NOFAIL:	m->nofail = 1; break;
		case NOP:	break;
		}
	}
}

static int
isodigit(int c)
{
	return c >= '0' && c <= '7';
}

/* Undo fstab(5)'s octal escapes in place: "\040" is a space.  A backslash
 * not followed by three octal digits stays literal, as libmount does. */
static int
unescape(char *s)
{
	char *w = s;
	int v;

	for (; *s; s++) {
		if (s[0] == '\\' && isodigit(s[1]) && isodigit(s[2]) && isodigit(s[3])) {
			v = (s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0');
			if (v == 0 || v > 255)
				return -1;
			*w++ = (char)v;
			s += 3;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
	return 0;
}

/* Split an fstab line in place on blanks.  Returns the number of fields,
 * -1 when there are more than max, -2 on a bad escape. */
int
fstab_split(char *line, char **field, int max)
{
	int n = 0;

	for (;;) {
		while (*line == ' ' || *line == '\t')
			*line++ = '\0';
		if (!*line)
			return n;
		if (n == max)
			return -1;
		field[n++] = line;
		while (*line && *line != ' ' && *line != '\t')
			line++;
		if (*line)
			*line++ = '\0';
		if (unescape(field[n - 1]) < 0)
			return -2;
	}
}

/* Print s so that fstab_split reads it back as one field. */
void
print_escaped(FILE *f, const char *s)
{
	const unsigned char *c;

	for (c = (const unsigned char *)s; *c; c++) {
		if (*c <= ' ' || *c == '\\' || *c == 0x7f)
			fprintf(f, "\\%03o", *c);
		else
			putc(*c, f);
	}
}

/* A path inside the new root: absolute, bounded, printable, and without
 * "." or ".." components, so plan entries compare by text. */
void
path_check(const char *what, const char *path)
{
	const char *c;

	if (!*path)
		diex(EXIT_USAGE, "%s: empty path", what);
	if (strlen(path) >= PATH_MAX)
		diex(EXIT_USAGE, "%s: path longer than %d bytes", what, PATH_MAX - 1);
	if (path[0] != '/')
		diex(EXIT_USAGE, "%s %s: path must be absolute", what, path);
	for (c = path; *c; c++)
		if ((unsigned char)*c < ' ' || *c == 0x7f)
			diex(EXIT_USAGE, "%s: path has a control character", what);
	for (c = path; *c; c++) {
		if (c[0] != '/' || c[1] != '.')
			continue;
		if (c[2] == '/' || !c[2] || (c[2] == '.' && (c[3] == '/' || !c[3])))
			diex(EXIT_USAGE, "%s %s: path must not have . or .. components",
			    what, path);
	}
}

/* Next component of a path: skips slashes, returns its length. */
static size_t
component(const char **p)
{
	size_t n = 0;

	while (**p == '/')
		(*p)++;
	while ((*p)[n] && (*p)[n] != '/')
		n++;
	return n;
}

/* 1 when path is dir or below it, comparing components ("//a/" is "/a"). */
int
path_under(const char *path, const char *dir)
{
	size_t a, b;

	for (;;) {
		b = component(&dir);
		a = component(&path);
		if (!b)
			return 1;
		if (a != b || memcmp(path, dir, a))
			return 0;
		path += a;
		dir += b;
	}
}

int
path_equal(const char *a, const char *b)
{
	return path_under(a, b) && path_under(b, a);
}

/* Device nodes open only where the plan says so: every mount is nodev
 * unless its options say "dev" (unlike mount(8), whose default is dev).
 * A devpts is the exception: its only nodes are its own ptys. */
void
mount_nodev_default(struct mnt *m)
{
	if (!(m->cleared & MS_NODEV) && strcmp(m->type, "devpts"))
		m->flags |= MS_NODEV;
}

/* A mount of procfs or sysfs: the only kind allowed on or under /proc and
 * /sys; and cgroup2 exactly on /sys/fs/cgroup, where containers find it. */
int
kernel_fs_mount(const struct mnt *m)
{
	if (m->bind)
		return 0;
	return !strcmp(m->type, "proc") || !strcmp(m->type, "sysfs") ||
	    (!strcmp(m->type, "cgroup2") && path_equal(m->dst, "/sys/fs/cgroup"));
}
