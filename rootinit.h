/* rootinit.h: the plan, the exit codes, and the interfaces between rooms. */
#ifndef ROOTINIT_H
#define ROOTINIT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define VERSION "0.1.0"

/* Exit statuses of rootinit's own (the contract). */
#define EXIT_USAGE	2
#define EXIT_SETUP	125
#define EXIT_CANTEXEC	126
#define EXIT_NOTFOUND	127

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_RLIMITS	16	/* the kernel's RLIM_NLIMITS */

/* Compiled-default shapes; config.h holds their data. */
struct mount_spec {
	const char *src, *dst, *type, *opts;
};

struct dev {
	const char *path;
	char type;			/* 'c', 'b' or 'p' */
	unsigned int major, minor;
	unsigned int mode;		/* permission bits only */
	uid_t uid;
	gid_t gid;
};

struct link {
	const char *path, *target;
	const char *needs;		/* made only when this host path exists */
};

struct sysctl_ns {
	const char *key;		/* ending in ".": every key below it */
	const char *ns;			/* the namespace it belongs to: "ipc", "net" */
};

#include "config.h"

/* One mount of the plan: fstab fields plus their translation for mount(2). */
struct mnt {
	const char *src, *dst, *type;
	const char *opts;		/* as given, printed by --dry-run */
	unsigned long flags;		/* MS_* for mount(2), without bind/propagation */
	unsigned long cleared;		/* MS_* cleared by name: rw, suid, dev, exec... */
	unsigned long prop;		/* MS_PRIVATE, MS_SLAVE, ... | MS_REC, or 0 */
	int bind;			/* 0, 1 (bind) or 2 (rbind) */
	int nofail;			/* a failure skips it, with a warning */
	char data[MAX_MNT_DATA];	/* options the filesystem interprets */
};

/* Everything rootinit will do, decided before it does anything.  Scalars
 * first; the tables last, where only entries [0, n) mean anything, so
 * plan_init need not clear (and bring into memory) their pages. */
struct plan {
	const char *rootfs;		/* NULL: prepare nothing, supervise only */
	size_t nmnt, ndev, nmask, nro, nenv, nmodule;
	size_t envbytes;		/* used of envbuf */
	size_t nuser_mnt, nuser_dev;	/* how many of mnt/dev came from argv */
	uint64_t caps;			/* bit n: keep capability n */
	int caps_given;			/* --caps seen */
	uid_t uid;
	gid_t gid;
	int user_given;
	const char *hostname, *workdir, *console;
	unsigned int grace;
	int no_default_mounts, no_default_devices, no_default_masks;
	int readonly, no_pivot, no_new_privs, exec, group, dry_run;
	int tty;			/* -t: a pty of the new devpts, relayed */
	int no_default_links;		/* no /dev links (none but in a /dev tmpfs) */
	int switch_root;		/* hand the machine over to the root's init */
	const char *init;		/* boot: init= of the kernel command line */
	int boot;			/* boot mode: PID 1 of a machine */
	const char *boot_mode;		/* --boot: "auto", "yes", "no"; NULL: BOOT_MODE */
	int boot_verified;		/* the kernel started us from its rootfs */
	struct mnt rootdev;		/* boot: root= from the kernel command line */
	int rootwait, root_rw;
	int overlay;			/* boot: a tmpfs over the read-only root= */
	unsigned int rootdelay;
	int fail_action;		/* boot: reboot(2) command on a fatal error */
	char *const *argv;		/* COMMAND and its arguments */
	int seccomp;			/* SECCOMP_NONE, _DEFAULT or _FILE; 0: not said */
	const char *seccomp_file;
	size_t nrlimit, nsysctl;
	int oom_score_adj, oom_given;
	int cgroupns;			/* CGROUPNS_GIVEN (the caller's) or _NEW */

