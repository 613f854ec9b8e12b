/* print.c: --dry-run.  One step a line, each in the syntax the option
 * that adds it accepts, so a printed plan can be fed back as argv. */
#include <string.h>

#include "rootinit.h"

static void
line(FILE *f, const char *step, const char *const *fields, size_t n)
{
	size_t i;

	fputs(step, f);
	for (i = 0; i < n; i++) {
		if (!fields[i] || !*fields[i])
			continue;
		putc(' ', f);
		print_escaped(f, fields[i]);
	}
	putc('\n', f);
}

static void
print_mounts(const struct plan *p, FILE *f)
{
	const struct mnt *m;
	size_t i;

	for (i = 0; i < p->nmnt; i++) {
		m = &p->mnt[i];
		line(f, "mount", (const char *[]){ m->src, m->dst, m->type, m->opts }, 4);
	}
}

static void
print_devices(const struct plan *p, FILE *f)
{
	const struct dev *d;
	size_t i;

	for (i = 0; i < p->ndev; i++) {
		d = &p->dev[i];
		fputs("device ", f);
		print_escaped(f, d->path);
		fprintf(f, " %c %u %u %04o %u %u\n", d->type, d->major, d->minor,
		    d->mode, (unsigned)d->uid, (unsigned)d->gid);
	}
	for (i = 0; i < LEN(default_links) && !p->no_default_links; i++)
		line(f, "link", (const char *[]){ default_links[i].path,
		    default_links[i].target }, 2);
}

static void
print_root(const struct plan *p, FILE *f)
{
	size_t i;

	line(f, "rootfs", &p->rootfs, 1);
	if (p->cgroupns == CGROUPNS_NEW)
		fputs("cgroupns\n", f);
	print_mounts(p, f);
	print_devices(p, f);
	if (p->console)
		line(f, "console", &p->console, 1);
	for (i = 0; i < p->nsysctl; i++)
		line(f, "sysctl", &p->sysctl[i], 1);
	for (i = 0; i < p->nmask; i++)
		line(f, "mask", &p->mask[i], 1);
	for (i = 0; i < p->nro; i++)
		line(f, "readonly-path", &p->ro[i], 1);
	fputs(p->no_pivot ? "switch move\n" : "switch pivot\n", f);
	if (p->readonly)
		fputs("readonly\n", f);
	fprintf(f, "umask %04o\n", WORKLOAD_UMASK);
}

static void
print_workload(const struct plan *p, FILE *f)
{
	char *const *a;
	size_t i;

	if (p->hostname)
		line(f, "hostname", &p->hostname, 1);
	if (p->rootfs || p->caps_given) {
		fputs("caps", f);
		caps_print(f, p->caps);
	}
	if (p->user_given)
		fprintf(f, "user %u:%u\n", (unsigned)p->uid, (unsigned)p->gid);
	if (p->no_new_privs)
		fputs("no-new-privs\n", f);
	seccomp_print(p, f);
	limits_print(p, f);
	if (p->workdir)
		line(f, "workdir", &p->workdir, 1);
	for (i = 0; i < p->nenv; i++)
		line(f, "env", &p->env[i], 1);
	if (p->tty)
		fputs("tty\n", f);
	if (!p->exec) {
		fprintf(f, "grace %u\n", p->grace);
		if (p->group)
			fputs("group\n", f);
	}
	fputs(p->exec ? "exec" : "supervise", f);
	for (a = p->argv; *a; a++) {
		putc(' ', f);
		print_escaped(f, *a);
	}
	putc('\n', f);
}

static void
print_boot(const struct plan *p, FILE *f)
{
	size_t i;

	if (p->boot_mode)
		fprintf(f, "boot %s\n", p->boot_mode);
	for (i = 0; i < p->nmodule; i++)
		fprintf(f, "module %s\n", p->module[i].spec);
	if (p->rootdev.src) {
		line(f, "root", (const char *[]){ p->rootdev.src, p->rootdev.dst,
		    p->rootdev.type ? p->rootdev.type : "auto", p->rootdev.opts }, 4);
		if (p->overlay)
			fprintf(f, "overlay tmpfs\n");
		if (p->rootwait || p->rootdelay)
			fprintf(f, "rootwait %u\n", p->rootwait ? BOOT_ROOT_WAIT :
			    p->rootdelay);
	}
}

void
plan_print(const struct plan *p, FILE *f)
{
	print_boot(p, f);
	if (p->switch_root)
		line(f, "switch-root", &p->rootfs, 1);
	else if (p->rootfs)
		print_root(p, f);
	print_workload(p, f);
}
