/* SPDX-License-Identifier: MIT */
/* Block devices by identity: boards enumerate mmcblk and sd devices in
 * varying orders, so root= may name the filesystem (LABEL=, UUID=) or the
 * partition (PARTUUID=) instead. Every block device of /sys/class/block
 * is read (blkid.h) until one matches; two that match are refused, not
 * guessed between: a stick with the root's label must not become the
 * root. Waited for on uevents, as a /dev path is. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "blkid.h"
#include "boot.h"

struct find {
	enum blkid_by by;
	const char *want;
	int sys;		/* /sys/class/block */
	char name[64];		/* the match, or "" */
	char type[16];
	unsigned matches;
	char other[64];		/* the second match, for the message */
};

/* The first bytes of /dev/name, as many as size: how many were read. */
static size_t
head(const char *name, unsigned char *buf, size_t size)
{
	char path[80];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return 0;
	n = pread(fd, buf, size, 0);
	close(fd);
	return n > 0 ? (size_t)n : 0;
}

/* The filesystem type at path, if its bytes say: "" when they do not. */
static void
typeof_path(const char *path, char *type, size_t size)
{
	unsigned char buf[BLKID_FS_BYTES];
	struct blkid id;
	ssize_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd >= 0) {
		n = pread(fd, buf, sizeof(buf), 0);
		close(fd);
	}
	if (n > 0 && blkid_fs(buf, (size_t)n, &id) == 0)
		snprintf(type, size, "%s", id.type);
}

/* The partition number of name and its disk's name, from sysfs: the
 * class link ends in .../block/<disk>/<name>. */
static int
partition_of(int sys, const char *name, unsigned *n, char *disk, size_t size)
{
	char buf[256], num[16] = "", *slash;
	ssize_t len;
	int fd;

	snprintf(buf, sizeof(buf), "%s/partition", name);
	fd = openat(sys, buf, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -ENOENT;
	len = read(fd, num, sizeof(num) - 1);
	close(fd);
	if (len <= 0 || parse_id(strtok(num, "\n"), n) < 0)
		return -ENOENT;
	len = readlinkat(sys, name, buf, sizeof(buf) - 1);
	if (len <= 0 || (size_t)len >= sizeof(buf) - 1)
		return -ENOENT;
	buf[len] = '\0';
	if (!(slash = strrchr(buf, '/')))
		return -ENOENT;
	*slash = '\0';
	slash = strrchr(buf, '/');
	slash = slash ? slash + 1 : buf;
	if (strlen(slash) >= size)
		return -ENOENT;
	strcpy(disk, slash);
	return 0;
}

/* Whether device name is the one wanted; its type in id when it is. */
static bool
matches(struct find *f, const char *name, struct blkid *id)
{
	unsigned char buf[BLKID_PT_BYTES];
	char disk[64], uuid[40];
	unsigned n;
	size_t len;

	if (f->by == BY_PARTUUID) {
		if (partition_of(f->sys, name, &n, disk, sizeof(disk)) < 0 ||
		    !(len = head(disk, buf, sizeof(buf))) ||
		    blkid_partuuid(buf, len, n, uuid, sizeof(uuid)) < 0 ||
		    !blkid_same(f->by, f->want, uuid))
			return false;
		len = head(name, buf, BLKID_FS_BYTES);
		if (blkid_fs(buf, len, id) < 0)
			memset(id, 0, sizeof(*id));
		return true;
	}
	len = head(name, buf, BLKID_FS_BYTES);
	return blkid_fs(buf, len, id) == 0 &&
	       blkid_same(f->by, f->want, f->by == BY_LABEL ? id->label :
			  id->uuid);
}

static void
look_at(int dfd, const char *name, unsigned char type, void *arg)
{
	struct find *f = arg;
	struct blkid id;

	if (name[0] == '.' || strlen(name) >= 60 || !matches(f, name, &id))
		return;
	if (f->matches++ == 0) {
		strcpy(f->name, name);
		strcpy(f->type, id.type);
	} else {
		strcpy(f->other, name);
	}
}

/* One pass over the block devices: 1 when exactly one matched. */
static int
look(void *arg)
{
	struct find *f = arg;

	f->matches = 0;
	lseek(f->sys, 0, SEEK_SET);
	each_entry(f->sys, look_at, f);
	if (f->matches > 1)
		return -EEXIST;
	return f->matches == 1;
}

int
boot_find_dev(const char *spec, unsigned timeout_ms, bool optional,
	      char *dev, size_t size, char *type, size_t tsize)
{
	struct find f = { .sys = -1 };
	int rc;

	*type = '\0';
	f.by = blkid_spec(spec, &f.want);
	if (f.by == BY_PATH) {
		rc = wait_path(spec, timeout_ms);
		if (rc == -ETIMEDOUT && optional)
			warn("%s: did not appear in time, skipped", spec);
		else if (rc < 0)
			say("%s: %s", spec, rc == -ETIMEDOUT ?
			    "did not appear in time" : strerror(-rc));
		if (rc < 0)
			return rc;
		snprintf(dev, size, "%s", spec);
		typeof_path(spec, type, tsize);
		return 0;
	}
	f.sys = open("/sys/class/block", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (f.sys < 0) {
		say("%s: /sys/class/block: %s", spec, strerror(errno));
		return -errno;
	}
	rc = wait_for(look, &f, timeout_ms);
	close(f.sys);
	if (rc == -EEXIST)
		say("%s: both %s and %s have it: refused, not guessed", spec,
		    f.name, f.other);
	else if (rc == -ETIMEDOUT && optional)
		warn("%s: no such device appeared in time, skipped", spec);
	else if (rc < 0)
		say("%s: no such device appeared in time", spec);
	if (rc < 0)
		return rc;
	snprintf(dev, size, "/dev/%s", f.name);
	snprintf(type, tsize, "%s", f.type);
	return 0;
}

/* The configured type, or what the device's bytes say it is; NULL, said,
 * when neither names one. */
const char *
boot_fstype(const char *spec, const char *configured, const char *probed,
	    const char *field)
{
	if (configured)
		return configured;
	if (*probed)
		return probed;
	say("%s: no filesystem nsinit knows (ext2/3/4, vfat, squashfs): "
	    "name it in %s", spec, field);
	return NULL;
}
