/* SPDX-License-Identifier: MIT */
/* The appliance's fds 0-2 of a machine (.boot.stdio, nsinit.stdin=,
 * nsinit.stdout=, nsinit.stderr=): a test VM's runner reads the command's
 * output apart from the console, where the kernel and init write. Init
 * keeps the console for itself; the appliance gets these. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "fs.h"
#include "boot.h"
#include "util.h"

static const char *const names[] = { "stdin", "stdout", "stderr" };

/* A tty (a serial port, a virtio console) would turn "\n" into "\r\n":
 * the bytes the appliance writes are to arrive as they are. */
static int
raw_output(int fd, const char *path)
{
	struct termios t;

	if (tcgetattr(fd, &t) < 0)
		return 0;	/* not a tty: nothing to do */
	t.c_oflag &= ~(tcflag_t)OPOST;
	if (tcsetattr(fd, TCSANOW, &t) < 0) {
		say("%s: raw output: %s", path, strerror(errno));
		return -errno;
	}
	return 0;
}

/* A file, a FIFO or a character device (a port): never a block device,
 * which a disk's node would be where nodev did not hold. */
static int
usable(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	return S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode) ||
	       S_ISCHR(st.st_mode) ? 0 : -EPERM;
}

/* A device may come after its driver was loaded (a virtio console's
 * ports are announced by the host): waited for as the root is. */
static int
open_one(const struct config *c, int i, const char *path)
{
	int fd, rc;

	if (strncmp(path, "/dev/", 5) == 0 &&
	    wait_path(path, c->boot.wait_ms) == -ETIMEDOUT) {
		say("%s %s: no such device after %u ms", names[i], path,
		    c->boot.wait_ms);
		return -ENODEV;
	}
	/* init opens it as root of the machine: a symlink on a disk would
	 * hand the appliance another disk, or /dev/mem; a FIFO would hold
	 * the boot until someone opened its other end */
	fd = openat2_in(AT_FDCWD, path, (i ? O_WRONLY : O_RDONLY) | O_NOCTTY |
			O_NONBLOCK, RESOLVE_NO_SYMLINKS);
	if (fd < 0) {
		say("%s %s: %s", names[i], path, fs_strerror(fd));
		return fd;
	}
	if ((rc = usable(fd)) < 0 ||
	    (fcntl(fd, F_SETFL, 0) < 0 && (rc = -errno))) { /* blocking */
		say("%s %s: %s", names[i], path, rc == -EPERM ?
		    "not a file, a FIFO or a character device, refused" :
		    strerror(-rc));
		close(fd);
		return rc;
	}
	if (i && (rc = raw_output(fd, path)) < 0) {
		close(fd);
		return rc;
	}
	state.stdio[i] = fd;
	return 0;
}

int
stage_stdio(const struct config *c)
{
	int i, rc;

	for (i = 0; i < 3; i++)
		if (c->boot.stdio[i] &&
		    (rc = open_one(c, i, c->boot.stdio[i])) < 0)
			return rc;
	return 0;
}

/* In the appliance's process, before its own setup: dup2 clears
 * close-on-exec on the copy only. */
void
boot_stdio_give(void)
{
	int i;

	for (i = 0; i < 3; i++)
		if (state.stdio[i] >= 0)
			(void)dup2(state.stdio[i], i);
}

/* The last bytes the appliance wrote leave the port before the power
 * goes: a tty's queue (not a file's) is waited for. */
void
boot_stdio_drain(void)
{
	int i;

	for (i = 1; i < 3; i++)
		if (state.stdio[i] >= 0)
			(void)tcdrain(state.stdio[i]);
}
