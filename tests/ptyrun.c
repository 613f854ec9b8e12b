/* tests/ptyrun.c: run a command on a fresh pty, as a user at a terminal
 * would, and report what a test needs to see.
 *
 *   ptyrun [-C] [-p] [-w ROWSxCOLS] [-t SECONDS] [-o REPORT] [STEP]... -- COMMAND [ARG]...
 *
 * By default the pty is COMMAND's controlling terminal and fds 0-2 (it
 * leads a session of its own).  With -p, COMMAND keeps ptyrun's stdout
 * and stderr, gets /dev/null as stdin, and every "@PTY@" in its arguments
 * is replaced with the pty's name (for --console).
 *
 * STEPs, in order, once COMMAND runs (TEXT takes \n \r \t \\ \xHH):
 *   expect=TEXT   wait until TEXT appears in the output after the last match
 *   send=TEXT     type TEXT
 *   sleep=MS      wait
 *   resize=RxC    set the window size (the kernel sends SIGWINCH)
 * The output (all COMMAND wrote on the pty; without \r with -C) goes to
 * stdout.  ptyrun exits with COMMAND's status (128+N if killed by N), or
 * 124 after an expect timed out (COMMAND's process group is then killed).
 * REPORT, when given, gets lines "status N", "termios same|changed"
 * (the pty's modes before and after COMMAND) and "queued N TEXT": what
 * is left unread in the pty's input, e.g. pushed there with TIOCSTI. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static char out[1 << 20];
static size_t nout, mark;
static int master, slave = -1, strip_cr;
static pid_t child;

static void
fail(const char *what)
{
	fprintf(stderr, "ptyrun: %s: %s\n", what, strerror(errno));
	exit(125);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Decode TEXT's escapes in place; the decoded length. */
static size_t
unescape(char *s)
{
	char *r = s, *w = s, hex[3] = { 0 };

	while (*r) {
		if (*r != '\\' || !r[1]) {
			*w++ = *r++;
			continue;
		}
		r++;
		switch (*r) {
		case 'n': *w++ = '\n'; r++; break;
		case 'r': *w++ = '\r'; r++; break;
		case 't': *w++ = '\t'; r++; break;
		case 'x':
			memcpy(hex, r + 1, 2);
			*w++ = (char)strtol(hex, NULL, 16);
			r += 3;
			break;
		default: *w++ = *r++;
		}
	}
	return w - s;
}

/* Read what the pty has for up to ms milliseconds (0: what is there). */
static void
collect(int ms)
{
	struct pollfd pfd = { .fd = master, .events = POLLIN };
	ssize_t n;

	while (poll(&pfd, 1, ms) > 0) {
		n = read(master, out + nout, sizeof(out) - 1 - nout);
		if (n <= 0)
			return;
		nout += n;
		ms = 0;
	}
}

static int
child_done(int *status)
{
	return waitpid(child, status, WNOHANG) == child;
}

static int
expect(const char *text, size_t len, long long deadline, int *status, int *done)
{
	char *at;

	for (;;) {
		out[nout] = '\0';
		if ((at = memmem(out + mark, nout - mark, text, len))) {
			mark = at - out + len;
			return 0;
		}
		if (*done || now_ms() > deadline)
			return -1;
		collect(50);
		if (!*done)
			*done = child_done(status);
		if (*done)
			collect(0);
	}
}

static void
resize(const char *spec)
{
	struct winsize ws = { 0 };
	unsigned int r, c;

	if (sscanf(spec, "%ux%u", &r, &c) != 2) {
		fprintf(stderr, "ptyrun: bad size %s\n", spec);
		exit(2);
	}
	ws.ws_row = r, ws.ws_col = c;
	if (ioctl(master, TIOCSWINSZ, &ws) < 0)
		fail("TIOCSWINSZ");
}

/* Run the steps; 0, or -1 after an expect timed out. */
static int
steps(char **s, long long timeout, int *status, int *done)
{
	size_t len;
	long long end;

	for (; *s && strcmp(*s, "--"); s++) {
		char *v = strchr(*s, '=') + 1;

		if (!strncmp(*s, "expect=", 7)) {
			len = unescape(v);
			if (expect(v, len, now_ms() + timeout, status, done) < 0) {
				fprintf(stderr, "ptyrun: no [%.*s] in time\n", (int)len, v);
				return -1;
			}
		} else if (!strncmp(*s, "send=", 5)) {
			len = unescape(v);
			if (write(master, v, len) != (ssize_t)len)
				fail("write to the pty");
		} else if (!strncmp(*s, "sleep=", 6)) {
			for (end = now_ms() + atoi(v); now_ms() < end;)
				collect(end - now_ms());
		} else if (!strncmp(*s, "resize=", 7)) {
			resize(v);
		}
	}
	return 0;
}

