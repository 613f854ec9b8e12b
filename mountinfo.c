/* mountinfo.c: reading a mountinfo table with a fixed buffer, line by
 * line: to find the host's procfs and sysfs that a MS_MOVE switch would
 * leave behind, the mounts under the rootfs (the nodev fallback of old
 * kernels), and (procfs.c) what / is and what else is mounted. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "rootinit.h"

static int mountinfo_fd = -1;

/* The kernel escapes blanks and backslashes in mount points as \NNN. */
static void
unescape_octal(char *s)
{
	char *w = s;

	for (; *s; s++, w++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3]) {
			*w = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*w = *s;
		}
	}
	*w = '\0';
}

/* "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE ...",
 * split in place; -1 when the line is not of that shape. */
static int
split(char *line, struct mountinfo_entry *e)
{
	char *f[6], *s = line;
	int i;

	for (i = 0; i < 6; i++) {
		f[i] = s;
		if (!(s = strchr(s, ' ')))
			return -1;
		*s++ = '\0';
	}
	/* The optional fields end at a lone "-". */
	while (strncmp(s, "- ", 2))
		if (!(s = strchr(s, ' ')) || !*++s)
			return -1;
	e->type = s + 2;
	if ((s = strchr(e->type, ' ')))
		*s = '\0';
	unescape_octal(f[3]);
	unescape_octal(f[4]);
	e->dev = f[2];
	e->root = f[3];
	e->mp = f[4];
	return 0;
}

/* fn on every line of the table at fd, read from its start, until fn
 * returns non-zero; that value, 0 at the end, -1 when fd cannot be read. */
int
mountinfo_scan(int fd, int (*fn)(const struct mountinfo_entry *, void *), void *arg)
{
	struct mountinfo_entry e;
	char buf[8192];
	size_t have = 0;
	ssize_t n;
	char *nl, *line;
	int skip = 0, r;	/* skip: in the rest of a line longer than buf */

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	while ((n = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0) {
		have += n;
		buf[have] = '\0';
		for (line = buf; (nl = strchr(line, '\n')); line = nl + 1) {
			*nl = '\0';
			if (!skip && split(line, &e) == 0 && (r = fn(&e, arg)))
				return r;
			skip = 0;
		}
		have = buf + have - line;
		if (have == sizeof(buf) - 1) {
			have = 0;	/* a line longer than buf: drop all of it */
			skip = 1;
		}
		memmove(buf, line, have);
	}
	return n < 0 ? -1 : 0;
}

struct outside {
	const char *root;
	char *cand;
	size_t size;
};

/* One line: remember a procfs or sysfs mount point outside root as the
 * candidate; a later mount on the same point covers (forgets) it. */
static int
consider(const struct mountinfo_entry *e, void *arg)
{
	struct outside *o = arg;
	int kernelfs = !strcmp(e->type, "proc") || !strcmp(e->type, "sysfs");

	if (*o->cand && !strcmp(o->cand, e->mp))
		*o->cand = '\0';
	if (kernelfs && !path_under(e->mp, o->root) && strlen(e->mp) < o->size)
		strcpy(o->cand, e->mp);
	return 0;
}

/* Our own table.  Opened once: the fd still reads after the host /proc
 * is detached, and reading from offset 0 shows the table as it is now. */
static void
scan_self(int (*fn)(const struct mountinfo_entry *, void *), void *arg)
{
	if (mountinfo_fd < 0)
		mountinfo_fd = openat(AT_FDCWD, "/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	if (mountinfo_fd < 0 || mountinfo_scan(mountinfo_fd, fn, arg) < 0)
		die(EXIT_SETUP, "read /proc/self/mountinfo");
}

int
mountinfo_find_outside(const char *root, char *mp, size_t size)
{
	struct outside o = { root, mp, size };

	*mp = '\0';
	scan_self(consider, &o);
	return *mp != '\0';
}

struct under {
	const char *root;
	void (*fn)(const char *mp);
};

static int
under_line(const struct mountinfo_entry *e, void *arg)
{
	struct under *u = arg;

	if (path_under(e->mp, u->root))
		u->fn(e->mp);
	return 0;
}

/* fn on every mount point at or below root, in the table's order (a
 * mount before those on top of it). */
void
mountinfo_each_under(const char *root, void (*fn)(const char *mp))
{
	struct under u = { root, fn };

	scan_self(under_line, &u);
}
