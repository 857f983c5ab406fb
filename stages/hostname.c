/* SPDX-License-Identifier: MIT */
/* Host and domain name, in the container's own UTS namespace (config.h
 * cannot ask for them without CLONE_NEWUTS). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "nsinit.h"

int
stage_hostname(const struct config *c)
{
	if (c->hostname && sethostname(c->hostname, strlen(c->hostname)) < 0) {
		say("set %s: %s", c->hostname, strerror(errno));
		return -errno;
	}
	if (c->domainname &&
	    setdomainname(c->domainname, strlen(c->domainname)) < 0) {
		say("set domain %s: %s", c->domainname,
		    strerror(errno));
		return -errno;
	}
	return 0;
}
