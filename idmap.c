/* idmap.c: mount options that name an id the user namespace does not map
 * (devpts gid=5 under --map-root-user) make the mount fail with EINVAL.
 * Like crun, drop them rather than fail: the filesystem's default is the
 * only owner such a namespace can express anyway. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rootinit.h"

/* 1 when id is inside a range of /proc/self/{uid,gid}_map. */
static int
mapped(const char *map, unsigned long id)
{
	char buf[4096], *s, *end;
	unsigned long first, count;
	ssize_t n;
	int fd;

	if ((fd = openat(AT_FDCWD, map, O_RDONLY | O_CLOEXEC)) < 0)
		return 1;	/* no user namespaces: every id is the host's */
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 1;
	buf[n] = '\0';
	for (s = buf; *s; s = end) {
		first = strtoul(s, &end, 10);
		strtoul(end, &end, 10);		/* the id outside */
		count = strtoul(end, &end, 10);
		if (id >= first && id - first < count)
			return 1;
		end += strcspn(end, "\n");
		if (*end)
			end++;
	}
	return 0;
}

static int
keep(const char *opt, size_t len)
{
	const char *map;
	char *end;
	unsigned long id;

	if (len > 4 && !strncmp(opt, "uid=", 4))
		map = "/proc/self/uid_map";
	else if (len > 4 && !strncmp(opt, "gid=", 4))
		map = "/proc/self/gid_map";
	else
		return 1;
	id = strtoul(opt + 4, &end, 10);
	if (end != opt + len || mapped(map, id))
		return 1;
	logv("dropping mount option %.*s: id not mapped in this user namespace",
	    (int)len, opt);
	return 0;
}

/* Copy data (at most MAX_MNT_DATA bytes with its NUL) without unmapped ids. */
void
ids_filter(char *out, const char *data)
{
	const char *s, *end;
	size_t len, used = 0;

	*out = '\0';
	for (s = data; *s; s = *end ? end + 1 : end) {
		end = s + strcspn(s, ",");
		len = end - s;
		if (!len || !keep(s, len))
			continue;
		if (used)
			out[used++] = ',';
		memcpy(out + used, s, len);
		used += len;
		out[used] = '\0';
	}
}
