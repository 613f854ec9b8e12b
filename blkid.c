/* blkid.c: root=LABEL=... and root=UUID=...: the block device in /dev
 * whose ext2/3/4 superblock carries that label or UUID, as blkid(8) shows
 * them.  Other filesystems are not recognised: name their device. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rootinit.h"
#include "sys.h"

#define EXT_SUPERBLOCK	1024	/* its offset on the device */
#define EXT_MAGIC	0xef53	/* at 0x38; the UUID at 0x68, the label at 0x78 */

/* The UUID and label of an ext2/3/4 filesystem on dev; -1 if it is none. */
static int
ext_ids(int dirfd, const char *name, char uuid[37], char label[17])
{
	unsigned char sb[0x88];
	const unsigned char *u = sb + 0x68;
	ssize_t n;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = pread(fd, sb, sizeof(sb), EXT_SUPERBLOCK);
	close(fd);
	if (n != sizeof(sb) || (sb[0x38] | sb[0x39] << 8) != EXT_MAGIC)
		return -1;
	snprintf(uuid, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5],
	    u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
	memcpy(label, sb + 0x78, 16);
	label[16] = '\0';
	return 0;
}

static int
matches(int dirfd, const char *name, const char *spec)
{
	char uuid[37], label[17];

	if (ext_ids(dirfd, name, uuid, label) < 0)
		return 0;
	if (!strncmp(spec, "UUID=", 5))
		return !strcasecmp(uuid, spec + 5);
	return !strcmp(label, spec + 6);
}

/* "/dev/NAME" of the block device spec names, in buf: 0 if found. */
int
blkid_find(const char *spec, char *buf, size_t size)
{
	char ents[1024] __attribute__((aligned(8)));
	struct dirent64_rec *d;
	struct stat st;
	long n, i;
	int dirfd, found = 0;

	if ((dirfd = openat(AT_FDCWD, "/dev", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	while (!found && (n = sys_getdents64(dirfd, ents, sizeof(ents))) > 0)
		for (i = 0; i < n && !found; i += d->reclen) {
			d = (struct dirent64_rec *)(ents + i);
			if (fstatat(dirfd, d->name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
			    !S_ISBLK(st.st_mode) || !matches(dirfd, d->name, spec))
				continue;
			snprintf(buf, size, "/dev/%s", d->name);
			found = 1;
		}
	close(dirfd);
	return found ? 0 : -1;
}
