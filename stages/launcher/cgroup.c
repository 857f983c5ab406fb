/* SPDX-License-Identifier: MIT */
/* The container's cgroup, on the unified (v2) hierarchy, made by the
 * launcher before the clone so that the container's init starts inside
 * it (CLONE_INTO_CGROUP) with its limits already written:
 * <cgroup2 mount><parent>/<launcher pid>. A cgroup that hands controllers
 * to its children may hold no processes of its own (the "no internal
 * processes" rule), so the container gets a leaf in a parent made for
 * containers, and the controllers its limits need are enabled on the way
 * down. On a hybrid host the cgroup2 mount is found where it is (e.g.
 * /sys/fs/cgroup/unified). After the container, and on any failure, what
 * was made is removed again. */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "host.h"
#include "lines.h"
#include "mountinfo.h"

#define DEFAULT_PARENT "/nsinit"

/* The limits, in the order of limit_values(). */
static const struct {
	const char *controller, *file;
} limits[] = {
	{ "memory", "memory.max" },
	{ "pids",   "pids.max" },
	{ "cpu",    "cpu.max" },
};

static void
limit_values(const struct config *c, const char *v[LEN(limits)])
{
	v[0] = c->memory_max;
	v[1] = c->pids_max;
	v[2] = c->cpu_max;
}

/* The first cgroup2 mount of mountinfo. */
static int
match_cgroup2(char *line, void *arg)
{
	struct host_cgroup *cg = arg;
	struct mountinfo m;

	if (mountinfo_line(line, &m) < 0 || strcmp(m.fstype, "cgroup2") != 0 ||
	    strlen(m.mountpoint) >= sizeof(cg->path) / 2)
		return 0;
	strcpy(cg->path, m.mountpoint);
	return 1;
}

/* The first cgroup2 mount: /sys/fs/cgroup, or its unified part on a
 * hybrid host. */
static int
find_mount(struct host_cgroup *cg)
{
	char line[4096];
	int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0) {
		say("/proc/self/mountinfo: %s", strerror(errno));
		return -errno;
	}
	cg->path[0] = '\0';
	rc = each_line(fd, line, sizeof(line), match_cgroup2, cg);
	close(fd);
	if (rc < 0) {
		say("read /proc/self/mountinfo: %s", strerror(-rc));
		return rc;
	}
	if (!cg->path[0]) {
		say("no cgroup2 filesystem is mounted: the "
		    "container's cgroup needs one");
		return -ENOENT;
	}
	return 0;
}

