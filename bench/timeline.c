/* SPDX-License-Identifier: MIT */
/* timeline: a start's steps as the program tells them, for the benchmark.
 *   timeline RUNS CMD [ARG...]
 * Runs CMD RUNS times, one after the other, its stderr on a pipe; prints
 * for each run "start T", every line CMD wrote to stderr, then "end T",
 * T being CLOCK_MONOTONIC in microseconds just before the fork and just
 * after the wait: the clock of the lines of a `make TIMINGS=1` nsinit
 * (lib/lap.h), so that the time before its first line (fork, exec) and
 * after its last (exit, wait) is measured too. Exit status: 1 when a run
 * did not exit 0. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long
now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static int
once(char **cmd)
{
	static char buf[1 << 16];
	size_t len = 0;
	long long t0, t1;
	ssize_t n;
	int p[2], st;
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	t0 = now_us();
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(p[1], 2);
		close(p[0]);
		close(p[1]);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	close(p[1]);
	/* read all before the wait: the pipe must not fill */
	while ((n = read(p[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(p[0]);
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	t1 = now_us();
	buf[len] = '\0';
	printf("start %lld\n%s%send %lld\n", t0, buf,
	       len && buf[len - 1] != '\n' ? "\n" : "", t1);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	int runs, i, bad = 0;

	if (argc < 3 || (runs = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: timeline RUNS CMD [ARG...]\n");
		return 2;
	}
	for (i = 0; i < runs; i++)
		if (once(argv + 2) < 0)
			bad = 1;
	return bad;
}
