/* SPDX-License-Identifier: MIT */
/* swarm: N containers started at once, for the benchmark.
 *   swarm N CMD [ARG...]
 * Forks N copies of CMD at once, their stdout on one pipe, and reads it
 * until N lines have come: each appliance says it runs with one line
 * (sh -c 'echo ready; exec sleep 5'). Prints "ready US" (microseconds
 * from before the first fork to the Nth line, CLOCK_MONOTONIC) and
 * flushes it, so that a harness reading it knows all of them run; then
 * waits for every copy and prints "done US failed K", K the copies that
 * did not exit 0. Exit status: 0 when all N were ready. */
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

int
main(int argc, char **argv)
{
	char buf[4096];
	int n, i, p[2], lines = 0, failed = 0, st;
	long long t0;
	ssize_t r;

	if (argc < 3 || (n = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: swarm N CMD [ARG...]\n");
		return 2;
	}
	if (pipe(p) < 0)
		return 2;
	t0 = now_us();
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 2;
		}
		if (pid == 0) {
			dup2(p[1], 1);
			close(p[0]);
			close(p[1]);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
	}
	close(p[1]);
	while (lines < n && (r = read(p[0], buf, sizeof(buf))) > 0)
		for (i = 0; i < r; i++)
			lines += buf[i] == '\n';
	printf("ready %lld lines %d\n", now_us() - t0, lines);
	fflush(stdout);
	while (read(p[0], buf, sizeof(buf)) > 0)
		;
	while (wait(&st) > 0)
		failed += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	printf("done %lld failed %d\n", now_us() - t0, failed);
	return lines == n ? 0 : 1;
}
