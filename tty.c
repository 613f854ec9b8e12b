/* tty.c: -t/--tty, the terminal of COMMAND's own.  A pty of the new root's
 * devpts becomes COMMAND's controlling terminal; the supervisor relays
 * between its master and rootinit's own fds 0 and 1 (docker run -it,
 * script(1)), keeps the window size in step (SIGWINCH) and holds the
 * invoker's terminal in raw mode meanwhile, so ^C, ^Z and line editing
 * are the inner line discipline's.  The image never sees the invoker's
 * terminal: no fd of it, no session on it, nothing to push input into. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <termios.h>
#include <unistd.h>

#include "rootinit.h"
#include "sys.h"

#define DEVPTS_MAGIC	0x1cd1	/* DEVPTS_SUPER_MAGIC */
#define PTMX		"/dev/pts/ptmx"
#define RELAY_BUF	4096

#ifndef TIOCGPTPEER
#define TIOCGPTPEER	_IO('T', 0x41)	/* Linux 4.13 */
#endif

/* One direction of the relay: bytes read, not yet all written. */
struct pipe {
	int from, to;
	size_t off, len;
	char buf[RELAY_BUF];
};

/* Zero-initialised (in .bss, not 8 KiB of .data); tty_open sets the fds. */
static struct pipe in;		/* stdin -> master */
static struct pipe out;		/* master -> stdout */
static int master = -1;
static int in_eof, master_gone;
static struct termios saved;	/* the invoker's terminal, to restore */
static int raw;

/* A devpts the plan mounted, not a path the image chose: /dev/pts/ptmx
 * with no symlink on the way, and the node really devpts's ptmx (5:2). */
