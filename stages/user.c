/* The appliance's user: resolved in the container's own /etc/passwd and
 * /etc/group after the root switch (so the host's files never answer),
 * applied in the appliance's process before exec. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "nsinit.h"
#include "passwd.h"

#define MAX_GROUPS 64

static struct {
	unsigned uid, gid;
	unsigned groups[MAX_GROUPS];
	size_t ngroups;
	char name[64];
	char home[256];
	bool known;	/* found in /etc/passwd */
} who;

static char linebuf[1024];

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
		snprintf(who.name, sizeof(who.name), "%s", w->pw.name);
		snprintf(who.home, sizeof(who.home), "%s", w->pw.home);
		return 1;
	}
	return 0;
}

struct gwant {
	const char *name;	/* the group asked for by name, or NULL */
	bool found;
	unsigned gid;
	int err;
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
	if (who.known && member_of(gr.members, who.name)) {
		if (who.ngroups == MAX_GROUPS) {
			g->err = -E2BIG;
			return 1;
		}
		who.groups[who.ngroups++] = gr.gid;
	}
	return 0;
}

static int
scan(const char *file, int (*fn)(char *, void *), void *arg)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	int rc;

	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	rc = each_line(fd, linebuf, sizeof(linebuf), fn, arg);
	close(fd);
	return rc < 0 ? rc : 0;
}

/* "name", "uid", "name:group", "uid:gid": a numeric string is an id, and
 * is never looked up as a name. */
static int
resolve(const char *spec)
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
	if (rc < 0) {
		say("user", "read /etc/passwd: %s", strerror(-rc));
		return rc;
	}
	if (w.name && !w.found) {
		say("user", "%s: no such user in the container's /etc/passwd",
		    user);
		return -ENOENT;
	}
	who.known = w.found;
	who.uid = w.found ? w.pw.uid : w.id;
	/* an id unknown to passwd gets its own number as group, not root's */
	who.gid = w.found ? w.pw.gid : w.id;
	if (group && parse_id(group, &who.gid) < 0)
		g.name = group;
	rc = scan("/etc/group", match_group, &g);
	if (rc == 0)
		rc = g.err;
	if (rc < 0) {
		say("user", "read /etc/group for %s: %s", user, strerror(-rc));
		return rc;
	}
	if (g.name && !g.found) {
		say("user", "%s: no such group in the container's /etc/group",
		    g.name);
		return -ENOENT;
	}
	if (g.name)
		who.gid = g.gid;
	return 0;
}

int
stage_user(const struct config *c)
{
	if (!c->user) {
		strcpy(who.home, "/root");
		return 0;
	}
	return resolve(c->user);
}

const char *
user_home(void)
{
	return who.home[0] ? who.home : "/";
}

/* Groups first, then gid, then uid: each step needs the privilege the
 * next one gives up. KEEPCAPS carries the permitted set over the uid
 * change; stage_caps then trims it to the configured capabilities. */
int
stage_setuser(const struct config *c)
{
	gid_t groups[MAX_GROUPS];
	size_t i;

	for (i = 0; i < who.ngroups; i++)
		groups[i] = who.groups[i];
	if (setgroups(who.ngroups, groups) < 0 &&
	    !(errno == EPERM && who.ngroups == 0)) {
		say("user", "setgroups: %s", strerror(errno));
		return -errno;
	}
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 ||
	    setresgid(who.gid, who.gid, who.gid) < 0 ||
	    setresuid(who.uid, who.uid, who.uid) < 0) {
		say("user", "switch to %u:%u: %s", who.uid, who.gid,
		    strerror(errno));
		return -errno;
	}
	/* a credential change clears the parent-death signal */
	return stage_pdeathsig(c);
}
