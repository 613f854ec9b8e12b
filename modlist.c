/* modlist.c: the module list an initramfs carries, BOOT_MODULE_LIST (one
 * "PATH[ PARAMS]" a line, in load order; blank lines and # comments
 * skipped), so the modules a root needs spend none of the 32 words the
 * kernel passes to init.  Read in boot mode only; they load after
 * config.h's default_modules and before any --module. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "rootinit.h"

static char list[MAX_MODULE_LIST];	/* the plan points into it */

/* The list's modules first, then argv's (already in the plan). */
static void
put_first(struct plan *p, size_t nargv)
{
	struct module tmp[MAX_MODULES];
	size_t nlist = p->nmodule - nargv;

	memcpy(tmp, p->module, nargv * sizeof(*tmp));
	memmove(p->module, p->module + nargv, nlist * sizeof(*tmp));
	memcpy(p->module + nlist, tmp, nargv * sizeof(*tmp));
}

void
modlist_read(struct plan *p)
{
	size_t nargv = p->nmodule;
	char *s, *nl;
	ssize_t n;
	int fd;

	if ((fd = openat(AT_FDCWD, BOOT_MODULE_LIST, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno != ENOENT)
			die(EXIT_SETUP, "module list %s", BOOT_MODULE_LIST);
		return;
	}
	n = read(fd, list, sizeof(list));
	close(fd);
	if (n < 0)
		die(EXIT_SETUP, "module list %s", BOOT_MODULE_LIST);
	if ((size_t)n == sizeof(list))
		diex(EXIT_SETUP, "module list %s: longer than %d bytes "
		    "(MAX_MODULE_LIST)", BOOT_MODULE_LIST, MAX_MODULE_LIST - 1);
	list[n] = '\0';
	for (s = list; s; s = nl) {
		if ((nl = strchr(s, '\n')))
			*nl++ = '\0';
		s += strspn(s, " \t");
		if (*s && *s != '#')
			plan_add_module(p, s);
	}
	put_first(p, nargv);
	logv("module list %s: %zu modules", BOOT_MODULE_LIST, p->nmodule - nargv);
}