static int
open_ptmx(struct stat *st)
{
	struct open_how how = {
		.flags = O_RDWR | O_NOCTTY | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	struct statfs sfs;
	int fd;

	fd = sys_openat2(AT_FDCWD, PTMX, &how);
	if (fd < 0 && errno == ENOSYS)	/* before 5.6: the last component */
		fd = openat(AT_FDCWD, PTMX, O_RDWR | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		die(EXIT_SETUP, "--tty: %s", PTMX);
	if (fstatfs(fd, &sfs) < 0 || sfs.f_type != DEVPTS_MAGIC ||
	    fstat(fd, st) < 0 || !S_ISCHR(st->st_mode) ||
	    st->st_rdev != makedev(5, 2))
		diex(EXIT_SETUP, "--tty: %s: not the ptmx of a devpts mount", PTMX);
	return fd;
}

/* The peer of the master without a path (TIOCGPTPEER); before Linux 4.13
 * its name, opened without following and checked to be on the same devpts. */
static int
open_peer(int fd, const struct stat *ptmx)
{
	char path[32];
	struct stat st;
	unsigned int n;
	int unlock = 0, s;

	if (ioctl(fd, TIOCSPTLCK, &unlock) < 0)
		die(EXIT_SETUP, "--tty: unlock the pty");
	s = ioctl(fd, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s >= 0 || (errno != EINVAL && errno != ENOTTY))
		return s;
	if (ioctl(fd, TIOCGPTN, &n) < 0)
		return -1;
	snprintf(path, sizeof(path), "/dev/pts/%u", n);
	s = openat(AT_FDCWD, path, O_RDWR | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
	if (s >= 0 && (fstat(s, &st) < 0 || st.st_dev != ptmx->st_dev ||
	    !S_ISCHR(st.st_mode) || minor(st.st_rdev) != n % 256)) {
		close(s);
		errno = EXDEV;
		return -1;
	}
	return s;
}

/* The window size of whichever of rootinit's fds 0 and 1 is a terminal. */
void
tty_resize(void)
{
	struct winsize ws;

	if (ioctl(0, TIOCGWINSZ, &ws) == 0 || ioctl(1, TIOCGWINSZ, &ws) == 0)
		ioctl(master, TIOCSWINSZ, &ws);
}

/* Before the fork: the pair, with the invoker's modes and window size
 * (script(1) copies them too: erase character, UTF-8 input). */
int
tty_open(int *slave)
{
	struct termios t;
	struct stat st;

	master = open_ptmx(&st);
	if ((*slave = open_peer(master, &st)) < 0)
		die(EXIT_SETUP, "--tty: open the pty's peer");
	if (tcgetattr(0, &t) == 0)
		tcsetattr(*slave, TCSANOW, &t);
	tty_resize();
	in.from = 0, in.to = master;
	out.from = master, out.to = 1;
	return master;
}

/* COMMAND's side, after the fork: a session whose terminal is the pty,
 * owned by --user's uid as login(1) would (programs reopen it by name). */
void
tty_child(const struct plan *p, int slave)
{
	close(master);
	if (p->user_given)	/* may fail: a uid the user namespace lacks */
		(void)!fchown(slave, p->uid, -1);
	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
		die(EXIT_SETUP, "--tty: the pty as controlling terminal");
	if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0)
		die(EXIT_SETUP, "--tty: the pty as stdio");
	if (slave > 2)
		close(slave);
}

/* The supervisor's side: the master never blocks it, and the invoker's
 * terminal goes raw only now, after the fork, when nothing can die any
 * more: tty_restore() before the supervisor's exit is the only way out. */
void
tty_parent(int slave)
{
	struct termios t;

	close(slave);
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	if (tcgetattr(0, &saved) < 0)
		return;
	t = saved;
	cfmakeraw(&t);
	raw = tcsetattr(0, TCSADRAIN, &t) == 0;
}

void
tty_restore(void)
{
	if (raw)
		tcsetattr(0, TCSADRAIN, &saved);
	raw = 0;
}

#define READY	(POLLIN | POLLHUP | POLLERR | POLLNVAL)

/* Move what one direction can; a write error drops what was read.  The
 * end of the master (every slave fd closed: EIO) stops the relay until
 * COMMAND's exit; a read end that failed is not polled again. */
static void
pump(struct pipe *p, short rev, short wev)
{
	ssize_t n;

	if (!p->len && (rev & READY)) {
		n = read(p->from, p->buf, sizeof(p->buf));
		if (n > 0)
			p->off = 0, p->len = n;
		else if (n < 0 && (errno == EAGAIN || errno == EINTR))
			;
		else if (p == &in)
			in_eof = 1;
		else
			master_gone = 1;
	}
	if (p->len && (wev & (POLLOUT | POLLERR | POLLHUP | POLLNVAL))) {
		n = write(p->to, p->buf + p->off, p->len);
		if (n > 0)
			p->off += n, p->len -= n;
		else if (n < 0 && errno != EAGAIN && errno != EINTR)
			p->len = 0;
	}
}

/* Relay until the signalfd has something (without one, 250 ms at most).
 * The end of rootinit's input ends nothing: COMMAND keeps its pty and
 * runs on, as with docker run -it; a shell fed by a pipe ends at its exit. */
void
tty_relay(int sfd)
{
	struct pollfd f[4] = { { .fd = sfd, .events = POLLIN } };
	int n;

	for (;;) {
		f[1].fd = in_eof || in.len ? -1 : 0;
		f[1].events = POLLIN;
		f[2].events = (out.len ? 0 : POLLIN) | (in.len ? POLLOUT : 0);
		f[2].fd = master_gone || !f[2].events ? -1 : master;
		f[3].fd = out.len ? 1 : -1;
		f[3].events = POLLOUT;
		n = poll(f, LEN(f), sfd < 0 ? 250 : -1);
		if (n < 0)
			return;
		pump(&in, f[1].revents, f[2].revents);
		pump(&out, f[2].revents, f[3].revents);
		if (f[0].revents || sfd < 0)
			return;
	}
}

/* COMMAND has exited: what it wrote last is still in the pty (reading
 * flushes the kernel's pending input first); stdout gets all of it. */
void
tty_drain(void)
{
	ssize_t n, w;

	if (master < 0)
		return;
	for (;;) {
		if (out.len) {
			w = write(1, out.buf + out.off, out.len);
			if (w <= 0)
				return;
			out.off += w, out.len -= w;
			continue;
		}
		n = read(master, out.buf, sizeof(out.buf));
		if (n <= 0)
			return;
		out.off = 0, out.len = n;
	}
}
