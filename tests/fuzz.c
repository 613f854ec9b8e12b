/* tests/fuzz.c: libFuzzer target over everything that reads untrusted
 * text: argv (options, -m/-d specs, caps, users, paths) and the kernel
 * command line.  Built with ASan and UBSan by `make fuzz`.
 * Input: words separated by NUL or newline; a first byte of 'K' feeds
 * the rest to the kernel command line parser instead. */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rootinit.h"

#define MAXWORDS 256

static struct plan plan;
static char buf[65536];
static FILE *devnull;

static void
run_argv(size_t n)
{
	char *argv[MAXWORDS + 2];
	int argc = 0;
	size_t i;

	argv[argc++] = "rootinit";
	for (i = 0; i < n && argc <= MAXWORDS;) {
		argv[argc++] = buf + i;
		i += strlen(buf + i) + 1;
	}
	argv[argc] = NULL;
	options_parse(&plan, argc, argv);
	plan_finish(&plan);
	plan_check(&plan);
	plan_print(&plan, devnull);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	jmp_buf jb;
	size_t i;

	if (size >= sizeof(buf))
		return 0;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (i = 0; i < size; i++)
		if (buf[i] == '\n')
			buf[i] = '\0';
	plan_init(&plan);
	die_set_jump(&jb);
	if (setjmp(jb) == 0) {
		if (size && data[0] == 'K')
			boot_cmdline(&plan, buf + 1);
		else
			run_argv(size);
	}
	die_set_jump(NULL);
	return 0;
}
