/* The configuration as it will run, checked before anything is touched. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "nsinit.h"
#include "rules.h"

#define RULE(ok, msg)							\
	if (!(ok)) {							\
		say("config", "%s", msg);				\
		return -EINVAL;						\
	}

/* with_rootfs: also that the rootfs is a directory (not for a machine
 * whose appliance runs without a container). */
int
config_check(const struct config *c, bool with_rootfs)
{
	struct stat st;
	size_t i;

	CONFIG_RULES(RULE, c)
	for (i = 0; i < c->nmounts; i++) {
		if (!c->mounts[i].source || c->mounts[i].source[0] != '/' ||
		    !c->mounts[i].target || c->mounts[i].target[0] != '/') {
			say("config", "mount %zu: source and target must be "
			    "absolute paths", i);
			return -EINVAL;
		}
	}
	if (!with_rootfs)
		return 0;
	if (stat(c->rootfs, &st) < 0) {
		say("config", "rootfs %s: %s", c->rootfs, strerror(errno));
		return -errno;
	}
	if (!S_ISDIR(st.st_mode)) {
		say("config", "rootfs %s: %s", c->rootfs, strerror(ENOTDIR));
		return -ENOTDIR;
	}
	return 0;
}
