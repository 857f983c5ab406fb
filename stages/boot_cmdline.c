/* The machine's init reads the kernel command line (cmdline.h parses it)
 * into its copy of the configuration. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "nsinit.h"

/* The nsinit.* words of the kernel command line override config.h (see
 * README.md). Read after /proc is mounted; kept for the machine's life,
 * as the overrides point into it. */
int
boot_cmdline(struct config *c)
{
	static char buf[4096];
	static struct cmdline cl;
	char why[160];
	ssize_t n = 0;
	int fd;

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
	if (cl.verbose >= 0)
		c->boot.verbose = cl.verbose;
	if (cl.exit >= 0)
		c->boot.on_exit = (enum boot_end)cl.exit;
	if (cl.rescue >= 0)
		c->boot.rescue = cl.rescue;
	if (cl.argc > 0)
		c->argv = (const char *const *)cl.argv;
	return 0;
}
