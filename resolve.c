/* resolve.c: paths inside the new root, resolved inside it.  A symlink or
 * ".." in the rootfs may lead only somewhere else inside the rootfs, as
 * openat2(RESOLVE_IN_ROOT) guarantees; kernels without openat2 (before
 * 5.6) get a component-by-component O_PATH|O_NOFOLLOW walk that does the
 * same (the idea of libpathrs and of runc's securejoin). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "rootinit.h"
#include "sys.h"

#define MAX_SYMLINKS 40		/* as the kernel's path walk */

const char *
fdpath(int fd, char buf[32])
{
	snprintf(buf, 32, "/proc/self/fd/%d", fd);
	return buf;
}

static int
resolve(int rootfd, const char *path, int nosymlinks)
{
	static int no_openat2;
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd;

	if (nosymlinks)
		how.resolve |= RESOLVE_NO_SYMLINKS;
	if (!no_openat2) {
		fd = sys_openat2(rootfd, path, &how);
		if (fd >= 0 || errno != ENOSYS)
			return fd;
		no_openat2 = 1;
	}
	return walk_in_root(rootfd, path, nosymlinks);
}

/* Replace rest with link target + "/" + rest; the walk goes on from there. */
static int
splice_link(int linkfd, char *rest, size_t restsize)
{
	char target[PATH_MAX];
	size_t tlen, rlen = strlen(rest);
	ssize_t n;

	n = readlinkat(linkfd, "", target, sizeof(target));
	if (n < 0)
		return -1;
	tlen = n;
	if (tlen + 1 + rlen + 1 > restsize) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memmove(rest + tlen + 1, rest, rlen + 1);
	memcpy(rest, target, tlen);
	rest[tlen] = '/';
	return 0;
}

/* Reopen the directory named by cur (a walk already made, of real
 * directories), one component at a time with O_NOFOLLOW: a directory
 * swapped for a symlink since is refused, not followed. */
