/* floor.c: the least any implementation can do for the benchmark's job.
 * Only the system calls the job needs, no parsing, no checks: started as
 * PID 1 of fresh mount and PID namespaces with the rootfs as argv[1], it
 * makes / private, binds the rootfs onto itself, mounts config.h's
 * defaults, makes the 6 devices and the links, masks and read-only paths
 * (those this kernel has: floor-paths.h, written by bench/run), pivots
 * into the root, sets the umask, drops to Docker's 14 capabilities and
 * execs /bin/true.  What it cannot do faster, nothing can. */
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "floor-paths.h"	/* FLOOR_KCORE, mask_files, mask_dirs, ro_paths */

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define KEEP ((1ULL << CAP_CHOWN) | (1ULL << CAP_DAC_OVERRIDE) | \
	(1ULL << CAP_FSETID) | (1ULL << CAP_FOWNER) | (1ULL << CAP_MKNOD) | \
	(1ULL << CAP_NET_RAW) | (1ULL << CAP_SETGID) | (1ULL << CAP_SETUID) | \
	(1ULL << CAP_SETFCAP) | (1ULL << CAP_SETPCAP) | \
	(1ULL << CAP_NET_BIND_SERVICE) | (1ULL << CAP_SYS_CHROOT) | \
	(1ULL << CAP_KILL) | (1ULL << CAP_AUDIT_WRITE))
#define NSD (MS_NOSUID | MS_NODEV | MS_NOEXEC)

static const char *const devs[] = { "dev/null", "dev/zero", "dev/full",
	"dev/random", "dev/urandom", "dev/tty" };
static const dev_t devno[] = { makedev(1, 3), makedev(1, 5), makedev(1, 7),
	makedev(1, 8), makedev(1, 9), makedev(5, 0) };

int
main(int argc, char **argv, char **envp)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { { (unsigned)KEEP, (unsigned)KEEP, 0 },
		{ KEEP >> 32, KEEP >> 32, 0 } };
	char *tv[] = { "true", 0 };
	unsigned i;

	(void)argc;
	mount(0, "/", 0, MS_REC | MS_PRIVATE, 0);
	mount(argv[1], argv[1], 0, MS_BIND | MS_REC, 0);
	chdir(argv[1]);
	mount("proc", "proc", "proc", NSD, 0);
	mount("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_STRICTATIME,
	    "mode=755,size=65536k");
	mkdir("dev/pts", 0755);
	mkdir("dev/shm", 0755);
	mkdir("dev/mqueue", 0755);
	mount("devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
	    "newinstance,ptmxmode=0666,mode=0620,gid=5");
	mount("shm", "dev/shm", "tmpfs", NSD, "mode=1777,size=65536k");
	mount("mqueue", "dev/mqueue", "mqueue", NSD, 0);
	mount("sysfs", "sys", "sysfs", NSD | MS_RDONLY, 0);
	umask(0);
	for (i = 0; i < N(devs); i++)
		mknod(devs[i], S_IFCHR | 0666, devno[i]);
	symlink("/proc/self/fd", "dev/fd");
	symlink("/proc/self/fd/0", "dev/stdin");
	symlink("/proc/self/fd/1", "dev/stdout");
	symlink("/proc/self/fd/2", "dev/stderr");
	if (FLOOR_KCORE)
		symlink("/proc/kcore", "dev/core");
	symlink("pts/ptmx", "dev/ptmx");
	for (i = 0; i < N(mask_files); i++) {
		mount("dev/null", mask_files[i], 0, MS_BIND, 0);
		mount(0, mask_files[i], 0, MS_REMOUNT | MS_BIND | MS_RDONLY | NSD, 0);
	}
	for (i = 0; i < N(mask_dirs); i++)
		mount("tmpfs", mask_dirs[i], "tmpfs", MS_RDONLY | NSD, "size=0");
	for (i = 0; i < N(ro_paths); i++) {
		mount(ro_paths[i], ro_paths[i], 0, MS_BIND | MS_REC, 0);
		mount(0, ro_paths[i], 0, MS_REMOUNT | MS_BIND | MS_RDONLY | NSD, 0);
	}
	syscall(SYS_pivot_root, ".", ".");
	umount2(".", MNT_DETACH);
	umask(022);
	for (i = 0; i <= CAP_LAST_CAP; i++)
		if (!(KEEP & (1ULL << i)))
			prctl(PR_CAPBSET_DROP, i, 0, 0, 0);
	syscall(SYS_capset, &h, d);
	execve("/bin/true", tv, envp);
	return 127;
}
