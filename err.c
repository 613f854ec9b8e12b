/* err.c: rootinit's voice.  Every message is one line on stderr, prefixed
 * "rootinit: ", naming what failed and, for die(), the system's reason. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "rootinit.h"

int verbose;
int quiet;		/* --quiet: no warnings */
static jmp_buf *die_jump;
static int boot_action;		/* reboot(2) command, 0: exit as usual */
static unsigned int boot_delay;

static void
vmsg(const char *fmt, va_list ap, int errnum)
{
	char buf[1024];
	int n, i;

	/* One write, so concurrent writers cannot interleave inside the line. */
	n = snprintf(buf, sizeof(buf), "rootinit: ");
	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (n < (int)sizeof(buf) && errnum)
		n += snprintf(buf + n, sizeof(buf) - n, ": %s", strerror(errnum));
	if (n >= (int)sizeof(buf) - 1)
		n = sizeof(buf) - 2;
	/* One line, whatever the argument it quotes holds. */
	for (i = 0; i < n; i++)
		if ((unsigned char)buf[i] < ' ' || buf[i] == 0x7f)
			buf[i] = '?';
	buf[n++] = '\n';
	fwrite(buf, 1, n, stderr);
}

_Noreturn void
leave(int status)
{
	if (die_jump)
		longjmp(*die_jump, status);
	fflush(stdout);
	/* PID 1 exiting panics the kernel: say the status (vmexit.c), leave
	 * the error on the console for a moment, then power off (or reboot)
	 * cleanly.  A child (COMMAND before its exec) just exits. */
	if (boot_action && getpid() == 1) {
		vmexit_report(status);
		sync();
		sleep(boot_delay);
		reboot(boot_action);
	}
	_Exit(status);
}

void
die_set_boot(int action, unsigned int delay)
{
	boot_action = action;
	boot_delay = delay;
}

void
die_set_jump(void *jmpbuf)
{
	die_jump = jmpbuf;
}

void
die(int status, const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap, errnum);
	va_end(ap);
	leave(status);
}

void
diex(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap, 0);
	va_end(ap);
	leave(status);
}

void
warnx(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vmsg(fmt, ap, 0);
	va_end(ap);
}

void
warnerr(const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vmsg(fmt, ap, errnum);
	va_end(ap);
}

void
logv(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	va_start(ap, fmt);
	vmsg(fmt, ap, 0);
	va_end(ap);
}

/* Started with fd 0, 1 or 2 closed, the first files rootinit opens would
 * take their place, and a message meant for stderr would land in one:
 * fill the gaps with /dev/null first, as tini and s6 do. */
void
stdio_ensure(void)
{
	int fd;

	while ((fd = openat(AT_FDCWD, "/dev/null", O_RDWR | O_NOCTTY)) >= 0 && fd <= 2)
		;
	if (fd > 2)
		close(fd);
}
