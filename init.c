/* init.c: rootinit's table of contents.  Build the plan, check it whole,
 * then carry it out: isolate, prepare the root, switch, drop privileges,
 * and exec or supervise COMMAND. */
#include <stdio.h>
#include <unistd.h>

#include "rootinit.h"

static struct plan plan;

static void
prepare_root(const struct plan *p)
{
	int scratch;
	int rootfd = rootfs_prepare(p, &scratch);

	rootfs_mount_all(p, rootfd);
	devices_create(p, rootfd, scratch);
	devices_console(p, rootfd);
	sysctl_write(p, rootfd);	/* before /proc/sys turns read-only */
	masks_apply(p, rootfd, scratch);
	close(scratch);		/* the mount leaves with the old root */
	boot_free_initramfs(p);
	rootfs_switch(p, rootfd);
	devices_stdio();
	rootfs_readonly(p);
}

int
main(int argc, char **argv)
{
	stdio_ensure();
	plan_init(&plan);
	options_parse(&plan, argc, argv);
	if (!plan.dry_run && boot_wanted(&plan))
		boot_begin(&plan);
	plan_cgroupns(&plan);
	plan_finish(&plan);
	plan_check(&plan);
	if (plan.dry_run) {
		plan_print(&plan, stdout);
		return fflush(stdout) ? EXIT_SETUP : 0;
	}
	isolate(&plan);
	boot_modules(&plan);
	boot_root(&plan);
	if (plan.switch_root)
		handover_root(&plan);
	else if (plan.rootfs)
		prepare_root(&plan);
	workload_setup(&plan);
	if (plan.exec) {
		workload_session(&plan);
		workload_exec(&plan);
	}
	supervise(&plan);
}
