/* Kernel modules for the machine, from the image's own modules.dep:
 * dependencies first; already loaded and built-in ones are fine. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/module.h>

#include "moddep.h"
#include "nsinit.h"

static char dir[128];
static char paths[48][MODDEP_PATH];

static bool
compressed(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot && strcmp(dot, ".ko") != 0;
}

/* A compressed module goes to the kernel as it is: MODULE_INIT_COMPRESSED
 * _FILE asks the kernel to decompress it, which it can when
 * /sys/module/compression exists (CONFIG_MODULE_DECOMPRESS). */
static int
load(const char *path)
{
	char full[sizeof(dir) + MODDEP_PATH + 1];
	int fd, flags = 0, rc = 0;

	if ((size_t)snprintf(full, sizeof(full), "%s%s%s", path[0] == '/' ?
			     "" : dir, path[0] == '/' ? "" : "/", path) >=
	    sizeof(full))
		return -ENAMETOOLONG;
	if (compressed(path)) {
		if (access("/sys/module/compression", F_OK) < 0) {
			say("%s: compressed, and this kernel cannot "
			    "decompress modules", full);
			return -ENOEXEC;
		}
		flags = MODULE_INIT_COMPRESSED_FILE;
	}
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || (syscall(SYS_finit_module, fd, "", flags) < 0 &&
		       errno != EEXIST)) {
		rc = -errno;
		say("load %s: %s", full, strerror(errno));
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Neither in modules.dep nor a file: built in, or already there. */
static int
builtin(const char *name)
{
	char path[sizeof(dir) + 32];
	int fd, rc;

	snprintf(path, sizeof(path), "%s/modules.builtin", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	rc = fd < 0 ? -ENOENT : moddep_builtin(fd, name);
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return rc == 0 || access(path, F_OK) == 0 ? 0 : -ENOENT;
}

static int
modprobe(const char *name)
{
	char path[sizeof(dir) + 16];
	int fd, n, i, rc;

	snprintf(path, sizeof(path), "%s/modules.dep", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		say("%s: %s", path, strerror(errno));
		return -errno;
	}
	n = moddep_resolve(fd, name, paths, LEN(paths));
	close(fd);
	if (n == -ENOENT && builtin(name) == 0)
		return 0;
	if (n < 0) {
		say("%s: %s", name, n == -ENOENT ?
		    "no such module in modules.dep" : strerror(-n));
		return n;
	}
	for (i = 0, rc = 0; i < n && rc == 0; i++)
		rc = load(paths[i]);
	return rc;
}

int
stage_modules(const struct config *c)
{
	const char *const *m;
	struct utsname u;
	int rc = 0;

	if (!c->boot.modules)
		return 0;
	uname(&u);
	snprintf(dir, sizeof(dir), "/lib/modules/%s", u.release);
	for (m = c->boot.modules; *m && rc == 0; m++)
		rc = modprobe(*m);
	return rc;
}
