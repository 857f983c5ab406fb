/* SPDX-License-Identifier: MIT */
/* The working directory and the exec of the appliance. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "nsinit.h"

#define MAX_ENV 1024	/* entries; on the appliance's stack, 8 KiB */

extern char **environ;
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* After the user switch: the directory must be reachable as that user.
 * Resolved inside the new root without magic links: a workdir of
 * /proc/self/fd/N would otherwise lead to whatever directory fd N is,
 * such as one leaked from the host (CVE-2024-21626). */
int
stage_workdir(const struct config *c)
{
	const char *dir = c->workdir ? c->workdir : "/";
	int root, fd, rc = 0;

	root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	fd = root < 0 ? -errno : openat2_in(root, dir, O_PATH | O_DIRECTORY,
				    RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
	if (root >= 0)
		close(root);
	if (fd < 0)
		rc = fd;
	else if (fchdir(fd) < 0)
		rc = -errno;
	if (fd >= 0)
		close(fd);
	if (rc < 0)
		say("%s: %s", dir, strerror(-rc));
	return rc;
}

static const char *
lookup(const char *const *env, const char *name)
{
	size_t len = strlen(name);

	for (; env && *env; env++)
		if (strncmp(*env, name, len) == 0 && (*env)[len] == '=')
			return *env + len + 1;
	return NULL;
}

/* The entries init writes, on exec_appliance's frame: env points into
 * them until the exec. */
struct env_text {
	char home[300], listen_fds[32], listen_pid[32];
};

/* The configured environment plus HOME from passwd when it has none (or,
 * with INHERIT_ENV, init's own as the runtime gave it), and LISTEN_FDS/
 * LISTEN_PID for passed sockets (the pid is the appliance's own, as seen
 * inside: sd_listen_fds checks it). More than MAX_ENV entries is 126 and
 * a line, never an environment cut short. */
static void
environment(const struct config *c, const char **env, struct env_text *t)
{
	const char *const *from = c->inherit & INHERIT_ENV ?
				  (const char *const *)environ : c->envp;
	size_t i, n = 0;

	for (i = 0; from && from[i]; i++) {
		if (n == MAX_ENV) {
			say("environment: more than %d variables", MAX_ENV);
			_exit(126);
		}
		if (!c->pass_fds || (strncmp(from[i], "LISTEN_FDS=", 11) &&
				     strncmp(from[i], "LISTEN_PID=", 11)))
			env[n++] = from[i];
	}
	env[n] = NULL;
	if (!(c->inherit & INHERIT_ENV) && !lookup(env, "HOME")) {
		snprintf(t->home, sizeof(t->home), "HOME=%s", user_home());
		env[n++] = t->home;
	}
	if (c->pass_fds) {
		snprintf(t->listen_fds, sizeof(t->listen_fds), "LISTEN_FDS=%u",
			 c->pass_fds);
		snprintf(t->listen_pid, sizeof(t->listen_pid), "LISTEN_PID=%d",
			 (int)getpid());
		env[n++] = t->listen_fds;
		env[n++] = t->listen_pid;
	}
	env[n] = NULL;
}

/* execvpe without the heap: PATH is searched inside the container. An
 * EACCES on the way is remembered, as a shell does, so that "found but
 * not executable" wins over "not found". */
static int
search(const char *file, char *const argv[], char *const env[])
{
	const char *path = lookup((const char *const *)env, "PATH");
	const char *p, *end;
	char buf[4096];
	int err = ENOENT;

	if (strchr(file, '/')) {
		execve(file, argv, env);
		return errno;
	}
	for (p = path ? path : DEFAULT_PATH; ; p = end + 1) {
		end = strchrnul(p, ':');
		if ((size_t)snprintf(buf, sizeof(buf), "%.*s/%s", (int)(end - p),
				     p, file) < sizeof(buf)) {
			execve(buf, argv, env);
			if (errno != ENOENT && errno != ENOTDIR)
				err = errno;
			if (err != ENOENT && err != EACCES)
				return err;
		}
		if (!*end)
			return err;
	}
}

void
exec_appliance(const struct config *c)
{
	const char *env[MAX_ENV + 4];
	struct env_text text;
	int err;

	environment(c, env, &text);
	err = search(c->argv[0], (char *const *)c->argv, (char *const *)env);
	if (err == ENOENT) {
		say("%s: command not found", c->argv[0]);
		_exit(127);
	}
	say("%s: %s", c->argv[0], strerror(err));
	_exit(126);
}
