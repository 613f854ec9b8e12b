/* sys.h: the system calls musl does not wrap, one line each.
 *
 * Also a convention: files are opened with openat(AT_FDCWD, ...), not
 * open(), because musl's open() follows O_CLOEXEC with an fcntl(F_SETFD)
 * for kernels older than 2.6.23: one system call per open, for nothing. */
#ifndef SYS_H
#define SYS_H

#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/openat2.h>

static inline int
sys_pivot_root(const char *new_root, const char *put_old)
{
	return syscall(SYS_pivot_root, new_root, put_old);
}

static inline int
sys_openat2(int dirfd, const char *path, struct open_how *how)
{
	return syscall(SYS_openat2, dirfd, path, how, sizeof(*how));
}

static inline int
sys_close_range(unsigned int first, unsigned int last, unsigned int flags)
{
	return syscall(SYS_close_range, first, last, flags);
}

static inline int
sys_finit_module(int fd, const char *params, int flags)
{
	return syscall(SYS_finit_module, fd, params, flags);
}

/* The mount API of Linux 5.2 and 5.12 (mount_setattr): constants kept
 * here, since <linux/mount.h> and musl's <sys/mount.h> do not mix. */
#define OPEN_TREE_CLONE_	1
#define MOVE_MOUNT_F_EMPTY_PATH_ 0x04
#define MOVE_MOUNT_T_EMPTY_PATH_ 0x40
#define MOUNT_ATTR_RDONLY_	0x01
#define MOUNT_ATTR_NOSUID_	0x02
#define MOUNT_ATTR_NODEV_	0x04
#define MOUNT_ATTR_NOEXEC_	0x08
#define MOUNT_ATTR_ATIME_	0x70	/* the atime field: relatime is 0 */
#define MOUNT_ATTR_NOATIME_	0x10
#define MOUNT_ATTR_STRICTATIME_	0x20
#define MOUNT_ATTR_NODIRATIME_	0x80

struct mount_attr_ {
	unsigned long long attr_set, attr_clr, propagation, userns_fd;
};

static inline int
sys_open_tree(int dfd, const char *path, unsigned int flags)
{
	return syscall(SYS_open_tree, dfd, path, flags);
}

static inline int
sys_move_mount(int fromfd, const char *from, int tofd, const char *to,
    unsigned int flags)
{
	return syscall(SYS_move_mount, fromfd, from, tofd, to, flags);
}

static inline int
sys_mount_setattr(int dfd, const char *path, unsigned int flags,
    struct mount_attr_ *attr)
{
	return syscall(SYS_mount_setattr, dfd, path, flags, attr, sizeof(*attr));
}

static inline int
sys_capget(void *hdr, void *data)
{
	return syscall(SYS_capget, hdr, data);
}

/* Milliseconds of CLOCK_MONOTONIC, 64-bit on every target. */
static inline long long
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The ids, for this process only.  musl's set*id() make every thread
 * change together through __synccall (and 2 KiB of signal machinery);
 * rootinit is single-threaded, and the kernel's call is what it means. */
static inline int
sys_setgroups(size_t n, const gid_t *list)
{
	return syscall(SYS_setgroups, n, list);
}

static inline int
sys_setgid(gid_t gid)
{
	return syscall(SYS_setgid, gid);
}

static inline int
sys_setuid(uid_t uid)
{
	return syscall(SYS_setuid, uid);
}

/* getdents64(2)'s record; musl's readdir would allocate a DIR. */
struct dirent64_rec {
	unsigned long long ino;
	long long off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

static inline long
sys_getdents64(int fd, void *buf, size_t len)
{
	return syscall(SYS_getdents64, fd, buf, len);
}

#endif