static void
spawn(char **argv, int ctty)
{
	char name[64], **a;
	int null;

	if (ptsname_r(master, name, sizeof(name)))
		fail("ptsname");
	if ((child = fork()) < 0)
		fail("fork");
	if (child)
		return;
	if (ctty) {
		setsid();
		if (ioctl(slave, TIOCSCTTY, 0) < 0)
			fail("TIOCSCTTY");
		dup2(slave, 0), dup2(slave, 1), dup2(slave, 2);
	} else {
		setpgid(0, 0);	/* for the kill of its group */
		for (a = argv; *a; a++)
			if (!strcmp(*a, "@PTY@"))
				*a = name;
		if ((null = open("/dev/null", O_RDONLY)) < 0)
			fail("/dev/null");
		dup2(null, 0);
	}
	execvp(argv[0], argv);
	fail(argv[0]);
}

/* What is left in the pty's input, once nobody else reads it. */
static void
report(FILE *f, int status, const struct termios *before)
{
	struct termios t;
	char buf[4096];
	ssize_t n = 0, i;

	fprintf(f, "status %d\n", status);
	tcgetattr(slave, &t);
	fprintf(f, "termios %s\n", memcmp(&t, before, sizeof(t)) ? "changed" : "same");
	cfmakeraw(&t);
	t.c_cc[VMIN] = 0, t.c_cc[VTIME] = 0;
	tcsetattr(slave, TCSANOW, &t);
	fcntl(slave, F_SETFL, O_NONBLOCK);
	n = read(slave, buf, sizeof(buf));
	if (n < 0)
		n = 0;
	fprintf(f, "queued %zd ", n);
	for (i = 0; i < n; i++)
		fprintf(f, (unsigned char)buf[i] < ' ' ? "\\x%02x" : "%c", buf[i]);
	fputc('\n', f);
}

int
main(int argc, char **argv)
{
	struct termios before;
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	const char *rep = NULL;
	long long timeout = 60000;
	int c, ctty = 1, status = 0, done = 0, timed_out;
	char **cmd;
	size_t i, n;
	FILE *f;

	while ((c = getopt(argc, argv, "+Cpw:t:o:")) != -1)
		switch (c) {
		case 'C': strip_cr = 1; break;
		case 'p': ctty = 0; break;
		case 'w': sscanf(optarg, "%hux%hu", &ws.ws_row, &ws.ws_col); break;
		case 't': timeout = atoll(optarg) * 1000; break;
		case 'o': rep = optarg; break;
		default: exit(2);
		}
	if (!strcmp(argv[optind - 1], "--"))
		optind--;	/* getopt took the "--" before COMMAND */
	for (cmd = argv + optind; *cmd && strcmp(*cmd, "--"); cmd++)
		;
	if (!*cmd || !cmd[1]) {
		fprintf(stderr, "usage: ptyrun [-Cp] [-w RxC] [-t S] [-o FILE] [STEP]... -- COMMAND...\n");
		exit(2);
	}
	if ((master = posix_openpt(O_RDWR | O_NOCTTY)) < 0 || grantpt(master) ||
	    unlockpt(master))
		fail("a pty");
	if ((slave = open(ptsname(master), O_RDWR | O_NOCTTY)) < 0)
		fail("the pty's slave");
	fcntl(master, F_SETFD, FD_CLOEXEC), fcntl(slave, F_SETFD, FD_CLOEXEC);
	ioctl(master, TIOCSWINSZ, &ws);
	tcgetattr(slave, &before);
	spawn(cmd + 1, ctty);
	timed_out = steps(argv + optind, timeout, &status, &done) < 0;
	if (timed_out)
		kill(-child, SIGKILL);
	/* COMMAND's end, then what it wrote last (the slave stays open here,
	 * so the master never reads EIO: poll until quiet). */
	while (!done) {
		collect(50);
		done = child_done(&status);
	}
	collect(200);
	kill(-child, SIGKILL);	/* what COMMAND's session left behind */
	status = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	for (i = n = 0; i < nout; i++)
		if (!strip_cr || out[i] != '\r')
			out[n++] = out[i];
	fwrite(out, 1, n, stdout);
	if (rep && (f = fopen(rep, "w"))) {
		report(f, status, &before);
		fclose(f);
	}
	return timed_out ? 124 : status;
}
