/* SPDX-License-Identifier: MIT */
/* The appliance's user: resolved in the container's own /etc/passwd and
 * /etc/group after the root switch (so the host's files never answer),
 * applied in the appliance's process before exec. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <linux/openat2.h>

#include "lines.h"
#include "nsinit.h"
#include "passwd.h"

struct want {
	const char *name;	/* look up by name, or else */
	unsigned id;		/* by id */
	struct pwent pw;
	bool found;
};

static int
match_passwd(char *line, void *arg)
{
	struct want *w = arg;

	if (passwd_line(line, &w->pw) < 0)
		return 0;
	if (w->name ? strcmp(w->name, w->pw.name) == 0 : w->pw.uid == w->id) {
		w->found = true;
		snprintf(state.user.name, sizeof(state.user.name), "%s", w->pw.name);
		snprintf(state.user.home, sizeof(state.user.home), "%s", w->pw.home);
		return 1;
	}
	return 0;
}

struct gwant {
	const char *name;	/* the group asked for by name, or NULL */
	bool found;
	unsigned gid;
	bool members;		/* the user's groups from the file: no .groups */
	bool root_ok;		/* root asked for by number: gid 0 may come */
	int err;
	char bad[32];		/* a group that gave gid 0, for the line */
};

static int
match_group(char *line, void *arg)
{
	struct gwant *g = arg;
	struct grent gr;

	if (group_line(line, &gr) < 0)
		return 0;
	if (g->name && strcmp(g->name, gr.name) == 0) {
		g->found = true;
		g->gid = gr.gid;
	}
	if (!g->members || !state.user.known ||
	    !member_of(gr.members, state.user.name))
		return 0;
	/* gid 0 never comes from the image's files */
	if (gr.gid == 0 && !g->root_ok) {
		if (!g->err)
			snprintf(g->bad, sizeof(g->bad), "%s", gr.name);
		g->err = -EPERM;
		return 0;	/* on: a group asked for by name says first */
	}
	if (state.user.ngroups == USER_GROUPS) {
		g->err = -E2BIG;
		return 1;
	}
	state.user.groups[state.user.ngroups++] = gr.gid;
	return 0;
}

#define IMAGE_FILE_MAX (1 << 20)	/* bytes: a bigger /etc/passwd is refused */
#define LARGER "larger than 1 MiB"

/* fd, open for reading, of the file the O_PATH fd pfd holds: reopened
 * through our own /proc/self/fd/N, which is that very inode (opening the
 * path again could meet another file swapped in since the check). The
 * procfs is the container's, through the fd the mounts stage kept; in
 * boot mode the machine's "/proc", seen to be a procfs. */
