/* SPDX-License-Identifier: MIT */
/* The machine's mounts (.boot.mounts, then the nsinit.mount= words), in
 * the final root and in order: block devices by path or by identity,
 * tmpfs, overlays, virtio-9p shares, binds. Each target is a directory reached without any symlink
 * (made when missing): a symlink on the disk could otherwise lead a mount
 * onto the machine's own /proc, /sys, /dev or /run, which switch_root put
 * there by fd for that reason. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/mount.h>

#include "fs.h"
#include "boot.h"

/* Every mount is nodev: what a disk or a share brings is not the
 * machine's, whose devices are in its own /dev (see root.c). */
static unsigned
attrs_of(unsigned long flags)
{
	return (flags & MS_RDONLY ? MOUNT_ATTR_RDONLY : 0) |
	       (flags & MS_NOSUID ? MOUNT_ATTR_NOSUID : 0) |
	       MOUNT_ATTR_NODEV |
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

/* A virtio-9p share's options: the transport and the protocol, a message
 * size as large as the kernel's virtio transport takes (fewer round trips
 * per read), then the mount's own. Its modules first: no device
 * announces a filesystem. */
const char *
boot_9p(const struct config *c, const char *options, char *buf, size_t size)
{
	modules_for(c, "fs-9p");
	modules_for(c, "9p-virtio");
	snprintf(buf, size, "trans=virtio,version=9p2000.L,msize=512000%s%s",
		 options ? "," : "", options ? options : "");
	return buf;
}

/* What a mount's source names (see struct boot_mount). */
enum kind { BIND, TMPFS, OVERLAY, NINEP, DEVICE };

static enum kind
kind_of(const struct boot_mount *m)
{
	if (m->flags & MS_BIND)
		return BIND;
	if (strcmp(m->source, "tmpfs") == 0)
		return TMPFS;
	if (strcmp(m->source, "overlay") == 0)
		return OVERLAY;
	if ((m->fstype && strcmp(m->fstype, "9p") == 0) ||
	    (m->source[0] != '/' && !strchr(m->source, '=')))
		return NINEP;
	return DEVICE;
}

/* A tmpfs over what the target holds now (a read-only share, say): the
 * appliance writes, the lower never changes. The upper is the machine's,
 * in /run/nsinit/overlay-N; the lower is reached through the target's
 * fd, not its path. */
static int
mount_overlay(const struct config *c, int root, size_t n,
	      const struct boot_mount *m, int fd)
{
	char dir[48], opts[160];
	int up, mfd = -1, rc;

	modules_for(c, "fs-overlay");
	snprintf(dir, sizeof(dir), "/run/nsinit/overlay-%zu", n);
	up = rc = fs_open_dir(root, dir);
	if (rc >= 0)
		rc = fs_mount("tmpfs", "mode=0755", 0, up, &mfd);
	if (rc >= 0 && (mkdirat(mfd, "upper", 0755) < 0 ||
			mkdirat(mfd, "work", 0755) < 0))
		rc = -errno;
	if (rc >= 0) {
		snprintf(opts, sizeof(opts), "lowerdir=/proc/self/fd/%d,"
			 "upperdir=%s/upper,workdir=%s/work", fd, dir, dir);
		rc = fs_mount("overlay", opts, attrs_of(m->flags), fd, NULL);
	}
	if (rc < 0)
		say("overlay on %s: %s", m->target, fs_strerror(rc));
	if (mfd >= 0)
		close(mfd);
	if (up >= 0)
		close(up);
	return rc;
}

static int
mount_9p(const struct config *c, const struct boot_mount *m, int fd)
{
	char opts[320];
	int rc;

	rc = fs_mount_from("9p", m->source, boot_9p(c, m->options, opts,
						   sizeof(opts)),
			   attrs_of(m->flags), fd, NULL);
	if (rc < 0)
		say("9p %s on %s: %s", m->source, m->target,
		    rc == -ENOENT ? "no such tag (QEMU's mount_tag=)" :
		    fs_strerror(rc));
	return rc;
}

/* The filesystems the mounts will need, for root.c to load from
 * the initramfs before switch_root (coldplug has no device that announces
 * a filesystem): each mount's type, or every type a device's bytes can
 * name. */
void
fstab_modules(const struct config *c)
{
	static const char *const probed[] = { "fs-ext4", "fs-vfat",
					      "fs-squashfs" };
	const struct boot_mount *m;
	char alias[24], opts[80];
	size_t i;
	bool any = false;

	for (i = 0; i < c->boot.nmounts; i++) {
		m = &c->boot.mounts[i];
		switch (kind_of(m)) {
		case NINEP:
			boot_9p(c, NULL, opts, sizeof(opts));
			break;
		case OVERLAY:
			modules_for(c, "fs-overlay");
			break;
		case DEVICE:
			if (!m->fstype) {
				any = true;
				break;
			}
			snprintf(alias, sizeof(alias), "fs-%s", m->fstype);
			modules_for(c, alias);
			break;
		default:
			break;
		}
	}
	for (i = 0; any && i < LEN(probed); i++)
		modules_for(c, probed[i]);
}

static int
mount_one(const struct config *c, int root, size_t n)
{
	const struct boot_mount *m = &c->boot.mounts[n];
	unsigned attrs = attrs_of(m->flags);
	int fd, rc;

	fd = fs_open_dir(root, m->target);
	if (fd < 0) {
		say("%s: %s", m->target, fs_strerror(fd));
		return fd;
	}
	switch (kind_of(m)) {
	case BIND:
		rc = fs_bind(AT_FDCWD, m->source, attrs, 0, fd);
		if (rc < 0)
			say("bind %s on %s: %s", m->source, m->target,
			    fs_strerror(rc));
		break;
	case TMPFS:
		rc = fs_mount("tmpfs", m->options, attrs, fd, NULL);
		if (rc < 0)
			say("tmpfs on %s: %s", m->target, fs_strerror(rc));
		break;
	case OVERLAY:
		rc = mount_overlay(c, root, n, m, fd);
		break;
	case NINEP:
		rc = mount_9p(c, m, fd);
		break;
	default:
		rc = mount_dev(c, m, fd);
	}
	close(fd);
	return rc < 0 ? rc : 0;
}

int
stage_machine_mounts(const struct config *c)
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
		rc = mount_one(c, root, i);
	close(root);
	return rc;
}
