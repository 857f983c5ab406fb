/* The machine's mounts (.boot.mounts, then the nsinit.mount= words), in
 * the final root and in order: block devices by path or by identity,
 * tmpfs, binds. Each target is a directory reached without any symlink
 * (made when missing): a symlink on the disk could otherwise lead a mount
 * onto the machine's own /proc, /sys, /dev or /run, which switch_root put
 * there by fd for that reason. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <linux/mount.h>

#include "fs.h"
#include "nsinit.h"

static unsigned
attrs_of(unsigned long flags)
{
	return (flags & MS_RDONLY ? MOUNT_ATTR_RDONLY : 0) |
	       (flags & MS_NOSUID ? MOUNT_ATTR_NOSUID : 0) |
	       (flags & MS_NODEV ? MOUNT_ATTR_NODEV : 0) |
	       (flags & MS_NOEXEC ? MOUNT_ATTR_NOEXEC : 0);
}

/* A block device's filesystem on fd: 1 when an optional one did not
 * appear (skipped, said), 0, or -errno (said). */
static int
mount_dev(const struct config *c, const struct boot_mount *m, int fd)
{
	const struct boot *b = &c->boot;
	char dev[80], type[16], alias[24];
	const char *fstype;
	int rc;

	rc = boot_find_dev(m->source, b->wait_ms, m->optional, dev,
			   sizeof(dev), type, sizeof(type));
	if (rc == -ETIMEDOUT && m->optional)
		return 1;
	if (rc < 0)
		return rc;
	fstype = boot_fstype(m->source, m->fstype, type, ".fstype");
	if (!fstype)
		return -EINVAL;
	snprintf(alias, sizeof(alias), "fs-%s", fstype);
	modules_for(c, alias);	/* none after switch_root: see there */
	rc = fs_mount_from(fstype, dev, m->options, attrs_of(m->flags), fd,
			   NULL);
	if (rc < 0)
		say("mount %s (%s) on %s: %s", m->source, fstype, m->target,
		    fs_strerror(rc));
	return rc;
}

static int
mount_one(const struct config *c, int root, const struct boot_mount *m)
{
	unsigned attrs = attrs_of(m->flags);
	int fd, rc;

	fd = fs_open_dir(root, m->target);
	if (fd < 0) {
		say("%s: %s", m->target, fs_strerror(fd));
		return fd;
	}
	if (m->flags & MS_BIND) {
		rc = fs_bind(AT_FDCWD, m->source, attrs, 0, fd);
		if (rc < 0)
			say("bind %s on %s: %s", m->source, m->target,
			    fs_strerror(rc));
	} else if (strcmp(m->source, "tmpfs") == 0) {
		rc = fs_mount("tmpfs", m->options, attrs, fd, NULL);
		if (rc < 0)
			say("tmpfs on %s: %s", m->target, fs_strerror(rc));
	} else {
		rc = mount_dev(c, m, fd);
	}
	close(fd);
	return rc < 0 ? rc : 0;
}

int
stage_fstab(const struct config *c)
{
	const struct boot *b = &c->boot;
	size_t i;
	int root, rc = 0;

	if (!b->nmounts)
		return 0;
	/* all of them checked before the first is mounted */
	for (i = 0; i < b->nmounts; i++) {
		if (!b->mounts[i].source || !b->mounts[i].source[0] ||
		    !b->mounts[i].target || b->mounts[i].target[0] != '/') {
			say("mount %zu: needs a source and an absolute "
			    "target", i);
			return -EINVAL;
		}
	}
	root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0) {
		say("open /: %s", strerror(errno));
		return -errno;
	}
	for (i = 0; i < b->nmounts && rc == 0; i++)
		rc = mount_one(c, root, &b->mounts[i]);
	close(root);
	return rc;
}