static int
write_file(struct host_cgroup *cg, const char *file, const char *value)
{
	char path[sizeof(cg->path) + 32];

	if (snprintf(path, sizeof(path), "%s/%s", cg->path, file) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	return write_file_at(AT_FDCWD, path, 0, value);
}

static bool
listed(struct host_cgroup *cg, const char *file, const char *word)
{
	char path[sizeof(cg->path) + 32], buf[512];
	size_t n = strlen(word);
	ssize_t len;
	char *s;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", cg->path, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[len > 0 ? len : 0] = '\0';
	for (s = buf; (s = strstr(s, word)); s += n)
		if ((s == buf || s[-1] == ' ') &&
		    (s[n] == ' ' || s[n] == '\n' || !s[n]))
			return true;
	return false;
}

/* The controllers of the configured limits, for the children of the
 * cgroup at cg->path. A cgroup with processes of its own cannot hand them
 * on (EBUSY), the root excepted; on a hybrid host a controller bound to
 * a v1 hierarchy is not there at all (ENOENT). */
static int
enable(struct host_cgroup *cg, const struct config *c)
{
	const char *v[LEN(limits)];
	char plus[16];
	size_t i;
	int rc;

	limit_values(c, v);
	for (i = 0; i < LEN(limits); i++) {
		if (!v[i] || listed(cg, "cgroup.subtree_control",
				    limits[i].controller))
			continue;
		snprintf(plus, sizeof(plus), "+%s", limits[i].controller);
		rc = write_file(cg, "cgroup.subtree_control", plus);
		if (rc == 0)
			continue;
		if (!listed(cg, "cgroup.controllers", limits[i].controller))
			say("%s: no %s controller on this cgroup2 "
			    "hierarchy%s", cg->path, limits[i].controller,
			    rc == -ENOENT ? " (bound to a cgroup v1 "
			    "hierarchy?)" : "");
		else
			say("%s: enable %s for its children: %s%s",
			    cg->path, limits[i].controller, strerror(-rc),
			    rc == -EBUSY ? " (it has processes of its own: "
			    "choose another cgroup_parent)" : "");
		return rc;
	}
	return 0;
}

/* Append "/name" (n bytes of it) to cg->path. */
static int
down(struct host_cgroup *cg, const char *name, size_t n)
{
	size_t len = strlen(cg->path);

	if (len + 1 + n >= sizeof(cg->path)) {
		say("%s/%.*s: %s", cg->path, (int)n, name,
		    strerror(ENAMETOOLONG));
		return -ENAMETOOLONG;
	}
	cg->path[len] = '/';
	memcpy(cg->path + len + 1, name, n);
	cg->path[len + 1 + n] = '\0';
	return 0;
}

static void
up(struct host_cgroup *cg)
{
	*strrchr(cg->path, '/') = '\0';
}

/* One component of the parent: made, or there already as a cgroup (in
 * one we made, only its interface files can be). */
static int
make_dir(struct host_cgroup *cg)
{
	struct stat st;
	int rc;

	if (mkdir(cg->path, 0755) == 0) {
		cg->made++;
		return 0;
	}
	rc = -errno;
	if (rc == -EEXIST && stat(cg->path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	if (rc == -EEXIST)
		say("%s: not a cgroup", cg->path);
	else
		say("make %s: %s", cg->path, strerror(-rc));
	up(cg);
	return rc == -EEXIST ? -ENOTDIR : rc;
}

/* A launcher killed by SIGKILL cannot remove its leaf: the container
 * dies with it (parent-death signal), the empty leaf stays. Such a leaf
 * is named after a pid that no longer runs; rmdir takes only an empty
 * cgroup (no process, no child), so nothing in use goes. (The leaf of a
 * launcher in another PID namespace, whose pid we cannot see, is empty
 * only between its mkdir and its clone.) */
static bool
stale(const char *name)
{
	size_t n = strspn(name, "0123456789");
	long pid;

	if (n == 0 || n > 9 || name[n])
		return false;
	pid = strtol(name, NULL, 10);
	return pid > 0 && kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

static void
remove_stale(int dfd, const char *name, unsigned char type, void *arg)
{
	if (type == DT_DIR && stale(name))
		(void)unlinkat(dfd, name, AT_REMOVEDIR);
}

/* The stale leaves in the parent at cg->path, removed (not at the
 * cgroup2 root, where numbered cgroups may be someone else's). */
static void
sweep(struct host_cgroup *cg, const char *mount_end)
{
	int fd;

	if (!*mount_end)
		return;
	fd = open(cg->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	each_entry(fd, remove_stale, NULL);
	close(fd);
}

/* The leaf: made, or, when one of that name is there, taken over if it
 * is empty: a launcher with this pid before us was killed (our pid is
 * ours: no live launcher of this namespace has it). */
static int
make_leaf(struct host_cgroup *cg, const char *leaf)
{
	int rc;

	if ((rc = down(cg, leaf, strlen(leaf))) < 0)
		return rc;
	if (mkdir(cg->path, 0755) < 0 &&
	    (errno != EEXIST || rmdir(cg->path) < 0 || mkdir(cg->path, 0755) < 0)) {
		rc = -errno;
		say("make %s: %s", cg->path, strerror(errno));
		up(cg);
		return rc;
	}
	cg->leaf = true;
	return 0;
}

/* Down the parent's path, making what is missing and enabling the
 * controllers at each level, then the leaf itself. */
static int
make_path(struct host_cgroup *cg, const struct config *c, const char *leaf)
{
	const char *p = c->cgroup_parent ? c->cgroup_parent : DEFAULT_PARENT;
	size_t n, mount_len = strlen(cg->path);
	int rc;

	for (;;) {
		if ((rc = enable(cg, c)) < 0)
			return rc;
		p += strspn(p, "/");
		if (!*p)
			break;
		n = strcspn(p, "/");
		if ((rc = down(cg, p, n)) < 0)
			return rc;
		p += n;
		if ((rc = make_dir(cg)) < 0)
			return rc;
	}
	sweep(cg, cg->path + mount_len);
	return make_leaf(cg, leaf);
}

static int
write_limits(struct host_cgroup *cg, const struct config *c)
{
	const char *v[LEN(limits)];
	size_t i;
	int rc;

	limit_values(c, v);
	for (i = 0; i < LEN(limits); i++) {
		if (!v[i])
			continue;
		rc = write_file(cg, limits[i].file, v[i]);
		if (rc < 0) {
			say("%s/%s: write \"%s\": %s", cg->path,
			    limits[i].file, v[i], strerror(-rc));
			return rc;
		}
	}
	return 0;
}

/* memory.max bounds the container's memory in RAM only: without swap
 * accounting's own limit it could go on into swap as far as the host
 * has any. With memory_max set, its swap is 0: the limit is the whole of
 * it. A kernel without swap accounting has no memory.swap.max (and
 * charges no swap to anyone): nothing to write. */
static int
no_swap(struct host_cgroup *cg, const struct config *c)
{
	int rc;

	if (!c->memory_max || strcmp(c->memory_max, "max") == 0)
		return 0;
	rc = write_file(cg, "memory.swap.max", "0");
	if (rc == -ENOENT)
		return 0;
	if (rc < 0)
		say("%s/memory.swap.max: write \"0\": %s", cg->path,
		    strerror(-rc));
	return rc;
}

int
cgroup_make(const struct config *c, struct host_cgroup *cg, int *fd)
{
	LOG_AS("cgroup");
	char leaf[16];
	int rc;

	*fd = -1;
	if (!cgroup_wanted(c))
		return 0;
	snprintf(leaf, sizeof(leaf), "%d", (int)getpid());
	rc = find_mount(cg);
	if (rc == 0)
		rc = make_path(cg, c, leaf);
	if (rc == 0)
		rc = write_limits(cg, c);
	if (rc == 0)
		rc = no_swap(cg, c);
	if (rc == 0 && (*fd = open(cg->path, O_RDONLY | O_DIRECTORY |
				   O_CLOEXEC)) < 0) {
		rc = -errno;
		say("open %s: %s", cg->path, strerror(errno));
	}
	if (rc < 0)
		cgroup_remove(cg);
	return rc;
}

/* The leaf is empty once the container's init has been reaped: its PID
 * namespace went with it. An exiting task may still hold the cgroup for
 * a moment (EBUSY): try again, for a second at most. */
static int
remove_leaf(struct host_cgroup *cg)
{
	struct timespec tick = { .tv_nsec = 10000000 };
	int i;

	for (i = 0; rmdir(cg->path) < 0; i++) {
		if (errno != EBUSY || i == 100) {
			warn("remove %s: %s", cg->path,
			     strerror(errno));
			return -errno;
		}
		nanosleep(&tick, NULL);
	}
	return 0;
}

/* The leaf, then the parents we made, unless another container has
 * made its own leaf in one since (then it stays, theirs). */
void
cgroup_remove(struct host_cgroup *cg)
{
	LOG_AS("cgroup");

	if (cg->leaf) {
		cg->leaf = false;
		if (remove_leaf(cg) < 0)
			cg->made = 0;
		up(cg);
	}
	while (cg->made > 0 && rmdir(cg->path) == 0) {
		cg->made--;
		up(cg);
	}
	cg->made = 0;
	cg->path[0] = '\0';
}