	struct mnt mnt[MAX_MOUNTS];
	struct dev dev[MAX_DEVICES];
	const char *mask[MAX_MASKS];
	const char *ro[MAX_MASKS];
	const char *env[MAX_ENV];
	struct module {
		const char *spec;	/* "PATH[ PARAMS]" */
		size_t pathlen;
	} module[MAX_MODULES];
	struct rlim {
		int res;		/* RLIMIT_* */
		const char *name;	/* prlimit's */
		unsigned long long soft, hard;
	} rlimit[MAX_RLIMITS];
	const char *sysctl[MAX_SYSCTLS];	/* "KEY=VALUE" */
	char envbuf[MAX_ENV_BYTES];	/* --env text, out of argv's sight */
};

/* err.c: one line on stderr, "rootinit: ..."; die variants exit. */
extern int verbose, quiet;
_Noreturn void die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
_Noreturn void diex(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warnerr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void logv(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void stdio_ensure(void);
_Noreturn void leave(int status);	/* exit, the way die() does */
void die_set_jump(void *jmpbuf);	/* tests and fuzzing: longjmp, not exit */
void die_set_boot(int action, unsigned int delay);	/* PID 1: never exit */

/* options.c: argv -> plan. */
void options_parse(struct plan *p, int argc, char **argv);

/* plan.c: building and checking the plan. */
void plan_init(struct plan *p);
void plan_add_mount(struct plan *p, char *spec);
void plan_add_device(struct plan *p, char *spec);
void plan_add_path(struct plan *p, int readonly, const char *path);
void plan_add_env(struct plan *p, const char *assignment);
void plan_set_user(struct plan *p, const char *arg);
void plan_set_grace(struct plan *p, const char *arg);
void plan_set_hostname(struct plan *p, const char *arg);
#define CGROUPNS_GIVEN	1
#define CGROUPNS_NEW	2	/* --cgroupns: unshare one */
void plan_cgroupns(struct plan *p);
void plan_finish(struct plan *p);
void plan_check(const struct plan *p);
void plan_print(const struct plan *p, FILE *f);

/* fstab.c: fstab(5) fields and mount(8) option names. */
int fstab_split(char *line, char **field, int max);
void mount_options(struct mnt *m, const char *opts);
void mount_nodev_default(struct mnt *m);
void print_escaped(FILE *f, const char *s);
void path_check(const char *what, const char *path);
int path_equal(const char *a, const char *b);
int path_under(const char *path, const char *dir);
int kernel_fs_mount(const struct mnt *m);

/* privs.c: capabilities and user (the only user of libcap-ng). */
void caps_parse(struct plan *p, const char *list);
void caps_print(FILE *f, uint64_t caps);
void privs_drop(const struct plan *p);
void privs_supervisor(const struct plan *p);

/* resolve.c: paths inside the new root. */
#define IN_ROOT_CREATE_DIR	1
#define IN_ROOT_CREATE_FILE	2
#define IN_ROOT_NOSYMLINKS	4
int open_in_root(int rootfd, const char *path, int how);
int walk_in_root(int rootfd, const char *path, int nosymlinks);
const char *fdpath(int fd, char buf[32]);

/* rootfs.c and switch.c: every mount(2). */
void isolate(const struct plan *p);
int rootfs_prepare(const struct plan *p, int *scratch);
void rootfs_mount_all(const struct plan *p, int rootfd);
void rootfs_cover_dir(int fd, const char *path);
int rootfs_how(const char *path, int create);
int rootfs_target(int rootfd, const char *path, int create);
void rootfs_not_root(int rootfd, int fd, const char *what, const char *path);
void rootfs_switch(const struct plan *p, int rootfd);
void rootfs_readonly(const struct plan *p);
void rootfs_mount_kernel_fs(void);
void die_mount(const char *what, const char *path);

/* bind.c: binds with their flags set before they are attached. */
unsigned long mount_flags(int fd);
int bind_attached(int srcdfd, const char *src, int dstfd, int rec,
    unsigned long set, unsigned long clear);
void bind_remount(int rootfd, const char *path, unsigned long flags,
    unsigned long cleared);
void bind_fd(int srcfd, int dstfd, const char *what);
void bind_with_flags(int rootfd, int srcfd, int dstfd, const char *path,
    unsigned long flags, int rec);
extern char rootpath[];
int rootfs_mount_device(const struct mnt *m);

/* mountinfo.c: one line of a mountinfo table, split in place. */
struct mountinfo_entry {
	const char *dev, *root, *mp, *type;	/* MAJ:MIN, root, mount point, fstype */
};
int mountinfo_scan(int fd, int (*fn)(const struct mountinfo_entry *, void *), void *arg);
int mountinfo_find_outside(const char *root, char *mp, size_t size);
void mountinfo_each_under(const char *root, void (*fn)(const char *mp));

/* idmap.c: ids a user namespace maps. */
void ids_filter(char *out, const char *data);

/* devices.c: every mknod, the links, the console. */
void devices_create(const struct plan *p, int rootfd, int scratch);
void devices_console(const struct plan *p, int rootfd);
int devices_console_fd(void);
void devices_stdio(void);

/* masks.c: masked and read-only paths. */
void masks_apply(const struct plan *p, int rootfd, int scratch);

/* workload.c: the last steps before COMMAND, and exec. */
void workload_setup(const struct plan *p);
void workload_session(const struct plan *p);
_Noreturn void workload_exec(const struct plan *p);

/* boot.c: PID 1 of an initramfs: kernel command line, modules, root= . */
void boot_set_mode(struct plan *p, const char *arg);
int boot_wanted(struct plan *p);
void boot_begin(struct plan *p);
void boot_console(void);
void boot_cmdline(struct plan *p, char *cmdline);
void boot_modules(const struct plan *p);
void boot_root(const struct plan *p);
void boot_free_initramfs(const struct plan *p);

/* handover.c: --switch-root, the machine handed over to the root's init. */
void handover_plan(struct plan *p);
void handover_check(const struct plan *p);
void handover_root(const struct plan *p);
void modlist_read(struct plan *p);

/* procfs.c: what rootinit asks a procfs of its own. */
int boot_detect(void);
int boot_free_allowed(const char *keep);
void proc_ensure(void);

/* blkid.c: root=LABEL= and root=UUID= (ext2/3/4). */
int blkid_find(const char *spec, char *buf, size_t size);
_Noreturn void boot_end(const struct plan *p, int status);

/* overlay.c: boot mode's tmpfs over the read-only root. */
const char *overlay_lower(struct mnt *root);
void overlay_mount(const char *dst);

/* vmexit.c: the exit status out of the virtual machine. */
int vmexit_word(const char *w);
void vmexit_report(int status);
uint64_t vmexit_caps(void);
void plan_add_module(struct plan *p, const char *spec);

/* seccomp.c: COMMAND's syscall filter (the default from seccomp.policy). */
#define SECCOMP_NONE	1
#define SECCOMP_DEFAULT	2
#define SECCOMP_FILE	3
void seccomp_parse(struct plan *p, const char *arg);
void seccomp_check(const struct plan *p);
void seccomp_print(const struct plan *p, FILE *f);
void seccomp_load(const struct plan *p);
uint64_t caps_now(int effective);

/* limits.c: --rlimit, --oom-score-adj, --sysctl. */
void plan_add_rlimit(struct plan *p, const char *arg);
void plan_set_oom(struct plan *p, const char *arg);
void plan_add_sysctl(struct plan *p, const char *arg);
void limits_defaults(struct plan *p);
void limits_check(const struct plan *p);
void limits_print(const struct plan *p, FILE *f);
void sysctl_write(const struct plan *p, int rootfd);
void limits_apply(const struct plan *p);

/* supervise.c: PID 1. */
_Noreturn void supervise(const struct plan *p);

/* tty.c: -t, the pty of COMMAND's own and the relay. */
int tty_open(int *slave);
void tty_child(const struct plan *p, int slave);
void tty_parent(int slave);
void tty_relay(int sfd);
void tty_resize(void);
void tty_drain(void);
void tty_restore(void);

#endif
