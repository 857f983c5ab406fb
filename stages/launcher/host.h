/* SPDX-License-Identifier: MIT */
/* The launcher (not PID 1): what it makes on the host for one container
 * and takes down again when the container has ended. All of it lives in
 * the launcher's struct launch (launch.c); on a failure each part leaves
 * nothing of itself behind. */
#ifndef NSINIT_HOST_H
#define NSINIT_HOST_H

#include <limits.h>
#include <net/if.h>

#include "nsinit.h"
#include "rtnl.h"

/* launch.c: the host side: 0 in the container's init, 1 in the
 * launcher once the container has ended, with its status; -1 when the
 * launcher gave up (said), with 255: its caller decides how to end */
int launch(const struct config *c, int *status);

/* cgroup.c: <cgroup2 mount><parent>/<launcher pid> */
struct host_cgroup {
	char path[PATH_MAX];	/* the cgroup2 mount, then down to the leaf */
	unsigned made;		/* trailing parent components made by us */
	bool leaf;		/* path ends in our leaf */
};

/* The container's cgroup (with a limit or a cgroup_parent), made with its
 * limits before the clone; *fd for CLONE_INTO_CGROUP, -1 when none is
 * configured. */
int cgroup_make(const struct config *c, struct host_cgroup *cg, int *fd);
void cgroup_remove(struct host_cgroup *cg);	/* once the container has ended */

/* net.c: what the launcher knows of each interface on the host */
struct host_if {
	char name[IFNAMSIZ];	/* the veth's host end, or the host interface */
	int index;		/* MOVE, MACVLAN: the host interface's; VETH:
				 * the host end's, as made (0: not known) */
	int bridge;		/* VETH: the bridge's index, or 0 */
	bool made;		/* a veth pair of ours, to delete */
	struct nl_link_info was;	/* MOVE: its MAC and MTU before */
	int inner;		/* MOVE: its index in the container, or 0 */
};

struct host_net {
	struct host_if ifs[NET_MAX];	/* as c->net */
	int ns;			/* the container's network namespace, held
				 * while an interface moved in is there; -1 */
};

/* The host side of the interfaces, pid being the container's init. */
int host_net_up(const struct config *c, struct host_net *hn, pid_t pid);
/* ...and its end: the host ends deleted, now (see net.c) */
void host_net_down(const struct config *c, struct host_net *hn);

#endif
