/* vmexit.c: the exit status out of the virtual machine.  In boot mode,
 * PID 1 ends the machine; whoever booted it (a script, CI) wants COMMAND's
 * status, and a powered-off VM has none.  So, always, one console line a
 * script can parse, "rootinit: exit status N", just before the power-off;
 * and, when the kernel command line asks for it
 * (rootinit.exit=isa-debug-exit[,iobase=PORT]), the status written to
 * qemu's isa-debug-exit device, which makes qemu itself exit at once with
 * status (N << 1) | 1 (as virtme-ng and the kernel's own kunit runs use
 * it).  Nothing can tell whether the device is there: writing to a port
 * where it is not is harmless, but the word stays explicit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#if defined(__x86_64__) || defined(__i386__)
#include <sys/io.h>
#endif

#include "rootinit.h"

#define ISA_DEBUG_EXIT_PORT	0xf4	/* qemu's default iobase */

static int debug_exit;		/* rootinit.exit=isa-debug-exit given */
static unsigned long debug_port = ISA_DEBUG_EXIT_PORT;

/* rootinit.exit=none | isa-debug-exit[,iobase=PORT]: 1 when w is ours. */
int
vmexit_word(const char *w)
{
	const char *v;
	char *end;
	unsigned long port;

	if (strncmp(w, "rootinit.exit=", 14))
		return 0;
	v = w + 14;
	if (!strcmp(v, "none")) {
		debug_exit = 0;
		return 1;
	}
	if (strncmp(v, "isa-debug-exit", 14) || (v[14] && v[14] != ',')) {
		warnx("%s: want none or isa-debug-exit[,iobase=PORT]; ignored", w);
		return 1;
	}
	v += 14;
	if (*v) {
		errno = 0;
		port = strtoul(v + 1 + (strncmp(v, ",iobase=", 8) ? 0 : 7), &end, 0);
		if (strncmp(v, ",iobase=", 8) || *end || errno || port > 0xffff) {
			warnx("%s: bad iobase; ignored", w);
			return 1;
		}
		debug_port = port;
	}
	debug_exit = 1;
	return 1;
}

/* What the supervisor keeps for the way out: the port is opened only at
 * the end, in PID 1 alone (ioperm(2) is inherited by fork: COMMAND must
 * not get it). */
uint64_t
vmexit_caps(void)
{
	return debug_exit ? 1ULL << CAP_SYS_RAWIO : 0;
}

/* qemu exits when a byte is written to the port: status (N << 1) | 1. */
static void
isa_debug_exit(int status)
{
#if defined(__x86_64__) || defined(__i386__)
	if (ioperm(debug_port, 1, 1) < 0) {
		warnerr("isa-debug-exit: ioperm 0x%lx", debug_port);
		return;
	}
	outb((unsigned char)status, debug_port);
	/* Still here: no device at that port; power off as usual. */
	warnx("isa-debug-exit: no device at port 0x%lx", debug_port);
#else
	(void)status;
	warnx("isa-debug-exit: x86 only");
#endif
}

/* The machine's last word, printed whatever --quiet says.  A script finds
 * it at the end of a line (the workload's last may not have ended). */
void
vmexit_report(int status)
{
	char line[48];
	int n;

	n = snprintf(line, sizeof(line), "rootinit: exit status %d\n", status);
	(void)!write(2, line, n);	/* nowhere else to say it */
	if (debug_exit) {
		sync();
		isa_debug_exit(status);
	}
}
