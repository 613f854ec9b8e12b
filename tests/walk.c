/* tests/walk.c: the component walk that stands in for openat2 on kernels
 * before 5.6 (resolve.c), against openat2(RESOLVE_IN_ROOT) itself on this
 * kernel: for every path of a hostile tree both must land on the same
 * inode, or fail with the same errno.  argv[1]: an empty directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rootinit.h"
#include "sys.h"

static const char *const links[][2] = {
	{ "root/abs", "/a/b" }, { "root/rel", "a/b" }, { "root/up", "../../.." },
	{ "root/a/upup", "../../../../outside" }, { "root/loop1", "loop2" },
	{ "root/loop2", "loop1" }, { "root/dangling", "/nonexistent" },
	{ "root/a/b/back", "../.." }, { "root/out", "../outside" },
	{ "root/hostetc", "/etc" }, { "root/a/self", "." },
};

static const char *const paths[] = {
	"/", "/a/b/c", "/abs/c", "/rel/c", "/up", "/up/a", "/a/upup", "/a/upup/x",
	"/loop1", "/dangling", "/a/b/back/f", "/out", "/out/secret", "/../../a",
	"/a/../../f", "/f/x", "/abs/../f", "/hostetc", "/hostetc/passwd",
	"/a/self/self/b", "//a//b/", "/a/b/c/../../../../..",
};

static int
resolve2(int rootfd, const char *path, int nosym, struct stat *st)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS |
		    (nosym ? RESOLVE_NO_SYMLINKS : 0),
	};
	int fd = sys_openat2(rootfd, path, &how);

	if (fd < 0 || fstat(fd, st) < 0)
		return -errno;
	close(fd);
	return 0;
}

static int
walk(int rootfd, const char *path, int nosym, struct stat *st)
{
	int fd = walk_in_root(rootfd, path, nosym);

	if (fd < 0 || fstat(fd, st) < 0)
		return -errno;
	close(fd);
	return 0;
}

static void
build(void)
{
	size_t i;

	if (mkdir("root", 0755) || mkdir("root/a", 0755) || mkdir("root/a/b", 0755) ||
	    mkdir("root/a/b/c", 0755) || mkdir("outside", 0755) ||
	    close(creat("root/f", 0644)) || close(creat("outside/secret", 0644)))
		perror("build"), _Exit(2);
	for (i = 0; i < LEN(links); i++)
		if (symlink(links[i][1], links[i][0]))
			perror(links[i][0]), _Exit(2);
}

int
main(int argc, char **argv)
{
	struct stat a, b;
	size_t i;
	int rootfd, nosym, ra, rb;

	if (argc != 2 || chdir(argv[1]))
		return 2;
	build();
	if ((rootfd = open("root", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return 2;
	for (nosym = 0; nosym <= 1; nosym++)
		for (i = 0; i < LEN(paths); i++) {
			ra = resolve2(rootfd, paths[i], nosym, &a);
			rb = walk(rootfd, paths[i], nosym, &b);
			if (ra == rb && (ra || (a.st_dev == b.st_dev && a.st_ino == b.st_ino)))
				printf("ok walk %s%s: %s\n", nosym ? "(no symlinks) " : "",
				    paths[i], ra ? strerror(-ra) : "same inode");
			else
				printf("not ok walk %s%s: openat2 %s, walk %s\n",
				    nosym ? "(no symlinks) " : "", paths[i],
				    ra ? strerror(-ra) : "found", rb ? strerror(-rb) :
				    (ra ? "found" : "another inode"));
		}
	return 0;
}
