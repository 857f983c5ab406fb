/* SPDX-License-Identifier: MIT */
/* The machine's init reads the kernel command line (cmdline.h parses it)
 * into its copy of the configuration. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "cmdline.h"
#include "boot.h"

/* The mount flags an nsinit.mount= word may name among its options. */
static const struct {
	const char *word;
	unsigned long flag;
} flags[] = {
	{ "ro", MS_RDONLY }, { "nosuid", MS_NOSUID }, { "nodev", MS_NODEV },
	{ "noexec", MS_NOEXEC }, { "bind", MS_BIND },
};

/* "SOURCE:/TARGET[:OPTIONS]" (cmdline.c checked its shape) into m, split
 * in text, a copy kept for the machine's life: the flags' words become
 * flags, the other options stay the filesystem's. */
static void
split_mount(const char *word, char *text, size_t size, struct boot_mount *m)
{
	char *target, *opts, *o, *save = NULL, *out;
	size_t i;

	snprintf(text, size, "%s", word);	/* cmdline.c: it fits */
	target = strchr(text, ':');
	*target++ = '\0';
	opts = strchr(target, ':');
	if (opts)
		*opts++ = '\0';
	*m = (struct boot_mount){ .source = text, .target = target };
	if (!opts)
		return;
	out = opts;
	for (o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < LEN(flags) && strcmp(o, flags[i].word); i++)
			;
		if (i < LEN(flags)) {
			m->flags |= flags[i].flag;
			continue;
		}
		if (out != opts)
			*out++ = ',';
		memmove(out, o, strlen(o) + 1);
		out += strlen(out);
	}
	*out = '\0';
	m->options = *opts ? opts : NULL;
}

/* config.h's mounts, then the command line's. */
static int
add_mounts(struct config *c, const struct cmdline *cl)
{
	/* static: c points into them for the machine's life */
	static struct boot_mount all[BOOT_MOUNTS_MAX];
	static char text[CMDLINE_MOUNTS][CMDLINE_MOUNT_LEN];
	size_t n = c->boot.nmounts;
	int i;

	if (!cl->nmounts)
		return 0;
	if (n + (size_t)cl->nmounts > BOOT_MOUNTS_MAX) {
		say("nsinit.mount: more than %d mounts with config.h's",
		    BOOT_MOUNTS_MAX);
		return -E2BIG;
	}
	memcpy(all, c->boot.mounts, n * sizeof(*all));
	for (i = 0; i < cl->nmounts; i++)
		split_mount(cl->mounts[i], text[i], sizeof(text[i]), &all[n++]);
	c->boot.mounts = all;
	c->boot.nmounts = n;
	return 0;
}

/* Whether environment entries a and b ("NAME=...") name one variable. */
static bool
same_name(const char *a, const char *b)
{
	size_t n = strcspn(a, "=");

	return strncmp(a, b, n) == 0 && b[n] == '=';
}

/* config.h's environment with the command line's entries over it: one
 * of the same name is replaced, in its place; the others follow. */
static int
add_env(struct config *c, const struct cmdline *cl)
{
	static const char *env[64 + 1];	/* c points into it, as above */
	size_t n = 0, k;
	int i;

	if (!cl->nenv)
		return 0;
	for (k = 0; c->envp && c->envp[k]; k++) {
		if (n == LEN(env) - 1 - CMDLINE_ENV) {
			say("nsinit.env: config.h has more than %zu variables",
			    LEN(env) - 1 - CMDLINE_ENV);
			return -E2BIG;
		}
		env[n++] = c->envp[k];
	}
	for (i = 0; i < cl->nenv; i++) {
		for (k = 0; k < n && !same_name(cl->env[i], env[k]); k++)
			;
		env[k] = cl->env[i];
		if (k == n)
			n++;
	}
	env[n] = NULL;
	c->envp = env;
	return 0;
}

/* The nsinit.* words of the kernel command line override config.h (see
 * nsinit(8), KERNEL COMMAND LINE). Read after /proc is mounted; kept for the machine's life,
 * as the overrides point into it. */
int
edit_cmdline(struct config *c)
{
	static char buf[4096];
	static struct cmdline cl;
	char why[160];
	ssize_t n = 0;
	int fd, i;

	fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || (n = read(fd, buf, sizeof(buf) - 1)) < 0) {
		say("read /proc/cmdline: %s", strerror(errno));
		return -errno;
	}
	close(fd);
	buf[n] = '\0';
	if (cmdline_parse(buf, &cl, why, sizeof(why)) < 0) {
		say("%s", why);
		return -EINVAL;
	}
	if (cl.hostname)
		c->hostname = cl.hostname;
	if (cl.ip)
		c->boot.address = cl.ip;
	if (cl.gw)
		c->boot.gateway = cl.gw;
	if (cl.ifname)
		c->boot.iface = cl.ifname;
	if (cl.root)
		c->boot.root = cl.root;
	if (cl.overlay)
		c->boot.overlay = strcmp(cl.overlay, "none") ? cl.overlay : NULL;
	for (i = 0; i < 3; i++)
		if (cl.stdio[i])
			c->boot.stdio[i] = cl.stdio[i];
	if (cl.verbose >= 0)
		c->boot.verbose = cl.verbose;
	if (cl.exit >= 0)
		c->boot.on_exit = (enum boot_end)cl.exit;
	if (cl.rescue >= 0)
		c->boot.rescue = cl.rescue;
	if (cl.argc > 0)
		c->argv = (const char *const *)cl.argv;
	if (cl.cwd)
		c->workdir = cl.cwd;
	if (cl.user)
		c->user = cl.user;
	if (add_env(c, &cl) < 0)
		return -E2BIG;
	return add_mounts(c, &cl);
}
