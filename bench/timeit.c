/* timeit.c: the benchmark's harness.  Runs each command as PID 1 of fresh
 * mount and PID namespaces (clone(CLONE_NEWNS | CLONE_NEWPID), / made
 * rprivate first, as unshare --mount --pid --fork does), interleaved
 * round-robin with the starting command rotated each round, and times
 * clone to reap with CLOCK_MONOTONIC.
 *
 *   timeit time RUNS OUT.tsv LOG -- NAME ARGV... ';;' NAME ARGV... ...
 *	(+NAME: a fresh mount namespace only, for runtimes that make their
 *	PID namespace themselves; one warm-up round first, not kept)
 *	one line per run to OUT.tsv: name, round, microseconds, status;
 *	a summary (median, quartiles, min, failures) to stdout.
 *   timeit mem RUNS DELAY_MS OUT.tsv LOG -- NAME ARGV... ';;' ...
 *	DELAY_MS after the start, PID 1's VmRSS, VmHWM (status) and Pss
 *	(smaps_rollup), in KiB: one line per run to OUT.tsv, medians to stdout.
 *
 * Every child's stdin, stdout and stderr are LOG (a regular file, so no
 * implementation takes a /dev/null path); a failed run's log is shown. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXCMD 32

struct cmd {
	const char *name;
	char **argv;
	double *v[3];	/* time: v[0]; mem: rss, hwm, pss */
	int n, fails;
	int mntonly;	/* NAME given as +NAME: a mount namespace only */
};

static struct cmd cmds[MAXCMD];
static int ncmd;
static const char *logpath;

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static pid_t
start(struct cmd *c)
{
	int fd = open(logpath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	pid_t pid;

	if (fd < 0) {
		perror(logpath);
		exit(1);
	}
	pid = syscall(SYS_clone, CLONE_NEWNS | (c->mntonly ? 0 : CLONE_NEWPID) | SIGCHLD,
	    0, 0, 0, 0);
	if (pid == 0) {
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
			_exit(120);
		dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
		execv(c->argv[0], c->argv);
		_exit(127);
	}
	close(fd);
	if (pid < 0) {
		perror("clone");
		exit(1);
	}
	return pid;
}

static void
failed(struct cmd *c, int status)
{
	char buf[2048];
	ssize_t n;
	int fd;

	if (c->fails++ > 0)
		return;
	fprintf(stderr, "timeit: %s failed (status %#x); its output:\n", c->name, status);
	if ((fd = open(logpath, O_RDONLY)) >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		if (n > 0)
			fwrite(buf, 1, n, stderr);
		close(fd);
	}
}

static long
field_kb(const char *path, const char *key)
{
	char buf[8192], *s;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (!(s = strstr(buf, key)))
		return -1;
	return strtol(s + strlen(key), NULL, 10);
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
quant(double *v, int n, double q)
{
	double pos = q * (n - 1);
	int i = (int)pos;

	if (n == 0)
		return -1;
	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (v[i + 1] - v[i]) * (pos - i);
}

static void
parse(int argc, char **argv)
{
	int i = 0;

	while (i < argc) {
		if (ncmd == MAXCMD)
			exit(2);
		cmds[ncmd].mntonly = argv[i][0] == '+';
		cmds[ncmd].name = argv[i++] + cmds[ncmd].mntonly;
		cmds[ncmd].argv = &argv[i];
		while (i < argc && strcmp(argv[i], ";;"))
			i++;
		if (i < argc)
			argv[i++] = NULL;
		ncmd++;
	}
}

int
main(int argc, char **argv)
{
	int mem, runs, delay = 0, r, k, j, status, a = 2;
	const char *out;
	FILE *f;

	if (argc < 6)
		return 2;
	mem = !strcmp(argv[1], "mem");
	runs = atoi(argv[a++]);
	if (mem)
		delay = atoi(argv[a++]);
	out = argv[a++];
	logpath = argv[a++];
	if (strcmp(argv[a++], "--"))
		return 2;
	parse(argc - a, argv + a);
	for (k = 0; k < ncmd; k++)
		for (j = 0; j < 3; j++)
			cmds[k].v[j] = calloc(runs, sizeof(double));
	if (!(f = fopen(out, "w")))
		return perror(out), 1;
	for (r = -1; r < runs; r++) {		/* round -1: warm-up, not kept */
		for (j = 0; j < ncmd; j++) {
			struct cmd *c = &cmds[(r + 1 + j) % ncmd];
			double t0, t1;
			char path[64];
			pid_t pid;
			long rss = 0, hwm = 0, pss = 0;

			t0 = now_us();
			pid = start(c);
			if (mem) {
				struct timespec ts = { delay / 1000, delay % 1000 * 1000000L };
				nanosleep(&ts, NULL);
				snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
				rss = field_kb(path, "VmRSS:");
				hwm = field_kb(path, "VmHWM:");
				snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)pid);
				pss = field_kb(path, "Pss:");
			}
			if (waitpid(pid, &status, 0) != pid)
				return perror("waitpid"), 1;
			t1 = now_us();
			if (status != 0 || (mem && (rss < 0 || pss < 0))) {
				failed(c, status);
				if (r < 0)
					continue;
				fprintf(f, "%s\t%d\tfail\t%d\n", c->name, r, status);
				continue;
			}
			if (r < 0)
				continue;
			if (mem) {
				c->v[0][c->n] = rss, c->v[1][c->n] = hwm, c->v[2][c->n] = pss;
				fprintf(f, "%s\t%d\t%ld\t%ld\t%ld\n", c->name, r, rss, hwm, pss);
			} else {
				c->v[0][c->n] = t1 - t0;
				fprintf(f, "%s\t%d\t%.1f\t0\n", c->name, r, t1 - t0);
			}
			c->n++;
		}
	}
	fclose(f);
	for (k = 0; k < ncmd; k++) {
		struct cmd *c = &cmds[k];

		for (j = 0; j < 3; j++)
			qsort(c->v[j], c->n, sizeof(double), cmpd);
		if (mem)
			printf("%s\t%.0f\t%.0f\t%.0f\t%d\t%d\n", c->name, quant(c->v[0], c->n, .5),
			    quant(c->v[1], c->n, .5), quant(c->v[2], c->n, .5), c->n, c->fails);
		else
			printf("%s\t%.1f\t%.1f\t%.1f\t%.1f\t%d\t%d\n", c->name,
			    quant(c->v[0], c->n, .5), quant(c->v[0], c->n, .25),
			    quant(c->v[0], c->n, .75), c->n ? c->v[0][0] : -1, c->n, c->fails);
	}
	return 0;
}
