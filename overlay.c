/* overlay.c: boot mode's writable root over a read-only one (--overlay,
 * rootinit.overlay).  The root= filesystem (the host's own tree over 9p,
 * say) is mounted read-only as the lower layer, a tmpfs holds the upper
 * layer, and the overlay of both becomes the root: the guest writes, the
 * share is never written, and everything written is gone at power-off
 * (the live-CD and virtme-ng layout).  The layers' mount points live on
 * the initramfs, out of sight once the root is switched. */
#include <errno.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "rootinit.h"

#define OVL_DIR		"/.overlay"
#define OVL_LOWER	OVL_DIR "/lower"
#define OVL_RW		OVL_DIR "/rw"
#define OVL_UPPER	OVL_RW "/upper"
#define OVL_WORK	OVL_RW "/work"

static void
dir(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		die(EXIT_SETUP, "overlay: mkdir %s", path);
}

/* Where the root goes instead, read-only whatever ro/rw said. */
const char *
overlay_lower(struct mnt *root)
{
	dir(OVL_DIR);
	dir(OVL_LOWER);
	root->flags |= MS_RDONLY;
	return OVL_LOWER;
}

/* The tmpfs, then the overlay on dst.  The upper and work directories
 * must share one filesystem (overlayfs renames between them). */
void
overlay_mount(const char *dst)
{
	static const char data[] = "lowerdir=" OVL_LOWER ",upperdir=" OVL_UPPER
	    ",workdir=" OVL_WORK;

	dir(OVL_RW);
	if (mount("tmpfs", OVL_RW, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755") < 0)
		die(EXIT_SETUP, "overlay: mount tmpfs on %s", OVL_RW);
	dir(OVL_UPPER);
	dir(OVL_WORK);
	if (mkdir(dst, 0755) < 0 && errno != EEXIST)
		die(EXIT_SETUP, "overlay: mkdir %s", dst);
	if (mount("overlay", dst, "overlay", 0, data) < 0)
		die(EXIT_SETUP, "overlay: mount on %s (module overlay loaded?)", dst);
	logv("overlay: tmpfs over %s on %s", OVL_LOWER, dst);
}
