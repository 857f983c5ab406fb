/* SPDX-License-Identifier: MIT */
/* kmsg-app: the appliance of bench/boot.sh's no-module boots. Its first
 * act is a line in the kernel's log, whose timestamp marks when it ran;
 * then it ends with 0. */
#include <fcntl.h>
#include <unistd.h>

int
main(void)
{
	static const char line[] = "<6>nsinit-bench: the appliance runs\n";
	int fd = open("/dev/kmsg", O_WRONLY);

	if (fd < 0 || write(fd, line, sizeof(line) - 1) < 0)
		return 1;
	return 0;
}
