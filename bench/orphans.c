/* orphans.c: COMMAND for the reaping benchmark.  In batches of B, a child
 * forks B grandchildren that block on a pipe and exits, orphaning them to
 * PID 1; the pipe is then closed and they all exit at once, leaving PID 1
 * B zombies to reap.  The next batch starts when every grandchild of this
 * one has exited (EOF on a second pipe they hold).  Usage: orphans [N [B]]. */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000;
	int b = argc > 2 ? atoi(argv[2]) : 500;
	int go[2], done[2], i, k;
	char c;
	pid_t mid;

	for (k = 0; k < n; k += b) {
		if (pipe(go) < 0 || pipe(done) < 0)
			return 1;
		if ((mid = fork()) < 0)
			return 1;
		if (mid == 0) {
			close(go[1]);
			close(done[0]);
			for (i = 0; i < b && k + i < n; i++)
				if (fork() == 0) {
					read(go[0], &c, 1);
					_exit(0);
				}
			_exit(0);
		}
		close(go[0]);
		close(done[1]);
		waitpid(mid, NULL, 0);
		close(go[1]);
		while (read(done[0], &c, 1) > 0)
			;
		close(done[0]);
	}
	return 0;
}
