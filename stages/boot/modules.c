/* SPDX-License-Identifier: MIT */
/* Kernel modules for the machine, from the image's own modules.dep:
 * dependencies first; already loaded and built-in ones are fine. With
 * .boot.modules_auto also those the hardware asks for, as coldplug does:
 * every modalias of /sys/devices against the image's modules.alias. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/module.h>

#include "modalias.h"
#include "moddep.h"
#include "boot.h"

/* File statics, on purpose (nsinit.h): PID 1 is single-threaded, and
 * what stage_modules finds serves later rows and waits until the seal.
 * dir: the modules' directory, written by stage_modules, emptied by
 * modules_seal (nothing loads after it); paths: a module's dependencies,
 * the scratch of modprobe and load_any (12 KiB, off PID 1's stack). */
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
load(const char *path, bool named)
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
		/* a driver the hardware's alias asked for may find no
		 * device of its own (crc32c_intel without SSE4.2) */
		if (named || rc != -ENODEV)
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

/* named: from the config, where a module that is not there is an error;
 * otherwise the hardware asked for it, and an image may leave it out. */
static int
modprobe(const char *name, bool named)
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
		if (named || n != -ENOENT)
			say("%s: %s", name, n == -ENOENT ?
			    "no such module in modules.dep" : strerror(-n));
		return n;
	}
	for (i = 0, rc = 0; i < n && rc == 0; i++)
		rc = load(paths[i], named);
	return rc;
}

#define AUTO_MODULES	192	/* modules the hardware may ask for, in a boot */
#define AUTO_ALIASES	128	/* distinct modaliases matched in one read */
#define AUTO_BYTES	16384	/* ...and their bytes */
#define AUTO_DEPTH	12	/* of /sys/devices; USB interfaces sit at ~7 */
#define AUTO_PASSES	8	/* a bus's driver brings its devices: look again */
#define SOFTDEPS	4

struct autoload {
	char tried[AUTO_MODULES][MODALIAS_NAME]; /* each module once, '_' */
	size_t ntried;
	const char *alias[AUTO_ALIASES];	/* the batch of modaliases */
	size_t nalias, used;
	char bytes[AUTO_BYTES];
};

