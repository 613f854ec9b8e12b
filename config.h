/* config.h: rootinit's compiled defaults and capacities.  Data only.
 * Edit and rebuild to change what rootinit does with no options. */

/* The directory that becomes / when no --rootfs is given; "" prepares nothing. */
#define ROOTFS ""

/* COMMAND when argv names none. */
static const char *const default_command[] = { "/bin/sh", NULL };

/* Seconds to wait for other processes after COMMAND exits before SIGKILL. */
#define GRACE_SECONDS 2

/* PATH given to COMMAND when its environment has none. */
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* The workload's umask once the root is switched. */
#define WORKLOAD_UMASK 0022

/* Capacities of the plan's fixed tables: exceeding one is a usage error. */
#define MAX_MOUNTS	64
#define MAX_DEVICES	64
#define MAX_MASKS	64	/* masked paths, and separately read-only paths */
#define MAX_ENV		64	/* --env entries */
#define MAX_ENV_BYTES	16384	/* their text, copied out of argv (see plan_add_env) */
#define MAX_ENVIRON	1024	/* COMMAND's whole environment */
#define MAX_MNT_DATA	512	/* filesystem data options of one mount */
#define MAX_HOSTNAME	64	/* HOST_NAME_MAX */
#define MAX_GRACE	3600
#define MAX_DESCENDANTS	4096	/* not PID 1: processes signalled after COMMAND */
#define ARENA_SIZE	8192	/* the heap libcap-ng and stdio get (arena.c) */

/* Mounts, in order: source, target, fstype, options (mount(8) syntax).
 * Every mount but a devpts is nodev unless its options say "dev": device
 * nodes open only where the plan made them (its own nodes are bound into
 * the nodev /dev from a private tmpfs, devices.c). */
static const struct mount_spec default_mounts[] = {
	{ "proc", "/proc", "proc", "nosuid,noexec,nodev" },
	{ "tmpfs", "/dev", "tmpfs", "nosuid,strictatime,mode=755,size=65536k" },
	{ "devpts", "/dev/pts", "devpts",
	  "nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5" },
	{ "shm", "/dev/shm", "tmpfs", "nosuid,noexec,nodev,mode=1777,size=65536k" },
	{ "mqueue", "/dev/mqueue", "mqueue", "nosuid,noexec,nodev" },
	{ "sysfs", "/sys", "sysfs", "nosuid,noexec,nodev,ro" },
};

/* Mounts added after those in a cgroup namespace (the caller's, or
 * --cgroupns), where cgroup2 shows the container its own subtree, as
 * Docker and Podman do.  nofail: a v1 host, or a namespace no user
 * namespace of ours owns, may refuse it; then it is skipped. */
static const struct mount_spec cgroupns_mounts[] = {
	{ "cgroup2", "/sys/fs/cgroup", "cgroup2", "nosuid,noexec,nodev,ro,nofail" },
};

/* Device nodes: path, type, major, minor, mode, uid, gid. */
static const struct dev default_devices[] = {
	{ "/dev/null", 'c', 1, 3, 0666, 0, 0 },
	{ "/dev/zero", 'c', 1, 5, 0666, 0, 0 },
	{ "/dev/full", 'c', 1, 7, 0666, 0, 0 },
	{ "/dev/random", 'c', 1, 8, 0666, 0, 0 },
	{ "/dev/urandom", 'c', 1, 9, 0666, 0, 0 },
	{ "/dev/tty", 'c', 5, 0, 0666, 0, 0 },
};

/* Symbolic links: path, target, and a path that must exist for the link to be made. */
static const struct link default_links[] = {
	{ "/dev/fd", "/proc/self/fd", NULL },
	{ "/dev/stdin", "/proc/self/fd/0", NULL },
	{ "/dev/stdout", "/proc/self/fd/1", NULL },
	{ "/dev/stderr", "/proc/self/fd/2", NULL },
	{ "/dev/core", "/proc/kcore", "/proc/kcore" },
	{ "/dev/ptmx", "pts/ptmx", NULL },
};

/* Paths hidden from the workload; paths that do not exist are skipped. */
static const char *const default_masks[] = {
	"/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore",
	"/proc/keys", "/proc/latency_stats", "/proc/timer_list",
	"/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
	"/sys/firmware", "/sys/devices/virtual/powercap",
};

/* Paths made read-only. */
static const char *const default_readonly[] = {
	"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};

/* Capabilities kept, as --caps accepts them: Docker's default set less
 * MKNOD (as Podman): no devices cgroup guards the host's devices, so the
 * workload makes no node, not even one that would outlive it on the
 * host's filesystem. */
#define DEFAULT_CAPS "CHOWN,DAC_OVERRIDE,FSETID,FOWNER,NET_RAW,SETGID," \
	"SETUID,SETFCAP,SETPCAP,NET_BIND_SERVICE,SYS_CHROOT,KILL,AUDIT_WRITE"

/* Boot: rootinit as /init of an initramfs.  BOOT_MODE "auto" enters boot
 * mode only when the kernel itself started rootinit from its initial
 * rootfs (never in a container); "yes" forces it (PID 1 only), "no" never;
 * --boot overrides. */
#define BOOT_MODE	"auto"
#define BOOT_ROOTFS	"/newroot"	/* where root= is mounted without --rootfs */
#define BOOT_ROOT_WAIT	30	/* rootwait: seconds to wait for root= at most */
#define BOOT_ROOT_GRACE	5	/* without rootwait or rootdelay= */
#define BOOT_FAIL_DELAY	5	/* seconds an error stays on the console */
#define BOOT_FAIL_ACTION "poweroff"	/* or "reboot", "halt"; rootinit.fail= */
#define MAX_MODULES	32
#define HANDOVER_INIT	"/sbin/init"	/* --switch-root without init= or COMMAND */
/* One module a line, "PATH[ PARAMS]", loaded before any --module: the
 * list an initramfs carries (scripts/initramfs.sh writes it). */
#define BOOT_MODULE_LIST "/etc/rootinit/modules"
#define MAX_MODULE_LIST	4096	/* its size in bytes at most */
#define BOOT_FREE_INITRAMFS 1	/* delete the initramfs's files before the switch
				 * (in a boot the kernel started only) */

/* Process limits (limits.c). */
#define MAX_SYSCTLS	32	/* --sysctl entries */

/* Resource limits COMMAND gets, as --rlimit takes them ("nofile=1024:4096");
 * --rlimit replaces one by name.  None as shipped: COMMAND inherits ours. */
static const char *const default_rlimits[] = {
	NULL,
};

/* The sysctls --sysctl accepts: those the kernel keeps per namespace (the
 * list runc validates), written only when that namespace is not the
 * host's.  A key ending in "." stands for every key below it. */
static const struct sysctl_ns namespaced_sysctls[] = {
	{ "kernel.msgmax", "ipc" }, { "kernel.msgmnb", "ipc" },
	{ "kernel.msgmni", "ipc" }, { "kernel.sem", "ipc" },
	{ "kernel.shmall", "ipc" }, { "kernel.shmmax", "ipc" },
	{ "kernel.shmmni", "ipc" }, { "kernel.shm_rmid_forced", "ipc" },
	{ "fs.mqueue.", "ipc" }, { "net.", "net" },
};

/* Kernel modules loaded first, in order, before any --module:
 * "PATH[ PARAMS]", as --module accepts them. */
static const char *const default_modules[] = {
	NULL,
};