static int
reopen(int rootfd, const char *cur)
{
	char name[NAME_MAX + 1];
	size_t len;
	int fd, next;

	if ((fd = openat(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	while (*cur == '/') {
		cur++;
		len = strcspn(cur, "/");
		if (len > NAME_MAX)
			len = NAME_MAX;
		memcpy(name, cur, len);
		name[len] = '\0';
		cur += len;
		next = openat(fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		if ((fd = next) < 0)
			return -1;
	}
	return fd;
}

static void
cur_pop(char *cur)
{
	char *slash = strrchr(cur, '/');

	if (slash)
		*slash = '\0';
}

static int
cur_push(char *cur, const char *name, size_t len)
{
	size_t used = strlen(cur);

	if (used + 1 + len + 1 > PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	cur[used] = '/';
	memcpy(cur + used + 1, name, len);
	cur[used + 1 + len] = '\0';
	return 0;
}

/* One component: open it under fd; a symlink is spliced into rest. */
static int
step(int rootfd, int *fd, char *cur, char *name, char *rest, int nosymlinks,
    int *links)
{
	struct stat st;
	int next;

	next = openat(*fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (next < 0 || fstat(next, &st) < 0)
		goto fail;
	if (S_ISLNK(st.st_mode)) {
		if (nosymlinks || ++*links > MAX_SYMLINKS) {
			errno = ELOOP;
			goto fail;
		}
		if (splice_link(next, rest, PATH_MAX) < 0)
			goto fail;
		close(next);
		if (rest[0] == '/') {	/* absolute: from the new root */
			cur[0] = '\0';
			close(*fd);
			*fd = reopen(rootfd, cur);
			return *fd < 0 ? -1 : 0;
		}
		return 0;
	}
	if (cur_push(cur, name, strlen(name)) < 0)
		goto fail;
	close(*fd);
	*fd = next;
	return 0;
fail:
	if (next >= 0)
		close(next);
	return -1;
}

int
walk_in_root(int rootfd, const char *path, int nosymlinks)
{
	char rest[PATH_MAX], cur[PATH_MAX] = "", name[NAME_MAX + 1];
	char *s = rest;
	size_t len;
	int fd, links = 0, saved;

	if (strlen(path) >= sizeof(rest)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(rest, path);
	if ((fd = reopen(rootfd, cur)) < 0)
		return -1;
	for (;;) {
		while (*s == '/')
			s++;
		for (len = 0; s[len] && s[len] != '/'; len++)
			;
		if (!len)
			return fd;
		if (len > NAME_MAX) {
			errno = ENAMETOOLONG;
			break;
		}
		memcpy(name, s, len);
		name[len] = '\0';
		memmove(rest, s + len, strlen(s + len) + 1);
		s = rest;
		if (!strcmp(name, "."))
			continue;
		if (!strcmp(name, "..")) {	/* never above the new root */
			cur_pop(cur);
			close(fd);
			if ((fd = reopen(rootfd, cur)) < 0)
				return -1;
			continue;
		}
		if (step(rootfd, &fd, cur, name, rest, nosymlinks, &links) < 0)
			break;
	}
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Create the missing component name under the directory dirfd. */
static int
create(int dirfd, const char *name, int file)
{
	int fd;

	if (!file)
		return mkdirat(dirfd, name, 0755) < 0 && errno != EEXIST ? -1 : 0;
	fd = openat(dirfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW |
	    O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
	return fd < 0 && errno != EEXIST ? -1 : 0;
}

/* A dangling symlink at name (under dirfd, reached as prefix): the path
 * to create instead, its target joined with the rest of the walk. */
static int
dangling(int dirfd, const char *name, const char *prefix, const char *rest,
    char *out)
{
	char target[PATH_MAX];
	size_t dirlen = strrchr(prefix, '/') - prefix;
	ssize_t n;

	n = readlinkat(dirfd, name, target, sizeof(target) - 1);
	if (n <= 0)
		return -1;
	target[n] = '\0';
	if (target[0] == '/')
		dirlen = 0;	/* absolute: from the new root */
	if (dirlen + 1 + n + strlen(rest) + 1 > PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(out, prefix, dirlen);
	out[dirlen] = '/';
	strcpy(out + dirlen + 1, target);
	strcat(out, rest);
	return 0;
}

static int
open_in_root_depth(int rootfd, const char *path, int how, int depth);

/* The walk of open_in_root, once the plain resolution found nothing. */
static int
create_path(int rootfd, const char *path, int how, int depth)
{
	char prefix[PATH_MAX], link[PATH_MAX];
	int nosym = how & IN_ROOT_NOSYMLINKS;
	int fd, next, saved, last;
	const char *name;
	size_t end;

	if ((fd = resolve(rootfd, "/", 0)) < 0)
		return -1;
	for (end = 0; path[end];) {
		while (path[end] == '/')
			end++;
		if (!path[end])
			break;
		while (path[end] && path[end] != '/')
			end++;
		memcpy(prefix, path, end);
		prefix[end] = '\0';
		name = strrchr(prefix, '/') + 1;
		last = !path[end + strspn(path + end, "/")];
		next = resolve(rootfd, prefix, nosym);
		if (next < 0 && errno == ENOENT) {
			if (create(fd, name, last && (how & IN_ROOT_CREATE_FILE)) < 0)
				goto fail;
			next = resolve(rootfd, prefix, nosym);
		}
		/* Still nothing: a dangling symlink.  What it names is
		 * created instead, inside the root, as runc does. */
		if (next < 0 && errno == ENOENT && !nosym && depth < MAX_SYMLINKS &&
		    dangling(fd, name, prefix, path + end, link) == 0) {
			close(fd);
			return open_in_root_depth(rootfd, link, how, depth + 1);
		}
		if (next < 0)
			goto fail;
		close(fd);
		fd = next;
	}
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* The common case, only the last component missing (/dev/pts in a fresh
 * /dev): create it under its parent, without the walk from the root. */
static int
create_last(int rootfd, const char *path, int how)
{
	char parent[PATH_MAX];
	const char *name = strrchr(path, '/');
	int nosym = how & IN_ROOT_NOSYMLINKS;
	int dirfd, r;

	if (!name || !name[1] || name == path)
		return -1;
	memcpy(parent, path, name - path);
	parent[name - path] = '\0';
	if ((dirfd = resolve(rootfd, parent, nosym)) < 0)
		return -1;
	r = create(dirfd, name + 1, how & IN_ROOT_CREATE_FILE);
	close(dirfd);
	return r < 0 ? -1 : resolve(rootfd, path, nosym);
}

static int
open_in_root_depth(int rootfd, const char *path, int how, int depth)
{
	int fd = resolve(rootfd, path, how & IN_ROOT_NOSYMLINKS);

	if (fd >= 0 || errno != ENOENT || !(how & (IN_ROOT_CREATE_DIR | IN_ROOT_CREATE_FILE)))
		return fd;
	if (strlen(path) >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = create_last(rootfd, path, how)) >= 0)
		return fd;
	return create_path(rootfd, path, how, depth);
}

/* Open path inside the root (O_PATH), creating what is missing: every
 * directory on the way, and the last component as a directory or an empty
 * file.  Each prefix is resolved again after its creation, so a symlink
 * met on the way is followed inside the root, never outside. */
int
open_in_root(int rootfd, const char *path, int how)
{
	return open_in_root_depth(rootfd, path, how, 0);
}