static int
open_in_dir(const char *file)
{
	char path[sizeof(dir) + 32];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* Whether name is new to a->tried, which then holds it, '-' as '_'. */
static bool
first_time(struct autoload *a, const char *name)
{
	char norm[MODALIAS_NAME], *c;
	size_t i;

	snprintf(norm, sizeof(norm), "%s", name);
	for (c = norm; *c; c++)
		*c = *c == '-' ? '_' : *c;
	for (i = 0; i < a->ntried; i++)
		if (!strcmp(a->tried[i], norm))
			return false;
	if (a->ntried == AUTO_MODULES) {
		say("more than %d modules asked for: %s left out",
		    AUTO_MODULES, norm);
		return false;
	}
	memcpy(a->tried[a->ntried++], norm, strlen(norm) + 1);
	return true;
}

static int
take(const char *module, void *arg)
{
	(void)first_time(arg, module);
	return 0;
}

/* What modules.alias names for the batch of modaliases, into a->tried. */
static void
flush(struct autoload *a)
{
	int fd = open_in_dir("modules.alias"), rc;

	if (fd < 0)
		say("%s/modules.alias: %s", dir, strerror(errno));
	if (fd >= 0 && a->nalias) {
		rc = modalias_scan(fd, a->alias, a->nalias, take, a);
		if (rc < 0)
			say("%s/modules.alias: %s", dir, strerror(-rc));
	}
	if (fd >= 0)
		close(fd);
	a->nalias = a->used = 0;
}

/* A device directory's modalias, added to the batch unless it is there:
 * a batch that is full is matched first. */
static void
add_modalias(struct autoload *a, int dfd)
{
	char buf[1024];
	ssize_t n;
	size_t i;
	int fd = openat(dfd, "modalias", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 1 || n == sizeof(buf))
		return;		/* empty, or longer than any modalias */
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	for (i = 0; i < a->nalias; i++)
		if (!strcmp(a->alias[i], buf))
			return;
	n = (ssize_t)strlen(buf) + 1;
	if (a->nalias == AUTO_ALIASES || a->used + (size_t)n > AUTO_BYTES)
		flush(a);
	a->alias[a->nalias++] = memcpy(a->bytes + a->used, buf, (size_t)n);
	a->used += (size_t)n;
}

/* Every directory below dfd to depth AUTO_DEPTH, symlinks not followed
 * (sysfs links every device from its class and its driver too). */
struct walk {
	struct autoload *a;
	unsigned depth;
};

static void walk(struct autoload *a, int dfd, unsigned depth);

static void
walk_entry(int dfd, const char *name, unsigned char type, void *arg)
{
	struct walk *w = arg;
	int fd;

	if (type != DT_DIR || name[0] == '.')
		return;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	walk(w->a, fd, w->depth + 1);
	close(fd);
}

static void
walk(struct autoload *a, int dfd, unsigned depth)
{
	struct walk w = { .a = a, .depth = depth };

	add_modalias(a, dfd);
	if (depth < AUTO_DEPTH)
		each_entry(dfd, walk_entry, &w);
}

static void load_any(struct autoload *a, const char *name, unsigned depth);

/* One module the hardware (or a softdep) asked for: what modules.softdep
 * says goes first, then the module with its modules.dep line. */
static void
load_found(struct autoload *a, const char *name, unsigned depth)
{
	char pre[SOFTDEPS][MODALIAS_NAME], path[sizeof(dir) + 80];
	int fd = open_in_dir("modules.softdep"), n = 0, i;

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	if (access(path, F_OK) == 0) {
		if (fd >= 0)
			close(fd);
		return;		/* loaded already, or built in */
	}
	if (fd >= 0) {
		n = modalias_softdep(fd, name, pre, LEN(pre));
		close(fd);
	}
	for (i = 0; i < n; i++)
		load_any(a, pre[i], depth + 1);
	(void)modprobe(name, false);
}

/* A module's name or an alias ("fs-ext4", "crypto-crc32c"): the module
 * of that name, else every module whose alias pattern it matches, each
 * loaded unless it was tried already. Nothing matching is no error. */
static void
load_any(struct autoload *a, const char *name, unsigned depth)
{
	size_t from = a->ntried, to, i;
	int fd;

	if (depth > 2)
		return;		/* softdeps of softdeps: enough */
	fd = open_in_dir("modules.dep");
	if (fd >= 0 && moddep_resolve(fd, name, paths, LEN(paths)) != -ENOENT) {
		close(fd);
		if (first_time(a, name))
			load_found(a, a->tried[from], depth);
		return;
	}
	if (fd >= 0)
		close(fd);
	a->alias[0] = name;
	a->nalias = 1;
	flush(a);
	/* the softdeps of these are loaded on the way, once */
	for (i = from, to = a->ntried; i < to; i++)
		load_found(a, a->tried[i], depth);
}

/* Coldplug: the modules every device's modalias asks for; then again,
 * since a bus's driver (virtio_pci) makes its devices (virtio0) as it
 * loads, until a pass finds nothing new. */
static void
autoload(struct autoload *a)
{
	size_t from, to, i;
	int fd, pass;

	for (pass = 0; pass < AUTO_PASSES; pass++) {
		fd = open("/sys/devices", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			say("/sys/devices: %s", strerror(errno));
			return;
		}
		from = a->ntried;
		walk(a, fd, 0);
		close(fd);
		flush(a);
		to = a->ntried;
		if (from == to)
			return;
		for (i = from; i < to; i++)
			load_found(a, a->tried[i], 0);
	}
}

/* What the hardware asks for in a boot (file statics, as dir above):
 * the stage's coldplug, then what the root and mounts rows (modules_for)
 * and the waits (modules_uevent) load, each module tried once. Written
 * by those three; ~30 KiB of this file's own type, so not in struct
 * state, which every situation has. */
static struct autoload auto_state;
static bool auto_on;	/* .boot.modules_auto, for modules_uevent */

/* The modules for one alias, "fs-ext4", with .boot.modules_auto: for what
 * the hardware does not announce. Nothing matching is no error. */
void
modules_for(const struct config *c, const char *alias)
{
	if (c->boot.modules_auto && dir[0])
		load_any(&auto_state, alias, 0);
}

/* Before switch_root: from then on "/lib/modules" is the disk's, which
 * nsinit does not trust to give the kernel its code. */
void
modules_seal(void)
{
	dir[0] = '\0';
}

/* A device the kernel announced while init waits for one (wait_for): its
 * modalias's modules, as the coldplug would have loaded them, so that a
 * device that comes late (a bus that probes slowly, a hotplugged disk)
 * still gets its driver. Only with .boot.modules_auto, only before the
 * seal. */
void
modules_uevent(const char *modalias)
{
	if (auto_on && dir[0])
		load_any(&auto_state, modalias, 0);
}

int
stage_modules(const struct config *c)
{
	const char *const *m;
	struct utsname u;
	int rc = 0;

	if (!c->boot.modules && !c->boot.modules_auto)
		return 0;
	uname(&u);
	snprintf(dir, sizeof(dir), "/lib/modules/%s", u.release);
	for (m = c->boot.modules; m && *m && rc == 0; m++)
		rc = modprobe(*m, true);
	if (rc < 0 || !c->boot.modules_auto)
		return rc;
	/* without it nothing would load, and the waits would say less */
	rc = open_in_dir("modules.alias");
	if (rc < 0) {
		rc = -errno;
		say("%s/modules.alias: %s", dir, strerror(-rc));
		return rc;
	}
	close(rc);
	autoload(&auto_state);
	auto_on = true;
	return 0;
}