static int
reopen_read(int pfd)
{
	char path[32];
	struct statfs sf;
	int proc = state.procfd, fd;

	if (proc < 0 && (proc = open("/proc", O_PATH | O_DIRECTORY |
				     O_CLOEXEC)) < 0)
		return -errno;
	if (fstatfs(proc, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC) {
		fd = -ENODEV;
	} else {
		snprintf(path, sizeof(path), "self/fd/%d", pfd);
		fd = openat(proc, path, O_RDONLY | O_NONBLOCK | O_NOCTTY |
			    O_CLOEXEC);
		if (fd < 0)
			fd = -errno;
	}
	if (proc != state.procfd)
		close(proc);
	return fd;
}

/* A file of the image, open for reading: the fd, -ENOENT (unsaid) when
 * there is none, or -errno once said. The image is hostile: its file may
 * be a FIFO (an open for reading waits for a writer, forever), a device
 * node (open runs the driver's open as our root; /dev/zero never ends), a
 * symlink or a magic link out of the root, or huge. So it is resolved
 * inside "/" (after pivot the container's root; in boot mode the machine's
 * final root) with no magic link, opened O_PATH (which opens nothing: no
 * FIFO partner, no driver), checked with fstat to be a regular file of at
 * most IMAGE_FILE_MAX bytes, and only then reopened for reading, still
 * non-blocking. O_NONBLOCK on an open of the path alone is not enough: a
 * device's open would run all the same, before any fstat could refuse it. */
static int
image_open(const char *file)
{
	struct stat st;
	int root, pfd, fd;

	root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	pfd = root < 0 ? -errno : openat2_in(root, file, O_PATH,
				     RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
	fd = pfd < 0 ? pfd : 0;
	if (root >= 0)
		close(root);
	if (fd == -ENOENT)
		return fd;
	if (fd == 0 && fstat(pfd, &st) < 0)
		fd = -errno;
	if (fd < 0) {
		say("%s: %s", file, strerror(-fd));
	} else if (!S_ISREG(st.st_mode)) {
		say("%s: not a regular file", file);
		fd = -EINVAL;
	} else if (st.st_size > IMAGE_FILE_MAX) {
		say("%s: %s", file, LARGER);
		fd = -EFBIG;
	} else if ((fd = reopen_read(pfd)) < 0) {
		say("%s: %s", file, strerror(-fd));
	}
	if (pfd >= 0)
		close(pfd);
	return fd;
}

/* fn on each line of the image's file; none when it does not exist. */
static int
scan(const char *file, int (*fn)(char *, void *), void *arg)
{
	int fd = image_open(file);
	char line[1024];
	int rc;

	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return fd;
	rc = each_line_max(fd, line, sizeof(line), IMAGE_FILE_MAX, fn, arg);
	close(fd);
	if (rc < 0)
		say("%s: %s", file, rc == -EFBIG ? LARGER : strerror(-rc));
	return rc < 0 ? rc : 0;
}

/* The supplementary groups: .groups when config.h pins them (by number,
 * 0 among them if it says so), else those /etc/group lists the user in. */
static void
pinned_groups(const struct config *c)
{
	size_t i;

	for (i = 0; c->groups && i < c->ngroups; i++)
		state.user.groups[i] = c->groups[i];
	if (c->groups)
		state.user.ngroups = c->ngroups;
}

/* A gid of the image's group file that refused the user (said), or
 * another of its errors. */
static int
group_refused(const char *user, const struct gwant *g)
{
	if (g->err == -EPERM)
		say("%s: the container's /etc/group makes it a member of %s, "
		    "gid 0 (pin the groups with .groups)", user, g->bad);
	else
		say("%s: in more than %d groups of /etc/group", user,
		    USER_GROUPS);
	return g->err;
}

/* "name", "uid", "name:group", "uid:gid": a numeric string is an id, and
 * is never looked up as a name. Neither uid 0 nor gid 0 comes from the
 * image's files: only from config.h's numbers. */
static int
resolve(const struct config *c, const char *spec)
{
	char user[64], *group;
	struct want w = { 0 };
	struct gwant g = { 0 };
	int rc;

	if (strlen(spec) >= sizeof(user))
		return -ENAMETOOLONG;
	strcpy(user, spec);
	group = strchr(user, ':');
	if (group)
		*group++ = '\0';
	if (parse_id(user, &w.id) < 0)
		w.name = user;
	rc = scan("/etc/passwd", match_passwd, &w);
	if (rc < 0)
		return rc;
	if (w.name && !w.found) {
		say("%s: no such user in the container's /etc/passwd",
		    user);
		return -ENOENT;
	}
	/* a name is the image's to map: it must not make the configured
	 * user root (root is asked for as NULL or "0") */
	if (w.name && w.pw.uid == 0) {
		say("%s: the container's /etc/passwd gives it uid 0 "
		    "(root is asked for as NULL or \"0\")", user);
		return -EPERM;
	}
	state.user.known = w.found;
	state.user.uid = w.found ? w.pw.uid : w.id;
	/* an id unknown to passwd gets its own number as group, not root's */
	state.user.gid = w.found ? w.pw.gid : w.id;
	g.root_ok = !w.name && w.id == 0;
	if (group && parse_id(group, &state.user.gid) < 0)
		g.name = group;
	else if (group && state.user.gid == 0)
		g.root_ok = true;	/* gid 0 asked for by number */
	/* likewise the passwd file's primary group (0 is asked for as
	 * "user:0") */
	if (!group && state.user.gid == 0 && w.found && !g.root_ok) {
		say("%s: the container's /etc/passwd gives it gid 0 "
		    "(group 0 is asked for as \"%s:0\")", user, user);
		return -EPERM;
	}
	g.members = !c->groups;
	rc = scan("/etc/group", match_group, &g);
	if (rc < 0)
		return rc;
	pinned_groups(c);
	if (g.name && !g.found) {
		say("%s: no such group in the container's /etc/group",
		    g.name);
		return -ENOENT;
	}
	/* likewise for a group name (gid 0 is asked for as "user:0") */
	if (g.name && g.gid == 0) {
		say("%s: the container's /etc/group gives it gid 0 "
		    "(group 0 is asked for as \"%s:0\")", g.name, user);
		return -EPERM;
	}
	if (g.err < 0)
		return group_refused(user, &g);
	if (g.name)
		state.user.gid = g.gid;
	return 0;
}

int
stage_user(const struct config *c)
{
	if (!c->user) {
		strcpy(state.user.home, "/root");
		pinned_groups(c);
		return 0;
	}
	return resolve(c, c->user);
}

const char *
user_home(void)
{
	return state.user.home[0] ? state.user.home : "/";
}

/* Groups first, then gid, then uid: each step needs the privilege the
 * next one gives up. KEEPCAPS carries the permitted set over the uid
 * change; stage_caps_sets then trims it to the configured capabilities. */
int
stage_appliance_user(const struct config *c)
{
	gid_t groups[USER_GROUPS];
	size_t i;
	int err;

	for (i = 0; i < state.user.ngroups; i++)
		groups[i] = state.user.groups[i];
	if (setgroups(state.user.ngroups, groups) < 0 &&
	    !(errno == EPERM && state.user.ngroups == 0)) {
		say("setgroups: %s", strerror(errno));
		return -errno;
	}
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 ||
	    setresgid(state.user.gid, state.user.gid, state.user.gid) < 0 ||
	    setresuid(state.user.uid, state.user.uid, state.user.uid) < 0) {
		err = errno;
		say("switch to %u:%u: %s%s", state.user.uid, state.user.gid,
		    strerror(err), err == EPERM &&
		    !(cap_effective(CAP_SETUID) && cap_effective(CAP_SETGID)) ?
		    ": needs CAP_SETUID and CAP_SETGID, which init was not "
		    "given" : "");
		return -err;
	}
	/* a credential change clears the parent-death signal */
	return stage_pdeathsig(c);
}
