/* SPDX-License-Identifier: MIT */
/* procfs.h. The initial PID namespace has a fixed inode: asking a procfs
 * for ours beats guessing from the environment, and a procfs of our own
 * cannot be fooled. Someone else's procfs on /proc answers as well: its
 * "self" is this process whichever PID namespace it was made for, as
 * long as that namespace sees this process (ENOENT otherwise). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/magic.h>
#include <linux/mount.h>

#include "procfs.h"
#include "util.h"

#define PROC_PID_INIT_INO 0xEFFFFFFCU

/* A procfs of this process's PID namespace, detached: its fd, or -errno. */
static int
own(void)
{
	int fs, mnt;

	fs = (int)syscall(SYS_fsopen, "proc", FSOPEN_CLOEXEC);
	if (fs < 0)
		return -errno;
	if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		mnt = -errno;
	else if ((mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC,
				     MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
				     MOUNT_ATTR_NOEXEC)) < 0)
		mnt = -errno;
	close(fs);
	return mnt;
}

/* self/FILE in the procfs on procfd (closed), or -errno. */
static int
open_self(int procfd, const char *file, int flags)
{
	char path[64];
	struct statfs sf;
	int fd;

	if (procfd < 0)
		return procfd;
	snprintf(path, sizeof(path), "self/%s", file);
	if (fstatfs(procfd, &sf) < 0)
		fd = -errno;
	else if (sf.f_type != PROC_SUPER_MAGIC)
		fd = -ENODEV;
	else if ((fd = openat(procfd, path, flags | O_CLOEXEC)) < 0)
		fd = -errno;
	close(procfd);
	return fd;
}

static int
mounted(void)
{
	return openat2_in(AT_FDCWD, "/proc", O_PATH | O_DIRECTORY,
			  RESOLVE_NO_SYMLINKS);
}

int
procfs_self(const char *file, int flags)
{
	int fd = open_self(mounted(), file, flags);

	return fd >= 0 ? fd : open_self(own(), file, flags);
}

/* procfd, when its "self" is our own pid; else closed and -EXDEV */
static int
numbered_as_us(int procfd)
{
	char link[24], want[24];
	ssize_t n;

	if (procfd < 0)
		return procfd;
	n = readlinkat(procfd, "self", link, sizeof(link) - 1);
	snprintf(want, sizeof(want), "%d", (int)getpid());
	if (n > 0 && (link[n] = '\0', strcmp(link, want) == 0))
		return procfd;
	close(procfd);
	return -EXDEV;
}

int
procfs_self_pids(const char *file, int flags)
{
	int fd = open_self(numbered_as_us(mounted()), file, flags);

	return fd >= 0 ? fd : open_self(own(), file, flags);
}

/* fd (closed) is an nsfs file: 1 when of the initial PID namespace. */
static int
initial(int fd)
{
	struct statfs sf;
	struct stat st;
	int rc;

	if (fd < 0)
		return fd;
	if (fstatfs(fd, &sf) < 0 || fstat(fd, &st) < 0)
		rc = -errno;
	else
		rc = sf.f_type != NSFS_MAGIC ? -ENODEV :
		     st.st_ino == PROC_PID_INIT_INO;
	close(fd);
	return rc;
}

/* Our own procfs first: what cannot be fooled decides the machine. */
int
pidns_initial(void)
{
	int rc = initial(open_self(own(), "ns/pid", O_PATH));

	return rc >= 0 ? rc : initial(open_self(mounted(), "ns/pid", O_PATH));
}

int
procfs_attach(void)
{
	int fd = open_self(mounted(), "ns/pid", O_PATH), mnt, dir, rc = 0;

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	dir = mounted();
	if (dir < 0)
		return dir;
	mnt = own();
	if (mnt < 0)
		rc = mnt;
	else if (syscall(SYS_move_mount, mnt, "", dir, "",
			 MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		rc = -errno;
	if (mnt >= 0)
		close(mnt);
	close(dir);
	return rc;
}
