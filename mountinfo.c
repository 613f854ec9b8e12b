/* mountinfo.c: reading /proc/self/mountinfo with a fixed buffer, to find
 * the host's procfs and sysfs that a MS_MOVE switch would leave behind,
 * and the mounts under the rootfs (the nodev fallback of old kernels). */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "rootinit.h"

static int mountinfo_fd = -1;

/* Field n (0-based) of a mountinfo line, NUL-terminated in place. */
static char *
field(char *line, int n)
{
	char *s = line, *end;

	while (n-- > 0 && (s = strchr(s, ' ')))
		s++;
	if (!s)
		return NULL;
	if ((end = strchr(s, ' ')))
		*end = '\0';
	return s;
}

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

/* One line: remember a procfs or sysfs mount point outside root as the
 * candidate; a later mount on the same point covers (forgets) it. */
static void
consider(char *line, const char *root, char *cand, size_t size)
{
	char *sep = line, *type, *mp;
	int kernelfs;

	/* The optional fields end at a lone "-". */
	while ((sep = strchr(sep, ' ')) && (sep[1] != '-' || sep[2] != ' '))
		sep++;
	if (!sep)
		return;
	type = field(sep + 3, 0);
	kernelfs = type && (!strcmp(type, "proc") || !strcmp(type, "sysfs"));
	if (!(mp = field(line, 4)))
		return;
	unescape_octal(mp);
	if (*cand && !strcmp(cand, mp))
		*cand = '\0';
	if (kernelfs && !path_under(mp, root) && strlen(mp) < size)
		strcpy(cand, mp);
}

/* Call fn on each line of the mount table, as it is now. */
static void
each_line(void (*fn)(char *line, void *arg), void *arg)
{
	char buf[8192];
	size_t have = 0;
	ssize_t n;
	char *nl, *line;
	int skip = 0;		/* in the rest of a line longer than buf */

	/* Opened once: the fd still reads after the host /proc is detached,
	 * and reading from offset 0 shows the table as it is now. */
	if (mountinfo_fd < 0)
		mountinfo_fd = openat(AT_FDCWD, "/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	if (mountinfo_fd < 0 || lseek(mountinfo_fd, 0, SEEK_SET) < 0)
		die(EXIT_SETUP, "read /proc/self/mountinfo");
	while ((n = read(mountinfo_fd, buf + have, sizeof(buf) - 1 - have)) > 0) {
		have += n;
		buf[have] = '\0';
		for (line = buf; (nl = strchr(line, '\n')); line = nl + 1) {
			*nl = '\0';
			if (!skip)
				fn(line, arg);
			skip = 0;
		}
		have = buf + have - line;
		if (have == sizeof(buf) - 1) {
			have = 0;	/* a line longer than buf: drop all of it */
			skip = 1;
		}
		memmove(buf, line, have);
	}
	if (n < 0)
		die(EXIT_SETUP, "read /proc/self/mountinfo");
}

struct outside {
	const char *root;
	char *mp;
	size_t size;
};

static void
consider_line(char *line, void *arg)
{
	struct outside *o = arg;

	consider(line, o->root, o->mp, o->size);
}

int
mountinfo_find_outside(const char *root, char *mp, size_t size)
{
	struct outside o = { root, mp, size };

	*mp = '\0';
	each_line(consider_line, &o);
	return *mp != '\0';
}

struct under {
	const char *root;
	void (*fn)(const char *mp);
};

static void
under_line(char *line, void *arg)
{
	struct under *u = arg;
	char *mp = field(line, 4);

	if (!mp)
		return;
	unescape_octal(mp);
	if (path_under(mp, u->root))
		u->fn(mp);
}

/* fn on every mount point at or below root, in the table's order (a
 * mount before those on top of it). */
void
mountinfo_each_under(const char *root, void (*fn)(const char *mp))
{
	struct under u = { root, fn };

	each_line(under_line, &u);
}
