/* SPDX-License-Identifier: MIT */
/* The configured bind mounts (host source, target inside the new root)
 * and tmpfs mounts, in the order of the list. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/mount.h>

#include "fs.h"
#include "container.h"

static unsigned
attrs_of(const struct bind_mount *m)
{
	return (m->readonly ? MOUNT_ATTR_RDONLY : 0) |
	       (m->nosuid ? MOUNT_ATTR_NOSUID : 0) |
	       (m->nodev || !m->dev ? MOUNT_ATTR_NODEV : 0) |
	       (m->noexec ? MOUNT_ATTR_NOEXEC : 0);
}

/* Propagation 0 is the root's: private, or slave with propagation_slave. */
static int
bind_one(const struct bind_mount *m, unsigned long propagation)
{
	struct stat st;
	int src, dst, rc;

	src = open(m->source, O_PATH | O_CLOEXEC);
	if (src < 0 && errno == ENOENT && m->optional) {
		warn("%s: no such source, skipped", m->source);
		return 0;
	}
	if (src < 0 || fstat(src, &st) < 0) {
		rc = -errno;
		say("%s: %s", m->source, strerror(-rc));
		if (src >= 0)
			close(src);
		return rc;
	}
	dst = fs_open(state.rootfd, m->target,
		      S_ISDIR(st.st_mode) ? FS_MKDIR : FS_MKFILE);
	if (dst < 0) {
		close(src);
		say("target %s: %s", m->target, strerror(-dst));
		return dst;
	}
	rc = fs_bind(src, "", attrs_of(m),
		     m->propagation ? m->propagation : propagation, dst);
	if (rc < 0)
		say("bind %s on %s: %s", m->source, m->target,
		    strerror(-rc));
	close(dst);
	close(src);
	return rc;
}

/* A new tmpfs on a directory of the image, made when missing: the target
 * is the image's, resolved inside the new root as a bind's is, so a
 * symlink cannot lead it (or the directories made on the way) out. */
static int
tmpfs_one(const struct bind_mount *m, unsigned long propagation)
{
	struct stat st;
	int dst, mnt = -1, rc;

	dst = fs_open(state.rootfd, m->target, FS_MKDIR);
	if (dst >= 0 && (fstat(dst, &st) < 0 || !S_ISDIR(st.st_mode))) {
		close(dst);
		dst = -ENOTDIR;
	}
	if (dst < 0) {
		say("target %s: %s", m->target, strerror(-dst));
		return dst;
	}
	rc = fs_mount("tmpfs", m->tmpfs, attrs_of(m), dst, &mnt);
	if (rc == 0 && m->propagation && m->propagation != propagation)
		rc = fs_setattr(mnt, "", 0, m->propagation, false);
	if (rc < 0)
		say("tmpfs on %s (%s): %s", m->target, m->tmpfs,
		    strerror(-rc));
	if (mnt >= 0)
		close(mnt);
	close(dst);
	return rc;
}

int
stage_binds(const struct config *c)
{
	unsigned long prop = c->propagation_slave ? MS_SLAVE : MS_PRIVATE;
	size_t i;
	int rc = 0;

	for (i = 0; i < c->nmounts && rc == 0; i++)
		rc = c->mounts[i].tmpfs ? tmpfs_one(&c->mounts[i], prop) :
					  bind_one(&c->mounts[i], prop);
	return rc;
}
